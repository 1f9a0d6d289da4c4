// strategy/validator: the quality gate. Every candidate gets a quality score in 0..1 and is
// accepted or rejected with a recorded reason; rejections are counted per reason.
//
// Hard rejections (score forced to 0): no playbook for the regime (choppy), evidence against
// the trade at least as strong as for it, trading against the higher timeframe's trend in a
// trend or breakout playbook, levels that make no sense, and (when asked for) a stop too near
// the entry for the trade to pay its costs, or a regime whose playbook is switched off.
//
// Not a candidate at all: a setup that repeats a signal accepted in the same direction on the
// same stream within `cooldown_candles` (repeats_signal(); the pipeline asks before judging).
// It is the same trade again, not a new low-quality one. Until session 12 it was a hard
// "cooldown" rejection; on 1h streams those repeats were a third of all candidates, the hard
// rules alone then rejected ~80% and the quality gate below had nothing left to decide
// (docs/strategy.md).
//
// The soft gate is walk-forward by construction: a candidate passes when its score reaches
// the `target_filter_rate` quantile of the scores of the last `score_window` candidates seen
// strictly before it (hard rejections count as 0). So the threshold is always fitted on the
// past only, and the share of candidates rejected settles near the target (the seed promises
// 60-80% of low-quality candidates filtered out; we aim at 70%). Until `min_history` scores
// exist a fixed prior threshold is used.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/market_regime.hpp"
#include "strategy/levels.hpp"
#include "strategy/playbook.hpp"

namespace alphapulse::strategy {

enum class RejectionReason : std::uint8_t {
  kNoPlaybook,           // choppy market (or no trend direction in a weak trend)
  kConflictingEvidence,  // opposing evidence >= supporting evidence
  kCounterTrend,         // against the higher timeframe in a trend or breakout playbook
  kInvalidLevels,        // non-positive stop or zero risk
  kLowQuality,           // score below the walk-forward threshold
  kLowModelScore,        // accepted here, then P(win) of the model stage below its threshold
  kStopTooClose,         // stop nearer entry than min_stop_distance_pct (costs would eat R)
  kRegimeNotTraded,      // the regime's playbook is switched off (traded_regimes)
};
inline constexpr std::size_t kRejectionReasonCount = 8;
std::string_view to_string(RejectionReason r);

// A set of regimes as bits, 1 << regime: the regimes whose playbooks may trade.
using RegimeSet = std::uint8_t;
constexpr RegimeSet regime_bit(core::MarketRegime regime) noexcept {
  return static_cast<RegimeSet>(1U << static_cast<unsigned>(regime));
}
// Every regime with a playbook (all but choppy, which has none).
inline constexpr RegimeSet kRegimesWithPlaybook =
    regime_bit(core::MarketRegime::kStrongTrendBull) |
    regime_bit(core::MarketRegime::kStrongTrendBear) | regime_bit(core::MarketRegime::kWeakTrend) |
    regime_bit(core::MarketRegime::kRanging) | regime_bit(core::MarketRegime::kVolatileBreakout);
inline constexpr RegimeSet kEveryRegime =
    kRegimesWithPlaybook | regime_bit(core::MarketRegime::kChoppy);

struct ValidatorSettings {
  double target_filter_rate = 0.70;
  int score_window = 250;  // clamped to 1..Validator::kMaxScoreWindow
  int min_history = 30;
  double prior_threshold = 0.55;
  int cooldown_candles = 8;  // see repeats_signal()
  // A hard rule, off at 0: reject a candidate whose stop is nearer its entry than this percent
  // of the entry price. Why: a round trip pays fees (and slippage) on the notional, so where
  // the stop is a fraction of a percent away they are a large part of R (0.2% of fees is a
  // quarter of R at a 0.8% stop) and no edge in direction pays them back.
  double min_stop_distance_pct = 0;
  // A hard rule, off while every playbook trades: reject a candidate made by the playbook of a
  // regime not in this set. Why: a trader may not want one kind of trade (mean reversion in
  // ranges, say) whatever its score; its candidates are still counted, so the filter rate stays
  // honest, and as hard rejections they count 0 in the gate's window.
  RegimeSet traded_regimes = kEveryRegime;  // choppy's candidates are no_playbook anyway
  // Weights of the score's parts; they sum to 1.
  double weight_confluence = 0.30;
  double weight_regime = 0.20;
  double weight_higher_timeframe = 0.20;
  double weight_volume = 0.15;
  double weight_risk = 0.15;
  double volume_confirmation_ratio = 1.2;  // relative volume that counts as confirmation
};

// Everything the validator reads about a candidate, all known at the candle's close.
struct CandidateContext {
  const Candidate& candidate;
  const Levels& levels;
  double regime_confidence;        // 0..1
  int higher_timeframe_direction;  // +1, -1, 0 unknown
  double relative_volume;          // NaN while warming up
  double rsi;                      // NaN while warming up
  std::int64_t candle_index;       // position in the stream, for repeats_signal()
};

struct Verdict {
  bool accepted = false;
  RejectionReason reason = RejectionReason::kLowQuality;  // when rejected
  double score = 0;
  double threshold = 0;
  double confluence = 0;  // the score's parts, for validation_metrics
  double regime_fit = 0;
  double higher_timeframe_fit = 0;
  double volume_fit = 0;
  double risk_fit = 0;
  bool volume_confirmation = false;
  bool trend_alignment = false;
};

struct FilterStats {
  std::int64_t candidates = 0;
  std::int64_t accepted = 0;
  std::array<std::int64_t, kRejectionReasonCount> rejected_by_reason{};
  std::int64_t rejected() const { return candidates - accepted; }
  double filter_rate() const {
    return candidates > 0 ? static_cast<double>(rejected()) / static_cast<double>(candidates) : 0.0;
  }
};

class Validator {
 public:
  static constexpr int kMaxScoreWindow = 1024;
  explicit Validator(const ValidatorSettings& settings = {});

  // Judges one candidate and records it (score history, counts, the signal's candle). The threshold
  // is read in O(1) from a sorted copy of the window; recording costs two binary searches and a
  // memmove of the scores ranked between the dropped and the new one, only on candles that
  // have a candidate, and nothing when the new score has the dropped one's bits (mostly two
  // hard rejections' +0).
  Verdict judge(const CandidateContext& context) noexcept;

  // Turns the candidate judge() just accepted into a rejection decided after the validator
  // (the model stage, `reason`): the counts move, no repeats_signal() window starts, and its
  // score in the gate's window becomes 0, as a hard rejection's: the walk-forward quantile then
  // targets the filter rate with these rejections counted, so a stage after the gate takes the
  // place of some of the gate's rejections instead of adding to them (with the model stage the
  // rate was 72-82% per file before session 13, docs/results.md).
  void overrule(Verdict& verdict, RejectionReason reason) noexcept;

  const FilterStats& stats() const { return stats_; }
  double current_threshold() const noexcept;
  // True when a signal in `direction` was accepted on this stream within the last
  // cooldown_candles: a candidate then repeats that signal's setup and is no new candidate.
  bool repeats_signal(core::Direction direction, std::int64_t candle_index) const noexcept;

 private:
  Verdict score(const CandidateContext& context) const noexcept;
  void record_score(double score) noexcept;
  void replace_sorted(double oldest, double recorded) noexcept;
  void remove_sorted(double value, int n) noexcept;
  void insert_sorted(double recorded, int n) noexcept;
  void tally(double value, int delta) noexcept;
  void rerecord_newest_score(double recorded) noexcept;

  ValidatorSettings settings_;
  // Ring of recent candidate scores, score_window long (at most kMaxScoreWindow), allocated once
  // at construction: 2 KB each by default instead of two fixed 8 KB arrays inside every
  // stream's pipeline (less memory per stream, fewer pages between a stream's hot fields).
  std::vector<double> scores_;
  // The same scores as scores_[0, score_count_), sorted ascending: the walk-forward quantile is
  // one index into it instead of an nth_element over a copy of the ring per candidate.
  std::vector<double> sorted_scores_;
  int score_count_ = 0;
  int nan_scores_ = 0;  // NaN scores in the window: they need the slower exact path
  // -0 scores in the window: +0 and -0 compare equal but are told apart by the threshold's
  // bits, so a window holding both is not left as it was by replacing a zero with a zero.
  int negative_zero_scores_ = 0;
  int score_head_ = 0;
  std::int64_t last_signal_index_[2] = {-1'000'000, -1'000'000};  // [long, short]
  int accepted_side_ = 0;  // of the last accepted candidate, and its side's previous index
  std::int64_t accepted_side_previous_index_ = 0;
  FilterStats stats_;
};

}  // namespace alphapulse::strategy
