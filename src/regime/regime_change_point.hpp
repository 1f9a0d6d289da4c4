// regime/regime_change_point: where the current segment began, as a pruned run-length posterior
// (online Bayesian change-point detection, Adams & MacKay 2007), and the features of the returns
// since then. Why: fixed windows (20-160 returns) mix the previous segment into their
// statistics for the first 20-160 candles of a new one, which is where most of the detector's
// errors were (docs/regime.md); in a probe, features over the returns since the true change
// raised the selection-seed accuracy from 0.882 to 0.919, and this estimate of the change
// recovers about a quarter of that gap.
//
// Model: each segment has its own mean of three per-candle observations (the robust drift term
// clip(r / S), and the candle's range and volume levels over the stream's long-run levels), with
// a normal prior on the mean and normal noise of known variance, so a run's predictive density
// for the next observation is normal with a mean and variance given by the run's count and sums.
// The hazard (probability that a segment of n candles ends now) is the generator's: the segment
// lengths of shared/tools/regime_synth.py, the next regime uniform over the five others.
// Pruning: kChangePointSlots runs at most; each candle's new run replaces the least probable one.
//
// O(1) per candle, no allocation, fixed-size state; prepare() computes the next state without
// touching this one (peek == update), apply() commits it. All runs are updated as arrays of
// kChangePointSlots doubles, which the compiler vectorizes.
#pragma once

#include <array>

namespace alphapulse::regime {

inline constexpr int kChangePointSlots = 8;

// The run model's three observations (clipped drift term, range ratio, volume ratio): prior
// mean and variance of a segment's mean, and per-candle noise variance. Chosen by a probe on
// fitting seeds 1000-1015 (how often the most probable run starts within 30% of the true change;
// docs/regime.md): the noise variances are about twice the within-segment ones, which makes the
// model robust to volatility clustering, whose persistence an independent-noise model would
// otherwise read as changes.
inline constexpr int kChangePointObservations = 3;
inline constexpr std::array<double, kChangePointObservations> kChangePointPriorMean = {0.0, 1.0,
                                                                                       1.0};
inline constexpr std::array<double, kChangePointObservations> kChangePointPriorVariance = {
    0.06, 0.015, 0.01};
inline constexpr std::array<double, kChangePointObservations> kChangePointNoiseVariance = {
    0.4, 0.03, 0.02};
// Bounds of the hazard: never certain either way (real streams are not the generator).
inline constexpr double kChangePointMinHazard = 1e-4, kChangePointMaxHazard = 0.99;

// Features of the returns since the most probable change (the MAP run), in this order.
// All from the run model's own sums (no other per-run state): a probe with three more (the
// plain t-statistic, efficiency ratio and autocorrelation over the run) was no better.
enum ChangePointFeature : int {
  kRunRobustTStat,    // sum of clip(r / S) / sqrt(n)
  kRunDrift,          // mean clip(r / S) * sqrt(200): the drift itself, not its evidence
  kRunLogVolatility,  // log(mean over the run of the range level / long-run level)
  kRunLogVolume,      // the same for volume
  kRunLogLength,      // log(n)
  kRunLogConfidence,  // log(1 + posterior probability of the MAP run)
  kChangePointFeatureCount
};
using ChangePointFeatures = std::array<double, kChangePointFeatureCount>;

// One candle's values, as the window features computed them (regime_features).
struct ChangePointObservation {
  double clipped_z;     // clip(r / S, +-kRobustClip)
  double range_ratio;   // fourth root of log(high / low) over its long-run level (1 before one)
  double volume_ratio;  // fourth root of volume over its long-run level (1 before one)
};

class RegimeChangePoint {
 public:
  using Lanes = std::array<double, kChangePointSlots>;
  // The runs, one lane each: posterior probability, count and the sums since the run began.
  // A fresh state has one certain empty run in lane 0; the other lanes carry negligible weight.
  struct Runs {
    Lanes weight, length, clipped_z, range_ratio, volume_ratio;
  };
  struct Step {
    Runs next;
    ChangePointFeatures features;
  };

  RegimeChangePoint() noexcept { reset(); }

  Step prepare(const ChangePointObservation& x) const noexcept {
    Step step;
    step.next = runs_;
    advance(step.next, x, step.features);
    return step;
  }
  void apply(const Step& step) noexcept { runs_ = step.next; }
  void reset() noexcept { reset_runs(runs_); }

  // The step itself, in place on any runs (`features` must not overlap them): RegimeFeatures
  // steps its own state in place, so that a candle neither copies the runs (320 bytes) nor
  // touches a second copy of them.
  static void advance(Runs& runs, const ChangePointObservation& x,
                      ChangePointFeatures& features) noexcept;
  static void reset_runs(Runs& runs) noexcept;

 private:
  Runs runs_;
};

}  // namespace alphapulse::regime
