// feed/market_event: what a source hands the engine for one stream: a closed or still-forming
// candle with both clocks (the exchange's times inside the candle, and the local time the
// complete message was held). Trivially copyable: it crosses SPSC rings between the feed's
// network thread and the stream's worker.
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/candle.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::feed {

// A stream is one (symbol, timeframe); ids are dense, assigned by the engine at start.
using StreamId = std::uint32_t;

struct StreamSpec {
  core::Symbol symbol;  // exchange spelling, "BTCUSDT"
  core::Timeframe timeframe = core::Timeframe::k15m;
};

enum class CandleState : std::uint8_t {
  kClosed,   // final: x = true, a REST backfill row, or a replayed row
  kForming,  // provisional update of the candle still open (x = false): read through peek only
};

struct MarketEvent {
  StreamId stream = 0;
  CandleState state = CandleState::kClosed;
  core::Candle candle;  // candle.received_time: local clock when the complete message was held
  std::int64_t receive_ns = 0;  // steady clock (ns) at the same moment, for latency histograms
};
static_assert(std::is_trivially_copyable_v<MarketEvent>);

}  // namespace alphapulse::feed
