// feed/binance_feed: see the header. Threads: the io thread owns every connection, timer and
// StreamSequencer and calls the handler; the REST thread runs BinanceRestClient calls from a
// job queue and posts the results back to the io thread. Counters are atomics.
#include "feed/binance_feed.hpp"

#include "core/cpu_affinity.hpp"

// clang-format off
#include <utility>  // first: Boost 1.74 asio/awaitable.hpp uses std::exchange unincluded
// clang-format on

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/prefetch.hpp"
#include "core/timeframe.hpp"
#include "feed/binance_kline_parser.hpp"
#include "feed/binance_rest_client.hpp"
#include "feed/binance_stream_name.hpp"
#include "feed/feed_url.hpp"
#include "feed/next_frame_predictor.hpp"
#include "feed/stream_index.hpp"
#include "feed/stream_sequencer.hpp"
#include "feed/ws_connection.hpp"

namespace alphapulse::feed {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Counters {
  std::atomic<std::uint64_t> frames{0}, closed_delivered{0}, forming_delivered{0}, duplicates{0},
      out_of_order{0}, stale_forming{0}, malformed{0}, control_replies{0}, pings{0},
      gaps_detected{0}, gaps_backfilled{0}, candles_backfilled{0}, warmup_candles{0},
      outage_gaps{0}, outage_candles{0}, connections_opened{0}, reconnects{0}, rotations{0},
      server_shutdowns{0}, backfill_failures{0};
};

void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) {
  if (n != 0) counter.fetch_add(n, std::memory_order_relaxed);
}

struct BackfillJob {
  StreamId stream = 0;
  BackfillRange range;
  // The feed clock just before the first request went out: rows are judged closed against
  // it, not against the arrival time (see StreamSequencer::Options::closed_margin).
  core::TimestampMs asked_at;
};

}  // namespace

struct BinanceFeed::Impl {
  struct Stream {
    StreamSpec spec;
    StreamSequencer sequencer;
    asio::steady_timer retry_timer;
    bool in_flight = false;
    bool retry_armed = false;
    int failures = 0;
  };
  struct Slot {
    std::vector<StreamId> streams;
    std::string target;
    std::shared_ptr<WsConnection> active;
    std::shared_ptr<WsConnection> pending;  // replacement being brought up (rotation)
    int failures = 0;
    asio::steady_timer reconnect_timer;
    asio::steady_timer rotate_timer;
  };

  Impl(const FeedConfig& cfg, EventHandler h, void* ctx)
      : config(cfg),
        handler(h),
        handler_context(ctx),
        rest([&] {
          RestClientConfig rc;
          rc.base_url = cfg.rest_base_url;
          rc.timeout_ms = cfg.rest_timeout_ms;
          rc.log = cfg.log;
          return rc;
        }()),
        rng(std::random_device{}()) {
    ssl_ctx.set_default_verify_paths();
    ssl_ctx.set_verify_mode(asio::ssl::verify_peer);
  }

  FeedConfig config;
  EventHandler handler;
  void* handler_context;
  asio::io_context io{1};
  asio::ssl::context ssl_ctx{asio::ssl::context::tls_client};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  BinanceRestClient rest;
  Counters counters;
  std::minstd_rand rng;

  // io thread only
  std::deque<Stream> streams;  // deque: stable references while timers hold indices
  std::deque<Slot> slots;
  StreamIndex stream_ids;
  NextFramePredictor next_frame{0};  // sized in setup()
  std::unordered_map<std::uint64_t, std::size_t> connection_slot;
  std::uint64_t next_connection_id = 0;
  std::optional<Url> ws_url;
  KlineFrameParser parser;
  std::string warm_frame;  // see warm_frame_path
  bool stopping = false;
  std::promise<void> all_closed;
  bool all_closed_set = false;
  std::uint64_t malformed_logged = 0;

  // REST thread queue
  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<BackfillJob> queue;
  bool queue_stop = false;
  static constexpr int kMaxResultsPending = 4;
  int results_pending = 0;  // answers posted to the io thread, not yet handled (queue_mutex)

  std::thread io_thread;
  std::thread rest_thread;
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};

  void log(LogLevel level, const std::string& message) { config.log(level, message); }

  // ---- delivery -------------------------------------------------------------------------
  void deliver(std::span<const MarketEvent> events) {
    for (const MarketEvent& event : events) {
      add(event.state == CandleState::kClosed ? counters.closed_delivered
                                              : counters.forming_delivered);
      handler(handler_context, event);
    }
  }

  void account(const SequencerStats& before, const SequencerStats& after) {
    add(counters.duplicates, after.duplicates - before.duplicates);
    add(counters.out_of_order, after.out_of_order - before.out_of_order);
    add(counters.stale_forming, (after.stale_forming - before.stale_forming) +
                                    (after.forming_suppressed - before.forming_suppressed));
    add(counters.gaps_detected, after.gaps_detected - before.gaps_detected);
    add(counters.gaps_backfilled, after.gaps_backfilled - before.gaps_backfilled);
    add(counters.candles_backfilled, after.candles_backfilled - before.candles_backfilled);
    add(counters.warmup_candles, after.warmup_candles - before.warmup_candles);
    add(counters.outage_gaps, after.outage_gaps - before.outage_gaps);
    add(counters.outage_candles, after.outage_candles - before.outage_candles);
  }

  void log_skipped(const Stream& stream) {
    for (const SkippedRange& gap : stream.sequencer.skipped()) {
      log(gap.warmup ? LogLevel::kInfo : LogLevel::kWarning,
          kline_stream_name(stream.spec) + ": " + std::to_string(gap.missing) + " candle(s) from " +
              core::format_iso8601(gap.from) + " to " + core::format_iso8601(gap.to) +
              " skipped: " +
              (gap.warmup      ? "not in the exchange's history"
               : gap.confirmed ? "the exchange has no candles there (outage)"
                               : "REST never returned them (assumed outage)"));
    }
  }

  // ---- backfill -------------------------------------------------------------------------
  void schedule_backfill(StreamId id) {
    Stream& stream = streams[id];
    if (stopping || stream.in_flight || stream.retry_armed) return;
    const auto range = stream.sequencer.backfill_needed();
    if (!range) return;
    stream.in_flight = true;
    {
      std::lock_guard lock(queue_mutex);
      queue.push_back({id, *range, core::TimestampMs{}});  // asked_at: set when sent
    }
    queue_cv.notify_one();
  }

  void retry_backfill_later(StreamId id) {
    Stream& stream = streams[id];
    ++stream.failures;
    std::int64_t delay = config.backfill_retry_initial_ms;
    for (int i = 1; i < stream.failures && delay < config.backfill_retry_max_ms; ++i) delay *= 2;
    if (delay > config.backfill_retry_max_ms) delay = config.backfill_retry_max_ms;
    stream.retry_armed = true;
    stream.retry_timer.expires_after(milliseconds(delay));
    stream.retry_timer.async_wait([this, id](const boost::system::error_code& ec) {
      streams[id].retry_armed = false;
      if (!ec) schedule_backfill(id);
    });
  }

  void on_backfill_result(const BackfillJob& job, RestResult<std::vector<core::Candle>>& result) {
    if (stopping) return;
    Stream& stream = streams[job.stream];
    stream.in_flight = false;
    if (!result.ok()) {
      add(counters.backfill_failures);
      log(LogLevel::kWarning,
          kline_stream_name(stream.spec) + ": backfill failed: " + result.error);
      retry_backfill_later(job.stream);
      return;
    }
    const core::TimestampMs now = config.clock.now();
    const std::int64_t ns = steady_ns();
    for (core::Candle& candle : result.value) candle.received_time = now;
    const auto last_before = stream.sequencer.last_closed();
    const SequencerStats before = stream.sequencer.stats();
    const auto events = stream.sequencer.on_backfill(job.range, result.value, job.asked_at, ns);
    account(before, stream.sequencer.stats());
    log_skipped(stream);
    deliver(events);
    const auto next = stream.sequencer.backfill_needed();
    if (stream.sequencer.last_closed() != last_before || (next && !(*next == job.range))) {
      stream.failures = 0;
      schedule_backfill(job.stream);  // progress, or a different range is due now
    } else if (next) {
      retry_backfill_later(job.stream);  // inconclusive (e.g. REST not caught up yet)
    }
  }

  void rest_loop() {
    for (;;) {
      BackfillJob job;
      {
        std::unique_lock lock(queue_mutex);
        // At most kMaxResultsPending answers wait for the io thread: at start 300 streams'
        // warm-ups (~160 KB each as candles) would otherwise pile up while the io thread is
        // still deciding the first ones.
        queue_cv.wait(lock, [&] {
          return queue_stop || (!queue.empty() && results_pending < kMaxResultsPending);
        });
        if (queue_stop) return;
        job = queue.front();
        queue.pop_front();
        ++results_pending;
      }
      RestResult<std::vector<core::Candle>> result;
      job.asked_at = config.clock.now();
      try {
        result = rest.klines(streams_spec(job.stream), job.range.from, job.range.to);
      } catch (const std::exception& e) {
        result.status = RestStatus::kUnavailable;
        result.error = std::string("REST thread: ") + e.what();
      }
      asio::post(io, [this, job, r = std::move(result)]() mutable {
        on_backfill_result(job, r);
        {
          std::lock_guard lock(queue_mutex);
          --results_pending;
        }
        queue_cv.notify_one();
      });
    }
  }

  // Specs are written before the threads start and never change: safe to read from REST.
  StreamSpec streams_spec(StreamId id) const { return specs[id]; }
  std::vector<StreamSpec> specs;

  // ---- connections ----------------------------------------------------------------------
  std::int64_t reconnect_delay_ms(int failures) {
    std::int64_t delay = config.reconnect_initial_ms;
    for (int i = 1; i < failures && delay < config.reconnect_max_ms; ++i) delay *= 2;
    if (delay > config.reconnect_max_ms) delay = config.reconnect_max_ms;
    std::uniform_int_distribution<std::int64_t> jitter(delay / 2, delay);
    return jitter(rng);
  }

  void open_connection(std::size_t slot_index, bool replacement) {
    if (stopping) return;
    Slot& slot = slots[slot_index];
    WsOptions options;
    options.url = *ws_url;
    options.target = slot.target;
    options.connect_timeout_ms = config.connect_timeout_ms;
    options.silence_timeout_ms = config.pong_timeout_ms;
    options.clock = config.clock;
    WsCallbacks callbacks;
    callbacks.context = this;
    callbacks.on_open = [](void* self, std::uint64_t id) { static_cast<Impl*>(self)->on_open(id); };
    callbacks.on_frame = [](void* self, std::uint64_t id, std::string_view frame,
                            core::TimestampMs received, std::int64_t receive_ns) {
      static_cast<Impl*>(self)->on_frame(id, frame, received, receive_ns);
    };
    callbacks.on_ping = [](void* self, std::uint64_t) {
      add(static_cast<Impl*>(self)->counters.pings);
    };
    callbacks.on_closed = [](void* self, std::uint64_t id, std::string_view reason) {
      static_cast<Impl*>(self)->on_closed(id, reason);
    };
    const std::uint64_t id = ++next_connection_id;
    connection_slot[id] = slot_index;
    auto connection = WsConnection::start(io, ssl_ctx, std::move(options), callbacks, id);
    (replacement ? slot.pending : slot.active) = std::move(connection);
  }

  Slot* slot_of(std::uint64_t id) {
    const auto it = connection_slot.find(id);
    return it == connection_slot.end() ? nullptr : &slots[it->second];
  }

  void arm_rotation(std::size_t slot_index, std::int64_t delay_ms) {
    Slot& slot = slots[slot_index];
    slot.rotate_timer.expires_after(milliseconds(delay_ms));
    slot.rotate_timer.async_wait([this, slot_index](const boost::system::error_code& ec) {
      if (ec || stopping) return;
      Slot& s = slots[slot_index];
      if (!s.pending) {
        log(LogLevel::kInfo,
            "connection " + std::to_string(slot_index) + ": opening its replacement (rotation)");
        open_connection(slot_index, true);
      }
    });
  }

  void on_open(std::uint64_t id) {
    if (stopping) return;
    Slot* slot = slot_of(id);
    if (slot == nullptr) return;
    add(counters.connections_opened);
    // Whatever closed while we were away comes from REST.
    const core::TimestampMs now = config.clock.now();
    for (StreamId stream_id : slot->streams) {
      Stream& stream = streams[stream_id];
      const SequencerStats before = stream.sequencer.stats();
      stream.sequencer.note_reconnect(now);
      account(before, stream.sequencer.stats());
      schedule_backfill(stream_id);
    }
    if (slot->active && slot->active->id() == id) {
      arm_rotation(connection_slot[id], config.rotate_after_ms);
    }
  }

  void on_closed(std::uint64_t id, std::string_view reason) {
    const auto it = connection_slot.find(id);
    if (it == connection_slot.end()) return;
    const std::size_t slot_index = it->second;
    connection_slot.erase(it);
    Slot& slot = slots[slot_index];
    const bool was_active = slot.active && slot.active->id() == id;
    const bool was_pending = slot.pending && slot.pending->id() == id;
    if (was_active) slot.active.reset();
    if (was_pending) slot.pending.reset();
    if (stopping) {
      if (connection_slot.empty() && !all_closed_set) {
        all_closed_set = true;
        all_closed.set_value();
      }
      return;
    }
    if (!was_active && !was_pending) return;  // retired after a rotation: expected
    log(LogLevel::kWarning, "connection " + std::to_string(slot_index) + " (#" +
                                std::to_string(id) + (was_pending ? ", replacement" : "") +
                                ") ended: " + std::string(reason));
    if (slot.active || slot.pending) {
      if (was_pending) arm_rotation(slot_index, reconnect_delay_ms(++slot.failures));
      return;  // the other connection carries on (a pending one takes over on its first frame)
    }
    const std::int64_t delay = reconnect_delay_ms(++slot.failures);
    add(counters.reconnects);
    slot.reconnect_timer.expires_after(milliseconds(delay));
    slot.reconnect_timer.async_wait([this, slot_index](const boost::system::error_code& ec) {
      if (!ec) open_connection(slot_index, false);
    });
  }

  // Asks for the per-stream state the next frame of `id` will touch: its index entry, its
  // Stream with the sequencer, and the sequencer's output slot. No effect for an unknown id.
  void prefetch_stream(StreamId id) const noexcept {
    if (id >= streams.size()) return;
    stream_ids.prefetch(id);
    core::prefetch_lines(&streams[id], &streams[id] + 1);
    streams[id].sequencer.prefetch_output();
  }

  // The first kline frame read live, kept to run the parse and the lookup again while idle.
  // Nothing is delivered and nothing is counted; the parser's result is overwritten by the
  // next real frame before anything reads it.
  void warm_frame_path() {
    if (warm_frame.empty()) return;
    const ParsedFrame& parsed = parser.parse(warm_frame);
    if (parsed.type == FrameType::kKline) {
      (void)stream_ids.find(parsed.kline.symbol, parsed.kline.timeframe);
    }
  }

  void on_frame(std::uint64_t id, std::string_view frame, core::TimestampMs received,
                std::int64_t receive_ns) {
    if (stopping) return;
    const auto it = connection_slot.find(id);
    if (it == connection_slot.end()) return;
    Slot& slot = slots[it->second];
    if (slot.pending && slot.pending->id() == id) {  // the replacement is live: switch to it
      std::shared_ptr<WsConnection> old = std::move(slot.active);
      slot.active = std::move(slot.pending);
      add(counters.rotations);
      if (old) old->close();
      arm_rotation(it->second, config.rotate_after_ms);
    } else if (!slot.active || slot.active->id() != id) {
      return;  // a retired connection still draining
    }
    slot.failures = 0;
    add(counters.frames);

    const ParsedFrame& parsed = parser.parse(frame);
    switch (parsed.type) {
      case FrameType::kKline: {
        const std::optional<StreamId> found =
            stream_ids.find(parsed.kline.symbol, parsed.kline.timeframe);
        if (!found) {
          malformed(id,
                    "kline for a stream not subscribed: " + parsed.kline.symbol.str() + " " +
                        std::string(core::to_string(parsed.kline.timeframe)),
                    frame);
          return;
        }
        if (warm_frame.empty() && config.busy_poll && config.on_idle != nullptr) {
          warm_frame.assign(frame);  // once
        }
        Stream& stream = streams[*found];
        MarketEvent event;
        event.stream = *found;
        event.state = parsed.kline.closed ? CandleState::kClosed : CandleState::kForming;
        event.candle = parsed.kline.candle;
        event.candle.received_time = received;
        event.receive_ns = receive_ns;
        const SequencerStats before = stream.sequencer.stats();
        const auto events = stream.sequencer.on_live(event);
        account(before, stream.sequencer.stats());
        deliver(events);
        schedule_backfill(*found);
        if (config.prefetch_next_frame) {
          prefetch_stream(next_frame.on_frame(*found, event.state == CandleState::kClosed));
        }
        return;
      }
      case FrameType::kServerShutdown:
        add(counters.server_shutdowns);
        log(LogLevel::kInfo, "connection " + std::to_string(it->second) +
                                 ": serverShutdown received, reconnecting now");
        if (!slot.pending) open_connection(it->second, true);
        return;
      case FrameType::kControlReply:
        add(counters.control_replies);
        return;
      case FrameType::kControlError:
        log(LogLevel::kWarning, "server rejected a control message: " + parsed.error);
        return;
      case FrameType::kMalformed:
        malformed(id, parsed.error, frame);
        return;
    }
  }

  void malformed(std::uint64_t id, const std::string& what, std::string_view frame) {
    const std::uint64_t n = counters.malformed.fetch_add(1, std::memory_order_relaxed) + 1;
    if (n <= 20 || n % 1000 == 0) {
      std::string text(frame.substr(0, 160));
      for (char& c : text) {
        if (c == '\n' || c == '\r') c = ' ';
      }
      log(LogLevel::kWarning, "malformed frame #" + std::to_string(n) + " on connection #" +
                                  std::to_string(id) + ": " + what + " | " + text +
                                  (frame.size() > 160 ? "..." : ""));
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------
  bool setup() {
    ws_url = parse_url(config.ws_base_url);
    if (!ws_url) {
      log(LogLevel::kError, "bad WebSocket base URL \"" + config.ws_base_url + "\": feed idle");
      return false;
    }
    if (!parse_url(config.rest_base_url)) {
      log(LogLevel::kError, "bad REST base URL \"" + config.rest_base_url + "\": feed idle");
      return false;
    }
    if (config.streams.empty()) {
      log(LogLevel::kError, "no streams configured: feed idle");
      return false;
    }
    const std::size_t per_connection = static_cast<std::size_t>(
        config.max_streams_per_connection < 1      ? 1
        : config.max_streams_per_connection > 1024 ? 1024
                                                   : config.max_streams_per_connection);
    StreamSequencer::Options options;
    options.closed_margin = core::DurationMs{config.closed_margin_ms};
    for (std::size_t i = 0; i < config.streams.size(); ++i) {
      const StreamSpec& spec = config.streams[i];
      const auto id = static_cast<StreamId>(i);
      if (!stream_ids.insert(spec.symbol, spec.timeframe, id)) {
        log(LogLevel::kError, "stream " + kline_stream_name(spec) + " configured twice");
        return false;
      }
      specs.push_back(spec);
      streams.emplace_back(Stream{spec,
                                  StreamSequencer(id, core::duration(spec.timeframe), options),
                                  asio::steady_timer(io)});
      if (i % per_connection == 0) {
        slots.push_back(
            Slot{{}, "", nullptr, nullptr, 0, asio::steady_timer(io), asio::steady_timer(io)});
      }
      Slot& slot = slots.back();
      slot.streams.push_back(id);
      slot.target += slot.target.empty() ? ws_url->path + "/stream?streams=" : "/";
      slot.target += kline_stream_name(spec);
    }
    next_frame = NextFramePredictor(streams.size());
    return true;
  }

  void begin() {  // io thread
    const core::TimestampMs now = config.clock.now();
    if (config.warmup_candles > 0) {
      for (Stream& stream : streams) {
        const std::int64_t step = stream.sequencer.interval().count;
        const std::int64_t current = now.ms - (now.ms % step);
        stream.sequencer.begin(core::TimestampMs{current - step * config.warmup_candles}, now);
        schedule_backfill(stream.sequencer.stream());
      }
    }
    for (std::size_t i = 0; i < slots.size(); ++i) open_connection(i, false);
  }

  void run_io() {
    for (;;) {
      try {
        if (config.busy_poll) {
          // poll() runs what is ready, epoll included, without blocking; it stops the
          // io_context, as run() does, once no work is left.
          while (!io.stopped()) {
            if (io.poll() == 0 && config.on_idle != nullptr &&
                config.on_idle(config.idle_context)) {
              warm_frame_path();
            }
          }
          return;
        }
        io.run();
        return;
      } catch (const std::exception& e) {
        log(LogLevel::kError, std::string("io thread: exception caught, continuing: ") + e.what());
      } catch (...) {
        log(LogLevel::kError, "io thread: unknown exception caught, continuing");
      }
    }
  }

  void shutdown_on_io() {
    stopping = true;
    for (Stream& stream : streams) stream.retry_timer.cancel();
    for (Slot& slot : slots) {
      slot.reconnect_timer.cancel();
      slot.rotate_timer.cancel();
      if (slot.active) slot.active->close();
      if (slot.pending) slot.pending->close();
    }
    if (connection_slot.empty() && !all_closed_set) {
      all_closed_set = true;
      all_closed.set_value();
    }
  }
};

BinanceFeed::BinanceFeed(const FeedConfig& config, EventHandler handler, void* handler_context)
    : impl_(std::make_unique<Impl>(config, handler, handler_context)) {}

BinanceFeed::~BinanceFeed() {
  stop();
}

void BinanceFeed::start() {
  if (impl_->started.exchange(true)) return;
  if (!impl_->setup()) return;
  impl_->work.emplace(impl_->io.get_executor());
  asio::post(impl_->io, [impl = impl_.get()] { impl->begin(); });
  impl_->io_thread = std::thread([impl = impl_.get()] {
    if (!core::pin_current_thread_to_cpu(impl->config.decision_cpu)) {
      impl->log(LogLevel::kWarning, "cannot pin the feed's io thread to CPU " +
                                        std::to_string(impl->config.decision_cpu));
    }
    impl->run_io();
  });
  impl_->rest_thread = std::thread([impl = impl_.get()] {
    (void)core::keep_current_thread_off_cpu(impl->config.decision_cpu);
    try {
      impl->rest_loop();
    } catch (...) {
      impl->log(LogLevel::kError, "REST thread: exception caught, backfills stopped");
    }
  });
}

void BinanceFeed::stop() {
  Impl& impl = *impl_;
  if (!impl.started.load() || impl.stopped.exchange(true)) return;
  {
    std::lock_guard lock(impl.queue_mutex);
    impl.queue_stop = true;
  }
  impl.queue_cv.notify_all();
  impl.rest.cancel();
  if (impl.rest_thread.joinable()) impl.rest_thread.join();
  if (impl.io_thread.joinable()) {
    auto closed = impl.all_closed.get_future();
    asio::post(impl.io, [&impl] { impl.shutdown_on_io(); });
    closed.wait_for(std::chrono::seconds(2));  // graceful close handshakes, bounded
    impl.work.reset();
    impl.io.stop();
    impl.io_thread.join();
  }
}

FeedStats BinanceFeed::stats() const {
  const Counters& c = impl_->counters;
  FeedStats s;
  s.frames = c.frames.load();
  s.closed_delivered = c.closed_delivered.load();
  s.forming_delivered = c.forming_delivered.load();
  s.duplicates_dropped = c.duplicates.load();
  s.out_of_order_dropped = c.out_of_order.load();
  s.stale_forming_dropped = c.stale_forming.load();
  s.malformed = c.malformed.load();
  s.control_replies = c.control_replies.load();
  s.pings = c.pings.load();
  s.gaps_detected = c.gaps_detected.load();
  s.gaps_backfilled = c.gaps_backfilled.load();
  s.candles_backfilled = c.candles_backfilled.load();
  s.warmup_candles = c.warmup_candles.load();
  s.gaps_confirmed_outages = c.outage_gaps.load();
  s.outage_candles = c.outage_candles.load();
  s.connections_opened = c.connections_opened.load();
  s.reconnects = c.reconnects.load();
  s.rotations = c.rotations.load();
  s.server_shutdowns = c.server_shutdowns.load();
  s.backfill_failures = c.backfill_failures.load();
  const RestStats rest = impl_->rest.stats();
  s.rest_requests = rest.requests;
  s.rest_429 = rest.http_429;
  s.rest_418 = rest.http_418;
  s.rest_errors = rest.errors();
  return s;
}

}  // namespace alphapulse::feed
