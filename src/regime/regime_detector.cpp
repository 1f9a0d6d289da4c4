// regime/regime_detector: wiring features, classifier and filter; update and peek share decide().
#include "regime/regime_detector.hpp"

#include <array>

#include "regime/cpu_dispatch.hpp"
#include "regime/fast_math.hpp"
#include "regime/regime_model_weights.hpp"

namespace alphapulse::regime {
namespace {

// The fitted network in the per-candle layout, built at compile time.
constexpr RegimeNetworkKernel kFittedKernel{kFittedRegimeNetwork};
// The fitted filter, shared by every detector built with the default constructor.
const RegimeFilterModel kFittedFilterModel =
    make_regime_filter_model(kFittedFilterParams, kRegimeClassPrior);

RegimeMetrics metrics_from(const RegimeFeatures::Step& step) {
  const FeatureVector& f = step.features;
  constexpr int kWindow = kMetricsWindowSlot;
  RegimeMetrics m;
  m.trend_t_statistic = f[feature_index(kWindow, kTStat)];
  m.efficiency_ratio = f[feature_index(kWindow, kEfficiency)];
  // The features compare power means of order 1/4 (fourth roots averaged, regime_features):
  // raised back to the 4th power they are ratios in the units of range and volume.
  const double v = step.volatility_level_ratio, u = step.volume_level_ratio;
  m.volatility_ratio = (v * v) * (v * v);
  m.volume_ratio = (u * u) * (u * u);
  m.return_autocorrelation = f[feature_index(kWindow, kAutocorrelation)];
  m.range_ratio = f[feature_index(kWindow, kRangeRatio)];
  return m;
}

// The network's probability of regime k: the confidence. Why not the filter's posterior (the
// confidence until session 16): with the fitted evidence weight (w = 20) the posterior is a
// near-certain vote, 1.000 for 95% of the counted candles of the selection seeds, which are
// right 92% of the time (expected calibration error 0.092); the softmax, fitted by
// cross-entropy, is a probability: right as often as it says within 0.4 points on average
// (ECE 0.0035; tools/regime/confidence_calibration, docs/regime.md, "Filter, hysteresis,
// confidence"). Eight lanes (two padded with a negligible exp(-700)) so that the exps vectorize
// inside decide's clones; exp_relaxed's 1e-11 is far below what a confidence needs.
inline double softmax_probability(const RegimeLogits& logits, int k) noexcept {
  constexpr int kLanes = 8;
  double top = logits[0];
  for (int j = 1; j < kRegimeCount; ++j) top = logits[j] > top ? logits[j] : top;
  std::array<double, kLanes> e{};
  for (int j = 0; j < kLanes; ++j) e[j] = j < kRegimeCount ? logits[j] - top : -700.0;
  for (int j = 0; j < kLanes; ++j) e[j] = fast_math::exp_relaxed(e[j]);
  double total = 0;
  for (int j = 0; j < kLanes; ++j) total += e[j];
  return e[k] / total;
}

}  // namespace

RegimeDetector::RegimeDetector() = default;

RegimeDetector::RegimeDetector(const RegimeFilterParams& params)
    : own_filter_model_(true), filter_model_(make_regime_filter_model(params, kRegimeClassPrior)) {}

const RegimeFilterModel& RegimeDetector::filter_model() const noexcept {
  return own_filter_model_ ? filter_model_ : kFittedFilterModel;
}

// Compiled twice (REGIME_AVX2_CLONES, regime/cpu_dispatch.hpp): the filter's six exp run four
// to an instruction with AVX2, two on the x86-64 baseline; the same operations, the same bits.
REGIME_AVX2_CLONES RegimeFilterStep
RegimeDetector::decide(Decision& d, const RegimeFeatures::Step& step) const noexcept {
  d.state.changed = false;
  if (!RegimeFeatures::ready_after(step))
    return {};  // default state until the shortest window is full
  const RegimeLogits logits = network_logits(kFittedKernel, step.features);
  // The first decision continues from the warm-up default (ranging) and its duration.
  if (!d.filter.started) d.filter.duration = d.state.duration_candles;
  const RegimeFilterStep filtered = step_regime_filter(d.filter, logits, filter_model());
  d.state.regime = d.filter.current;
  d.state.confidence = softmax_probability(logits, static_cast<int>(d.filter.current));
  d.state.metrics = metrics_from(step);
  d.state.changed = filtered.changed;
  d.state.duration_candles = d.filter.duration;
  return filtered;
}

void RegimeDetector::apply(const core::Candle& c) noexcept {
  RegimeFeatures::Step step;
  features_.advance(c, step);
  const RegimeFilterStep filtered = decide(decision_, step);
  if (filtered.changed) {
    const RegimeState& s = decision_.state;
    change_ = {c.open_time, s.regime, s.confidence, filtered.ended_duration, s.metrics};
  }
  if (!RegimeFeatures::ready_after(step))
    ++decision_.state.duration_candles;  // warm-up default lasts
  features_.commit(step);
}

RegimeState RegimeDetector::peek(const core::Candle& c) const noexcept {
  if (ta::check_candle(c) != ta::InputStatus::kAccepted) return decision_.state;
  const RegimeFeatures::Step step = features_.prepare(c);
  Decision next = decision_;
  decide(next, step);
  if (!RegimeFeatures::ready_after(step)) ++next.state.duration_candles;
  return next.state;
}

std::optional<RegimeChange> RegimeDetector::change() const noexcept {
  if (!decision_.state.changed) return std::nullopt;
  return change_;
}

void RegimeDetector::reset() noexcept {
  features_.reset();
  decision_ = {};
  change_ = {};
}

}  // namespace alphapulse::regime
