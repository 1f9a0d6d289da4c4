// ta/input_status: what an indicator says about an input it was given. Indicators never
// throw; a rejected input leaves their state exactly as it was.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/candle.hpp"

namespace alphapulse::ta {

enum class InputStatus : std::uint8_t {
  kAccepted,
  kRejectedNonFinite,  // NaN or infinity
  kRejectedNegative,   // a negative (or, for prices, zero) value
  kRejectedInvalidCandle,  // fails core::validate (high < body, ...)
};

// Prices must be finite and > 0.
constexpr InputStatus check_price(double x) noexcept {
  if (!std::isfinite(x)) return InputStatus::kRejectedNonFinite;
  if (x <= 0) return InputStatus::kRejectedNegative;
  return InputStatus::kAccepted;
}

constexpr InputStatus check_candle(const core::Candle& c) noexcept {
  switch (core::validate(c)) {
    case core::CandleError::kNone: return InputStatus::kAccepted;
    case core::CandleError::kNonFiniteValue: return InputStatus::kRejectedNonFinite;
    case core::CandleError::kNonPositivePrice:
    case core::CandleError::kNegativeVolume: return InputStatus::kRejectedNegative;
    default: return InputStatus::kRejectedInvalidCandle;
  }
}

}  // namespace alphapulse::ta
