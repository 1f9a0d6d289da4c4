// bench/bench_candles: the bundled real sample, loaded once, cycled through by benchmarks
// so that branch predictors see real price action rather than a synthetic pattern.
#pragma once

#include <string>
#include <vector>

#include "core/candle.hpp"
#include "feed/candle_csv.hpp"

namespace alphapulse::bench {

inline const std::vector<core::Candle>& sample_candles() {
  static const std::vector<core::Candle> candles =
      feed::read_candle_file(std::string(ALPHAPULSE_SAMPLE_DIR) + "/BTCUSDT_15m.csv").candles;
  return candles;
}

}  // namespace alphapulse::bench
