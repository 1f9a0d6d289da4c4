// tools/regime/count_detector_work: the fixed workload behind the instruction counts of
// docs/regime.md ("Speed"): the seed 7 series (20,000 candles, fat tails and clustering) is
// generated first, then run_detectors() runs two fresh detectors over it. Count only that
// function, so series generation is left out:
//
//   valgrind --tool=callgrind --toggle-collect='*run_detectors*'
//   build/release/src/regime/count_detector_work (instructions per update = total / 40,000)
#include <cstdio>
#include <vector>

#include "regime/regime_detector.hpp"
#include "regime/regime_generator.hpp"

using namespace alphapulse;
using namespace alphapulse::regime;

// Not inlined, so callgrind can toggle on it; returns a value so the work is not removed.
[[gnu::noinline]] int run_detectors(const std::vector<LabelledCandle>& series) {
  int changes = 0;
  for (int pass = 0; pass < 2; ++pass) {
    RegimeDetector detector;
    for (const auto& row : series) {
      detector.update(row.candle);
      changes += detector.state().changed ? 1 : 0;
    }
  }
  return changes;
}

int main() {
  RegimeSeriesOptions options;
  options.seed = 7;
  options.candles = 20000;
  options.fat_tails = true;
  options.vol_clustering = true;
  const auto series = generate_regime_series(options);
  std::printf("changes %d over %zu candles, twice\n", run_detectors(series), series.size());
  return 0;
}
