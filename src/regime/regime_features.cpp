// regime/regime_features: computing and committing one candle's feature step.
#include "regime/regime_features.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::regime {
namespace {

constexpr double kMaxAbsTStat = 12;  // clip: a flat window's tiny sd would give huge values

double log_ratio(double value, double reference) {
  return value > 0 && reference > 0 ? std::log(value / reference) : 0.0;
}

}  // namespace

RegimeFeatures::RegimeFeatures()
    : windows_{Window(kFeatureWindows[0]), Window(kFeatureWindows[1]), Window(kFeatureWindows[2]),
               Window(kFeatureWindows[3]), Window(kFeatureWindows[4])} {}

RegimeFeatures::Step RegimeFeatures::prepare(const core::Candle& c) const noexcept {
  Step step;
  step.next = scalars_;
  step.log_close = std::log(c.close);
  step.log_range = std::log(c.high / c.low);
  step.volume = c.volume;
  Scalars& s = step.next;
  if (!s.has_close) {
    s.has_close = true;
    s.last_log_close = step.log_close;
    return step;
  }
  step.has_return = true;
  step.log_return = step.log_close - s.last_log_close;
  step.lag_product = s.returns_seen > 0 ? step.log_return * s.last_return : 0.0;
  ++s.returns_seen;
  // Expanding mean first, then an exponential average over kLongRunCandles.
  const double weight = 1.0 / std::min(static_cast<double>(s.returns_seen), kLongRunCandles);
  s.long_run_range += weight * (step.log_range - s.long_run_range);
  s.long_run_volume += weight * (step.volume - s.long_run_volume);
  s.last_log_close = step.log_close;
  s.last_return = step.log_return;

  for (std::size_t w = 0; w < windows_.size(); ++w) {
    const Window& win = windows_[w];
    const std::size_t n = std::min(win.returns.window().size() + 1, win.returns.capacity());
    const double dn = static_cast<double>(n);
    const auto returns = win.returns.advance(step.log_return);
    const double mean = ta::WindowSums::mean(returns, n);
    const double variance = ta::WindowSums::variance(returns, n);
    const double sd = std::sqrt(variance);
    const double sum_abs =
        ta::WindowSums::mean(win.abs_returns.advance(std::abs(step.log_return)), n) * dn;
    const double mean_range = ta::WindowSums::mean(win.ranges.advance(step.log_range), n);
    const double mean_volume = ta::WindowSums::mean(win.volumes.advance(step.volume), n);
    const double mean_lag = ta::WindowSums::mean(win.lag_products.advance(step.lag_product), n);
    const double extent =
        win.closes.peek_highest(step.log_close) - win.closes.peek_lowest(step.log_close);

    const double t =
        sd > 0 ? std::clamp(mean * std::sqrt(dn) / sd, -kMaxAbsTStat, kMaxAbsTStat) : 0.0;
    const int slot = static_cast<int>(w);
    FeatureVector& f = step.features;
    f[feature_index(slot, kTStat)] = t;
    f[feature_index(slot, kAbsTStat)] = std::abs(t);
    f[feature_index(slot, kEfficiency)] =
        sum_abs > 0 ? std::min(std::abs(mean * dn) / sum_abs, 1.0) : 0.0;
    f[feature_index(slot, kLogVolatilityRatio)] = log_ratio(mean_range, s.long_run_range);
    f[feature_index(slot, kLogVolumeRatio)] = log_ratio(mean_volume, s.long_run_volume);
    f[feature_index(slot, kAutocorrelation)] =
        variance > 0 ? std::clamp((mean_lag - mean * mean) / variance, -1.0, 1.0) : 0.0;
    f[feature_index(slot, kRangeRatio)] =
        sd > 0 ? std::min(extent / (sd * std::sqrt(dn)), 10.0) : 0.0;
  }
  return step;
}

void RegimeFeatures::apply(const Step& step) noexcept {
  scalars_ = step.next;
  for (Window& win : windows_) {
    win.closes.push(step.log_close, step.log_close);
    if (!step.has_return) continue;
    win.returns.push(step.log_return);
    win.abs_returns.push(std::abs(step.log_return));
    win.ranges.push(step.log_range);
    win.volumes.push(step.volume);
    win.lag_products.push(step.lag_product);
  }
}

void RegimeFeatures::reset() noexcept {
  scalars_ = {};
  for (Window& win : windows_) {
    win.returns.clear();
    win.abs_returns.clear();
    win.ranges.clear();
    win.volumes.clear();
    win.lag_products.clear();
    win.closes.reset();
  }
}

}  // namespace alphapulse::regime
