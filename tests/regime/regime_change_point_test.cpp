// Tests of regime/regime_change_point: the run-length posterior finds a change in the
// observations' level soon after it happens and keeps one long run when nothing changes; the
// run features are those of the returns since the located change; prepare() has no side effect.
#include "regime/regime_change_point.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "regime/random.hpp"

namespace alphapulse::regime {
namespace {

// Noisy observations around given levels (noise well below the model's assumed noise).
ChangePointObservation observe(RandomSource& rng, double drift, double range, double volume) {
  return {drift + 0.5 * rng.normal(), range + 0.08 * rng.normal(), volume + 0.08 * rng.normal()};
}

double run_length(const ChangePointFeatures& f) {
  return std::exp(f[kRunLogLength]);
}

TEST(RegimeChangePoint, LocatesAVolatilityAndVolumeChange) {
  RegimeChangePoint cp;
  RandomSource rng(5);
  for (int i = 0; i < 150; ++i) cp.apply(cp.prepare(observe(rng, 0.0, 1.0, 1.0)));
  // A breakout-like segment: range level x1.35, volume level x1.3.
  ChangePointFeatures f{};
  for (int i = 0; i < 40; ++i) {
    const auto step = cp.prepare(observe(rng, 0.0, 1.35, 1.3));
    f = step.features;
    cp.apply(step);
  }
  // The most probable run began at the change (40 observations ago), give or take a few.
  EXPECT_NEAR(run_length(f), 40.0, 4.0);
  // Its level features are those of the new segment, not a mixture with the old one.
  EXPECT_NEAR(std::exp(f[kRunLogVolatility]), 1.35, 0.05);
  EXPECT_NEAR(std::exp(f[kRunLogVolume]), 1.3, 0.05);
  EXPECT_GT(f[kRunLogConfidence], std::log(1.5));  // the MAP run holds most of the posterior
}

TEST(RegimeChangePoint, KeepsOneLongRunWithoutAChange) {
  RegimeChangePoint cp;
  RandomSource rng(8);
  ChangePointFeatures f{};
  for (int i = 0; i < 150; ++i) {
    const auto step = cp.prepare(observe(rng, 0.0, 1.0, 1.0));
    f = step.features;
    cp.apply(step);
  }
  EXPECT_GE(run_length(f), 120.0);
}

TEST(RegimeChangePoint, DriftFeaturesAreThoseOfTheRun) {
  RegimeChangePoint cp;
  RandomSource rng(13);
  for (int i = 0; i < 120; ++i) cp.apply(cp.prepare(observe(rng, 0.0, 1.0, 1.0)));
  // A trend with a higher range level, so that the change is visible at once; exact drift
  // terms so the expected features are known: 0.4 per candle for 60 candles.
  ChangePointFeatures f{};
  for (int i = 0; i < 60; ++i) {
    const auto step = cp.prepare({0.4, 1.3, 1.0});
    f = step.features;
    cp.apply(step);
  }
  ASSERT_NEAR(run_length(f), 60.0, 1e-9);
  EXPECT_NEAR(f[kRunRobustTStat], 0.4 * std::sqrt(60.0), 1e-9);
  EXPECT_NEAR(f[kRunDrift], 0.4 * std::sqrt(200.0), 1e-9);
}

TEST(RegimeChangePoint, PrepareHasNoSideEffectAndResetRestarts) {
  RegimeChangePoint cp, fresh;
  RandomSource rng(21);
  for (int i = 0; i < 50; ++i) cp.apply(cp.prepare(observe(rng, 0.1, 1.0, 1.0)));
  const ChangePointObservation x{0.3, 1.1, 0.9};
  const auto first = cp.prepare(x);
  const auto second = cp.prepare(x);
  for (int i = 0; i < kChangePointFeatureCount; ++i)
    EXPECT_EQ(first.features[i], second.features[i]) << "feature " << i;
  cp.reset();
  const auto after_reset = cp.prepare(x);
  const auto from_fresh = fresh.prepare(x);
  for (int i = 0; i < kChangePointFeatureCount; ++i)
    EXPECT_EQ(after_reset.features[i], from_fresh.features[i]) << "feature " << i;
  EXPECT_EQ(run_length(from_fresh.features), 1.0);
}

}  // namespace
}  // namespace alphapulse::regime
