// feed/stream_sequencer: the per-stream rule "every closed candle exactly once, in open-time
// order", whatever the network does. Inputs are live updates (WebSocket, closed or forming, in
// any order, duplicated, with holes) and REST backfill rows; output is the ordered event list
// to hand on. Pure logic: no I/O, no clock reads, no threads (the feed owns those), so every
// path is unit-tested with hand-built sequences.
//
// How: `last` is the open time of the last closed candle delivered. A closed candle at
// last + interval is delivered (then any held successors); at or before `last` it is a
// duplicate / out-of-order and dropped (counted); further ahead it is held and the range in
// between is reported by backfill_needed(). Any live event ahead of last + interval proves the
// candles before it closed (the README's "finalize a candle when an event with a newer t
// arrives"), so it also opens a gap: the closed values come from REST, never from a forming
// update. The `anchor` of a gap is the newest open time known to exist after it; the REST
// request runs up to and including it, so a missing row followed by a returned one is proof
// that the exchange has no candle there (an outage): the gap is skipped, counted and reported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/candle.hpp"
#include "core/prefetch.hpp"
#include "core/time.hpp"
#include "feed/market_event.hpp"

namespace alphapulse::feed {

// Open times to fetch by REST, both inclusive. `to` is the anchor: a candle known to exist
// (it may still be forming) so that the response proves or disproves every slot before it.
struct BackfillRange {
  core::TimestampMs from;
  core::TimestampMs to;
  friend bool operator==(const BackfillRange&, const BackfillRange&) = default;
};

// A range of open times (inclusive) skipped because the exchange has no candles there.
struct SkippedRange {
  core::TimestampMs from;
  core::TimestampMs to;
  std::int64_t missing = 0;
  bool confirmed = true;  // false: skipped after max_incomplete_backfills without proof
  bool warmup = false;    // inside the warm-up history (e.g. before the symbol was listed)
};

struct SequencerStats {
  std::uint64_t closed_delivered = 0;
  std::uint64_t forming_delivered = 0;
  std::uint64_t duplicates = 0;            // closed candle already delivered or already held
  std::uint64_t out_of_order = 0;          // closed candle older than the last delivered one
  std::uint64_t stale_forming = 0;         // forming update for a candle closed or superseded
  std::uint64_t forming_suppressed = 0;    // forming update while earlier candles are missing
  std::uint64_t held = 0;                  // closed candles held behind a gap
  std::uint64_t held_overflow = 0;         // not held because max_held was reached
  std::uint64_t gaps_detected = 0;         // live gaps opened (warm-up excluded)
  std::uint64_t gaps_backfilled = 0;       // live gaps closed with at least one REST candle
  std::uint64_t candles_backfilled = 0;    // closed candles delivered from REST after a gap
  std::uint64_t warmup_candles = 0;        // closed candles delivered from the warm-up
  std::uint64_t backfill_overlap = 0;      // REST rows already delivered (dropped)
  std::uint64_t outage_gaps = 0;           // live gaps skipped: the exchange has no candles
  std::uint64_t outage_candles = 0;        // candles in those gaps
  std::uint64_t forced_skips = 0;          // of the outage gaps, skipped without proof
  std::uint64_t incomplete_backfills = 0;  // responses that neither filled nor disproved a slot
};

class StreamSequencer {
 public:
  struct Options {
    std::size_t max_held = 4096;
    // Responses that say nothing about the first missing slot before it is skipped anyway.
    int max_incomplete_backfills = 5;
    // A REST row with no later row is closed only if close_time + margin < asked_at, the
    // time the request was sent (the last row of a klines response can be the candle still
    // open; the margin absorbs clock skew). Never the time the answer arrived: the exchange
    // snapshot the row somewhere in between, so a row open when served can have closed by
    // the time it is parsed (by far, when the exchange runs at accelerated speed).
    core::DurationMs closed_margin{2000};
  };

  StreamSequencer(StreamId stream, core::DurationMs interval);
  StreamSequencer(StreamId stream, core::DurationMs interval, Options options);

  // Warm-up: deliver closed candles from `first_open` on (all of them up to `now` come from the
  // backfill range this opens).
  void begin(core::TimestampMs first_open, core::TimestampMs now);
  // After a (re)connect: every candle that closed before `now` is due; opens a gap if some
  // may have been missed.
  void note_reconnect(core::TimestampMs now);

  // A live update (state kClosed or kForming). Returns the events to deliver now, in order;
  // the span is valid until the next call.
  std::span<const MarketEvent> on_live(const MarketEvent& event);

  // The range to fetch, when candles are missing.
  std::optional<BackfillRange> backfill_needed() const;

  // The rows (ascending open time) REST returned for `requested`. `asked_at` is the clock
  // when the (first page's) request was sent, before the exchange served any row; closedness
  // of the last row is judged against it. `receive_ns` is when the response was held; rows
  // keep their own received_time.
  std::span<const MarketEvent> on_backfill(const BackfillRange& requested,
                                           std::span<const core::Candle> rows,
                                           core::TimestampMs asked_at, std::int64_t receive_ns);

  // Ranges skipped during the last call (for logging).
  std::span<const SkippedRange> skipped() const { return skipped_; }
  std::optional<core::TimestampMs> last_closed() const { return last_; }
  std::size_t held_count() const { return held_.size(); }
  const SequencerStats& stats() const { return stats_; }
  // Asks for the lines on_live writes its output to, for an update expected soon.
  void prefetch_output() const noexcept { core::prefetch_lines(out_.data(), out_.data() + 1); }

  StreamId stream() const { return stream_; }
  core::DurationMs interval() const { return interval_; }

 private:
  bool gap_outstanding() const;
  void note_gap(core::TimestampMs anchor);
  void deliver_closed(const MarketEvent& event);
  void release_held();
  void skip_to(core::TimestampMs next_open, bool confirmed);
  void check_resolved();
  core::TimestampMs align_down(core::TimestampMs t) const;

  StreamId stream_;
  core::DurationMs interval_;
  Options options_;
  std::optional<core::TimestampMs> last_;
  std::optional<core::TimestampMs> anchor_;
  std::vector<MarketEvent> held_;  // closed, ascending open time, all > last + interval
  std::vector<MarketEvent> out_;
  std::vector<SkippedRange> skipped_;
  int incomplete_ = 0;
  bool warmup_ = false;
  std::uint64_t gap_rest_candles_ = 0;
  SequencerStats stats_;
};

}  // namespace alphapulse::feed
