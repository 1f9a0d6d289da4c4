#include "strategy/playbook.hpp"

namespace alphapulse::strategy {

std::string_view to_string(Playbook p) {
  switch (p) {
    case Playbook::kTrendContinuation:
      return "trend_continuation";
    case Playbook::kMeanReversion:
      return "mean_reversion";
    case Playbook::kBreakout:
      return "breakout";
    case Playbook::kNone:
      return "none";
  }
  return "none";
}

}  // namespace alphapulse::strategy
