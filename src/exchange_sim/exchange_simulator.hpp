// exchange_sim/exchange_simulator: the public face of the module. A Binance-compatible exchange
// (REST klines/exchangeInfo/ping/time and kline WebSocket streams on one 127.0.0.1 port) that
// replays candle files on a simulated clock, with optional deterministic faults, for the engine's
// integration tests and for running AlphaPulse end to end without the internet.
#pragma once

#include <cstdint>
#include <memory>

#include "exchange_sim/fault_spec.hpp"
#include "exchange_sim/simulator_config.hpp"

namespace alphapulse::exchange_sim {

class ExchangeSimulator {
 public:
  explicit ExchangeSimulator(SimulatorConfig config);
  ~ExchangeSimulator();  // stops
  ExchangeSimulator(const ExchangeSimulator&) = delete;
  ExchangeSimulator& operator=(const ExchangeSimulator&) = delete;

  // Loads the data, binds 127.0.0.1:config.port (0: ephemeral), starts the io thread and the
  // clock. Returns the bound port. Throws std::runtime_error (bad data dir, port in use, called
  // twice).
  std::uint16_t start();
  // Closes the listener and every connection and joins the io thread. Idempotent.
  void stop();

  // Every candle of every stream has been sent as closed on some connection (or consumed by a
  // drop/malformed fault); streams that end before the clock's start count as done.
  bool exhausted() const;
  SimulatorStats stats() const;
  // Every open WebSocket connection gets a serverShutdown event and is closed
  // config.shutdown_grace_ms later. Thread-safe.
  void send_server_shutdown();

  std::uint16_t port() const;

 private:
  struct Impl;
  SimulatorConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alphapulse::exchange_sim
