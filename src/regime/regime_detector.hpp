// regime/regime_detector: the market regime of one (symbol, timeframe) stream, candle by
// candle. Scale-free features (regime_features) -> fitted classifier (regime_model) ->
// forward filter with confirmation (regime_filter). O(1) per candle, no allocation after
// construction, no exceptions, no virtual calls; value type (copy it to fork a stream).
//
// Before ready() (the first warmup() candles) the state is the documented default: ranging,
// confidence 0, changed false. The first ready candle sets the regime from the classifier
// (changed is true if that is not ranging).
#pragma once

#include <optional>

#include "core/candle.hpp"
#include "regime/regime_features.hpp"
#include "regime/regime_filter.hpp"
#include "regime/regime_model.hpp"
#include "regime/regime_state.hpp"
#include "ta/input_status.hpp"

namespace alphapulse::regime {

class RegimeDetector {
 public:
  // The fitted model and filter (regime_model_weights.hpp).
  RegimeDetector();
  // Another filter setting (the fitting tool tunes these).
  explicit RegimeDetector(const RegimeFilterParams& params);

  // Feed closed candles in time order. An invalid candle (core::validate) is rejected and
  // leaves the state exactly as it was.
  ta::InputStatus update(const core::Candle& c) noexcept {
    const ta::InputStatus status = ta::check_candle(c);
    if (status == ta::InputStatus::kAccepted) [[likely]]
      apply(c);
    return status;
  }
  // update() without the check: `c` must have passed ta::check_candle (the signal pipeline has
  // its indicator set check each candle once; the check was ~30 instructions of a candle).
  void apply(const core::Candle& c) noexcept;
  // The state update(c) would give, without changing anything (an invalid c gives state()).
  RegimeState peek(const core::Candle& c) const noexcept;

  const RegimeState& state() const noexcept { return decision_.state; }
  // The record to store when state().changed is true; nullopt otherwise.
  std::optional<RegimeChange> change() const noexcept;
  // The filter's posterior over the six regimes (indexed by core::MarketRegime).
  const RegimeProbabilities& probabilities() const noexcept { return decision_.filter.posterior; }

  // Asks for the lines the next apply() touches (the decision, the filter, the features' step):
  // ~25 of the detector's ~200, see RegimeFeatures::prefetch_next_step.
  void prefetch_next_candle() const noexcept {
    core::prefetch_lines(this, &features_);
    features_.prefetch_next_step();
  }

  bool ready() const noexcept { return features_.ready(); }
  int warmup() const noexcept { return kReadyReturns + 1; }  // candles, the first has no return
  void reset() noexcept;

 private:
  // What a candle's decision reads and writes besides the features, in the first three cache
  // lines of the detector (filter 64 bytes, state 80).
  struct Decision {
    RegimeFilterState filter;
    RegimeState state;
  };
  // Returns the filter's step (changed, and the ended regime's duration).
  RegimeFilterStep decide(Decision& d, const RegimeFeatures::Step& step) const noexcept;
  // The fitted filter is one shared constant (kFittedFilterModel in regime_detector.cpp, 88
  // bytes that every stream reads each candle: shared, they stay in the caches; a copy per
  // stream was two more lines to fetch per candle with many streams); a detector built with
  // other parameters (the fitting tool) reads its own copy.
  const RegimeFilterModel& filter_model() const noexcept;

  Decision decision_;
  bool own_filter_model_ = false;
  RegimeChange change_;               // set when state().changed
  RegimeFilterModel filter_model_{};  // read only when own_filter_model_
  RegimeFeatures features_;
};

}  // namespace alphapulse::regime
