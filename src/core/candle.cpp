#include "core/candle.hpp"

namespace alphapulse::core {

std::string_view to_string(CandleError error) {
  switch (error) {
    case CandleError::kNone:
      return "ok";
    case CandleError::kNonFiniteValue:
      return "value is NaN or infinite";
    case CandleError::kNonPositivePrice:
      return "price is zero or negative";
    case CandleError::kHighBelowBody:
      return "high is below max(open, close)";
    case CandleError::kLowAboveBody:
      return "low is above min(open, close)";
    case CandleError::kNegativeVolume:
      return "volume is negative";
  }
  return "unknown";
}

std::string_view offending_field(const Candle& c, CandleError error) {
  switch (error) {
    case CandleError::kNonFiniteValue:
      if (!std::isfinite(c.open)) return "open";
      if (!std::isfinite(c.high)) return "high";
      if (!std::isfinite(c.low)) return "low";
      if (!std::isfinite(c.close)) return "close";
      return "volume";
    case CandleError::kNonPositivePrice:
      if (c.open <= 0) return "open";
      if (c.high <= 0) return "high";
      if (c.low <= 0) return "low";
      return "close";
    case CandleError::kHighBelowBody:
      return "high";
    case CandleError::kLowAboveBody:
      return "low";
    case CandleError::kNegativeVolume:
      return "volume";
    case CandleError::kNone:
      break;
  }
  return "";
}

}  // namespace alphapulse::core
