// ta/true_range: max(high - low, |high - previous close|, |low - previous close|).
#pragma once

#include <cmath>

namespace alphapulse::ta {

constexpr double true_range(double high, double low, double previous_close) noexcept {
  double greatest = high - low;
  const double to_high = std::fabs(previous_close - high);
  if (to_high > greatest) greatest = to_high;
  const double to_low = std::fabs(low - previous_close);
  if (to_low > greatest) greatest = to_low;
  return greatest;
}

}  // namespace alphapulse::ta
