// core/candle_aggregator: builds higher-timeframe candles (15m, 1h, 4h, ...) from a stream
// of lower-timeframe closed candles. Used by replay (1m files -> 15m) and by strategy (trend
// on the higher timeframe built from the stream's own candles, no extra feed needed).
#pragma once

#include <cstdint>
#include <optional>

#include "core/candle.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::core {

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
  // Whether `open` (after the last accepted open) is aligned to the source timeframe.
  bool aligned(TimestampMs open) const noexcept;
  // floor(open / target) * target, remembered: the next call usually falls in the same bucket
  // or the one after it.
  TimestampMs bucket_of(TimestampMs open) noexcept;
  // Adds an accepted candle to the bucket being built (starting it when there is none).
  void add(const Candle& c, TimestampMs bucket_open) noexcept;

  DurationMs source_ms_;
  DurationMs target_ms_;
  int parts_needed_;  // 0 when the pair is unsupported
  Candle bucket_{};
  int parts_ = 0;
  bool has_last_source_ = false;
  TimestampMs last_source_open_;
  bool has_known_bucket_ = false;
  TimestampMs known_bucket_open_;  // the bucket bucket_of() returned last
  std::int64_t ignored_ = 0;
};

}  // namespace alphapulse::core
