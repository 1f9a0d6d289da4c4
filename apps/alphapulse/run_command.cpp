// `alphapulse run`: the main job. With no arguments it starts the Binance-compatible
// simulator in-process on loopback with the bundled sample, connects to it through the real
// WebSocket/REST feed, runs AlphaPulseCore over every stream, stores to ./alphapulse.db,
// prints every signal and a status line. `--exchange binance` is the live mode.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "backends.hpp"
#include "commands.hpp"
#include "config/settings.hpp"
#include "configuration.hpp"
#include "engine/alphapulse_core.hpp"
#include "engine/sinks.hpp"
#include "exchange_sim/exchange_simulator.hpp"
#include "exchange_sim/fault_spec.hpp"
#include "feed/binance_feed.hpp"
#include "strategy/pipeline_settings_check.hpp"

namespace alphapulse::app {
namespace {

volatile std::sig_atomic_t g_stop_requested = 0;
void on_signal(int) {
  g_stop_requested = 1;
}

void submit_to_core(void* context, const feed::MarketEvent& event) {
  static_cast<engine::AlphaPulseCore*>(context)->submit(event);
}

void print_status(const engine::AlphaPulseCore& core, const feed::BinanceFeed& feed,
                  const Backends& backends) {
  const auto p = core.get_performance_summary();
  const auto f = feed.stats();
  std::printf(
      "status  streams %zu | candles %lld (%.0f/s) | decision p50 %.1f us p99 %.1f us | signals "
      "%lld | "
      "filter %.0f%% | feed closed %llu warmup %llu frames %llu malformed %llu dup %llu backfilled "
      "%llu "
      "reconnects %llu%s%s\n",
      core.streams().size(), static_cast<long long>(p.candles_processed), p.candles_per_sec,
      p.p50_latency_ms * 1e3, p.p99_latency_ms * 1e3, static_cast<long long>(p.total_signals),
      p.filter_rate * 100, static_cast<unsigned long long>(f.closed_delivered),
      static_cast<unsigned long long>(f.warmup_candles), static_cast<unsigned long long>(f.frames),
      static_cast<unsigned long long>(f.malformed),
      static_cast<unsigned long long>(f.duplicates_dropped),
      static_cast<unsigned long long>(f.candles_backfilled),
      static_cast<unsigned long long>(f.reconnects),
      backends.store_errors() ? " | store errors!" : "", backends.status().c_str());
  std::fflush(stdout);
}

bool is_directory(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_directory(path, error);
}

// The simulator's data directory. The default, "data/sample", is relative to the repository
// root, where scripts/run.sh runs; from any other directory it names nothing, so the sample
// this binary was built with is used instead (its absolute path is compiled in). A directory
// the user named is never replaced. Checked before storage is opened, so that a wrong path
// leaves no empty database behind.
std::optional<std::string> simulator_data_dir(const std::string& configured, std::string& error) {
  if (is_directory(configured)) return configured;
#ifdef ALPHAPULSE_BUNDLED_SAMPLE_DIR
  if (configured == config::Settings{}.sim_data_dir && is_directory(ALPHAPULSE_BUNDLED_SAMPLE_DIR))
    return std::string(ALPHAPULSE_BUNDLED_SAMPLE_DIR);
#endif
  std::error_code cwd_error;
  const std::filesystem::path cwd = std::filesystem::current_path(cwd_error);
  const bool relative = std::filesystem::path(configured).is_relative();
  error = "simulator data directory '" + configured + "' is not a directory" +
          (relative && !cwd_error ? " (relative to " + cwd.string() + ")" : std::string()) +
          "; pass --sim-data-dir DIR, a directory of SYMBOL_TIMEFRAME.csv candle files such as "
          "the repository's data/sample";
  return std::nullopt;
}

}  // namespace

int run_engine(const RunOptions& options) {
  const std::optional<Configuration> configured =
      load_configuration(options.env_file, options.config_file, options.flags);
  if (!configured) return 2;
  const config::Settings& s = configured->settings;
  const strategy::PipelineSettings& pipeline = configured->pipeline;

  std::string sim_data_dir;
  if (s.exchange == config::ExchangeMode::kSimulator) {
    std::string error;
    const auto dir = simulator_data_dir(s.sim_data_dir, error);
    if (!dir) {
      std::fprintf(stderr, "error: %s\n", error.c_str());
      return 2;
    }
    sim_data_dir = *dir;
  }

  // Storage first: a bad database path should fail before anything connects.
  Backends backends;
  if (auto error = Backends::open(s, backends)) {
    std::fprintf(stderr, "error: %s\n", error->c_str());
    return 2;
  }

  engine::CoreOptions core_options;
  core_options.pipeline = pipeline;
  core_options.symbols = s.symbols;
  core_options.timeframes = s.timeframes;
  core_options.enable_regime_detection = s.enable_regime_detection;
  core_options.enable_ml = s.enable_ml;
  core_options.target_latency_ms = s.target_latency_ms;
  core_options.execution = s.decision_threads == 0 ? engine::Execution::kProducerThread
                                                   : engine::Execution::kWorkerThreads;
  core_options.workers = static_cast<std::size_t>(s.decision_threads);
  core_options.decision_cpu = s.decision_cpu;
  // Only the busy-polling feed has idle turns in which to keep the decision path warm; without
  // it the warmer would be built (a pipeline and its warm-up) and never run.
  if (!s.busy_poll) core_options.keep_warm_interval_us = 0;
  backends.configure(core_options);
  engine::AlphaPulseCore core(core_options);

  std::unique_ptr<exchange_sim::ExchangeSimulator> simulator;
  feed::FeedConfig feed_config;
  feed_config.streams = core.streams();
  feed_config.warmup_candles = static_cast<int>(s.warmup_candles);
  if (core_options.execution == engine::Execution::kProducerThread) {
    feed_config.decision_cpu = s.decision_cpu;  // the feed's io thread is the deciding thread
    feed_config.busy_poll = s.busy_poll;
    if (s.busy_poll) {
      // Between polls that found nothing, the deciding thread keeps its decision path warm.
      feed_config.on_idle = [](void* context) {
        return static_cast<engine::AlphaPulseCore*>(context)->keep_warm();
      };
      feed_config.idle_context = &core;
    }
  }
  if (s.exchange == config::ExchangeMode::kSimulator) {
    exchange_sim::SimulatorConfig sim;
    sim.data_dir = sim_data_dir;
    for (const auto& stream : core.streams()) {
      sim.files_or_streams_filter.push_back(stream.symbol.str() + "_" +
                                            std::string(core::to_string(stream.timeframe)));
    }
    sim.max_speed = s.sim_speed <= 0;
    sim.speed = s.sim_speed > 0 ? s.sim_speed : 1.0;
    sim.start_index = static_cast<std::size_t>(s.warmup_candles);
    if (!s.sim_faults.empty()) {
      std::string error;
      const auto faults = exchange_sim::parse_fault_spec(s.sim_faults, &error);
      if (!faults) {
        std::fprintf(stderr, "config error: sim_faults: %s\n", error.c_str());
        return 2;
      }
      sim.faults = *faults;
    }
    simulator = std::make_unique<exchange_sim::ExchangeSimulator>(sim);
    std::uint16_t port = 0;
    try {
      port = simulator->start();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: simulator: %s\n", e.what());
      return 2;
    }
    // The simulator's exchange time is the data's (e.g. 2024), not the wall clock: the feed's
    // "now" (REST ranges, closedness of the newest row) must follow it.
    feed_config.clock = core::Clock(
        [](const void* simulator_context) {
          return core::TimestampMs{
              static_cast<const exchange_sim::ExchangeSimulator*>(simulator_context)
                  ->stats()
                  .sim_time_ms};
        },
        simulator.get());
    // At max speed hours of exchange time can pass between serving a REST page and parsing
    // it; the feed judges a row's closedness against the clock when it asked (docs/feed.md),
    // so the default margin is right here too.
    feed_config.rest_base_url = "http://127.0.0.1:" + std::to_string(port);
    feed_config.ws_base_url = "ws://127.0.0.1:" + std::to_string(port);
    std::printf("simulator  http://127.0.0.1:%u serving %s (%s)\n", port, sim_data_dir.c_str(),
                sim.max_speed ? "max speed" : (std::to_string(sim.speed) + "x real time").c_str());
  } else if (s.exchange == config::ExchangeMode::kBinance) {
    feed_config.rest_base_url = "https://api.binance.com";
    feed_config.ws_base_url = "wss://stream.binance.com:9443";
  } else {
    feed_config.rest_base_url = s.exchange_url;
    feed_config.ws_base_url = (s.exchange_url.starts_with("https://") ? "wss://" : "ws://") +
                              s.exchange_url.substr(s.exchange_url.find("://") + 3);
  }

  engine::ConsoleSink console;
  std::unique_ptr<engine::JsonlSink> jsonl;
  core.add_sink(&backends.attach(core));
  core.add_sink(&console);
  if (!s.signals_out.empty()) {
    jsonl = std::make_unique<engine::JsonlSink>(s.signals_out);
    if (!jsonl->ok()) {
      std::fprintf(stderr, "error: cannot write %s\n", s.signals_out.c_str());
      return 2;
    }
    core.add_sink(jsonl.get());
  }

  std::printf("engine     %zu streams, database %s, target latency %.1f ms\n",
              core.streams().size(), config::redacted(s.database_url).c_str(), s.target_latency_ms);
  for (const auto& line : strategy::describe_settings(pipeline))
    std::printf("settings   %s\n", line.c_str());
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  backends.start();
  core.start();
  feed::BinanceFeed feed(feed_config, &submit_to_core, &core);
  feed.start();

  auto last_status = std::chrono::steady_clock::now();
  std::int64_t last_candles = -1;
  int quiet_ticks = 0;
  while (!g_stop_requested) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto now = std::chrono::steady_clock::now();
    if (now - last_status >= std::chrono::milliseconds(s.status_interval_ms)) {
      print_status(core, feed, backends);
      last_status = now;
    }
    if (s.exit_at_end && simulator && simulator->exhausted()) {
      // Exhausted means sent; wait until the feed has delivered and the engine decided all of
      // it (no progress for a second, every ring empty).
      const auto candles = core.get_performance_summary().candles_processed;
      quiet_ticks = (candles == last_candles && core.drained()) ? quiet_ticks + 1 : 0;
      last_candles = candles;
      if (quiet_ticks >= 10) break;
    }
  }
  // Order matters: no new events, then drain the engine into the sinks, then the exchange.
  feed.stop();
  core.stop();
  if (simulator) simulator->stop();
  backends.stop();  // deliver what the relays still hold (bounded), then stop them
  print_status(core, feed, backends);
  const auto p = core.get_performance_summary();
  std::printf(
      "done       %lld candles, %lld signals (%lld stored), decision latency p50 %.1f us p99 %.1f "
      "us "
      "max %.1f us, target %s, events dropped %llu\n",
      static_cast<long long>(p.candles_processed), static_cast<long long>(p.total_signals),
      static_cast<long long>(backends.signals_stored()), p.p50_latency_ms * 1e3,
      p.p99_latency_ms * 1e3, p.max_latency_ms * 1e3, p.latency_target_met ? "met" : "missed",
      static_cast<unsigned long long>(p.events_dropped) +
          static_cast<unsigned long long>(p.sink_items_dropped));
  backends.print_summary();
  if (backends.pending_local() > 0) {
    std::fprintf(stderr, "error: %zu items could not be stored: %s\n", backends.pending_local(),
                 backends.local_error().c_str());
    return 1;
  }
  return 0;
}

}  // namespace alphapulse::app
