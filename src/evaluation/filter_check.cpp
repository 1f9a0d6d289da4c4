// evaluation/filter_check: see filter_check.hpp.
#include "evaluation/filter_check.hpp"

#include <utility>

namespace alphapulse::evaluation {

FilterCheck::FilterCheck(std::vector<core::Candle> candles, double fee_rate_per_side)
    : evaluator_(std::move(candles), fee_rate_per_side) {}

void FilterCheck::add(const core::Signal& as_if_signalled, bool accepted,
                      std::string_view rejection_reason) {
  const core::Signal& s = as_if_signalled;
  if (!core::levels_make_a_trade(s.entry_price, s.stop_loss, s.take_profits[3])) {
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
