// Tests of regime/regime_change_point: the run-length posterior finds a change in the
// observations' level soon after it happens and keeps one long run when nothing changes; the
// run features are those of the returns since the located change; prepare() has no side effect.
#include "regime/regime_change_point.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "regime/random.hpp"
#include "regime/regime_generator.hpp"

namespace alphapulse::regime {
namespace {

// Noisy observations around given levels (noise well below the model's assumed noise).
ChangePointObservation observe(RandomSource& rng, double drift, double range, double volume) {
  return {drift + 0.5 * rng.normal(), range + 0.08 * rng.normal(), volume + 0.08 * rng.normal()};
}

double run_length(const ChangePointFeatures& f) {
  return std::exp(f[kRunLogLength]);
}

// Updates `cp` with `count` observations from `next()`; the features after the last one.
template <typename Next>
ChangePointFeatures feed(RegimeChangePoint& cp, int count, Next next) {
  ChangePointFeatures f{};
  for (int i = 0; i < count; ++i) {
    const auto step = cp.prepare(next());
    f = step.features;
    cp.apply(step);
  }
  return f;
}

TEST(RegimeChangePoint, LocatesAVolatilityAndVolumeChange) {
  RegimeChangePoint cp;
  RandomSource rng(5);
  feed(cp, 150, [&] { return observe(rng, 0.0, 1.0, 1.0); });
  // A breakout-like segment: range level x1.35, volume level x1.3.
  const ChangePointFeatures f = feed(cp, 40, [&] { return observe(rng, 0.0, 1.35, 1.3); });
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
  const ChangePointFeatures f = feed(cp, 150, [&] { return observe(rng, 0.0, 1.0, 1.0); });
  EXPECT_GE(run_length(f), 120.0);
}

TEST(RegimeChangePoint, DriftFeaturesAreThoseOfTheRun) {
  RegimeChangePoint cp;
  RandomSource rng(13);
  feed(cp, 120, [&] { return observe(rng, 0.0, 1.0, 1.0); });
  // A trend with a higher range level, so that the change is visible at once; exact drift
  // terms so the expected features are known: 0.4 per candle for 60 candles.
  const ChangePointFeatures f = feed(cp, 60, [] { return ChangePointObservation{0.4, 1.3, 1.0}; });
  ASSERT_NEAR(run_length(f), 60.0, 1e-9);
  EXPECT_NEAR(f[kRunRobustTStat], 0.4 * std::sqrt(60.0), 1e-9);
  EXPECT_NEAR(f[kRunDrift], 0.4 * std::sqrt(200.0), 1e-9);
}

// The textbook run-length posterior, computed directly (no pruning, std::exp, every run's
// predictive density from the normal-normal posterior of its segment mean): each run either
// continues with the new observation, with probability 1 - h(n) times its predictive density,
// or the segment ends and a new run starts with the observation, with h(n) times the prior
// predictive density.
struct DirectRun {
  int length;
  std::array<double, kChangePointObservations> sum;
  double weight;
};
double hazard(int n) {
  const std::vector<double> length_probability = segment_length_probabilities(300);
  double survival = 1.0;
  for (int k = 0; k < n; ++k) survival -= length_probability[k];
  return std::clamp(length_probability[n] / survival, kChangePointMinHazard, kChangePointMaxHazard);
}
double predictive_density(const DirectRun& run, const std::array<double, 3>& x) {
  double density = 1.0;
  for (int q = 0; q < kChangePointObservations; ++q) {
    const double tau = kChangePointPriorVariance[q], sigma2 = kChangePointNoiseVariance[q];
    const double posterior_variance = 1.0 / (1.0 / tau + run.length / sigma2);
    const double mean = posterior_variance * (kChangePointPriorMean[q] / tau + run.sum[q] / sigma2);
    const double variance = sigma2 + posterior_variance;
    density *= std::exp(-0.5 * (x[q] - mean) * (x[q] - mean) / variance) /
               std::sqrt(2 * 3.141592653589793 * variance);
  }
  return density;
}

TEST(RegimeChangePoint, PosteriorEqualsTheDirectComputationWhileNothingIsPruned) {
  // Three observations at one level, then four after a jump of the range and volume levels:
  // the empty run and the seven runs begun by the observations fill the slots exactly, so
  // nothing is pruned.
  const std::vector<std::array<double, 3>> xs = {
      {0.1, 1.0, 1.0},  {-0.2, 1.05, 0.95}, {0.3, 0.97, 1.02}, {0.2, 2.5, 2.45},
      {0.4, 2.55, 2.4}, {-0.1, 2.45, 2.5},  {0.5, 2.6, 2.38}};
  RegimeChangePoint cp;
  std::vector<DirectRun> runs = {{0, {0, 0, 0}, 1.0}};  // before any observation: one empty run
  for (std::size_t t = 0; t < xs.size(); ++t) {
    const auto& x = xs[t];
    std::vector<DirectRun> next;
    double change = 0;
    for (const DirectRun& run : runs) {
      change += run.weight * hazard(run.length);
      next.push_back({run.length, run.sum,
                      run.weight * (1 - hazard(run.length)) * predictive_density(run, x)});
    }
    next.push_back({0, {0, 0, 0}, change * predictive_density({0, {0, 0, 0}, 0}, x)});
    double total = 0;
    for (DirectRun& run : next) {
      ++run.length;
      for (int q = 0; q < 3; ++q) run.sum[q] += x[q];
      total += run.weight;
    }
    for (DirectRun& run : next) run.weight /= total;
    runs = next;

    const auto step = cp.prepare({x[0], x[1], x[2]});
    cp.apply(step);
    const DirectRun& map = *std::max_element(
        runs.begin(), runs.end(),
        [](const DirectRun& a, const DirectRun& b) { return a.weight < b.weight; });
    EXPECT_NEAR(run_length(step.features), map.length, 1e-9) << "after observation " << t + 1;
    EXPECT_NEAR(step.features[kRunLogConfidence], std::log1p(map.weight), 1e-9)
        << "after observation " << t + 1;
    EXPECT_NEAR(step.features[kRunDrift], map.sum[0] / map.length * std::sqrt(200.0), 1e-9);
    EXPECT_NEAR(step.features[kRunLogVolatility], std::log(map.sum[1] / map.length), 1e-9);
  }
  // The jump was found: the most probable run is the one since it.
  EXPECT_EQ(runs.size(), static_cast<std::size_t>(kChangePointSlots));
  const auto map =
      std::max_element(runs.begin(), runs.end(),
                       [](const DirectRun& a, const DirectRun& b) { return a.weight < b.weight; });
  EXPECT_EQ(map->length, 4);
}

TEST(RegimeChangePoint, PrepareHasNoSideEffectAndResetRestarts) {
  RegimeChangePoint cp, fresh;
  RandomSource rng(21);
  feed(cp, 50, [&] { return observe(rng, 0.1, 1.0, 1.0); });
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
