// engine/close_order_predictor: which streams' closed candles are expected next, learned from the
// order in which they came at the previous boundary of the same kind.
//
// Why: between two closes of a stream the deciding thread decides every other stream, so a
// stream's state is cold again by its next close, and a live decision computes ~2-3x slower
// than a warm one (docs/performance.md). A boundary's closes come as a burst, in an order an
// exchange keeps from one boundary to the next (the simulator: by subscription). So when a
// close's decision ends, the core asks for the state of the stream expected next
// (AlphaPulseCore::prefetch_expected_closes). A wrong guess costs the prefetch and cache room,
// never a decision: nothing is computed ahead.
//
// Which streams close depends on the boundary (at 10:15 only the 15m streams, at 11:00 the 1h
// ones too, at 12:00 the 4h ones as well), so the order is learned per boundary kind: how many
// of the configured intervals divide the boundary. Within a kind, a stream's successor is the
// stream that closed right after it at the same boundary last time. Pure logic: no clock, no
// memory access to any stream's state; fixed-size tables, nothing allocated per candle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/time.hpp"
#include "feed/market_event.hpp"

namespace alphapulse::engine {

class CloseOrderPredictor {
 public:
  static constexpr feed::StreamId kNone = ~feed::StreamId{0};

  // `intervals`: each stream's interval, by StreamId. `ahead`: how many streams past the latest
  // close next_expected() may name before the next close comes.
  CloseOrderPredictor(const std::vector<core::DurationMs>& intervals, std::size_t ahead);

  // A closed candle of `stream` that opened at `open_time` (its boundary: open time + interval).
  void on_closed(feed::StreamId stream, core::TimestampMs open_time) noexcept;

  // The next stream expected to close after those named since the latest on_closed, at most
  // `ahead` of them; kNone when there is no (further) guess.
  feed::StreamId next_expected() noexcept;

  // The boundary kind: how many distinct configured intervals divide `boundary` (0: none).
  std::size_t kind_of(core::TimestampMs boundary) const noexcept;

  // Closes that followed another close of the same boundary, and of those, the ones whose
  // stream was the learned successor (the order held) and the ones next_expected() had named
  // since the close before (the guess was acted on in time).
  struct Counts {
    std::uint64_t in_burst = 0;
    std::uint64_t successor_right = 0;
    std::uint64_t named_in_time = 0;
  };
  const Counts& counts() const noexcept { return counts_; }

 private:
  std::vector<std::int64_t> interval_ms_of_stream_;
  std::vector<std::int64_t> intervals_ms_;  // distinct, ascending
  std::size_t streams_;
  std::vector<feed::StreamId> successor_;  // [kind * streams_ + stream]
  std::size_t ahead_;
  feed::StreamId last_ = kNone;
  std::int64_t last_boundary_ms_ = 0;
  std::size_t last_kind_ = 0;
  feed::StreamId cursor_ = kNone;
  std::size_t left_ = 0;
  std::size_t named_ = 0;  // how many next_expected() named since the latest on_closed
  Counts counts_;
};

}  // namespace alphapulse::engine
