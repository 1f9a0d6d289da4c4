// exchange_sim/sim_context: the state one simulator instance shares between its listener, its
// HTTP and WebSocket sessions: config, data, clock, counters and the live sessions. Fields
// marked "io thread" are touched only from the simulator's single io thread; the rest are
// read-only after start or atomic, so stats() may read them from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "exchange_sim/fault_injector.hpp"
#include "exchange_sim/market_data.hpp"
#include "exchange_sim/sim_clock.hpp"
#include "exchange_sim/simulator_config.hpp"

namespace alphapulse::exchange_sim {

class WsSession;

struct SimCounters : FaultCounters {
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> ws_connections{0};
  std::atomic<std::uint64_t> ws_open{0};
  std::atomic<std::uint64_t> frames_sent{0};
  std::atomic<std::uint64_t> klines_forming{0};
  std::atomic<std::uint64_t> klines_closed{0};
  std::atomic<std::uint64_t> pings_sent{0};
  std::atomic<std::uint64_t> pongs_received{0};
  std::atomic<std::uint64_t> pong_timeouts{0};
  std::atomic<std::uint64_t> server_shutdowns{0};
};

class SimContext {
 public:
  SimContext(SimulatorConfig config, MarketData data);

  const SimulatorConfig config;
  const MarketData data;
  SimClock clock;
  SimCounters counters;

  FaultInjector rest_faults;                       // io thread
  std::uint64_t next_connection_index = 0;         // io thread
  std::vector<std::weak_ptr<WsSession>> sessions;  // io thread; expired entries pruned on add

  // The closed message of a stream's last candle has left (sent, or consumed by a fault).
  void note_closed_emitted(const StreamData& stream, std::size_t candle_index);
  bool exhausted() const;
  SimulatorStats stats() const;

 private:
  std::unique_ptr<std::atomic<bool>[]> stream_done_;
};

}  // namespace alphapulse::exchange_sim
