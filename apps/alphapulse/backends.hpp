// apps/alphapulse/backends: what `alphapulse run` stores and publishes to, built from the
// settings. The local SQLite journal always exists (the sqlite:// database itself, or
// journal_path when DATABASE_URL is PostgreSQL); PostgreSQL and Redis, when configured, are
// fed from the journal's outbox by one DeliveryRelay each, and Redis also gets every
// stream's latest snapshot. See docs/operations.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "engine/alphapulse_core.hpp"
#include "engine/delivery_relay.hpp"
#include "engine/snapshot_cache_updater.hpp"
#include "engine/store_sink.hpp"
#include "store/sqlite_store.hpp"

namespace alphapulse::app {

class Backends {
 public:
  // Opens and migrates the journal, prepares the remote destinations (they connect lazily:
  // a server that is down at start is an outage like any other). Error: a message for the user.
  static std::optional<std::string> open(const config::Settings& settings, Backends& out);

  // Engine options these backends need (candles forwarded for outcomes, snapshots, regimes).
  void configure(engine::CoreOptions& options);
  // After the core exists: the sink to add and the Redis cache updater.
  engine::Sink& attach(const engine::AlphaPulseCore& core);
  void start();
  // After core.stop(): deliver what is left (bounded), stop the cache updater.
  void stop();

  std::string status() const;  // for the status line: backlog and errors of each destination
  void print_summary() const;  // one line per destination
  std::size_t pending_local() const { return sink_ ? sink_->pending() : 0; }
  std::string local_error() const { return sink_ ? sink_->last_error() : std::string(); }
  std::int64_t signals_stored() const { return sink_ ? sink_->signals_stored() : 0; }
  bool store_errors() const { return sink_ && sink_->write_errors() > 0; }

 private:
  std::string journal_path_;
  std::string redis_url_;
  std::unique_ptr<store::SqliteStore> journal_;
  std::unique_ptr<engine::StoreSink> sink_;
  std::vector<engine::RemoteDestination> remotes_;
  std::vector<std::unique_ptr<engine::Destination>> destinations_;
  std::vector<std::unique_ptr<engine::DeliveryRelay>> relays_;
  std::unique_ptr<engine::SnapshotCacheUpdater> cache_;
  std::string run_id_;
};

}  // namespace alphapulse::app
