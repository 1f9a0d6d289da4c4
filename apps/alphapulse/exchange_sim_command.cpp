// apps/alphapulse/exchange_sim_command: `alphapulse exchange-sim`: runs the Binance-compatible
// exchange simulator (exchange_sim) until SIGINT/SIGTERM, or until all data is sent with
// --exit-when-exhausted, then prints its counters.
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <iostream>
#include <string>
#include <thread>

#include "commands.hpp"
#include "core/time.hpp"
#include "exchange_sim/exchange_simulator.hpp"

namespace alphapulse::app {
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void request_stop(int) {
  g_stop_requested.store(true);
}

}  // namespace

int run_exchange_sim(const ExchangeSimOptions& options) {
  exchange_sim::SimulatorConfig config;
  config.data_dir = options.data_dir;
  config.files_or_streams_filter = options.streams;
  config.port = options.port;
  config.start_index = options.start_index;
  config.seed = options.seed;
  config.ping_interval_ms = options.ping_interval_ms;
  config.pong_timeout_ms = options.pong_timeout_ms;
  if (options.speed == "max") {
    config.max_speed = true;
  } else {
    double speed = 0;
    const auto& text = options.speed;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), speed);
    if (ec != std::errc{} || end != text.data() + text.size() || !(speed > 0)) {
      std::cerr << "exchange-sim: --speed must be a positive number or 'max', got '" << text
                << "'\n";
      return 2;
    }
    config.speed = speed;
  }
  std::string error;
  const auto faults = exchange_sim::parse_fault_spec(options.faults, &error);
  if (!faults) {
    std::cerr << "exchange-sim: --faults: " << error << '\n';
    return 2;
  }
  config.faults = *faults;

  exchange_sim::ExchangeSimulator simulator(config);
  std::uint16_t port = 0;
  try {
    port = simulator.start();
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  const auto start = simulator.stats();
  std::cout << "exchange-sim: REST http://127.0.0.1:" << port
            << "/api/v3/  WebSocket ws://127.0.0.1:" << port << "/stream?streams=...\n"
            << "exchange-sim: clock starts at " << core::format_iso8601({start.sim_time_ms})
            << ", speed " << (config.max_speed ? std::string("max") : options.speed)
            << (config.faults.any() ? ", faults " + exchange_sim::to_string(config.faults)
                                    : std::string())
            << '\n'
            << std::flush;

  while (!g_stop_requested.load()) {
    if (options.exit_when_exhausted && simulator.exhausted()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the last frames leave
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  simulator.stop();
  std::cout << exchange_sim::to_string(simulator.stats());
  return 0;
}

}  // namespace alphapulse::app
