// regime/regime_model: the classifier (a one-hidden-layer network over the standardized feature
// vector, hidden activation fast_math::soft_clip (a rational tanh), softmax over the six regimes)
// and the parameters of the temporal filter that turns its per-candle probabilities into a
// steady regime. The numbers themselves are in regime_model_weights.hpp, produced by
// tools/regime/fit_regime_model.cpp.
#pragma once

#include <array>
#include <cmath>

#include "core/market_regime.hpp"
#include "regime/fast_math.hpp"
#include "regime/regime_features.hpp"

namespace alphapulse::regime {

inline constexpr int kRegimeCount = core::kMarketRegimeCount;
inline constexpr int kHiddenUnits = 48;
using RegimeProbabilities = std::array<double, kRegimeCount>;

struct RegimeNetwork {
  std::array<double, kFeatureCount> input_mean{};
  std::array<double, kFeatureCount> input_scale{};  // 1 / standard deviation
  std::array<std::array<double, kFeatureCount>, kHiddenUnits> hidden_weights{};
  std::array<double, kHiddenUnits> hidden_bias{};
  std::array<std::array<double, kHiddenUnits>, kRegimeCount> output_weights{};
  std::array<double, kRegimeCount> output_bias{};
};

// The activation and the softmax use regime/fast_math (inline, vectorizable); training and
// inference share these functions, so the fitted weights see exactly the activation they were
// fitted with.
inline double hidden_activation(double a) noexcept {
  return fast_math::soft_clip(a);
}
inline double hidden_activation_derivative(double a) noexcept {
  return fast_math::soft_clip_derivative(a);
}

// Hidden activations for a feature vector (the trainer needs them, and the pre-activations, for
// back-propagation).
inline void hidden_activations(
    const RegimeNetwork& net, const FeatureVector& x, std::array<double, kHiddenUnits>& hidden,
    std::array<double, kHiddenUnits>* pre_activations = nullptr) noexcept {
  std::array<double, kFeatureCount> z;
  for (int i = 0; i < kFeatureCount; ++i) z[i] = (x[i] - net.input_mean[i]) * net.input_scale[i];
  for (int h = 0; h < kHiddenUnits; ++h) {
    double a = net.hidden_bias[h];
    for (int i = 0; i < kFeatureCount; ++i) a += net.hidden_weights[h][i] * z[i];
    if (pre_activations) (*pre_activations)[h] = a;
    hidden[h] = hidden_activation(a);
  }
}

// Softmax of the output layer's activations, in place.
inline void softmax(RegimeProbabilities& p) noexcept {
  double top = p[0];
  for (int k = 1; k < kRegimeCount; ++k) top = p[k] > top ? p[k] : top;
  double total = 0;
  for (double& v : p) total += (v = fast_math::exp_fast(v - top));
  for (double& v : p) v /= total;
}

inline void output_probabilities(const RegimeNetwork& net,
                                 const std::array<double, kHiddenUnits>& hidden,
                                 RegimeProbabilities& p) noexcept {
  for (int k = 0; k < kRegimeCount; ++k) {
    double a = net.output_bias[k];
    for (int h = 0; h < kHiddenUnits; ++h) a += net.output_weights[k][h] * hidden[h];
    p[k] = a;
  }
  softmax(p);
}

inline RegimeProbabilities classify(const RegimeNetwork& net, const FeatureVector& x) noexcept {
  std::array<double, kHiddenUnits> hidden;
  hidden_activations(net, x, hidden);
  RegimeProbabilities p;
  output_probabilities(net, hidden, p);
  return p;
}

// The same network laid out for the per-candle path: weights transposed so that the inner loops
// run over units with unit stride (a[h] += w[i][h] * z[i] for all h at once), in float, and
// evaluated by network_logits (regime_model.cpp) eight units per vector: the two matrix products
// were half of the detector's per-candle cost. Each unit sums its inputs in the order
// i = 0, 1, ..., and each output its units in four fixed interleaved partial sums, so every
// vector width gives the same bits. Float sums of ~40 terms of size ~1 differ from the trainer's
// double classify(RegimeNetwork) by ~1e-6 in the probabilities; the fitting tool tunes the filter
// on this kernel's output, so the selection sees the deployed arithmetic. Output units are padded
// to 8 (one vector).
struct RegimeNetworkKernel {
  static constexpr int kPaddedOutputs = 8;
  // The input standardization (x - mean) * scale is folded into the first layer (computed in
  // double when the kernel is built): weight w * scale, bias b - sum of w * scale * mean; the
  // per-candle path then only converts the features to float.
  alignas(32)
      std::array<std::array<float, kHiddenUnits>, kFeatureCount> hidden_weights{};  // [input][unit]
  alignas(32) std::array<float, kHiddenUnits> hidden_bias{};
  alignas(32)
      std::array<std::array<float, kPaddedOutputs>, kHiddenUnits> output_weights{};  // [unit][out]
  alignas(32) std::array<float, kPaddedOutputs> output_bias{};

  constexpr explicit RegimeNetworkKernel(const RegimeNetwork& net) {
    for (int h = 0; h < kHiddenUnits; ++h) {
      double bias = net.hidden_bias[h];
      for (int i = 0; i < kFeatureCount; ++i) {
        const double weight = net.hidden_weights[h][i] * net.input_scale[i];
        hidden_weights[i][h] = static_cast<float>(weight);
        bias -= weight * net.input_mean[i];
      }
      hidden_bias[h] = static_cast<float>(bias);
      for (int k = 0; k < kRegimeCount; ++k)
        output_weights[h][k] = static_cast<float>(net.output_weights[k][h]);
    }
    for (int k = 0; k < kRegimeCount; ++k) output_bias[k] = static_cast<float>(net.output_bias[k]);
  }
};
static_assert(kHiddenUnits % 8 == 0, "network_logits works on whole vectors of eight units");

// The output layer's activations (before the softmax) of the float kernel. Compiled twice
// (regime_model.cpp, REGIME_AVX2_CLONES of regime/cpu_dispatch.hpp): an AVX2 version (one
// instruction per eight units) chosen once at load time where the CPU has it, and the baseline
// x86-64 one (two SSE2 instructions per eight units); the same arithmetic per unit, so the same
// bits.
using RegimeLogits = std::array<float, kRegimeCount>;
RegimeLogits network_logits(const RegimeNetworkKernel& net, const FeatureVector& x) noexcept;

// The kernel's probabilities (the fitting tool and the tests; the detector's filter reads the
// logits directly).
inline RegimeProbabilities classify(const RegimeNetworkKernel& net,
                                    const FeatureVector& x) noexcept {
  const RegimeLogits logits = network_logits(net, x);
  RegimeProbabilities p;
  for (int k = 0; k < kRegimeCount; ++k) p[k] = logits[k];
  softmax(p);
  return p;
}

// The temporal filter (docs/regime.md "Filter and hysteresis"): a hidden-Markov forward pass
// over the network's probabilities, then a confirmation rule.
struct RegimeFilterParams {
  // Exponent on the network's likelihood ratios: consecutive candles share most of their
  // windows, so their evidence is far from independent; < 1 discounts it.
  double evidence_weight = 0.3;
  // Prior probability per candle of leaving the current regime (about 1 / mean segment length).
  double switch_probability = 0.01;
  // A challenger must be the filter's most probable regime this many candles in a row.
  int confirm_candles = 3;
  // Segments last long (80+ candles for every regime but breakouts): for the first
  // settle_candles candles of a detected regime the switch probability is this instead, so a
  // fresh decision is not undone by the next noisy candles. settle_candles = 0: off.
  double early_switch_probability = 0.01;
  int settle_candles = 0;
  // How much of the class prior the evidence divides out: (q(j) / prior(j)^c)^w. c = 1 is the
  // textbook likelihood ratio (the network's q is a posterior under the training frequencies);
  // c = 0 leaves the training frequencies in, so with little smoothing the decision is the
  // network's own argmax, which is what maximizes accuracy when the stream has those
  // frequencies.
  double prior_correction = 1.0;
};

}  // namespace alphapulse::regime
