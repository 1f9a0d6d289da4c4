// store/async_store_writer: keeps storage off the hot path. Producers (stream workers, the
// feed) push StoreItems into their own bounded SpscRing (one ring per producer thread,
// from register_producer()); one writer thread drains every ring and writes to the
// SqliteStore in batches, one transaction per batch, when batch_size items are pending or
// the oldest pending item is flush_interval old.
//
// No-loss rules (docs/storage.md). An item is either committed or counted, never silently
// lost:
//  * a push into a full ring fails and is counted (stats().dropped; the engine reports it);
//  * a push after stop() began fails and is counted (stats().rejected_after_stop);
//  * a failed batch is rolled back and the items are kept: a transient error (database
//    busy/locked) is retried with exponential backoff, without limit while running and up
//    to stop_retry_limit attempts inside flush()/stop(); every failed attempt is counted
//    (write_errors). A permanent error (constraint, bad value) makes the writer retry the
//    batch one item per transaction so only the offending items are refused; items given
//    up are counted (failed_items) and last_error() says why;
//  * flush() returns once every item pushed before it is committed (or counted as failed);
//    stop() drains every ring, commits, and joins the thread: call it after the producers
//    have stopped pushing, so shutdown loses nothing.
// While the writer runs it is the store's only user.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/spsc_ring.hpp"
#include "store/result.hpp"
#include "store/sqlite_store.hpp"
#include "store/store_item.hpp"

namespace alphapulse::store {

struct AsyncStoreWriterConfig {
  std::size_t ring_capacity = 1024;  // items per producer ring (rounded up to a power of two)
  std::size_t max_producers = 16;
  std::size_t batch_size = 512;                  // write when this many items are pending
  std::chrono::milliseconds flush_interval{50};  // or when the oldest pending is this old
  std::chrono::milliseconds idle_poll{1};        // sleep between polls of empty rings
  std::chrono::milliseconds retry_backoff_initial{1};
  std::chrono::milliseconds retry_backoff_max{500};
  int stop_retry_limit = 10;  // attempts per batch inside flush()/stop() before giving up
};

struct AsyncStoreWriterStats {
  std::uint64_t written = 0;  // items committed (a duplicate signal_id counts: it is stored)
  std::uint64_t batches = 0;  // transactions committed
  std::uint64_t dropped = 0;  // pushes refused by a full ring
  std::uint64_t rejected_after_stop = 0;  // pushes refused because stop() had begun
  std::uint64_t write_errors = 0;         // failed write attempts (each retry counts)
  std::uint64_t failed_items = 0;  // items given up (permanent error, or retries exhausted at stop)
  std::uint64_t orphan_outcomes = 0;  // outcome updates naming no stored signal
};

class AsyncStoreWriter {
  using Ring = core::SpscRing<StoreItem>;

 public:
  // One producer thread's handle. Cheap to copy; only one thread may push through a given
  // producer's ring. push() is wait-free: no lock, no allocation, no syscall.
  class Producer {
   public:
    bool push(const StoreItem& item) noexcept;
    bool push(const core::Signal& signal) noexcept { return push(StoreItem::of(signal)); }
    std::uint64_t dropped() const noexcept { return ring_->dropped(); }

   private:
    friend class AsyncStoreWriter;
    Producer(AsyncStoreWriter* writer, Ring* ring) : writer_(writer), ring_(ring) {}
    AsyncStoreWriter* writer_;
    Ring* ring_;
  };

  // Starts the writer thread. `store` must be migrated and must outlive the writer.
  explicit AsyncStoreWriter(SqliteStore& store, AsyncStoreWriterConfig config = {});
  ~AsyncStoreWriter();  // stop()
  AsyncStoreWriter(const AsyncStoreWriter&) = delete;
  AsyncStoreWriter& operator=(const AsyncStoreWriter&) = delete;

  // Thread-safe. Error when max_producers rings already exist.
  Result<Producer> register_producer();

  // Blocks until every item pushed before the call is committed or counted as failed.
  // Error (the last write error) when items were given up during the flush.
  Status flush();
  // Stops accepting, drains every ring, commits and joins. Idempotent.
  Status stop();

  AsyncStoreWriterStats stats() const;
  std::string last_error() const;

 private:
  void run();
  // Pops up to `max` items into pending_, round-robin over the rings. Returns how many.
  std::size_t drain(std::size_t max);
  // Pops everything present in every ring now, writing full batches as it goes.
  void drain_all();
  void write_pending();
  bool rings_empty() const;
  bool commit_with_retry(std::span<const StoreItem> items, bool& permanent);
  Status write_once(std::span<const StoreItem> items);
  bool bounded_retries() const;
  void note_error(const Error& error);

  SqliteStore& store_;
  const AsyncStoreWriterConfig config_;

  std::vector<std::unique_ptr<Ring>> rings_;  // sized max_producers; filled in order
  std::atomic<std::size_t> ring_count_{0};
  std::size_t next_ring_ = 0;       // writer thread: round-robin start
  std::vector<StoreItem> pending_;  // writer thread
  std::chrono::steady_clock::time_point pending_since_{};

  mutable std::mutex mutex_;
  std::condition_variable wake_;  // writer waits: flush/stop requested
  std::condition_variable flush_done_cv_;
  std::atomic<bool> accepting_{true};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> flush_requested_{0};
  std::uint64_t flush_done_ = 0;  // guarded by mutex_
  bool thread_exited_ = false;    // guarded by mutex_
  std::string last_error_;        // guarded by mutex_

  std::atomic<std::uint64_t> written_{0}, batches_{0}, rejected_after_stop_{0};
  std::atomic<std::uint64_t> write_errors_{0}, failed_items_{0}, orphan_outcomes_{0};

  std::thread thread_;  // last: started once everything above exists
};

}  // namespace alphapulse::store
