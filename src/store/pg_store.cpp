// store/pg_store: see pg_store.hpp.
#include "store/pg_store.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/time.hpp"
#include "evaluation/interned_names.hpp"
#include "store/named_values_json.hpp"
#include "store/shared_queries.hpp"

namespace alphapulse::store {
namespace {

// pg_advisory_lock key of the migration runner ("AlPu" in ASCII): one runner at a time.
constexpr std::int64_t kMigrationLockKey = 0x416C5075;

constexpr int kSignalInsertColumns = 22;  // ALPHAPULSE_SIGNAL_COLUMNS + created_at

constexpr std::string_view kInsertSignalHead =
    "INSERT INTO signals (signal_id, symbol, timeframe, direction, confidence, entry_price, "
    "tp1, tp2, tp3, tp4, stop_loss, risk_reward_ratio, pattern_type, volume_confirmation, "
    "trend_alignment, market_regime, indicators, validation_metrics, timestamp, outcome, "
    "candle_open_time_ms, created_at) VALUES ";
constexpr std::string_view kInsertSignalTail = " ON CONFLICT (signal_id) DO NOTHING";

constexpr int kRegimeInsertColumns = 8;
constexpr std::string_view kInsertRegimeHead =
    "INSERT INTO market_regimes (symbol, timeframe, regime_type, confidence, duration_candles, "
    "metrics, candle_time_ms, detected_at) VALUES ";
constexpr std::string_view kInsertRegimeTail =
    " ON CONFLICT (symbol, timeframe, candle_time_ms) DO NOTHING";

constexpr int kCandleInsertColumns = 13;
constexpr std::string_view kUpsertCandleHead =
    "INSERT INTO candles (symbol, timeframe, open_time_ms, close_time_ms, open, high, low, close, "
    "volume, quote_volume, trades, taker_buy_base_volume, taker_buy_quote_volume) VALUES ";
// The WHERE skips rows identical to the stored ones: no dead tuple, and not counted.
constexpr std::string_view kUpsertCandleTail =
    " ON CONFLICT (symbol, timeframe, open_time_ms) DO UPDATE SET "
    "close_time_ms = excluded.close_time_ms, open = excluded.open, high = excluded.high, "
    "low = excluded.low, close = excluded.close, volume = excluded.volume, "
    "quote_volume = excluded.quote_volume, trades = excluded.trades, "
    "taker_buy_base_volume = excluded.taker_buy_base_volume, "
    "taker_buy_quote_volume = excluded.taker_buy_quote_volume "
    "WHERE (candles.close_time_ms, candles.open, candles.high, candles.low, candles.close, "
    "candles.volume, candles.quote_volume, candles.trades, candles.taker_buy_base_volume, "
    "candles.taker_buy_quote_volume) IS DISTINCT FROM (excluded.close_time_ms, excluded.open, "
    "excluded.high, excluded.low, excluded.close, excluded.volume, excluded.quote_volume, "
    "excluded.trades, excluded.taker_buy_base_volume, excluded.taker_buy_quote_volume)";

constexpr auto kInsertMetrics = sql::for_postgres(sql::kInsertMetrics);
constexpr auto kUpdateOutcome = sql::for_postgres(sql::kUpdateOutcome);
constexpr auto kRecentSignals = sql::for_postgres(sql::kRecentSignals);
constexpr auto kFindSignal = sql::for_postgres(sql::kFindSignal);
constexpr auto kPendingSignals = sql::for_postgres(sql::kPendingSignals);
constexpr auto kLatestRegimes = sql::for_postgres(sql::kLatestRegimes);
constexpr auto kCandles = sql::for_postgres(sql::kCandles);

// "INSERT ... VALUES " + "($1, ..., $n), (...)" for `rows` rows + tail.
std::string multi_row_sql(std::string_view head, std::string_view tail, std::size_t rows,
                          int columns) {
  std::string sql(head);
  sql.reserve(head.size() + tail.size() + rows * static_cast<std::size_t>(columns) * 7);
  int next = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int c = 0; c < columns; ++c) {
      if (c > 0) sql += ", ";
      sql += '$';
      sql += std::to_string(next++);
    }
    sql += ')';
  }
  sql += tail;
  return sql;
}

Error bad_column(std::string_view table, std::string_view column, std::string_view value) {
  return Error{0, std::string(table) + "." + std::string(column) + ": unreadable value '" +
                      std::string(value) + "'"};
}

// NULL reads back as NaN (what a NaN was stored as).
double read_double(const PgResult& r, int row, int column) {
  if (r.is_null(row, column)) return std::numeric_limits<double>::quiet_NaN();
  const std::string_view text = r.text(row, column);
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  double value = std::numeric_limits<double>::quiet_NaN();
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::int64_t read_int64(const PgResult& r, int row, int column) {
  const std::string_view text = r.text(row, column);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool read_bool(const PgResult& r, int row, int column) {
  return r.text(row, column) == "t";
}

Result<core::Signal> read_signal(const PgResult& r, int row) {
  core::Signal signal;
  signal.signal_id.assign(r.text(row, 0));
  signal.symbol.assign(r.text(row, 1));
  auto tf = core::parse_timeframe(r.text(row, 2));
  if (!tf) return bad_column("signals", "timeframe", r.text(row, 2));
  signal.timeframe = *tf;
  auto direction = core::parse_direction(r.text(row, 3));
  if (!direction) return bad_column("signals", "direction", r.text(row, 3));
  signal.direction = *direction;
  signal.confidence = read_double(r, row, 4);
  signal.entry_price = read_double(r, row, 5);
  for (int k = 0; k < 4; ++k) {
    signal.take_profits[static_cast<std::size_t>(k)] = read_double(r, row, 6 + k);
  }
  signal.stop_loss = read_double(r, row, 10);
  signal.risk_reward_ratio = read_double(r, row, 11);
  signal.pattern_type = evaluation::intern_name(r.text(row, 12));
  signal.volume_confirmation = read_bool(r, row, 13);
  signal.trend_alignment = read_bool(r, row, 14);
  auto regime = core::parse_market_regime(r.text(row, 15));
  if (!regime) return bad_column("signals", "market_regime", r.text(row, 15));
  signal.market_regime = *regime;
  if (auto st = named_values_from_json(r.text(row, 16), signal.indicators, "signals.indicators");
      !st) {
    return st.error();
  }
  if (auto st = named_values_from_json(r.text(row, 17), signal.validation_metrics,
                                       "signals.validation_metrics");
      !st) {
    return st.error();
  }
  auto timestamp = core::parse_iso8601(r.text(row, 18));
  if (!timestamp) return bad_column("signals", "timestamp", r.text(row, 18));
  signal.timestamp = *timestamp;
  auto outcome = core::parse_signal_outcome(r.text(row, 19));
  if (!outcome) return bad_column("signals", "outcome", r.text(row, 19));
  signal.outcome = *outcome;
  signal.candle_open_time = {read_int64(r, row, 20)};
  return signal;
}

void add_signal(PgParams& p, const core::Signal& signal, const std::string& created_at) {
  p.add(signal.signal_id.view());
  p.add(signal.symbol.view());
  p.add(core::to_string(signal.timeframe));
  p.add(core::to_string(signal.direction));
  p.add_double(signal.confidence);
  p.add_double(signal.entry_price);
  for (double tp : signal.take_profits) p.add_double(tp);
  p.add_double(signal.stop_loss);
  p.add_double(signal.risk_reward_ratio);
  p.add(signal.pattern_type);
  p.add(signal.volume_confirmation);
  p.add(signal.trend_alignment);
  p.add(core::to_string(signal.market_regime));
  p.add(std::string_view(named_values_to_json(signal.indicators)));
  p.add(std::string_view(named_values_to_json(signal.validation_metrics)));
  p.add(std::string_view(core::format_iso8601(signal.timestamp)));
  p.add(core::to_string(signal.outcome));
  p.add(signal.candle_open_time.ms);
  p.add(std::string_view(created_at));
}

std::size_t statements_for(std::size_t rows) {
  return (rows + kPgRowsPerStatement - 1) / kPgRowsPerStatement;
}

}  // namespace

Result<PgStore> PgStore::open(const std::string& url, PgStoreOptions options) {
  auto conn = PgConnection::connect(url, options.connect_timeout_seconds);
  if (!conn) return conn.error();
  return PgStore(std::move(*conn), options);
}

template <typename Body>
Status PgStore::write_transaction(std::size_t statements, Body&& body) {
  if (statements <= 1 || conn_.in_transaction()) return body();
  if (auto s = begin(); !s) return s;
  if (auto s = body(); !s) {
    rollback();
    return s;
  }
  return commit();
}

Status PgStore::begin() {
  return conn_.exec("BEGIN").status();
}
Status PgStore::commit() {
  return conn_.exec("COMMIT").status();
}
void PgStore::rollback() {
  if (conn_.in_transaction()) (void)conn_.exec("ROLLBACK");
}

// ---- migrations ----

Result<MigrationReport> PgStore::migrate() {
  auto migrations = embedded_migrations(Dialect::kPostgres);
  if (!migrations) return migrations.error();
  return migrate(*migrations);
}

Result<MigrationReport> PgStore::migrate(std::span<const Migration> migrations) {
  auto order = order_migrations(migrations);
  if (!order) return order.error();
  const std::vector<const Migration*>& ordered = *order;

  PgParams lock;
  lock.add(kMigrationLockKey);
  // Session lock: held across the per-migration transactions below; CREATE TABLE IF NOT
  // EXISTS is not safe against a concurrent twin without it.
  if (auto r = conn_.exec("SELECT pg_advisory_lock($1)", lock); !r) return r.error();
  auto unlock = [&] { (void)conn_.exec("SELECT pg_advisory_unlock($1)", lock); };

  MigrationReport report;
  auto run = [&]() -> Status {
    if (auto r = conn_.exec(kSchemaMigrationsTable); !r) return r.status();
    for (const Migration* m : ordered) {
      PgParams p;
      p.add(static_cast<std::int64_t>(m->version));
      auto recorded = conn_.exec("SELECT 1 FROM schema_migrations WHERE version = $1", p);
      if (!recorded) return recorded.status();
      if (recorded->rows() > 0) continue;
      auto fail = [&](const Error& e) {
        rollback();
        return Status(
            Error{0, "migration " + std::to_string(m->version) + "_" + m->name + ": " + e.message,
                  e.connection_lost});
      };
      if (auto s = begin(); !s) return fail(s.error());
      if (auto s = conn_.exec_script(m->sql, m->name); !s) return fail(s.error());
      PgParams row;
      row.add(static_cast<std::int64_t>(m->version));
      row.add(std::string_view(m->name));
      row.add(std::string_view(core::format_iso8601(options_.clock.now())));
      if (auto r = conn_.exec(
              "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", row);
          !r) {
        return fail(r.error());
      }
      if (auto s = commit(); !s) return fail(s.error());
      report.applied.push_back(m->version);
    }
    return {};
  };
  const Status status = run();
  unlock();
  if (!status) return status.error();
  auto all = applied_migrations();
  if (!all) return all.error();
  report.schema_version = all->empty() ? 0 : all->back().version;
  return report;
}

Result<std::vector<AppliedMigration>> PgStore::applied_migrations() {
  auto exists = conn_.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return exists.error();
  std::vector<AppliedMigration> out;
  if (exists->text(0, 0) != "t") return out;
  auto r = conn_.exec("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  if (!r) return r.error();
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back(AppliedMigration{static_cast<int>(read_int64(*r, i, 0)),
                                   std::string(r->text(i, 1)), std::string(r->text(i, 2))});
  }
  return out;
}

// ---- writes ----

Result<std::size_t> PgStore::insert_signals(std::span<const core::Signal> signals) {
  const std::string created_at = core::format_iso8601(options_.clock.now());
  std::size_t inserted = 0;
  auto status = write_transaction(statements_for(signals.size()), [&]() -> Status {
    for (std::size_t first = 0; first < signals.size(); first += kPgRowsPerStatement) {
      const std::size_t n = std::min(kPgRowsPerStatement, signals.size() - first);
      params_.clear();
      for (std::size_t i = first; i < first + n; ++i) add_signal(params_, signals[i], created_at);
      auto r = conn_.exec(
          multi_row_sql(kInsertSignalHead, kInsertSignalTail, n, kSignalInsertColumns), params_);
      if (!r) return r.status();
      inserted += r->affected();
    }
    return {};
  });
  if (!status) return status.error();
  return inserted;
}

Result<std::size_t> PgStore::insert_regime_changes(std::string_view symbol,
                                                   core::Timeframe timeframe,
                                                   std::span<const regime::RegimeChange> changes) {
  std::size_t inserted = 0;
  auto status = write_transaction(statements_for(changes.size()), [&]() -> Status {
    for (std::size_t first = 0; first < changes.size(); first += kPgRowsPerStatement) {
      const std::size_t n = std::min(kPgRowsPerStatement, changes.size() - first);
      params_.clear();
      for (std::size_t i = first; i < first + n; ++i) {
        const regime::RegimeChange& change = changes[i];
        params_.add(symbol);
        params_.add(core::to_string(timeframe));
        params_.add(core::to_string(change.regime_type));
        params_.add_double(change.confidence);
        params_.add(change.duration_candles);
        params_.add(std::string_view(regime_metrics_to_json(change.metrics)));
        params_.add(change.time.ms);
        // Detected when the candle closed: its close instant (deterministic under replay).
        params_.add(
            std::string_view(core::format_iso8601(change.time + core::duration(timeframe))));
      }
      auto r = conn_.exec(
          multi_row_sql(kInsertRegimeHead, kInsertRegimeTail, n, kRegimeInsertColumns), params_);
      if (!r) return r.status();
      inserted += r->affected();
    }
    return {};
  });
  if (!status) return status.error();
  return inserted;
}

Result<std::size_t> PgStore::upsert_candles(std::string_view symbol, core::Timeframe timeframe,
                                            std::span<const core::Candle> candles) {
  // ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: keep the last
  // candle of each open time (what row-by-row upserts would leave).
  std::vector<const core::Candle*> rows;
  rows.reserve(candles.size());
  std::unordered_map<std::int64_t, std::size_t> index_of_time;
  for (const core::Candle& c : candles) {
    auto [it, fresh] = index_of_time.try_emplace(c.open_time.ms, rows.size());
    if (fresh) {
      rows.push_back(&c);
    } else {
      rows[it->second] = &c;
    }
  }
  std::size_t written = 0;
  auto status = write_transaction(statements_for(rows.size()), [&]() -> Status {
    for (std::size_t first = 0; first < rows.size(); first += kPgRowsPerStatement) {
      const std::size_t n = std::min(kPgRowsPerStatement, rows.size() - first);
      params_.clear();
      for (std::size_t i = first; i < first + n; ++i) {
        const core::Candle& c = *rows[i];
        params_.add(symbol);
        params_.add(core::to_string(timeframe));
        params_.add(c.open_time.ms);
        params_.add(c.close_time.ms);
        params_.add_double(c.open);
        params_.add_double(c.high);
        params_.add_double(c.low);
        params_.add_double(c.close);
        params_.add_double(c.volume);
        if (c.has_exchange_extras) {
          params_.add_double(c.quote_volume);
          params_.add(c.trades);
          params_.add_double(c.taker_buy_base_volume);
          params_.add_double(c.taker_buy_quote_volume);
        } else {
          for (int k = 0; k < 4; ++k) params_.add_null();
        }
      }
      auto r = conn_.exec(
          multi_row_sql(kUpsertCandleHead, kUpsertCandleTail, n, kCandleInsertColumns), params_);
      if (!r) return r.status();
      written += r->affected();
    }
    return {};
  });
  if (!status) return status.error();
  return written;
}

Status PgStore::insert_performance_metrics(const PerformanceMetricsRow& row) {
  params_.clear();
  params_.add(std::string_view(core::format_iso8601(row.recorded_at)));
  params_.add_double(row.uptime_seconds);
  params_.add(row.total_signals);
  params_.add(row.candles_processed);
  params_.add_double(row.avg_latency_ms);
  params_.add_double(row.max_latency_ms);
  params_.add_double(row.min_latency_ms);
  params_.add_double(row.p50_latency_ms);
  params_.add_double(row.p99_latency_ms);
  params_.add_double(row.p999_latency_ms);
  params_.add_double(row.throughput_signals_sec);
  params_.add_double(row.target_latency_ms);
  params_.add(row.latency_target_met);
  params_.add(row.store_dropped);
  params_.add(row.store_errors);
  return conn_.exec(kInsertMetrics.view(), params_).status();
}

Result<bool> PgStore::update_outcome(std::string_view signal_id, core::SignalOutcome outcome,
                                     core::TimestampMs time) {
  params_.clear();
  params_.add(core::to_string(outcome));
  params_.add(std::string_view(core::format_iso8601(time)));
  params_.add(signal_id);
  auto r = conn_.exec(kUpdateOutcome.view(), params_);
  if (!r) return r.error();
  return r->affected() > 0;
}

// ---- reads ----

Result<std::vector<core::Signal>> PgStore::select_signals(std::string_view sql,
                                                          const PgParams& params) {
  auto r = conn_.exec(sql, params);
  if (!r) return r.error();
  std::vector<core::Signal> out;
  out.reserve(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    auto signal = read_signal(*r, i);
    if (!signal) return signal.error();
    out.push_back(*signal);
  }
  return out;
}

Result<std::vector<core::Signal>> PgStore::recent_signals(std::size_t limit) {
  params_.clear();
  params_.add(static_cast<std::int64_t>(limit));
  return select_signals(kRecentSignals.view(), params_);
}

Result<std::optional<core::Signal>> PgStore::find_signal(std::string_view signal_id) {
  params_.clear();
  params_.add(signal_id);
  auto rows = select_signals(kFindSignal.view(), params_);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<core::Signal>();
  return std::optional<core::Signal>(rows->front());
}

Result<std::int64_t> PgStore::count_signals() {
  auto r = conn_.exec("SELECT COUNT(*) FROM signals");
  if (!r) return r.error();
  return read_int64(*r, 0, 0);
}

Result<std::vector<core::Signal>> PgStore::pending_signals(std::string_view symbol,
                                                           core::Timeframe timeframe) {
  params_.clear();
  params_.add(symbol);
  params_.add(core::to_string(timeframe));
  return select_signals(kPendingSignals.view(), params_);
}

Result<std::vector<StoredRegime>> PgStore::latest_regimes() {
  auto r = conn_.exec(kLatestRegimes.view());
  if (!r) return r.error();
  std::vector<StoredRegime> out;
  for (int i = 0; i < r->rows(); ++i) {
    StoredRegime s;
    s.symbol.assign(r->text(i, 0));
    auto tf = core::parse_timeframe(r->text(i, 1));
    if (!tf) return bad_column("market_regimes", "timeframe", r->text(i, 1));
    s.timeframe = *tf;
    auto regime = core::parse_market_regime(r->text(i, 2));
    if (!regime) return bad_column("market_regimes", "regime_type", r->text(i, 2));
    s.change.regime_type = *regime;
    s.change.confidence = read_double(*r, i, 3);
    s.change.duration_candles = read_int64(*r, i, 4);
    if (auto st = regime_metrics_from_json(r->text(i, 5), s.change.metrics); !st) {
      return st.error();
    }
    s.change.time = {read_int64(*r, i, 6)};
    out.push_back(s);
  }
  return out;
}

Result<std::vector<core::Candle>> PgStore::candles(std::string_view symbol,
                                                   core::Timeframe timeframe) {
  params_.clear();
  params_.add(symbol);
  params_.add(core::to_string(timeframe));
  auto r = conn_.exec(kCandles.view(), params_);
  if (!r) return r.error();
  std::vector<core::Candle> out;
  out.reserve(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    core::Candle c;
    c.open_time = {read_int64(*r, i, 0)};
    c.close_time = {read_int64(*r, i, 1)};
    c.open = read_double(*r, i, 2);
    c.high = read_double(*r, i, 3);
    c.low = read_double(*r, i, 4);
    c.close = read_double(*r, i, 5);
    c.volume = read_double(*r, i, 6);
    c.has_exchange_extras = !r->is_null(i, 7);
    if (c.has_exchange_extras) {
      c.quote_volume = read_double(*r, i, 7);
      c.trades = read_int64(*r, i, 8);
      c.taker_buy_base_volume = read_double(*r, i, 9);
      c.taker_buy_quote_volume = read_double(*r, i, 10);
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace alphapulse::store
