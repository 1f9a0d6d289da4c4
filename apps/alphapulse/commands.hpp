// apps/alphapulse/commands: one function per subcommand; main.cpp only wires CLI11 to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace alphapulse::app {

// Where a judged span starts or ends (--judge-from, --judge-to): a fraction of a stream's
// candles, or an instant (the first candle opening at or after it). A trader thinks in dates;
// a protocol in fractions.
struct SpanBound {
  double fraction = 0;  // when `time` is unset
  std::optional<core::TimestampMs> time;
};

struct IndicatorsOptions {
  std::string data_path;
  std::string out_path;  // empty: summary only
  bool strict = false;   // stop at the first bad row instead of skipping it
};

// Returns the process exit code.
int run_indicators(const IndicatorsOptions& options);

struct BacktestOptions {
  std::vector<std::string> data_paths;  // merged in open-time order
  std::string symbol;                   // default: from the file name
  std::string timeframe;                // default: from the file name or the data
  std::string out_path;                 // signals, JSON Lines (EVALUATION.md format)
  std::string report_path;              // Markdown report
  std::string candidates_out_path;      // every candidate judged, accepted or rejected (JSONL)
  bool no_regime = false;               // treat every candle as weak_trend (ablation)
  // The settings' sources, as `alphapulse run` reads them (the strategy's knobs and stage
  // switches are what a backtest uses of them): .env, the environment, TOML, --set KEY=VALUE.
  std::string env_file;                      // default: ./.env when present
  std::string config_file;                   // TOML
  std::map<std::string, std::string> flags;  // --set KEY=VALUE (TOML keys)
  std::optional<bool> ml;                    // --ml / --no-ml; unset: the settings' enable_ml
  double ml_margin = -1;              // model gate: reject P(win) < win rate + margin; -1: default
  double ml_learning_rate = 0;        // 0: strategy::ModelSettings' default
  int ml_warmup = -1;                 // -1: strategy::ModelSettings' default
  int ml_learn_from_hard = -1;        // 0/1: learn from hard-rejected candidates; -1: default
  SpanBound judge_from;               // judge only candles from this bound on,
  std::optional<SpanBound> judge_to;  // and before this one (unset: to the end)
};
int run_backtest(const BacktestOptions& options);

// `alphapulse walkforward`: the judged span cut into folds, a setting chosen before each fold
// from the trials by their figures on the candles before it only, the folds' signals judged
// together (walk_forward_command.cpp, evaluation/walk_forward).
struct WalkForwardOptions {
  // Files of one symbol and timeframe are pieces of one stream, merged as backtest's; files of
  // several make several streams, folded in calendar time with the choices pooled.
  std::vector<std::string> data_paths;
  std::string symbol;       // one stream only; default: from the file name
  std::string timeframe;    // one stream only; default: from the file name or the data
  std::string out_path;     // the kept signals, JSON Lines
  std::string report_path;  // Markdown report
  std::string env_file;     // settings common to every trial, as backtest's
  std::string config_file;  // TOML
  std::map<std::string, std::string> flags;  // --set KEY=VALUE
  std::optional<bool> ml;                    // --ml / --no-ml
  std::vector<std::string> trials;  // each "KEY=VALUE KEY=VALUE ..." ("": the settings as set)
  std::size_t folds = 4;
  SpanBound judge_from{0.25, {}};     // the first fold starts here,
  std::optional<SpanBound> judge_to;  // the last ends before this (unset: at the end of the data)
  std::size_t selection_candles = 0;  // one stream: 0 chooses on every candle before the fold
  std::size_t min_signals = 30;       // judged signals a trial needs on the selection span
};
int run_walk_forward(const WalkForwardOptions& options);

struct RunOptions {
  std::string env_file;                      // default: ./.env when present
  std::string config_file;                   // TOML
  std::map<std::string, std::string> flags;  // settings given on the command line (TOML keys)
};
int run_engine(const RunOptions& options);

// `alphapulse regimes`: market regime per candle (regime/regime_detector).
struct RegimesOptions {
  std::string data_path;
  std::string out_path;  // open_time_ms,regime,confidence; empty: summary only
};
int run_regimes(const RegimesOptions& options);

// `alphapulse simulate --regimes`: labelled synthetic candles (regime/regime_generator).
struct SimulateOptions {
  bool regimes = false;  // the only model so far; required
  unsigned long long seed = 1;
  long long candles = 20000;
  std::string timeframe = "15m";
  double start_price = 30000.0;
  double base_vol = 0.003;
  bool fat_tails = false;
  bool vol_clustering = false;
  std::string out_path;  // empty: stdout
};
int run_simulate(const SimulateOptions& options);

// `alphapulse exchange-sim`: Binance-compatible REST + WebSocket simulator (exchange_sim).
struct ExchangeSimOptions {
  std::string data_dir;              // SYMBOL_TIMEFRAME.csv files
  std::vector<std::string> streams;  // optional filter: BTCUSDT_15m or btcusdt@kline_15m
  std::uint16_t port = 0;            // 0: ephemeral (printed)
  std::string speed = "1";           // simulated/real time ratio, or "max"
  std::string faults;                // parse_fault_spec text
  std::size_t start_index = 500;
  std::uint64_t seed = 1;
  std::int64_t ping_interval_ms = 20000;
  std::int64_t pong_timeout_ms = 60000;
  bool exit_when_exhausted = false;
};
int run_exchange_sim(const ExchangeSimOptions& options);

// `alphapulse setup-db`: create or upgrade the schema of a SQLite or PostgreSQL database.
struct SetupDbOptions {
  std::string database_url;  // empty: DATABASE_URL from the environment / .env, else SQLite
  std::string env_file;      // default: ./.env when present
};
int run_setup_db(const SetupDbOptions& options);

// `alphapulse migrate-data`: copy signals, regimes and candles between databases, or candles
// from a CSV file, skipping what the destination already holds.
struct MigrateDataOptions {
  std::string from;       // sqlite:///path.db or a candle CSV file
  std::string to;         // postgresql://... or sqlite:///path.db
  std::string symbol;     // CSV: default from the file name
  std::string timeframe;  // CSV: default from the file name or the data
};
int run_migrate_data(const MigrateDataOptions& options);

// --set KEY=VALUE items into `flags`; false after printing what is malformed (run and backtest;
// configuration.cpp).
bool add_set_flags(const std::vector<std::string>& items,
                   std::map<std::string, std::string>& flags);

// Shared by setup-db and migrate-data (setup_db_command.cpp).
std::string sqlite_url_path(const std::string& url);     // sqlite:///a.db -> a.db
std::string shown_database_url(const std::string& url);  // password redacted
// `given`, else DATABASE_URL from the environment / .env / defaults; nullopt after printing
// configuration errors.
std::optional<std::string> resolve_database_url(const std::string& given,
                                                const std::string& env_file);

}  // namespace alphapulse::app
