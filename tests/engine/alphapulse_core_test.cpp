// AlphaPulseCore against the backtest's path: the same candles submitted as events from a
// producer thread give exactly the signals of strategy::SignalPipeline run directly.
#include "engine/alphapulse_core.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "feed/candle_csv.hpp"
#include "support/csv_table.hpp"

namespace alphapulse::engine {
namespace {

const std::vector<core::Candle>& sample() {
  static const auto candles = feed::read_candle_file(test::sample_data("BTCUSDT_15m.csv")).candles;
  return candles;
}

class CollectingSink : public Sink {
 public:
  void on_signal(const StreamRef& ref, const core::Signal& s) override {
    std::lock_guard lock(mutex);
    signals.push_back(s);
    streams.insert(ref.id);
  }
  void on_regime_change(const StreamRef&, const regime::RegimeChange&) override {
    ++regime_changes;
  }
  void flush() override { ++flushes; }
  std::mutex mutex;
  std::vector<core::Signal> signals;
  std::set<feed::StreamId> streams;
  int regime_changes = 0;
  int flushes = 0;
};

std::vector<std::string> backtest_ids(const std::vector<core::Candle>& candles,
                                      const std::string& symbol, bool enable_ml = false) {
  strategy::PipelineSettings settings;
  settings.enable_ml = enable_ml;
  strategy::SignalPipeline pipeline(core::Symbol(symbol), core::Timeframe::k15m, settings);
  std::vector<std::string> ids;
  for (const auto& c : candles) {
    if (pipeline.on_closed_candle(c).emitted)
      ids.push_back(pipeline.on_closed_candle(c).signal.signal_id.str());
  }
  return ids;
}

// The backtest's signal ids of every symbol (each fed the sample), sorted.
std::vector<std::string> backtest_ids_of(const std::vector<std::string>& symbols,
                                         bool enable_ml = false) {
  std::vector<std::string> ids;
  for (const auto& symbol : symbols) {
    for (const auto& id : backtest_ids(sample(), symbol, enable_ml)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> sorted_ids(const CollectingSink& sink) {
  std::vector<std::string> ids;
  for (const auto& s : sink.signals) ids.push_back(s.signal_id.str());
  std::sort(ids.begin(), ids.end());
  return ids;
}

feed::MarketEvent closed_event(feed::StreamId stream, const core::Candle& candle) {
  feed::MarketEvent e;
  e.stream = stream;
  e.candle = candle;
  e.receive_ns = steady_now_ns();
  return e;
}

// BTCUSDT and ETHUSDT 15m, decided on the producer's thread.
CoreOptions two_streams_on_the_producers_thread() {
  CoreOptions options;
  options.symbols = {"BTCUSDT", "ETHUSDT"};
  options.timeframes = {core::Timeframe::k15m};
  options.execution = Execution::kProducerThread;
  return options;
}

// Starts `core` with `sink`, submits every sample candle to streams 0 and 1 in time order (as
// a feed would: both streams' closes of a boundary together), and stops it.
void decide_the_sample_on_two_streams(AlphaPulseCore& core, CollectingSink& sink) {
  core.add_sink(&sink);
  core.start();
  for (const auto& c : sample()) {
    for (feed::StreamId id = 0; id < 2; ++id) ASSERT_TRUE(core.submit(closed_event(id, c)));
  }
  core.stop();
}

TEST(AlphaPulseCore, SameSignalsAsTheBacktestPathWithManyStreams) {
  // Three symbols fed the same candles (so every stream's expected signals are known) over
  // two workers, interleaved in time order as a feed would deliver them.
  AlphaPulseCore core({"BTCUSDT", "ETHUSDT", "SOLUSDT"}, {core::Timeframe::k15m});
  CollectingSink sink;
  core.add_sink(&sink);
  core.start();
  for (const auto& c : sample()) {
    for (feed::StreamId id = 0; id < 3; ++id) {
      const feed::MarketEvent e = closed_event(id, c);
      while (!core.submit(e)) std::this_thread::yield();  // a full inbox: retry (test only)
    }
  }
  core.stop();

  const std::vector<std::string> expected = backtest_ids_of({"BTCUSDT", "ETHUSDT", "SOLUSDT"});
  EXPECT_GT(expected.size(), 30u);
  EXPECT_EQ(sorted_ids(sink), expected);

  const auto summary = core.get_performance_summary();
  EXPECT_EQ(summary.candles_processed, static_cast<std::int64_t>(3 * sample().size()));
  EXPECT_EQ(summary.total_signals, static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(summary.events_dropped, 0u);
  EXPECT_GT(summary.p99_latency_ms, 0);
  EXPECT_LE(summary.p50_latency_ms, summary.p99_latency_ms);
  EXPECT_LE(summary.p99_latency_ms, summary.max_latency_ms);
  EXPECT_GT(summary.filter_rate, 0.5);
  EXPECT_GT(sink.regime_changes, 0);

  const auto history = core.get_signal_history(5);
  ASSERT_EQ(history.size(), 5u);
  EXPECT_GE(history[0].candle_open_time, history[4].candle_open_time);  // newest first

  const auto regimes = core.get_current_regimes();
  ASSERT_EQ(regimes.size(), 3u);
  EXPECT_TRUE(regimes.contains("BTCUSDT_15m"));
  EXPECT_TRUE(core::parse_market_regime(regimes.at("ETHUSDT_15m")).has_value());
}

// enable_ml reaches every stream's pipeline: live with the model stage gives exactly the
// backtest's model-stage signals, which differ from those without it.
TEST(AlphaPulseCore, SameSignalsAsTheBacktestPathWithTheModelStage) {
  CoreOptions options = two_streams_on_the_producers_thread();
  options.enable_ml = true;
  AlphaPulseCore core(options);
  CollectingSink sink;
  decide_the_sample_on_two_streams(core, sink);
  for (const auto& s : sink.signals) {
    EXPECT_TRUE(s.validation_metrics.find("model_p_win").has_value());
  }
  const std::vector<std::string> expected = backtest_ids_of({"BTCUSDT", "ETHUSDT"}, true);
  EXPECT_GT(expected.size(), 30u);
  EXPECT_EQ(sorted_ids(sink), expected);
  EXPECT_NE(backtest_ids(sample(), "BTCUSDT", true), backtest_ids(sample(), "BTCUSDT", false));
}

// Warming the decision path between events (what the busy-polling feed does when idle) runs
// on a pipeline of its own: every stream's signals are still exactly the backtest's.
TEST(AlphaPulseCore, KeepingTheDecisionPathWarmChangesNoSignal) {
  CoreOptions options = two_streams_on_the_producers_thread();
  options.keep_warm_interval_us = 1;
  AlphaPulseCore core(options);
  CollectingSink sink;
  core.add_sink(&sink);
  core.start();
  std::uint64_t warm_runs_reported = 0;
  for (const auto& c : sample()) {
    for (feed::StreamId id = 0; id < 2; ++id) {
      ASSERT_TRUE(core.submit(closed_event(id, c)));
      const auto until = steady_now_ns() + 1'500;  // past the interval: the next call runs
      while (steady_now_ns() < until) {
      }
      if (core.keep_warm()) ++warm_runs_reported;
    }
  }
  core.stop();
  const std::vector<std::string> expected = backtest_ids_of({"BTCUSDT", "ETHUSDT"});
  EXPECT_GT(expected.size(), 30u);
  EXPECT_EQ(sorted_ids(sink), expected);
  EXPECT_EQ(warm_runs_reported, 2 * sample().size());
  EXPECT_EQ(core.keep_warm_runs(), warm_runs_reported);
  EXPECT_EQ(core.get_performance_summary().candles_processed,
            static_cast<std::int64_t>(2 * sample().size()));  // warm runs are not candles
}

// After each close the core prefetches the pipeline of the stream expected next (learned from
// the previous boundary's order): the signals are still exactly the backtest's, and the order
// (BTCUSDT then ETHUSDT at every boundary) is learned after the first boundary.
TEST(AlphaPulseCore, PrefetchingTheExpectedNextCloseChangesNoSignal) {
  AlphaPulseCore core(two_streams_on_the_producers_thread());
  CollectingSink sink;
  decide_the_sample_on_two_streams(core, sink);
  EXPECT_EQ(sorted_ids(sink), backtest_ids_of({"BTCUSDT", "ETHUSDT"}));
  const auto counts = core.close_order_counts();
  EXPECT_EQ(counts.in_burst, sample().size());  // ETHUSDT after BTCUSDT, at every boundary
  EXPECT_EQ(counts.successor_right, sample().size() - 1);
  EXPECT_EQ(counts.named_in_time, sample().size() - 1);

  CoreOptions off = two_streams_on_the_producers_thread();
  off.prefetch_expected_closes = 0;
  AlphaPulseCore without(off);
  without.start();
  ASSERT_TRUE(without.submit(closed_event(0, sample()[0])));
  ASSERT_TRUE(without.submit(closed_event(1, sample()[0])));
  without.stop();
  EXPECT_EQ(without.close_order_counts().in_burst, 0u);
}

TEST(AlphaPulseCore, WorkerThreadsAndAZeroIntervalKeepNothingWarm) {
  CoreOptions workers;
  workers.symbols = {"BTCUSDT"};
  workers.timeframes = {core::Timeframe::k15m};
  workers.execution = Execution::kWorkerThreads;
  AlphaPulseCore on_workers(workers);
  EXPECT_FALSE(on_workers.keep_warm());
  CoreOptions off = workers;
  off.execution = Execution::kProducerThread;
  off.keep_warm_interval_us = 0;
  AlphaPulseCore switched_off(off);
  EXPECT_FALSE(switched_off.keep_warm());
  EXPECT_EQ(switched_off.keep_warm_runs(), 0u);
}

// One BTCUSDT 15m stream whose snapshots are published.
CoreOptions one_stream_with_snapshots() {
  CoreOptions options;
  options.symbols = {"BTCUSDT"};
  options.timeframes = {core::Timeframe::k15m};
  options.publish_snapshots = true;
  return options;
}

TEST(AlphaPulseCore, SnapshotsHoldEachStreamsLatestRegimeAndIndicators) {
  AlphaPulseCore core(one_stream_with_snapshots());
  core.start();
  StreamSnapshot snap;
  std::uint64_t version = 0;
  EXPECT_FALSE(core.snapshots().read(0, snap, version));  // nothing decided yet
  for (const auto& c : sample()) {
    feed::MarketEvent e;
    e.candle = c;
    e.receive_ns = steady_now_ns();
    ASSERT_TRUE(core.submit(e));
  }
  core.stop();
  // The pipeline run directly over the same candles is the independent expectation.
  strategy::SignalPipeline direct(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  for (const auto& c : sample()) (void)direct.on_closed_candle(c);
  ASSERT_TRUE(core.snapshots().read(0, snap, version));
  EXPECT_EQ(version, sample().size());  // one publication per closed candle
  EXPECT_EQ(snap.candle_close_time.ms, sample().back().open_time.ms + 15 * 60 * 1000);
  EXPECT_EQ(snap.regime, direct.regime().regime);
  EXPECT_EQ(snap.regime_duration_candles, direct.regime().duration_candles);
  ASSERT_TRUE(snap.indicators.find("rsi14").has_value());
  EXPECT_EQ(*snap.indicators.find("rsi14"), direct.indicator_values().rsi);
  EXPECT_EQ(*snap.indicators.find("atr14"), direct.indicator_values().atr.atr);
}

TEST(AlphaPulseCore, FormingBoardHoldsPeekValuesOfTheLatestFormingCandle) {
  AlphaPulseCore core(one_stream_with_snapshots());
  core.start();
  const auto& candles = sample();
  const std::size_t closed = 300;
  for (std::size_t i = 0; i < closed; ++i) {
    feed::MarketEvent e;
    e.candle = candles[i];
    e.receive_ns = steady_now_ns();
    ASSERT_TRUE(core.submit(e));
  }
  StreamSnapshot snap;
  std::uint64_t version = 0;
  EXPECT_FALSE(core.forming_snapshots().read(0, snap, version));  // no forming update yet
  // Two forming updates of the next candle: the second supersedes the first.
  core::Candle forming = candles[closed];
  forming.close = (forming.open + forming.close) / 2;
  for (const core::Candle& update : {forming, candles[closed]}) {
    feed::MarketEvent e;
    e.state = feed::CandleState::kForming;
    e.candle = update;
    e.receive_ns = steady_now_ns();
    ASSERT_TRUE(core.submit(e));
  }
  core.stop();
  // Independent expectation: the pipeline over the same closed candles, then peek.
  strategy::SignalPipeline direct(core::Symbol("BTCUSDT"), core::Timeframe::k15m);
  for (std::size_t i = 0; i < closed; ++i) (void)direct.on_closed_candle(candles[i]);
  const ta::IndicatorValues expected = direct.peek(candles[closed]);
  ASSERT_TRUE(core.forming_snapshots().read(0, snap, version));
  EXPECT_EQ(version, 2u);
  EXPECT_EQ(snap.candle_close_time.ms, candles[closed].open_time.ms + 15 * 60 * 1000);
  EXPECT_EQ(snap.regime, direct.regime().regime);
  ASSERT_TRUE(snap.indicators.find("rsi14").has_value());
  EXPECT_EQ(*snap.indicators.find("rsi14"), expected.rsi);
  EXPECT_NE(expected.rsi, direct.indicator_values().rsi);  // the forming candle moved it
  // Forming updates change no state: the closed board still holds candle 300's values.
  ASSERT_TRUE(core.snapshots().read(0, snap, version));
  EXPECT_EQ(version, closed);
  EXPECT_EQ(*snap.indicators.find("rsi14"), direct.indicator_values().rsi);
}

TEST(AlphaPulseCore, CurrentRegimesComeFromTheSharedSourceWhenItAnswers) {
  CoreOptions options;
  options.symbols = {"BTCUSDT"};
  options.timeframes = {core::Timeframe::k15m};
  bool source_up = true;
  options.regime_source = [&]() -> std::optional<std::map<std::string, std::string>> {
    if (!source_up) return std::nullopt;
    return std::map<std::string, std::string>{{"ETHUSDT_1h", "choppy"}};
  };
  AlphaPulseCore core(options);
  core.start();
  for (const auto& c : sample()) {
    feed::MarketEvent e;
    e.candle = c;
    e.receive_ns = steady_now_ns();
    ASSERT_TRUE(core.submit(e));
  }
  core.stop();
  EXPECT_EQ(core.get_current_regimes(),
            (std::map<std::string, std::string>{{"ETHUSDT_1h", "choppy"}}));
  source_up = false;  // the cache is unreachable: this process's own view
  const auto own = core.get_current_regimes();
  ASSERT_EQ(own.size(), 1u);
  EXPECT_TRUE(own.contains("BTCUSDT_15m"));
}

// Backpressure instead of loss: tiny rings and a sink that stalls on every flush make the
// producer and the workers wait; every candle is decided and every signal reaches the sink.
class StallingSink : public CollectingSink {
 public:
  void flush() override {
    CollectingSink::flush();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
};

TEST(AlphaPulseCore, FullRingsMakeProducersWaitAndLoseNothing) {
  CoreOptions options;
  options.symbols = {"BTCUSDT"};
  options.timeframes = {core::Timeframe::k15m};
  options.inbox_capacity = 8;
  options.outbox_capacity = 2;
  options.forward_candles = true;  // a sink item per candle: the sink ring fills at once
  AlphaPulseCore core(options);
  StallingSink sink;
  core.add_sink(&sink);
  core.start();
  for (const auto& c : sample()) {
    feed::MarketEvent e;
    e.candle = c;
    e.receive_ns = steady_now_ns();
    ASSERT_TRUE(core.submit(e));  // waits for room rather than refusing a closed candle
  }
  core.stop();
  const auto p = core.get_performance_summary();
  EXPECT_EQ(p.candles_processed, static_cast<std::int64_t>(sample().size()));
  EXPECT_EQ(sink.signals.size(), backtest_ids(sample(), "BTCUSDT").size());
  EXPECT_GT(p.inbox_full_waits, 0u);
  EXPECT_GT(p.sink_full_waits, 0u);
  EXPECT_EQ(p.events_dropped, 0u);
  EXPECT_EQ(p.sink_items_dropped, 0u);
}

TEST(AlphaPulseCore, OnTheProducersThreadEachCandleIsDecidedBeforeSubmitReturns) {
  AlphaPulseCore core(two_streams_on_the_producers_thread());
  CollectingSink sink;
  core.add_sink(&sink);
  core.start();
  std::int64_t submitted = 0;
  for (const auto& c : sample()) {
    for (feed::StreamId id = 0; id < 2; ++id) {
      ASSERT_TRUE(core.submit(closed_event(id, c)));
      ++submitted;
      // Decided by now: no worker thread, nothing waiting in an inbox.
      ASSERT_EQ(core.get_performance_summary().candles_processed, submitted);
    }
  }
  EXPECT_EQ(core.decision_latency().count(), static_cast<std::uint64_t>(submitted));
  EXPECT_EQ(core.decision_compute().count(), core.decision_latency().count());
  EXPECT_LE(core.decision_compute().quantile_ns(0.5), core.decision_latency().quantile_ns(0.5));
  core.stop();
  EXPECT_FALSE(core.submit(feed::MarketEvent{}));  // after stop: refused, counted
  EXPECT_EQ(core.get_performance_summary().events_dropped, 1u);

  const std::vector<std::string> expected = backtest_ids_of({"BTCUSDT", "ETHUSDT"});
  EXPECT_GT(expected.size(), 20u);
  EXPECT_EQ(sorted_ids(sink), expected);
  EXPECT_TRUE(core.drained());
}

TEST(AlphaPulseCore, StopDrainsEverythingSubmitted) {
  AlphaPulseCore core({"BTCUSDT"}, {core::Timeframe::k15m});
  CollectingSink sink;
  core.add_sink(&sink);
  core.start();
  for (const auto& c : sample()) {
    feed::MarketEvent e;
    e.candle = c;
    e.receive_ns = steady_now_ns();
    ASSERT_TRUE(core.submit(e));  // 5000 events fit the default inbox
  }
  core.stop();  // immediately: the workers still have most of the inbox to go
  EXPECT_EQ(core.get_performance_summary().candles_processed,
            static_cast<std::int64_t>(sample().size()));
  EXPECT_EQ(sink.signals.size(), backtest_ids(sample(), "BTCUSDT").size());
  EXPECT_TRUE(core.drained());
}

TEST(AlphaPulseCore, UnknownStreamsAndDuplicatesAreRefusedOrIgnored) {
  AlphaPulseCore core({"BTCUSDT"}, {core::Timeframe::k15m, core::Timeframe::k1h});
  EXPECT_EQ(core.streams().size(), 2u);
  EXPECT_EQ(core.stream_id("BTCUSDT", core::Timeframe::k1h), 1u);
  EXPECT_FALSE(core.stream_id("ETHUSDT", core::Timeframe::k1h).has_value());
  core.start();
  feed::MarketEvent e;
  e.stream = 7;
  EXPECT_FALSE(core.submit(e));
  e.stream = 0;
  e.candle = sample()[0];
  EXPECT_TRUE(core.submit(e));
  EXPECT_TRUE(core.submit(e));  // a duplicate: accepted by the ring, ignored by the pipeline
  core.stop();
  const auto p = core.get_performance_summary();
  EXPECT_EQ(p.candles_processed, 1);
  EXPECT_EQ(p.candles_out_of_order, 1);
}

TEST(AlphaPulseCore, LatencyIsSplitByTheClosedCandlesPlaceInItsRead) {
  // Three streams close together, as at a candle boundary: each "read" (one receive stamp)
  // brings the three closes with a forming update between the first two. The first close of
  // each read is first in it; the other two were read with it; the forming update counts for
  // neither.
  CoreOptions options;
  options.symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
  options.timeframes = {core::Timeframe::k15m};
  options.execution = Execution::kProducerThread;
  AlphaPulseCore core(options);
  core.start();
  const std::size_t reads = 200;
  std::int64_t stamp = 1;
  for (std::size_t i = 0; i < reads; ++i, ++stamp) {
    for (feed::StreamId stream = 0; stream < 3; ++stream) {
      feed::MarketEvent e;
      e.stream = stream;
      e.candle = sample()[i];
      e.receive_ns = stamp;
      ASSERT_TRUE(core.submit(e));
      if (stream == 0) {
        feed::MarketEvent forming = e;
        forming.state = feed::CandleState::kForming;
        forming.candle = sample()[i + 1];
        ASSERT_TRUE(core.submit(forming));
      }
    }
  }
  // Then closes each alone in its read.
  for (std::size_t i = reads; i < reads + 50; ++i, ++stamp) {
    feed::MarketEvent e;
    e.candle = sample()[i];
    e.receive_ns = stamp;
    ASSERT_TRUE(core.submit(e));
  }
  core.stop();
  EXPECT_EQ(core.decision_first_in_read().count(), reads + 50);
  EXPECT_EQ(core.decision_later_in_read().count(), 2 * reads);
  EXPECT_EQ(core.decision_latency().count(), 3 * reads + 50);
}

}  // namespace
}  // namespace alphapulse::engine
