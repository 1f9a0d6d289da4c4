// bench/latency/latency_bench: the live-path latency benchmark (EVALUATION.md "Latency and
// throughput"). An exchange simulator in a child process serves N symbols x timeframes over
// loopback WebSocket/REST; this process runs what `alphapulse run` runs (feed::BinanceFeed ->
// engine::AlphaPulseCore -> engine::StoreSink on SQLite) and reports decision latency (frame
// held -> decision final, inbox wait included) and publish latency (-> SQLite commit of the
// batch holding the signal) as p50/p99/p99.9/max, live candles/s and peak RSS.
//
// Phases: the REST warm-up burst (every stream's history) is delivered and decided first; the
// histograms only count candles whose message was held after that point (the engine's
// measure_latency_from), so the live histogram holds live candles only.
// Modes: `paced` runs the simulator clock at a speed chosen so the streams close a given number
// of candles per second in total (closes stay aligned to interval boundaries, as on Binance, so
// they come in bursts); `max` lets the simulator send as fast as the feed reads.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/latency/simulator_process.hpp"
#include "bench/latency/synthetic_market.hpp"
#include "core/cpu_affinity.hpp"
#include "engine/alphapulse_core.hpp"
#include "engine/store_sink.hpp"
#include "feed/binance_feed.hpp"
#include "monitor/latency_histogram.hpp"
#include "monitor/process_memory.hpp"
#include "store/sqlite_store.hpp"

#ifndef ALPHAPULSE_SAMPLE_DIR
#define ALPHAPULSE_SAMPLE_DIR "data/sample"
#endif
#ifndef ALPHAPULSE_BUILD_TYPE
#define ALPHAPULSE_BUILD_TYPE "unknown"
#endif

namespace ap = alphapulse;

namespace {

struct Options {
  int symbols = 100;
  std::vector<ap::core::Timeframe> timeframes{ap::core::Timeframe::k15m, ap::core::Timeframe::k1h,
                                              ap::core::Timeframe::k4h};
  std::size_t warmup = 500;
  std::uint64_t min_live = 100'000;  // live closed candles wanted (all streams)
  bool max_speed = false;
  double closes_per_second = 1000;  // paced mode, all streams together
  bool on_feed_thread = true;       // --execution feed|workers (engine::Execution)
  int decision_cpu = -1;            // --decision-cpu N: the deciding thread alone on CPU N
  bool busy_poll = false;           // --busy-poll: the deciding thread never sleeps (FeedConfig)
  std::size_t workers = 0;
  std::size_t inbox = 0;           // 0: the engine's default
  std::size_t outbox = 0;          // 0: the engine's default
  int spins = -1;                  // worker idle spins before sleeping; -1: the engine's default
  std::int64_t keep_warm_us = -1;  // --keep-warm-us N (busy poll): 0 off; -1 the engine's default
  long prefetch_expected = -1;     // --prefetch-expected N: 0 off; -1 the engine's default
  bool prefetch_feed = true;       // --prefetch-feed 0|1: FeedConfig::prefetch_next_frame
  std::size_t forming = 3;
  std::string sample = std::string(ALPHAPULSE_SAMPLE_DIR) + "/BTCUSDT_15m.csv";
  std::string work_dir;  // empty: a fresh directory under $TMPDIR, removed at the end
  bool check = false;    // exit 1 unless every candle was decided once and nothing was dropped
};

void usage() {
  std::fprintf(
      stderr,
      "usage: alphapulse_latency_bench [--symbols N] [--timeframes 15m,1h,4h] [--warmup N]\n"
      "         [--min-live N] [--mode paced|max] [--closes-per-sec R]\n"
      "         [--execution feed|workers] [--decision-cpu N] [--workers N]\n"
      "         [--inbox N] [--outbox N] [--spins N] [--forming N] [--sample FILE.csv]\n"
      "         [--work-dir DIR] [--busy-poll] [--keep-warm-us N] [--prefetch-expected N]\n"
      "         [--prefetch-feed 0|1]"
      " [--check]\n");
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (arg == "--check") {
      o.check = true;
      continue;
    }
    if (arg == "--busy-poll") {
      o.busy_poll = true;
      continue;
    }
    if ((v = value()) == nullptr) {
      std::fprintf(stderr, "error: %s needs a value\n", arg.c_str());
      return std::nullopt;
    }
    if (arg == "--symbols") {
      o.symbols = std::atoi(v);
    } else if (arg == "--timeframes") {
      o.timeframes.clear();
      std::string list = v;
      for (std::size_t start = 0; start <= list.size();) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const auto tf = ap::core::parse_timeframe(list.substr(start, comma - start));
        if (!tf) {
          std::fprintf(stderr, "error: --timeframes: bad timeframe in \"%s\"\n", v);
          return std::nullopt;
        }
        o.timeframes.push_back(*tf);
        start = comma + 1;
      }
    } else if (arg == "--warmup") {
      o.warmup = std::strtoull(v, nullptr, 10);
    } else if (arg == "--min-live") {
      o.min_live = std::strtoull(v, nullptr, 10);
    } else if (arg == "--mode") {
      if (std::strcmp(v, "max") != 0 && std::strcmp(v, "paced") != 0) {
        std::fprintf(stderr, "error: --mode is paced or max, not \"%s\"\n", v);
        return std::nullopt;
      }
      o.max_speed = std::strcmp(v, "max") == 0;
    } else if (arg == "--closes-per-sec") {
      o.closes_per_second = std::atof(v);
    } else if (arg == "--execution") {
      if (std::strcmp(v, "feed") != 0 && std::strcmp(v, "workers") != 0) {
        std::fprintf(stderr, "error: --execution is feed or workers, not \"%s\"\n", v);
        return std::nullopt;
      }
      o.on_feed_thread = std::strcmp(v, "feed") == 0;
    } else if (arg == "--decision-cpu") {
      o.decision_cpu = std::atoi(v);
    } else if (arg == "--workers") {
      o.workers = std::strtoull(v, nullptr, 10);
    } else if (arg == "--inbox") {
      o.inbox = std::strtoull(v, nullptr, 10);
    } else if (arg == "--outbox") {
      o.outbox = std::strtoull(v, nullptr, 10);
    } else if (arg == "--spins") {
      o.spins = std::atoi(v);
    } else if (arg == "--keep-warm-us") {
      o.keep_warm_us = std::atoll(v);
    } else if (arg == "--prefetch-expected") {
      o.prefetch_expected = std::atol(v);
    } else if (arg == "--prefetch-feed") {
      o.prefetch_feed = std::atoi(v) != 0;
    } else if (arg == "--forming") {
      o.forming = std::strtoull(v, nullptr, 10);
    } else if (arg == "--sample") {
      o.sample = v;
    } else if (arg == "--work-dir") {
      o.work_dir = v;
    } else {
      std::fprintf(stderr, "error: unknown argument %s\n", arg.c_str());
      return std::nullopt;
    }
  }
  if (o.symbols < 1 || o.timeframes.empty() || o.warmup < 1 || o.closes_per_second <= 0) {
    std::fprintf(stderr,
                 "error: need --symbols >= 1, a timeframe, --warmup >= 1, --closes-per-sec > 0\n");
    return std::nullopt;
  }
  return o;
}

std::string timeframe_list(const std::vector<ap::core::Timeframe>& tfs) {
  std::string out;
  for (const auto tf : tfs) {
    if (!out.empty()) out += ',';
    out += ap::core::to_string(tf);
  }
  return out;
}

std::string load_average() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (f == nullptr) return "unknown";
  double one = 0;
  double five = 0;
  const int n = std::fscanf(f, "%lf %lf", &one, &five);
  std::fclose(f);
  if (n != 2) return "unknown";
  char text[64];
  std::snprintf(text, sizeof text, "%.1f/%.1f", one, five);
  return text;
}

std::string cpu_model() {
  std::FILE* f = std::fopen("/proc/cpuinfo", "r");
  if (f == nullptr) return "unknown";
  char line[512];
  std::string model = "unknown";
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, "model name", 10) == 0) {
      const char* colon = std::strchr(line, ':');
      if (colon != nullptr) {
        model = colon + 1;
        while (!model.empty() && (model.front() == ' ' || model.front() == '\t')) model.erase(0, 1);
        while (!model.empty() && (model.back() == '\n' || model.back() == ' ')) model.pop_back();
      }
      break;
    }
  }
  std::fclose(f);
  return model;
}

void print_histogram(const char* name, const ap::monitor::LatencyHistogram& h) {
  std::printf("%-15s count=%llu p50=%.1f p90=%.1f p95=%.1f p99=%.1f p999=%.1f max=%.1f mean=%.1f\n",
              name, static_cast<unsigned long long>(h.count()),
              static_cast<double>(h.quantile_ns(0.50)) / 1e3,
              static_cast<double>(h.quantile_ns(0.90)) / 1e3,
              static_cast<double>(h.quantile_ns(0.95)) / 1e3,
              static_cast<double>(h.quantile_ns(0.99)) / 1e3,
              static_cast<double>(h.quantile_ns(0.999)) / 1e3,
              static_cast<double>(h.max_ns()) / 1e3, h.mean_ns() / 1e3);
}

// The feed's "now" must follow the simulator's exchange clock (REST ranges, warm-up start).
struct FeedClock {
  ap::core::TimestampMs start;
  bool max_speed = false;
  double speed = 1;
  std::int64_t started_ns = 0;
  std::atomic<std::int64_t> latest_close_ms{0};  // max-speed mode: the clock is what was sent

  // The first reading is the feed's warm-up start (BinanceFeed's begin() reads it first).
  mutable std::atomic<std::int64_t> first_reading_ms{INT64_MIN};

  static ap::core::TimestampMs now(const void* self) {
    const auto& c = *static_cast<const FeedClock*>(self);
    ap::core::TimestampMs t;
    if (c.max_speed) {
      t = {std::max(c.start.ms, c.latest_close_ms.load(std::memory_order_relaxed))};
    } else {
      const double elapsed_ms =
          static_cast<double>(ap::engine::steady_now_ns() - c.started_ns) / 1e6;
      t = {c.start.ms + static_cast<std::int64_t>(elapsed_ms * c.speed)};
    }
    std::int64_t unset = INT64_MIN;
    c.first_reading_ms.compare_exchange_strong(unset, t.ms, std::memory_order_relaxed);
    return t;
  }
};

struct HandlerContext {
  ap::engine::AlphaPulseCore* core;
  FeedClock* clock;
};

void on_event(void* context, const ap::feed::MarketEvent& event) {
  auto& h = *static_cast<HandlerContext*>(context);
  h.core->submit(event);
  if (event.state == ap::feed::CandleState::kClosed) {
    const std::int64_t close = event.candle.close_time.ms + 1;
    if (close > h.clock->latest_close_ms.load(std::memory_order_relaxed)) {
      h.clock->latest_close_ms.store(close, std::memory_order_relaxed);
    }
  }
}

void log_warnings(void* context, ap::feed::LogLevel level, std::string_view message) {
  auto* infos = static_cast<std::uint64_t*>(context);
  if (level == ap::feed::LogLevel::kInfo) {
    ++*infos;  // warm-up notes; io thread only
    return;
  }
  std::fprintf(stderr, "feed %s: %.*s\n", std::string(ap::feed::to_string(level)).c_str(),
               static_cast<int>(message.size()), message.data());
}

// A port the kernel just handed out on 127.0.0.1 (the simulator binds it a moment later).
std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

double seconds_between(std::int64_t from_ns, std::int64_t to_ns) {
  return static_cast<double>(to_ns - from_ns) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = parse(argc, argv);
  if (!parsed) {
    usage();
    return 2;
  }
  const Options& o = *parsed;

  // Data first (single-threaded, before the fork).
  std::filesystem::path work_dir = o.work_dir;
  const bool own_work_dir = work_dir.empty();
  if (own_work_dir) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "alphapulse_latency_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::fprintf(stderr, "error: cannot create a directory from %s\n", pattern.c_str());
      return 2;
    }
    work_dir = pattern;
  }
  std::int64_t top_ms = 0;
  std::int64_t closes_per_top = 0;  // closed candles of one symbol per longest-timeframe candle
  for (const auto tf : o.timeframes) top_ms = std::max(top_ms, ap::core::duration(tf).count);
  for (const auto tf : o.timeframes) closes_per_top += top_ms / ap::core::duration(tf).count;
  ap::bench::SyntheticMarketSpec spec;
  spec.sample_csv = o.sample;
  spec.out_dir = work_dir / "data";
  spec.symbols = o.symbols;
  spec.timeframes = o.timeframes;
  spec.history = o.warmup;
  const auto per_top = static_cast<std::uint64_t>(o.symbols * closes_per_top);
  spec.live_top_candles = static_cast<std::size_t>((o.min_live + per_top - 1) / per_top);
  const auto gen_start = ap::engine::steady_now_ns();
  const ap::bench::SyntheticMarket market = ap::bench::write_synthetic_market(spec);
  if (!market.error.empty()) {
    std::fprintf(stderr, "error: generating the data: %s\n", market.error.c_str());
    return 2;
  }
  const std::size_t stream_count = static_cast<std::size_t>(o.symbols) * o.timeframes.size();
  const std::uint64_t expected_warmup = stream_count * o.warmup;
  // Paced: closes per exchange-ms of all streams, so speed = wanted closes/s / that / 1000.
  double closes_per_sim_ms = 0;
  for (const auto tf : o.timeframes)
    closes_per_sim_ms += o.symbols / static_cast<double>(ap::core::duration(tf).count);
  const double speed = o.closes_per_second / (closes_per_sim_ms * 1000.0);

  ap::exchange_sim::SimulatorConfig sim;
  sim.data_dir = spec.out_dir;
  sim.max_speed = o.max_speed;
  sim.speed = o.max_speed ? 1.0 : speed;
  sim.start_index = o.warmup;
  sim.forming_updates = o.forming;
  sim.port = free_loopback_port();
  if (sim.port == 0) {
    std::fprintf(stderr, "error: no free port on 127.0.0.1\n");
    return 2;
  }
  ap::bench::SimulatorProcess simulator;
  std::string error;
  // This thread (the benchmark's own polling) and the simulator keep off the deciding CPU.
  (void)ap::core::keep_current_thread_off_cpu(o.decision_cpu);
  if (!simulator.spawn(sim, &error, o.decision_cpu)) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 2;
  }

  std::printf("latency_bench   streams=%zu symbols=%d timeframes=%s mode=%s", stream_count,
              o.symbols, timeframe_list(o.timeframes).c_str(), o.max_speed ? "max" : "paced");
  if (!o.max_speed)
    std::printf(" target_closes_per_s=%.0f sim_speed=%.0fx", o.closes_per_second, speed);
  std::printf(
      " forming_per_candle=%zu execution=%s decision_cpu=%d busy_poll=%d keep_warm_us=%lld"
      " prefetch_expected=%zu prefetch_feed=%d\n",
      o.forming, o.on_feed_thread ? "feed_thread" : "worker_threads", o.decision_cpu,
      o.busy_poll ? 1 : 0,
      static_cast<long long>(o.keep_warm_us >= 0 ? o.keep_warm_us
                                                 : ap::engine::CoreOptions{}.keep_warm_interval_us),
      o.prefetch_expected >= 0 ? static_cast<std::size_t>(o.prefetch_expected)
                               : ap::engine::CoreOptions{}.prefetch_expected_closes,
      o.prefetch_feed ? 1 : 0);
  std::printf("machine         nproc=%u cpu=\"%s\" build=%s load_1m/5m=%s\n",
              std::thread::hardware_concurrency(), cpu_model().c_str(), ALPHAPULSE_BUILD_TYPE,
              load_average().c_str());
  std::printf(
      "data            %zu candle files, %.1f s to generate, live span %zu x %s per stream\n",
      stream_count, seconds_between(gen_start, ap::engine::steady_now_ns()), spec.live_top_candles,
      std::string(ap::core::to_string(o.timeframes.back())).c_str());
  std::fflush(stdout);

  // The AlphaPulse side: store, engine, feed (as `alphapulse run` wires them).
  auto opened = ap::store::SqliteStore::open((work_dir / "bench.db").string());
  if (!opened.ok()) {
    std::fprintf(stderr, "error: %s\n", opened.error().message.c_str());
    return 2;
  }
  ap::store::SqliteStore sqlite = std::move(opened.value());
  if (auto m = sqlite.migrate(); !m.ok()) {
    std::fprintf(stderr, "error: migrating: %s\n", m.error().message.c_str());
    return 2;
  }
  ap::engine::CoreOptions core_options;
  core_options.symbols = market.symbols;
  core_options.timeframes = o.timeframes;
  core_options.execution = o.on_feed_thread ? ap::engine::Execution::kProducerThread
                                            : ap::engine::Execution::kWorkerThreads;
  core_options.workers = o.workers;
  core_options.decision_cpu = o.decision_cpu;
  if (o.inbox) core_options.inbox_capacity = o.inbox;
  if (o.outbox) core_options.outbox_capacity = o.outbox;
  if (o.spins >= 0) core_options.idle_spins_before_sleep = o.spins;
  if (o.keep_warm_us >= 0) core_options.keep_warm_interval_us = o.keep_warm_us;
  if (o.prefetch_expected >= 0) {
    core_options.prefetch_expected_closes = static_cast<std::size_t>(o.prefetch_expected);
  }
  ap::engine::AlphaPulseCore core(core_options);
  ap::engine::StoreSink store_sink(sqlite);
  core.add_sink(&store_sink);
  core.measure_latency_from(INT64_MAX);  // nothing counts until the live phase starts
  core.start();
  const std::uint64_t rss_engine_started = ap::monitor::current_rss_bytes();

  FeedClock clock;
  clock.start = market.clock_start;
  clock.max_speed = o.max_speed;
  clock.speed = speed;
  HandlerContext handler{&core, &clock};
  std::uint64_t feed_infos = 0;
  ap::feed::FeedConfig feed_config;
  feed_config.streams = core.streams();
  feed_config.warmup_candles = static_cast<int>(o.warmup);
  feed_config.decision_cpu = o.decision_cpu;
  feed_config.busy_poll = o.busy_poll;
  feed_config.prefetch_next_frame = o.prefetch_feed;
  feed_config.on_idle = [](void* context) {
    return static_cast<ap::engine::AlphaPulseCore*>(context)->keep_warm();
  };
  feed_config.idle_context = &core;
  feed_config.clock = ap::core::Clock(&FeedClock::now, &clock);
  // As in `alphapulse run`: at accelerated speed only a later row proves a REST row closed.
  feed_config.closed_margin_ms = 24LL * 3600 * 1000;
  feed_config.log = {&log_warnings, &feed_infos};

  // The feed is built (its TLS context loads the CA store: ~0.1-0.3 s) before the simulator's
  // clock starts, so that the feed begins within a few ms of it.
  feed_config.rest_base_url = "http://127.0.0.1:" + std::to_string(sim.port);
  feed_config.ws_base_url = "ws://127.0.0.1:" + std::to_string(sim.port);
  ap::feed::BinanceFeed feed(feed_config, &on_event, &handler);

  if (!simulator.run(&error)) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 2;
  }
  clock.started_ns = ap::engine::steady_now_ns();
  const std::int64_t feed_start_ns = clock.started_ns;
  feed.start();

  // Every stream delivers `warmup` candles before the feed's first clock reading, then every
  // candle to the end of its file (the simulator may have run a few candles ahead before the
  // feed began under load: those come from REST after the warm-up, and are counted).
  while (clock.first_reading_ms.load() == INT64_MIN) {
    if (seconds_between(feed_start_ns, ap::engine::steady_now_ns()) > 60) {
      std::fprintf(stderr, "error: the feed did not begin within 60 s\n");
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::uint64_t expected_total = expected_warmup + market.live_closed;
  std::int64_t began_base_steps_late = 0;
  for (std::size_t k = 0; k < o.timeframes.size(); ++k) {
    const std::int64_t step = ap::core::duration(o.timeframes[k]).count;
    const std::int64_t late = (clock.first_reading_ms.load() - market.clock_start.ms) / step;
    if (k == 0) began_base_steps_late = late;
    expected_total -= static_cast<std::uint64_t>(late) * static_cast<std::uint64_t>(o.symbols);
  }

  // Warm-up: every stream's history delivered and decided.
  const auto processed = [&] {
    return static_cast<std::uint64_t>(core.get_performance_summary().candles_processed);
  };
  while (feed.stats().warmup_candles < expected_warmup || processed() < expected_warmup) {
    if (seconds_between(feed_start_ns, ap::engine::steady_now_ns()) > 600) {
      std::fprintf(stderr, "error: warm-up not done after 600 s (%llu of %llu delivered)\n",
                   static_cast<unsigned long long>(feed.stats().warmup_candles),
                   static_cast<unsigned long long>(expected_warmup));
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const std::int64_t live_start_ns = ap::engine::steady_now_ns();
  core.measure_latency_from(live_start_ns);
  const std::uint64_t processed_at_live = processed();
  const std::uint64_t rss_after_warmup = ap::monitor::current_rss_bytes();

  // Live: until the simulator has sent everything and the engine has decided all of it
  // (or made no progress for 5 s).
  std::uint64_t last_count = processed();
  std::int64_t last_progress_ns = ap::engine::steady_now_ns();
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::uint64_t count = processed();
    const std::int64_t now = ap::engine::steady_now_ns();
    if (count != last_count) {
      last_count = count;
      last_progress_ns = now;
    }
    if (simulator.exhausted() && count >= expected_total && core.drained()) break;
    if (seconds_between(last_progress_ns, now) > 5 && simulator.exhausted()) break;
    if (seconds_between(last_progress_ns, now) > 60) break;
  }
  const std::int64_t live_end_ns = last_progress_ns;
  // Publish latency includes the sink's batch commit: let the last batch land.
  for (int i = 0; i < 1000 && !core.drained(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  feed.stop();
  core.stop();
  const std::string sim_stats = simulator.stop();
  const std::uint64_t peak_rss = ap::monitor::peak_rss_bytes();

  const auto p = core.get_performance_summary();
  const auto f = feed.stats();
  const auto& decision = core.decision_latency();
  const auto& publish = core.publish_latency();
  const double live_seconds = seconds_between(live_start_ns, live_end_ns);
  const std::uint64_t live_closed =
      static_cast<std::uint64_t>(p.candles_processed) - processed_at_live;
  std::printf(
      "warmup          closed=%llu seconds=%.2f (REST backfill burst and candles held behind it: "
      "not in "
      "the histograms)\n",
      static_cast<unsigned long long>(processed_at_live),
      seconds_between(feed_start_ns, live_start_ns));
  std::printf(
      "live            closed=%llu measured=%llu forming_total=%llu seconds=%.2f "
      "candles_per_s=%.0f\n",
      static_cast<unsigned long long>(live_closed),
      static_cast<unsigned long long>(decision.count()),
      static_cast<unsigned long long>(f.forming_delivered), live_seconds,
      live_seconds > 0 ? static_cast<double>(live_closed) / live_seconds : 0.0);
  print_histogram("decision_us", decision);
  print_histogram(" wait_us", core.decision_wait());
  print_histogram(" compute_us", core.decision_compute());
  print_histogram(" first_in_read_us", core.decision_first_in_read());
  print_histogram(" later_in_read_us", core.decision_later_in_read());
  print_histogram("publish_us", publish);
  std::printf(
      "memory          peak_rss_mb=%.1f rss_engine_started_mb=%.1f rss_after_warmup_mb=%.1f "
      "(VmHWM/VmRSS of this process; the simulator is another process)\n",
      static_cast<double>(peak_rss) / 1048576.0,
      static_cast<double>(rss_engine_started) / 1048576.0,
      static_cast<double>(rss_after_warmup) / 1048576.0);
  std::printf(
      "closed_candles  processed=%lld expected=%llu feed_began_base_steps_late=%lld signals=%lld "
      "stored=%lld\n",
      static_cast<long long>(p.candles_processed), static_cast<unsigned long long>(expected_total),
      static_cast<long long>(began_base_steps_late), static_cast<long long>(p.total_signals),
      static_cast<long long>(store_sink.signals_stored()));
  std::printf(
      "drops           inbox=%llu sink=%llu out_of_order=%lld store_errors=%lld "
      "inbox_full_waits=%llu\n"
      "keep_warm       runs=%llu (synthetic decisions while idle; busy poll only)\n"
      "close_order     closes_in_burst=%llu successor_right=%llu prefetched_in_time=%llu "
      "(closes after another of the same boundary; learned order held; pipeline prefetched)\n",
      static_cast<unsigned long long>(p.events_dropped),
      static_cast<unsigned long long>(p.sink_items_dropped),
      static_cast<long long>(p.candles_out_of_order),
      static_cast<long long>(store_sink.write_errors()),
      static_cast<unsigned long long>(p.inbox_full_waits),
      static_cast<unsigned long long>(core.keep_warm_runs()),
      static_cast<unsigned long long>(core.close_order_counts().in_burst),
      static_cast<unsigned long long>(core.close_order_counts().successor_right),
      static_cast<unsigned long long>(core.close_order_counts().named_in_time));
  std::printf(
      "feed            frames=%llu duplicates=%llu gaps=%llu backfilled=%llu reconnects=%llu "
      "malformed=%llu\n",
      static_cast<unsigned long long>(f.frames),
      static_cast<unsigned long long>(f.duplicates_dropped),
      static_cast<unsigned long long>(f.gaps_detected),
      static_cast<unsigned long long>(f.candles_backfilled),
      static_cast<unsigned long long>(f.reconnects), static_cast<unsigned long long>(f.malformed));
  const bool p99_met = decision.count() > 0 && decision.quantile_ns(0.99) <= 10'000;
  const bool max_met = decision.count() > 0 && decision.max_ns() <= 100'000;
  const bool rss_met = peak_rss <= 64ull * 1048576;
  std::printf("goals           decision_p99<=10us=%s decision_max<=100us=%s peak_rss<=64MB=%s\n",
              p99_met ? "met" : "missed", max_met ? "met" : "missed", rss_met ? "met" : "missed");
  std::printf("machine_after   load_1m/5m=%s\n", load_average().c_str());
  std::string sim_line;
  for (char c : sim_stats) sim_line += c == '\n' ? ' ' : c;
  std::printf("simulator       %s\n", sim_line.c_str());
  std::fflush(stdout);

  if (own_work_dir) {
    std::error_code ec;
    std::filesystem::remove_all(work_dir, ec);
  }
  if (o.check) {
    const bool ok = static_cast<std::uint64_t>(p.candles_processed) == expected_total &&
                    p.events_dropped == 0 && p.sink_items_dropped == 0 && decision.count() > 0;
    if (!ok)
      std::fprintf(stderr, "check failed: every closed candle decided once, nothing dropped\n");
    return ok ? 0 : 1;
  }
  return 0;
}
