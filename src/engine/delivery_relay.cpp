// engine/delivery_relay: see delivery_relay.hpp.
#include "engine/delivery_relay.hpp"

#include <algorithm>
#include <optional>
#include <random>

#include "engine/alphapulse_core.hpp"
#include "store/local_outbox.hpp"
#include "store/sqlite_store.hpp"

namespace alphapulse::engine {
namespace {

struct Loaded {
  DeliveryBatch batch;
  std::vector<const store::OutboxEntry*> entries;  // rows whose item was loaded, in batch order
  std::vector<const store::OutboxEntry*> missing;  // rows whose item is not in the local store
};

// Reads each row's item from the local store. An error (the store itself failing) aborts.
store::Result<Loaded> load(store::SqliteStore& local, const std::vector<store::OutboxEntry>& rows) {
  Loaded out;
  for (const store::OutboxEntry& e : rows) {
    bool found = false;
    switch (e.kind) {
      case store::OutboxKind::kSignal: {
        auto s = local.find_signal(e.signal_id);
        if (!s.ok()) return s.error();
        if ((found = s->has_value())) out.batch.signals.push_back(**s);
        break;
      }
      case store::OutboxKind::kRegimeChange: {
        auto r = local.find_regime_change(e.symbol.view(), e.timeframe, e.time);
        if (!r.ok()) return r.error();
        if ((found = r->has_value()))
          out.batch.regime_changes.push_back({e.symbol, e.timeframe, **r});
        break;
      }
      case store::OutboxKind::kCandle: {
        auto c = local.find_candle(e.symbol.view(), e.timeframe, e.time);
        if (!c.ok()) return c.error();
        if ((found = c->has_value())) out.batch.candles.push_back({e.symbol, e.timeframe, **c});
        break;
      }
      case store::OutboxKind::kOutcome:
        found = true;
        out.batch.outcomes.push_back({core::FixedString<32>(e.signal_id), e.outcome, e.time});
        break;
    }
    (found ? out.entries : out.missing).push_back(&e);
  }
  return out;
}

DeliveryBatch single(const DeliveryBatch& batch, std::size_t index) {
  DeliveryBatch one;
  std::size_t i = index;
  if (i < batch.signals.size()) {
    one.signals.push_back(batch.signals[i]);
    return one;
  }
  i -= batch.signals.size();
  if (i < batch.regime_changes.size()) {
    one.regime_changes.push_back(batch.regime_changes[i]);
    return one;
  }
  i -= batch.regime_changes.size();
  if (i < batch.candles.size()) {
    one.candles.push_back(batch.candles[i]);
    return one;
  }
  i -= batch.candles.size();
  one.outcomes.push_back(batch.outcomes[i]);
  return one;
}

// The rows of `loaded` in the order DeliveryBatch holds their items (kind, then seq).
std::vector<const store::OutboxEntry*> in_batch_order(const Loaded& loaded) {
  std::vector<const store::OutboxEntry*> ordered;
  for (auto kind : {store::OutboxKind::kSignal, store::OutboxKind::kRegimeChange,
                    store::OutboxKind::kCandle, store::OutboxKind::kOutcome}) {
    for (const auto* e : loaded.entries) {
      if (e->kind == kind) ordered.push_back(e);
    }
  }
  return ordered;
}

}  // namespace

DeliveryRelay::DeliveryRelay(Destination& destination, DeliveryRelayConfig config)
    : destination_(destination), config_(std::move(config)) {}

DeliveryRelay::~DeliveryRelay() {
  stop();
}

void DeliveryRelay::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void DeliveryRelay::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

void DeliveryRelay::stop() {
  if (!thread_.joinable()) return;
  stop_deadline_ns_.store(steady_now_ns() +
                          std::chrono::nanoseconds(config_.drain_timeout).count());
  stopping_.store(true);
  wake();
  thread_.join();
}

DeliveryStats DeliveryRelay::stats() const {
  DeliveryStats s;
  s.delivered = delivered_.load();
  s.batches = batches_.load();
  s.failed_attempts = failed_attempts_.load();
  s.dead_lettered = dead_lettered_.load();
  s.backlog = backlog_.load();
  s.connected = connected_.load();
  return s;
}

std::string DeliveryRelay::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void DeliveryRelay::run() {
  std::mt19937_64 jitter(std::random_device{}());
  auto backoff = config_.backoff_initial;
  const auto name = destination_.name();

  auto note_error = [&](const std::string& message) {
    std::lock_guard lock(mutex_);
    last_error_ = message;
  };
  auto past_deadline = [&] {
    return stopping_.load() && steady_now_ns() >= stop_deadline_ns_.load();
  };
  // Idle: sleeps `d`, or less when new rows are committed (wake()) or at stop.
  auto pause = [&](std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    wake_cv_.wait_for(lock, d, [&] { return woken_ || stopping_.load(); });
    woken_ = false;
  };
  // After a failure: the full backoff, whatever is committed meanwhile (waking on new rows
  // would turn an outage into a reconnect storm, and so would stop(): it only bounds the
  // waiting by the drain deadline).
  auto retry_later = [&] {
    connected_.store(false);
    std::uniform_int_distribution<std::int64_t> spread(backoff.count() / 2, backoff.count());
    const auto wait = std::chrono::milliseconds(spread(jitter));
    {
      std::unique_lock lock(mutex_);
      wake_cv_.wait_for(lock, wait, [&] { return past_deadline(); });
      woken_ = false;
    }
    backoff = std::min(backoff * 2, config_.backoff_max);
  };

  std::optional<store::SqliteStore> local;
  std::optional<store::LocalOutbox> outbox;
  while (!past_deadline()) {
    if (!local) {
      auto opened = store::SqliteStore::open(config_.local_db_path);
      if (!opened.ok()) {
        note_error(opened.error().message);
        retry_later();
        continue;
      }
      local.emplace(std::move(opened.value()));
      outbox.emplace(local->database(), config_.run_id);
    }
    auto rows = outbox->next_batch(name, config_.batch_size);
    if (!rows.ok()) {
      note_error("reading the outbox: " + rows.error().message);
      retry_later();
      continue;
    }
    if (rows->empty()) {
      backlog_.store(0);
      if (stopping_.load()) break;  // drained
      pause(config_.poll_interval);
      continue;
    }
    if (auto depth = outbox->depth(name); depth.ok()) backlog_.store(*depth);

    auto loaded = load(*local, *rows);
    if (!loaded.ok()) {
      note_error("loading outbox items: " + loaded.error().message);
      retry_later();
      continue;
    }
    for (const auto* e : loaded->missing) {
      if (outbox->dead_letter(*e, name, "item not found in the local store").ok())
        dead_lettered_.fetch_add(1);
    }
    const auto ordered = in_batch_order(*loaded);
    std::vector<std::int64_t> done;
    bool transient_failure = false;
    if (auto st = destination_.deliver(loaded->batch); st.ok()) {
      for (const auto* e : ordered) done.push_back(e->seq);
    } else if (st.error().transient()) {
      note_error(st.error().message);
      failed_attempts_.fetch_add(1);
      transient_failure = true;
    } else {
      // Find the refused items: one at a time; a transient error in between ends the pass.
      failed_attempts_.fetch_add(1);
      note_error(st.error().message);
      for (std::size_t i = 0; i < ordered.size(); ++i) {
        auto one = destination_.deliver(single(loaded->batch, i));
        if (one.ok()) {
          done.push_back(ordered[i]->seq);
        } else if (one.error().transient()) {
          transient_failure = true;
          break;
        } else if (outbox->dead_letter(*ordered[i], name, one.error().message).ok()) {
          dead_lettered_.fetch_add(1);
        }
      }
    }
    if (!done.empty()) {
      // Acknowledged remotely: remove locally. If this fails the rows are delivered again,
      // which the destination's idempotency absorbs.
      if (auto st = outbox->remove(done); !st.ok())
        note_error("removing delivered rows: " + st.error().message);
      const std::int64_t now = steady_now_ns();
      for (const auto* e : ordered) {
        if (e->kind == store::OutboxKind::kSignal && e->run_id == config_.run_id &&
            e->receive_ns > 0 && std::find(done.begin(), done.end(), e->seq) != done.end()) {
          publish_latency_.record(now - e->receive_ns);
        }
      }
      delivered_.fetch_add(done.size());
      batches_.fetch_add(1);
      connected_.store(true);
      backoff = config_.backoff_initial;
    }
    if (transient_failure) {
      std::vector<std::int64_t> failed;
      for (const auto* e : ordered) {
        if (std::find(done.begin(), done.end(), e->seq) == done.end()) failed.push_back(e->seq);
      }
      (void)outbox->record_failure(failed, last_error());
      retry_later();
    }
  }
  if (outbox) {
    if (auto depth = outbox->depth(name); depth.ok()) backlog_.store(*depth);
  }
}

}  // namespace alphapulse::engine
