// config/settings: everything `alphapulse run` can be told, as one plain struct with
// defaults and units in the names. Read from, in rising precedence: built-in defaults, a
// .env file, the process environment, a TOML file, command-line flags. Unknown keys (in .env
// and TOML) are rejected and every problem is reported at once, not one per run.
// Secrets (database passwords inside URLs, exchange keys) are never printed: see redacted().
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/market_regime.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::config {

enum class ExchangeMode : std::uint8_t {
  kSimulator,  // the in-process Binance-compatible simulator on loopback (the default)
  kBinance,    // live Binance market data
  kCustomUrl,  // any Binance-compatible endpoint serving REST and WebSocket on one port
};

// The strategy's knobs (docs/strategy.md, "Settings"): each unset one keeps the strategy's own
// default, so the defaults live in one place (strategy::PipelineSettings) and a configuration
// names only what it changes. `alphapulse run` and `alphapulse backtest` read them from the same
// sources, so a backtest decides as the live engine configured the same way would.
struct StrategyOverrides {
  std::optional<int> swing_lookback_candles;
  std::optional<double> swing_buffer_atr;
  std::optional<double> stop_min_atr;
  std::optional<double> stop_max_atr;
  std::optional<std::array<double, 4>> take_profit_r;  // TP1..TP4 in multiples of the risk R
  std::optional<double> target_filter_rate;
  std::optional<int> score_window_candidates;
  std::optional<int> cooldown_candles;
  std::optional<double> min_stop_distance_pct;  // 0: off
  // The regimes whose playbooks may trade (each at most once; never choppy, which has none).
  std::optional<std::vector<core::MarketRegime>> traded_regimes;
  // The quality score's weights: confluence, regime confidence, higher-timeframe fit, volume,
  // risk fit; each 0..1, together 1 (the score, and so the signal's confidence, stays 0..1).
  std::optional<std::array<double, 5>> score_weights;
};

struct Settings {
  ExchangeMode exchange = ExchangeMode::kSimulator;
  std::string exchange_url;  // for kCustomUrl: http://HOST:PORT
  std::vector<std::string> symbols = {"BTCUSDT"};
  std::vector<core::Timeframe> timeframes = {core::Timeframe::k15m};
  std::string database_url = "sqlite:///alphapulse.db";  // sqlite:///path or postgresql://...
  // The local SQLite journal (and outbox) used when database_url is PostgreSQL: every item
  // is committed here first, then delivered to PostgreSQL/Redis (docs/operations.md).
  // With a sqlite:// database_url that database is the journal.
  std::string journal_path = "alphapulse-journal.db";
  std::string redis_url;            // empty: no Redis
  double target_latency_ms = 50.0;  // the seed's target: < 50 ms per candle
  std::string log_level = "info";   // trace|debug|info|warn|error
  bool debug = false;
  bool enable_regime_detection = true;
  bool enable_ml = false;  // the model stage (docs/strategy.md, "Model"); off: see docs/results.md
  // Simulator (default mode) and replay.
  std::string sim_data_dir = "data/sample";
  double sim_speed = 0;    // multiple of real time; 0 = as fast as possible
  std::string sim_faults;  // e.g. "drop=0.01,duplicate=0.01"
  // One REST page (Binance's limit is 1,000 klines per request, weight 2 whatever the limit),
  // and the regime detector is 1-7 points less accurate between its 500th and 1,000th candle
  // than after (docs/regime.md, "Accuracy", by candle index): 500 until session 13.
  std::int64_t warmup_candles = 1000;
  std::string signals_out;   // JSONL file of emitted signals (EVALUATION.md format)
  bool exit_at_end = false;  // stop once the simulator's data is exhausted
  std::int64_t status_interval_ms = 2000;
  // Where candles are decided: 0 ("feed", the default) on the feed's network thread as each
  // frame is read (lowest latency: no hand-off, no wake-up); N: on N worker threads behind
  // queues (for many streams on many cores). docs/performance.md, "Live latency".
  std::int64_t decision_threads = 0;
  // >= 0: the deciding thread is pinned to this CPU and AlphaPulse's other threads keep off it
  // (fewer preemptions in a decision: p99.9 573 -> 104 us in the 300-stream benchmark on 2
  // cores). -1 (default): no pinning.
  int decision_cpu = -1;
  // The deciding thread (the feed's, decision_threads = feed) polls its sockets instead of
  // sleeping: its CPU stays at 100% and never idles into a slow, cache-cold wake-up. Use with
  // decision_cpu on a CPU nothing else needs. docs/performance.md, "Live latency".
  bool busy_poll = false;
  StrategyOverrides strategy;
  // Fees per side of notional that the backtest's returns pay (a trader's own fee tier; the live
  // engine records outcomes, not returns). Unset: EVALUATION.md's 0.1%
  // (evaluation::kFeeRatePerSide), the rate of every figure in docs/results.md.
  std::optional<double> fee_rate_per_side;
};

// One source's raw key/value pairs, as read (keys normalized to lower case).
using RawValues = std::map<std::string, std::string>;

struct LoadResult {
  Settings settings;
  std::vector<std::string> errors;   // empty when the configuration is usable
  std::vector<std::string> sources;  // where values came from, for the start-up log
  bool ok() const { return errors.empty(); }
};

struct LoadInputs {
  std::optional<std::string> dotenv_path = ".env";  // a missing default .env is not an error
  bool dotenv_required = false;                     // true when the user named the file
  std::optional<std::string> toml_path;
  RawValues flags;  // from the command line, keys as in TOML
  // The environment, injectable for tests; nullptr = the process environment.
  const std::map<std::string, std::string>* environment = nullptr;
};

LoadResult load_settings(const LoadInputs& inputs);

// The keys every source accepts (TOML / flag spelling; the environment and .env use the
// upper-case form, e.g. DATABASE_URL).
const std::vector<std::string>& known_keys();

// A URL with any password replaced by "***" (postgresql://user:***@host/db).
std::string redacted(const std::string& url);

}  // namespace alphapulse::config
