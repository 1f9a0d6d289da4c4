// tests/evaluation/candle_path: hand-built candle paths and signals for the evaluation
// tests. A path is a list of (high, low, close); open times step by 15 minutes from a
// fixed start unless a test gives its own.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/signal.hpp"

namespace alphapulse::evaluation::test {

inline constexpr std::int64_t kStartMs = 1'709'294'400'000;  // 2024-03-01T12:00:00Z
inline constexpr std::int64_t k15mMs = 900'000;

struct Bar {
  double high;
  double low;
  double close;
};

inline core::Candle make_candle(std::int64_t open_ms, const Bar& bar) {
  core::Candle c;
  c.open_time = {open_ms};
  c.close_time = {open_ms + k15mMs - 1};
  c.open = bar.close < bar.low ? bar.low : (bar.close > bar.high ? bar.high : bar.close);
  c.high = bar.high;
  c.low = bar.low;
  c.close = bar.close;
  c.volume = 1;
  return c;
}

// Candles with consecutive 15m open times, the first opening at `first_open_ms`.
inline std::vector<core::Candle> path(const std::vector<Bar>& bars,
                                      std::int64_t first_open_ms = kStartMs + k15mMs) {
  std::vector<core::Candle> out;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    out.push_back(make_candle(first_open_ms + static_cast<std::int64_t>(i) * k15mMs, bars[i]));
  }
  return out;
}

inline void append(std::vector<core::Candle>& candles, std::size_t count, const Bar& bar) {
  std::int64_t next = candles.empty() ? kStartMs + k15mMs : candles.back().open_time.ms + k15mMs;
  for (std::size_t i = 0; i < count; ++i, next += k15mMs) candles.push_back(make_candle(next, bar));
}

// Entry 100; long: TPs 102/104/106/108, stop 98. Short: TPs 98/96/94/92, stop 102.
inline core::Signal make_signal(core::Direction direction, std::string_view id = "sig-1") {
  core::Signal s;
  s.signal_id.assign(id);
  s.symbol.assign("BTCUSDT");
  s.timeframe = core::Timeframe::k15m;
  s.direction = direction;
  s.entry_price = 100;
  const double dir = direction == core::Direction::kLong ? 1.0 : -1.0;
  s.take_profits = {100 + dir * 2, 100 + dir * 4, 100 + dir * 6, 100 + dir * 8};
  s.stop_loss = 100 - dir * 2;
  s.candle_open_time = {kStartMs};
  s.timestamp = {kStartMs + k15mMs};
  return s;
}

}  // namespace alphapulse::evaluation::test
