#include "strategy/levels.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::strategy {

Levels compute_levels(core::Direction direction, double entry, double atr, double swing_low,
                      double swing_high, const LevelSettings& s) noexcept {
  const bool is_long = direction == core::Direction::kLong;
  const double swing = is_long ? swing_low : swing_high;
  double distance = std::fabs(entry - swing) + s.swing_buffer_atr * atr;
  // A swing on the wrong side of entry (entry beyond it) carries no structure: use the floor.
  if ((is_long && swing > entry) || (!is_long && swing < entry)) distance = 0;
  distance = std::clamp(distance, s.stop_min_atr * atr, s.stop_max_atr * atr);

  Levels out;
  out.entry = entry;
  const double sign = is_long ? 1.0 : -1.0;
  out.stop_loss = entry - sign * distance;
  double reward = 0;
  for (std::size_t i = 0; i < out.take_profits.size(); ++i) {
    out.take_profits[i] = entry + sign * s.target_r[i] * distance;
    reward += s.target_r[i];
  }
  out.risk_reward_ratio = reward / static_cast<double>(out.take_profits.size());
  out.stop_atr_multiple = atr > 0 ? distance / atr : 0;
  return out;
}

}  // namespace alphapulse::strategy
