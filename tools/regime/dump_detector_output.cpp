// tools/regime/dump_detector_output: fingerprints of everything the detector computes per
// candle, to check that a speed change left the outputs bit-identical (docs/regime.md,
// "Speed"). For each test series (seeds FIRST.., base vol 0.003, the four fat-tail x clustering
// combinations) it runs a detector and, beside it, the feature step alone, and prints one line
// per series: FNV-1a hashes of the bits of (1) the feature vectors, (2) the network's logits,
// (3) the detector's state (regime, confidence, duration, metrics, changed) and filter
// posterior. Diff two runs' outputs: any differing line names the series.
//
//   dump_detector_output [--seeds 1 50] [--candles 20000] [--trace SEED]
//
// --trace SEED prints, instead, one line per candle of that seed's first series (no fat tails,
// no clustering): regime, confidence and the six logits as hex floats, to find the first
// differing candle.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "regime/regime_model_weights.hpp"
#include "series_sets.hpp"

using namespace alphapulse;
using namespace alphapulse::regime;

namespace {

constexpr RegimeNetworkKernel kKernel{kFittedRegimeNetwork};

// FNV-1a over raw bytes: any bit that differs changes the hash.
struct Fingerprint {
  std::uint64_t value = 1469598103934665603ull;
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) value = (value ^ bytes[i]) * 1099511628211ull;
  }
  template <typename T>
  void add_value(const T& v) {
    add(&v, sizeof v);
  }
};

void add_state(Fingerprint& f, const RegimeState& s) {
  f.add_value(static_cast<int>(s.regime));
  f.add_value(s.confidence);
  f.add_value(s.duration_candles);
  const RegimeMetrics& m = s.metrics;
  for (double v : {m.trend_t_statistic, m.efficiency_ratio, m.volatility_ratio, m.volume_ratio,
                   m.return_autocorrelation, m.range_ratio})
    f.add_value(v);
  f.add_value(s.changed);
}

}  // namespace

int main(int argc, char** argv) {
  tools::TestSeriesArgs args;
  auto& [first, count, candles] = args;
  std::uint64_t trace_seed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (tools::read_test_series_arg(argc, argv, i, args)) continue;
    if (a == "--trace" && i + 1 < argc) {
      trace_seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr,
                   "usage: dump_detector_output [--seeds FIRST COUNT] [--candles N] "
                   "[--trace SEED]\n");
      return 2;
    }
  }
  if (trace_seed > 0) {
    first = trace_seed;
    count = 1;
  }
  for (std::uint64_t s = first; s < first + count; ++s) {
    for (bool fat : {false, true}) {
      for (bool clustering : {false, true}) {
        const auto series =
            generate_regime_series(tools::test_options(s, candles, 0.003, fat, clustering));
        RegimeDetector detector;
        RegimeFeatures features;
        Fingerprint feature_print, logit_print, state_print;
        for (const auto& row : series) {
          detector.update(row.candle);
          const RegimeFeatures::Step step = features.prepare(row.candle);
          features.apply(step);
          feature_print.add(step.features.data(), sizeof step.features);
          const RegimeLogits logits = network_logits(kKernel, step.features);
          logit_print.add(logits.data(), sizeof logits);
          add_state(state_print, detector.state());
          const RegimeProbabilities& p = detector.probabilities();
          state_print.add(p.data(), sizeof p);
          if (trace_seed > 0) {
            std::printf("%d %a", static_cast<int>(detector.state().regime),
                        detector.state().confidence);
            for (float l : logits) std::printf(" %a", static_cast<double>(l));
            std::printf("\n");
          }
        }
        if (trace_seed > 0) return 0;
        std::printf(
            "seed %llu fat %d clustering %d features %016llx logits %016llx state %016llx\n",
            static_cast<unsigned long long>(s), fat ? 1 : 0, clustering ? 1 : 0,
            static_cast<unsigned long long>(feature_print.value),
            static_cast<unsigned long long>(logit_print.value),
            static_cast<unsigned long long>(state_print.value));
      }
    }
  }
  return 0;
}
