// regime/fast_math: exp, log and tanh for the regime detector's per-candle path, as inline,
// branch-free functions of plain double arithmetic and integer bit operations.
//
// Why not <cmath>: the detector evaluated 32 tanh, 6 exp, 6 pow and 12 log per candle; the
// libm calls (out of line, with special-case branches) were most of the pipeline's time. These
// inline into the callers' loops, and GCC vectorizes them with plain SSE2 (no -march, no
// -ffast-math: the arithmetic below is exactly what is written, so results are the same on
// every x86-64 and under -ffp-contract=off).
//
// Accuracy (a one-off check against glibc on 10^7 random arguments): exp_fast and log_fast
// within 1 ulp (exp on [-700, 700], log on [1e-300, 2e300]). The regime network is fitted with
// these same functions (tools/regime/fit_regime_model calls the same hidden_activations and
// filter), so training and inference agree.
//
// Domains (preconditions, not checked): exp_fast for x in [-708, 709]; log_fast for positive
// normal x (log_checked sends anything else to std::log).
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace alphapulse::regime::fast_math {

// exp(x): x = k ln2 + r with |r| <= ln2 / 2, exp(r) by its Taylor polynomial to degree
// `Degree`, 2^k put straight into the exponent bits. Truncation relative to exp(r): below 5e-18
// at degree 13, 7e-12 at degree 9.
template <int Degree>
inline double exp_taylor(double x) noexcept {
  constexpr double kInvLn2 = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // fdlibm's split of ln 2
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  // Adding 1.5 * 2^52 rounds x / ln2 to the nearest integer k and leaves k (two's
  // complement) in the low mantissa bits; the same sum minus the shifter is k as a double.
  constexpr double kShifter = 0x1.8p52;
  const double shifted = x * kInvLn2 + kShifter;
  const double k = shifted - kShifter;
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // Horner from 1 / Degree! down to 1 (the coefficients are exact constant expressions).
  constexpr std::array<double, Degree + 1> kInverseFactorial = [] {
    std::array<double, Degree + 1> c{};
    double factorial = 1.0;
    for (int i = 0; i <= Degree; ++i) {
      if (i > 0) factorial *= i;
      c[static_cast<std::size_t>(i)] = 1.0 / factorial;
    }
    return c;
  }();
  double p = kInverseFactorial[Degree];
  for (int i = Degree - 1; i >= 0; --i) p = p * r + kInverseFactorial[static_cast<std::size_t>(i)];
  // 2^k: k's low bits shifted into the exponent field, plus the bias of 1.0.
  const std::uint64_t scale_bits =
      (std::bit_cast<std::uint64_t>(shifted) << 52) + std::bit_cast<std::uint64_t>(1.0);
  return p * std::bit_cast<double>(scale_bits);
}

// Within 1 ulp (see the top of the file): the network's softmax and the filter.
inline double exp_fast(double x) noexcept {
  return exp_taylor<13>(x);
}

// Within about 1e-11 relative, four fewer multiply-adds than exp_fast: for the change point's
// run weights, which only rank runs and give one log(1 + p) feature, and whose exp is a third of
// that step's instructions.
inline double exp_relaxed(double x) noexcept {
  return exp_taylor<9>(x);
}

// log(x), the fdlibm/musl algorithm: x = 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)),
// log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f), R a minimax polynomial.
inline double log_fast(double x) noexcept {
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01,
                   kLg3 = 2.857142874366239149e-01, kLg4 = 2.222219843214978396e-01,
                   kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                   kLg7 = 1.479819860511658591e-01;
  // Shift the mantissa range so that the exponent field gives k for 1 + f in [0.7071, 1.4142).
  const std::uint64_t bits =
      std::bit_cast<std::uint64_t>(x) + (0x3ff0000000000000ULL - 0x3fe6a09e00000000ULL);
  // k = exponent field - 1023, converted without an int64 -> double instruction (SSE2 has
  // none, which would stop vectorization): OR the field into the mantissa of 2^52.
  const double k = (std::bit_cast<double>((bits >> 52) | 0x4330000000000000ULL) - 0x1p52) - 1023.0;
  const double m = std::bit_cast<double>((bits & 0x000fffffffffffffULL) + 0x3fe6a09e00000000ULL);
  const double f = m - 1.0;
  const double half_f2 = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  return s * (half_f2 + r) + k * kLn2Lo - half_f2 + f + k * kLn2Hi;
}

// log for arguments that may be outside log_fast's domain (zero, subnormal, inf, NaN).
inline bool in_log_domain(double x) noexcept {
  return x >= 0x1p-1022 && x < 0x1p1023;
}
inline double log_checked(double x) noexcept {
  return in_log_domain(x) ? log_fast(x) : std::log(x);
}

// The regime network's activation: the [3/2] Pade approximant of tanh, x (27 + x^2) / (27 + 9 x^2),
// on [-3, 3] and +-1 beyond. It meets +-1 at +-3 with zero slope (continuous derivative), is
// within 0.024 of tanh everywhere, and costs one division instead of an exp. The network is
// fitted with this function and its derivative (tools/regime/fit_regime_model), not with tanh.
inline double soft_clip(double x) noexcept {
  const double c = x < -3.0 ? -3.0 : (x > 3.0 ? 3.0 : x);
  const double c2 = c * c;
  return c * (27.0 + c2) / (27.0 + 9.0 * c2);
}
// d soft_clip / dx = ((9 - x^2) / (3 (3 + x^2)))^2 on [-3, 3], 0 beyond.
inline double soft_clip_derivative(double x) noexcept {
  const double c = x < -3.0 ? -3.0 : (x > 3.0 ? 3.0 : x);
  const double c2 = c * c;
  const double d = (9.0 - c2) / (3.0 * (3.0 + c2));
  return d * d;
}
// soft_clip over an array, in place, the same values element by element. Two loops on purpose:
// with the clamp and the rational in one loop body GCC 12 may turn the clamp into branches (it
// specializes the saturated paths) and then cannot vectorize; apart, both loops vectorize.
template <std::size_t N>
inline void soft_clip(std::array<double, N>& values) noexcept {
  std::array<double, N> c;
  for (std::size_t i = 0; i < N; ++i)
    c[i] = values[i] < -3.0 ? -3.0 : (values[i] > 3.0 ? 3.0 : values[i]);
  for (std::size_t i = 0; i < N; ++i) {
    const double c2 = c[i] * c[i];
    values[i] = c[i] * (27.0 + c2) / (27.0 + 9.0 * c2);
  }
}

// The same in float, for the per-candle network kernel (four units per SSE2 instruction); it
// differs from the double version by float rounding only (~1e-7).
template <std::size_t N>
inline void soft_clip(std::array<float, N>& values) noexcept {
  std::array<float, N> c;
  for (std::size_t i = 0; i < N; ++i)
    c[i] = values[i] < -3.0f ? -3.0f : (values[i] > 3.0f ? 3.0f : values[i]);
  for (std::size_t i = 0; i < N; ++i) {
    const float c2 = c[i] * c[i];
    values[i] = c[i] * (27.0f + c2) / (27.0f + 9.0f * c2);
  }
}

}  // namespace alphapulse::regime::fast_math
