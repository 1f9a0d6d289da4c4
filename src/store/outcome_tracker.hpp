// store/outcome_tracker: decides live, candle by candle, the outcome of one stream's
// pending signals, so the signals table can be updated (pending -> win/loss/expired) while
// the engine runs. The rules are not coded here: each pending signal's path (the candles
// after its candle, at most evaluation::kOutcomeWindow) is judged by
// evaluation::evaluate_outcome, the single implementation of EVALUATION.md's rules, so a
// live decision is by construction the one the evaluator makes on the same candles.
//
// Fixed capacity, no allocation after construction: the stream's last 96 candles are kept
// once, written twice into a buffer of 2 x 96 so that every pending signal's path is one
// contiguous span. Cost per candle: O(pending x candles since each signal), at most
// max_pending x 96 candle checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/candle.hpp"
#include "core/fixed_string.hpp"
#include "core/signal.hpp"
#include "evaluation/outcome.hpp"
#include "store/store_item.hpp"

namespace alphapulse::store {

struct OutcomeDecision {
  core::FixedString<32> signal_id;
  core::SignalOutcome outcome = core::SignalOutcome::kPending;  // win, loss or expired
  core::TimestampMs decided_at;  // close time of the deciding candle (the 96th if expired)
  std::size_t candles_to_resolution = 0;

  OutcomeUpdate as_update() const { return OutcomeUpdate{signal_id, outcome, decided_at}; }
};

class OutcomeTracker {
 public:
  enum class AddResult : std::uint8_t {
    kAdded,
    kFull,       // max_pending signals are already tracked (counted in refused())
    kStale,      // the tracker has already seen candles after the signal's candle
    kDuplicate,  // a signal with this id is already tracked (a replayed candle re-emitted it)
  };

  explicit OutcomeTracker(std::size_t max_pending);

  // Tracks `signal` from the next candle on. Call it before on_candle() of the candle after
  // the signal's candle.
  AddResult add(const core::Signal& signal);

  // Tracks a signal stored as pending by an earlier run (resumed at start-up), before this
  // tracker has seen any candle (else kStale). Candles up to the signal's own are skipped as
  // usual; its path must then start with the very next candle: when the first candle after
  // the signal's is later than that (the history fetched at start does not reach back to it),
  // the signal cannot be judged and is dropped (counted in unjudgeable()), never judged on a
  // path with a hole.
  AddResult resume(const core::Signal& signal);

  // Feeds the stream's next closed candle. Returns the signals decided by it, valid until
  // the next call. A candle not after the previous one is ignored (ignored_candles()).
  std::span<const OutcomeDecision> on_candle(const core::Candle& closed);

  std::size_t pending() const { return pending_.size(); }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t refused() const { return refused_; }
  std::uint64_t ignored_candles() const { return ignored_candles_; }
  std::uint64_t unjudgeable() const { return unjudgeable_; }

 private:
  static constexpr std::size_t kWindow = evaluation::kOutcomeWindow;

  struct Pending {
    core::FixedString<32> signal_id;
    evaluation::TradePlan plan;
    core::TimestampMs candle_open_time;
    std::uint64_t first_candle = 0;  // index of the first candle of its path
    // Resumed signals only: the open time the first candle of the path must have.
    core::TimestampMs required_first_open{INT64_MIN};
  };

  AddResult track(const core::Signal& signal, bool resumed);

  std::size_t capacity_;
  std::vector<Pending> pending_;            // reserved to capacity_
  std::vector<OutcomeDecision> decisions_;  // reserved to capacity_
  std::vector<core::Candle> window_;        // 2 x kWindow, each candle at i % W and i % W + W
  std::uint64_t candles_seen_ = 0;
  core::TimestampMs last_open_time_{INT64_MIN};
  std::uint64_t refused_ = 0;
  std::uint64_t ignored_candles_ = 0;
  std::uint64_t unjudgeable_ = 0;
};

}  // namespace alphapulse::store
