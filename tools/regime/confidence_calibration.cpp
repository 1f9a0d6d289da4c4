// tools/regime/confidence_calibration: is the detector's confidence a probability? For every
// candle the scoring rule counts (>= 20 candles into its labelled segment, detector ready), it
// bins a confidence of the reported regime and compares each bin's mean confidence with how
// often the reported regime was the true one (a reliability table), with the expected
// calibration error (ECE: the bins' |mean confidence - accuracy| weighted by their candles) and
// the Brier score of the reported regime. Three confidences: the filter's posterior of the
// reported regime (the detector's `confidence` until session 16), the network's softmax
// probability of it (the candle's own evidence, without the filter's evidence weight), and the
// detector's `confidence` as built (the softmax since session 16: the two tables agree).
//
//   confidence_calibration [--seeds 1500 64] [--candles 20000]
// Default: the selection seeds (where the choice was made); --seeds 1 50: the test seeds.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "regime/regime_model_weights.hpp"
#include "series_sets.hpp"

using namespace alphapulse;
using namespace alphapulse::regime;

namespace {

constexpr RegimeNetworkKernel kKernel{kFittedRegimeNetwork};
constexpr double kBinEdges[] = {0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0000001};
constexpr int kBins = static_cast<int>(std::size(kBinEdges)) - 1;

struct Reliability {
  std::int64_t count[kBins]{};
  std::int64_t right[kBins]{};
  double confidence[kBins]{};
  double brier = 0;
  std::int64_t total = 0;

  void add(double p, bool correct) {
    int b = 0;
    while (b + 1 < kBins && p >= kBinEdges[b + 1]) ++b;
    ++count[b];
    right[b] += correct;
    confidence[b] += p;
    brier += (p - (correct ? 1.0 : 0.0)) * (p - (correct ? 1.0 : 0.0));
    ++total;
  }

  void print(const char* name) const {
    std::printf("%s\n| confidence | candles | mean confidence | accuracy |\n|---|---|---|---|\n",
                name);
    double ece = 0;
    for (int b = 0; b < kBins; ++b) {
      if (count[b] == 0) continue;
      const double n = static_cast<double>(count[b]);
      const double mean = confidence[b] / n, accuracy = static_cast<double>(right[b]) / n;
      ece += n / static_cast<double>(total) * std::fabs(mean - accuracy);
      std::printf("| %.3f-%.3f | %lld | %.4f | %.4f |\n", kBinEdges[b],
                  std::fmin(1.0, kBinEdges[b + 1]), static_cast<long long>(count[b]), mean,
                  accuracy);
    }
    std::printf("ECE %.4f, Brier %.4f over %lld candles\n\n", ece,
                brier / static_cast<double>(total), static_cast<long long>(total));
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t first = 1500, count = 64;
  std::int64_t candles = 20000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seeds" && i + 2 < argc) {
      first = std::strtoull(argv[++i], nullptr, 10);
      count = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--candles" && i + 1 < argc) {
      candles = std::strtoll(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: confidence_calibration [--seeds FIRST COUNT] [--candles N]\n");
      return 2;
    }
  }
  Reliability posterior, softmax, reported_confidence;
  // Seeds from 1000: the fitting tool's settings (the selection seeds); below: the test seeds'
  // series, base vol 0.003 and the four fat-tail x clustering combinations (evaluate_regimes').
  std::vector<RegimeSeriesOptions> all;
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    if (seed >= 1000) {
      all.push_back(tools::training_options(seed, candles));
      continue;
    }
    for (const bool fat : {false, true}) {
      for (const bool clustering : {false, true}) {
        all.push_back(tools::test_options(seed, candles, 0.003, fat, clustering));
      }
    }
  }
  for (const RegimeSeriesOptions& options : all) {
    const auto series = generate_regime_series(options);
    RegimeDetector detector;
    RegimeFeatures features;
    int into_segment = 0;
    for (std::size_t i = 0; i < series.size(); ++i) {
      const auto& row = series[i];
      detector.update(row.candle);
      const RegimeFeatures::Step step = features.prepare(row.candle);
      features.apply(step);
      into_segment = i > 0 && series[i - 1].regime == row.regime ? into_segment + 1 : 0;
      if (!detector.ready() || into_segment < 20) continue;
      const RegimeLogits logits = network_logits(kKernel, step.features);
      const int reported = static_cast<int>(detector.state().regime);
      double top = logits[0];
      for (const float l : logits) top = std::fmax(top, l);
      double sum = 0;
      for (const float l : logits) sum += std::exp(l - top);
      const bool correct = detector.state().regime == row.regime;
      posterior.add(detector.probabilities()[reported], correct);
      softmax.add(std::exp(logits[reported] - top) / sum, correct);
      reported_confidence.add(detector.state().confidence, correct);
    }
  }
  std::printf("seeds %llu-%llu, %lld candles each\n\n", static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(first + count - 1), static_cast<long long>(candles));
  posterior.print("filter posterior of the reported regime (the confidence until session 16)");
  softmax.print("network softmax probability of the reported regime");
  reported_confidence.print("the detector's confidence");
  return 0;
}
