// exchange_sim/forming_candle: see the header. Bullish candles visit the low first, bearish
// ones the high first (the usual intrabar assumption); time is spent in proportion to distance.
#include "exchange_sim/forming_candle.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::exchange_sim {

core::Candle forming_candle(const core::Candle& final_candle, double fraction) {
  if (!(fraction < 1.0)) return final_candle;
  fraction = std::max(fraction, 0.0);
  const core::Candle& c = final_candle;
  const bool bullish = c.close >= c.open;
  const double path[4] = {c.open, bullish ? c.low : c.high, bullish ? c.high : c.low, c.close};
  double total = 0;
  for (int i = 0; i < 3; ++i) total += std::abs(path[i + 1] - path[i]);

  core::Candle partial = c;
  double price = c.open;
  double high = c.open;
  double low = c.open;
  double remaining = fraction * total;
  for (int i = 0; i < 3 && total > 0; ++i) {
    const double a = path[i];
    const double b = path[i + 1];
    const double length = std::abs(b - a);
    if (remaining >= length) {
      price = b;
      remaining -= length;
    } else {
      const double t = length > 0 ? remaining / length : 0.0;
      price = std::clamp(a + (b - a) * t, std::min(a, b), std::max(a, b));
      remaining = 0;
    }
    high = std::max(high, price);
    low = std::min(low, price);
    if (remaining <= 0) break;
  }
  partial.close = std::clamp(price, c.low, c.high);
  partial.high = std::clamp(high, c.low, c.high);
  partial.low = std::clamp(low, c.low, c.high);
  partial.volume = c.volume * fraction;
  partial.quote_volume = c.quote_volume * fraction;
  partial.taker_buy_base_volume = c.taker_buy_base_volume * fraction;
  partial.taker_buy_quote_volume = c.taker_buy_quote_volume * fraction;
  partial.trades = static_cast<std::int64_t>(std::floor(static_cast<double>(c.trades) * fraction));
  return partial;
}

}  // namespace alphapulse::exchange_sim
