#include "strategy/higher_timeframe_trend.hpp"

namespace alphapulse::strategy {

std::optional<core::Timeframe> higher_timeframe(core::Timeframe tf) {
  using core::Timeframe;
  switch (tf) {
    case Timeframe::k1m:
    case Timeframe::k3m:
    case Timeframe::k5m: return Timeframe::k15m;
    case Timeframe::k15m:
    case Timeframe::k30m: return Timeframe::k1h;
    case Timeframe::k1h:
    case Timeframe::k2h: return Timeframe::k4h;
    case Timeframe::k4h:
    case Timeframe::k6h:
    case Timeframe::k8h:
    case Timeframe::k12h: return Timeframe::k1d;
    case Timeframe::k1d: return std::nullopt;
  }
  return std::nullopt;
}

HigherTimeframeTrend::HigherTimeframeTrend(core::Timeframe stream_timeframe)
    : enabled_(higher_timeframe(stream_timeframe).has_value()),
      // Without a higher timeframe the aggregator is never fed; any valid pair will do.
      aggregator_(enabled_ ? stream_timeframe : core::Timeframe::k1m,
                  higher_timeframe(stream_timeframe).value_or(core::Timeframe::k15m)) {}

void HigherTimeframeTrend::update(const core::Candle& c) noexcept {
  if (!enabled_) return;
  if (const auto finished = aggregator_.update(c)) {
    ema_fast_.update(finished->candle.close);
    ema_slow_.update(finished->candle.close);
  }
}

int HigherTimeframeTrend::direction() const noexcept {
  if (!enabled_ || !ema_slow_.ready()) return 0;
  double fast = ema_fast_.value();
  double slow = ema_slow_.value();
  if (const auto forming = aggregator_.forming()) {
    fast = ema_fast_.peek(forming->close);
    slow = ema_slow_.peek(forming->close);
  }
  if (fast > slow) return 1;
  if (fast < slow) return -1;
  return 0;
}

}  // namespace alphapulse::strategy
