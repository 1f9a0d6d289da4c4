// regime/regime_scoring: see the header.
#include "regime/regime_scoring.hpp"

#include <algorithm>

namespace alphapulse::regime {

void RegimeScore::add(const RegimeScore& other) {
  for (std::size_t a = 0; a < confusion.size(); ++a) {
    for (std::size_t b = 0; b < confusion[a].size(); ++b) confusion[a][b] += other.confusion[a][b];
  }
  counted += other.counted;
  hits += other.hits;
}

RegimeScore score_regimes(std::span<const core::MarketRegime> labels,
                          std::span<const core::MarketRegime> detected, int warmup) {
  RegimeScore score;
  std::int64_t position = 0;  // candles since the start of the current labelled segment
  const std::size_t n = std::min(labels.size(), detected.size());
  for (std::size_t i = 0; i < n; ++i) {
    position = i > 0 && labels[i] == labels[i - 1] ? position + 1 : 0;
    if (position < warmup) continue;
    const auto truth = static_cast<std::size_t>(labels[i]);
    const auto got = static_cast<std::size_t>(detected[i]);
    ++score.confusion[truth][got];
    ++score.counted;
    score.hits += truth == got;
  }
  return score;
}

}  // namespace alphapulse::regime
