// regime/regime_features: computing and committing one candle's feature step.
#include "regime/regime_features.hpp"

#include <algorithm>
#include <cmath>

#include "regime/fast_math.hpp"

namespace alphapulse::regime {
namespace {

constexpr double kMaxAbsTStat = 12;  // clip: a flat window's tiny sd would give huge values
constexpr std::size_t kWindows = kFeatureWindows.size();

// log(value / reference), 0 when either is not positive. Ratios are clamped into the normal
// range, log_fast's domain (only absurd ratios, beyond 1e+-307, are affected), so that the ten
// logs of a candle run as one vectorized loop.
void log_ratios(const std::array<double, 2 * kWindows>& values,
                const std::array<double, 2 * kWindows>& references,
                std::array<double, 2 * kWindows>& out) noexcept {
  std::array<double, 2 * kWindows> ratio;
  for (std::size_t i = 0; i < ratio.size(); ++i) {
    const double r = values[i] > 0 && references[i] > 0 ? values[i] / references[i] : 1.0;
    ratio[i] = r > 0x1p-1022 ? (r < 0x1p1023 ? r : 0x1p1023) : 0x1p-1022;
  }
  for (std::size_t i = 0; i < ratio.size(); ++i) out[i] = fast_math::log_fast(ratio[i]);
}

}  // namespace

RegimeFeatures::RegimeFeatures()
    : closes_{
          ta::RollingExtremes(kFeatureWindows[0] + 1), ta::RollingExtremes(kFeatureWindows[1] + 1),
          ta::RollingExtremes(kFeatureWindows[2] + 1), ta::RollingExtremes(kFeatureWindows[3] + 1),
          ta::RollingExtremes(kFeatureWindows[4] + 1)} {}

RegimeFeatures::Step RegimeFeatures::prepare(const core::Candle& c) const noexcept {
  Step step;
  step.next = scalars_;
  step.log_close = fast_math::log_checked(c.close);
  step.log_range = fast_math::log_checked(c.high / c.low);
  step.volume = c.volume;
  // The volatility and volume levels enter as fourth roots: a homogeneous transform (so ratios
  // stay scale-free) that damps the few breakout candles (x2.5-4 volatility, x2-4 volume), which
  // otherwise make the long-run reference swing by +-20% with the number of recent breakouts.
  step.range_level = std::sqrt(std::sqrt(step.log_range));
  step.volume_level = std::sqrt(std::sqrt(step.volume));
  Scalars& s = step.next;
  if (!s.has_close) {
    s.has_close = true;
    s.last_log_close = step.log_close;
    return step;
  }
  step.has_return = true;
  step.log_return = step.log_close - s.last_log_close;
  step.lag_product = s.returns_seen > 0 ? step.log_return * s.last_return : 0.0;
  const std::int64_t index = s.returns_seen;  // this return's number, from 0
  ++s.returns_seen;
  // Expanding mean first, then an exponential average over kLongRunCandles.
  const double weight = 1.0 / std::min(static_cast<double>(s.returns_seen), kLongRunCandles);
  s.long_run_range += weight * (step.range_level - s.long_run_range);
  s.long_run_volume += weight * (step.volume_level - s.long_run_volume);
  s.last_log_close = step.log_close;
  s.last_return = step.log_return;

  const double r = step.log_return;
  const double abs_r = std::abs(r);
  std::array<double, 2 * kWindows> ratio_values, ratio_references, logs;
  for (std::size_t w = 0; w < kWindows; ++w) {
    const auto capacity = static_cast<std::int64_t>(kFeatureWindows[w]);
    // Push the new return and drop the one `capacity` returns back, if the window was full.
    WindowTotals t = totals_[w];
    t.returns += r;
    t.squared_returns += r * r;
    t.abs_returns += abs_r;
    t.ranges += step.range_level;
    t.volumes += step.volume_level;
    t.lag_products += step.lag_product;
    if (index >= capacity) {
      const std::size_t old = static_cast<std::size_t>(index - capacity) % kHistory;
      const double old_r = history_.returns[old];
      t.returns -= old_r;
      t.squared_returns -= old_r * old_r;
      t.abs_returns -= history_.abs_returns[old];
      t.ranges -= history_.ranges[old];
      t.volumes -= history_.volumes[old];
      t.lag_products -= history_.lag_products[old];
    }
    step.totals[w] = t;

    const double dn = static_cast<double>(std::min(index + 1, capacity));
    const double range_level = t.ranges / dn;  // power mean of order 1/4 of log(high/low)
    const double range_scale = (range_level * range_level) * (range_level * range_level);
    const double mean = t.returns / dn;
    const double mean_squares = t.squared_returns / dn - mean * mean;
    const double variance = mean_squares > 0 ? mean_squares : 0.0;
    const double sd = std::sqrt(variance);
    const double sqrt_n = std::sqrt(dn);
    const double extent =
        closes_[w].peek_highest(step.log_close) - closes_[w].peek_lowest(step.log_close);

    const double tstat = sd > 0 ? std::clamp(mean * sqrt_n / sd, -kMaxAbsTStat, kMaxAbsTStat) : 0.0;
    const int slot = static_cast<int>(w);
    FeatureVector& f = step.features;
    f[feature_index(slot, kTStat)] = tstat;
    // Drift against the intra-candle volatility: the power mean of the ranges is a far steadier
    // scale than the window's return sd (a 10-return sd is off by ~20%).
    f[feature_index(slot, kRangeTStat)] =
        t.ranges > 0 ? std::clamp(mean / range_scale * sqrt_n, -kMaxAbsTStat, kMaxAbsTStat) : 0.0;
    f[feature_index(slot, kEfficiency)] =
        t.abs_returns > 0 ? std::min(std::abs(t.returns) / t.abs_returns, 1.0) : 0.0;
    f[feature_index(slot, kAutocorrelation)] =
        variance > 0 ? std::clamp((t.lag_products / dn - mean * mean) / variance, -1.0, 1.0) : 0.0;
    f[feature_index(slot, kRangeRatio)] = sd > 0 ? std::min(extent / (sd * sqrt_n), 10.0) : 0.0;
    ratio_values[2 * w] = t.ranges / dn;
    ratio_references[2 * w] = s.long_run_range;
    ratio_values[2 * w + 1] = t.volumes / dn;
    ratio_references[2 * w + 1] = s.long_run_volume;
  }
  log_ratios(ratio_values, ratio_references, logs);
  for (std::size_t w = 0; w < kWindows; ++w) {
    const int slot = static_cast<int>(w);
    step.features[feature_index(slot, kLogVolatilityRatio)] = logs[2 * w];
    step.features[feature_index(slot, kLogVolumeRatio)] = logs[2 * w + 1];
  }
  return step;
}

void RegimeFeatures::apply(const Step& step) noexcept {
  for (ta::RollingExtremes& closes : closes_) closes.push(step.log_close, step.log_close);
  if (step.has_return) {
    const auto slot = static_cast<std::size_t>(scalars_.returns_seen) % kHistory;
    history_.returns[slot] = step.log_return;
    history_.abs_returns[slot] = std::abs(step.log_return);
    history_.ranges[slot] = step.range_level;
    history_.volumes[slot] = step.volume_level;
    history_.lag_products[slot] = step.lag_product;
  }
  scalars_ = step.next;
  if (!step.has_return) return;
  totals_ = step.totals;
  for (std::size_t w = 0; w < kWindows; ++w) {
    if (++pushes_since_rebuild_[w] >= kFeatureWindows[w]) rebuild(w);
  }
}

// Recomputes window w's sums from the history, so that add/subtract rounding cannot drift
// (O(n) once every n pushes).
void RegimeFeatures::rebuild(std::size_t w) noexcept {
  const std::int64_t seen = scalars_.returns_seen;
  const std::int64_t n = std::min<std::int64_t>(seen, kFeatureWindows[w]);
  WindowTotals t;
  for (std::int64_t j = seen - n; j < seen; ++j) {
    const std::size_t i = static_cast<std::size_t>(j) % kHistory;
    t.returns += history_.returns[i];
    t.squared_returns += history_.returns[i] * history_.returns[i];
    t.abs_returns += history_.abs_returns[i];
    t.ranges += history_.ranges[i];
    t.volumes += history_.volumes[i];
    t.lag_products += history_.lag_products[i];
  }
  totals_[w] = t;
  pushes_since_rebuild_[w] = 0;
}

void RegimeFeatures::reset() noexcept {
  scalars_ = {};
  history_ = {};
  totals_ = {};
  pushes_since_rebuild_ = {};
  for (ta::RollingExtremes& closes : closes_) closes.reset();
}

}  // namespace alphapulse::regime
