#include "core/signal.hpp"

namespace alphapulse::core {

std::string_view to_string(Direction d) {
  return d == Direction::kLong ? "long" : "short";
}

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "long") return Direction::kLong;
  if (text == "short") return Direction::kShort;
  return std::nullopt;
}

std::string_view to_string(SignalOutcome o) {
  switch (o) {
    case SignalOutcome::kPending:
      return "pending";
    case SignalOutcome::kWin:
      return "win";
    case SignalOutcome::kLoss:
      return "loss";
    case SignalOutcome::kExpired:
      return "expired";
    case SignalOutcome::kOpen:
      return "open";
  }
  return "pending";
}

std::optional<SignalOutcome> parse_signal_outcome(std::string_view text) {
  for (auto o : {SignalOutcome::kPending, SignalOutcome::kWin, SignalOutcome::kLoss,
                 SignalOutcome::kExpired, SignalOutcome::kOpen}) {
    if (to_string(o) == text) return o;
  }
  return std::nullopt;
}

}  // namespace alphapulse::core
