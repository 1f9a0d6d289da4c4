// tests/store/pg_store_test: PgStore against a real private PostgreSQL server (the
// postgres_server CTest fixture): every field round trips bit-exact, inserts are idempotent,
// outcomes update, migrations apply once (also when runners race), a lost server is a
// transient error and the store recovers when it returns, and no error shows a password.
// Row counts are checked with plain libpq queries, independently of PgStore.
#include "store/pg_store.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_server.hpp"
#include "store/pg_url.hpp"
#include "store_test_support.hpp"

namespace alphapulse::store {
namespace {

using test::expect_same_signal;
using test::FreshPgDatabase;
using test::make_full_signal;
using test::query_count;
using test::query_value;

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.ok());
    clock_.set({1'710'000'000'000});
    PgStoreOptions options;
    options.clock = clock_.clock();
    auto opened = PgStore::open(db_.url(), options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_.emplace(std::move(*opened));
    auto migrated = store_->migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  }

  long long count(const std::string& sql) { return query_count(db_.url(), sql); }

  FreshPgDatabase db_;
  core::ManualClock clock_;
  std::optional<PgStore> store_;
};

TEST_F(PgStoreTest, SignalsRoundTripEveryFieldBitExact) {
  std::vector<core::Signal> signals;
  for (int i = 0; i < 6; ++i) signals.push_back(make_full_signal(i));
  signals[3].outcome = core::SignalOutcome::kWin;
  signals[4].confidence = std::nan("");   // NULL in the table, NaN again when read
  signals[5].entry_price = 0.1 + 0.2;     // needs all 17 digits
  signals[5].risk_reward_ratio = 5e-324;  // smallest subnormal
  signals[5].signal_id.assign("x'); DROP TABLE signals; --");  // stored verbatim
  auto inserted = store_->insert_signals(signals);
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(*inserted, 6u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), 6);
  EXPECT_EQ(count("SELECT COUNT(*) FROM signals WHERE confidence IS NULL"), 1);

  for (const core::Signal& written : signals) {
    auto found = store_->find_signal(written.signal_id.view());
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value()) << written.signal_id.view();
    const core::Signal& read = **found;
    if (std::isnan(written.confidence)) {
      EXPECT_TRUE(std::isnan(read.confidence));
      core::Signal a = written, b = read;
      a.confidence = b.confidence = 0;  // NaN != NaN: compare the other fields
      expect_same_signal(a, b);
    } else {
      expect_same_signal(written, read);
    }
  }
  // Newest candle first.
  auto recent = store_->recent_signals(2);
  ASSERT_TRUE(recent.ok()) << recent.error().message;
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ(recent->at(0).candle_open_time, signals[5].candle_open_time);
  EXPECT_EQ(recent->at(1).candle_open_time, signals[4].candle_open_time);
  auto n = store_->count_signals();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 6);
  auto missing = store_->find_signal("no-such-signal");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(PgStoreTest, InsertsAreIdempotentOnSignalIdAcrossBatchesLargerThanOneStatement) {
  std::vector<core::Signal> first;
  for (int i = 0; i < 2500; ++i) first.push_back(make_full_signal(i));  // 3 statements
  auto a = store_->insert_signals(first);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(*a, 2500u);
  std::vector<core::Signal> second(first.begin() + 2400, first.end());  // 100 already stored
  second.push_back(make_full_signal(5000));
  second.push_back(make_full_signal(5000));  // twice in one batch: stored once
  auto b = store_->insert_signals(second);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*b, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), 2501);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT signal_id) FROM signals"), 2501);
}

TEST_F(PgStoreTest, OutcomeUpdatesAndPendingSignals) {
  std::vector<core::Signal> signals;
  for (int i = 0; i < 4; ++i) signals.push_back(make_full_signal(i));
  ASSERT_TRUE(store_->insert_signals(signals).ok());
  auto updated = store_->update_outcome("sig-1", core::SignalOutcome::kLoss, {1'710'000'123'456});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_TRUE(*updated);
  auto absent = store_->update_outcome("sig-99", core::SignalOutcome::kWin, {1});
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(*absent);
  EXPECT_EQ(query_value(db_.url(), "SELECT outcome FROM signals WHERE signal_id = 'sig-1'"),
            "loss");
  EXPECT_EQ(
      query_value(db_.url(), "SELECT outcome_updated_at FROM signals WHERE signal_id = 'sig-1'"),
      "2024-03-09T16:02:03.456Z");
  auto pending = store_->pending_signals("ETHUSDT", core::Timeframe::k1h);
  ASSERT_TRUE(pending.ok()) << pending.error().message;
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_EQ(pending->at(0).signal_id, std::string_view("sig-0"));
  EXPECT_EQ(pending->at(1).signal_id, std::string_view("sig-2"));
  EXPECT_EQ(pending->at(2).signal_id, std::string_view("sig-3"));
  auto found = store_->find_signal("sig-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->outcome, core::SignalOutcome::kLoss);
}

TEST_F(PgStoreTest, CandlesUpsertBitExactAndCountOnlyChanges) {
  std::vector<core::Candle> candles(3);
  for (int i = 0; i < 3; ++i) {
    core::Candle& c = candles[static_cast<std::size_t>(i)];
    c.open_time = {1'700'000'000'000 + i * 60'000};
    c.close_time = {c.open_time.ms + 59'999};
    c.open = 100.0 + 0.1 * i;
    c.high = 101.0 / 3.0 + 100;
    c.low = 99.7;
    c.close = 100.3 + 1e-12;
    c.volume = 12345.678901234567;
  }
  candles[1].has_exchange_extras = true;
  candles[1].quote_volume = 1.0 / 7.0;
  candles[1].trades = 4242;
  candles[1].taker_buy_base_volume = 2.5;
  candles[1].taker_buy_quote_volume = 0.30000000000000004;
  auto written = store_->upsert_candles("BTCUSDT", core::Timeframe::k1m, candles);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(*written, 3u);
  auto read = store_->candles("BTCUSDT", core::Timeframe::k1m);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read->at(i).open_time, candles[i].open_time);
    EXPECT_EQ(read->at(i).close_time, candles[i].close_time);
    EXPECT_EQ(read->at(i).open, candles[i].open);
    EXPECT_EQ(read->at(i).high, candles[i].high);
    EXPECT_EQ(read->at(i).low, candles[i].low);
    EXPECT_EQ(read->at(i).close, candles[i].close);
    EXPECT_EQ(read->at(i).volume, candles[i].volume);
    EXPECT_EQ(read->at(i).has_exchange_extras, candles[i].has_exchange_extras);
  }
  EXPECT_EQ(read->at(1).quote_volume, candles[1].quote_volume);
  EXPECT_EQ(read->at(1).trades, 4242);
  EXPECT_EQ(read->at(1).taker_buy_quote_volume, candles[1].taker_buy_quote_volume);

  auto again = store_->upsert_candles("BTCUSDT", core::Timeframe::k1m, candles);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0u);  // identical rows are not rewritten
  std::vector<core::Candle> changed = {candles[2], candles[2]};
  changed[0].close = 1.0;
  changed[1].close = 2.0;  // same open time twice in one call: the last wins
  auto update = store_->upsert_candles("BTCUSDT", core::Timeframe::k1m, changed);
  ASSERT_TRUE(update.ok()) << update.error().message;
  EXPECT_EQ(*update, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM candles"), 3);
  EXPECT_EQ(query_value(db_.url(), "SELECT close FROM candles WHERE open_time_ms = 1700000120000"),
            "2");
}

TEST_F(PgStoreTest, RegimeChangesAreIdempotentAndLatestPerStream) {
  std::vector<regime::RegimeChange> changes(3);
  for (int i = 0; i < 3; ++i) {
    auto& c = changes[static_cast<std::size_t>(i)];
    c.time = {1'700'000'000'000 + i * 900'000};
    c.regime_type = i == 2 ? core::MarketRegime::kChoppy : core::MarketRegime::kRanging;
    c.confidence = 0.6 + 0.1 * i;
    c.duration_candles = 10 + i;
    c.metrics.trend_t_statistic = -1.0 / 3.0;
    c.metrics.range_ratio = 2.0 / 3.0;
  }
  auto a = store_->insert_regime_changes("BTCUSDT", core::Timeframe::k15m, changes);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(*a, 3u);
  auto b = store_->insert_regime_changes("BTCUSDT", core::Timeframe::k15m, changes);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, 0u);
  ASSERT_TRUE(
      store_->insert_regime_changes("ETHUSDT", core::Timeframe::k1h, {&changes[0], 1}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM market_regimes"), 4);
  auto latest = store_->latest_regimes();
  ASSERT_TRUE(latest.ok()) << latest.error().message;
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ(latest->at(0).symbol, std::string_view("BTCUSDT"));
  EXPECT_EQ(latest->at(0).change.regime_type, core::MarketRegime::kChoppy);
  EXPECT_EQ(latest->at(0).change.confidence, changes[2].confidence);
  EXPECT_EQ(latest->at(0).change.metrics.trend_t_statistic, -1.0 / 3.0);
  EXPECT_EQ(latest->at(0).change.metrics.range_ratio, 2.0 / 3.0);
  EXPECT_EQ(latest->at(0).change.duration_candles, 12);
  EXPECT_EQ(latest->at(1).symbol, std::string_view("ETHUSDT"));
  EXPECT_EQ(latest->at(1).timeframe, core::Timeframe::k1h);
}

TEST_F(PgStoreTest, BeginRollbackDiscardsAndPerformanceMetricsStoreNanAsNull) {
  ASSERT_TRUE(store_->begin().ok());
  std::vector<core::Signal> one = {make_full_signal(1)};
  ASSERT_TRUE(store_->insert_signals(one).ok());
  store_->rollback();
  EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), 0);
  ASSERT_TRUE(store_->begin().ok());
  ASSERT_TRUE(store_->insert_signals(one).ok());
  ASSERT_TRUE(store_->commit().ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), 1);

  PerformanceMetricsRow row;
  row.recorded_at = {1'710'000'000'000};
  row.total_signals = 7;
  row.p99_latency_ms = std::nan("");
  row.latency_target_met = true;
  ASSERT_TRUE(store_->insert_performance_metrics(row).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM performance_metrics WHERE p99_latency_ms IS NULL AND "
                  "total_signals = 7 AND latency_target_met"),
            1);
}

TEST(PgStoreMigrations, MigrateTwiceAppliesEachVersionOnce) {
  FreshPgDatabase db;
  ASSERT_TRUE(db.ok());
  auto store = PgStore::open(db.url());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto before = store->applied_migrations();
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty());
  auto first = store->migrate();
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto expected = embedded_migrations(Dialect::kPostgres);
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(first->applied.size(), expected->size());
  EXPECT_EQ(first->schema_version, expected->back().version);
  auto second = store->migrate();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->schema_version, expected->back().version);
  EXPECT_EQ(query_count(db.url(), "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<long long>(expected->size()));
  EXPECT_EQ(query_value(db.url(), "SELECT name FROM schema_migrations WHERE version = 1"),
            "initial");
  for (const char* table : {"signals", "candles", "market_regimes", "performance_metrics"}) {
    EXPECT_EQ(query_value(db.url(), std::string("SELECT to_regclass('") + table + "') IS NOT NULL"),
              "t")
        << table;
  }
}

TEST(PgStoreMigrations, ConcurrentRunnersApplyEachVersionExactlyOnce) {
  FreshPgDatabase db;
  ASSERT_TRUE(db.ok());
  constexpr int kRunners = 4;
  std::vector<Result<MigrationReport>> reports(kRunners, Error{0, "not run"});
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] {
      auto store = PgStore::open(db.url());
      if (!store) {
        reports[static_cast<std::size_t>(i)] = store.error();
        return;
      }
      reports[static_cast<std::size_t>(i)] = store->migrate();
    });
  }
  for (auto& t : threads) t.join();
  std::multiset<int> applied;
  for (const auto& r : reports) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    applied.insert(r->applied.begin(), r->applied.end());
  }
  auto expected = embedded_migrations(Dialect::kPostgres);
  ASSERT_TRUE(expected.ok());
  std::multiset<int> once;
  for (const Migration& m : *expected) once.insert(m.version);
  EXPECT_EQ(applied, once);
  EXPECT_EQ(query_count(db.url(), "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<long long>(expected->size()));
}

TEST(PgStoreErrors, ConnectErrorNamesHostPortDatabaseAndHidesPassword) {
  auto store = PgStore::open("postgresql://engine:s3cret-pw@127.0.0.1:1/alpha_db");
  ASSERT_FALSE(store.ok());
  const std::string& message = store.error().message;
  EXPECT_EQ(message.find("s3cret-pw"), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  EXPECT_NE(message.find("port 1"), std::string::npos) << message;
  EXPECT_NE(message.find("alpha_db"), std::string::npos) << message;
  EXPECT_NE(message.find("engine:***@"), std::string::npos) << message;
  auto not_pg = PgStore::open("mysql://root:hunter2@host/db");
  ASSERT_FALSE(not_pg.ok());
  EXPECT_EQ(not_pg.error().message.find("hunter2"), std::string::npos);
}

TEST(PgUrl, RedactsThePasswordWhereverTheUrlHoldsIt) {
  EXPECT_EQ(redact_postgres_url("postgresql://engine:pa:ss@db.internal:5433/alpha?sslmode=require"),
            "postgresql://engine:***@db.internal:5433/alpha?sslmode=require");
  EXPECT_EQ(redact_postgres_url("postgres://engine@db/alpha?sslmode=verify-full&password=p%40ss"),
            "postgres://engine@db/alpha?sslmode=verify-full&password=***");
  EXPECT_EQ(redact_postgres_url("postgresql://db/alpha?password=x"),
            "postgresql://db/alpha?password=***");
  EXPECT_EQ(redact_postgres_url("postgresql://engine@db/alpha"), "postgresql://engine@db/alpha");
  EXPECT_EQ(describe_postgres_url("postgresql://engine:pw@db.internal:5433/alpha"),
            "host db.internal port 5433 database alpha user engine");
  EXPECT_EQ(scrub_password("auth failed for pw-123 at host", "postgresql://u:pw-123@h/d"),
            "auth failed for *** at host");
  EXPECT_TRUE(is_postgres_url("postgres://h/d"));
  EXPECT_FALSE(is_postgres_url("sqlite:///a.db"));
}

TEST(PgStoreErrors, LostServerIsTransientAndTheStoreRecoversWhenItReturns) {
  FreshPgDatabase db;
  ASSERT_TRUE(db.ok());
  const std::string password = "pw-never-shown";
  auto opened = PgStore::open(db.url_with_password(password));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  PgStore store = std::move(*opened);
  ASSERT_TRUE(store.migrate().ok());
  std::vector<core::Signal> batch1 = {make_full_signal(1)};
  ASSERT_TRUE(store.insert_signals(batch1).ok());

  ASSERT_EQ(test::postgres_script("stop"), 0);
  std::vector<core::Signal> batch2 = {make_full_signal(2), make_full_signal(3)};
  auto during = store.insert_signals(batch2);
  ASSERT_FALSE(during.ok());
  EXPECT_TRUE(during.error().connection_lost) << during.error().message;
  EXPECT_TRUE(during.error().transient()) << during.error().message;
  EXPECT_EQ(during.error().message.find(password), std::string::npos) << during.error().message;
  auto still_down = store.count_signals();  // the reconnect attempt fails the same way
  ASSERT_FALSE(still_down.ok());
  EXPECT_TRUE(still_down.error().transient());
  EXPECT_EQ(still_down.error().message.find(password), std::string::npos);

  ASSERT_EQ(test::postgres_script("start"), 0);
  auto retried = store.insert_signals(batch2);  // the caller's retry: reconnects first
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(*retried, 2u);
  EXPECT_EQ(query_count(db.url(), "SELECT COUNT(*) FROM signals"), 3);
}

}  // namespace
}  // namespace alphapulse::store
