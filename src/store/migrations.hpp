// store/migrations: the versioned schema files of sql/migrations/ as the binary carries
// them (embedded at build time by embed_migrations.cmake, so no source tree is needed at
// run time) and the rule that picks each version's file for a dialect.
//
// File names: NNNN_name.sql (portable: runs on every dialect) or NNNN_name.<dialect>.sql
// (dialect = sqlite | postgres) where the dialects differ. For each version a dialect takes
// its own variant when there is one, else the portable file. A version must have either a
// portable file or a variant for every dialect that uses it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/result.hpp"

namespace alphapulse::store {

enum class Dialect { kSqlite, kPostgres };
std::string_view to_string(Dialect dialect);  // "sqlite" | "postgres"

// One file as embedded: its base name and its text.
struct MigrationFile {
  std::string_view name;  // "0001_initial.sql"
  std::string_view sql;
};

struct Migration {
  int version = 0;   // NNNN
  std::string name;  // "initial"
  std::string sql;
};

// Every file of sql/migrations/, sorted by name (generated at build time).
std::span<const MigrationFile> embedded_migration_files();

// The migrations for `dialect`, in version order. Error on a malformed file name or on two
// files for the same version and dialect.
Result<std::vector<Migration>> select_migrations(std::span<const MigrationFile> files,
                                                 Dialect dialect);

// select_migrations(embedded_migration_files(), dialect).
Result<std::vector<Migration>> embedded_migrations(Dialect dialect);

// The order a runner applies `migrations` in (ascending version; the pointers refer into
// `migrations`). Error when a version is given twice. Shared by both stores' runners.
Result<std::vector<const Migration*>> order_migrations(std::span<const Migration> migrations);

}  // namespace alphapulse::store
