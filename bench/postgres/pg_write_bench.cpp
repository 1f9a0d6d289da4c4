// bench/postgres/pg_write_bench: sustained PgStore write rates, rows per second, for signal
// inserts and candle upserts (new rows, then changed rows) in batches of 1, 64 and 512 rows,
// each batch one call (one statement, one round trip, one commit). Usage:
//   alphapulse_pg_bench postgresql://... [seconds per case, default 3]
// Each case runs on a freshly emptied table for at least the given time. The server's
// settings (fsync, synchronous_commit) decide most of the batch-of-1 figure: see
// scripts/bench_postgres.sh.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/pg_store.hpp"

namespace {

using namespace alphapulse;
using Clock = std::chrono::steady_clock;

core::Signal make_signal(std::int64_t i) {
  core::Signal s;
  s.signal_id.assign("bench-" + std::to_string(i));
  s.symbol.assign("BTCUSDT");
  s.timeframe = core::Timeframe::k15m;
  s.direction = i % 2 ? core::Direction::kLong : core::Direction::kShort;
  s.confidence = 0.75;
  s.entry_price = 60000.0 + static_cast<double>(i % 1000) / 3.0;
  s.take_profits = {60100.5, 60200.25, 60300.125, 60400.0625};
  s.stop_loss = 59900.1;
  s.risk_reward_ratio = 1.7320508075688772;
  s.pattern_type = "bullish_engulfing";
  s.volume_confirmation = true;
  s.market_regime = core::MarketRegime::kWeakTrend;
  s.indicators.add("rsi_14", 61.234567890123);
  s.indicators.add("macd_hist", -0.000123456789);
  s.indicators.add("atr_14", 123.456);
  s.validation_metrics.add("ml_score", 0.7071067811865476);
  s.candle_open_time = {1'700'000'000'000 + i * 900'000};
  s.timestamp = {s.candle_open_time.ms + 900'000};
  return s;
}

core::Candle make_candle(std::int64_t i, double bump) {
  core::Candle c;
  c.open_time = {1'700'000'000'000 + i * 60'000};
  c.close_time = {c.open_time.ms + 59'999};
  c.open = 60000.0 + static_cast<double>(i % 977) / 7.0 + bump;
  c.high = c.open + 12.5;
  c.low = c.open - 9.25;
  c.close = c.open + 1.0 / 3.0;
  c.volume = 12.345678 + static_cast<double>(i % 13);
  c.has_exchange_extras = true;
  c.quote_volume = c.volume * c.close;
  c.trades = 100 + i % 50;
  c.taker_buy_base_volume = c.volume / 2;
  c.taker_buy_quote_volume = c.quote_volume / 2;
  return c;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "error: %s\n", what.c_str());
  std::exit(1);
}

void empty_table(store::PgStore& pg, const char* table) {
  auto r = pg.connection().exec(std::string("TRUNCATE ") + table);
  if (!r) die(r.error().message);
}

struct Rate {
  double rows_per_second = 0;
  double ms_per_batch = 0;
};

// Calls `write(batch_index)` (writing `batch` rows) until `seconds` have passed.
template <typename Write>
Rate measure(std::size_t batch, double seconds, Write&& write) {
  const auto start = Clock::now();
  std::int64_t batches = 0;
  double elapsed = 0;
  do {
    write(batches++);
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  return {static_cast<double>(batches) * static_cast<double>(batch) / elapsed,
          elapsed * 1e3 / static_cast<double>(batches)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: alphapulse_pg_bench postgresql://... [seconds per case]");
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  auto opened = store::PgStore::open(argv[1]);
  if (!opened) die(opened.error().message);
  store::PgStore pg = std::move(*opened);
  if (auto m = pg.migrate(); !m) die(m.error().message);

  std::printf("%-26s %6s %14s %12s\n", "case", "batch", "rows/s", "ms/batch");
  for (std::size_t batch : {std::size_t{1}, std::size_t{64}, std::size_t{512}}) {
    empty_table(pg, "signals");
    std::vector<core::Signal> signals(batch);
    const Rate r = measure(batch, seconds, [&](std::int64_t b) {
      for (std::size_t k = 0; k < batch; ++k) {
        signals[k] =
            make_signal(b * static_cast<std::int64_t>(batch) + static_cast<std::int64_t>(k));
      }
      auto n = pg.insert_signals(signals);
      if (!n || *n != batch) die(n ? "a signal was not inserted" : n.error().message);
    });
    std::printf("%-26s %6zu %14.0f %12.3f\n", "insert_signals", batch, r.rows_per_second,
                r.ms_per_batch);
  }
  for (std::size_t batch : {std::size_t{1}, std::size_t{64}, std::size_t{512}}) {
    empty_table(pg, "candles");
    std::vector<core::Candle> candles(batch);
    std::int64_t written_batches = 0;
    const Rate insert = measure(batch, seconds, [&](std::int64_t b) {
      for (std::size_t k = 0; k < batch; ++k) {
        candles[k] =
            make_candle(b * static_cast<std::int64_t>(batch) + static_cast<std::int64_t>(k), 0);
      }
      auto n = pg.upsert_candles("BTCUSDT", core::Timeframe::k1m, candles);
      if (!n || *n != batch) die(n ? "a candle was not inserted" : n.error().message);
      written_batches = b + 1;
    });
    std::printf("%-26s %6zu %14.0f %12.3f\n", "upsert_candles (new)", batch, insert.rows_per_second,
                insert.ms_per_batch);
    // Rewrite the stored rows with changed prices: the update path of the upsert.
    double bump = 0;
    const Rate update = measure(batch, seconds, [&](std::int64_t b) {
      const std::int64_t slot = b % written_batches;
      if (slot == 0) bump += 1;
      for (std::size_t k = 0; k < batch; ++k) {
        candles[k] = make_candle(
            slot * static_cast<std::int64_t>(batch) + static_cast<std::int64_t>(k), bump);
      }
      auto n = pg.upsert_candles("BTCUSDT", core::Timeframe::k1m, candles);
      if (!n || *n != batch) die(n ? "a candle was not updated" : n.error().message);
    });
    std::printf("%-26s %6zu %14.0f %12.3f\n", "upsert_candles (changed)", batch,
                update.rows_per_second, update.ms_per_batch);
  }
  return 0;
}
