// ta/input_status: what an indicator says about an input it was given. Indicators never
// throw; a rejected input leaves their state exactly as it was.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/candle.hpp"

namespace alphapulse::ta {

enum class InputStatus : std::uint8_t {
  kAccepted,
  kRejectedNonFinite,      // NaN or infinity
  kRejectedNegative,       // a negative (or, for prices, zero) value
  kRejectedInvalidCandle,  // fails core::validate (high < body, ...)
};

// Prices must be finite and > 0.
constexpr InputStatus check_price(double x) noexcept {
  if (!std::isfinite(x)) return InputStatus::kRejectedNonFinite;
  if (x <= 0) return InputStatus::kRejectedNegative;
  return InputStatus::kAccepted;
}

// Exactly core::validate(c) == kNone, in eight comparisons and no branch: low > 0 and
// high < infinity with open and close in [low, high] make every price finite and positive and
// the body inside the range (a NaN fails every comparison), and 0 <= volume < infinity makes the
// volume finite and non-negative. Conversely a valid candle passes each comparison.
constexpr bool valid_candle(const core::Candle& c) noexcept {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  return (c.low > 0) & (c.high < kInfinity) & (c.low <= c.open) & (c.open <= c.high) &
         (c.low <= c.close) & (c.close <= c.high) & (c.volume >= 0) & (c.volume < kInfinity);
}

// What an indicator answers for a candle core::validate judged `error`.
constexpr InputStatus status_of(core::CandleError error) noexcept {
  switch (error) {
    case core::CandleError::kNone:
      return InputStatus::kAccepted;
    case core::CandleError::kNonFiniteValue:
      return InputStatus::kRejectedNonFinite;
    case core::CandleError::kNonPositivePrice:
    case core::CandleError::kNegativeVolume:
      return InputStatus::kRejectedNegative;
    default:
      return InputStatus::kRejectedInvalidCandle;
  }
}

// Every candle goes through here once (IndicatorSet), so a valid one costs only valid_candle's
// comparisons; which check an invalid one fails is worked out off the hot path.
constexpr InputStatus check_candle(const core::Candle& c) noexcept {
  if (valid_candle(c)) [[likely]]
    return InputStatus::kAccepted;
  return status_of(core::validate(c));
}

// update() of an indicator whose apply(candle) takes a candle check_candle accepted: the
// check, then apply when it passes. (IndicatorSet checks each candle once and calls apply.)
template <typename Indicator>
constexpr InputStatus checked_update(Indicator& indicator, const core::Candle& c) noexcept {
  const InputStatus status = check_candle(c);
  if (status == InputStatus::kAccepted) indicator.apply(c);
  return status;
}

}  // namespace alphapulse::ta
