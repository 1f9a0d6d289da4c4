// regime/regime_change_point: one candle's update of the run-length posterior and the features
// of the most probable run (see the header for the model).
#include "regime/regime_change_point.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "regime/cpu_dispatch.hpp"
#include "regime/fast_math.hpp"
#include "regime/lane_vectors.hpp"
#include "regime/regime_generator.hpp"

namespace alphapulse::regime {
namespace {

constexpr int kObservations = kChangePointObservations;
constexpr auto kPriorMean = kChangePointPriorMean;
constexpr auto kPriorVariance = kChangePointPriorVariance;
constexpr auto kNoiseVariance = kChangePointNoiseVariance;
constexpr double kMinHazard = kChangePointMinHazard, kMaxHazard = kChangePointMaxHazard;
constexpr int kTableLength = 256;  // runs longer than this use the last row
constexpr double kMinWeight = 1e-300;
constexpr double kMinLogLikelihood = -700;  // exp_fast's domain

// Per run length n: the hazard h(n), and (1 - h(n)) times the predictive density's
// normalization (the product of the three 1 / sqrt(predictive variance); 2 pi is common to all
// runs and left out). Two arrays, so that the AVX2 build gathers a vector of runs' rows at once.
double normalization(double n) {
  double scale = 1.0;
  for (int q = 0; q < kObservations; ++q)
    scale /= std::sqrt(kNoiseVariance[q] + 1.0 / (1.0 / kPriorVariance[q] + n / kNoiseVariance[q]));
  return scale;
}
struct RunTable {
  std::array<double, kTableLength + 1> change, stay_scale;
};
const RunTable kRunTable = [] {
  // The generator's segment lengths (regime_generator: uniform per regime, each regime equally
  // likely on average).
  const std::vector<double> length_probability = segment_length_probabilities(kTableLength + 2);
  RunTable table{};
  double survival = 1.0;  // P(length >= n)
  for (int n = 0; n <= kTableLength; ++n) {
    double h = survival > 1e-12 ? length_probability[n] / survival : kMaxHazard;
    h = std::clamp(h, kMinHazard, kMaxHazard);
    table.change[n] = h;
    table.stay_scale[n] = (1.0 - h) * normalization(n);
    survival -= length_probability[n];
  }
  return table;
}();
const double kNewRunScale = normalization(0);

// The predictive distance of one observation from a run of n observations with sum S, written
// over a common denominator: with precision D = 1/tau + n/sigma2 (tau the prior variance,
// sigma2 the noise variance), the predictive mean is (m0/tau + S/sigma2) / D and the predictive
// variance sigma2 + 1/D, so
//   (x - mean)^2 / variance = (x D - m0/tau - S/sigma2)^2 / (D (sigma2 D + 1)) = N^2 / E.
// The three observations' N^2 / E are added as (N0^2 E1 E2 + N1^2 E0 E2 + N2^2 E0 E1) / (E0 E1 E2):
// one division per run instead of six. Why: the divisions were the longest latency chain of the
// step (twelve vector divisions per candle for eight runs); the products stay far inside double
// range (E0 E1 E2 < 1e19 for runs of up to 256 candles).
struct Fraction {
  double numerator, denominator;
};
inline Fraction observation_distance(int q, double length, double sum, double x) noexcept {
  const double precision = 1.0 / kPriorVariance[q] + length * (1.0 / kNoiseVariance[q]);
  const double n =
      x * precision - kPriorMean[q] / kPriorVariance[q] - sum * (1.0 / kNoiseVariance[q]);
  return {n * n, precision * (kNoiseVariance[q] * precision + 1.0)};
}
inline double predictive_distance(double length, double sum_z, double sum_range, double sum_volume,
                                  const ChangePointObservation& x) noexcept {
  const Fraction z = observation_distance(0, length, sum_z, x.clipped_z);
  const Fraction r = observation_distance(1, length, sum_range, x.range_ratio);
  const Fraction v = observation_distance(2, length, sum_volume, x.volume_ratio);
  const double rv = r.denominator * v.denominator;
  return (z.numerator * rv +
          (r.numerator * v.denominator + v.numerator * r.denominator) * z.denominator) /
         (z.denominator * rv);
}

// The same for a run of no observations: the prior predictive, mean m0 and variance
// tau + sigma2 (constants).
inline double prior_predictive_distance(const ChangePointObservation& x) noexcept {
  const double z = x.clipped_z - kPriorMean[0], r = x.range_ratio - kPriorMean[1],
               v = x.volume_ratio - kPriorMean[2];
  return z * z * (1.0 / (kPriorVariance[0] + kNoiseVariance[0])) +
         r * r * (1.0 / (kPriorVariance[1] + kNoiseVariance[1])) +
         v * v * (1.0 / (kPriorVariance[2] + kNoiseVariance[2]));
}

// The runs' lanes as two vectors of four doubles, and lane masks as two LaneBits4
// (regime/lane_vectors.hpp).
static_assert(kChangePointSlots == 8, "two vectors of four lanes");
struct LaneMask {
  LaneBits4 low, high;
};

// The first lane equal to `value` (the last lane if none is), from a bit mask of the lanes'
// comparisons: branch-free, where a loop that stops at the first equal lane mispredicted its
// exit on most candles (the lanes of the smallest and the largest weight move around).
inline int first_lane_equal(const RegimeChangePoint::Lanes& lanes, double value) noexcept {
  Doubles4 low, high;
  load4(low, lanes.data());
  load4(high, lanes.data() + 4);
  const Doubles4 target = Doubles4{} + value;
  const LaneBits4 bits =
      ((low == target) & LaneBits4{1, 2, 4, 8}) | ((high == target) & LaneBits4{16, 32, 64, 128});
  const auto mask = static_cast<std::uint64_t>((bits[0] | bits[1]) | (bits[2] | bits[3]));
  return std::countr_zero(mask | (std::uint64_t{1} << (kChangePointSlots - 1)));
}

// All ones in every lane but `lane`.
inline LaneMask lanes_other_than(int lane) noexcept {
  const std::int64_t target = lane;
  return {LaneBits4{0, 1, 2, 3} != target, LaneBits4{4, 5, 6, 7} != target};
}

// next = (kept ? old : 0.0) + x per lane: the replaced run restarts from an empty sum (a
// bitwise select: +0.0 where not kept, exactly the scalar select's value).
inline void restart_and_add(const RegimeChangePoint::Lanes& old, const LaneMask& kept, double x,
                            RegimeChangePoint::Lanes& next) noexcept {
  LaneBits4 low, high;
  load4(low, old.data());
  load4(high, old.data() + 4);
  const Doubles4 next_low = reinterpret_cast<Doubles4>(low & kept.low) + x;
  const Doubles4 next_high = reinterpret_cast<Doubles4>(high & kept.high) + x;
  store4(next.data(), next_low);
  store4(next.data() + 4, next_high);
}

inline double clamp_symmetric(double x, double limit) noexcept {
  return x < -limit ? -limit : (x > limit ? limit : x);
}

}  // namespace

void RegimeChangePoint::reset_runs(Runs& runs) noexcept {
  runs = {};
  runs.weight.fill(kMinWeight);
  runs.weight[0] = 1.0;
}

// Compiled twice (REGIME_AVX2_CLONES, regime/cpu_dispatch.hpp): the runs are lanes of a vector;
// the same operations per lane in both versions, the same bits.
// In place: each lane array is read before it is overwritten (the weights once all are read,
// each sum by restart_and_add, lane by lane), so the old and the new runs share one copy.
// (__restrict: `f` is not in the runs, so the compiler need not reload them after its stores.)
REGIME_AVX2_CLONES void RegimeChangePoint::advance(Runs& __restrict runs,
                                                   const ChangePointObservation& x,
                                                   ChangePointFeatures& __restrict f) noexcept {
  const Runs& old = runs;
  Runs& next = runs;
  // The weights are kept as probabilities, not logs: one exp per run per candle instead of a
  // log-sum-exp.
  const Lanes& weight = old.weight;
  std::array<int, kChangePointSlots> row;
  for (int k = 0; k < kChangePointSlots; ++k) {
    const double n = old.length[k];
    row[k] = static_cast<int>(n < kTableLength ? n : kTableLength);
  }
  Lanes change, stay_scale;
  for (int k = 0; k < kChangePointSlots; ++k) change[k] = kRunTable.change[row[k]];
  for (int k = 0; k < kChangePointSlots; ++k) stay_scale[k] = kRunTable.stay_scale[row[k]];
  Lanes log_likelihood, grown;
  for (int k = 0; k < kChangePointSlots; ++k) {
    const double distance = predictive_distance(old.length[k], old.clipped_z[k], old.range_ratio[k],
                                                old.volume_ratio[k], x);
    const double l = -0.5 * distance;
    log_likelihood[k] = l > kMinLogLikelihood ? l : kMinLogLikelihood;
  }
  for (int k = 0; k < kChangePointSlots; ++k)
    grown[k] = weight[k] * stay_scale[k] * fast_math::exp_relaxed(log_likelihood[k]);
  double change_mass = 0;
  for (int k = 0; k < kChangePointSlots; ++k) change_mass += weight[k] * change[k];
  const double new_distance = prior_predictive_distance(x);
  const double new_log_likelihood = std::max(-0.5 * new_distance, kMinLogLikelihood);
  const double new_weight = change_mass * kNewRunScale * fast_math::exp_relaxed(new_log_likelihood);

  // The new run (starting with this candle) replaces the least probable one.
  // (The smallest value by a vectorized reduction, then its first lane.)
  double least = grown[0];
  for (int k = 1; k < kChangePointSlots; ++k) least = grown[k] < least ? grown[k] : least;
  const int replaced = first_lane_equal(grown, least);
  grown[replaced] = new_weight;
  double total = 0;
  for (int k = 0; k < kChangePointSlots; ++k) total += grown[k];
  const double inverse_total = total > 0 ? 1.0 / total : 0.0;
  for (int k = 0; k < kChangePointSlots; ++k) {
    const double w = grown[k] * inverse_total;
    next.weight[k] = w > kMinWeight ? w : kMinWeight;
  }
  const LaneMask kept = lanes_other_than(replaced);
  restart_and_add(old.length, kept, 1.0, next.length);
  restart_and_add(old.clipped_z, kept, x.clipped_z, next.clipped_z);
  restart_and_add(old.range_ratio, kept, x.range_ratio, next.range_ratio);
  restart_and_add(old.volume_ratio, kept, x.volume_ratio, next.volume_ratio);

  // Features of the most probable run.
  double most = next.weight[0];
  for (int k = 1; k < kChangePointSlots; ++k) most = next.weight[k] > most ? next.weight[k] : most;
  const int map = first_lane_equal(next.weight, most);
  const double n = next.length[map];
  const double inverse_n = 1.0 / n;
  constexpr double kMaxAbsTStat = 12;
  const double drift = next.clipped_z[map] * inverse_n;
  f[kRunRobustTStat] = clamp_symmetric(drift * std::sqrt(n), kMaxAbsTStat);
  f[kRunDrift] = clamp_symmetric(drift * std::sqrt(200.0), kMaxAbsTStat);
  // The four logs as one vector (arguments kept in log_fast's domain: positive normal numbers).
  std::array<double, 4> ratios = {next.range_ratio[map] * inverse_n,
                                  next.volume_ratio[map] * inverse_n, n, 1.0 + next.weight[map]};
  for (double& r : ratios) r = r > 0x1p-1022 ? (r < 0x1p1023 ? r : 0x1p1023) : 1.0;
  std::array<double, 4> logs;
  for (int i = 0; i < 4; ++i) logs[i] = fast_math::log_fast(ratios[i]);
  f[kRunLogVolatility] = logs[0];
  f[kRunLogVolume] = logs[1];
  f[kRunLogLength] = logs[2];
  f[kRunLogConfidence] = logs[3];
}

}  // namespace alphapulse::regime
