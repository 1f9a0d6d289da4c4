// `alphapulse simulate --regimes`: writes labelled synthetic candles
// (open_time_ms,open,high,low,close,volume,regime) from regime/regime_generator, the series
// the regime detector is judged on. Deterministic for a seed.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "core/timeframe.hpp"
#include "regime/regime_generator.hpp"

namespace alphapulse::app {

int run_simulate(const SimulateOptions& options) {
  const auto timeframe = core::parse_timeframe(options.timeframe);
  if (!timeframe) {
    std::fprintf(stderr, "error: unknown timeframe '%s'\n", options.timeframe.c_str());
    return 2;
  }
  regime::RegimeSeriesOptions series_options;
  series_options.seed = options.seed;
  series_options.candles = options.candles;
  series_options.timeframe = *timeframe;
  series_options.start_price = options.start_price;
  series_options.base_vol = options.base_vol;
  series_options.fat_tails = options.fat_tails;
  series_options.vol_clustering = options.vol_clustering;
  // Written while generated, so any length fits in constant memory.
  std::ofstream file;
  if (!options.out_path.empty()) {
    file.open(options.out_path);
    if (!file) {
      std::fprintf(stderr, "error: cannot write %s\n", options.out_path.c_str());
      return 2;
    }
  }
  std::ostream& out = options.out_path.empty() ? std::cout : file;
  regime::write_labelled_csv_header(out);
  std::string line;
  std::int64_t written = 0;
  regime::for_each_regime_candle(series_options, [&](const regime::LabelledCandle& c) {
    regime::write_labelled_csv_row(out, c, line);
    ++written;
    return static_cast<bool>(out);  // a full disk stops the generator; reported below
  });
  out.flush();
  if (!out) {
    std::fprintf(stderr, "error: writing %s failed after %lld candles\n",
                 options.out_path.empty() ? "standard output" : options.out_path.c_str(),
                 static_cast<long long>(written));
    return 2;
  }
  if (!options.out_path.empty()) {
    std::fprintf(stderr, "wrote %s (%lld candles, seed %llu)\n", options.out_path.c_str(),
                 static_cast<long long>(written), options.seed);
  }
  return 0;
}

}  // namespace alphapulse::app
