// engine/postgres_destination: see postgres_destination.hpp.
#include "engine/postgres_destination.hpp"

#include "config/settings.hpp"

namespace alphapulse::engine {

PostgresDestination::PostgresDestination(std::string url, store::PgStoreOptions options)
    : url_(std::move(url)), options_(options) {}

store::Status PostgresDestination::ensure_connected() {
  if (store_) return {};
  auto opened = store::PgStore::open(url_, options_);
  if (!opened.ok()) {
    store::Error e = opened.error();
    e.connection_lost = true;  // unreachable or refused: the items wait for it
    return e;
  }
  // Up to date (the usual case, and the only one a least-privilege engine role can be in):
  // no DDL at all. Behind: migrate when the role may (a fresh local database); otherwise the
  // owner runs setup-db and the items wait.
  const auto wanted = store::embedded_migrations(store::Dialect::kPostgres);
  const auto applied = opened->applied_migrations();
  const bool up_to_date = wanted.ok() && applied.ok() && !wanted->empty() && !applied->empty() &&
                          applied->back().version >= wanted->back().version;
  if (auto m = up_to_date ? store::Result<store::MigrationReport>(store::MigrationReport{})
                          : opened->migrate();
      !m.ok()) {
    return store::Error{0,
                        "postgres schema is not up to date and cannot be migrated by this role (" +
                            m.error().message +
                            "): run `alphapulse setup-db --database-url URL` as its owner",
                        true};
  }
  store_.emplace(std::move(opened.value()));
  return {};
}

store::Status PostgresDestination::write(const DeliveryBatch& batch) {
  if (auto st = store_->begin(); !st.ok()) return st;
  if (!batch.signals.empty()) {
    if (auto r = store_->insert_signals(batch.signals); !r.ok()) return r.error();
  }
  for (const auto& r : batch.regime_changes) {
    const regime::RegimeChange one[] = {r.change};
    if (auto w = store_->insert_regime_changes(r.symbol.view(), r.timeframe, one); !w.ok())
      return w.error();
  }
  for (const auto& c : batch.candles) {
    const core::Candle one[] = {c.candle};
    if (auto w = store_->upsert_candles(c.symbol.view(), c.timeframe, one); !w.ok())
      return w.error();
  }
  for (const auto& o : batch.outcomes) {
    // False when the signal is not there (it was refused and dead-lettered): nothing to do.
    if (auto w = store_->update_outcome(o.signal_id.view(), o.outcome, o.time); !w.ok())
      return w.error();
  }
  return store_->commit();
}

store::Status PostgresDestination::deliver(const DeliveryBatch& batch) {
  if (auto st = ensure_connected(); !st.ok()) return st;
  auto st = write(batch);
  if (!st.ok()) {
    store_->rollback();
    // After any failure start from a fresh connection: cheap, and it cannot be wrong.
    if (st.error().transient()) store_.reset();
  }
  return st;
}

}  // namespace alphapulse::engine
