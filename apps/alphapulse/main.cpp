// alphapulse: the command-line entry point. Subcommands live in *_command.cpp.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"AlphaPulse: real-time trading signal engine"};
  app.require_subcommand(1);

  alphapulse::app::IndicatorsOptions indicators;
  auto* indicators_cmd = app.add_subcommand(
      "indicators", "Compute the indicator set and candlestick patterns for a candle file");
  indicators_cmd->add_option("--data", indicators.data_path, "Candle CSV (project or Binance format)")
      ->required()
      ->check(CLI::ExistingFile);
  indicators_cmd->add_option("--out", indicators.out_path,
                             "Write one row per candle: open_time_ms, then the TA-Lib named columns");
  indicators_cmd->add_flag("--strict", indicators.strict,
                           "Stop at the first invalid row (default: skip, count and report)");

  alphapulse::app::RegimesOptions regimes;
  auto* regimes_cmd = app.add_subcommand("regimes", "Detect the market regime of every candle of a file");
  regimes_cmd->add_option("--data", regimes.data_path, "Candle CSV (project format, optional regime column)")
      ->required()
      ->check(CLI::ExistingFile);
  regimes_cmd->add_option("--out", regimes.out_path, "Write open_time_ms,regime,confidence per candle");

  alphapulse::app::SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand("simulate", "Generate synthetic candles");
  simulate_cmd->add_flag("--regimes", simulate.regimes, "Labelled regime segments (regime_synth.py's model)")
      ->required();
  simulate_cmd->add_option("--seed", simulate.seed, "Random seed")->capture_default_str();
  simulate_cmd->add_option("--candles", simulate.candles, "Number of candles")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  simulate_cmd->add_option("--timeframe", simulate.timeframe, "Candle interval (1m, 15m, 1h, ...)")
      ->capture_default_str();
  simulate_cmd->add_option("--start-price", simulate.start_price, "First open price")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  simulate_cmd->add_option("--base-vol", simulate.base_vol, "Base per-candle log-return volatility")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  simulate_cmd->add_flag("--fat-tails", simulate.fat_tails, "Student-t (df 4) noise instead of Gaussian");
  simulate_cmd->add_flag("--vol-clustering", simulate.vol_clustering, "GARCH(1,1)-like volatility clustering");
  simulate_cmd->add_option("--out", simulate.out_path, "Output CSV (default: stdout)");

  alphapulse::app::BacktestOptions backtest;
  auto* backtest_cmd = app.add_subcommand(
      "backtest", "Replay candle files through the signal pipeline and judge every signal");
  backtest_cmd->add_option("--data", backtest.data_paths, "Candle CSV(s) of one symbol and timeframe")
      ->required()
      ->check(CLI::ExistingFile);
  backtest_cmd->add_option("--symbol", backtest.symbol, "Exchange symbol, e.g. BTCUSDT (default: from the file name)");
  backtest_cmd->add_option("--timeframe", backtest.timeframe, "e.g. 15m (default: from the file name or the data)");
  backtest_cmd->add_option("--out", backtest.out_path, "Write the signals as JSON Lines (EVALUATION.md format)");
  backtest_cmd->add_option("--report", backtest.report_path, "Write a Markdown report");
  backtest_cmd->add_flag("--no-regime", backtest.no_regime, "Ablation: ignore the regime detector");
  backtest_cmd->add_option("--judge-from", backtest.judge_from,
                           "Walk-forward: figures only from this fraction of the candles on (0..1)")
      ->check(CLI::Range(0.0, 1.0));

  CLI11_PARSE(app, argc, argv);
  if (indicators_cmd->parsed()) return alphapulse::app::run_indicators(indicators);
  if (backtest_cmd->parsed()) return alphapulse::app::run_backtest(backtest);
  if (regimes_cmd->parsed()) return alphapulse::app::run_regimes(regimes);
  if (simulate_cmd->parsed()) return alphapulse::app::run_simulate(simulate);
  return 0;
}
