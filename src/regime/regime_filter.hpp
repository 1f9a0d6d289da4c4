// regime/regime_filter: turns the classifier's per-candle probabilities into a steady regime.
// Two stages, both O(1) with fixed-size state:
//  1. Hidden-Markov forward filter: posterior(j) ∝ predicted(j) * (q(j) / prior(j))^w, where
//     predicted = posterior after one step of "stay with probability 1 - s, else move to one of
//     the other five at random" and w = evidence_weight discounts overlapping windows. s is
//     smaller (early_switch_probability) during the first settle_candles of a detected regime:
//     regimes last long, so a fresh decision is kept unless the evidence is strong.
//  2. Confirmation (hysteresis): the reported regime changes only when one challenger has been
//     the posterior's most probable regime for confirm_candles candles in a row.
// Confidence is the posterior probability of the reported regime.
#pragma once

#include <cstdint>

#include "core/market_regime.hpp"
#include "regime/fast_math.hpp"
#include "regime/regime_model.hpp"

namespace alphapulse::regime {

struct RegimeFilterState {
  RegimeProbabilities posterior{};
  core::MarketRegime current = core::MarketRegime::kRanging;
  core::MarketRegime challenger = core::MarketRegime::kRanging;
  int challenger_candles = 0;
  std::int64_t duration = 0;  // candles in `current`, this one included
  bool started = false;
};

struct RegimeFilterStep {
  bool changed = false;
  std::int64_t ended_duration = 0;  // when changed: how long the previous regime lasted
};

// Advances `state` in place by one candle's classifier probabilities `q`.
inline RegimeFilterStep step_regime_filter(RegimeFilterState& state, const RegimeProbabilities& q,
                                           const RegimeProbabilities& prior,
                                           const RegimeFilterParams& params) noexcept {
  constexpr double kFloor = 1e-12;  // keeps every regime reachable after long certainty
  RegimeFilterStep result;
  double total = 0;
  const double switch_probability = state.duration < params.settle_candles
                                        ? params.early_switch_probability
                                        : params.switch_probability;
  for (int k = 0; k < kRegimeCount; ++k) {
    const double predicted =
        state.started ? (1.0 - switch_probability) * state.posterior[k] +
                            switch_probability / (kRegimeCount - 1) * (1.0 - state.posterior[k])
                      : 1.0 / kRegimeCount;
    const double ratio = (q[k] > kFloor ? q[k] : kFloor) / prior[k];
    // ratio^w as exp(w log ratio) with the inline kernels (ratio is positive and normal):
    // std::pow was a noticeable share of the per-candle cost.
    const double likelihood =
        fast_math::exp_fast(params.evidence_weight * fast_math::log_fast(ratio));
    state.posterior[k] = predicted * likelihood + kFloor;
    total += state.posterior[k];
  }
  int best = 0;
  for (int k = 0; k < kRegimeCount; ++k) {
    state.posterior[k] /= total;
    if (state.posterior[k] > state.posterior[best]) best = k;
  }
  const auto top = static_cast<core::MarketRegime>(best);
  const core::MarketRegime before = state.current;
  if (!state.started) {
    state.started = true;
    state.current = top;
    state.challenger_candles = 0;
  } else if (top == state.current) {
    state.challenger_candles = 0;
  } else {
    state.challenger_candles = top == state.challenger ? state.challenger_candles + 1 : 1;
    state.challenger = top;
    if (state.challenger_candles >= params.confirm_candles) {
      state.current = top;
      state.challenger_candles = 0;
    }
  }
  if (state.current != before) {
    result.changed = true;
    result.ended_duration = state.duration;
    state.duration = 0;
  }
  ++state.duration;
  return result;
}

}  // namespace alphapulse::regime
