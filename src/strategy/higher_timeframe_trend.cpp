#include "strategy/higher_timeframe_trend.hpp"

namespace alphapulse::strategy {

std::optional<core::Timeframe> higher_timeframe(core::Timeframe tf) {
  using core::Timeframe;
  switch (tf) {
    case Timeframe::k1m:
    case Timeframe::k3m:
    case Timeframe::k5m:
      return Timeframe::k15m;
    case Timeframe::k15m:
    case Timeframe::k30m:
      return Timeframe::k1h;
    case Timeframe::k1h:
    case Timeframe::k2h:
      return Timeframe::k4h;
    case Timeframe::k4h:
    case Timeframe::k6h:
    case Timeframe::k8h:
    case Timeframe::k12h:
      return Timeframe::k1d;
    case Timeframe::k1d:
      return std::nullopt;
  }
  return std::nullopt;
}

HigherTimeframeCloses::HigherTimeframeCloses(core::Timeframe source,
                                             core::Timeframe target) noexcept
    : rule_(core::duration(source), core::duration(target)),
      parts_needed_(
          core::CandleAggregator::supports(source, target)
              ? static_cast<int>(core::duration(target).count / core::duration(source).count)
              : 0) {}

// CandleAggregator::update with the close for the whole candle.
std::optional<double> HigherTimeframeCloses::update(const core::Candle& c) noexcept {
  core::TimestampMs taken;
  if (parts_needed_ == 0 || !rule_.take(c.open_time, taken)) return std::nullopt;
  if (parts_ > 0 && taken.ms != bucket_open_) {
    // The previous bucket is left short; `c` starts the next one.
    const double short_close = bucket_close_;
    bucket_open_ = taken.ms;
    bucket_close_ = c.close;
    parts_ = 1;
    return short_close;
  }
  if (parts_ == 0) bucket_open_ = taken.ms;
  bucket_close_ = c.close;
  if (++parts_ == parts_needed_) {
    parts_ = 0;
    return bucket_close_;
  }
  return std::nullopt;
}

HigherTimeframeTrend::HigherTimeframeTrend(core::Timeframe stream_timeframe)
    : enabled_(higher_timeframe(stream_timeframe).has_value()),
      // Without a higher timeframe the closes are never fed; any valid pair will do.
      closes_(enabled_ ? stream_timeframe : core::Timeframe::k1m,
              higher_timeframe(stream_timeframe).value_or(core::Timeframe::k15m)) {}

void HigherTimeframeTrend::update(const core::Candle& c) noexcept {
  if (!enabled_) return;
  if (const auto finished_close = closes_.update(c)) {
    ema_fast_.update(*finished_close);
    ema_slow_.update(*finished_close);
  }
}

int HigherTimeframeTrend::direction() const noexcept {
  if (!enabled_ || !ema_slow_.ready()) return 0;
  double fast = ema_fast_.value();
  double slow = ema_slow_.value();
  if (const auto forming_close = closes_.forming_close()) {
    fast = ema_fast_.peek(*forming_close);
    slow = ema_slow_.peek(*forming_close);
  }
  if (fast > slow) return 1;
  if (fast < slow) return -1;
  return 0;
}

}  // namespace alphapulse::strategy
