// store/pg_store: AlphaPulse's tables in PostgreSQL, over one libpq connection, with the
// same API and schema as SqliteStore (the same embedded migrations, postgres dialect, and
// the same schema_migrations bookkeeping). No exceptions cross this API.
//
// Batches travel as one multi-row statement per up to kPgRowsPerStatement rows (one round
// trip, values as parameters, never spliced into SQL); a batch of several statements runs
// in one transaction. Doubles travel as shortest round-trip text and read back bit-exact;
// NaN is stored as NULL and NULL reads back as NaN, as in SQLite.
//
// Connection loss is a transient Error (connection_lost); the next call reconnects, so a
// caller that retries recovers when the server returns. A transaction open at the time is
// gone with the connection (the caller retries the whole batch). Not thread-safe: one
// thread at a time, like SqliteStore.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/clock.hpp"
#include "core/signal.hpp"
#include "core/timeframe.hpp"
#include "regime/regime_state.hpp"
#include "store/migration_runner.hpp"
#include "store/performance_metrics_row.hpp"
#include "store/pg_connection.hpp"
#include "store/result.hpp"
#include "store/sqlite_store.hpp"  // StoredRegime

namespace alphapulse::store {

// Rows per multi-row INSERT (PostgreSQL allows at most 65535 parameters per statement).
inline constexpr std::size_t kPgRowsPerStatement = 1000;

struct PgStoreOptions {
  int connect_timeout_seconds = 10;           // unless the URL sets connect_timeout
  core::Clock clock = core::Clock::system();  // created_at, applied_at
};

class PgStore {
 public:
  // postgresql://user:password@host:port/db?sslmode=... (or postgres://). The error names
  // host, port and database, with the password redacted.
  static Result<PgStore> open(const std::string& url, PgStoreOptions options = {});

  PgStore(PgStore&&) noexcept = default;
  PgStore& operator=(PgStore&&) noexcept = default;

  // Applies the embedded migrations (postgres dialect) not yet recorded. Concurrent runners
  // (several processes) are serialized by a session advisory lock.
  Result<MigrationReport> migrate();
  Result<MigrationReport> migrate(std::span<const Migration> migrations);
  Result<std::vector<AppliedMigration>> applied_migrations();

  // ---- writes (same contracts as SqliteStore) ----
  Result<std::size_t> insert_signals(std::span<const core::Signal> signals);
  Result<std::size_t> insert_regime_changes(std::string_view symbol, core::Timeframe timeframe,
                                            std::span<const regime::RegimeChange> changes);
  // Insert or update on (symbol, timeframe, open_time). Returns rows inserted or changed
  // (a row identical to the stored one is not rewritten and not counted). Within one call
  // the last candle of a repeated open time wins.
  Result<std::size_t> upsert_candles(std::string_view symbol, core::Timeframe timeframe,
                                     std::span<const core::Candle> candles);
  Status insert_performance_metrics(const PerformanceMetricsRow& row);
  Result<bool> update_outcome(std::string_view signal_id, core::SignalOutcome outcome,
                              core::TimestampMs time);

  Status begin();
  Status commit();
  void rollback();  // no-op when no transaction is open

  // ---- reads (same orders as SqliteStore) ----
  Result<std::vector<core::Signal>> recent_signals(std::size_t limit);
  Result<std::optional<core::Signal>> find_signal(std::string_view signal_id);
  Result<std::int64_t> count_signals();
  Result<std::vector<core::Signal>> pending_signals(std::string_view symbol,
                                                    core::Timeframe timeframe);
  Result<std::vector<StoredRegime>> latest_regimes();
  Result<std::vector<core::Candle>> candles(std::string_view symbol, core::Timeframe timeframe);

  // The connection, for tools and tests.
  PgConnection& connection() { return conn_; }

 private:
  PgStore(PgConnection conn, PgStoreOptions options) : conn_(std::move(conn)), options_(options) {}

  // Runs `body` inside the open transaction, or inside a new one it commits when
  // `statements` > 1 (a single statement is atomic on its own).
  template <typename Body>
  Status write_transaction(std::size_t statements, Body&& body);
  Result<std::vector<core::Signal>> select_signals(std::string_view sql, const PgParams& params);

  PgConnection conn_;
  PgStoreOptions options_;
  PgParams params_;  // reused between calls
};

}  // namespace alphapulse::store
