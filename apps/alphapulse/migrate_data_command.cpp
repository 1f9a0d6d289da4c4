// `alphapulse migrate-data`: moves stored data into a database, without duplicates.
//   --from sqlite:///path.db   signals, market regimes and candles of a SQLite store
//   --from FILE.csv            candles of a candle file (project or Binance format, read by
//                              feed/candle_csv), with --symbol/--timeframe when the file
//                              name does not tell them
//   --to postgresql://... | sqlite:///path.db   (its schema is created or upgraded first)
// Signals and regimes are inserted with the stores' idempotent inserts; candles already in
// the destination (same symbol, timeframe, open time) are left as they are. Running it twice
// inserts nothing the second time. Prints, per table, rows read / inserted / skipped.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "feed/candle_csv.hpp"
#include "store/named_values_json.hpp"
#include "store/pg_store.hpp"
#include "store/pg_url.hpp"
#include "store/sqlite_store.hpp"

namespace alphapulse::app {
namespace {

constexpr std::size_t kBatchRows = 5000;  // rows per destination call (one transaction)

struct TableCounts {
  std::size_t read = 0, inserted = 0;
  std::size_t skipped() const { return read - inserted; }
};

struct StreamKey {
  std::string symbol;
  core::Timeframe timeframe;
  bool operator<(const StreamKey& o) const {
    return symbol != o.symbol ? symbol < o.symbol : timeframe < o.timeframe;
  }
};

// Everything a source yields, in memory (a migration tool, not a hot path).
struct SourceData {
  std::vector<core::Signal> signals;
  std::map<StreamKey, std::vector<regime::RegimeChange>> regimes;
  std::map<StreamKey, std::vector<core::Candle>> candles;
  bool has_signals_and_regimes = false;
};

bool fail(const std::string& what) {
  std::fprintf(stderr, "error: %s\n", what.c_str());
  return false;
}

int exit_failure(const std::string& what) {
  fail(what);
  return 1;
}

// All rows of a SQLite store. Signals through SqliteStore; regimes and the list of candle
// streams by direct queries (the store's API reads only the latest regimes / one stream).
bool read_sqlite(const std::string& url, SourceData& out) {
  const std::string path = sqlite_url_path(url);
  if (!std::filesystem::exists(path))
    return exit_failure("source database " + path + " does not exist");
  auto store = store::SqliteStore::open(path);
  if (!store) return fail(store.error().message);
  out.has_signals_and_regimes = true;
  auto n = store->count_signals();
  if (!n) return fail("reading signals of " + path + ": " + n.error().message);
  auto signals = store->recent_signals(static_cast<std::size_t>(*n));
  if (!signals) return fail("reading signals of " + path + ": " + signals.error().message);
  out.signals = std::move(*signals);

  auto regimes = store->database().prepare(
      "SELECT symbol, timeframe, regime_type, confidence, duration_candles, metrics, "
      "candle_time_ms FROM market_regimes ORDER BY symbol, timeframe, candle_time_ms");
  if (!regimes) return fail("reading market_regimes of " + path + ": " + regimes.error().message);
  for (;;) {
    auto row = regimes->step();
    if (!row) return fail("reading market_regimes of " + path + ": " + row.error().message);
    if (!*row) break;
    auto tf = core::parse_timeframe(regimes->column_text(1));
    auto type = core::parse_market_regime(regimes->column_text(2));
    if (!tf || !type)
      return fail(path + ": market_regimes row with an unknown timeframe or regime");
    regime::RegimeChange change;
    change.regime_type = *type;
    change.confidence = regimes->column_double(3);
    change.duration_candles = regimes->column_int64(4);
    if (auto s = store::regime_metrics_from_json(regimes->column_text(5), change.metrics); !s) {
      return fail(path + ": " + s.error().message);
    }
    change.time = {regimes->column_int64(6)};
    out.regimes[{std::string(regimes->column_text(0)), *tf}].push_back(change);
  }

  auto streams = store->database().prepare(
      "SELECT DISTINCT symbol, timeframe FROM candles ORDER BY symbol, timeframe");
  if (!streams) return fail("reading candles of " + path + ": " + streams.error().message);
  std::vector<StreamKey> keys;
  for (;;) {
    auto row = streams->step();
    if (!row) return fail("reading candles of " + path + ": " + row.error().message);
    if (!*row) break;
    auto tf = core::parse_timeframe(streams->column_text(1));
    if (!tf) return fail(path + ": candles with an unknown timeframe");
    keys.push_back({std::string(streams->column_text(0)), *tf});
  }
  for (const StreamKey& key : keys) {
    auto candles = store->candles(key.symbol, key.timeframe);
    if (!candles) return fail("reading candles of " + path + ": " + candles.error().message);
    out.candles[key] = std::move(*candles);
  }
  return true;
}

bool read_csv(const MigrateDataOptions& options, SourceData& out) {
  feed::CandleFileOptions csv_options;
  if (!options.timeframe.empty()) {
    auto tf = core::parse_timeframe(options.timeframe);
    if (!tf) return fail("--timeframe " + options.timeframe + ": unknown timeframe");
    csv_options.timeframe = *tf;
  }
  feed::CandleFileResult file = feed::read_candle_file(options.from, csv_options);
  if (!file.ok()) return fail(*file.error);
  const std::string symbol = !options.symbol.empty() ? options.symbol : file.symbol.str();
  if (symbol.empty()) return fail(options.from + ": the file name names no symbol: pass --symbol");
  if (!file.timeframe) return fail(options.from + ": no timeframe: pass --timeframe");
  if (file.stats.rows_rejected() > 0) {
    std::fprintf(stderr, "warning: %s: %zu invalid rows skipped\n", options.from.c_str(),
                 file.stats.rows_rejected());
  }
  out.candles[{symbol, *file.timeframe}] = std::move(file.candles);
  return true;
}

template <typename Store>
int write_all(Store& dest, const SourceData& data, const std::string& shown_to) {
  auto migrated = dest.migrate();
  if (!migrated) return fail("setting up " + shown_to + ": " + migrated.error().message);
  TableCounts signals, regimes, candles;

  for (std::size_t first = 0; first < data.signals.size(); first += kBatchRows) {
    const std::size_t n = std::min(kBatchRows, data.signals.size() - first);
    auto inserted = dest.insert_signals({data.signals.data() + first, n});
    if (!inserted) return exit_failure("writing signals: " + inserted.error().message);
    signals.read += n;
    signals.inserted += *inserted;
  }
  for (const auto& [key, changes] : data.regimes) {
    auto inserted = dest.insert_regime_changes(key.symbol, key.timeframe, changes);
    if (!inserted) return exit_failure("writing market_regimes: " + inserted.error().message);
    regimes.read += changes.size();
    regimes.inserted += *inserted;
  }
  for (const auto& [key, source] : data.candles) {
    // Only candles the destination does not hold: stored rows are never overwritten.
    auto existing = dest.candles(key.symbol, key.timeframe);
    if (!existing)
      return exit_failure("reading candles of " + shown_to + ": " + existing.error().message);
    std::unordered_set<std::int64_t> stored;
    for (const core::Candle& c : *existing) stored.insert(c.open_time.ms);
    std::vector<core::Candle> fresh;
    for (const core::Candle& c : source) {
      if (stored.insert(c.open_time.ms).second) fresh.push_back(c);
    }
    for (std::size_t first = 0; first < fresh.size(); first += kBatchRows) {
      const std::size_t n = std::min(kBatchRows, fresh.size() - first);
      auto written = dest.upsert_candles(key.symbol, key.timeframe, {fresh.data() + first, n});
      if (!written) return exit_failure("writing candles: " + written.error().message);
    }
    candles.read += source.size();
    candles.inserted += fresh.size();
  }

  auto print = [](const char* table, const TableCounts& c) {
    std::printf("%-15s read %zu inserted %zu skipped %zu\n", table, c.read, c.inserted,
                c.skipped());
  };
  if (data.has_signals_and_regimes) {
    print("signals", signals);
    print("market_regimes", regimes);
  }
  print("candles", candles);
  return 0;
}

}  // namespace

int run_migrate_data(const MigrateDataOptions& options) {
  SourceData data;
  if (options.from.starts_with("sqlite://")) {
    if (!read_sqlite(options.from, data)) return 1;
  } else if (store::is_postgres_url(options.from)) {
    std::fprintf(stderr,
                 "error: --from: PostgreSQL sources are not supported; use sqlite:///path.db or a "
                 "CSV file\n");
    return 2;
  } else {
    if (!read_csv(options, data)) return 1;
  }

  const std::string shown_to = shown_database_url(options.to);
  std::printf("migrate-data %s -> %s\n", shown_database_url(options.from).c_str(),
              shown_to.c_str());
  if (store::is_postgres_url(options.to)) {
    auto dest = store::PgStore::open(options.to);
    if (!dest) return exit_failure(dest.error().message);
    return write_all(*dest, data, shown_to);
  }
  if (options.to.starts_with("sqlite://")) {
    if (options.from.starts_with("sqlite://") &&
        std::filesystem::weakly_canonical(sqlite_url_path(options.from)) ==
            std::filesystem::weakly_canonical(sqlite_url_path(options.to))) {
      std::fprintf(stderr, "error: --from and --to are the same database\n");
      return 2;
    }
    auto dest = store::SqliteStore::open(sqlite_url_path(options.to));
    if (!dest) return exit_failure(dest.error().message);
    return write_all(*dest, data, shown_to);
  }
  std::fprintf(stderr, "error: --to %s: expected postgresql://... or sqlite:///path.db\n",
               shown_to.c_str());
  return 2;
}

}  // namespace alphapulse::app
