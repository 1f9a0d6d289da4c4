// tests/store/async_store_writer_test: producers on their own threads, batching, the
// shutdown drain, drops on a full ring, retries while the database is locked, and refusal
// of only the offending items on a permanent error.
#include "store/async_store_writer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "store_test_support.hpp"

namespace alphapulse::store {
namespace {

using namespace std::chrono_literals;
using test::make_full_signal;
using test::TempDir;

SqliteStore open_migrated(const std::string& path, int busy_timeout_ms = 5000) {
  StoreOptions options;
  options.busy_timeout_ms = busy_timeout_ms;
  auto store = SqliteStore::open(path, options);
  EXPECT_TRUE(store.ok()) << store.error().message;
  auto migrated = store->migrate();
  EXPECT_TRUE(migrated.ok()) << migrated.error().message;
  return std::move(*store);
}

std::int64_t count_rows(const std::string& path, const std::string& where = "1 = 1") {
  auto reader = SqliteStore::open(path);  // a second connection, as another process would
  EXPECT_TRUE(reader.ok());
  auto stmt = reader->database().prepare("SELECT COUNT(*) FROM signals WHERE " + where);
  EXPECT_TRUE(stmt.ok());
  auto row = stmt->step();
  EXPECT_TRUE(row.ok() && *row);
  return stmt->column_int64(0);
}

TEST(AsyncStoreWriter, TwoProducersTenThousandSignalsEachAreStoredExactlyOnce) {
  TempDir dir;
  const std::string path = dir.file("writer.db");
  SqliteStore store = open_migrated(path);
  AsyncStoreWriterConfig config;
  config.ring_capacity = 1024;
  config.batch_size = 500;
  AsyncStoreWriter writer(store, config);
  constexpr int kPerProducer = 10'000;

  auto produce = [&](const std::string& prefix) {
    auto producer = writer.register_producer();
    ASSERT_TRUE(producer.ok());
    for (int i = 0; i < kPerProducer; ++i) {
      const core::Signal signal = make_full_signal(i, prefix);
      // The engine would count the drop and move on; this test wants every signal, so it
      // retries a refused push (each refusal is still counted as a drop).
      while (!producer->push(signal)) std::this_thread::yield();
    }
  };
  std::thread a(produce, "a-");
  std::thread b(produce, "b-");
  a.join();
  b.join();
  ASSERT_TRUE(writer.stop().ok()) << writer.last_error();

  const AsyncStoreWriterStats stats = writer.stats();
  EXPECT_EQ(stats.written, 2u * kPerProducer);
  EXPECT_EQ(stats.failed_items, 0u);
  EXPECT_EQ(stats.write_errors, 0u);
  EXPECT_GT(stats.batches, 0u);
  EXPECT_EQ(count_rows(path), 2 * kPerProducer);
  EXPECT_EQ(count_rows(path, "signal_id LIKE 'a-%'"), kPerProducer);
  EXPECT_EQ(count_rows(path, "signal_id LIKE 'b-%'"), kPerProducer);
  auto last = store.find_signal("b-9999");
  ASSERT_TRUE(last.ok() && last->has_value());
  test::expect_same_signal(make_full_signal(9999, "b-"), **last);
}

TEST(AsyncStoreWriter, AFullRingCountsDropsAndALockedDatabaseIsRetried) {
  TempDir dir;
  const std::string path = dir.file("locked.db");
  SqliteStore store = open_migrated(path, /*busy_timeout_ms=*/5);
  // Another connection holds the write lock: the writer's batches fail with SQLITE_BUSY.
  auto blocker = Database::open(path);
  ASSERT_TRUE(blocker.ok());
  ASSERT_TRUE(blocker->exec("BEGIN IMMEDIATE").ok());

  AsyncStoreWriterConfig config;
  config.ring_capacity = 4;
  config.batch_size = 2;
  config.flush_interval = 1ms;
  AsyncStoreWriter writer(store, config);
  auto producer = writer.register_producer();
  ASSERT_TRUE(producer.ok());
  constexpr int kPushed = 100;
  int accepted = 0;
  for (int i = 0; i < kPushed; ++i) accepted += producer->push(make_full_signal(i)) ? 1 : 0;
  std::this_thread::sleep_for(50ms);  // the writer retries meanwhile
  EXPECT_GT(writer.stats().write_errors, 0u);
  ASSERT_TRUE(blocker->exec("COMMIT").ok());
  ASSERT_TRUE(writer.stop().ok()) << writer.last_error();

  const AsyncStoreWriterStats stats = writer.stats();
  EXPECT_GT(stats.dropped, 0u);
  EXPECT_EQ(stats.dropped, producer->dropped());
  EXPECT_EQ(stats.dropped + static_cast<std::uint64_t>(accepted),
            static_cast<std::uint64_t>(kPushed));
  EXPECT_EQ(stats.written,
            static_cast<std::uint64_t>(accepted));  // every accepted item kept through the retries
  EXPECT_EQ(stats.failed_items, 0u);
  EXPECT_EQ(count_rows(path), accepted);
  EXPECT_NE(writer.last_error().find("locked"), std::string::npos) << writer.last_error();
}

TEST(AsyncStoreWriter, FlushCommitsEverythingPushedBeforeIt) {
  TempDir dir;
  const std::string path = dir.file("flush.db");
  SqliteStore store = open_migrated(path);
  AsyncStoreWriterConfig config;
  config.batch_size = 10'000;
  config.flush_interval = 1h;  // only flush() writes
  AsyncStoreWriter writer(store, config);
  auto producer = writer.register_producer();
  ASSERT_TRUE(producer.ok());
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(producer->push(make_full_signal(i)));
  ASSERT_TRUE(writer.flush().ok());
  EXPECT_EQ(count_rows(path), 300);
  for (int i = 300; i < 310; ++i) ASSERT_TRUE(producer->push(make_full_signal(i)));
  ASSERT_TRUE(writer.flush().ok());
  EXPECT_EQ(count_rows(path), 310);
  ASSERT_TRUE(writer.stop().ok());
}

TEST(AsyncStoreWriter, BatchesAreWrittenAfterTheFlushInterval) {
  TempDir dir;
  const std::string path = dir.file("interval.db");
  SqliteStore store = open_migrated(path);
  AsyncStoreWriterConfig config;
  config.batch_size = 10'000;
  config.flush_interval = 10ms;
  AsyncStoreWriter writer(store, config);
  auto producer = writer.register_producer();
  ASSERT_TRUE(producer.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(producer->push(make_full_signal(i)));
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (count_rows(path) < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(count_rows(path), 3);
  ASSERT_TRUE(writer.stop().ok());
}

TEST(AsyncStoreWriter, EveryItemKindIsWritten) {
  TempDir dir;
  const std::string path = dir.file("kinds.db");
  SqliteStore store = open_migrated(path);
  {
    AsyncStoreWriter writer(store);
    auto producer = writer.register_producer();
    ASSERT_TRUE(producer.ok());
    const core::Signal signal = make_full_signal(1);
    ASSERT_TRUE(producer->push(signal));
    RegimeChangeRecord regime{core::Symbol("ETHUSDT"), core::Timeframe::k1h, {}};
    regime.change.time = {42};
    regime.change.regime_type = core::MarketRegime::kWeakTrend;
    ASSERT_TRUE(producer->push(StoreItem::of(regime)));
    CandleRecord candle{core::Symbol("ETHUSDT"), core::Timeframe::k1h, {}};
    candle.candle.open_time = {0};
    candle.candle.close_time = {3'599'999};
    candle.candle.open = candle.candle.high = candle.candle.low = candle.candle.close = 10;
    ASSERT_TRUE(producer->push(StoreItem::of(candle)));
    ASSERT_TRUE(producer->push(
        StoreItem::of(OutcomeUpdate{signal.signal_id, core::SignalOutcome::kLoss, {99}})));
    ASSERT_TRUE(producer->push(StoreItem::of(
        OutcomeUpdate{core::FixedString<32>("unknown"), core::SignalOutcome::kWin, {99}})));
    ASSERT_TRUE(writer.stop().ok()) << writer.last_error();
    EXPECT_EQ(writer.stats().written, 5u);
    EXPECT_EQ(writer.stats().orphan_outcomes, 1u);
    // After stop() the handle refuses, and says so.
    EXPECT_FALSE(producer->push(signal));
    EXPECT_EQ(writer.stats().rejected_after_stop, 1u);
  }
  auto stored = store.find_signal("sig-1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->outcome, core::SignalOutcome::kLoss);
  auto regimes = store.latest_regimes();
  ASSERT_TRUE(regimes.ok());
  ASSERT_EQ(regimes->size(), 1u);
  EXPECT_EQ((*regimes)[0].change.regime_type, core::MarketRegime::kWeakTrend);
  auto candles = store.candles("ETHUSDT", core::Timeframe::k1h);
  ASSERT_TRUE(candles.ok());
  EXPECT_EQ(candles->size(), 1u);
}

TEST(AsyncStoreWriter, APermanentErrorRefusesOnlyTheOffendingItem) {
  TempDir dir;
  const std::string path = dir.file("bad_item.db");
  SqliteStore store = open_migrated(path);
  AsyncStoreWriter writer(store);
  auto producer = writer.register_producer();
  ASSERT_TRUE(producer.ok());
  for (int i = 0; i < 5; ++i) {
    core::Signal s = make_full_signal(i);
    if (i == 2) s.entry_price = std::nan("");  // NULL violates NOT NULL: never storable
    ASSERT_TRUE(producer->push(s));
  }
  const Status stopped = writer.stop();
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.error().message.find("1 items were not stored"), std::string::npos)
      << stopped.error().message;
  EXPECT_NE(stopped.error().message.find("NOT NULL"), std::string::npos) << stopped.error().message;
  EXPECT_EQ(writer.stats().failed_items, 1u);
  EXPECT_EQ(writer.stats().written, 4u);
  EXPECT_EQ(count_rows(path), 4);
}

TEST(AsyncStoreWriter, ProducerRingsAreBounded) {
  TempDir dir;
  SqliteStore store = open_migrated(dir.file("producers.db"));
  AsyncStoreWriterConfig config;
  config.max_producers = 2;
  AsyncStoreWriter writer(store, config);
  EXPECT_TRUE(writer.register_producer().ok());
  EXPECT_TRUE(writer.register_producer().ok());
  auto third = writer.register_producer();
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.error().message.find("max_producers"), std::string::npos);
}

}  // namespace
}  // namespace alphapulse::store
