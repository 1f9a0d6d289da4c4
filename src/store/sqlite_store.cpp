// store/sqlite_store: see sqlite_store.hpp.
#include "store/sqlite_store.hpp"

#include "core/time.hpp"
#include "evaluation/interned_names.hpp"
#include "store/named_values_json.hpp"
#include "store/shared_queries.hpp"

namespace alphapulse::store {
namespace {

constexpr std::string_view kInsertSignal =
    "INSERT INTO signals (signal_id, symbol, timeframe, direction, confidence, entry_price, "
    "tp1, tp2, tp3, tp4, stop_loss, risk_reward_ratio, pattern_type, volume_confirmation, "
    "trend_alignment, market_regime, indicators, validation_metrics, timestamp, outcome, "
    "candle_open_time_ms, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22) ON CONFLICT (signal_id) DO NOTHING";

constexpr std::string_view kInsertRegime =
    "INSERT INTO market_regimes (symbol, timeframe, regime_type, confidence, duration_candles, "
    "metrics, candle_time_ms, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (symbol, timeframe, candle_time_ms) DO NOTHING";

constexpr std::string_view kUpsertCandle =
    "INSERT INTO candles (symbol, timeframe, open_time_ms, close_time_ms, open, high, low, close, "
    "volume, quote_volume, trades, taker_buy_base_volume, taker_buy_quote_volume) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "ON CONFLICT (symbol, timeframe, open_time_ms) DO UPDATE SET "
    "close_time_ms = excluded.close_time_ms, open = excluded.open, high = excluded.high, "
    "low = excluded.low, close = excluded.close, volume = excluded.volume, "
    "quote_volume = excluded.quote_volume, trades = excluded.trades, "
    "taker_buy_base_volume = excluded.taker_buy_base_volume, "
    "taker_buy_quote_volume = excluded.taker_buy_quote_volume";

constexpr std::string_view kFindCandle =
    "SELECT open_time_ms, close_time_ms, open, high, low, close, volume, quote_volume, trades, "
    "taker_buy_base_volume, taker_buy_quote_volume FROM candles "
    "WHERE symbol = ?1 AND timeframe = ?2 AND open_time_ms = ?3";
constexpr std::string_view kFindRegime =
    "SELECT symbol, timeframe, regime_type, confidence, duration_candles, metrics, "
    "candle_time_ms FROM market_regimes "
    "WHERE symbol = ?1 AND timeframe = ?2 AND candle_time_ms = ?3";

Error bad_column(std::string_view table, std::string_view column, std::string_view value) {
  return Error{0, std::string(table) + "." + std::string(column) + ": unreadable value '" +
                      std::string(value) + "'"};
}

// Reads a row selected with ALPHAPULSE_SIGNAL_COLUMNS.
Result<core::Signal> read_signal(const Statement& s) {
  core::Signal signal;
  signal.signal_id.assign(s.column_text(0));
  signal.symbol.assign(s.column_text(1));
  auto tf = core::parse_timeframe(s.column_text(2));
  if (!tf) return bad_column("signals", "timeframe", s.column_text(2));
  signal.timeframe = *tf;
  auto direction = core::parse_direction(s.column_text(3));
  if (!direction) return bad_column("signals", "direction", s.column_text(3));
  signal.direction = *direction;
  signal.confidence = s.column_double(4);
  signal.entry_price = s.column_double(5);
  for (int k = 0; k < 4; ++k)
    signal.take_profits[static_cast<std::size_t>(k)] = s.column_double(6 + k);
  signal.stop_loss = s.column_double(10);
  signal.risk_reward_ratio = s.column_double(11);
  signal.pattern_type = evaluation::intern_name(s.column_text(12));
  signal.volume_confirmation = s.column_int64(13) != 0;
  signal.trend_alignment = s.column_int64(14) != 0;
  auto regime = core::parse_market_regime(s.column_text(15));
  if (!regime) return bad_column("signals", "market_regime", s.column_text(15));
  signal.market_regime = *regime;
  if (auto st = named_values_from_json(s.column_text(16), signal.indicators, "signals.indicators");
      !st) {
    return st.error();
  }
  if (auto st = named_values_from_json(s.column_text(17), signal.validation_metrics,
                                       "signals.validation_metrics");
      !st) {
    return st.error();
  }
  auto timestamp = core::parse_iso8601(s.column_text(18));
  if (!timestamp) return bad_column("signals", "timestamp", s.column_text(18));
  signal.timestamp = *timestamp;
  auto outcome = core::parse_signal_outcome(s.column_text(19));
  if (!outcome) return bad_column("signals", "outcome", s.column_text(19));
  signal.outcome = *outcome;
  signal.candle_open_time = {s.column_int64(20)};
  return signal;
}

// Columns: symbol, timeframe, regime_type, confidence, duration_candles, metrics, candle_time_ms.
Result<StoredRegime> read_regime_row(const Statement& s) {
  StoredRegime r;
  r.symbol.assign(s.column_text(0));
  auto tf = core::parse_timeframe(s.column_text(1));
  if (!tf) return bad_column("market_regimes", "timeframe", s.column_text(1));
  r.timeframe = *tf;
  auto regime = core::parse_market_regime(s.column_text(2));
  if (!regime) return bad_column("market_regimes", "regime_type", s.column_text(2));
  r.change.regime_type = *regime;
  r.change.confidence = s.column_double(3);
  r.change.duration_candles = s.column_int64(4);
  if (auto st = regime_metrics_from_json(s.column_text(5), r.change.metrics); !st)
    return st.error();
  r.change.time = {s.column_int64(6)};
  return r;
}

// Columns: open_time_ms, close_time_ms, open, high, low, close, volume, quote_volume, trades,
// taker_buy_base_volume, taker_buy_quote_volume.
Result<core::Candle> read_candle_row(const Statement& s) {
  core::Candle c;
  c.open_time = {s.column_int64(0)};
  c.close_time = {s.column_int64(1)};
  c.open = s.column_double(2);
  c.high = s.column_double(3);
  c.low = s.column_double(4);
  c.close = s.column_double(5);
  c.volume = s.column_double(6);
  c.has_exchange_extras = !s.column_is_null(7);
  if (c.has_exchange_extras) {
    c.quote_volume = s.column_double(7);
    c.trades = s.column_int64(8);
    c.taker_buy_base_volume = s.column_double(9);
    c.taker_buy_quote_volume = s.column_double(10);
  }
  return c;
}

template <typename T, typename Read>
Result<std::vector<T>> read_all(Statement& stmt, Read&& read) {
  std::vector<T> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) {
      stmt.reset();
      return row.error();
    }
    if (!*row) break;
    auto item = read(stmt);
    if (!item) {
      stmt.reset();
      return item.error();
    }
    out.push_back(std::move(*item));
  }
  stmt.reset();
  return out;
}

}  // namespace

Result<SqliteStore> SqliteStore::open(const std::string& path, StoreOptions options) {
  auto db = Database::open(path);
  if (!db) return db.error();
  // journal_mode returns a row; exec ignores it. A read-only or unwritable location fails
  // here or at the first write, with the path in the message.
  const std::string pragmas =
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
      "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = " +
      std::to_string(options.busy_timeout_ms) + ";";
  if (auto s = db->exec(pragmas); !s) {
    return Error{s.error().sqlite_code, "cannot open database " + s.error().message};
  }
  // Touch the file so that an unwritable path is reported by open(), not by a later write.
  if (auto s = db->exec("BEGIN IMMEDIATE; COMMIT;"); !s) {
    return Error{s.error().sqlite_code, "cannot write database " + s.error().message};
  }
  return SqliteStore(std::move(*db), options);
}

Result<MigrationReport> SqliteStore::migrate() {
  auto migrations = embedded_migrations(Dialect::kSqlite);
  if (!migrations) return migrations.error();
  return migrate(*migrations);
}

Result<MigrationReport> SqliteStore::migrate(std::span<const Migration> migrations) {
  return apply_migrations(db_, migrations, options_.clock);
}

Result<std::vector<AppliedMigration>> SqliteStore::applied_migrations() {
  return store::applied_migrations(db_);
}

Result<Statement*> SqliteStore::statement(Statement& slot, std::string_view sql) {
  if (!slot.valid()) {
    auto prepared = db_.prepare(sql);
    if (!prepared) return prepared.error();
    slot = std::move(*prepared);
  }
  return &slot;
}

template <typename Body>
Status SqliteStore::write_transaction(Body&& body) {
  if (db_.in_transaction()) return body();
  if (auto s = begin(); !s) return s;
  if (auto s = body(); !s) {
    rollback();
    return s;
  }
  return commit();
}

Status SqliteStore::begin() {
  return db_.exec("BEGIN IMMEDIATE");
}
Status SqliteStore::commit() {
  return db_.exec("COMMIT");
}
void SqliteStore::rollback() {
  if (db_.in_transaction()) (void)db_.exec("ROLLBACK");
}

Result<std::size_t> SqliteStore::insert_signals(std::span<const core::Signal> signals) {
  auto stmt = statement(statements_.insert_signal, kInsertSignal);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  const std::string created_at = core::format_iso8601(options_.clock.now());
  std::size_t inserted = 0;
  auto status = write_transaction([&]() -> Status {
    for (const core::Signal& signal : signals) {
      s.bind(1, signal.signal_id.view());
      s.bind(2, signal.symbol.view());
      s.bind(3, core::to_string(signal.timeframe));
      s.bind(4, core::to_string(signal.direction));
      s.bind(5, signal.confidence);
      s.bind(6, signal.entry_price);
      for (int k = 0; k < 4; ++k) s.bind(7 + k, signal.take_profits[static_cast<std::size_t>(k)]);
      s.bind(11, signal.stop_loss);
      s.bind(12, signal.risk_reward_ratio);
      s.bind(13, signal.pattern_type);
      s.bind(14, signal.volume_confirmation);
      s.bind(15, signal.trend_alignment);
      s.bind(16, core::to_string(signal.market_regime));
      s.bind(17, std::string_view(named_values_to_json(signal.indicators)));
      s.bind(18, std::string_view(named_values_to_json(signal.validation_metrics)));
      s.bind(19, std::string_view(core::format_iso8601(signal.timestamp)));
      s.bind(20, core::to_string(signal.outcome));
      s.bind(21, signal.candle_open_time.ms);
      s.bind(22, std::string_view(created_at));
      if (auto st = s.run(); !st) return st;
      inserted += static_cast<std::size_t>(db_.changes());
    }
    return {};
  });
  if (!status) return status.error();
  return inserted;
}

Result<std::size_t> SqliteStore::insert_regime_changes(
    std::string_view symbol, core::Timeframe timeframe,
    std::span<const regime::RegimeChange> changes) {
  auto stmt = statement(statements_.insert_regime, kInsertRegime);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  std::size_t inserted = 0;
  auto status = write_transaction([&]() -> Status {
    for (const regime::RegimeChange& change : changes) {
      s.bind(1, symbol);
      s.bind(2, core::to_string(timeframe));
      s.bind(3, core::to_string(change.regime_type));
      s.bind(4, change.confidence);
      s.bind(5, change.duration_candles);
      s.bind(6, std::string_view(regime_metrics_to_json(change.metrics)));
      s.bind(7, change.time.ms);
      // Detected when the candle closed: its close instant (deterministic under replay).
      s.bind(8, std::string_view(core::format_iso8601(change.time + core::duration(timeframe))));
      if (auto st = s.run(); !st) return st;
      inserted += static_cast<std::size_t>(db_.changes());
    }
    return {};
  });
  if (!status) return status.error();
  return inserted;
}

Result<std::size_t> SqliteStore::upsert_candles(std::string_view symbol, core::Timeframe timeframe,
                                                std::span<const core::Candle> candles) {
  auto stmt = statement(statements_.upsert_candle, kUpsertCandle);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  std::size_t written = 0;
  auto status = write_transaction([&]() -> Status {
    for (const core::Candle& c : candles) {
      s.bind(1, symbol);
      s.bind(2, core::to_string(timeframe));
      s.bind(3, c.open_time.ms);
      s.bind(4, c.close_time.ms);
      s.bind(5, c.open);
      s.bind(6, c.high);
      s.bind(7, c.low);
      s.bind(8, c.close);
      s.bind(9, c.volume);
      if (c.has_exchange_extras) {
        s.bind(10, c.quote_volume);
        s.bind(11, c.trades);
        s.bind(12, c.taker_buy_base_volume);
        s.bind(13, c.taker_buy_quote_volume);
      }  // else left NULL (bindings are cleared after every run)
      if (auto st = s.run(); !st) return st;
      written += static_cast<std::size_t>(db_.changes());
    }
    return {};
  });
  if (!status) return status.error();
  return written;
}

Status SqliteStore::insert_performance_metrics(const PerformanceMetricsRow& row) {
  auto stmt = statement(statements_.insert_metrics, sql::kInsertMetrics);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  s.bind(1, std::string_view(core::format_iso8601(row.recorded_at)));
  s.bind(2, row.uptime_seconds);
  s.bind(3, row.total_signals);
  s.bind(4, row.candles_processed);
  s.bind(5, row.avg_latency_ms);
  s.bind(6, row.max_latency_ms);
  s.bind(7, row.min_latency_ms);
  s.bind(8, row.p50_latency_ms);
  s.bind(9, row.p99_latency_ms);
  s.bind(10, row.p999_latency_ms);
  s.bind(11, row.throughput_signals_sec);
  s.bind(12, row.target_latency_ms);
  s.bind(13, row.latency_target_met);
  s.bind(14, row.store_dropped);
  s.bind(15, row.store_errors);
  return s.run();
}

Result<bool> SqliteStore::update_outcome(std::string_view signal_id, core::SignalOutcome outcome,
                                         core::TimestampMs time) {
  auto stmt = statement(statements_.update_outcome, sql::kUpdateOutcome);
  if (!stmt) return stmt.error();
  Statement& s = **stmt;
  s.bind(1, core::to_string(outcome));
  s.bind(2, std::string_view(core::format_iso8601(time)));
  s.bind(3, signal_id);
  if (auto st = s.run(); !st) return st.error();
  return db_.changes() > 0;
}

Result<std::vector<core::Signal>> SqliteStore::recent_signals(std::size_t limit) {
  auto stmt = statement(statements_.recent_signals, sql::kRecentSignals);
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, static_cast<std::int64_t>(limit));
  return read_all<core::Signal>(**stmt, read_signal);
}

Result<std::optional<core::Signal>> SqliteStore::find_signal(std::string_view signal_id) {
  auto stmt = statement(statements_.find_signal, sql::kFindSignal);
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, signal_id);
  auto rows = read_all<core::Signal>(**stmt, read_signal);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<core::Signal>();
  return std::optional<core::Signal>(rows->front());
}

Result<std::int64_t> SqliteStore::count_signals() {
  auto stmt = statement(statements_.count_signals, "SELECT COUNT(*) FROM signals");
  if (!stmt) return stmt.error();
  auto rows = read_all<std::int64_t>(
      **stmt, [](const Statement& s) -> Result<std::int64_t> { return s.column_int64(0); });
  if (!rows) return rows.error();
  return rows->empty() ? 0 : rows->front();
}

Result<std::vector<core::Signal>> SqliteStore::pending_signals(std::string_view symbol,
                                                               core::Timeframe timeframe) {
  auto stmt = statement(statements_.pending_signals, sql::kPendingSignals);
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, symbol);
  (*stmt)->bind(2, core::to_string(timeframe));
  return read_all<core::Signal>(**stmt, read_signal);
}

Result<std::vector<StoredRegime>> SqliteStore::latest_regimes() {
  auto stmt = statement(statements_.latest_regimes, sql::kLatestRegimes);
  if (!stmt) return stmt.error();
  return read_all<StoredRegime>(**stmt, read_regime_row);
}

Result<std::vector<core::Candle>> SqliteStore::candles(std::string_view symbol,
                                                       core::Timeframe timeframe) {
  auto stmt = statement(statements_.candles, sql::kCandles);
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, symbol);
  (*stmt)->bind(2, core::to_string(timeframe));
  return read_all<core::Candle>(**stmt, read_candle_row);
}

Result<std::optional<regime::RegimeChange>> SqliteStore::find_regime_change(
    std::string_view symbol, core::Timeframe timeframe, core::TimestampMs candle_time) {
  auto stmt = statement(statements_.find_regime, kFindRegime);
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, symbol);
  (*stmt)->bind(2, core::to_string(timeframe));
  (*stmt)->bind(3, candle_time.ms);
  auto rows = read_all<StoredRegime>(**stmt, read_regime_row);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<regime::RegimeChange>();
  return std::optional<regime::RegimeChange>(rows->front().change);
}

Result<std::optional<core::Candle>> SqliteStore::find_candle(std::string_view symbol,
                                                             core::Timeframe timeframe,
                                                             core::TimestampMs open_time) {
  auto stmt = statement(statements_.find_candle, kFindCandle);
  if (!stmt) return stmt.error();
  (*stmt)->bind(1, symbol);
  (*stmt)->bind(2, core::to_string(timeframe));
  (*stmt)->bind(3, open_time.ms);
  auto rows = read_all<core::Candle>(**stmt, read_candle_row);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<core::Candle>();
  return std::optional<core::Candle>(rows->front());
}

}  // namespace alphapulse::store
