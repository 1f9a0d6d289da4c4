// bench/redis/redis_bus_bench: how fast the Redis bus publishes. For each batch size it
// publishes batches of new signals (every one a Lua dedup check + XADD + 2 PUBLISH) and
// reports signals/s and the per-batch latency distribution; then the same batches again
// (a retry: all dedup hits), and StreamCache::put. A plain program rather than Google
// Benchmark because the figures wanted are latency percentiles of a network round trip.
//
//   redis_bus_bench [--url redis://127.0.0.1:PORT/0] [--scale N]   (default URL: $REDIS_URL)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bus/signal_publisher.hpp"
#include "bus/stream_cache.hpp"

namespace {

using namespace alphapulse;
using Clock = std::chrono::steady_clock;

core::Signal bench_signal(const std::string& run, std::int64_t n) {
  core::Signal s;
  s.signal_id.assign(run + "-" + std::to_string(n));
  s.symbol.assign(n % 2 == 0 ? "BTCUSDT" : "ETHUSDT");
  s.timeframe = core::Timeframe::k15m;
  s.direction = core::Direction::kLong;
  s.confidence = 0.71;
  s.entry_price = 42'000.5 + static_cast<double>(n % 1000);
  s.take_profits = {s.entry_price * 1.01, s.entry_price * 1.02, s.entry_price * 1.03,
                    s.entry_price * 1.05};
  s.stop_loss = s.entry_price * 0.985;
  s.risk_reward_ratio = 1.33;
  s.pattern_type = "bullish_engulfing";
  s.market_regime = core::MarketRegime::kStrongTrendBull;
  for (const char* name :
       {"rsi14", "macd_8_24_9", "atr14", "adx14", "ema20", "ema50", "bb_width20", "obv"}) {
    s.indicators.add(name, 12.345 + static_cast<double>(n % 97));
  }
  s.validation_metrics.add("edge", 0.12);
  s.candle_open_time = core::TimestampMs{1'709'294'400'000 + n * 900'000};
  s.timestamp = s.candle_open_time + core::duration(s.timeframe);
  return s;
}

struct Figures {
  double signals_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
};

Figures summarize(std::vector<double>& latencies_us, std::size_t batch_size, double total_seconds) {
  std::sort(latencies_us.begin(), latencies_us.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(q * static_cast<double>(latencies_us.size() - 1));
    return latencies_us[i];
  };
  return {static_cast<double>(latencies_us.size() * batch_size) / total_seconds, at(0.50),
          at(0.99)};
}

void print_row(const char* what, std::size_t batch, std::size_t batches, const Figures& f) {
  std::printf("%-22s %6zu %8zu %14.0f %12.1f %12.1f\n", what, batch, batches, f.signals_per_second,
              f.p50_us, f.p99_us);
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = std::getenv("REDIS_URL") != nullptr ? std::getenv("REDIS_URL") : "";
  double scale = 1.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--url")
      url = argv[i + 1];
    else if (flag == "--scale")
      scale = std::atof(argv[i + 1]);
  }
  if (url.empty()) {
    std::fprintf(
        stderr,
        "usage: redis_bus_bench --url redis://HOST:PORT/DB [--scale N] (or set REDIS_URL)\n");
    return 2;
  }
  auto connection = bus::RedisConnection::from_url(url);
  if (!connection) {
    std::fprintf(stderr, "%s\n", connection.error().message.c_str());
    return 1;
  }
  const std::string run = "apbench:" + std::to_string(::getpid());
  bus::PublisherOptions options;
  options.prefix = run;
  bus::SignalPublisher publisher(*connection, options);

  std::printf("redis bus benchmark against %s (server on loopback, one connection)\n",
              connection->where().c_str());
  std::printf("%-22s %6s %8s %14s %12s %12s\n", "case", "batch", "batches", "signals/s", "p50 us",
              "p99 us");
  std::int64_t next_id = 0;
  for (const std::size_t batch_size : {std::size_t{1}, std::size_t{64}, std::size_t{512}}) {
    const auto batches = static_cast<std::size_t>(scale * (batch_size == 1    ? 5000
                                                           : batch_size == 64 ? 400
                                                                              : 60));
    std::vector<std::vector<core::Signal>> inputs(batches);
    for (auto& batch : inputs) {
      for (std::size_t k = 0; k < batch_size; ++k) batch.push_back(bench_signal(run, next_id++));
    }
    for (const bool retry : {false, true}) {
      std::vector<double> latencies;
      latencies.reserve(batches);
      const auto start = Clock::now();
      for (const auto& batch : inputs) {
        const auto t0 = Clock::now();
        const auto published = publisher.publish(batch);
        const auto t1 = Clock::now();
        if (!published || *published != (retry ? 0 : batch.size())) {
          std::fprintf(stderr, "publish failed or not exactly once: %s\n",
                       published ? "unexpected count" : published.error().message.c_str());
          return 1;
        }
        latencies.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      }
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      Figures f = summarize(latencies, batch_size, seconds);
      print_row(retry ? "publish (retry, dedup)" : "publish (new)", batch_size, batches, f);
    }
  }

  bus::StreamCacheOptions cache_options;
  cache_options.prefix = run;
  bus::StreamCache cache(*connection, cache_options);
  for (const std::size_t streams : {std::size_t{1}, std::size_t{64}}) {
    std::vector<bus::StreamSnapshot> snapshots(streams);
    for (std::size_t i = 0; i < streams; ++i) {
      auto& s = snapshots[i];
      s.symbol.assign("SYM" + std::to_string(i) + "USDT");
      s.timeframe = core::Timeframe::k1m;
      s.regime = core::MarketRegime::kWeakTrend;
      s.regime_confidence = 0.6;
      for (const char* name :
           {"rsi14", "macd_8_24_9", "atr14", "adx14", "ema20", "ema50", "bb_width20", "obv"}) {
        s.indicators.add(name, 1.5);
      }
    }
    const auto rounds = static_cast<std::size_t>(scale * (streams == 1 ? 3000 : 200));
    std::vector<double> latencies;
    const auto start = Clock::now();
    for (std::size_t r = 0; r < rounds; ++r) {
      const auto t0 = Clock::now();
      if (const bus::Status s = cache.put(snapshots); !s) {
        std::fprintf(stderr, "%s\n", s.error().message.c_str());
        return 1;
      }
      latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Figures f = summarize(latencies, streams, seconds);
    print_row("cache put (snapshots)", streams, rounds, f);
  }

  // Leave the server as found: every key of this run is under its own prefix.
  std::string cursor = "0";
  do {
    auto page = connection->command({"SCAN", cursor, "MATCH", run + ":*", "COUNT", "1000"});
    if (!page || page->elements.size() != 2) break;
    cursor = page->elements[0].text;
    bus::CommandBatch unlink;
    for (const auto& key : page->elements[1].elements) unlink.begin().arg("UNLINK").arg(key.text);
    if (!unlink.empty() && !connection->pipeline(unlink)) break;
  } while (cursor != "0");
  return 0;
}
