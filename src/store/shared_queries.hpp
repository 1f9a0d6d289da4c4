// store/shared_queries: the statements SqliteStore and PgStore run with the same text, written
// once in SQLite's numbered-parameter form (?1, ?2, ...) and turned into PostgreSQL's ($1, $2,
// ...) at compile time by for_postgres. Statements whose shape differs between the two (the
// multi-row inserts and upserts of PgStore) stay in each store.
#pragma once

#include <cstddef>
#include <string_view>

namespace alphapulse::store::sql {

// The columns every signal SELECT reads, in the order read_signal expects.
#define ALPHAPULSE_SIGNAL_COLUMNS                                                          \
  "signal_id, symbol, timeframe, direction, confidence, entry_price, tp1, tp2, tp3, tp4, " \
  "stop_loss, risk_reward_ratio, pattern_type, volume_confirmation, trend_alignment, "     \
  "market_regime, indicators, validation_metrics, timestamp, outcome, candle_open_time_ms"

inline constexpr char kInsertMetrics[] =
    "INSERT INTO performance_metrics (recorded_at, uptime_seconds, total_signals, "
    "candles_processed, avg_latency_ms, max_latency_ms, min_latency_ms, p50_latency_ms, "
    "p99_latency_ms, p999_latency_ms, throughput_signals_sec, target_latency_ms, "
    "latency_target_met, store_dropped, store_errors) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

inline constexpr char kUpdateOutcome[] =
    "UPDATE signals SET outcome = ?1, outcome_updated_at = ?2 WHERE signal_id = ?3";

inline constexpr char kRecentSignals[] =
    "SELECT " ALPHAPULSE_SIGNAL_COLUMNS
    " FROM signals ORDER BY candle_open_time_ms DESC, signal_id DESC LIMIT ?1";

inline constexpr char kFindSignal[] =
    "SELECT " ALPHAPULSE_SIGNAL_COLUMNS " FROM signals WHERE signal_id = ?1";

// outcome = 'pending' is a literal so that the planner can use the partial index.
inline constexpr char kPendingSignals[] =
    "SELECT " ALPHAPULSE_SIGNAL_COLUMNS
    " FROM signals WHERE symbol = ?1 AND timeframe = ?2 AND outcome = 'pending' "
    "ORDER BY candle_open_time_ms, signal_id";

inline constexpr char kLatestRegimes[] =
    "SELECT m.symbol, m.timeframe, m.regime_type, m.confidence, m.duration_candles, m.metrics, "
    "m.candle_time_ms FROM market_regimes m JOIN (SELECT symbol, timeframe, "
    "MAX(candle_time_ms) AS latest FROM market_regimes GROUP BY symbol, timeframe) l "
    "ON m.symbol = l.symbol AND m.timeframe = l.timeframe AND m.candle_time_ms = l.latest "
    "ORDER BY m.symbol, m.timeframe";

inline constexpr char kCandles[] =
    "SELECT open_time_ms, close_time_ms, open, high, low, close, volume, quote_volume, trades, "
    "taker_buy_base_volume, taker_buy_quote_volume FROM candles "
    "WHERE symbol = ?1 AND timeframe = ?2 ORDER BY open_time_ms";

// A statement's text with every ?N parameter spelled $N (the texts above use '?' for nothing
// else), in storage of the same length.
template <std::size_t N>
struct PostgresText {
  char text[N] = {};
  constexpr std::string_view view() const { return {text, N - 1}; }
};

template <std::size_t N>
consteval PostgresText<N> for_postgres(const char (&sqlite_text)[N]) {
  PostgresText<N> out;
  for (std::size_t i = 0; i < N; ++i) out.text[i] = sqlite_text[i] == '?' ? '$' : sqlite_text[i];
  return out;
}

}  // namespace alphapulse::store::sql
