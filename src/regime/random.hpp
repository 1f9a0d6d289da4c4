// regime/random: the generator's random numbers. Our own uniform/normal/Student-t on top of
// std::mt19937_64 (whose output sequence the standard fixes), so a seed gives the same series
// with every standard library: std::normal_distribution's algorithm is implementation-defined.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace alphapulse::regime {

class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [lo, hi], both included (like Python's randint).
  std::int64_t integer(std::int64_t lo, std::int64_t hi) noexcept {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(engine_() % span);  // bias < span / 2^64: negligible
  }

  // Standard normal by the polar Box-Muller method; the second value of each pair is kept.
  double normal() noexcept {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0, v = 0, s = 0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }
  double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

  // Student-t with 4 degrees of freedom scaled to unit variance (as regime_synth.py does it:
  // z / sqrt(chi2_4 / 4), divided by sqrt(df / (df - 2)) = sqrt(2)).
  double student_t4() noexcept {
    const double z = normal();
    double chi2 = 0;
    for (int i = 0; i < 4; ++i) {
      const double g = normal();
      chi2 += g * g;
    }
    return z / std::sqrt(chi2 / 4.0) / std::sqrt(2.0);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace alphapulse::regime
