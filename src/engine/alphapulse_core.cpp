#include "engine/alphapulse_core.hpp"

#include <algorithm>
#include <chrono>

#include "core/cpu_affinity.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace alphapulse::engine {
namespace {

// A stream's snapshot for `candle` (closed, or forming): the regime of the stream's latest
// closed candle (regimes are decided at closes only) and the given indicator values.
void fill_snapshot(StreamSnapshot& snap, const core::Candle& candle,
                   const strategy::SignalPipeline& pipeline,
                   const ta::IndicatorValues& values) noexcept {
  snap.candle_close_time = candle.open_time + core::duration(pipeline.timeframe());
  const regime::RegimeState& regime = pipeline.regime();
  snap.regime = regime.regime;
  snap.regime_confidence = regime.confidence;
  snap.regime_duration_candles = regime.duration_candles;
  snap.indicators = {};
  strategy::add_indicator_snapshot(values, snap.indicators);
}

constexpr std::uint8_t kNoRegime = 255;

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

CoreOptions make_options(std::vector<std::string> symbols, std::vector<core::Timeframe> timeframes,
                         bool enable_regime_detection, bool enable_ml, double target_latency_ms) {
  CoreOptions o;
  o.symbols = std::move(symbols);
  o.timeframes = std::move(timeframes);
  o.enable_regime_detection = enable_regime_detection;
  o.enable_ml = enable_ml;
  o.target_latency_ms = target_latency_ms;
  return o;
}

}  // namespace

std::int64_t steady_now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct AlphaPulseCore::SinkItem {
  enum class Kind : std::uint8_t { kSignal, kRegimeChange, kCandle };
  Kind kind = Kind::kSignal;
  feed::StreamId stream = 0;
  std::int64_t receive_ns = 0;
  core::Signal signal;
  regime::RegimeChange change;
  core::Candle candle;
};

struct AlphaPulseCore::Worker {
  Worker(std::size_t inbox_capacity, std::size_t outbox_capacity)
      : inbox(inbox_capacity), outbox(outbox_capacity) {}
  core::SpscRing<feed::MarketEvent> inbox;
  core::SpscRing<SinkItem> outbox;
  std::vector<std::unique_ptr<strategy::SignalPipeline>>
      pipelines;                                       // indexed by StreamId; null if not ours
  std::vector<std::int64_t> previous_regime_duration;  // by StreamId
  std::thread thread;
  std::atomic<bool> busy{false};
  std::atomic<bool> sleeping{false};
  std::atomic<std::uint32_t> wake{0};
  // Counters read by other threads (relaxed).
  std::atomic<std::int64_t> candles{0};
  std::atomic<std::int64_t> out_of_order{0};
  std::atomic<std::int64_t> candidates{0};
  std::atomic<std::int64_t> rejected{0};
  StreamSnapshot snapshot_scratch;
  // receive_ns of the last closed candle this worker decided: a closed candle with the same
  // stamp came in the same socket read (or REST response) and waited for that one.
  std::int64_t last_closed_receive_ns = -1;
};

AlphaPulseCore::AlphaPulseCore(std::vector<std::string> symbols,
                               std::vector<core::Timeframe> timeframes,
                               bool enable_regime_detection, bool enable_ml,
                               double target_latency_ms)
    : AlphaPulseCore(make_options(std::move(symbols), std::move(timeframes),
                                  enable_regime_detection, enable_ml, target_latency_ms)) {}

AlphaPulseCore::AlphaPulseCore(CoreOptions options)
    : options_(std::move(options)),
      regime_of_stream_(options_.symbols.size() * options_.timeframes.size()),
      snapshots_(options_.publish_snapshots ? options_.symbols.size() * options_.timeframes.size()
                                            : 0),
      forming_snapshots_(snapshots_.size()) {
  for (const auto& symbol : options_.symbols) {
    for (const auto tf : options_.timeframes) streams_.push_back({core::Symbol(symbol), tf});
  }
  for (auto& r : regime_of_stream_) r.store(kNoRegime);
  std::size_t workers = options_.workers;
  if (options_.execution == Execution::kProducerThread) workers = 1;  // the caller's thread
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  workers = std::max<std::size_t>(1, std::min(workers, streams_.size()));
  options_.pipeline.enable_regime_detection = options_.enable_regime_detection;
  options_.pipeline.enable_ml = options_.enable_ml;
  for (std::size_t w = 0; w < workers; ++w) {
    // The caller's thread needs no inbox (a ring of the smallest size stays unused).
    const std::size_t inbox =
        options_.execution == Execution::kProducerThread ? 2 : options_.inbox_capacity;
    auto worker = std::make_unique<Worker>(inbox, options_.outbox_capacity);
    worker->pipelines.resize(streams_.size());
    worker->previous_regime_duration.assign(streams_.size(), 0);
    workers_.push_back(std::move(worker));
  }
  // Round-robin ownership: every stream belongs to exactly one worker.
  for (std::size_t id = 0; id < streams_.size(); ++id) {
    const std::size_t w = id % workers;
    worker_of_stream_.push_back(w);
    workers_[w]->pipelines[id] = std::make_unique<strategy::SignalPipeline>(
        streams_[id].symbol, streams_[id].timeframe, options_.pipeline);
  }
  if (options_.execution == Execution::kProducerThread && options_.keep_warm_interval_us > 0 &&
      !streams_.empty()) {
    warmer_ = std::make_unique<DecisionPathWarmer>(streams_[0].symbol, streams_[0].timeframe,
                                                   options_.pipeline,
                                                   options_.keep_warm_interval_us * 1000);
  }
  if (options_.execution == Execution::kProducerThread && options_.prefetch_expected_closes > 0) {
    std::vector<core::DurationMs> intervals;
    for (const auto& stream : streams_) intervals.push_back(core::duration(stream.timeframe));
    close_order_ =
        std::make_unique<CloseOrderPredictor>(intervals, options_.prefetch_expected_closes);
  }
}

AlphaPulseCore::~AlphaPulseCore() {
  stop();
}

void AlphaPulseCore::add_sink(Sink* sink) {
  sinks_.push_back(sink);
}

void AlphaPulseCore::start() {
  if (running_.exchange(true)) return;
  stopping_.store(false);
  start_ns_ = steady_now_ns();
  if (options_.execution == Execution::kWorkerThreads) {
    for (auto& worker : workers_) {
      Worker* w = worker.get();
      w->thread = std::thread([this, w] { worker_loop(*w); });
    }
  }
  sink_thread_ = std::thread([this] {
    (void)core::keep_current_thread_off_cpu(options_.decision_cpu);
    sink_loop();
  });
}

void AlphaPulseCore::stop() {
  if (!running_.load()) return;
  stopping_.store(true, std::memory_order_seq_cst);
  for (auto& w : workers_) {
    w->wake.fetch_add(1);
    w->wake.notify_all();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  if (sink_thread_.joinable()) sink_thread_.join();
  stop_ns_ = steady_now_ns();
  running_.store(false, std::memory_order_release);
}

std::optional<feed::StreamId> AlphaPulseCore::stream_id(std::string_view symbol,
                                                        core::Timeframe tf) const {
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    if (streams_[i].symbol.view() == symbol && streams_[i].timeframe == tf)
      return static_cast<feed::StreamId>(i);
  }
  return std::nullopt;
}

template <typename Fill>
void AlphaPulseCore::hand_to_sink(Worker& w, Fill&& fill) noexcept {
  // Only this worker pushes and the sink thread only pops, so room seen here stays room.
  if (w.outbox.size() >= w.outbox.capacity()) {
    // A signal, regime change or candle is never dropped: when the sinks fall behind (a
    // storage stall in a warm-up burst) the worker waits, and the backpressure reaches the
    // feed through the inbox. Counted: it shows in decision latency and in sink_full_waits.
    sink_full_waits_.fetch_add(1, std::memory_order_relaxed);
    while (w.outbox.size() >= w.outbox.capacity())
      std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  w.outbox.try_push_with(fill);
}

bool AlphaPulseCore::submit(const feed::MarketEvent& event) noexcept {
  if (event.stream >= streams_.size()) return false;
  Worker& w = *workers_[worker_of_stream_[event.stream]];
  if (options_.execution == Execution::kProducerThread) {
    // busy before the stopping check (both seq_cst): a stop() racing with this call either is
    // seen here, or its sink thread sees busy and waits for this decision's items.
    w.busy.store(true, std::memory_order_seq_cst);
    if (stopping_.load(std::memory_order_seq_cst)) {
      w.busy.store(false, std::memory_order_release);
      events_dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    decide(w, event);
    return true;
  }
  if (!w.inbox.try_push(event)) {
    if (event.state == feed::CandleState::kForming) {  // provisional: the next update supersedes it
      events_dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    // A closed candle is never dropped (its stream would skip a candle for good): the producer
    // waits for room. Happens in bursts (a 300-stream REST warm-up), not in steady state.
    inbox_full_waits_.fetch_add(1, std::memory_order_relaxed);
    do {
      if (stopping_.load(std::memory_order_acquire)) {
        events_dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
      }
      w.wake.fetch_add(1, std::memory_order_relaxed);
      w.wake.notify_one();
      std::this_thread::yield();
    } while (!w.inbox.try_push(event));
  }
  // Dekker-style hand-off with the worker's sleep: it publishes `sleeping` then re-checks
  // the inbox; we publish the item then check `sleeping`.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (w.sleeping.load(std::memory_order_relaxed)) {
    w.wake.fetch_add(1, std::memory_order_relaxed);
    w.wake.notify_one();
  }
  return true;
}

bool AlphaPulseCore::keep_warm() noexcept {
  return warmer_ != nullptr && warmer_->run_if_due(steady_now_ns());
}

void AlphaPulseCore::prefetch_expected_closes() noexcept {
  // Issued when a decision ends, so the lines arrive while the thread reads and parses the next
  // frames: a stream's pipeline is cold by its next close (the thread decided every other
  // stream in between), and with its state in L2 a decision computes ~1 us faster
  // (docs/performance.md, sessions 9 and 10). Only the ~130 lines the next decision touches
  // (SignalPipeline::prefetch_next_candle: the object's hot members and the indicators' heap
  // windows), not the whole 19 KB object: each line asked for holds this thread ~5-10 ns while
  // the core's line fill buffers are busy, and a close read behind this one waits for that. L2
  // (prefetcht1), not L1: the decision path's shared data stays in the L1 (32-48 KB).
  for (feed::StreamId next = close_order_->next_expected(); next != CloseOrderPredictor::kNone;
       next = close_order_->next_expected()) {
    workers_[0]->pipelines[next]->prefetch_next_candle();
  }
}

std::uint64_t AlphaPulseCore::keep_warm_runs() const noexcept {
  return warmer_ != nullptr ? warmer_->runs() : 0;
}

void AlphaPulseCore::decide(Worker& w, const feed::MarketEvent& event) noexcept {
  w.busy.store(true, std::memory_order_relaxed);
  strategy::SignalPipeline& pipeline = *w.pipelines[event.stream];
  if (event.state == feed::CandleState::kForming) {
    // A forming candle changes no state: its values come from peek, and are worth computing
    // only for a reader of the forming board (they cost about what a closed candle's
    // indicators do, three times per candle, on the thread that decides the closes).
    if (options_.publish_snapshots) publish_forming(w, event, pipeline);
    w.busy.store(false, std::memory_order_release);
    return;
  }
  if (close_order_ != nullptr) close_order_->on_closed(event.stream, event.candle.open_time);
  const std::int64_t started_ns = steady_now_ns();
  const std::int64_t previous_duration = pipeline.regime().duration_candles;
  const strategy::Decision& d = pipeline.on_closed_candle(event.candle);
  if (event.receive_ns >= measure_from_ns_.load(std::memory_order_relaxed)) {
    const std::int64_t decided_ns = steady_now_ns();
    decision_latency_.record(decided_ns - event.receive_ns);
    decision_wait_.record(started_ns - event.receive_ns);
    decision_compute_.record(decided_ns - started_ns);
    (event.receive_ns == w.last_closed_receive_ns ? decision_later_in_read_
                                                  : decision_first_in_read_)
        .record(decided_ns - event.receive_ns);
  }
  w.last_closed_receive_ns = event.receive_ns;
  if (d.out_of_order) {
    w.out_of_order.fetch_add(1, std::memory_order_relaxed);
  } else if (d.input == ta::InputStatus::kAccepted) {
    w.candles.fetch_add(1, std::memory_order_relaxed);
    if (d.has_candidate) {
      w.candidates.fetch_add(1, std::memory_order_relaxed);
      if (!d.emitted) w.rejected.fetch_add(1, std::memory_order_relaxed);
    }
    regime_of_stream_[event.stream].store(static_cast<std::uint8_t>(d.regime.regime),
                                          std::memory_order_relaxed);
    // Each item is written in its ring slot, and only the part its kind uses: a closed candle
    // writes ~100 bytes, not the ~1.5 KB of a whole item (which also cycled the ring's 3 MB
    // through the cache).
    const auto header = [&](SinkItem& item, SinkItem::Kind kind) {
      item.kind = kind;
      item.stream = event.stream;
      item.receive_ns = event.receive_ns;
    };
    if (d.regime.changed) {
      hand_to_sink(w, [&](SinkItem& item) {
        header(item, SinkItem::Kind::kRegimeChange);
        item.change = {event.candle.open_time, d.regime.regime, d.regime.confidence,
                       previous_duration, d.regime.metrics};
      });
    }
    if (d.emitted) {
      hand_to_sink(w, [&](SinkItem& item) {
        header(item, SinkItem::Kind::kSignal);
        item.signal = d.signal;
      });
    }
    if (options_.publish_snapshots) {
      fill_snapshot(w.snapshot_scratch, event.candle, pipeline, pipeline.indicator_values());
      snapshots_.publish(event.stream, w.snapshot_scratch);
    }
    if (options_.forward_candles) {
      hand_to_sink(w, [&](SinkItem& item) {
        header(item, SinkItem::Kind::kCandle);
        item.candle = event.candle;
      });
    }
  }
  if (close_order_ != nullptr) prefetch_expected_closes();
  w.busy.store(false, std::memory_order_release);
}

void AlphaPulseCore::publish_forming(Worker& w, const feed::MarketEvent& event,
                                     const strategy::SignalPipeline& pipeline) noexcept {
  fill_snapshot(w.snapshot_scratch, event.candle, pipeline, pipeline.peek(event.candle));
  forming_snapshots_.publish(event.stream, w.snapshot_scratch);
}

void AlphaPulseCore::worker_loop(Worker& w) {
  feed::MarketEvent event;
  int idle_spins = 0;
  for (;;) {
    if (w.inbox.try_pop(event)) {
      idle_spins = 0;
      decide(w, event);
      continue;
    }
    if (stopping_.load(std::memory_order_acquire) && w.inbox.size() == 0) return;
    if (++idle_spins < options_.idle_spins_before_sleep) {
      cpu_relax();
      continue;
    }
    // Sleep until the producer or stop() bumps `wake`.
    const std::uint32_t seen = w.wake.load(std::memory_order_acquire);
    w.sleeping.store(true, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (w.inbox.size() == 0 && !stopping_.load()) w.wake.wait(seen, std::memory_order_acquire);
    w.sleeping.store(false, std::memory_order_relaxed);
    idle_spins = 0;
  }
}

bool AlphaPulseCore::drain_outboxes() {
  // Whole batches from every worker, then one flush, then the publish latency: a signal
  // counts as published once the sinks have flushed it.
  static thread_local std::vector<std::pair<std::int64_t, core::Signal>> published;
  published.clear();
  bool any = false;
  const auto dispatch = [&](const SinkItem& item) {
    const StreamRef ref{item.stream, &streams_[item.stream], item.receive_ns};
    switch (item.kind) {
      case SinkItem::Kind::kSignal:
        for (Sink* s : sinks_) s->on_signal(ref, item.signal);
        published.emplace_back(item.receive_ns, item.signal);
        break;
      case SinkItem::Kind::kRegimeChange:
        for (Sink* s : sinks_) s->on_regime_change(ref, item.change);
        break;
      case SinkItem::Kind::kCandle:
        for (Sink* s : sinks_) s->on_closed_candle(ref, item.candle);
        break;
    }
  };
  for (auto& w : workers_) {
    for (int n = 0; n < 512 && w->outbox.try_pop_with(dispatch); ++n) any = true;
  }
  if (!any) return false;
  for (Sink* s : sinks_) s->flush();
  const std::int64_t now = steady_now_ns();
  std::lock_guard lock(history_mutex_);
  const std::int64_t measure_from = measure_from_ns_.load(std::memory_order_relaxed);
  for (const auto& [receive_ns, signal] : published) {
    if (receive_ns >= measure_from) publish_latency_.record(now - receive_ns);
    total_signals_.fetch_add(1, std::memory_order_relaxed);
    history_.push_front(signal);
    if (history_.size() > options_.history_capacity) history_.pop_back();
  }
  return true;
}

void AlphaPulseCore::sink_loop() {
  for (;;) {
    if (drain_outboxes()) continue;
    if (stopping_.load(std::memory_order_acquire)) {
      // Workers finish their inboxes before returning; keep draining until all have, then once
      // more.
      bool all_idle = true;
      for (const auto& w : workers_) {
        if (w->inbox.size() != 0 || w->busy.load() || w->outbox.size() != 0) all_idle = false;
      }
      if (all_idle) {
        drain_outboxes();
        for (Sink* s : sinks_) s->flush();
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

bool AlphaPulseCore::drained() const {
  for (const auto& w : workers_) {
    if (w->inbox.size() != 0 || w->busy.load() || w->outbox.size() != 0) return false;
  }
  return true;
}

PerformanceSummary AlphaPulseCore::get_performance_summary() const {
  PerformanceSummary p;
  const std::int64_t end = running_.load() ? steady_now_ns() : stop_ns_;
  p.uptime_seconds = start_ns_ ? static_cast<double>(end - start_ns_) / 1e9 : 0;
  p.total_signals = total_signals_.load();
  p.avg_latency_ms = decision_latency_.mean_ns() / 1e6;
  p.max_latency_ms = static_cast<double>(decision_latency_.max_ns()) / 1e6;
  p.min_latency_ms = static_cast<double>(decision_latency_.min_ns()) / 1e6;
  p.p50_latency_ms = static_cast<double>(decision_latency_.quantile_ns(0.50)) / 1e6;
  p.p99_latency_ms = static_cast<double>(decision_latency_.quantile_ns(0.99)) / 1e6;
  p.p999_latency_ms = static_cast<double>(decision_latency_.quantile_ns(0.999)) / 1e6;
  p.publish_p50_latency_ms = static_cast<double>(publish_latency_.quantile_ns(0.50)) / 1e6;
  p.publish_p99_latency_ms = static_cast<double>(publish_latency_.quantile_ns(0.99)) / 1e6;
  p.throughput_signals_sec =
      p.uptime_seconds > 0 ? static_cast<double>(p.total_signals) / p.uptime_seconds : 0;
  p.target_latency_ms = options_.target_latency_ms;
  p.latency_target_met =
      decision_latency_.count() > 0 && p.p99_latency_ms <= options_.target_latency_ms;
  for (const auto& w : workers_) {
    p.candles_processed += w->candles.load();
    p.candidates += w->candidates.load();
    p.rejected += w->rejected.load();
    p.candles_out_of_order += w->out_of_order.load();
    p.sink_items_dropped += w->outbox.dropped();
  }
  p.candles_per_sec =
      p.uptime_seconds > 0 ? static_cast<double>(p.candles_processed) / p.uptime_seconds : 0;
  p.filter_rate =
      p.candidates ? static_cast<double>(p.rejected) / static_cast<double>(p.candidates) : 0;
  p.events_dropped = events_dropped_.load();
  p.inbox_full_waits = inbox_full_waits_.load();
  p.sink_full_waits = sink_full_waits_.load();
  return p;
}

std::vector<core::Signal> AlphaPulseCore::get_signal_history(std::size_t limit) const {
  std::lock_guard lock(history_mutex_);
  const std::size_t n = std::min(limit, history_.size());
  return {history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::string AlphaPulseCore::stream_key(feed::StreamId id) const {
  return streams_[id].symbol.str() + "_" + std::string(core::to_string(streams_[id].timeframe));
}

std::map<std::string, std::string> AlphaPulseCore::get_current_regimes() const {
  if (options_.regime_source) {
    if (auto shared = options_.regime_source()) return *shared;
  }
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    const std::uint8_t r = regime_of_stream_[i].load(std::memory_order_relaxed);
    if (r == kNoRegime) continue;
    out[stream_key(static_cast<feed::StreamId>(i))] =
        std::string(core::to_string(static_cast<core::MarketRegime>(r)));
  }
  return out;
}

}  // namespace alphapulse::engine
