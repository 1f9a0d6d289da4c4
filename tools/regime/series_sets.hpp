// tools/regime/series_sets: the labelled series the regime model is fitted on and judged on,
// and the helper that runs a detector over one. Training seeds (1000-1999) and test seeds
// (1-999) never overlap.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "regime/random.hpp"
#include "regime/regime_detector.hpp"
#include "regime/regime_generator.hpp"
#include "regime/regime_scoring.hpp"

namespace alphapulse::regime::tools {

// Varied settings for a training seed: base volatility log-uniform over [0.0008, 0.012], start
// price log-uniform over [1e-4, 1e5], fat tails and clustering in all four combinations.
inline RegimeSeriesOptions training_options(std::uint64_t seed, std::int64_t candles) {
  RandomSource pick(seed * 7919 + 13);
  RegimeSeriesOptions o;
  o.seed = seed;
  o.candles = candles;
  o.base_vol = std::pow(10.0, pick.uniform(std::log10(0.0008), std::log10(0.012)));
  o.start_price = std::pow(10.0, pick.uniform(-4.0, 5.0));
  o.fat_tails = seed % 2 == 1;
  o.vol_clustering = (seed / 2) % 2 == 1;
  return o;
}

// The test-series arguments the tools over test seeds share: --seeds FIRST COUNT and
// --candles N.
struct TestSeriesArgs {
  std::uint64_t first = 1, count = 50;
  std::int64_t candles = 20000;
};
// Reads the one at argv[i] with its values (i moves past them) and returns true; false for any
// other argument, or one without its values, which is then the caller's.
inline bool read_test_series_arg(int argc, char** argv, int& i, TestSeriesArgs& args) {
  const std::string_view a = argv[i];
  if (a == "--seeds" && i + 2 < argc) {
    args.first = std::strtoull(argv[++i], nullptr, 10);
    args.count = std::strtoull(argv[++i], nullptr, 10);
    return true;
  }
  if (a == "--candles" && i + 1 < argc) {
    args.candles = std::strtoll(argv[++i], nullptr, 10);
    return true;
  }
  return false;
}

// Start price of a test seed: log-uniform over [1e-4, 1e5], from the seed.
inline double test_start_price(std::uint64_t seed) {
  RandomSource pick(seed * 104729 + 7);
  return std::pow(10.0, pick.uniform(-4.0, 5.0));
}

// A test seed's series with one base volatility and one kind of noise (the test tools' cells).
inline RegimeSeriesOptions test_options(std::uint64_t seed, std::int64_t candles, double base_vol,
                                        bool fat_tails, bool vol_clustering) {
  RegimeSeriesOptions o;
  o.seed = seed;
  o.candles = candles;
  o.base_vol = base_vol;
  o.start_price = test_start_price(seed);
  o.fat_tails = fat_tails;
  o.vol_clustering = vol_clustering;
  return o;
}

inline std::vector<core::MarketRegime> labels_of(const std::vector<LabelledCandle>& series) {
  std::vector<core::MarketRegime> labels;
  labels.reserve(series.size());
  for (const auto& row : series) labels.push_back(row.regime);
  return labels;
}

inline std::vector<core::MarketRegime> detect(const std::vector<LabelledCandle>& series,
                                              const RegimeFilterParams* params = nullptr) {
  RegimeDetector detector = params ? RegimeDetector(*params) : RegimeDetector();
  std::vector<core::MarketRegime> out;
  out.reserve(series.size());
  for (const auto& row : series) {
    detector.update(row.candle);
    out.push_back(detector.state().regime);
  }
  return out;
}

inline void print_confusion(const RegimeScore& score) {
  std::printf("| truth \\ detected | bull | bear | weak | ranging | breakout | choppy |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (int a = 0; a < core::kMarketRegimeCount; ++a) {
    std::printf("| %s |", std::string(core::to_string(static_cast<core::MarketRegime>(a))).c_str());
    for (int b = 0; b < core::kMarketRegimeCount; ++b) {
      std::printf(" %lld |", static_cast<long long>(score.confusion[a][b]));
    }
    std::printf("\n");
  }
}

}  // namespace alphapulse::regime::tools
