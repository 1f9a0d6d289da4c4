// engine/delivery_relay: delivers the local outbox of one remote destination (PostgreSQL,
// Redis) on its own thread, so that a backend that is down or slow never reaches the hot
// path or the sink thread. The loop: read the oldest rows of the destination (seq order),
// load their items from the local store, hand them to the Destination in one batch, delete
// the rows once it acknowledged them.
//
// Failure rules (docs/operations.md):
//  * transient (connection lost, timeout): the batch stays; retried after a jittered
//    exponential backoff (backoff_initial .. backoff_max), forever while running;
//  * permanent (the destination refuses an item): the batch is retried one item at a time and
//    only the refused items move to outbox_dead_letters (counted, with the error);
//  * an outbox row whose item is missing locally is dead-lettered likewise (never expected);
//  * stop() keeps delivering for at most drain_timeout, then leaves what remains in the
//    outbox: it is durable and goes out when the process starts again.
// Destinations are idempotent (ON CONFLICT, dedup keys), so a row delivered twice (a crash
// between the remote commit and the local delete) still arrives once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/signal.hpp"
#include "monitor/latency_histogram.hpp"
#include "store/result.hpp"
#include "store/store_item.hpp"

namespace alphapulse::engine {

// What one delivery hands a destination, loaded from the local store. Apply in this order:
// signals, regime changes, candles, outcomes (an outcome's signal precedes it in seq order,
// so it is in this batch or an earlier one).
struct DeliveryBatch {
  std::vector<core::Signal> signals;
  std::vector<store::RegimeChangeRecord> regime_changes;
  std::vector<store::CandleRecord> candles;
  std::vector<store::OutcomeUpdate> outcomes;
  std::size_t size() const {
    return signals.size() + regime_changes.size() + candles.size() + outcomes.size();
  }
  void clear() {
    signals.clear();
    regime_changes.clear();
    candles.clear();
    outcomes.clear();
  }
};

// A remote backend. Virtual: a cold edge, called per batch from the relay thread only.
class Destination {
 public:
  virtual ~Destination() = default;
  virtual std::string_view name() const = 0;  // the outbox destination key
  // Delivers every item, idempotently. An error's transient() says whether to retry as is.
  virtual store::Status deliver(const DeliveryBatch& batch) = 0;
};

struct DeliveryRelayConfig {
  std::string local_db_path;  // the journal the StoreSink writes (opened on its own connection)
  std::string run_id;         // this process's run id (publish latency is measured for its rows)
  std::size_t batch_size = 256;
  std::chrono::milliseconds poll_interval{20};  // when idle and not woken
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
  std::chrono::milliseconds drain_timeout{10000};  // at stop()
};

struct DeliveryStats {
  std::uint64_t delivered = 0;  // items acknowledged by the destination
  std::uint64_t batches = 0;
  std::uint64_t failed_attempts = 0;  // deliveries that failed (each retry counts)
  std::uint64_t dead_lettered = 0;
  std::int64_t backlog = -1;  // outbox rows waiting (as of the last read); -1 unknown
  bool connected = false;     // the last attempt succeeded
};

class DeliveryRelay {
 public:
  DeliveryRelay(Destination& destination, DeliveryRelayConfig config);
  ~DeliveryRelay();  // stop()
  DeliveryRelay(const DeliveryRelay&) = delete;
  DeliveryRelay& operator=(const DeliveryRelay&) = delete;

  void start();
  // New rows were committed: deliver now rather than at the next poll. Any thread.
  void wake();
  // Delivers what it can within drain_timeout, then joins. Idempotent.
  void stop();

  DeliveryStats stats() const;
  std::string last_error() const;
  // From the candle's message to the destination's acknowledgement, for signals enqueued by
  // this run (the EVALUATION.md publish latency when this destination is the last one).
  const monitor::LatencyHistogram& publish_latency() const { return publish_latency_; }
  std::string_view name() const { return destination_.name(); }

 private:
  void run();

  Destination& destination_;
  DeliveryRelayConfig config_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> stop_deadline_ns_{0};
  mutable std::mutex mutex_;
  std::condition_variable wake_cv_;
  bool woken_ = false;      // guarded by mutex_
  std::string last_error_;  // guarded by mutex_
  std::atomic<std::uint64_t> delivered_{0}, batches_{0}, failed_attempts_{0}, dead_lettered_{0};
  std::atomic<std::int64_t> backlog_{-1};
  std::atomic<bool> connected_{false};
  monitor::LatencyHistogram publish_latency_;
};

}  // namespace alphapulse::engine
