// store/async_store_writer: see async_store_writer.hpp.
#include "store/async_store_writer.hpp"

#include <algorithm>

namespace alphapulse::store {

bool AsyncStoreWriter::Producer::push(const StoreItem& item) noexcept {
  if (!writer_->accepting_.load(std::memory_order_relaxed)) {
    writer_->rejected_after_stop_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  return ring_->try_push(item);  // counts its own drops when full
}

AsyncStoreWriter::AsyncStoreWriter(SqliteStore& store, AsyncStoreWriterConfig config)
    : store_(store), config_(config) {
  rings_.resize(std::max<std::size_t>(config_.max_producers, 1));
  pending_.reserve(std::max<std::size_t>(config_.batch_size, 1));
  thread_ = std::thread([this] { run(); });
}

AsyncStoreWriter::~AsyncStoreWriter() {
  (void)stop();
}

Result<AsyncStoreWriter::Producer> AsyncStoreWriter::register_producer() {
  std::lock_guard lock(mutex_);
  const std::size_t index = ring_count_.load(std::memory_order_relaxed);
  if (index == rings_.size()) {
    return Error{0, "AsyncStoreWriter: all " + std::to_string(rings_.size()) +
                        " producer rings are taken (AsyncStoreWriterConfig::max_producers)"};
  }
  rings_[index] = std::make_unique<Ring>(config_.ring_capacity);
  Ring* ring = rings_[index].get();
  ring_count_.store(index + 1, std::memory_order_release);  // publishes rings_[index]
  return Producer(this, ring);
}

Status AsyncStoreWriter::flush() {
  std::unique_lock lock(mutex_);
  if (thread_exited_) return {};
  const std::uint64_t failed_before = failed_items_.load();
  const std::uint64_t generation = flush_requested_.fetch_add(1) + 1;
  wake_.notify_all();
  flush_done_cv_.wait(lock, [&] { return flush_done_ >= generation || thread_exited_; });
  if (failed_items_.load() != failed_before) {
    return Error{0, "AsyncStoreWriter: items were given up during flush: " + last_error_};
  }
  return {};
}

Status AsyncStoreWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    accepting_.store(false);
    stopping_.store(true);
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  if (failed_items_.load() != 0) {
    return Error{0, "AsyncStoreWriter: " + std::to_string(failed_items_.load()) +
                        " items were not stored: " + last_error_};
  }
  return {};
}

AsyncStoreWriterStats AsyncStoreWriter::stats() const {
  AsyncStoreWriterStats s;
  s.written = written_.load();
  s.batches = batches_.load();
  const std::size_t count = ring_count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < count; ++i) s.dropped += rings_[i]->dropped();
  s.rejected_after_stop = rejected_after_stop_.load();
  s.write_errors = write_errors_.load();
  s.failed_items = failed_items_.load();
  s.orphan_outcomes = orphan_outcomes_.load();
  return s;
}

std::string AsyncStoreWriter::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

// ---- writer thread ----

void AsyncStoreWriter::run() {
  using Clock = std::chrono::steady_clock;
  for (;;) {
    const std::uint64_t flush_target = flush_requested_.load(std::memory_order_acquire);
    bool flush_pending;
    {
      std::lock_guard lock(mutex_);
      flush_pending = flush_target != flush_done_;
    }
    if (stopping_.load(std::memory_order_acquire)) {
      // Producers have stopped: drain until every ring stays empty, commit, exit.
      for (;;) {
        drain_all();
        write_pending();
        if (rings_empty()) break;
      }
      std::lock_guard lock(mutex_);
      flush_done_ = flush_requested_.load();
      thread_exited_ = true;
      flush_done_cv_.notify_all();
      return;
    }
    if (flush_pending) {
      drain_all();
      write_pending();
      std::lock_guard lock(mutex_);
      flush_done_ = flush_target;
      flush_done_cv_.notify_all();
      continue;
    }

    const std::size_t room =
        config_.batch_size > pending_.size() ? config_.batch_size - pending_.size() : 0;
    const std::size_t popped = drain(room);
    if (!pending_.empty() && pending_since_ == Clock::time_point{}) pending_since_ = Clock::now();
    if (pending_.size() >= config_.batch_size ||
        (!pending_.empty() && Clock::now() - pending_since_ >= config_.flush_interval)) {
      write_pending();
    }
    if (popped == 0) {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, config_.idle_poll,
                     [&] { return stopping_.load() || flush_requested_.load() != flush_done_; });
    }
  }
}

std::size_t AsyncStoreWriter::drain(std::size_t max) {
  const std::size_t count = ring_count_.load(std::memory_order_acquire);
  if (count == 0 || max == 0) return 0;
  std::size_t popped = 0;
  StoreItem item;
  for (std::size_t n = 0; n < count && popped < max; ++n) {
    Ring& ring = *rings_[(next_ring_ + n) % count];
    while (popped < max && ring.try_pop(item)) {
      pending_.push_back(item);
      ++popped;
    }
  }
  next_ring_ = (next_ring_ + 1) % count;
  return popped;
}

void AsyncStoreWriter::drain_all() {
  const std::size_t count = ring_count_.load(std::memory_order_acquire);
  StoreItem item;
  for (std::size_t i = 0; i < count; ++i) {
    Ring& ring = *rings_[i];
    // What is in the ring now; items pushed meanwhile wait for the next pass.
    for (std::size_t left = ring.size(); left > 0 && ring.try_pop(item); --left) {
      pending_.push_back(item);
      if (pending_.size() >= config_.batch_size) write_pending();
    }
  }
}

bool AsyncStoreWriter::rings_empty() const {
  const std::size_t count = ring_count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < count; ++i) {
    if (rings_[i]->size() != 0) return false;
  }
  return true;
}

void AsyncStoreWriter::write_pending() {
  pending_since_ = {};
  if (pending_.empty()) return;
  bool permanent = false;
  if (commit_with_retry(pending_, permanent)) {
    written_.fetch_add(pending_.size());
  } else if (permanent) {
    // Isolate the offending items: one transaction each, the others still get stored.
    for (const StoreItem& item : pending_) {
      bool item_permanent = false;
      if (commit_with_retry(std::span(&item, 1), item_permanent)) {
        written_.fetch_add(1);
      } else {
        failed_items_.fetch_add(1);
      }
    }
  } else {
    failed_items_.fetch_add(pending_.size());
  }
  pending_.clear();
}

bool AsyncStoreWriter::bounded_retries() const {
  if (stopping_.load()) return true;
  std::lock_guard lock(mutex_);
  return flush_requested_.load() != flush_done_;
}

bool AsyncStoreWriter::commit_with_retry(std::span<const StoreItem> items, bool& permanent) {
  auto backoff = config_.retry_backoff_initial;
  for (int attempt = 1;; ++attempt) {
    Status status = write_once(items);
    if (status) {
      batches_.fetch_add(1);
      return true;
    }
    write_errors_.fetch_add(1);
    note_error(status.error());
    if (!status.error().transient()) {
      permanent = true;
      return false;
    }
    if (bounded_retries() && attempt >= config_.stop_retry_limit) return false;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, config_.retry_backoff_max);
  }
}

Status AsyncStoreWriter::write_once(std::span<const StoreItem> items) {
  if (auto s = store_.begin(); !s) return s;
  std::uint64_t orphans = 0;
  for (const StoreItem& item : items) {
    Status status;
    switch (item.kind()) {
      case StoreItem::Kind::kSignal:
        status = store_.insert_signals(std::span(&item.signal(), 1)).status();
        break;
      case StoreItem::Kind::kRegimeChange: {
        const RegimeChangeRecord& r = item.regime_change();
        status = store_.insert_regime_changes(r.symbol.view(), r.timeframe, std::span(&r.change, 1))
                     .status();
        break;
      }
      case StoreItem::Kind::kCandle: {
        const CandleRecord& c = item.candle();
        status =
            store_.upsert_candles(c.symbol.view(), c.timeframe, std::span(&c.candle, 1)).status();
        break;
      }
      case StoreItem::Kind::kOutcomeUpdate: {
        const OutcomeUpdate& u = item.outcome_update();
        auto found = store_.update_outcome(u.signal_id.view(), u.outcome, u.time);
        if (found && !*found) ++orphans;
        status = found.status();
        break;
      }
    }
    if (!status) {
      store_.rollback();
      return status;
    }
  }
  if (auto s = store_.commit(); !s) {
    store_.rollback();
    return s;
  }
  orphan_outcomes_.fetch_add(orphans);
  return {};
}

void AsyncStoreWriter::note_error(const Error& error) {
  std::lock_guard lock(mutex_);
  last_error_ = error.message;
}

}  // namespace alphapulse::store
