// strategy/higher_timeframe_trend: the trend of the next higher timeframe (15m -> 1h,
// 1h -> 4h, ...), built by aggregating the stream's own candles so no second feed is needed.
// Completed higher-timeframe candles update EMA(20) and EMA(50) of their closes; the one
// still forming is only ever read through peek, so a decision at a 15m close sees exactly
// the part of the hour that has happened.
#pragma once

#include <cstdint>
#include <optional>

#include "core/candle.hpp"
#include "core/candle_aggregator.hpp"
#include "core/timeframe.hpp"
#include "ta/ema.hpp"

namespace alphapulse::strategy {

// The timeframe trend alignment is judged against: 1m/3m/5m -> 15m, 15m/30m -> 1h,
// 1h/2h -> 4h, 4h..12h -> 1d; nullopt for 1d.
std::optional<core::Timeframe> higher_timeframe(core::Timeframe tf);

// The closes of the higher-timeframe candles a core::CandleAggregator builds from the stream's
// candles, and nothing else of them: the same source candles taken or ignored and the same
// buckets (its core::CandleBucketRule), finished at the same candles (complete, or short when
// the next bucket starts). The
// trend reads only closes; with the full aggregate (high, low, four volume sums, trades) and
// its 120-byte optional<Finished> returned through memory, the trend's update cost ~105
// instructions a candle, ~54 without (session 10).
class HigherTimeframeCloses {
 public:
  // Precondition: core::CandleAggregator::supports(source, target).
  HigherTimeframeCloses(core::Timeframe source, core::Timeframe target) noexcept;
  // The close of the bucket `c` finishes, as CandleAggregator::update's candle.close.
  std::optional<double> update(const core::Candle& c) noexcept;
  // The close of the bucket being built, as CandleAggregator::forming()'s close.
  std::optional<double> forming_close() const noexcept {
    return parts_ > 0 ? std::optional<double>(bucket_close_) : std::nullopt;
  }

 private:
  core::CandleBucketRule rule_;
  std::int64_t bucket_open_ = 0;
  double bucket_close_ = 0;
  int parts_needed_;
  int parts_ = 0;
};

class HigherTimeframeTrend {
 public:
  explicit HigherTimeframeTrend(core::Timeframe stream_timeframe);

  // Feed every closed candle of the stream, in order.
  void update(const core::Candle& c) noexcept;
  // +1 up, -1 down, 0 unknown (warming up, or no higher timeframe): the fast EMA against the
  // slow one, each peeked with the forming higher-timeframe candle's close.
  int direction() const noexcept;
  bool ready() const noexcept { return ema_slow_.ready(); }

 private:
  bool enabled_;
  HigherTimeframeCloses closes_;
  ta::Ema ema_fast_{20};
  ta::Ema ema_slow_{50};
};

}  // namespace alphapulse::strategy
