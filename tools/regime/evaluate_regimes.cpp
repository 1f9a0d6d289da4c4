// tools/regime/evaluate_regimes: the accuracy table of docs/regime.md. For every cell
// (base vol x fat tails x vol clustering) runs the fitted detector over test seeds (never used
// in fitting; start price per seed log-uniform over 1e-4..1e5) and prints the mean accuracy
// under the scoring rule, then the confusion matrix of the worst cell.
//
//   evaluate_regimes [--seeds 1 50] [--candles 20000] [--base-vols 0.003]
//                    [--fat-tails no|yes] [--clustering no|yes]   (one kind of cell only)
//
// Also prints, over all cells, the accuracy by true regime and position in the segment (where
// the errors sit: just after a change, or deep inside a segment).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "series_sets.hpp"

using namespace alphapulse;
using namespace alphapulse::regime;

int main(int argc, char** argv) {
  tools::TestSeriesArgs args;
  const auto& [first, count, candles] = args;
  std::vector<double> base_vols = {0.001, 0.003, 0.01};
  std::vector<bool> fat_cells = {false, true}, clustering_cells = {false, true};
  const auto read_cells = [](const std::string& value, std::vector<bool>& cells) {
    if (value != "no" && value != "yes") return false;
    cells = {value == "yes"};
    return true;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (tools::read_test_series_arg(argc, argv, i, args)) continue;
    if (a == "--base-vols" && i + 1 < argc) {
      base_vols.clear();
      while (i + 1 < argc && argv[i + 1][0] != '-') base_vols.push_back(std::atof(argv[++i]));
    } else if (a == "--fat-tails" && i + 1 < argc && read_cells(argv[i + 1], fat_cells)) {
      ++i;
    } else if (a == "--clustering" && i + 1 < argc && read_cells(argv[i + 1], clustering_cells)) {
      ++i;
    } else {
      std::fprintf(stderr,
                   "usage: evaluate_regimes [--seeds FIRST COUNT] [--candles N] [--base-vols V...] "
                   "[--fat-tails no|yes] [--clustering no|yes]\n");
      return 2;
    }
  }
  if (first + count > 1000) {
    std::fprintf(stderr, "test seeds are 1-999 (1000-1999 are training seeds)\n");
    return 2;
  }
  std::printf(
      "test seeds %llu-%llu, %lld candles each, start price log-uniform 1e-4..1e5 per seed\n\n",
      static_cast<unsigned long long>(first), static_cast<unsigned long long>(first + count - 1),
      static_cast<long long>(candles));
  std::printf(
      "| base vol | fat tails | vol clustering | mean accuracy | standard error "
      "| min seed accuracy |\n"
      "|---|---|---|---|---|---|\n");
  double worst_mean = 2, overall = 0;
  int cells = 0;
  RegimeScore worst_score;
  std::string worst_name;
  // Position buckets (candles into the labelled segment) for the where-are-the-errors table.
  constexpr std::array<std::int64_t, 6> kBucketStarts = {20, 40, 60, 80, 120, 160};
  std::array<std::array<std::int64_t, kBucketStarts.size()>, core::kMarketRegimeCount>
      bucket_hits{}, bucket_counted{};
  for (double base_vol : base_vols) {
    for (bool fat : fat_cells) {
      for (bool clustering : clustering_cells) {
        double sum = 0, sum_squares = 0, min_acc = 2;
        RegimeScore cell;
        for (std::uint64_t s = first; s < first + count; ++s) {
          const auto series =
              generate_regime_series(tools::test_options(s, candles, base_vol, fat, clustering));
          const auto labels = tools::labels_of(series);
          const auto detected = tools::detect(series);
          const RegimeScore score = score_regimes(labels, detected);
          std::int64_t position = 0;
          for (std::size_t i = 0; i < labels.size(); ++i) {
            position = i > 0 && labels[i] == labels[i - 1] ? position + 1 : 0;
            if (position < kBucketStarts[0]) continue;
            std::size_t b = 0;
            while (b + 1 < kBucketStarts.size() && position >= kBucketStarts[b + 1]) ++b;
            const auto truth = static_cast<std::size_t>(labels[i]);
            ++bucket_counted[truth][b];
            bucket_hits[truth][b] += detected[i] == labels[i];
          }
          sum += score.accuracy();
          sum_squares += score.accuracy() * score.accuracy();
          min_acc = std::min(min_acc, score.accuracy());
          cell.add(score);
        }
        const double n = static_cast<double>(count);
        const double mean = sum / n;
        // Of the mean, from the spread between seeds (each seed an independent series).
        const double variance =
            n > 1 ? std::max(sum_squares - n * mean * mean, 0.0) / (n - 1) : 0.0;
        const double standard_error = std::sqrt(variance / n);
        overall += mean;
        ++cells;
        std::printf("| %.3f | %s | %s | %.4f | %.4f | %.4f |\n", base_vol, fat ? "yes" : "no",
                    clustering ? "yes" : "no", mean, standard_error, min_acc);
        std::fflush(stdout);
        if (mean < worst_mean) {
          worst_mean = mean;
          worst_score = cell;
          char name[96];
          std::snprintf(name, sizeof name, "base vol %.3f, fat tails %s, clustering %s", base_vol,
                        fat ? "yes" : "no", clustering ? "yes" : "no");
          worst_name = name;
        }
      }
    }
  }
  std::printf("\nmean over cells %.4f\n\nworst cell (%s), candles summed over seeds:\n\n",
              overall / cells, worst_name.c_str());
  tools::print_confusion(worst_score);
  std::printf(
      "\naccuracy by true regime and candles into the segment (all cells), share of "
      "counted candles in brackets:\n\n| truth | 20-39 | 40-59 | 60-79 | 80-119 | 120-159 | "
      "160+ |\n|---|---|---|---|---|---|---|\n");
  std::int64_t all = 0;
  for (const auto& row : bucket_counted)
    for (std::int64_t n : row) all += n;
  for (int a = 0; a < core::kMarketRegimeCount; ++a) {
    std::printf("| %s |", std::string(core::to_string(static_cast<core::MarketRegime>(a))).c_str());
    for (std::size_t b = 0; b < kBucketStarts.size(); ++b) {
      const auto n = bucket_counted[a][b];
      std::printf(" %.3f (%.3f) |",
                  n ? static_cast<double>(bucket_hits[a][b]) / static_cast<double>(n) : 0.0,
                  all ? static_cast<double>(n) / static_cast<double>(all) : 0.0);
    }
    std::printf("\n");
  }
  return 0;
}
