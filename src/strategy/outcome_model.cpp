// strategy/outcome_model: see outcome_model.hpp.
#include "strategy/outcome_model.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::strategy {
namespace {

float clamped(double v, double lo, double hi) noexcept {
  if (!(v == v)) return 0.0F;  // NaN (an indicator still warming up): neutral
  return static_cast<float>(std::clamp(v, lo, hi));
}

}  // namespace

// Every feature is scale-free (no price or volume level enters) and roughly in [-1, 1], so
// one learning rate fits all of them; directional ones are signed by the trade's direction.
ModelFeatures candidate_features(const FeatureInputs& in) noexcept {
  const Candidate& c = in.candidate;
  const double d = c.direction == core::Direction::kLong ? 1.0 : -1.0;
  const bool hard = !in.verdict.accepted && in.verdict.reason != RejectionReason::kLowQuality;
  const double band = in.bb_upper - in.bb_lower;
  ModelFeatures x{};
  x[0] = 1.0F;  // bias
  x[1] = clamped(c.supporting_weight / 2.5, 0, 2);
  x[2] = clamped(c.opposing_weight / 2.5, 0, 2);
  x[3] = c.playbook == Playbook::kTrendContinuation ? 1.0F : 0.0F;
  x[4] = c.playbook == Playbook::kMeanReversion ? 1.0F : 0.0F;
  x[5] = c.playbook == Playbook::kBreakout ? 1.0F : 0.0F;
  x[6] = clamped(in.regime_confidence, 0, 1);
  x[7] = clamped(in.levels.stop_atr_multiple - 2.0, -1, 1);
  x[8] = clamped(d * (in.rsi - 50.0) / 50.0, -1, 1);
  x[9] = static_cast<float>(d * in.higher_timeframe_direction);  // +1 aligned, -1 against
  x[10] = in.relative_volume > 0 ? clamped(std::log(in.relative_volume), -2, 2) : 0.0F;
  x[11] = clamped(in.verdict.score, 0, 1);
  x[12] = clamped(d * in.trend_t / 5.0, -2, 2);
  x[13] = static_cast<float>(d);
  x[14] = clamped((in.adx - 25.0) / 25.0, -1, 2);
  x[15] = band > 0 ? clamped(d * 2.0 * (in.close - in.bb_middle) / band, -2, 2) : 0.0F;
  (void)hard;
  return x;
}

OnlineOutcomeModel::OnlineOutcomeModel(const ModelSettings& settings) : settings_(settings) {}

double OnlineOutcomeModel::predict(const ModelFeatures& x) const noexcept {
  double z = 0;
  for (std::size_t i = 0; i < kModelFeatureCount; ++i) z += w_[i] * static_cast<double>(x[i]);
  z = std::clamp(z, -30.0, 30.0);
  return 1.0 / (1.0 + std::exp(-z));
}

void OnlineOutcomeModel::learn(const ModelFeatures& x, bool win) noexcept {
  const double y = win ? 1.0 : 0.0;
  const double error = y - predict(x);
  const double rate = settings_.learning_rate;
  const double decay = 1.0 - rate * settings_.l2;
  for (std::size_t i = 0; i < kModelFeatureCount; ++i) {
    w_[i] = w_[i] * decay + rate * error * static_cast<double>(x[i]);
  }
  ++outcomes_;
  // The running win rate: the plain mean until base_rate_window outcomes, then an EMA.
  const double n =
      static_cast<double>(std::min<std::int64_t>(outcomes_, settings_.base_rate_window));
  base_rate_ += (y - base_rate_) / n;
}

bool CandidateOutcomeTracker::add(const evaluation::TradePlan& plan,
                                  const ModelFeatures& x) noexcept {
  if (count_ == pending_.size()) {
    ++refused_;
    return false;
  }
  pending_[count_++] = Pending{plan, x, 0};
  return true;
}

}  // namespace alphapulse::strategy
