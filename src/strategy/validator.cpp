#include "strategy/validator.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::strategy {

std::string_view to_string(RejectionReason r) {
  switch (r) {
    case RejectionReason::kNoPlaybook: return "no_playbook";
    case RejectionReason::kConflictingEvidence: return "conflicting_evidence";
    case RejectionReason::kCounterTrend: return "counter_trend";
    case RejectionReason::kInvalidLevels: return "invalid_levels";
    case RejectionReason::kCooldown: return "cooldown";
    case RejectionReason::kLowQuality: return "low_quality";
  }
  return "unknown";
}

Validator::Validator(const ValidatorSettings& settings) : settings_(settings) {
  settings_.score_window = std::clamp(settings_.score_window, 1, static_cast<int>(scores_.size()));
}

double Validator::current_threshold() const noexcept {
  if (score_count_ < settings_.min_history) return settings_.prior_threshold;
  // The quantile of the past scores; a copy so the ring keeps its order. Fixed-size array:
  // no allocation on the hot path.
  std::array<double, 1024> sorted;
  const int n = score_count_;
  for (int i = 0; i < n; ++i) sorted[static_cast<std::size_t>(i)] = scores_[static_cast<std::size_t>(i)];
  const auto rank = static_cast<std::size_t>(
      std::min<double>(n - 1, std::floor(settings_.target_filter_rate * n)));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank),
                   sorted.begin() + n);
  return sorted[rank];
}

Verdict Validator::score(const CandidateContext& ctx) const noexcept {
  const Candidate& c = ctx.candidate;
  const int direction = c.direction == core::Direction::kLong ? 1 : -1;
  Verdict v;
  v.confluence = std::min(1.0, c.supporting_weight / 2.5) * (c.supporting_weight /
                                                             (c.supporting_weight + c.opposing_weight));
  v.regime_fit = std::clamp(ctx.regime_confidence, 0.0, 1.0);
  v.trend_alignment = ctx.higher_timeframe_direction == direction;
  v.higher_timeframe_fit = v.trend_alignment ? 1.0 : (ctx.higher_timeframe_direction == 0 ? 0.5 : 0.0);
  const double rv = std::isnan(ctx.relative_volume) ? 1.0 : ctx.relative_volume;
  v.volume_confirmation = rv >= settings_.volume_confirmation_ratio;
  v.volume_fit = std::clamp(rv / 2.0, 0.0, 1.0);
  // Risk fit: a stop near the structure (close to the minimum) and RSI not already stretched
  // in the trade's direction.
  const double stop_fit = std::clamp(1.0 - (ctx.levels.stop_atr_multiple - 1.0) / 2.0, 0.0, 1.0);
  double rsi_fit = 1.0;
  if (!std::isnan(ctx.rsi)) {
    const double stretch = direction > 0 ? (ctx.rsi - 50) / 30 : (50 - ctx.rsi) / 30;
    rsi_fit = std::clamp(1.0 - stretch, 0.0, 1.0);
  }
  v.risk_fit = 0.5 * stop_fit + 0.5 * rsi_fit;
  v.score = settings_.weight_confluence * v.confluence + settings_.weight_regime * v.regime_fit +
            settings_.weight_higher_timeframe * v.higher_timeframe_fit +
            settings_.weight_volume * v.volume_fit + settings_.weight_risk * v.risk_fit;
  return v;
}

Verdict Validator::judge(const CandidateContext& ctx) noexcept {
  const Candidate& c = ctx.candidate;
  const int side = c.direction == core::Direction::kLong ? 0 : 1;
  const int direction = side == 0 ? 1 : -1;
  Verdict v = score(ctx);
  v.threshold = current_threshold();

  bool hard = true;
  if (c.playbook == Playbook::kNone) {
    v.reason = RejectionReason::kNoPlaybook;
  } else if (c.opposing_weight >= c.supporting_weight) {
    v.reason = RejectionReason::kConflictingEvidence;
  } else if ((c.playbook == Playbook::kTrendContinuation || c.playbook == Playbook::kBreakout) &&
             ctx.higher_timeframe_direction == -direction) {
    v.reason = RejectionReason::kCounterTrend;
  } else if (!(ctx.levels.stop_loss > 0) || ctx.levels.stop_loss == ctx.levels.entry ||
             !std::isfinite(ctx.levels.take_profits[3])) {
    v.reason = RejectionReason::kInvalidLevels;
  } else if (ctx.candle_index - last_signal_index_[side] <= settings_.cooldown_candles) {
    v.reason = RejectionReason::kCooldown;
  } else {
    hard = false;
  }

  if (!hard) {
    v.accepted = v.score >= v.threshold;
    if (!v.accepted) v.reason = RejectionReason::kLowQuality;
  }

  // Record: the next candidate's threshold is fitted on this one too.
  const double recorded = hard ? 0.0 : v.score;
  scores_[static_cast<std::size_t>(score_head_)] = recorded;
  score_head_ = (score_head_ + 1) % settings_.score_window;
  score_count_ = std::min(score_count_ + 1, settings_.score_window);

  ++stats_.candidates;
  if (v.accepted) {
    ++stats_.accepted;
    last_signal_index_[side] = ctx.candle_index;
  } else {
    ++stats_.rejected_by_reason[static_cast<std::size_t>(v.reason)];
  }
  return v;
}

}  // namespace alphapulse::strategy
