// Tests of regime/regime_filter (the settling rule: a fresh regime needs stronger evidence to be
// undone) and of regime/regime_model's per-candle float kernel against the trainer's double
// network.
#include "regime/regime_filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "regime/regime_features.hpp"
#include "regime/regime_generator.hpp"
#include "regime/regime_model.hpp"
#include "regime/regime_model_weights.hpp"

namespace alphapulse::regime {
namespace {

using core::MarketRegime;

constexpr RegimeProbabilities kUniform = {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6};

// Network logits for probabilities 0.9 on r and 0.02 on each other regime.
RegimeLogits favouring(MarketRegime r) {
  RegimeLogits logits;
  logits.fill(std::log(0.02f));
  logits[static_cast<int>(r)] = std::log(0.9f);
  return logits;
}

// Candles until the filter reports `challenger` after `held` candles of `incumbent` (-1: never
// within `limit`).
int candles_to_switch(const RegimeFilterParams& params, int held, int limit) {
  RegimeFilterState state;
  const RegimeFilterModel model = make_regime_filter_model(params, kUniform);
  for (int i = 0; i < held; ++i)
    step_regime_filter(state, favouring(MarketRegime::kStrongTrendBull), model);
  EXPECT_EQ(state.current, MarketRegime::kStrongTrendBull);
  for (int i = 1; i <= limit; ++i) {
    step_regime_filter(state, favouring(MarketRegime::kWeakTrend), model);
    if (state.current == MarketRegime::kWeakTrend) return i;
  }
  return -1;
}

TEST(RegimeFilter, SettlingDelaysButDoesNotLockAFreshRegime) {
  const RegimeFilterParams plain{1.0, 0.2, 2};  // settle_candles 0: off
  RegimeFilterParams settling = plain;
  settling.early_switch_probability = 0.001;
  settling.settle_candles = 40;
  // With s = 0.2 one strong candle puts the challenger on top; confirmation needs two.
  EXPECT_EQ(candles_to_switch(plain, 30, 20), 2);
  // 30 candles in: still settling, so two candles are not enough, but the evidence wins soon.
  const int settled = candles_to_switch(settling, 30, 20);
  EXPECT_GT(settled, 2);
  EXPECT_LE(settled, 8);
  // Past the settling period the rule is the plain one again.
  EXPECT_EQ(candles_to_switch(settling, 60, 20), 2);
}

// The detector evaluates the fitted network in float (RegimeNetworkKernel); the fitting tool
// trains it in double. Over a real feature stream they must agree to well below any decision
// margin that matters.
TEST(RegimeNetworkKernel, AgreesWithTheDoubleNetwork) {
  RegimeSeriesOptions o;
  o.seed = 31;
  o.candles = 3000;
  o.fat_tails = true;
  o.vol_clustering = true;
  const auto series = generate_regime_series(o);
  static constexpr RegimeNetworkKernel kernel{kFittedRegimeNetwork};
  RegimeFeatures features;
  double worst = 0;
  int compared = 0;
  for (const auto& row : series) {
    const auto step = features.prepare(row.candle);
    if (RegimeFeatures::ready_after(step)) {
      const RegimeProbabilities fast = classify(kernel, step.features);
      const RegimeProbabilities exact = classify(kFittedRegimeNetwork, step.features);
      double total = 0;
      for (int k = 0; k < kRegimeCount; ++k) {
        worst = std::max(worst, std::abs(fast[k] - exact[k]));
        total += fast[k];
      }
      EXPECT_NEAR(total, 1.0, 1e-12);
      ++compared;
    }
    features.apply(step);
  }
  EXPECT_GT(compared, 2800);
  EXPECT_LT(worst, 1e-4);
}

}  // namespace
}  // namespace alphapulse::regime
