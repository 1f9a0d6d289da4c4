// feed/binance_feed: the live Binance kline source. Owns one io thread (WebSocket connections,
// timers, sequencing, the event handler) and one REST thread (warm-up and backfills), and
// delivers, per stream, every closed candle exactly once in open-time order plus the updates
// of the candle still forming. How: docs/feed.md. All network and data errors are handled
// inside (counted, logged, retried); nothing throws out of the feed's threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "feed/feed_log.hpp"
#include "feed/market_event.hpp"

namespace alphapulse::feed {

// Called on the feed's io thread for every event, in order per stream. Must not block for
// long: it delays every stream (copy the event into an SpscRing and return).
using EventHandler = void (*)(void* context, const MarketEvent& event);
// Called on the io thread, with busy_poll only, whenever a poll found nothing to run. Returns
// true when it ran its warm-up of the decision path: the feed then runs its own frame path
// (parse and stream lookup of a copy of a kline frame it received) so that it is warm too.
using IdleHandler = bool (*)(void* context);

struct FeedConfig {
  std::string rest_base_url;        // "https://api.binance.com" or "http://127.0.0.1:PORT"
  std::string ws_base_url;          // "wss://stream.binance.com:9443" or "ws://127.0.0.1:PORT"
  std::vector<StreamSpec> streams;  // StreamId = index in this vector
  // Closed candles per stream fetched by REST at start. `alphapulse run` sets it from
  // config::Settings::warmup_candles, where the default's reasons are; keep the two equal.
  int warmup_candles = 1000;
  int max_streams_per_connection = 1024;    // Binance's limit; more streams -> more connections
  std::int64_t reconnect_initial_ms = 250;  // jittered exponential backoff between attempts
  std::int64_t reconnect_max_ms = 30'000;
  // Open a replacement connection this long after a connection opened (Binance cuts at 24 h);
  // switch to it when it receives its first frame, then close the old one.
  std::int64_t rotate_after_ms = 23LL * 3600 * 1000;
  // Binance pings every 20 s and we pong at once; no frame and no ping for this long means
  // the connection is dead: drop it and reconnect.
  std::int64_t pong_timeout_ms = 60'000;
  std::int64_t connect_timeout_ms = 10'000;
  std::int64_t rest_timeout_ms = 10'000;
  std::int64_t backfill_retry_initial_ms = 500;  // after a failed or inconclusive backfill
  std::int64_t backfill_retry_max_ms = 30'000;
  std::int64_t closed_margin_ms = 2'000;      // see StreamSequencer::Options::closed_margin
  core::Clock clock = core::Clock::system();  // candle.received_time and "now" for REST ranges
  // >= 0: the io thread (which decides candles when the engine runs on the producer's thread)
  // is pinned to this CPU and the REST thread keeps off it. -1: no affinity.
  int decision_cpu = -1;
  // The io thread polls its sockets without ever sleeping in the kernel (one CPU at 100%).
  // An idle CPU that halts comes back with cold caches and a wake-up delay (a VM's vCPU halts
  // on the host): on a quiet machine both show in every decision (docs/performance.md).
  // Meant with decision_cpu, on a CPU kept for it.
  bool busy_poll = false;
  // busy_poll: what the io thread does between polls that found nothing (the engine keeps its
  // decision path warm: AlphaPulseCore::keep_warm). Must return within a few microseconds.
  IdleHandler on_idle = nullptr;
  void* idle_context = nullptr;
  // After each kline frame, prefetch the per-stream state (index entry, sequencer, output slot)
  // of the stream whose frame is expected next (feed/next_frame_predictor.hpp).
  bool prefetch_next_frame = true;
  Logger log;  // default: stderr
};

// A snapshot of the feed's counters (each read atomically; the set is not one instant).
struct FeedStats {
  std::uint64_t frames = 0;  // WebSocket data frames received
  std::uint64_t closed_delivered = 0;
  std::uint64_t forming_delivered = 0;
  std::uint64_t duplicates_dropped = 0;
  std::uint64_t out_of_order_dropped = 0;
  std::uint64_t stale_forming_dropped = 0;  // forming updates superseded or behind a gap
  std::uint64_t malformed = 0;              // frames that failed to parse or name no stream
  std::uint64_t control_replies = 0;
  std::uint64_t pings = 0;  // pings received (each answered by a pong with the same payload)
  std::uint64_t gaps_detected = 0;
  std::uint64_t gaps_backfilled = 0;
  std::uint64_t candles_backfilled = 0;
  std::uint64_t warmup_candles = 0;
  std::uint64_t gaps_confirmed_outages = 0;  // gaps the exchange has no candles for (skipped)
  std::uint64_t outage_candles = 0;
  std::uint64_t connections_opened = 0;
  std::uint64_t reconnects = 0;  // reconnects after a connection was lost or failed
  std::uint64_t rotations = 0;   // make-before-break replacements (24 h, serverShutdown)
  std::uint64_t server_shutdowns = 0;
  std::uint64_t backfill_failures = 0;  // REST calls that failed after the client's retries
  std::uint64_t rest_requests = 0;
  std::uint64_t rest_429 = 0;
  std::uint64_t rest_418 = 0;
  std::uint64_t rest_errors = 0;  // 4xx, 5xx, timeouts, network and parse errors
};

class BinanceFeed {
 public:
  BinanceFeed(const FeedConfig& config, EventHandler handler, void* handler_context);
  ~BinanceFeed();  // stops
  BinanceFeed(const BinanceFeed&) = delete;
  BinanceFeed& operator=(const BinanceFeed&) = delete;

  // Starts the threads: warm-up backfill, then WebSocket streams. Once; errors in the
  // configuration (bad URL, no streams) are logged and leave the feed idle.
  void start();
  // Closes the connections and joins the threads; no handler call after it returns.
  // Idempotent; any thread except the feed's own.
  void stop();
  FeedStats stats() const;  // any thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alphapulse::feed
