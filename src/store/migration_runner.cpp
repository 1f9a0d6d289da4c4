// store/migration_runner: see migration_runner.hpp.
#include "store/migration_runner.hpp"

#include <algorithm>

namespace alphapulse::store {
namespace {

Result<bool> is_recorded(Database& db, int version) {
  auto stmt = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, static_cast<std::int64_t>(version));
  return stmt->step();
}

Status apply_one(Database& db, const Migration& m, core::Clock clock) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return s;
  auto fail = [&](const Error& e) {
    (void)db.exec("ROLLBACK");
    return Status(Error{
        e.sqlite_code, "migration " + std::to_string(m.version) + "_" + m.name + ": " + e.message});
  };
  // Checked again inside the write transaction: another runner may have applied it.
  auto recorded = is_recorded(db, m.version);
  if (!recorded) return fail(recorded.error());
  if (*recorded) {
    (void)db.exec("ROLLBACK");
    return {};
  }
  if (auto s = db.exec(m.sql); !s) return fail(s.error());
  auto insert =
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
  if (!insert) return fail(insert.error());
  insert->bind(1, static_cast<std::int64_t>(m.version));
  insert->bind(2, std::string_view(m.name));
  insert->bind(3, std::string_view(core::format_iso8601(clock.now())));
  if (auto s = insert->run(); !s) return fail(s.error());
  if (auto s = db.exec("COMMIT"); !s) return fail(s.error());
  return {};
}

}  // namespace

Result<MigrationReport> apply_migrations(Database& db, std::span<const Migration> migrations,
                                         core::Clock clock) {
  if (auto s = db.exec(kSchemaMigrationsTable); !s) return s.error();
  auto order = order_migrations(migrations);
  if (!order) return order.error();
  const std::vector<const Migration*>& ordered = *order;

  MigrationReport report;
  for (const Migration* m : ordered) {
    auto recorded = is_recorded(db, m->version);
    if (!recorded) return recorded.error();
    if (*recorded) continue;
    if (auto s = apply_one(db, *m, clock); !s) return s.error();
    report.applied.push_back(m->version);
  }
  auto all = applied_migrations(db);
  if (!all) return all.error();
  report.schema_version = all->empty() ? 0 : all->back().version;
  return report;
}

Result<std::vector<AppliedMigration>> applied_migrations(Database& db) {
  auto exists =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return exists.error();
  auto found = exists->step();
  if (!found) return found.error();
  std::vector<AppliedMigration> out;
  if (!*found) return out;
  auto stmt =
      db.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  if (!stmt) return stmt.error();
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(AppliedMigration{static_cast<int>(stmt->column_int64(0)),
                                   std::string(stmt->column_text(1)),
                                   std::string(stmt->column_text(2))});
  }
  return out;
}

}  // namespace alphapulse::store
