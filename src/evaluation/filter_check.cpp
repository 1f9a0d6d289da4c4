// evaluation/filter_check: see filter_check.hpp.
#include "evaluation/filter_check.hpp"

#include <utility>

#include "evaluation/signal_jsonl.hpp"

namespace alphapulse::evaluation {

FilterCheck::FilterCheck(CandleView candles, double fee_rate_per_side, std::size_t baseline_candles)
    : evaluator_(candles, fee_rate_per_side, baseline_candles) {}

FilterCheck::FilterCheck(const StreamCandleViews& streams, double fee_rate_per_side,
                         const StreamCounts& baseline_candles)
    : evaluator_(streams, fee_rate_per_side, baseline_candles) {}

const JudgedSignal* FilterCheck::add(const core::Signal& as_if_signalled, bool accepted,
                                     std::string_view rejection_reason) {
  const core::Signal& s = as_if_signalled;
  if (!core::levels_make_a_trade(s.entry_price, s.stop_loss, s.take_profits[3])) {
    ++without_trade_;
    return nullptr;
  }
  const JudgedSignal& judged = evaluator_.add(s);
  if (keep_candidates_) verdicts_.emplace_back(accepted ? "accepted" : rejection_reason);
  if (accepted) {
    by_verdict_["accepted"].add(judged);
    return &judged;
  }
  by_verdict_["rejected"].add(judged);
  by_verdict_["rejected: " + std::string(rejection_reason)].add(judged);
  return &judged;
}

std::string to_candidate_jsonl(const JudgedSignal& candidate, std::string_view verdict) {
  std::string line = to_jsonl(candidate.signal);
  line.pop_back();  // the object's closing brace: two fields follow
  if (verdict == "accepted") return line + R"(,"accepted":true,"rejection_reason":null})";
  // Reasons are the validator's snake_case names: nothing to escape.
  return line + R"(,"accepted":false,"rejection_reason":")" + std::string(verdict) + "\"}";
}

std::string to_candidate_jsonl(const FilterCheck& check, std::size_t i) {
  return to_candidate_jsonl(check.judged()[i], check.verdicts()[i]);
}

}  // namespace alphapulse::evaluation
