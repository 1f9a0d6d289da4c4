// core/candle_aggregator: builds higher-timeframe candles (15m, 1h, 4h, ...) from a stream
// of lower-timeframe closed candles. Used by replay (1m files -> 15m) and by strategy (trend
// on the higher timeframe built from the stream's own candles, no extra feed needed).
#pragma once

#include <optional>

#include "core/candle.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::core {

class CandleAggregator {
 public:
  CandleAggregator(Timeframe source, Timeframe target);

  // Feed closed source candles in time order. Returns the finished target candle when
  // `c` starts a new bucket (the previous bucket is then complete or, if source candles
  // were missing, reported with complete == false).
  struct Finished {
    Candle candle;
    bool complete;  // every source candle of the bucket was seen
  };
  std::optional<Finished> update(const Candle& c) noexcept;

  // The bucket being built, as a still-forming candle (for peek). nullopt before any input.
  std::optional<Candle> forming() const noexcept;

  // Closes the last bucket, e.g. at the end of a file. Complete only if it is full.
  std::optional<Finished> flush() noexcept;

  DurationMs target_duration() const { return target_ms_; }

 private:
  DurationMs source_ms_;
  DurationMs target_ms_;
  Candle bucket_{};
  int parts_ = 0;
  int parts_needed_;
};

}  // namespace alphapulse::core
