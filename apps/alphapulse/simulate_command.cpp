// `alphapulse simulate --regimes`: writes labelled synthetic candles
// (open_time_ms,open,high,low,close,volume,regime) from regime/regime_generator, the series
// the regime detector is judged on. Deterministic for a seed.
#include <cstdio>
#include <fstream>
#include <iostream>

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
  const auto series = regime::generate_regime_series(series_options);

  if (options.out_path.empty()) return regime::write_labelled_csv(std::cout, series) ? 0 : 2;
  std::ofstream out(options.out_path);
  if (!out || !regime::write_labelled_csv(out, series)) {
    std::fprintf(stderr, "error: cannot write %s\n", options.out_path.c_str());
    return 2;
  }
  std::fprintf(stderr, "wrote %s (%zu candles, seed %llu)\n", options.out_path.c_str(),
               series.size(), options.seed);
  return 0;
}

}  // namespace alphapulse::app
