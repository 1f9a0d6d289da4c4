// tests/engine/delivery_relay_test: the local journal (StoreSink) and its outbox relays.
// The destination here is a recording test double that can be told to fail: these tests pin
// the relay's rules (exactly once, retry on transient errors, dead letters for refused items,
// durability across restarts). The same path against real PostgreSQL and Redis servers,
// stopped and restarted mid-run, is tests/apps/run_outage_test.py.
#include "engine/delivery_relay.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "engine/store_sink.hpp"
#include "store/local_outbox.hpp"
#include "store/sqlite_store.hpp"
#include "store/store_test_support.hpp"

namespace alphapulse::engine {
namespace {

using store::test::make_full_signal;
using store::test::TempDir;

class RecordingDestination : public Destination {
 public:
  std::string_view name() const override { return "recorder"; }
  store::Status deliver(const DeliveryBatch& batch) override {
    std::lock_guard lock(mutex_);
    ++calls_;
    if (down_) return store::Error{0, "recorder: connection refused", true};
    for (const auto& s : batch.signals) {
      if (s.signal_id.view() == refused_id_)
        return store::Error{0, "recorder: refused " + refused_id_};
    }
    for (const auto& s : batch.signals) ++signal_deliveries_[s.signal_id.str()];
    for (const auto& r : batch.regime_changes) regimes_.push_back(r);
    for (const auto& c : batch.candles) candles_.push_back(c);
    for (const auto& o : batch.outcomes) outcomes_[o.signal_id.str()] = o.outcome;
    return {};
  }
  void set_down(bool down) {
    std::lock_guard lock(mutex_);
    down_ = down;
  }
  void refuse(std::string id) {
    std::lock_guard lock(mutex_);
    refused_id_ = std::move(id);
  }
  std::map<std::string, int> signal_deliveries() const {
    std::lock_guard lock(mutex_);
    return signal_deliveries_;
  }
  std::map<std::string, core::SignalOutcome> outcomes() const {
    std::lock_guard lock(mutex_);
    return outcomes_;
  }
  std::size_t regime_count() const {
    std::lock_guard lock(mutex_);
    return regimes_.size();
  }
  int calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  bool down_ = false;
  std::string refused_id_;
  int calls_ = 0;
  std::map<std::string, int> signal_deliveries_;
  std::vector<store::RegimeChangeRecord> regimes_;
  std::vector<store::CandleRecord> candles_;
  std::map<std::string, core::SignalOutcome> outcomes_;
};

struct Journal {
  explicit Journal(const std::string& path) : store(open(path)) {}
  static store::SqliteStore open(const std::string& path) {
    auto s = store::SqliteStore::open(path);
    EXPECT_TRUE(s.ok()) << s.error().message;
    auto m = s->migrate();
    EXPECT_TRUE(m.ok()) << m.error().message;
    return std::move(s.value());
  }
  store::SqliteStore store;
};

const feed::StreamSpec kStream{core::Symbol("ETHUSDT"), core::Timeframe::k1h};

StoreSinkOptions remote_options(const std::string& run_id, bool outcomes = false) {
  StoreSinkOptions o;
  o.remotes.push_back({"recorder", true, true, false, outcomes});
  o.run_id = run_id;
  return o;
}

DeliveryRelayConfig relay_config(const std::string& path, const std::string& run_id) {
  DeliveryRelayConfig c;
  c.local_db_path = path;
  c.run_id = run_id;
  c.poll_interval = std::chrono::milliseconds(5);
  c.backoff_initial = std::chrono::milliseconds(5);
  c.backoff_max = std::chrono::milliseconds(20);
  c.drain_timeout = std::chrono::milliseconds(2000);
  return c;
}

bool wait_for(const std::function<bool()>& done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

std::int64_t depth(store::SqliteStore& s, std::string_view destination) {
  store::LocalOutbox outbox(s.database(), "reader");
  auto d = outbox.depth(destination);
  EXPECT_TRUE(d.ok());
  return d.ok() ? *d : -1;
}

TEST(StoreSinkOutbox, EveryStoredItemIsQueuedOncePerRemoteInTheSameTransaction) {
  TempDir dir;
  Journal j(dir.file("journal.db"));
  StoreSinkOptions options = remote_options("run-1");
  options.remotes.push_back({"second", true, false, false, false});
  StoreSink sink(j.store, options);
  const StreamRef ref{0, &kStream, 1234};
  for (int i = 0; i < 5; ++i) sink.on_signal(ref, make_full_signal(i));
  sink.on_regime_change(
      ref, regime::RegimeChange{{1'709'294'400'000}, core::MarketRegime::kChoppy, 0.7, 12, {}});
  sink.flush();
  ASSERT_EQ(sink.pending(), 0u) << sink.last_error();
  EXPECT_EQ(sink.signals_stored(), 5);
  EXPECT_EQ(depth(j.store, "recorder"), 6);  // 5 signals + 1 regime change
  EXPECT_EQ(depth(j.store, "second"), 5);    // signals only
  // The same signals again (a replay): stored already, so queued no second time.
  for (int i = 0; i < 5; ++i) sink.on_signal(ref, make_full_signal(i));
  sink.flush();
  EXPECT_EQ(sink.signals_stored(), 5);
  EXPECT_EQ(depth(j.store, "recorder"), 6);
}

TEST(DeliveryRelay, DeliversEveryItemExactlyOnceAndEmptiesTheOutbox) {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal j(path);
  RecordingDestination dest;
  DeliveryRelay relay(dest, relay_config(path, "run-1"));
  StoreSink sink(j.store, remote_options("run-1"));
  sink.on_regime_change(
      {0, &kStream, 0},
      regime::RegimeChange{{1'709'294'400'000}, core::MarketRegime::kRanging, 0.6, 3, {}});
  relay.start();
  for (int i = 0; i < 300; ++i) {
    sink.on_signal({0, &kStream, engine::steady_now_ns()}, make_full_signal(i));
    if (i % 50 == 49) {
      sink.flush();
      relay.wake();
    }
  }
  ASSERT_TRUE(wait_for([&] { return dest.signal_deliveries().size() == 300; }));
  relay.stop();
  const auto deliveries = dest.signal_deliveries();
  for (int i = 0; i < 300; ++i) EXPECT_EQ(deliveries.at("sig-" + std::to_string(i)), 1);
  EXPECT_EQ(dest.regime_count(), 1u);
  EXPECT_EQ(depth(j.store, "recorder"), 0);
  EXPECT_EQ(relay.stats().delivered, 301u);
  EXPECT_EQ(relay.publish_latency().count(), 300u);  // this run's signals carry receive_ns
}

TEST(DeliveryRelay, ADestinationThatIsDownGetsEverythingOnceWhenItReturns) {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal j(path);
  RecordingDestination dest;
  dest.set_down(true);
  DeliveryRelay relay(dest, relay_config(path, "run-1"));
  StoreSink sink(j.store, remote_options("run-1"));
  relay.start();
  for (int i = 0; i < 40; ++i) sink.on_signal({0, &kStream, 0}, make_full_signal(i));
  sink.flush();
  relay.wake();
  ASSERT_TRUE(wait_for([&] { return relay.stats().failed_attempts >= 3; }));
  EXPECT_TRUE(dest.signal_deliveries().empty());
  EXPECT_EQ(depth(j.store, "recorder"), 40);  // waiting, durable
  EXPECT_NE(relay.last_error().find("connection refused"), std::string::npos);
  dest.set_down(false);
  ASSERT_TRUE(wait_for([&] { return dest.signal_deliveries().size() == 40; }));
  relay.stop();
  for (const auto& [id, n] : dest.signal_deliveries()) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(depth(j.store, "recorder"), 0);
}

// New rows keep arriving during an outage (every sink flush wakes the relay); the relay must
// still back off instead of retrying on every wake-up: with a 5 ms doubling to 20 ms
// backoff, 300 ms of outage allow about 20 attempts; a retry per wake would be hundreds.
TEST(DeliveryRelay, WakeUpsDuringAnOutageDoNotDefeatTheBackoff) {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal j(path);
  RecordingDestination dest;
  dest.set_down(true);
  DeliveryRelay relay(dest, relay_config(path, "run-1"));
  StoreSink sink(j.store, remote_options("run-1"));
  sink.on_signal({0, &kStream, 0}, make_full_signal(0));
  sink.flush();
  relay.start();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < until) {
    relay.wake();
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  const auto attempts = relay.stats().failed_attempts;
  EXPECT_GE(attempts, 3u);
  EXPECT_LE(attempts, 60u) << "a retry per wake-up: a reconnect storm";
  dest.set_down(false);
  ASSERT_TRUE(wait_for([&] { return dest.signal_deliveries().size() == 1; }));
  relay.stop();
}

TEST(DeliveryRelay, ARefusedItemIsDeadLetteredAndTheOthersStillArrive) {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal j(path);
  RecordingDestination dest;
  dest.refuse("sig-7");
  DeliveryRelay relay(dest, relay_config(path, "run-1"));
  StoreSink sink(j.store, remote_options("run-1"));
  for (int i = 0; i < 20; ++i) sink.on_signal({0, &kStream, 0}, make_full_signal(i));
  sink.flush();
  relay.start();
  ASSERT_TRUE(wait_for([&] { return relay.stats().dead_lettered == 1; }));
  ASSERT_TRUE(wait_for([&] { return dest.signal_deliveries().size() == 19; }));
  relay.stop();
  EXPECT_EQ(dest.signal_deliveries().count("sig-7"), 0u);
  EXPECT_EQ(depth(j.store, "recorder"), 0);
  store::LocalOutbox outbox(j.store.database(), "reader");
  auto dead = outbox.dead_letters("recorder");
  ASSERT_TRUE(dead.ok());
  EXPECT_EQ(*dead, 1);
}

TEST(DeliveryRelay, RowsLeftAtStopAreDeliveredByTheNextRun) {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  {
    Journal j(path);
    RecordingDestination down;
    down.set_down(true);
    auto config = relay_config(path, "run-1");
    config.drain_timeout = std::chrono::milliseconds(50);
    DeliveryRelay relay(down, config);
    StoreSink sink(j.store, remote_options("run-1"));
    relay.start();
    for (int i = 0; i < 10; ++i) sink.on_signal({0, &kStream, 0}, make_full_signal(i));
    sink.flush();
    relay.stop();  // gives up after the drain timeout: the rows stay
    EXPECT_EQ(depth(j.store, "recorder"), 10);
  }
  Journal j(path);
  RecordingDestination dest;
  DeliveryRelay relay(dest, relay_config(path, "run-2"));
  relay.start();
  ASSERT_TRUE(wait_for([&] { return dest.signal_deliveries().size() == 10; }));
  relay.stop();
  EXPECT_EQ(depth(j.store, "recorder"), 0);
  EXPECT_EQ(relay.publish_latency().count(), 0u);  // another run's steady clock: not measured
}

// A long signal with TP1 at 101 and stop at 99: the candle after it reaches 101.5 without
// touching 99, so by EVALUATION.md it is a win, decided at that candle's close.
TEST(StoreSinkOutcomes, ALiveSignalIsJudgedByTheCandlesAfterItAndTheOutcomeQueued) {
  TempDir dir;
  Journal j(dir.file("journal.db"));
  StoreSink sink(j.store, remote_options("run-1", /*outcomes=*/true));
  core::Signal s = make_full_signal(1);
  s.direction = core::Direction::kLong;
  s.entry_price = 100;
  s.take_profits = {101, 102, 103, 104};
  s.stop_loss = 99;
  const std::int64_t hour = 3'600'000;
  auto candle = [&](std::int64_t k, double low, double high) {
    core::Candle c;
    c.open_time = {s.candle_open_time.ms + k * hour};
    c.close_time = {c.open_time.ms + hour - 1};
    c.open = 100;
    c.close = 100.5;
    c.low = low;
    c.high = high;
    c.volume = 1;
    return c;
  };
  const StreamRef ref{0, &kStream, 0};
  sink.on_signal(ref, s);
  sink.on_closed_candle(ref, candle(0, 99.5, 100.6));  // the signal's own candle: not its path
  sink.flush();
  auto stored = j.store.find_signal(s.signal_id.view());
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->outcome, core::SignalOutcome::kPending);
  sink.on_closed_candle(ref, candle(1, 99.8, 100.9));  // neither level
  sink.on_closed_candle(ref, candle(2, 99.6, 101.5));  // TP1, not the stop
  sink.flush();
  ASSERT_EQ(sink.pending(), 0u) << sink.last_error();
  stored = j.store.find_signal(s.signal_id.view());
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->outcome, core::SignalOutcome::kWin);
  EXPECT_EQ(sink.outcomes_decided(), 1);
  EXPECT_EQ(depth(j.store, "recorder"), 2);  // the signal and its outcome

  RecordingDestination dest;
  DeliveryRelay relay(dest, relay_config(dir.file("journal.db"), "run-1"));
  relay.start();
  ASSERT_TRUE(wait_for([&] { return dest.outcomes().size() == 1; }));
  relay.stop();
  EXPECT_EQ(dest.outcomes().at(s.signal_id.str()), core::SignalOutcome::kWin);
}

}  // namespace
}  // namespace alphapulse::engine
