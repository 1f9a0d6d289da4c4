// regime/regime_state: what the regime detector reports per candle (RegimeState) and the
// record it hands to storage when the regime changes (RegimeChange, the fields of the seed's
// market_regimes table). Plain trivially copyable values.
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/market_regime.hpp"
#include "core/time.hpp"

namespace alphapulse::regime {

// The scale-free features behind a decision, over the detector's 40-candle window (see
// docs/regime.md). None depends on the price level or the stream's volatility level.
struct RegimeMetrics {
  double trend_t_statistic = 0;       // mean log return / its standard error
  double efficiency_ratio = 0;        // |sum of log returns| / sum of |log returns|, 0..1
  double volatility_ratio = 0;        // log(high/low) over the stream's long-run level (power means
                                      // of order 1/4: a breakout candle weighs less than its size)
  double volume_ratio = 0;            // volume over the stream's long-run level (same means)
  double return_autocorrelation = 0;  // lag-1 autocorrelation of log returns, -1..1
  double range_ratio = 0;             // (max - min log close) / (return sd * sqrt(n))
};

struct RegimeState {
  core::MarketRegime regime = core::MarketRegime::kRanging;  // default before ready()
  double confidence =
      0;  // the classifier's probability of `regime` (calibrated), 0..1; 0 before ready()
  std::int64_t duration_candles = 0;  // candles the current regime has lasted, this one included
  RegimeMetrics metrics;
  bool changed = false;  // regime differs from the previous candle's
};

struct RegimeChange {
  core::TimestampMs time;  // open time of the candle at whose close the change was detected
  core::MarketRegime regime_type = core::MarketRegime::kRanging;  // the new regime
  double confidence = 0;
  std::int64_t duration_candles = 0;  // of the regime that ended
  RegimeMetrics metrics;
};

static_assert(std::is_trivially_copyable_v<RegimeState>);
static_assert(std::is_trivially_copyable_v<RegimeChange>);

}  // namespace alphapulse::regime
