// engine/alphapulse_core: the orchestrator with the seed's API. Streams (symbol x timeframe)
// are spread over worker threads; each stream is owned by exactly one worker, which runs its
// strategy::SignalPipeline (the same class the backtest runs) on every closed candle. The
// producer (a feed's network thread or a replay loop) hands events to workers through SPSC
// rings; workers hand signals, regime changes and candles to one sink thread through SPSC
// rings. Per candle the hot path takes no lock, allocates nothing and makes no virtual call;
// sinks (storage, JSONL, console, Redis) are virtual, on the sink thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/signal.hpp"
#include "core/spsc_ring.hpp"
#include "engine/close_order_predictor.hpp"
#include "engine/decision_path_warmer.hpp"
#include "engine/stream_snapshot_board.hpp"
#include "feed/market_event.hpp"
#include "monitor/latency_histogram.hpp"
#include "regime/regime_state.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::engine {

struct PerformanceSummary {
  double uptime_seconds = 0;
  std::int64_t total_signals = 0;
  double avg_latency_ms = 0;  // decision latency (EVALUATION.md), over every closed candle
  double max_latency_ms = 0;
  double min_latency_ms = 0;
  double p50_latency_ms = 0;
  double p99_latency_ms = 0;
  double p999_latency_ms = 0;
  double publish_p50_latency_ms = 0;  // to stored and published, over emitted signals
  double publish_p99_latency_ms = 0;
  double throughput_signals_sec = 0;
  double target_latency_ms = 0;
  bool latency_target_met = false;  // p99 decision latency <= target
  std::int64_t candles_processed = 0;
  double candles_per_sec = 0;
  std::int64_t candidates = 0;
  std::int64_t rejected = 0;
  double filter_rate = 0;
  std::uint64_t events_dropped = 0;    // forming updates dropped at full worker inboxes
  std::uint64_t inbox_full_waits = 0;  // closed candles the producer had to wait to hand over
  std::uint64_t sink_full_waits = 0;   // items a worker had to wait to hand to the sinks
  std::uint64_t sink_items_dropped = 0;
  std::int64_t candles_out_of_order = 0;  // ignored by the pipelines
};

// What the sink thread hands to sinks.
struct StreamRef {
  feed::StreamId id;
  const feed::StreamSpec* spec;
  std::int64_t receive_ns = 0;  // steady clock when the candle's message was held (latency start)
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void on_signal(const StreamRef&, const core::Signal&) {}
  virtual void on_regime_change(const StreamRef&, const regime::RegimeChange&) {}
  virtual void on_closed_candle(const StreamRef&, const core::Candle&) {}
  // After every batch the sink thread drained; and once more at stop().
  virtual void flush() {}
};

// Where the pipelines run. kWorkerThreads: streams are spread over worker threads fed through
// SPSC inboxes (replay loops, many cores). kProducerThread: submit() decides on the caller's
// thread (the feed's io thread owns every stream): no hand-off, no wake-up, no inbox wait, so
// a closed candle is decided microseconds after its frame was read — the live default on a
// machine with few cores, where a worker woken per burst costs tens of microseconds.
enum class Execution : std::uint8_t { kWorkerThreads, kProducerThread };

struct CoreOptions {
  std::vector<std::string> symbols;
  std::vector<core::Timeframe> timeframes;
  bool enable_regime_detection = true;
  // The model stage of strategy::SignalPipeline: a per-stream online model scores every
  // candidate, rejects low P(win) ones (low_model_score) and learns from each candidate's
  // outcome once a later candle decides it (docs/strategy.md, "Model"). Copied into
  // pipeline.enable_ml. Off by default: on the design span it did not beat the decisions
  // without it (docs/results.md).
  bool enable_ml = false;
  double target_latency_ms = 50.0;
  Execution execution = Execution::kWorkerThreads;
  // >= 0: the CPU the deciding thread is pinned to (the feed's io thread with
  // kProducerThread, see feed::FeedConfig::decision_cpu); the sink thread keeps off it.
  int decision_cpu = -1;
  std::size_t workers = 0;  // kWorkerThreads: 0 = one per hardware thread, at most one per stream
  // Sized for 300 streams in under 64 MB (docs/performance.md, "Live latency"): rings are
  // resident in full (every slot is written as they wrap). An inbox holds ~32 streams' 500-candle
  // warm-up batches (a closed candle waits for room, see submit). An outbox item is ~1.4 KB (a
  // whole Signal); 2048 absorb a sink stalled ~0.2 s in the warm-up burst (1024 did not on a
  // loaded machine). The history is what get_signal_history can return (~1.2 KB per signal).
  std::size_t inbox_capacity = 1 << 14;
  std::size_t outbox_capacity = 1 << 11;
  std::size_t history_capacity = 1000;
  // An idle worker polls its inbox this many times (~30-100 ns each) before it sleeps on a
  // futex; a sleeping worker costs the next event a wake-up (tens of microseconds).
  int idle_spins_before_sleep = 2000;
  bool forward_candles = false;  // hand every closed candle to sinks (storage of candles)
  // Keep every stream's latest regime + indicators on the board, and the provisional values
  // of its forming candle on the forming board. Off: forming updates are counted, not computed.
  bool publish_snapshots = false;
  // kProducerThread: while no event arrives, keep_warm() decides a synthetic candle on a
  // pipeline of its own at most once per this interval, so the first close after a pause does
  // not find the decision path cold (engine/decision_path_warmer.hpp). 0: off.
  std::int64_t keep_warm_interval_us = 50;
  // kProducerThread: after each closed candle's decision, prefetch (into L2) the state the next
  // decision touches (SignalPipeline::prefetch_next_candle) of this many streams expected to
  // close next in the boundary's burst, in the order learned at the previous boundary of its
  // kind (engine/close_order_predictor.hpp). 0: off.
  std::size_t prefetch_expected_closes = 1;
  // Where get_current_regimes() reads when set (the Redis cache); nullopt or unset: this
  // process's own streams.
  std::function<std::optional<std::map<std::string, std::string>>()> regime_source;
  strategy::PipelineSettings pipeline;
};

class AlphaPulseCore {
 public:
  AlphaPulseCore(std::vector<std::string> symbols, std::vector<core::Timeframe> timeframes,
                 bool enable_regime_detection = true, bool enable_ml = false,
                 double target_latency_ms = 50.0);
  explicit AlphaPulseCore(CoreOptions options);
  ~AlphaPulseCore();
  AlphaPulseCore(const AlphaPulseCore&) = delete;
  AlphaPulseCore& operator=(const AlphaPulseCore&) = delete;

  void add_sink(Sink* sink);  // before start(); not owned
  void start();
  // Stops accepting events, lets every worker finish its inbox, drains every outbox into the
  // sinks and flushes them: nothing submitted before stop() is lost.
  void stop();
  bool running() const { return running_.load(std::memory_order_acquire); }

  // Producer side: ONE thread only (the feed's io thread or a replay loop). kProducerThread:
  // the event is decided before submit returns. kWorkerThreads: when the stream's worker inbox
  // is full a forming update is dropped (false, counted in events_dropped) and a closed candle
  // waits for room (counted in inbox_full_waits). False for an unknown stream, or after stop().
  bool submit(const feed::MarketEvent& event) noexcept;
  // Producer side, kProducerThread, when the producer has nothing to submit (the feed's
  // busy-polling io thread calls it through FeedConfig::on_idle): runs the decision path on
  // synthetic data if keep_warm_interval_us has passed since the last run. No stream's state,
  // no sink and no statistic but keep_warm_runs() is touched. True when it ran.
  bool keep_warm() noexcept;
  std::uint64_t keep_warm_runs() const noexcept;
  // How well the close order was predicted (zeros with prefetch_expected_closes off). Producer
  // thread, or after stop().
  CloseOrderPredictor::Counts close_order_counts() const noexcept {
    return close_order_ != nullptr ? close_order_->counts() : CloseOrderPredictor::Counts{};
  }
  std::optional<feed::StreamId> stream_id(std::string_view symbol, core::Timeframe tf) const;
  const std::vector<feed::StreamSpec>& streams() const { return streams_; }

  // Every inbox and outbox empty and every worker idle: all submitted work is in the sinks.
  bool drained() const;

  PerformanceSummary get_performance_summary() const;
  // Only candles whose message was held (MarketEvent::receive_ns) at or after `receive_ns` are
  // recorded in the latency histograms from now on: a benchmark excludes its warm-up burst.
  void measure_latency_from(std::int64_t receive_ns) noexcept {
    measure_from_ns_.store(receive_ns, std::memory_order_relaxed);
  }
  const monitor::LatencyHistogram& decision_latency() const { return decision_latency_; }
  const monitor::LatencyHistogram& publish_latency() const { return publish_latency_; }
  // Decision latency split in two: waiting (message held -> its decision starts: frames read
  // before it in the same socket read, inbox hand-off, wake-up) and computing (the pipeline).
  const monitor::LatencyHistogram& decision_wait() const { return decision_wait_; }
  const monitor::LatencyHistogram& decision_compute() const { return decision_compute_; }
  // Decision latency split by where the candle's message came: the first closed candle of its
  // socket read (or REST response), or one read together with an earlier closed candle, which
  // waits for that one's decision. At a candle boundary many streams close at once, and the
  // tail of decision_latency is the second kind (docs/performance.md). With worker threads
  // the comparison is per worker: each waits only for the closes it decides itself.
  const monitor::LatencyHistogram& decision_first_in_read() const {
    return decision_first_in_read_;
  }
  const monitor::LatencyHistogram& decision_later_in_read() const {
    return decision_later_in_read_;
  }
  std::vector<core::Signal> get_signal_history(std::size_t limit) const;  // newest first
  std::map<std::string, std::string> get_current_regimes() const;         // "BTCUSDT_15m" -> regime
  // Every stream's latest snapshot (publish_snapshots): read from any thread.
  const StreamSnapshotBoard& snapshots() const { return snapshots_; }
  // The same for the forming candle (publish_snapshots): indicators through the pipeline's
  // peek, the regime of the latest closed candle, candle_close_time when the forming one closes.
  const StreamSnapshotBoard& forming_snapshots() const { return forming_snapshots_; }
  // "BTCUSDT_15m": the key the API, the cache and the logs use for a stream.
  std::string stream_key(feed::StreamId id) const;

 private:
  struct SinkItem;
  struct Worker;

  void worker_loop(Worker& worker);
  void decide(Worker& worker, const feed::MarketEvent& event) noexcept;
  void publish_forming(Worker& worker, const feed::MarketEvent& event,
                       const strategy::SignalPipeline& pipeline) noexcept;
  template <typename Fill>
  void hand_to_sink(Worker& worker, Fill&& fill) noexcept;  // fill(SinkItem&) in the ring slot
  void sink_loop();
  bool drain_outboxes();
  void prefetch_expected_closes() noexcept;

  CoreOptions options_;
  std::vector<feed::StreamSpec> streams_;
  std::vector<std::size_t> worker_of_stream_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::atomic<std::uint8_t>> regime_of_stream_;
  StreamSnapshotBoard snapshots_;
  StreamSnapshotBoard forming_snapshots_;
  std::vector<Sink*> sinks_;
  std::unique_ptr<DecisionPathWarmer> warmer_;        // kProducerThread with keep_warm on
  std::unique_ptr<CloseOrderPredictor> close_order_;  // kProducerThread, prefetch_expected_closes
  std::thread sink_thread_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> events_dropped_{0};
  std::atomic<std::uint64_t> inbox_full_waits_{0};
  std::atomic<std::uint64_t> sink_full_waits_{0};
  std::atomic<std::int64_t> total_signals_{0};
  std::int64_t start_ns_ = 0;
  std::int64_t stop_ns_ = 0;
  std::atomic<std::int64_t> measure_from_ns_{0};
  monitor::LatencyHistogram decision_latency_;
  monitor::LatencyHistogram publish_latency_;
  monitor::LatencyHistogram decision_wait_;
  monitor::LatencyHistogram decision_compute_;
  monitor::LatencyHistogram decision_first_in_read_;
  monitor::LatencyHistogram decision_later_in_read_;
  mutable std::mutex history_mutex_;  // the sink thread appends, API readers copy: off the hot path
  std::deque<core::Signal> history_;
};

std::int64_t steady_now_ns() noexcept;

}  // namespace alphapulse::engine
