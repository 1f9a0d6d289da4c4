// regime/regime_filter: turns the classifier's per-candle probabilities into a steady regime.
// Two stages, both O(1) with fixed-size state:
//  1. Hidden-Markov forward filter: posterior(j) ∝ predicted(j) * (q(j) / prior(j))^w, where
//     q is the network's softmax (taken from its logits, see step_regime_filter) and
//     predicted = posterior after one step of "stay with probability 1 - s, else move to one of
//     the other five at random" and w = evidence_weight discounts overlapping windows. s is
//     smaller (early_switch_probability) during the first settle_candles of a detected regime:
//     regimes last long, so a fresh decision is kept unless the evidence is strong.
//  2. Confirmation (hysteresis): the reported regime changes only when one challenger has been
//     the posterior's most probable regime for confirm_candles candles in a row.
// The filter's posterior decides the regime; the detector's confidence is the network's own
// probability of it (regime_detector.cpp, softmax_probability: the posterior is overconfident).
#pragma once

#include <array>
#include <cmath>
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

// The filter's parameters with the class prior in the form the per-candle step uses.
struct RegimeFilterModel {
  RegimeFilterParams params;
  RegimeProbabilities weighted_log_prior{};  // evidence_weight * prior_correction * log(prior)
};
inline RegimeFilterModel make_regime_filter_model(const RegimeFilterParams& params,
                                                  const RegimeProbabilities& prior) noexcept {
  RegimeFilterModel model{params, {}};
  for (int k = 0; k < kRegimeCount; ++k)
    model.weighted_log_prior[k] =
        params.evidence_weight * params.prior_correction * std::log(prior[k]);
  return model;
}

// Advances `state` in place by one candle's network logits. The evidence (q(j) / prior(j)^c)^w
// is computed from the logits as exp(w (logit(j) - top logit) - w c log prior(j)): the softmax's
// normalizer is common to all regimes and cancels in the posterior, which saves the six exp of
// the softmax and the six log of the ratios. A regime's logit counts at most 1e-12 (as a
// probability ratio) below the top one, so that every regime stays reachable.
// (Always inlined: the detector calls it from its AVX2 clone, whose vector width it should get.)
[[gnu::always_inline]] inline RegimeFilterStep step_regime_filter(
    RegimeFilterState& state, const RegimeLogits& logits, const RegimeFilterModel& model) noexcept {
  constexpr double kFloor = 1e-12;  // keeps every regime reachable after long certainty
  constexpr double kLogFloor = -27.631021115928547;  // log(1e-12)
  const RegimeFilterParams& params = model.params;
  RegimeFilterStep result;
  double top_logit = logits[0];
  for (int k = 1; k < kRegimeCount; ++k) top_logit = logits[k] > top_logit ? logits[k] : top_logit;
  const double switch_probability = state.duration < params.settle_candles
                                        ? params.early_switch_probability
                                        : params.switch_probability;
  // The per-regime arithmetic over eight lanes (two vectors of four doubles; the padding lanes
  // compute harmless values that are never read): the same operations per regime as over six,
  // but whole vectors.
  constexpr int kLanes = 8;
  static_assert(kRegimeCount <= kLanes);
  std::array<double, kLanes> below_top{}, weighted_log_prior{}, posterior{};
  for (int k = 0; k < kRegimeCount; ++k) {
    below_top[k] = logits[k] - top_logit;
    weighted_log_prior[k] = model.weighted_log_prior[k];
    posterior[k] = state.posterior[k];
  }
  std::array<double, kLanes> evidence;
  for (int k = 0; k < kLanes; ++k) {
    const double log_evidence =
        params.evidence_weight * (below_top[k] > kLogFloor ? below_top[k] : kLogFloor) -
        weighted_log_prior[k];
    evidence[k] = fast_math::exp_fast(log_evidence);
  }
  const double stay = 1.0 - switch_probability;
  const double move = switch_probability / (kRegimeCount - 1);
  for (int k = 0; k < kLanes; ++k) {
    const double predicted =
        state.started ? stay * posterior[k] + move * (1.0 - posterior[k]) : 1.0 / kRegimeCount;
    posterior[k] = predicted * evidence[k] + kFloor;
  }
  double total = 0;
  for (int k = 0; k < kRegimeCount; ++k) total += posterior[k];
  const double inverse_total = 1.0 / total;
  for (int k = 0; k < kLanes; ++k) posterior[k] *= inverse_total;
  int best = 0;
  for (int k = 0; k < kRegimeCount; ++k) {
    state.posterior[k] = posterior[k];
    if (posterior[k] > posterior[best]) best = k;
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
