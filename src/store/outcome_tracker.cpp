// store/outcome_tracker: see outcome_tracker.hpp.
#include "store/outcome_tracker.hpp"

namespace alphapulse::store {

OutcomeTracker::OutcomeTracker(std::size_t max_pending)
    : capacity_(max_pending), window_(2 * kWindow) {
  pending_.reserve(capacity_);
  decisions_.reserve(capacity_);
}

OutcomeTracker::AddResult OutcomeTracker::add(const core::Signal& signal) {
  return track(signal, false);
}

OutcomeTracker::AddResult OutcomeTracker::resume(const core::Signal& signal) {
  if (candles_seen_ > 0) return AddResult::kStale;
  return track(signal, true);
}

OutcomeTracker::AddResult OutcomeTracker::track(const core::Signal& signal, bool resumed) {
  if (candles_seen_ > 0 && last_open_time_ > signal.candle_open_time) return AddResult::kStale;
  for (const Pending& p : pending_) {
    if (p.signal_id == signal.signal_id) return AddResult::kDuplicate;
  }
  if (pending_.size() == capacity_) {
    ++refused_;
    return AddResult::kFull;
  }
  Pending p{signal.signal_id, evaluation::trade_plan_of(signal), signal.candle_open_time,
            candles_seen_};
  if (resumed) p.required_first_open = signal.candle_open_time + core::duration(signal.timeframe);
  pending_.push_back(p);
  return AddResult::kAdded;
}

std::span<const OutcomeDecision> OutcomeTracker::on_candle(const core::Candle& closed) {
  decisions_.clear();
  if (candles_seen_ > 0 && closed.open_time <= last_open_time_) {
    ++ignored_candles_;
    return {};
  }
  const std::size_t slot = static_cast<std::size_t>(candles_seen_ % kWindow);
  window_[slot] = closed;
  window_[slot + kWindow] = closed;
  last_open_time_ = closed.open_time;
  const std::uint64_t index = candles_seen_++;

  for (std::size_t i = 0; i < pending_.size();) {
    Pending& p = pending_[i];
    if (p.first_candle == index && closed.open_time <= p.candle_open_time) {
      ++p.first_candle;  // the signal's own candle (or one before it): not part of its path
      ++i;
      continue;
    }
    if (p.first_candle == index && p.required_first_open.ms != INT64_MIN &&
        closed.open_time != p.required_first_open) {
      ++unjudgeable_;  // a resumed signal whose next candle is not there: no honest outcome
      pending_[i] = pending_.back();
      pending_.pop_back();
      continue;
    }
    // candles_seen_ - first_candle <= kWindow: a signal is decided at the latest on its 96th.
    const auto length = static_cast<std::size_t>(index + 1 - p.first_candle);
    const std::span<const core::Candle> path(window_.data() + p.first_candle % kWindow, length);
    const evaluation::OutcomeResult result = evaluation::evaluate_outcome(p.plan, path);
    if (!result.judged()) {
      ++i;
      continue;
    }
    decisions_.push_back(OutcomeDecision{p.signal_id, result.outcome,
                                         path[result.candles_to_resolution - 1].close_time,
                                         result.candles_to_resolution});
    pending_[i] = pending_.back();  // order among pending signals does not matter
    pending_.pop_back();
  }
  return decisions_;
}

}  // namespace alphapulse::store
