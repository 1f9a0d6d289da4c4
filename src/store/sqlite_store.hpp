// store/sqlite_store: AlphaPulse's tables in one SQLite file, over one connection.
// The connection runs in WAL mode (readers in other connections never block the writer),
// synchronous=NORMAL (a commit is durable against a process crash; an OS crash may lose
// the last commits but never corrupts), and waits up to busy_timeout for a lock. Every
// statement is prepared once (on first use) and reused with bound parameters; no value is
// ever spliced into SQL text. No exceptions cross this API: failures are Status / Result.
//
// Writes open their own IMMEDIATE transaction, or join the one opened by begin() (the
// engine's StoreSink groups a whole sink batch that way). Not thread-safe: one thread at a
// time (the sink thread in `run`); other threads (the delivery relays) open their own.
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
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "regime/regime_state.hpp"
#include "store/migration_runner.hpp"
#include "store/performance_metrics_row.hpp"
#include "store/result.hpp"
#include "store/sqlite_db.hpp"

namespace alphapulse::store {

struct StoreOptions {
  int busy_timeout_ms = 5000;
  core::Clock clock = core::Clock::system();  // created_at, applied_at
};

// A market_regimes row as read back.
struct StoredRegime {
  core::Symbol symbol;
  core::Timeframe timeframe = core::Timeframe::k15m;
  regime::RegimeChange change;
};

class SqliteStore {
 public:
  // Opens or creates the database file and sets WAL, synchronous=NORMAL and the busy
  // timeout. The error names the path and SQLite's message.
  static Result<SqliteStore> open(const std::string& path, StoreOptions options = {});

  SqliteStore(SqliteStore&&) noexcept = default;
  SqliteStore& operator=(SqliteStore&&) noexcept = default;

  // Applies the embedded migrations (sql/migrations/, SQLite dialect) not yet applied.
  Result<MigrationReport> migrate();
  // Applies `migrations` instead (tests, tools).
  Result<MigrationReport> migrate(std::span<const Migration> migrations);
  Result<std::vector<AppliedMigration>> applied_migrations();

  // ---- writes ----
  // One transaction; a signal whose signal_id is already stored is skipped. Returns how
  // many rows were inserted.
  Result<std::size_t> insert_signals(std::span<const core::Signal> signals);
  // Idempotent on (symbol, timeframe, candle time). Returns rows inserted.
  Result<std::size_t> insert_regime_changes(std::string_view symbol, core::Timeframe timeframe,
                                            std::span<const regime::RegimeChange> changes);
  // Insert or replace on (symbol, timeframe, open_time). Returns rows written.
  Result<std::size_t> upsert_candles(std::string_view symbol, core::Timeframe timeframe,
                                     std::span<const core::Candle> candles);
  Status insert_performance_metrics(const PerformanceMetricsRow& row);
  // Sets outcome and outcome_updated_at = `time`. False when no such signal.
  Result<bool> update_outcome(std::string_view signal_id, core::SignalOutcome outcome,
                              core::TimestampMs time);

  // Groups the writes that follow into one IMMEDIATE transaction until commit()/rollback().
  Status begin();
  Status commit();
  void rollback();  // no-op when no transaction is open

  // ---- reads ----
  // Newest first (by candle time, then signal_id descending).
  Result<std::vector<core::Signal>> recent_signals(std::size_t limit);
  Result<std::optional<core::Signal>> find_signal(std::string_view signal_id);
  Result<std::int64_t> count_signals();
  // Signals of one stream whose outcome is still pending, oldest first.
  Result<std::vector<core::Signal>> pending_signals(std::string_view symbol,
                                                    core::Timeframe timeframe);
  // The most recent regime change of every (symbol, timeframe), ordered by symbol, timeframe.
  Result<std::vector<StoredRegime>> latest_regimes();
  // The stored candles of one stream, oldest first.
  Result<std::vector<core::Candle>> candles(std::string_view symbol, core::Timeframe timeframe);
  // Point reads by natural key (the delivery relay loads outbox items with them).
  Result<std::optional<regime::RegimeChange>> find_regime_change(std::string_view symbol,
                                                                 core::Timeframe timeframe,
                                                                 core::TimestampMs candle_time);
  Result<std::optional<core::Candle>> find_candle(std::string_view symbol,
                                                  core::Timeframe timeframe,
                                                  core::TimestampMs open_time);

  // The connection, for tools and tests (schema inspection).
  Database& database() { return db_; }

 private:
  struct Statements {
    Statement insert_signal, insert_regime, upsert_candle, insert_metrics, update_outcome;
    Statement recent_signals, find_signal, count_signals, pending_signals, latest_regimes, candles;
    Statement find_regime, find_candle;
  };

  SqliteStore(Database db, StoreOptions options) : db_(std::move(db)), options_(options) {}

  // Prepares `slot` from `sql` the first time; afterwards returns it as is.
  Result<Statement*> statement(Statement& slot, std::string_view sql);
  // Runs `body` inside the open transaction, or inside a new one it commits.
  template <typename Body>
  Status write_transaction(Body&& body);

  Database db_;
  StoreOptions options_;
  Statements statements_;
};

}  // namespace alphapulse::store
