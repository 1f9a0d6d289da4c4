// exchange_sim/market_data: the candle streams the simulator serves, loaded once at start from
// SYMBOL_TIMEFRAME.csv files and read-only afterwards (the io thread shares it without locks).
// Also decides where the simulated clock starts, so that every stream has history behind it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::exchange_sim {

struct StreamData {
  std::string symbol;    // exchange spelling, "BTCUSDT"
  std::string interval;  // "15m"
  std::string name;      // stream name, "btcusdt@kline_15m"
  core::Timeframe timeframe = core::Timeframe::k15m;
  core::DurationMs step;
  std::vector<core::Candle> candles;  // open-time order, close_time = open_time + step - 1
  // Trade id of each candle's first trade (synthetic but consistent: ids run on across candles).
  std::vector<std::int64_t> first_trade_id;
  std::filesystem::path file;

  // Index of the first candle with open_time > t (candles.size() when none).
  std::size_t first_open_after(core::TimestampMs t) const;
};

class MarketData {
 public:
  // Loads every SYMBOL_TIMEFRAME.csv of `data_dir`, or only those named in `filter` (entries
  // "BTCUSDT_15m", "BTCUSDT_15m.csv" or "btcusdt@kline_15m"). The clock starts at the latest of
  // the streams' open time of candle min(start_index, size - 1), so each stream has at least
  // min(start_index, size - 1) candles of history. Returns nullopt with `error` on failure.
  static std::optional<MarketData> load(const std::filesystem::path& data_dir,
                                        const std::vector<std::string>& filter,
                                        std::size_t start_index, std::string* error);

  const std::vector<StreamData>& streams() const { return streams_; }
  core::TimestampMs clock_start() const { return clock_start_; }

  const StreamData* find(std::string_view symbol, std::string_view interval) const;
  const StreamData* find_by_name(std::string_view stream_name) const;  // "btcusdt@kline_15m"
  bool has_symbol(std::string_view symbol) const;

 private:
  std::vector<StreamData> streams_;
  core::TimestampMs clock_start_;
};

// "btcusdt@kline_15m" for ("BTCUSDT", "15m").
std::string stream_name(std::string_view symbol, std::string_view interval);

}  // namespace alphapulse::exchange_sim
