// exchange_sim/simulator_config: what the simulator is asked to do (SimulatorConfig) and what
// it reports having done (SimulatorStats). Plain values, shared by the library API and the CLI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "exchange_sim/fault_spec.hpp"

namespace alphapulse::exchange_sim {

struct SimulatorConfig {
  std::filesystem::path data_dir;  // SYMBOL_TIMEFRAME.csv files
  // Which SYMBOL_TF to serve ("BTCUSDT_15m", "BTCUSDT_15m.csv" or "btcusdt@kline_15m");
  // empty: every candle file of data_dir.
  std::vector<std::string> files_or_streams_filter;
  std::uint16_t port = 0;         // 0: ephemeral
  double speed = 1.0;             // simulated ms per real ms
  bool max_speed = false;         // as fast as each client reads (one message per completed write)
  std::size_t start_index = 500;  // the clock starts at the open time of this candle
  FaultSpec faults;
  std::uint64_t seed = 1;
  std::int64_t ping_interval_ms = 20000;
  std::int64_t pong_timeout_ms = 60000;
  std::size_t forming_updates = 3;  // x=false updates per candle, at k/(n+1) of the interval
  // Connection rotation like Binance's 24 h limit (0: never): serverShutdown is sent
  // shutdown_grace_ms before the connection is closed.
  std::int64_t connection_lifetime_ms = 0;
  // After a serverShutdown event (on demand or before rotation) the connection is closed this
  // much real time later unless the client closes first.
  std::int64_t shutdown_grace_ms = 5000;
};

struct SimulatorStats {
  std::int64_t sim_time_ms = 0;
  bool exhausted = false;
  std::uint64_t http_requests = 0;  // REST requests answered (429s included)
  std::uint64_t rest_429 = 0;
  std::uint64_t ws_connections = 0;  // accepted WebSocket handshakes
  std::uint64_t ws_open = 0;         // currently open
  std::uint64_t frames_sent = 0;     // text frames written (kline, control replies, shutdown)
  std::uint64_t klines_forming = 0;  // x=false kline messages written
  std::uint64_t klines_closed = 0;   // x=true kline messages written
  std::uint64_t dropped = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t reordered = 0;
  std::uint64_t malformed = 0;
  std::uint64_t disconnects = 0;  // disconnect_every closes
  std::uint64_t stalls = 0;
  std::uint64_t pings_sent = 0;
  std::uint64_t pongs_received = 0;
  std::uint64_t pong_timeouts = 0;     // connections closed for a missing pong
  std::uint64_t server_shutdowns = 0;  // serverShutdown events sent
};

std::string to_string(const SimulatorStats& stats);  // one "key=value" per line

}  // namespace alphapulse::exchange_sim
