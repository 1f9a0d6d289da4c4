// alphapulse: the command-line entry point. Subcommands live in *_command.cpp.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "number_checks.hpp"

namespace {

int run_command_line(int argc, char** argv) {
  CLI::App app{"AlphaPulse: real-time trading signal engine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("alphapulse ") + ALPHAPULSE_VERSION);

  alphapulse::app::IndicatorsOptions indicators;
  auto* indicators_cmd = app.add_subcommand(
      "indicators", "Compute the indicator set and candlestick patterns for a candle file");
  indicators_cmd
      ->add_option("--data", indicators.data_path, "Candle CSV (project or Binance format)")
      ->required()
      ->check(CLI::ExistingFile);
  indicators_cmd->add_option(
      "--out", indicators.out_path,
      "Write one row per candle: open_time_ms, then the TA-Lib named columns");
  indicators_cmd->add_flag("--strict", indicators.strict,
                           "Stop at the first invalid row (default: skip, count and report)");

  alphapulse::app::RegimesOptions regimes;
  auto* regimes_cmd =
      app.add_subcommand("regimes", "Detect the market regime of every candle of a file");
  regimes_cmd
      ->add_option("--data", regimes.data_path,
                   "Candle CSV (project format, optional regime column)")
      ->required()
      ->check(CLI::ExistingFile);
  regimes_cmd->add_option("--out", regimes.out_path,
                          "Write open_time_ms,regime,confidence per candle");

  alphapulse::app::SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand("simulate", "Generate synthetic candles");
  simulate_cmd
      ->add_flag("--regimes", simulate.regimes,
                 "Labelled regime segments (regime_synth.py's model)")
      ->required();
  simulate_cmd->add_option("--seed", simulate.seed, "Random seed")->capture_default_str();
  simulate_cmd->add_option("--candles", simulate.candles, "Number of candles")
      ->capture_default_str()
      ->check(alphapulse::app::positive_number());
  simulate_cmd->add_option("--timeframe", simulate.timeframe, "Candle interval (1m, 15m, 1h, ...)")
      ->capture_default_str();
  simulate_cmd->add_option("--start-price", simulate.start_price, "First open price")
      ->capture_default_str()
      ->check(alphapulse::app::positive_number());
  simulate_cmd->add_option("--base-vol", simulate.base_vol, "Base per-candle log-return volatility")
      ->capture_default_str()
      ->check(alphapulse::app::positive_number());
  simulate_cmd->add_flag("--fat-tails", simulate.fat_tails,
                         "Student-t (df 4) noise instead of Gaussian");
  simulate_cmd->add_flag("--vol-clustering", simulate.vol_clustering,
                         "GARCH(1,1)-like volatility clustering");
  simulate_cmd->add_option("--out", simulate.out_path, "Output CSV (default: stdout)");

  alphapulse::app::BacktestOptions backtest;
  auto* backtest_cmd = app.add_subcommand(
      "backtest", "Replay candle files through the signal pipeline and judge every signal");
  backtest_cmd
      ->add_option("--data", backtest.data_paths,
                   "Candle CSV(s): pieces of one stream, or files of several symbols or timeframes "
                   "(several streams, judged together)")
      ->required()
      ->check(CLI::ExistingFile);
  backtest_cmd->add_option("--symbol", backtest.symbol,
                           "Exchange symbol, e.g. BTCUSDT (default: from the file name)");
  backtest_cmd->add_option("--timeframe", backtest.timeframe,
                           "e.g. 15m (default: from the file name or the data)");
  backtest_cmd->add_option("--out", backtest.out_path,
                           "Write the signals as JSON Lines (EVALUATION.md format)");
  backtest_cmd->add_option("--report", backtest.report_path, "Write a Markdown report");
  backtest_cmd->add_option(
      "--candidates-out", backtest.candidates_out_path,
      "Write every candidate of the judged span, accepted or rejected, as JSON Lines: the signal "
      "it would have been with its outcome, \"accepted\" and \"rejection_reason\"");
  backtest_cmd->add_flag("--no-regime", backtest.no_regime, "Ablation: ignore the regime detector");
  bool backtest_ml = false;
  auto* backtest_ml_flag = backtest_cmd->add_flag(
      "--ml,!--no-ml", backtest_ml,
      "The model stage on (--ml) or off (--no-ml: the decisions without the learned score); "
      "default: the settings' enable_ml (off)");
  backtest_cmd->add_option("--env-file", backtest.env_file,
                           "A .env file of settings (default: ./.env when present)");
  backtest_cmd->add_option("--config", backtest.config_file,
                           "A TOML file of settings, as `run` reads it (the strategy's keys: "
                           "docs/strategy.md, \"Settings\")");
  std::vector<std::string> backtest_sets;
  backtest_cmd->add_option("--set", backtest_sets,
                           "KEY=VALUE: one setting, e.g. take_profit_r=1,2,3,5");
  backtest_cmd
      ->add_option("--ml-margin", backtest.ml_margin,
                   "Model gate: reject when P(win) < running win rate + this (design-span tuning)")
      ->check(alphapulse::app::finite_number(-1, 1, true, "a finite number above -1, at most 1"));
  backtest_cmd
      ->add_option("--ml-learning-rate", backtest.ml_learning_rate, "Model SGD step (0: default)")
      ->check(alphapulse::app::finite_number(0, HUGE_VAL, false, "a finite number from 0 up"));
  backtest_cmd->add_option("--ml-warmup", backtest.ml_warmup,
                           "Outcomes learned before the model may reject");
  backtest_cmd->add_option(
      "--ml-learn-from-hard", backtest.ml_learn_from_hard,
      "1: the model learns from every candidate; 0: only from those past the hard rules");
  std::string backtest_judge_from = "0";
  backtest_cmd
      ->add_option("--judge-from", backtest_judge_from,
                   "Walk-forward: figures only from this fraction of the candles on (0..1), or "
                   "from this UTC date on (2024-01-01 or 2024-01-01T12:00:00Z)")
      ->check(alphapulse::app::fraction_or_date());
  std::string backtest_judge_to;  // empty: to the end
  backtest_cmd
      ->add_option("--judge-to", backtest_judge_to,
                   "Figures only from candles before this fraction of the candles (0..1), or "
                   "opening before this UTC date (2024-01-01 or 2024-01-01T12:00:00Z); later "
                   "candles still finish the judged signals' walks")
      ->check(alphapulse::app::fraction_or_date());

  alphapulse::app::WalkForwardOptions walk_forward;
  auto* walk_forward_cmd = app.add_subcommand(
      "walkforward",
      "Walk-forward with re-selection: before each fold, trade the trial that did best on the "
      "candles before it");
  walk_forward_cmd
      ->add_option("--data", walk_forward.data_paths,
                   "Candle CSV(s): one stream, or several (folds of calendar time, pooled choices)")
      ->required()
      ->check(CLI::ExistingFile);
  walk_forward_cmd->add_option("--symbol", walk_forward.symbol,
                               "Exchange symbol (default: from the file name)");
  walk_forward_cmd->add_option("--timeframe", walk_forward.timeframe,
                               "e.g. 15m (default: from the file name or the data)");
  walk_forward_cmd
      ->add_option("--try", walk_forward.trials,
                   "One trial: \"KEY=VALUE KEY=VALUE\" (the strategy's keys; \"\" is the "
                   "settings as configured); repeat for each, the first is the fallback")
      ->required();
  walk_forward_cmd->add_option("--folds", walk_forward.folds, "Folds of the judged span")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  std::string walk_forward_judge_from = "0.25";
  walk_forward_cmd
      ->add_option("--judge-from", walk_forward_judge_from,
                   "The first fold starts at this fraction of the candles (0..1), or at this UTC "
                   "date (2024-01-01 or 2024-01-01T12:00:00Z)")
      ->capture_default_str()
      ->check(alphapulse::app::fraction_or_date());
  std::string walk_forward_judge_to;  // empty: to the end
  walk_forward_cmd
      ->add_option("--judge-to", walk_forward_judge_to,
                   "The last fold ends before this fraction of the candles (0..1), or before this "
                   "UTC date; later candles only finish the kept signals' walks (a hold-out "
                   "after it stays unseen)")
      ->check(alphapulse::app::fraction_or_date());
  walk_forward_cmd
      ->add_option("--selection-candles", walk_forward.selection_candles,
                   "Choose on the last N candles before a fold (0: all of them, anchored)")
      ->capture_default_str();
  walk_forward_cmd
      ->add_option("--min-signals", walk_forward.min_signals,
                   "Judged signals a trial needs on the selection span to be chosen")
      ->capture_default_str();
  walk_forward_cmd->add_option("--out", walk_forward.out_path,
                               "Write the kept signals as JSON Lines (EVALUATION.md format)");
  walk_forward_cmd->add_option("--report", walk_forward.report_path, "Write a Markdown report");
  bool walk_forward_ml = false;
  auto* walk_forward_ml_flag =
      walk_forward_cmd->add_flag("--ml,!--no-ml", walk_forward_ml,
                                 "The model stage on or off for every trial (default: enable_ml)");
  walk_forward_cmd->add_option("--env-file", walk_forward.env_file,
                               "A .env file of settings (default: ./.env when present)");
  walk_forward_cmd->add_option("--config", walk_forward.config_file,
                               "A TOML file of settings common to every trial");
  std::vector<std::string> walk_forward_sets;
  walk_forward_cmd->add_option("--set", walk_forward_sets,
                               "KEY=VALUE: a setting common to every trial");

  alphapulse::app::RunOptions run;
  std::string run_symbols, run_timeframes, run_exchange, run_exchange_url, run_database_url,
      run_redis_url, run_signals_out, run_speed, run_faults, run_data_dir, run_log_level,
      run_warmup, run_latency, run_decision_threads, run_decision_cpu;
  bool run_exit_at_end = false;
  bool run_busy_poll = false;
  auto* run_cmd =
      app.add_subcommand("run", "Run the engine: the simulator by default, or live Binance");
  run_cmd->add_option("--env-file", run.env_file, "A .env file (default: ./.env when present)");
  run_cmd->add_option("--config", run.config_file, "A TOML file of settings");
  std::vector<std::string> run_sets;
  run_cmd->add_option("--set", run_sets, "KEY=VALUE: one setting, e.g. stop_min_atr=1.5");
  run_cmd->add_option("--exchange", run_exchange, "simulator (default) or binance");
  run_cmd->add_option("--exchange-url", run_exchange_url,
                      "Any Binance-compatible endpoint: http://HOST:PORT");
  run_cmd->add_option("--symbols", run_symbols, "e.g. BTCUSDT,ETHUSDT");
  run_cmd->add_option("--timeframes", run_timeframes, "e.g. 1m,15m,1h");
  run_cmd->add_option("--database-url", run_database_url, "sqlite:///alphapulse.db (default)");
  run_cmd->add_option("--redis-url", run_redis_url, "redis://HOST:PORT (optional)");
  run_cmd->add_option("--signals-out", run_signals_out, "Also write signals as JSON Lines");
  run_cmd->add_option("--sim-speed", run_speed,
                      "Simulator speed: a multiple of real time, or max (default)");
  run_cmd->add_option("--sim-faults", run_faults,
                      "Simulator faults, e.g. drop=0.01,duplicate=0.01");
  run_cmd->add_option("--sim-data-dir", run_data_dir,
                      "Simulator data (SYMBOL_TF.csv files; default data/sample)");
  run_cmd->add_option("--warmup-candles", run_warmup,
                      "History fetched by REST before streaming (default 1000)");
  run_cmd->add_option("--decision-threads", run_decision_threads,
                      "feed (default: decide on the feed's thread) or N worker threads");
  run_cmd->add_option("--decision-cpu", run_decision_cpu,
                      "Pin the deciding thread to this CPU; other threads keep off it (-1: no)");
  run_cmd->add_flag("--busy-poll", run_busy_poll,
                    "The deciding feed thread polls instead of sleeping (a CPU at 100%)");
  run_cmd->add_option("--target-latency-ms", run_latency, "Latency target (default 50)");
  run_cmd->add_option("--log-level", run_log_level, "trace|debug|info|warn|error");
  run_cmd->add_flag("--exit-at-end", run_exit_at_end,
                    "Stop once the simulator's data is exhausted and flushed");

  alphapulse::app::ExchangeSimOptions exchange_sim;
  auto* exchange_sim_cmd = app.add_subcommand(
      "exchange-sim",
      "Serve candle files as a Binance-compatible REST + WebSocket exchange on 127.0.0.1");
  exchange_sim_cmd
      ->add_option("--data-dir", exchange_sim.data_dir, "Directory of SYMBOL_TIMEFRAME.csv files")
      ->required()
      ->check(CLI::ExistingDirectory);
  exchange_sim_cmd->add_option("--port", exchange_sim.port, "Port on 127.0.0.1 (0: any free port)")
      ->capture_default_str();
  exchange_sim_cmd
      ->add_option("--speed", exchange_sim.speed, "Simulated time per real time, or max")
      ->capture_default_str();
  exchange_sim_cmd->add_option(
      "--faults", exchange_sim.faults,
      "e.g. disconnect_every=500,drop=0.01,duplicate=0.01,reorder=0.01,malformed=0.001,"
      "rest_429=0.05,stall_ms=2000");
  exchange_sim_cmd
      ->add_option("--start-index", exchange_sim.start_index,
                   "The clock starts at this candle's open time (history for REST warm-up)")
      ->capture_default_str();
  exchange_sim_cmd->add_option("--seed", exchange_sim.seed, "Seed of the fault dice")
      ->capture_default_str();
  exchange_sim_cmd->add_option("--streams", exchange_sim.streams,
                               "Serve only these (BTCUSDT_15m, ...)");
  exchange_sim_cmd
      ->add_option("--ping-interval-ms", exchange_sim.ping_interval_ms, "WebSocket ping period")
      ->capture_default_str();
  exchange_sim_cmd
      ->add_option("--pong-timeout-ms", exchange_sim.pong_timeout_ms,
                   "Close after no pong this long")
      ->capture_default_str();
  exchange_sim_cmd->add_flag("--exit-when-exhausted", exchange_sim.exit_when_exhausted,
                             "Stop once every candle has been sent as closed");

  alphapulse::app::SetupDbOptions setup_db;
  auto* setup_db_cmd = app.add_subcommand(
      "setup-db", "Create or upgrade the database schema (SQLite or PostgreSQL)");
  setup_db_cmd->add_option(
      "--database-url", setup_db.database_url,
      "sqlite:///path or postgresql://... (default: DATABASE_URL, else sqlite:///alphapulse.db)");
  setup_db_cmd->add_option("--env-file", setup_db.env_file,
                           "A .env file (default: ./.env when present)");

  alphapulse::app::MigrateDataOptions migrate_data;
  auto* migrate_data_cmd = app.add_subcommand(
      "migrate-data",
      "Copy signals, regimes and candles into a database, skipping what it already holds");
  migrate_data_cmd
      ->add_option("--from", migrate_data.from, "sqlite:///path.db, or a candle CSV file")
      ->required();
  migrate_data_cmd->add_option("--to", migrate_data.to, "postgresql://... or sqlite:///path.db")
      ->required();
  migrate_data_cmd->add_option("--symbol", migrate_data.symbol,
                               "CSV source: symbol (default: from the file name)");
  migrate_data_cmd->add_option("--timeframe", migrate_data.timeframe,
                               "CSV source: timeframe (default: from the file name or the data)");

  // A mistyped command would otherwise only hear "A subcommand is required": name it, and the
  // commands there are.
  if (argc > 1 && argv[1][0] != '-') {
    std::string commands;
    bool known = false;
    for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || command->check_name(argv[1]);
      commands += (commands.empty() ? "" : ", ") + command->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "error: '%s' is not a command; the commands are %s (--help)\n", argv[1],
                   commands.c_str());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message (help on stdout, a bad argument on stderr) and has an exit code
    // per kind of error (105 for a value that fails its check, 106 for a missing one...): a
    // script wants one code for "you called it wrong", the 2 that every other refusal of this
    // program exits with (bad settings, unreadable data). --help and --version stay 0.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (run_cmd->parsed()) {
    if (!alphapulse::app::add_set_flags(run_sets, run.flags)) return 2;
    auto put = [&run](const char* key, const std::string& value) {
      if (!value.empty()) run.flags[key] = value;
    };
    put("symbols", run_symbols);
    put("timeframes", run_timeframes);
    put("exchange", run_exchange);
    put("exchange_url", run_exchange_url);
    put("database_url", run_database_url);
    put("redis_url", run_redis_url);
    put("signals_out", run_signals_out);
    put("sim_speed", run_speed);
    put("sim_faults", run_faults);
    put("sim_data_dir", run_data_dir);
    put("warmup_candles", run_warmup);
    put("target_latency_ms", run_latency);
    put("log_level", run_log_level);
    put("decision_threads", run_decision_threads);
    put("decision_cpu", run_decision_cpu);
    if (run_exit_at_end) run.flags["exit_at_end"] = "true";
    if (run_busy_poll) run.flags["busy_poll"] = "true";
    return alphapulse::app::run_engine(run);
  }
  if (indicators_cmd->parsed()) return alphapulse::app::run_indicators(indicators);
  if (backtest_cmd->parsed()) {
    if (backtest_ml_flag->count() > 0) backtest.ml = backtest_ml;
    if (!alphapulse::app::add_set_flags(backtest_sets, backtest.flags)) return 2;
    backtest.judge_from = *alphapulse::app::parse_span_bound(backtest_judge_from);  // checked
    if (!backtest_judge_to.empty())
      backtest.judge_to = alphapulse::app::parse_span_bound(backtest_judge_to);  // checked
    return alphapulse::app::run_backtest(backtest);
  }
  if (walk_forward_cmd->parsed()) {
    if (walk_forward_ml_flag->count() > 0) walk_forward.ml = walk_forward_ml;
    if (!alphapulse::app::add_set_flags(walk_forward_sets, walk_forward.flags)) return 2;
    walk_forward.judge_from = *alphapulse::app::parse_span_bound(walk_forward_judge_from);
    if (!walk_forward_judge_to.empty())
      walk_forward.judge_to = alphapulse::app::parse_span_bound(walk_forward_judge_to);
    return alphapulse::app::run_walk_forward(walk_forward);
  }
  if (regimes_cmd->parsed()) return alphapulse::app::run_regimes(regimes);
  if (simulate_cmd->parsed()) return alphapulse::app::run_simulate(simulate);
  if (exchange_sim_cmd->parsed()) return alphapulse::app::run_exchange_sim(exchange_sim);
  if (setup_db_cmd->parsed()) return alphapulse::app::run_setup_db(setup_db);
  if (migrate_data_cmd->parsed()) return alphapulse::app::run_migrate_data(migrate_data);
  return 0;
}

}  // namespace

// Every command reports its own errors; this catches what escapes one (an allocation failure, a
// library's exception), so that the process says what happened and exits 1 instead of aborting.
int main(int argc, char** argv) {
  try {
    return run_command_line(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error: unknown exception\n");
  }
  return 1;
}
