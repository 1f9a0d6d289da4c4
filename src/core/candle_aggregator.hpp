// core/candle_aggregator: builds higher-timeframe candles (15m, 1h, 4h, ...) from a stream
// of lower-timeframe closed candles. Used by replay (1m files -> 15m) and by strategy (trend
// on the higher timeframe built from the stream's own candles, no extra feed needed).
#pragma once

#include <cstdint>
#include <optional>

#include "core/candle.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::core {

// Whether a source candle is taken into a target bucket, and which bucket: the rule of
// CandleAggregator, shared with what aggregates less than whole candles (the strategy's
// higher-timeframe trend keeps only closes). A candle is taken when its open time is after the
// last one taken and aligned to the source timeframe; its bucket opens at
// floor(open / target) * target (floor, not truncation, so buckets stay UTC-aligned for any
// sign of timestamp). Inline: it runs at every candle of every stream.
class CandleBucketRule {
 public:
  CandleBucketRule(DurationMs source, DurationMs target) noexcept
      : source_ms_(source), target_ms_(target) {}

  // True when a candle opening at `open` is taken (it is then the last one taken), with its
  // bucket's open time in `bucket_open`; false when it is ignored (not after the last one
  // taken, or not aligned). (An out-parameter, not an optional: the optional went through the
  // stack at every candle.)
  bool take(TimestampMs open, TimestampMs& bucket_open) noexcept {
    if (has_last_source_ && open <= last_source_open_) return false;
    if (!aligned(open)) return false;
    has_last_source_ = true;
    last_source_open_ = open;
    bucket_open = bucket_of(open);
    return true;
  }

 private:
  // The three 64-bit divisions of the alignment test and the bucket floor cost more than the
  // rest of an update, so the usual case skips them: a candle right after the last one taken
  // (which was aligned) is aligned, and a candle in the last bucket met or the one after it
  // gets that bucket's open by one comparison. Anything else takes the divisions.
  bool aligned(TimestampMs open) const noexcept {
    // open > last_source_open_ here, so the unsigned difference is the exact one.
    const bool next_after_last =
        has_last_source_ &&
        static_cast<std::uint64_t>(open.ms) - static_cast<std::uint64_t>(last_source_open_.ms) ==
            static_cast<std::uint64_t>(source_ms_.count);
    return next_after_last || is_aligned(open, source_ms_);
  }
  // floor(open / target) * target, remembered: the next call usually falls in the same bucket
  // or the one after it.
  TimestampMs bucket_of(TimestampMs open) noexcept {
    const auto target = static_cast<std::uint64_t>(target_ms_.count);
    if (has_known_bucket_ && open.ms >= known_bucket_open_.ms) {
      const std::uint64_t offset =
          static_cast<std::uint64_t>(open.ms) - static_cast<std::uint64_t>(known_bucket_open_.ms);
      if (offset < target) return known_bucket_open_;
      if (offset / 2 < target) {  // offset < 2 * target without overflowing
        known_bucket_open_.ms += target_ms_.count;
        return known_bucket_open_;
      }
    }
    const std::int64_t step = target_ms_.count;
    known_bucket_open_ = TimestampMs{open.ms - ((open.ms % step) + step) % step};
    has_known_bucket_ = true;
    return known_bucket_open_;
  }

  DurationMs source_ms_;
  DurationMs target_ms_;
  bool has_last_source_ = false;
  TimestampMs last_source_open_;
  bool has_known_bucket_ = false;
  TimestampMs known_bucket_open_;  // the bucket bucket_of() returned last
};

class CandleAggregator {
 public:
  // True when every `target` bucket is a whole number of `source` candles (1m -> 15m,
  // 1h -> 4h, 15m -> 15m; not 3m -> 5m nor 1h -> 15m).
  static bool supports(Timeframe source, Timeframe target);

  // Precondition: supports(source, target); asserted in debug builds, and in release
  // builds every update() is then ignored.
  CandleAggregator(Timeframe source, Timeframe target);

  struct Finished {
    Candle candle;
    bool complete;     // every source candle of the bucket was seen
    int source_count;  // how many were
  };

  // Feed closed source candles in time order. Returns the finished target candle when `c`
  // completes its bucket (then at once, with complete == true) or starts a new one while the
  // previous bucket is still short of candles (then complete == false).
  //
  // Ignored, and counted in ignored(): a candle whose open time is not after the last one
  // accepted (a duplicate or an out-of-order one; counting it would double its volume or
  // reopen a finished bucket, and the first candle of an open time is the one already
  // emitted downstream), and a candle not aligned to the source timeframe.
  std::optional<Finished> update(const Candle& c) noexcept;

  // The bucket being built, as a still-forming candle (for peek). nullopt before any input
  // and right after a bucket was finished.
  std::optional<Candle> forming() const noexcept;

  // Closes the last bucket, e.g. at the end of a file. Complete only if it is full.
  std::optional<Finished> flush() noexcept;

  DurationMs target_duration() const { return target_ms_; }
  std::int64_t ignored() const { return ignored_; }

 private:
  // Adds an accepted candle to the bucket being built (starting it when there is none).
  void add(const Candle& c, TimestampMs bucket_open) noexcept;

  DurationMs target_ms_;
  int parts_needed_;  // 0 when the pair is unsupported
  CandleBucketRule rule_;
  Candle bucket_{};
  int parts_ = 0;
  std::int64_t ignored_ = 0;
};

}  // namespace alphapulse::core
