// regime/regime_stacker: the float kernel of the second-stage classifier (see the header).
#include "regime/regime_stacker.hpp"

#include <cstring>

#include "regime/cpu_dispatch.hpp"

namespace alphapulse::regime {
namespace {

using Lanes = float __attribute__((vector_size(32)));

inline void load(Lanes& v, const float* p) noexcept {
  std::memcpy(&v, p, sizeof v);
}

}  // namespace

REGIME_AVX2_CLONES RegimeLogits stacked_logits(const RegimeStackKernel& net,
                                               const RegimeLogitHistory& history) noexcept {
  Lanes hidden_sum, skip_sum;
  load(hidden_sum, net.hidden_bias.data());
  load(skip_sum, net.output_bias.data());
  for (std::size_t l = 0; l < kStackLags.size(); ++l) {
    const float* e = history.entry(kStackLags[l]);
    for (int k = 0; k < kRegimeCount; ++k) {
      const int i = static_cast<int>(l) * kRegimeCount + k;
      const float x = e[k];
      Lanes weights;
      if constexpr (kStackHidden > 0) {
        load(weights, net.hidden_weights[i].data());
        hidden_sum += weights * x;
      }
      load(weights, net.skip_weights[i].data());
      skip_sum += weights * x;
    }
  }
  Lanes out = skip_sum;
  if constexpr (kStackHidden > 0) {
    const Lanes a = hidden_sum;
    const Lanes c = a < -3.0f ? Lanes{} - 3.0f : (a > 3.0f ? Lanes{} + 3.0f : a);
    const Lanes c2 = c * c;
    const Lanes activation = c * (27.0f + c2) / (27.0f + 9.0f * c2);
    alignas(32) float hidden[8];
    std::memcpy(hidden, &activation, sizeof activation);
    Lanes partial[2] = {};
    for (int h = 0; h < kStackHidden; h += 2) {
      for (int j = 0; j < 2; ++j) {
        Lanes weights;
        load(weights, net.output_weights[h + j].data());
        partial[j] += weights * hidden[h + j];
      }
    }
    out += partial[0] + partial[1];
  }
  alignas(32) float values[8];
  std::memcpy(values, &out, sizeof out);
  RegimeLogits logits;
  for (int k = 0; k < kRegimeCount; ++k) logits[k] = values[k];
  return logits;
}

}  // namespace alphapulse::regime
