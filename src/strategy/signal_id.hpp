// strategy/signal_id: the deterministic id of a signal. A rerun of a backtest, a replay and
// the live engine must give the same id for the same decision, so that stores can insert
// idempotently and parity tests can compare signal sets: the id is a pure function of
// (symbol, timeframe, candle open time, direction), never of a clock or a counter.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/fixed_string.hpp"
#include "core/signal.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::strategy {

// "ap-" + 16 hex digits of stable_hash("BTCUSDT|15m|1720569600000|long").
core::FixedString<32> make_signal_id(std::string_view symbol, core::Timeframe timeframe,
                                     core::TimestampMs candle_open_time, core::Direction direction);

// 64-bit FNV-1a: stable across compilers, platforms and runs (std::hash is not).
constexpr std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace alphapulse::strategy
