// regime/regime_stacker: a second, small classifier over the first network's recent outputs.
// The first network sees one candle's windows; the stacker sees how its verdict has moved over
// the last kStackLags candles (e.g. "ranging 40 candles ago, a trend since"), which carries the
// generator's segment structure (minimum lengths, the next regime differs from the last) that a
// per-candle network cannot see. Its logits replace the first network's as the filter's evidence.
//
// Input: for each lag L in kStackLags, the first network's logits L candles ago minus their top
// logit (log probability ratios to the best regime, so shift-free), floored at kStackLogitFloor.
// Network: kStackHidden soft_clip units plus a linear skip from the inputs to the outputs.
// O(1) per candle: a ring of the last kStackHistory logit vectors, fixed size.
#pragma once

#include <array>
#include <cstdint>

#include "regime/fast_math.hpp"
#include "regime/regime_model.hpp"

namespace alphapulse::regime {

inline constexpr std::array<int, 4> kStackLags = {0, 10, 20, 40};
inline constexpr int kStackInputs = static_cast<int>(kStackLags.size()) * kRegimeCount;
inline constexpr int kStackHidden = 8;
inline constexpr float kStackLogitFloor = -20.0f;
using StackInput = std::array<float, kStackInputs>;

// The last kStackHistory logit vectors (padded to eight floats, one vector). Until a lag has
// history, the oldest vector stands in for it (the ring starts filled with the first one).
class RegimeLogitHistory {
 public:
  static constexpr std::size_t kStackHistory = 128;  // > the largest lag; a power of two
  static_assert(kStackHistory > static_cast<std::size_t>(kStackLags.back()));

  void push(const RegimeLogits& logits) noexcept {
    std::array<float, 8> entry{};
    float top = logits[0];
    for (int k = 1; k < kRegimeCount; ++k) top = logits[k] > top ? logits[k] : top;
    for (int k = 0; k < kRegimeCount; ++k) {
      const float below = logits[k] - top;
      entry[k] = below > kStackLogitFloor ? below : kStackLogitFloor;
    }
    if (count_ == 0) ring_.fill(entry);
    ring_[static_cast<std::size_t>(count_) % kStackHistory] = entry;
    ++count_;
  }
  // The entry `lag` candles back (its first kRegimeCount floats); precondition: one push.
  const float* entry(int lag) const noexcept {
    const std::int64_t back = count_ - 1 - lag;
    return ring_[static_cast<std::size_t>(back < 0 ? 0 : back) % kStackHistory].data();
  }
  // The stacker's input as one array (the fitting tool; the kernel reads the entries).
  StackInput input() const noexcept {
    StackInput x;
    for (std::size_t l = 0; l < kStackLags.size(); ++l) {
      const float* e = entry(kStackLags[l]);
      for (int k = 0; k < kRegimeCount; ++k) x[l * kRegimeCount + k] = e[k];
    }
    return x;
  }
  std::int64_t count() const noexcept { return count_; }

 private:
  std::array<std::array<float, 8>, kStackHistory> ring_{};
  std::int64_t count_ = 0;
};

// The stacker in double, as the fitting tool trains it.
struct RegimeStackNetwork {
  std::array<double, kStackInputs> input_mean{};
  std::array<double, kStackInputs> input_scale{};
  std::array<std::array<double, kStackInputs>, kStackHidden> hidden_weights{};
  std::array<double, kStackHidden> hidden_bias{};
  std::array<std::array<double, kStackHidden>, kRegimeCount> output_weights{};
  std::array<std::array<double, kStackInputs>, kRegimeCount> skip_weights{};
  std::array<double, kRegimeCount> output_bias{};
};

// Logits (before the softmax) in double; pre_activations and hidden for back-propagation.
inline std::array<double, kRegimeCount> stack_logits_exact(
    const RegimeStackNetwork& net, const StackInput& x,
    std::array<double, kStackHidden>* pre_activations = nullptr,
    std::array<double, kStackHidden>* hidden_out = nullptr) noexcept {
  std::array<double, kStackInputs> z;
  for (int i = 0; i < kStackInputs; ++i) z[i] = (x[i] - net.input_mean[i]) * net.input_scale[i];
  std::array<double, kStackHidden> hidden;
  for (int h = 0; h < kStackHidden; ++h) {
    double a = net.hidden_bias[h];
    for (int i = 0; i < kStackInputs; ++i) a += net.hidden_weights[h][i] * z[i];
    if (pre_activations) (*pre_activations)[h] = a;
    hidden[h] = fast_math::soft_clip(a);
  }
  if (hidden_out) *hidden_out = hidden;
  std::array<double, kRegimeCount> out;
  for (int k = 0; k < kRegimeCount; ++k) {
    double a = net.output_bias[k];
    for (int h = 0; h < kStackHidden; ++h) a += net.output_weights[k][h] * hidden[h];
    for (int i = 0; i < kStackInputs; ++i) a += net.skip_weights[k][i] * z[i];
    out[k] = a;
  }
  return out;
}

// The per-candle layout: float, standardization folded into the first layer and the skip,
// one vector of eight per input row (kStackHidden units; six outputs padded to eight).
struct RegimeStackKernel {
  static_assert(kStackHidden == 0 || kStackHidden == 8,
                "stacked_logits works on one vector of eight units, or none");
  alignas(32) std::array<std::array<float, 8>, kStackInputs> hidden_weights{};  // [input][unit]
  alignas(32) std::array<float, 8> hidden_bias{};
  alignas(32) std::array<std::array<float, 8>, kStackInputs> skip_weights{};  // [input][out]
  alignas(32) std::array<std::array<float, 8>, kStackHidden> output_weights{};  // [unit][out]
  alignas(32) std::array<float, 8> output_bias{};

  constexpr explicit RegimeStackKernel(const RegimeStackNetwork& net) {
    for (int h = 0; h < kStackHidden; ++h) {
      double bias = net.hidden_bias[h];
      for (int i = 0; i < kStackInputs; ++i) {
        const double weight = net.hidden_weights[h][i] * net.input_scale[i];
        hidden_weights[i][h] = static_cast<float>(weight);
        bias -= weight * net.input_mean[i];
      }
      hidden_bias[h] = static_cast<float>(bias);
      for (int k = 0; k < kRegimeCount; ++k)
        output_weights[h][k] = static_cast<float>(net.output_weights[k][h]);
    }
    for (int k = 0; k < kRegimeCount; ++k) {
      double bias = net.output_bias[k];
      for (int i = 0; i < kStackInputs; ++i) {
        const double weight = net.skip_weights[k][i] * net.input_scale[i];
        skip_weights[i][k] = static_cast<float>(weight);
        bias -= weight * net.input_mean[i];
      }
      output_bias[k] = static_cast<float>(bias);
    }
  }
};

// Compiled twice (REGIME_AVX2_CLONES); the same operations per lane, the same bits. Reads the
// entries in place (input i = lag slot * kRegimeCount + regime, the order of input()).
RegimeLogits stacked_logits(const RegimeStackKernel& net,
                            const RegimeLogitHistory& history) noexcept;

}  // namespace alphapulse::regime
