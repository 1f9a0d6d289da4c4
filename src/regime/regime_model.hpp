// regime/regime_model: the classifier (a one-hidden-layer tanh network over the standardized
// feature vector, softmax over the six regimes) and the parameters of the temporal filter
// that turns its per-candle probabilities into a steady regime. The numbers themselves are in
// regime_model_weights.hpp, produced by tools/regime/fit_regime_model.cpp.
#pragma once

#include <array>
#include <cmath>

#include "core/market_regime.hpp"
#include "regime/regime_features.hpp"

namespace alphapulse::regime {

inline constexpr int kRegimeCount = core::kMarketRegimeCount;
inline constexpr int kHiddenUnits = 32;
using RegimeProbabilities = std::array<double, kRegimeCount>;

struct RegimeNetwork {
  std::array<double, kFeatureCount> input_mean{};
  std::array<double, kFeatureCount> input_scale{};  // 1 / standard deviation
  std::array<std::array<double, kFeatureCount>, kHiddenUnits> hidden_weights{};
  std::array<double, kHiddenUnits> hidden_bias{};
  std::array<std::array<double, kHiddenUnits>, kRegimeCount> output_weights{};
  std::array<double, kRegimeCount> output_bias{};
};

// Hidden activations for a feature vector (the trainer needs them for back-propagation).
inline void hidden_activations(const RegimeNetwork& net, const FeatureVector& x,
                               std::array<double, kHiddenUnits>& hidden) noexcept {
  std::array<double, kFeatureCount> z;
  for (int i = 0; i < kFeatureCount; ++i) z[i] = (x[i] - net.input_mean[i]) * net.input_scale[i];
  for (int h = 0; h < kHiddenUnits; ++h) {
    double a = net.hidden_bias[h];
    for (int i = 0; i < kFeatureCount; ++i) a += net.hidden_weights[h][i] * z[i];
    hidden[h] = std::tanh(a);
  }
}

inline void output_probabilities(const RegimeNetwork& net,
                                 const std::array<double, kHiddenUnits>& hidden,
                                 RegimeProbabilities& p) noexcept {
  double top = -1e300;
  for (int k = 0; k < kRegimeCount; ++k) {
    double a = net.output_bias[k];
    for (int h = 0; h < kHiddenUnits; ++h) a += net.output_weights[k][h] * hidden[h];
    p[k] = a;
    top = a > top ? a : top;
  }
  double total = 0;
  for (double& v : p) total += (v = std::exp(v - top));
  for (double& v : p) v /= total;
}

inline RegimeProbabilities classify(const RegimeNetwork& net, const FeatureVector& x) noexcept {
  std::array<double, kHiddenUnits> hidden;
  hidden_activations(net, x, hidden);
  RegimeProbabilities p;
  output_probabilities(net, hidden, p);
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
};

}  // namespace alphapulse::regime
