// regime/regime_features: computing and committing one candle's feature step.
#include "regime/regime_features.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

#include "regime/cpu_dispatch.hpp"
#include "regime/fast_math.hpp"
#include "regime/lane_vectors.hpp"

namespace alphapulse::regime {
namespace {

constexpr double kMaxAbsTStat = 12;  // clip: a flat window's tiny sd would give huge values
constexpr std::size_t kWindows = kFeatureWindows.size();
// Each window's sums are recomputed from the history once every this many times its length
// (the rounding drift of a few hundred additions and subtractions is ~1e-14 of the sums; a
// rebuild every n pushes was ~2.5% of the per-candle instructions).
constexpr int kRebuildPeriods = 4;
constexpr double kInverseLongRunCandles = 1.0 / kLongRunCandles;
constexpr double kInverseShortRunCandles = 1.0 / kShortRunCandles;
// The reference age feature's bounds (kReferenceAgeIndex).
constexpr double kReadyAge = kReadyReturns;
const double kLogLongRunCandles = std::log(kLongRunCandles);
constexpr std::int64_t kRebuildCommonPeriod = [] {
  std::int64_t period = kRebuildPeriods * kFeatureWindows[0];
  for (int n : kFeatureWindows) period = std::gcd(period, std::int64_t{kRebuildPeriods} * n);
  return period;
}();

// 1/n, sqrt(n) and 1/sqrt(n) of a full window, computed once: the per-candle path then needs
// one square root and two divisions per window (the sd and its reciprocal, the efficiency
// ratio) instead of eleven divisions and two roots (plus one per candle: the robust statistic's
// return over the recent range level).
struct WindowScales {
  double inverse_n, sqrt_n, inverse_sqrt_n;
};
WindowScales scales_of(double n) noexcept {
  const double root = std::sqrt(n);
  return {1.0 / n, root, 1.0 / root};
}
// The windows' quantities side by side, padded to a whole number of vectors.
constexpr std::size_t kLanes = RegimeFeatures::kWindowLanes;
static_assert(kWindows <= kLanes);
using WindowLanes = RegimeFeatures::WindowLanes;

// The window lanes are one vector of four doubles (regime/lane_vectors.hpp).
static_assert(kLanes == 4, "the window sums are one vector of four lanes");
// x in the windows' lanes, +0.0 in the padding lanes: a broadcast and a bitwise AND with a
// constant lane mask. (Not Doubles4{x, x, x, 0.0}: GCC builds that with a register-to-register
// VEX movq that valgrind 3.19 cannot decode, which would break the instruction counts.)
static_assert(kWindows == 3, "kWindowLaneMask: three window lanes and one padding lane");
constexpr LaneBits4 kWindowLaneMask = {-1, -1, -1, 0};
inline void in_window_lanes(Doubles4& lanes, double x) noexcept {
  lanes = reinterpret_cast<Doubles4>(reinterpret_cast<LaneBits4>(Doubles4{} + x) & kWindowLaneMask);
}

// The scales of every window as lanes (the padding lanes 0): once every window is full, the
// constant kFullWindowScales; before, per window, those of the returns seen so far.
struct ScaleLanes {
  WindowLanes inverse_n, sqrt_n, inverse_sqrt_n;
};
ScaleLanes scale_lanes(std::int64_t returns) noexcept {
  ScaleLanes lanes{};
  for (std::size_t w = 0; w < kWindows; ++w) {
    const WindowScales n =
        scales_of(static_cast<double>(std::min<std::int64_t>(returns, kFeatureWindows[w])));
    lanes.inverse_n[w] = n.inverse_n;
    lanes.sqrt_n[w] = n.sqrt_n;
    lanes.inverse_sqrt_n[w] = n.inverse_sqrt_n;
  }
  return lanes;
}
const ScaleLanes kFullWindowScales = scale_lanes(kFullWindowReturns);
static_assert(kFullWindowReturns >=
              *std::max_element(kFeatureWindows.begin(), kFeatureWindows.end()));

// x clamped to [-limit, limit] (selects, not std::clamp's references: vectorizable).
inline double clamp_symmetric(double x, double limit) noexcept {
  return x < -limit ? -limit : (x > limit ? limit : x);
}

// Into log_fast's domain (positive normal numbers; only absurd ratios, beyond 1e+-307, are
// affected), so that the ten logs of a candle run as one vectorized loop.
double clamp_to_normal(double r) noexcept {
  return r > 0x1p-1022 ? (r < 0x1p1023 ? r : 0x1p1023) : 0x1p-1022;
}

}  // namespace

RegimeFeatures::RegimeFeatures() {
  RegimeChangePoint::reset_runs(state_.runs);
}

// Compiled twice (REGIME_AVX2_CLONES, regime/cpu_dispatch.hpp): AVX2 handles four windows per
// instruction in step 2, the x86-64 baseline two; the same operations per lane, the same bits.
// In place: every value of `state` is read before it is overwritten (each window's sums and each
// run's lanes by the same lane), so stepping a copy gives the bits of stepping the original.
// (__restrict: `step` and `state` do not overlap, so the compiler need not reload the state's
// sums after each store into the step.)
REGIME_AVX2_CLONES void RegimeFeatures::prepare_into(const core::Candle& c, Step& __restrict step,
                                                     State& __restrict state) const noexcept {
  const double high_over_low = c.high / c.low;
  if (fast_math::in_log_domain(c.close) & fast_math::in_log_domain(high_over_low)) {
    // The candle's two logs as one vector of two lanes.
    const std::array<double, 2> arguments = {c.close, high_over_low};
    std::array<double, 2> logs;
    for (std::size_t i = 0; i < 2; ++i) logs[i] = fast_math::log_fast(arguments[i]);
    step.log_close = logs[0];
    step.log_range = logs[1];
  } else {
    step.log_close = fast_math::log_checked(c.close);
    step.log_range = fast_math::log_checked(high_over_low);
  }
  step.volume = c.volume;
  // The volatility and volume levels enter as fourth roots: a homogeneous transform (so ratios
  // stay scale-free) that damps the few breakout candles (x2.5-4 volatility, x2-4 volume), which
  // otherwise make the long-run reference swing by +-20% with the number of recent breakouts.
  step.range_level = std::sqrt(std::sqrt(step.log_range));
  step.volume_level = std::sqrt(std::sqrt(step.volume));
  Scalars& s = state.scalars;
  if (!s.has_close) {
    s.has_close = true;
    s.last_log_close = step.log_close;
    step.returns_seen = s.returns_seen;
    step.has_return = false;
    step.log_return = step.lag_product = step.clipped_z = 0.0;
    step.volatility_level_ratio = step.volume_level_ratio = 1.0;
    step.feeds_range_reference = step.feeds_volume_reference = false;
    step.change_point_features.fill(0.0);
    step.features.fill(0.0);
    return;  // the sums and runs carry over unchanged
  }
  step.has_return = true;
  step.log_return = step.log_close - s.last_log_close;
  step.lag_product = s.returns_seen > 0 ? step.log_return * s.last_return : 0.0;
  const std::int64_t index = s.returns_seen;  // this return's number, from 0
  ++s.returns_seen;
  step.returns_seen = s.returns_seen;
  // The stand-in reference until the median has its first window (prepare_into, step 2):
  // expanding mean first, then an exponential average over kLongRunCandles.
  // (The constant reciprocals once past the expanding means: the same values, without a
  // division at the head of the dependency chain to the level ratios and the drift term.)
  const double seen = static_cast<double>(s.returns_seen);
  const double weight = seen >= kLongRunCandles ? kInverseLongRunCandles : 1.0 / seen;
  s.long_run_range += weight * (step.range_level - s.long_run_range);
  s.long_run_volume += weight * (step.volume_level - s.long_run_volume);
  const double short_weight = seen >= kShortRunCandles ? kInverseShortRunCandles : 1.0 / seen;
  s.short_run_range += short_weight * (step.range_level - s.short_run_range);
  // The robust statistic's term: the return over the recent range level S, clipped (0 while
  // every recent candle was flat).
  const double recent_level = s.short_run_range;
  const double recent_scale = (recent_level * recent_level) * (recent_level * recent_level);
  step.clipped_z =
      recent_scale > 0 ? clamp_symmetric(step.log_return / recent_scale, kRobustClip) : 0.0;
  s.last_log_close = step.log_close;
  s.last_return = step.log_return;

  // 1. The windows' sums, all windows at once (one vector lane per window): add the new values
  // and subtract those leaving, each window's own distance back (the zero record while a window
  // is not full yet; the padding lane adds and subtracts zeros). Per lane exactly the scalar
  // operations of one window: add, then subtract.
  const double r = step.log_return;
  std::array<const HistoryRecord*, kLanes> leaving;
  for (std::size_t w = 0; w < kLanes; ++w) {
    leaving[w] = &history_[w < kWindows ? leaving_slot(index, kFeatureWindows[w]) : kZeroRecord];
  }
  // (Vectors by reference: see regime/lane_vectors.hpp.)
  const auto leaving_lanes = [&leaving](Doubles4& lanes, double HistoryRecord::*value) {
    lanes =
        Doubles4{leaving[0]->*value, leaving[1]->*value, leaving[2]->*value, leaving[3]->*value};
  };
  const auto advance_sums = [](const WindowLanes& old, double incoming, const Doubles4& out,
                               WindowLanes& sums) {
    Doubles4 before;
    load4(before, old.data());
    Doubles4 in;
    in_window_lanes(in, incoming);
    store4(sums.data(), (before + in) - out);
  };
  WindowSums& sums = state.totals;  // each lane read, then overwritten
  Doubles4 out;
  leaving_lanes(out, &HistoryRecord::log_return);
  advance_sums(sums.returns, r, out, sums.returns);
  advance_sums(sums.squared_returns, r * r, out * out, sums.squared_returns);
  leaving_lanes(out, &HistoryRecord::abs_return);
  advance_sums(sums.abs_returns, std::abs(r), out, sums.abs_returns);
  leaving_lanes(out, &HistoryRecord::range_level);
  advance_sums(sums.ranges, step.range_level, out, sums.ranges);
  leaving_lanes(out, &HistoryRecord::volume_level);
  advance_sums(sums.volumes, step.volume_level, out, sums.volumes);
  leaving_lanes(out, &HistoryRecord::lag_product);
  advance_sums(sums.lag_products, step.lag_product, out, sums.lag_products);
  leaving_lanes(out, &HistoryRecord::clipped_z);
  advance_sums(sums.clipped_z, step.clipped_z, out, sums.clipped_z);
  WindowLanes extents{};
  const WindowCloseExtremes::Extents close_extents = closes_.peek_extents(step.log_close);
  for (std::size_t w = 0; w < kWindows; ++w) extents[w] = close_extents[w];
  ScaleLanes partial_scales;
  if (index + 1 < kFullWindowReturns) partial_scales = scale_lanes(index + 1);
  const ScaleLanes& scales = index + 1 < kFullWindowReturns ? partial_scales : kFullWindowScales;
  const WindowLanes &returns = sums.returns, &squared_returns = sums.squared_returns,
                    &abs_returns = sums.abs_returns, &ranges = sums.ranges, &volumes = sums.volumes,
                    &lag_products = sums.lag_products, &clipped_z = sums.clipped_z;
  const WindowLanes &inverse_n = scales.inverse_n, &sqrt_n = scales.sqrt_n,
                    &inverse_sqrt_n = scales.inverse_sqrt_n;

  // 2. The features of all windows at once: plain arithmetic and selects over the lanes, which
  // the compiler vectorizes. Divisions take a safe denominator (1) where the result is
  // discarded, so that no lane divides by zero. The padding lanes (all zero) give zeros and
  // log ratios of 1.
  // The references: the long-run medians of the reference window's levels once there are any
  // (their inverses are positive from the first push on, 0 before: the histograms' own lines are
  // left to commit()), before that the mean of the candles' levels so far; 0 while neither.
  const double inverse_long_run_range = inverse_range_reference_ > 0
                                            ? inverse_range_reference_
                                            : (s.long_run_range > 0 ? 1.0 / s.long_run_range : 0.0);
  const double inverse_long_run_volume =
      inverse_volume_reference_ > 0 ? inverse_volume_reference_
                                    : (s.long_run_volume > 0 ? 1.0 / s.long_run_volume : 0.0);
  const bool ranges_comparable = inverse_long_run_range > 0;
  const bool volumes_comparable = inverse_long_run_volume > 0;
  WindowLanes tstat, robust_tstat, efficiency, autocorrelation, range_ratio;
  std::array<double, 2 * kLanes> level_ratios, log_level_ratios;
  for (std::size_t w = 0; w < kLanes; ++w) {
    const double range_level = ranges[w] * inverse_n[w];  // power mean of order 1/4 of log(h/l)
    const double mean = returns[w] * inverse_n[w];
    const double mean_squares = squared_returns[w] * inverse_n[w] - mean * mean;
    const double variance = mean_squares > 0 ? mean_squares : 0.0;
    const double sd = std::sqrt(variance);
    const double inverse_sd_or_one = 1.0 / (sd > 0 ? sd : 1.0);
    const double inverse_sd = sd > 0 ? inverse_sd_or_one : 0.0;  // 0: sd-scaled features are 0
    tstat[w] = clamp_symmetric(mean * sqrt_n[w] * inverse_sd, kMaxAbsTStat);
    robust_tstat[w] = clamp_symmetric(clipped_z[w] * inverse_n[w] * sqrt_n[w], kMaxAbsTStat);
    const bool has_moves = abs_returns[w] > 0;
    const double net_share = std::abs(returns[w]) / (has_moves ? abs_returns[w] : 1.0);
    efficiency[w] = has_moves ? (net_share < 1.0 ? net_share : 1.0) : 0.0;
    autocorrelation[w] = clamp_symmetric(
        (lag_products[w] * inverse_n[w] - mean * mean) * (inverse_sd * inverse_sd), 1.0);
    const double extent_ratio = extents[w] * inverse_sd * inverse_sqrt_n[w];
    range_ratio[w] = extent_ratio < 10.0 ? extent_ratio : 10.0;
    // log(level / long-run level), 0 when either is not positive.
    level_ratios[w] = (ranges_comparable & (ranges[w] > 0))
                          ? clamp_to_normal(range_level * inverse_long_run_range)
                          : 1.0;
    level_ratios[kLanes + w] =
        (volumes_comparable & (volumes[w] > 0))
            ? clamp_to_normal(volumes[w] * inverse_n[w] * inverse_long_run_volume)
            : 1.0;
  }
  for (std::size_t i = 0; i < level_ratios.size(); ++i)
    log_level_ratios[i] = fast_math::log_fast(level_ratios[i]);
  constexpr std::size_t kSlot = kReferenceWindowSlot;
  const bool reference_window_full = index + 1 >= kFeatureWindows[kSlot];
  step.feeds_range_reference = reference_window_full & (ranges[kSlot] > 0);
  step.feeds_volume_reference = reference_window_full & (volumes[kSlot] > 0);
  step.window_log_range =
      step.feeds_range_reference ? fast_math::log_fast(ranges[kSlot] * inverse_n[kSlot]) : 0.0;
  step.window_log_volume =
      step.feeds_volume_reference ? fast_math::log_fast(volumes[kSlot] * inverse_n[kSlot]) : 0.0;
  step.volatility_level_ratio = level_ratios[kMetricsWindowSlot];
  step.volume_level_ratio = level_ratios[kLanes + kMetricsWindowSlot];

  // 3. The run-length posterior over where the current segment began (regime_change_point),
  // fed with this candle's drift term and level ratios, and the features of its most probable
  // run.
  const ChangePointObservation observation{
      step.clipped_z, ranges_comparable ? step.range_level * inverse_long_run_range : 1.0,
      volumes_comparable ? step.volume_level * inverse_long_run_volume : 1.0};
  RegimeChangePoint::advance(state.runs, observation, step.change_point_features);

  // 4. Into the feature vector (feature-major: the windows of a feature are adjacent; the
  // change point's features after them).
  // Each feature's lanes are copied whole, in the order of the features, so that the padding
  // lane written past a feature's windows is overwritten by the next feature's first window,
  // and the last by the change point's features (one vector store per feature instead of a
  // scalar store per window).
  FeatureVector& f = step.features;
  static_assert(feature_index(0, kRangeRatio) + static_cast<int>(kLanes) <=
                    kChangePointFeatureOffset + kChangePointFeatureCount,
                "the last padding lane falls on a change-point feature");
  const auto write_lanes = [&f](FeatureOffset offset, const double* lanes) {
    std::memcpy(&f[feature_index(0, offset)], lanes, sizeof(WindowLanes));
  };
  write_lanes(kTStat, tstat.data());
  write_lanes(kRobustTStat, robust_tstat.data());
  write_lanes(kEfficiency, efficiency.data());
  write_lanes(kLogVolatilityRatio, log_level_ratios.data());
  write_lanes(kLogVolumeRatio, log_level_ratios.data() + kLanes);
  write_lanes(kAutocorrelation, autocorrelation.data());
  write_lanes(kRangeRatio, range_ratio.data());
  for (int i = 0; i < kChangePointFeatureCount; ++i)
    f[kChangePointFeatureOffset + i] = step.change_point_features[i];
  f[kReferenceAgeIndex] =
      seen < kLongRunCandles ? fast_math::log_fast(std::max(seen, kReadyAge)) : kLogLongRunCandles;
}

void RegimeFeatures::commit(const Step& step) noexcept {
  closes_.push(step.log_close);
  if (!step.has_return) return;
  if (step.feeds_range_reference) {
    range_reference_.push(step.window_log_range);
    inverse_range_reference_ = std::exp(-range_reference_.median());
  }
  if (step.feeds_volume_reference) {
    volume_reference_.push(step.window_log_volume);
    inverse_volume_reference_ = std::exp(-volume_reference_.median());
  }
  // This return's number is step.returns_seen - 1 (the state already counts it).
  const std::int64_t seen = step.returns_seen;
  history_[static_cast<std::size_t>(seen - 1) % kHistory] = {
      step.log_return,   std::abs(step.log_return), step.range_level,
      step.volume_level, step.lag_product,          step.clipped_z};
  // Window w's sums are rebuilt whenever the count of returns reaches a multiple of
  // kRebuildPeriods * n (one test per candle for all windows: the periods' common divisor).
  if (seen % kRebuildCommonPeriod != 0) return;
  for (std::size_t w = 0; w < kWindows; ++w) {
    if (seen % (kRebuildPeriods * kFeatureWindows[w]) == 0) rebuild(w);
  }
}

// Recomputes window w's sums from the history, so that add/subtract rounding cannot drift
// (O(n) once every kRebuildPeriods * n pushes).
void RegimeFeatures::rebuild(std::size_t w) noexcept {
  WindowSums& sums = state_.totals;
  const std::int64_t seen = state_.scalars.returns_seen;
  const std::int64_t n = std::min<std::int64_t>(seen, kFeatureWindows[w]);
  double returns = 0, squared_returns = 0, abs_returns = 0, ranges = 0, volumes = 0,
         lag_products = 0, clipped_z = 0;
  for (std::int64_t j = seen - n; j < seen; ++j) {
    const HistoryRecord& record = history_[static_cast<std::size_t>(j) % kHistory];
    returns += record.log_return;
    squared_returns += record.log_return * record.log_return;
    abs_returns += record.abs_return;
    ranges += record.range_level;
    volumes += record.volume_level;
    lag_products += record.lag_product;
    clipped_z += record.clipped_z;
  }
  sums.returns[w] = returns;
  sums.squared_returns[w] = squared_returns;
  sums.abs_returns[w] = abs_returns;
  sums.ranges[w] = ranges;
  sums.volumes[w] = volumes;
  sums.lag_products[w] = lag_products;
  sums.clipped_z[w] = clipped_z;
}

void RegimeFeatures::reset() noexcept {
  history_ = {};
  closes_.reset();
  state_.scalars = {};
  state_.totals = {};
  range_reference_.reset();
  volume_reference_.reset();
  inverse_range_reference_ = inverse_volume_reference_ = 0;
  RegimeChangePoint::reset_runs(state_.runs);
}

}  // namespace alphapulse::regime
