// engine/postgres_destination: PostgreSQL as a delivery destination of the local outbox.
// Connects lazily and again after any failure, so an outage is just a run of transient
// errors to the relay. A batch is one transaction: signals (ON CONFLICT DO NOTHING), regime
// changes, candles, outcomes. The schema is set up by `alphapulse setup-db` (run by an owner
// role); if the engine's role may not run DDL, a database behind the binary's schema waits
// (transient error, naming setup-db) rather than refusing items.
#pragma once

#include <optional>
#include <string>

#include "engine/delivery_relay.hpp"
#include "store/pg_store.hpp"

namespace alphapulse::engine {

class PostgresDestination : public Destination {
 public:
  explicit PostgresDestination(std::string url, store::PgStoreOptions options = {});
  std::string_view name() const override { return "postgres"; }
  store::Status deliver(const DeliveryBatch& batch) override;

 private:
  store::Status ensure_connected();
  store::Status write(const DeliveryBatch& batch);

  std::string url_;
  store::PgStoreOptions options_;
  std::optional<store::PgStore> store_;
};

}  // namespace alphapulse::engine
