// `alphapulse setup-db`: creates or upgrades the database's schema (the embedded migrations)
// for sqlite:///path or postgresql://... and prints the versions applied. Safe to run any
// number of times: a second run applies nothing. The URL comes from --database-url, else
// from DATABASE_URL in the environment or .env (config::load_settings, as `run` reads it),
// else sqlite:///alphapulse.db. It is printed redacted only.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "config/settings.hpp"
#include "store/pg_store.hpp"
#include "store/pg_url.hpp"
#include "store/sqlite_store.hpp"

namespace alphapulse::app {
namespace {

template <typename Store>
int migrate_and_report(Store& store, const std::string& shown_url) {
  auto report = store.migrate();
  if (!report) {
    std::fprintf(stderr, "error: setup-db %s: %s\n", shown_url.c_str(),
                 report.error().message.c_str());
    return 1;
  }
  auto all = store.applied_migrations();
  if (!all) {
    std::fprintf(stderr, "error: setup-db %s: %s\n", shown_url.c_str(),
                 all.error().message.c_str());
    return 1;
  }
  std::printf("database %s\n", shown_url.c_str());
  if (report->applied.empty()) {
    std::printf("applied: none (already up to date)\n");
  } else {
    std::string applied;
    for (int version : report->applied) {
      if (!applied.empty()) applied += ' ';
      applied += std::to_string(version);
    }
    std::printf("applied: %s\n", applied.c_str());
  }
  for (const store::AppliedMigration& m : *all) {
    std::printf("  %04d %s (applied %s)\n", m.version, m.name.c_str(), m.applied_at.c_str());
  }
  std::printf("schema version %d\n", report->schema_version);
  return 0;
}

}  // namespace

std::string sqlite_url_path(const std::string& url) {
  // sqlite:///relative.db -> relative.db ; sqlite:////abs/path.db -> /abs/path.db
  std::string path = url.substr(std::string("sqlite://").size());
  if (path.starts_with("/") && !path.starts_with("//")) path = path.substr(1);
  if (path.starts_with("//")) path = path.substr(1);
  return path;
}

std::optional<std::string> resolve_database_url(const std::string& given,
                                                const std::string& env_file) {
  if (!given.empty()) return given;
  config::LoadInputs inputs;
  if (!env_file.empty()) {
    inputs.dotenv_path = env_file;
    inputs.dotenv_required = true;
  }
  const config::LoadResult loaded = config::load_settings(inputs);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "config error: %s\n", e.c_str());
    return std::nullopt;
  }
  return loaded.settings.database_url;
}

std::string shown_database_url(const std::string& url) {
  // The store's redaction also hides ?password=..., which config::redacted does not.
  return store::is_postgres_url(url) ? store::redact_postgres_url(url) : config::redacted(url);
}

int run_setup_db(const SetupDbOptions& options) {
  const auto url = resolve_database_url(options.database_url, options.env_file);
  if (!url) return 2;
  const std::string shown = shown_database_url(*url);
  if (url->starts_with("sqlite://")) {
    auto store = store::SqliteStore::open(sqlite_url_path(*url));
    if (!store) {
      std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
      return 1;
    }
    return migrate_and_report(*store, shown);
  }
  if (store::is_postgres_url(*url)) {
    auto store = store::PgStore::open(*url);
    if (!store) {
      std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
      return 1;
    }
    return migrate_and_report(*store, shown);
  }
  std::fprintf(stderr, "error: %s: expected sqlite:///path or postgresql://...\n", shown.c_str());
  return 2;
}

}  // namespace alphapulse::app
