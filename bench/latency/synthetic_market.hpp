// bench/latency/synthetic_market: the data the latency benchmark's simulator serves, made from
// the bundled sample alone (no ../shared): N symbols, each a different price scale and a
// different, perturbed walk through the sample's candle shapes, written as SYMBOL_TF.csv for
// every requested timeframe (higher ones aggregated from the base with core::CandleAggregator,
// so they are consistent the way Binance's are). The timeline is laid out so that the
// simulator's clock starts exactly at `clock_start` and every stream has `history` candles
// behind it: what comes after is the live phase, and its size is known in advance.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::bench {

struct SyntheticMarketSpec {
  std::filesystem::path sample_csv;  // a project-format 15m (or any) candle file
  std::filesystem::path out_dir;     // created if missing
  int symbols = 100;
  std::vector<core::Timeframe> timeframes;  // first = base; the others whole multiples of it
  std::size_t history = 500;                // candles of every stream before the clock start
  // Live span in candles of the LONGEST timeframe (e.g. 4h): every stream ends there.
  std::size_t live_top_candles = 50;
  std::uint64_t seed = 7;
};

struct SyntheticMarket {
  std::vector<std::string> symbols;
  core::TimestampMs clock_start;        // the simulator's clock start (start_index = history)
  std::uint64_t live_closed = 0;        // candles closing after clock_start, all streams
  std::uint64_t per_stream_live[16]{};  // by position in spec.timeframes
  std::string error;                    // non-empty: nothing usable was written
};

SyntheticMarket write_synthetic_market(const SyntheticMarketSpec& spec);

}  // namespace alphapulse::bench
