#include "strategy/validator.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::strategy {
namespace {

bool is_negative_zero(double x) noexcept {
  return x == 0 && std::signbit(x);
}

// The index of a direction in the per-side state ([long, short]).
int side_of(core::Direction direction) noexcept {
  return direction == core::Direction::kLong ? 0 : 1;
}

}  // namespace

std::string_view to_string(RejectionReason r) {
  switch (r) {
    case RejectionReason::kNoPlaybook:
      return "no_playbook";
    case RejectionReason::kConflictingEvidence:
      return "conflicting_evidence";
    case RejectionReason::kCounterTrend:
      return "counter_trend";
    case RejectionReason::kInvalidLevels:
      return "invalid_levels";
    case RejectionReason::kLowQuality:
      return "low_quality";
    case RejectionReason::kLowModelScore:
      return "low_model_score";
    case RejectionReason::kStopTooClose:
      return "stop_too_close";
    case RejectionReason::kRegimeNotTraded:
      return "regime_not_traded";
  }
  return "unknown";
}

Validator::Validator(const ValidatorSettings& settings)
    : settings_(settings),
      scores_(static_cast<std::size_t>(std::clamp(settings.score_window, 1, kMaxScoreWindow))),
      sorted_scores_(scores_.size()) {
  settings_.score_window = static_cast<int>(scores_.size());
}

double Validator::current_threshold() const noexcept {
  if (score_count_ < settings_.min_history) return settings_.prior_threshold;
  // The element of rank floor(rate * n) of the last n scores, as nth_element would give it.
  const int n = score_count_;
  const auto rank = static_cast<std::size_t>(
      std::min<double>(n - 1, std::floor(settings_.target_filter_rate * n)));
  return sorted_scores_[rank];
}

void Validator::record_score(double recorded) noexcept {
  int n = score_count_;
  const bool recorded_is_nan = std::isnan(recorded);
  if (n == settings_.score_window) {
    // Full: the ring slot about to be overwritten holds the oldest score; drop one copy of it
    // from the sorted array (equal values are interchangeable).
    const double oldest = scores_[static_cast<std::size_t>(score_head_)];
    tally(oldest, -1);
    if (nan_scores_ == 0 && !std::isnan(oldest) && !recorded_is_nan) {
      // A score replaced by the same bits leaves the sorted window as it was, provided every
      // score equal to it has those bits too: true of any nonzero value, and of +0 when the
      // window holds no -0. That is most candidates: hard rejections record +0, and three in
      // four candidates are hard rejections; the shift would move the whole run of zeros.
      const bool same_window =
          oldest == recorded &&
          (recorded != 0 ||
           (negative_zero_scores_ == 0 && !std::signbit(oldest) && !std::signbit(recorded)));
      if (!same_window) replace_sorted(oldest, recorded);
      tally(recorded, +1);
      scores_[static_cast<std::size_t>(score_head_)] = recorded;
      score_head_ = (score_head_ + 1) % settings_.score_window;
      return;
    }
    remove_sorted(oldest, n);
    --n;
  }
  insert_sorted(recorded, n);
  tally(recorded, +1);
  scores_[static_cast<std::size_t>(score_head_)] = recorded;
  score_head_ = (score_head_ + 1) % settings_.score_window;
  score_count_ = n + 1;
}

// The NaN and -0 tallies the fast paths read, moved by `delta` (+1 in, -1 out) for `value`.
// Callers tally what enters and leaves the window: the full-window path must see the counts
// without the oldest score before it decides how to move the sorted scores.
void Validator::tally(double value, int delta) noexcept {
  if (std::isnan(value)) nan_scores_ += delta;
  if (is_negative_zero(value)) negative_zero_scores_ += delta;
}

// Removes one copy of `value` from the first n sorted scores (it is there; memmove of the tail).
// Only an unordered value (NaN) is not found by the binary search: it is found by identity.
void Validator::remove_sorted(double value, int n) noexcept {
  double* const sorted = sorted_scores_.data();
  double* at = std::lower_bound(sorted, sorted + n, value);
  if (at == sorted + n || !(*at == value)) {
    at = std::find_if(sorted, sorted + n,
                      [&](double v) { return v == value || (v != v && value != value); });
  }
  std::copy(at + 1, sorted + n, at);
}

// Inserts `recorded` into the first n sorted scores (after its equals).
void Validator::insert_sorted(double recorded, int n) noexcept {
  double* const sorted = sorted_scores_.data();
  double* const at = std::upper_bound(sorted, sorted + n, recorded);
  std::copy_backward(at, sorted + n, sorted + n + 1);
  *at = recorded;
}

// The sorted window with one copy of `oldest` removed and `recorded` inserted, exactly as
// remove_sorted and insert_sorted would leave it, but with one shift of the scores between the two
// positions instead of two shifts of everything above them (a third of the data moved, on
// average). Only for ordered values: without NaN the array is partitioned for every binary
// search, so the insertion point after the removal is the one before it, less one when the
// removed score sat below it.
void Validator::replace_sorted(double oldest, double recorded) noexcept {
  double* const sorted = sorted_scores_.data();
  double* const end = sorted + score_count_;
  double* const removed = std::lower_bound(sorted, end, oldest);
  double* inserted = std::upper_bound(sorted, end, recorded);
  if (inserted > removed) {
    --inserted;
    std::copy(removed + 1, inserted + 1, removed);
  } else {
    std::copy_backward(inserted, removed, removed + 1);
  }
  *inserted = recorded;
}

Verdict Validator::score(const CandidateContext& ctx) const noexcept {
  const Candidate& c = ctx.candidate;
  const int direction = c.direction == core::Direction::kLong ? 1 : -1;
  Verdict v;
  v.confluence = std::min(1.0, c.supporting_weight / 2.5) *
                 (c.supporting_weight / (c.supporting_weight + c.opposing_weight));
  v.regime_fit = std::clamp(ctx.regime_confidence, 0.0, 1.0);
  v.trend_alignment = ctx.higher_timeframe_direction == direction;
  v.higher_timeframe_fit =
      v.trend_alignment ? 1.0 : (ctx.higher_timeframe_direction == 0 ? 0.5 : 0.0);
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

bool Validator::repeats_signal(core::Direction direction,
                               std::int64_t candle_index) const noexcept {
  return candle_index - last_signal_index_[side_of(direction)] <= settings_.cooldown_candles;
}

Verdict Validator::judge(const CandidateContext& ctx) noexcept {
  const Candidate& c = ctx.candidate;
  const int side = side_of(c.direction);
  const int direction = side == 0 ? 1 : -1;
  Verdict v = score(ctx);
  v.threshold = current_threshold();

  bool hard = true;
  if (c.playbook == Playbook::kNone) {
    v.reason = RejectionReason::kNoPlaybook;
  } else if ((settings_.traded_regimes & regime_bit(c.regime)) == 0) {
    v.reason = RejectionReason::kRegimeNotTraded;
  } else if (c.opposing_weight >= c.supporting_weight) {
    v.reason = RejectionReason::kConflictingEvidence;
  } else if ((c.playbook == Playbook::kTrendContinuation || c.playbook == Playbook::kBreakout) &&
             ctx.higher_timeframe_direction == -direction) {
    v.reason = RejectionReason::kCounterTrend;
  } else if (!ctx.levels.make_a_trade()) {
    v.reason = RejectionReason::kInvalidLevels;
  } else if (std::abs(ctx.levels.entry - ctx.levels.stop_loss) * 100 <
             settings_.min_stop_distance_pct * ctx.levels.entry) {
    v.reason = RejectionReason::kStopTooClose;
  } else {
    hard = false;
  }

  if (!hard) {
    v.accepted = v.score >= v.threshold;
    if (!v.accepted) v.reason = RejectionReason::kLowQuality;
  }

  // Record: the next candidate's threshold is fitted on this one too.
  record_score(hard ? 0.0 : v.score);

  ++stats_.candidates;
  if (v.accepted) {
    ++stats_.accepted;
    accepted_side_ = side;
    accepted_side_previous_index_ = last_signal_index_[side];
    last_signal_index_[side] = ctx.candle_index;
  } else {
    ++stats_.rejected_by_reason[static_cast<std::size_t>(v.reason)];
  }
  return v;
}

void Validator::overrule(Verdict& v, RejectionReason reason) noexcept {
  if (!v.accepted) return;
  v.accepted = false;
  v.reason = reason;
  --stats_.accepted;
  ++stats_.rejected_by_reason[static_cast<std::size_t>(reason)];
  last_signal_index_[accepted_side_] = accepted_side_previous_index_;
  rerecord_newest_score(0.0);
}

// The score judge() recorded last replaced by `recorded` in the ring and the sorted window
// (record_score's exact path). Only on overruled candidates, a few per hundred candles.
void Validator::rerecord_newest_score(double recorded) noexcept {
  if (score_count_ == 0) return;
  const std::size_t newest =
      static_cast<std::size_t>((score_head_ + settings_.score_window - 1) % settings_.score_window);
  const double previous = scores_[newest];
  tally(previous, -1);
  remove_sorted(previous, score_count_);
  insert_sorted(recorded, score_count_ - 1);
  tally(recorded, +1);
  scores_[newest] = recorded;
}

}  // namespace alphapulse::strategy
