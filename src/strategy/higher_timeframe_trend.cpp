#include "strategy/higher_timeframe_trend.hpp"

#include "core/candle_aggregator.hpp"

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
    : source_ms_(core::duration(source).count),
      target_ms_(core::duration(target).count),
      parts_needed_(core::CandleAggregator::supports(source, target)
                        ? static_cast<int>(target_ms_ / source_ms_)
                        : 0) {}

std::optional<double> HigherTimeframeCloses::update(const core::Candle& c) noexcept {
  const std::int64_t open = c.open_time.ms;
  const bool out_of_order = has_last_source_ && open <= last_source_open_;
  if (parts_needed_ == 0 || out_of_order) return std::nullopt;
  // open > last_source_open_ here, so the unsigned difference is the exact one.
  const bool next_after_last =
      has_last_source_ &&
      static_cast<std::uint64_t>(open) - static_cast<std::uint64_t>(last_source_open_) ==
          static_cast<std::uint64_t>(source_ms_);
  if (!next_after_last && !core::is_aligned(c.open_time, core::DurationMs{source_ms_})) {
    return std::nullopt;
  }
  has_last_source_ = true;
  last_source_open_ = open;

  const auto target = static_cast<std::uint64_t>(target_ms_);
  const std::uint64_t offset =
      static_cast<std::uint64_t>(open) - static_cast<std::uint64_t>(known_bucket_open_);
  if (has_known_bucket_ && open >= known_bucket_open_ && offset < target) {
    // the bucket of the last accepted candle
  } else if (has_known_bucket_ && open >= known_bucket_open_ && offset / 2 < target) {
    known_bucket_open_ += target_ms_;
  } else {
    // Floor, not truncation, as CandleAggregator's floor_to_multiple.
    known_bucket_open_ = open - ((open % target_ms_) + target_ms_) % target_ms_;
    has_known_bucket_ = true;
  }

  if (parts_ > 0 && known_bucket_open_ != bucket_open_) {
    // The previous bucket is left short; `c` starts the next one.
    const double short_close = bucket_close_;
    bucket_open_ = known_bucket_open_;
    bucket_close_ = c.close;
    parts_ = 1;
    return short_close;
  }
  if (parts_ == 0) bucket_open_ = known_bucket_open_;
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
