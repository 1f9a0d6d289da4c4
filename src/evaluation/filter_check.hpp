// evaluation/filter_check: does the filter keep the better candidates? A filter rate alone
// says how many candidates were rejected, not whether they deserved it. Every candidate of a
// run, accepted or rejected, is judged as if it had been signalled (its own levels, the
// EVALUATION.md rules, its matched random baseline), and the figures are grouped by verdict:
// "accepted", "rejected", and "rejected: <reason>" for each rejection reason. A filter that
// works shows a better accuracy and expectancy for "accepted" than for "rejected".
//
// to_candidate_jsonl writes one judged candidate as a line of the signal export format with
// two more fields, "accepted" (true or false) and "rejection_reason" (null when accepted), so
// that an independent script can recompute these figures (tools/evaluate_signals.py
// --by-verdict).
//
// Readings: a candidate whose levels make no trade (no stop, a stop at entry, targets that
// are not finite) has no outcome and is only counted (`without_trade`). An accepted
// candidate's figures equal its signal's, since the levels are the same and the baseline is
// seeded by the signal id.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/signal.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/metrics.hpp"

namespace alphapulse::evaluation {

class FilterCheck {
 public:
  // The candles of the span the candidates are judged on (one stream, open-time order), the fee
  // rate per side and how many of the first candles the baselines draw from (as Evaluator's;
  // the candles are the caller's and must outlive the check).
  explicit FilterCheck(CandleView candles, double fee_rate_per_side = kFeeRatePerSide,
                       std::size_t baseline_candles = std::numeric_limits<std::size_t>::max());
  explicit FilterCheck(std::vector<core::Candle>&&, double = kFeeRatePerSide,
                       std::size_t = std::numeric_limits<std::size_t>::max()) = delete;
  // Many streams: each candidate judged on its own stream's candles (as Evaluator's).
  explicit FilterCheck(const StreamCandleViews& streams, double fee_rate_per_side = kFeeRatePerSide,
                       const StreamCounts& baseline_candles = {});

  // One candidate as the signal it would have been, and its verdict (the rejection reason is
  // ignored when accepted). Returns the candidate judged (valid until the next add), or null
  // when its levels make no trade: a caller exporting the candidates writes each as it comes
  // instead of keeping them all.
  const JudgedSignal* add(const core::Signal& as_if_signalled, bool accepted,
                          std::string_view rejection_reason);

  // "accepted", "rejected", "rejected: <reason>", in that (alphabetical) order.
  const std::map<std::string, Metrics>& by_verdict() const { return by_verdict_; }
  std::uint64_t without_trade() const { return without_trade_; }
  // Every candidate with a trade, judged (its outcome filled in), in the order added, and its
  // verdict at the same index: "accepted" or the rejection reason.
  const std::vector<JudgedSignal>& judged() const { return evaluator_.judged(); }
  const std::vector<std::string>& verdicts() const { return verdicts_; }
  // Off: the figures by verdict only; judged() and verdicts() stay empty (export each candidate
  // as add returns it instead). Set before the first add.
  void keep_candidates(bool keep) {
    keep_candidates_ = keep;
    evaluator_.keep_judged(keep);
  }

 private:
  Evaluator evaluator_;
  std::vector<std::string> verdicts_;
  bool keep_candidates_ = true;
  std::map<std::string, Metrics> by_verdict_;
  std::uint64_t without_trade_ = 0;
};

// A judged candidate as one JSON line (no newline): the signal it would have been, outcome
// included, then "accepted" and "rejection_reason". `verdict`: "accepted" or the reason.
std::string to_candidate_jsonl(const JudgedSignal& candidate, std::string_view verdict);
// The same for the i-th candidate `check` kept.
std::string to_candidate_jsonl(const FilterCheck& check, std::size_t i);

}  // namespace alphapulse::evaluation
