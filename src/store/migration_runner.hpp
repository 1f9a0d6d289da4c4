// store/migration_runner: brings a SQLite database's schema up to date. Each pending
// migration (version not in schema_migrations) runs in its own IMMEDIATE transaction
// together with the row that records it, so a failure leaves the database at the last good
// version and a second run (or a second process racing this one) applies nothing twice.
// schema_migrations itself is created here, by a portable bootstrap statement.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/migrations.hpp"
#include "store/result.hpp"
#include "store/sqlite_db.hpp"

namespace alphapulse::store {

inline constexpr std::string_view kSchemaMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
    "  version INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  applied_at TEXT NOT NULL\n"
    ")";

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string applied_at;  // ISO 8601 UTC
};

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run, in order
  int schema_version = 0;    // highest recorded version afterwards (0 = none)
};

// Applies the migrations of `migrations` (any order; applied by version) not yet recorded.
Result<MigrationReport> apply_migrations(Database& db, std::span<const Migration> migrations,
                                         core::Clock clock = core::Clock::system());

// What schema_migrations records, by version (empty when the table does not exist yet).
Result<std::vector<AppliedMigration>> applied_migrations(Database& db);

}  // namespace alphapulse::store
