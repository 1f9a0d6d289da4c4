// tools/regime/count_detector_work: the fixed workload behind the instruction counts of
// docs/regime.md ("Speed"): the seed 7 series (20,000 candles, fat tails and clustering) is
// generated first, then run_detectors() runs two fresh detectors over it. Count only that
// function, so series generation is left out:
//
//   valgrind --tool=callgrind --toggle-collect='*run_detectors*'
//   build/release/src/regime/count_detector_work (instructions per update = total / 40,000)
//
// With --time PASSES it also times run_detectors PASSES times and prints the fastest pass's
// nanoseconds per update (wall clock; for back-to-back A/B runs of two builds, not a number
// to compare across machines or loads). With --streams N (after --time PASSES) it times N
// detectors updated in turn instead (each candle of the series goes to every detector, each
// detector starting at its own offset): the per-stream state then comes from further out in
// the cache hierarchy, as in a process following many symbols.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
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

// Each candle to every one of `detectors` in turn; returns the changes seen.
[[gnu::noinline]] int run_streams(const std::vector<LabelledCandle>& series,
                                  std::vector<RegimeDetector>& detectors) {
  int changes = 0;
  const std::size_t streams = detectors.size();
  for (std::size_t i = 0; i < series.size(); ++i) {
    for (std::size_t s = 0; s < streams; ++s) {
      detectors[s].update(series[(i + 97 * s) % series.size()].candle);
      changes += detectors[s].state().changed ? 1 : 0;
    }
  }
  return changes;
}

// The fastest of `passes` passes, in nanoseconds per update (`updates` per pass): each pass
// calls setup() untimed, then times run(), which returns the changes it saw (kept used).
template <typename Setup, typename Run>
double fastest_ns_per_update(int passes, double updates, Setup setup, Run run) {
  double fastest = 0;
  for (int pass = 0; pass < passes; ++pass) {
    setup();
    const auto start = std::chrono::steady_clock::now();
    const int changes = run();
    const std::chrono::duration<double, std::nano> elapsed =
        std::chrono::steady_clock::now() - start;
    const double per_update = elapsed.count() / updates;
    if (pass == 0 || per_update < fastest) fastest = per_update;
    if (changes < 0) std::abort();  // keeps the result used
  }
  return fastest;
}

int main(int argc, char** argv) {
  int passes = 0;
  std::size_t streams = 0;
  if (argc >= 3 && std::string(argv[1]) == "--time") passes = std::atoi(argv[2]);
  if (argc == 5 && std::string(argv[3]) == "--streams")
    streams = std::strtoull(argv[4], nullptr, 10);
  RegimeSeriesOptions options;
  options.seed = 7;
  options.candles = 20000;
  options.fat_tails = true;
  options.vol_clustering = true;
  const auto series = generate_regime_series(options);
  std::printf("changes %d over %zu candles, twice\n", run_detectors(series), series.size());
  const auto candles = static_cast<double>(series.size());
  if (streams > 0) {
    std::vector<RegimeDetector> detectors;
    const double fastest = fastest_ns_per_update(
        passes, static_cast<double>(streams) * candles,
        [&] { detectors.assign(streams, RegimeDetector{}); },  // fresh each pass
        [&] { return run_streams(series, detectors); });
    std::printf("%zu streams, fastest of %d passes: %.1f ns per update\n", streams, passes,
                fastest);
    return 0;
  }
  const double fastest = fastest_ns_per_update(
      passes, 2.0 * candles, [] {}, [&] { return run_detectors(series); });
  if (passes > 0) std::printf("fastest of %d passes: %.1f ns per update\n", passes, fastest);
  return 0;
}
