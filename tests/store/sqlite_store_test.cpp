// tests/store/sqlite_store_test: round trips of every table, idempotent writes, bound
// parameters (hostile text stored verbatim), outcome updates and a clear open error.
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "store_test_support.hpp"

namespace alphapulse::store {
namespace {

using test::expect_same_signal;
using test::make_full_signal;
using test::TempDir;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set({1'710'000'000'000});
    StoreOptions options;
    options.clock = clock_.clock();
    auto opened = SqliteStore::open(dir_.file("store.db"), options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_.emplace(std::move(*opened));
    auto migrated = store_->migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  }

  std::string text_query(const std::string& sql) {
    auto stmt = store_->database().prepare(sql);
    EXPECT_TRUE(stmt.ok());
    auto row = stmt->step();
    EXPECT_TRUE(row.ok() && *row);
    return std::string(stmt->column_text(0));
  }

  TempDir dir_;
  core::ManualClock clock_;
  std::optional<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, OpensInWalModeWithNormalSync) {
  EXPECT_EQ(text_query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(text_query("PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(text_query("PRAGMA busy_timeout"), "5000");
}

TEST_F(SqliteStoreTest, SignalsRoundTripEveryField) {
  std::vector<core::Signal> signals;
  for (int i = 0; i < 5; ++i) signals.push_back(make_full_signal(i));
  signals[3].outcome = core::SignalOutcome::kWin;
  signals[4].confidence = std::nan("");  // NULL in the database, NaN again when read
  auto inserted = store_->insert_signals(signals);
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(*inserted, 5u);

  auto recent = store_->recent_signals(10);
  ASSERT_TRUE(recent.ok()) << recent.error().message;
  ASSERT_EQ(recent->size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {  // newest first
    core::Signal original = signals[4 - i];
    core::Signal read = (*recent)[i];
    if (std::isnan(original.confidence)) {
      EXPECT_TRUE(std::isnan(read.confidence));
      read.confidence = original.confidence = 0;
    }
    expect_same_signal(original, read);
  }
  auto limited = store_->recent_signals(2);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[0].signal_id, signals[4].signal_id.view());

  EXPECT_EQ(text_query("SELECT created_at FROM signals WHERE signal_id = 'sig-0'"),
            core::format_iso8601(clock_.now()));
  EXPECT_EQ(text_query("SELECT timestamp FROM signals WHERE signal_id = 'sig-0'"),
            core::format_iso8601(signals[0].timestamp));
}

TEST_F(SqliteStoreTest, DuplicateSignalIdsAreIgnored) {
  core::Signal first = make_full_signal(7);
  auto a = store_->insert_signals(std::vector<core::Signal>{first});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 1u);
  core::Signal changed = first;
  changed.entry_price = 1.0;
  auto b = store_->insert_signals(std::vector<core::Signal>{changed, changed, make_full_signal(8)});
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*b, 1u);  // only sig-8
  auto count = store_->count_signals();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);
  auto stored = store_->find_signal("sig-7");
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored->has_value());
  expect_same_signal(first, **stored);  // the first write stands
}

TEST_F(SqliteStoreTest, HostileTextIsStoredVerbatimAndTheTableSurvives) {
  const std::string injection = "'); DROP TABLE signals;--";
  core::Signal s = make_full_signal(1);
  s.signal_id.assign("x" + injection);
  s.symbol.assign("O'B\"Q');DROP--");  // 15 characters: fits a Symbol
  s.pattern_type = "it's \"quoted\" '); DROP TABLE signals;--";
  s.indicators.add("we'ird\"name", 1.5);
  auto inserted = store_->insert_signals(std::vector<core::Signal>{s});
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(*inserted, 1u);
  auto found = store_->find_signal(s.signal_id.view());
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  expect_same_signal(s, **found);
  auto pending = store_->pending_signals(s.symbol.view(), s.timeframe);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  auto updated = store_->update_outcome(s.signal_id.view(), core::SignalOutcome::kLoss, {5});
  ASSERT_TRUE(updated.ok());
  EXPECT_TRUE(*updated);
  auto count = store_->count_signals();
  ASSERT_TRUE(count.ok()) << count.error().message;  // the table is still there
  EXPECT_EQ(*count, 1);
}

TEST_F(SqliteStoreTest, PendingSignalsAndOutcomeUpdates) {
  std::vector<core::Signal> signals;
  for (int i = 0; i < 4; ++i) signals.push_back(make_full_signal(i));
  signals[3].symbol.assign("BTCUSDT");
  ASSERT_TRUE(store_->insert_signals(signals).ok());

  auto updated = store_->update_outcome("sig-1", core::SignalOutcome::kWin, {1'710'000'900'000});
  ASSERT_TRUE(updated.ok());
  EXPECT_TRUE(*updated);
  auto missing = store_->update_outcome("no-such-signal", core::SignalOutcome::kWin, {1});
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(*missing);

  auto pending = store_->pending_signals("ETHUSDT", core::Timeframe::k1h);
  ASSERT_TRUE(pending.ok()) << pending.error().message;
  ASSERT_EQ(pending->size(), 2u);  // sig-0, sig-2 (oldest first)
  EXPECT_EQ((*pending)[0].signal_id, std::string_view("sig-0"));
  EXPECT_EQ((*pending)[1].signal_id, std::string_view("sig-2"));
  auto other_tf = store_->pending_signals("ETHUSDT", core::Timeframe::k15m);
  ASSERT_TRUE(other_tf.ok());
  EXPECT_TRUE(other_tf->empty());

  auto won = store_->find_signal("sig-1");
  ASSERT_TRUE(won.ok() && won->has_value());
  EXPECT_EQ((*won)->outcome, core::SignalOutcome::kWin);
  EXPECT_EQ(text_query("SELECT outcome_updated_at FROM signals WHERE signal_id = 'sig-1'"),
            core::format_iso8601({1'710'000'900'000}));
}

core::Candle make_candle(std::int64_t open_ms, double close, bool extras) {
  core::Candle c;
  c.open_time = {open_ms};
  c.close_time = {open_ms + 899'999};
  c.open = close - 1;
  c.high = close + 2;
  c.low = close - 3;
  c.close = close;
  c.volume = 12.5;
  if (extras) {
    c.has_exchange_extras = true;
    c.quote_volume = 1234.5;
    c.trades = 77;
    c.taker_buy_base_volume = 6.25;
    c.taker_buy_quote_volume = 617.25;
  }
  return c;
}

TEST_F(SqliteStoreTest, CandleUpsertIsIdempotentOnItsKey) {
  std::vector<core::Candle> candles = {make_candle(0, 100, true), make_candle(900'000, 101, false)};
  ASSERT_TRUE(store_->upsert_candles("BTCUSDT", core::Timeframe::k15m, candles).ok());
  ASSERT_TRUE(store_->upsert_candles("BTCUSDT", core::Timeframe::k15m, candles).ok());
  ASSERT_TRUE(
      store_->upsert_candles("BTCUSDT", core::Timeframe::k1h, std::span(candles.data(), 1)).ok());
  EXPECT_EQ(text_query("SELECT COUNT(*) FROM candles"), "3");

  // A corrected candle replaces the stored one.
  candles[1] = make_candle(900'000, 105, true);
  ASSERT_TRUE(
      store_->upsert_candles("BTCUSDT", core::Timeframe::k15m, std::span(candles.data() + 1, 1))
          .ok());
  auto stored = store_->candles("BTCUSDT", core::Timeframe::k15m);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  ASSERT_EQ(stored->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const core::Candle& a = candles[i];
    const core::Candle& b = (*stored)[i];
    EXPECT_EQ(a.open_time, b.open_time);
    EXPECT_EQ(a.close_time, b.close_time);
    EXPECT_EQ(a.open, b.open);
    EXPECT_EQ(a.high, b.high);
    EXPECT_EQ(a.low, b.low);
    EXPECT_EQ(a.close, b.close);
    EXPECT_EQ(a.volume, b.volume);
    EXPECT_EQ(a.has_exchange_extras, b.has_exchange_extras);
    EXPECT_EQ(a.quote_volume, b.quote_volume);
    EXPECT_EQ(a.trades, b.trades);
    EXPECT_EQ(a.taker_buy_base_volume, b.taker_buy_base_volume);
    EXPECT_EQ(a.taker_buy_quote_volume, b.taker_buy_quote_volume);
  }
  auto without = store_->candles("BTCUSDT", core::Timeframe::k1h);
  ASSERT_TRUE(without.ok());
  ASSERT_EQ(without->size(), 1u);
}

regime::RegimeChange make_change(std::int64_t t, core::MarketRegime regime, double confidence) {
  regime::RegimeChange c;
  c.time = {t};
  c.regime_type = regime;
  c.confidence = confidence;
  c.duration_candles = t / 1000;
  c.metrics = {2.5, 0.75, 1.125, 0.9, -0.25, 3.0625};
  return c;
}

TEST_F(SqliteStoreTest, RegimeChangesRoundTripAndLatestPerStream) {
  const std::vector<regime::RegimeChange> btc = {
      make_change(1'000, core::MarketRegime::kRanging, 0.5),
      make_change(5'000, core::MarketRegime::kStrongTrendBull, 0.9),
  };
  const std::vector<regime::RegimeChange> eth = {
      make_change(3'000, core::MarketRegime::kChoppy, 0.6)};
  auto a = store_->insert_regime_changes("BTCUSDT", core::Timeframe::k15m, btc);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(*a, 2u);
  ASSERT_TRUE(store_->insert_regime_changes("ETHUSDT", core::Timeframe::k1h, eth).ok());
  auto again = store_->insert_regime_changes("BTCUSDT", core::Timeframe::k15m, btc);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);  // replayed changes are not stored twice

  auto latest = store_->latest_regimes();
  ASSERT_TRUE(latest.ok()) << latest.error().message;
  ASSERT_EQ(latest->size(), 2u);
  const StoredRegime& b = (*latest)[0];
  EXPECT_EQ(b.symbol, std::string_view("BTCUSDT"));
  EXPECT_EQ(b.timeframe, core::Timeframe::k15m);
  EXPECT_EQ(b.change.time, btc[1].time);
  EXPECT_EQ(b.change.regime_type, btc[1].regime_type);
  EXPECT_EQ(b.change.confidence, btc[1].confidence);
  EXPECT_EQ(b.change.duration_candles, btc[1].duration_candles);
  EXPECT_EQ(b.change.metrics.trend_t_statistic, 2.5);
  EXPECT_EQ(b.change.metrics.efficiency_ratio, 0.75);
  EXPECT_EQ(b.change.metrics.volatility_ratio, 1.125);
  EXPECT_EQ(b.change.metrics.volume_ratio, 0.9);
  EXPECT_EQ(b.change.metrics.return_autocorrelation, -0.25);
  EXPECT_EQ(b.change.metrics.range_ratio, 3.0625);
  EXPECT_EQ((*latest)[1].symbol, std::string_view("ETHUSDT"));
  EXPECT_EQ((*latest)[1].change.regime_type, core::MarketRegime::kChoppy);
  EXPECT_EQ(text_query("SELECT regime_type FROM market_regimes WHERE symbol = 'ETHUSDT'"),
            "choppy");
}

TEST_F(SqliteStoreTest, PerformanceMetricsRowIsStored) {
  PerformanceMetricsRow row;
  row.recorded_at = {1'710'000'000'000};
  row.uptime_seconds = 3600.5;
  row.total_signals = 42;
  row.candles_processed = 100'000;
  row.avg_latency_ms = 0.012;
  row.max_latency_ms = 0.9;
  row.min_latency_ms = std::nan("");  // no sample: NULL
  row.p50_latency_ms = 0.01;
  row.p99_latency_ms = 0.05;
  row.p999_latency_ms = 0.2;
  row.throughput_signals_sec = 12.5;
  row.target_latency_ms = 1.0;
  row.latency_target_met = true;
  row.store_dropped = 3;
  row.store_errors = 1;
  ASSERT_TRUE(store_->insert_performance_metrics(row).ok());
  ASSERT_TRUE(store_->insert_performance_metrics(row).ok());
  EXPECT_EQ(text_query("SELECT COUNT(*) FROM performance_metrics"), "2");
  EXPECT_EQ(text_query(
                "SELECT p99_latency_ms || '|' || latency_target_met || '|' || "
                "COALESCE(min_latency_ms, 'null') || '|' || store_dropped FROM performance_metrics "
                "WHERE id = 1"),
            "0.05|1|null|3");
}

TEST_F(SqliteStoreTest, StatementsArePreparedOnceAndReused) {
  auto round = [&](int i) {
    ASSERT_TRUE(store_->insert_signals(std::vector<core::Signal>{make_full_signal(i)}).ok());
    ASSERT_TRUE(store_->update_outcome("sig-0", core::SignalOutcome::kWin, {1}).ok());
    ASSERT_TRUE(store_->count_signals().ok());
    ASSERT_TRUE(store_->recent_signals(5).ok());
    ASSERT_TRUE(store_->pending_signals("ETHUSDT", core::Timeframe::k1h).ok());
  };
  round(0);
  const std::size_t prepared = store_->database().prepared_statement_count();
  for (int i = 1; i < 20; ++i) round(i);
  EXPECT_EQ(store_->database().prepared_statement_count(), prepared);
  EXPECT_EQ(*store_->count_signals(), 20);
}

TEST(SqliteStoreOpen, UnwritablePathGivesAClearError) {
  const std::string path = "/nonexistent-alphapulse-dir/sub/store.db";
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("unable to open database file"), std::string::npos)
      << store.error().message;
  EXPECT_NE(store.error().sqlite_code, 0);
}

TEST(SqliteStoreOpen, ReadOnlyDirectoryGivesAClearError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  TempDir dir;
  const std::string sub = dir.file("ro");
  std::filesystem::create_directories(sub);
  std::filesystem::permissions(
      sub, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto store = SqliteStore::open(sub + "/store.db");
  std::filesystem::permissions(sub, std::filesystem::perms::owner_all);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find(sub + "/store.db"), std::string::npos)
      << store.error().message;
}

}  // namespace
}  // namespace alphapulse::store
