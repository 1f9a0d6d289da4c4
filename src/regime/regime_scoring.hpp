// regime/regime_scoring: the scoring rule of shared/tools/regime_synth.py in C++, for the CLI,
// the tests and the fitting/evaluation tools: a candle counts when it is at least `warmup`
// candles past the start of its labelled segment (a segment = a run of equal labels);
// accuracy is the share of counted candles whose detected regime equals the label.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/market_regime.hpp"

namespace alphapulse::regime {

inline constexpr int kScoringWarmup = 20;

struct RegimeScore {
  // confusion[truth][detected], indexed by core::MarketRegime.
  std::array<std::array<std::int64_t, core::kMarketRegimeCount>, core::kMarketRegimeCount>
      confusion{};
  std::int64_t counted = 0;
  std::int64_t hits = 0;

  double accuracy() const {
    return counted > 0 ? static_cast<double>(hits) / static_cast<double>(counted) : 0.0;
  }
  void add(const RegimeScore& other);
};

// Precondition: labels.size() == detected.size() (one entry per candle, same order).
RegimeScore score_regimes(std::span<const core::MarketRegime> labels,
                          std::span<const core::MarketRegime> detected,
                          int warmup = kScoringWarmup);

}  // namespace alphapulse::regime
