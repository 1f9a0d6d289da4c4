// regime/regime_model: the float network kernel of the per-candle path (see regime_model.hpp).
#include "regime/regime_model.hpp"

#include <cstring>

#include "regime/cpu_dispatch.hpp"

namespace alphapulse::regime {
namespace {

// Eight floats: one AVX register, or two SSE2 registers in the baseline build (GCC vector
// extension; lane-wise IEEE arithmetic, exactly the scalar operations per lane).
using Lanes = float __attribute__((vector_size(32)));
constexpr int kLanes = 8;
constexpr int kHiddenVectors = kHiddenUnits / kLanes;

// (By reference: a function returning a 32-byte vector would have a different ABI per clone.)
inline void load(Lanes& v, const float* p) noexcept {
  std::memcpy(&v, p, sizeof v);
}

}  // namespace

REGIME_AVX2_CLONES RegimeLogits network_logits(const RegimeNetworkKernel& net,
                                               const FeatureVector& x) noexcept {
  // How GCC 12 is steered (none of it changes an operation; the same bits): the bias loop
  // unrolled (otherwise it was a copy loop through the stack, ~40 instructions); the inputs and
  // the activations through memory (compiler barriers), so that each is broadcast by one load
  // instead of two register shuffles; the input loop unrolled by 9 (its counter, compare and
  // branch were a sixth of it; unrolled fully, GCC switches to register broadcasts and spills).
  // Together 807 -> 640 instructions per call.
  Lanes sums[kHiddenVectors];
#pragma GCC unroll 8
  for (int v = 0; v < kHiddenVectors; ++v) load(sums[v], &net.hidden_bias[v * kLanes]);
  float inputs[kFeatureCount];
  for (int i = 0; i < kFeatureCount; ++i) inputs[i] = static_cast<float>(x[i]);
  asm volatile("" : : "r"(inputs) : "memory");
#pragma GCC unroll 9
  for (int i = 0; i < kFeatureCount; ++i) {
    const float z = inputs[i];
    const float* row = net.hidden_weights[i].data();
    for (int v = 0; v < kHiddenVectors; ++v) {
      Lanes weights;
      load(weights, row + v * kLanes);
      sums[v] += weights * z;
    }
  }
  // hidden_activation (fast_math::soft_clip) per unit, in float.
  alignas(32) float hidden[kHiddenUnits];
  for (int v = 0; v < kHiddenVectors; ++v) {
    const Lanes a = sums[v];
    const Lanes c = a < -3.0f ? Lanes{} - 3.0f : (a > 3.0f ? Lanes{} + 3.0f : a);
    const Lanes c2 = c * c;
    const Lanes activation = c * (27.0f + c2) / (27.0f + 9.0f * c2);
    std::memcpy(&hidden[v * kLanes], &activation, sizeof activation);
  }
  asm volatile("" : : "r"(hidden) : "memory");  // (see the top)
  // Four partial sums (units h = 0, 4, 8, ... in the first, 1, 5, 9, ... in the second, ...)
  // instead of one: a single accumulator is a chain of one dependent addition per unit, which was
  // most of the kernel's time. A fixed order, so every vector width still gives the same bits.
  constexpr int kPartialSums = 4;
  Lanes partial[kPartialSums] = {};
  for (int h = 0; h < kHiddenUnits; h += kPartialSums) {
    for (int j = 0; j < kPartialSums; ++j) {
      Lanes weights;
      load(weights, net.output_weights[h + j].data());
      partial[j] += weights * hidden[h + j];
    }
  }
  Lanes bias;
  load(bias, net.output_bias.data());
  const Lanes out = bias + ((partial[0] + partial[1]) + (partial[2] + partial[3]));
  alignas(32) float out_values[kLanes];
  std::memcpy(out_values, &out, sizeof out);
  RegimeLogits logits;
  for (int k = 0; k < kRegimeCount; ++k) logits[k] = out_values[k];
  return logits;
}

}  // namespace alphapulse::regime
