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

  CLI11_PARSE(app, argc, argv);
  if (indicators_cmd->parsed()) return alphapulse::app::run_indicators(indicators);
  return 0;
}
