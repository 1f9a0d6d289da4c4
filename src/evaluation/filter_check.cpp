// evaluation/filter_check: see filter_check.hpp.
#include "evaluation/filter_check.hpp"

#include <cmath>
#include <utility>

namespace alphapulse::evaluation {

FilterCheck::FilterCheck(std::vector<core::Candle> candles) : evaluator_(std::move(candles)) {}

void FilterCheck::add(const core::Signal& as_if_signalled, bool accepted,
                      std::string_view rejection_reason) {
  const core::Signal& s = as_if_signalled;
  if (!(s.stop_loss > 0) || s.stop_loss == s.entry_price || !std::isfinite(s.take_profits[3])) {
    ++without_trade_;
    return;
  }
  const JudgedSignal& judged = evaluator_.add(s);
  if (accepted) {
    by_verdict_["accepted"].add(judged);
    return;
  }
  by_verdict_["rejected"].add(judged);
  by_verdict_["rejected: " + std::string(rejection_reason)].add(judged);
}

}  // namespace alphapulse::evaluation
