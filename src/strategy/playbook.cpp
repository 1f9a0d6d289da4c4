#include "strategy/playbook.hpp"

#include <cmath>

namespace alphapulse::strategy {
namespace {

using core::MarketRegime;

struct Rules {
  Playbook playbook;
  int only_direction;  // 0: both directions allowed
  bool continuation_only;
  bool reversal_only;
};

Rules rules_for(MarketRegime regime, double trend_t, const EvidenceList& evidence) {
  switch (regime) {
    case MarketRegime::kStrongTrendBull: return {Playbook::kTrendContinuation, +1, false, false};
    case MarketRegime::kStrongTrendBear: return {Playbook::kTrendContinuation, -1, false, false};
    case MarketRegime::kWeakTrend: {
      const int direction = std::isnan(trend_t) || trend_t == 0 ? 0 : (trend_t > 0 ? 1 : -1);
      if (direction == 0) return {Playbook::kNone, 0, false, false};
      return {Playbook::kTrendContinuation, direction, true, false};
    }
    case MarketRegime::kRanging: return {Playbook::kMeanReversion, 0, false, true};
    case MarketRegime::kVolatileBreakout: {
      int direction = 0;
      for (const auto& e : evidence) {
        if (e.kind == EvidenceKind::kBreakout) direction = e.direction;
      }
      return {Playbook::kBreakout, direction, true, false};
    }
    case MarketRegime::kChoppy: break;
  }
  return {Playbook::kNone, 0, false, false};
}

bool eligible(const Evidence& e, const Rules& r) {
  if (r.only_direction != 0 && e.direction != r.only_direction) return false;
  if (r.continuation_only && !e.trend_continuation) return false;
  if (r.reversal_only && (e.trend_continuation || e.kind == EvidenceKind::kBreakout)) return false;
  return true;
}

}  // namespace

std::string_view to_string(Playbook p) {
  switch (p) {
    case Playbook::kTrendContinuation: return "trend_continuation";
    case Playbook::kMeanReversion: return "mean_reversion";
    case Playbook::kBreakout: return "breakout";
    case Playbook::kNone: return "none";
  }
  return "none";
}

std::optional<Candidate> propose_candidate(core::MarketRegime regime, double trend_t,
                                           const EvidenceList& evidence) noexcept {
  if (evidence.empty()) return std::nullopt;
  const Rules rules = rules_for(regime, trend_t, evidence);

  // A regime without a playbook still yields a candidate (from the raw evidence) so that
  // the validator can reject it with a reason and the filter rate counts it.
  const bool any_playbook = rules.playbook != Playbook::kNone;
  double weight[2] = {0, 0};  // [long, short]
  double total[2] = {0, 0};
  int count[2] = {0, 0};
  Evidence lead[2]{};
  for (const auto& e : evidence) {
    const int side = e.direction > 0 ? 0 : 1;
    total[side] += e.weight;
    if (any_playbook && !eligible(e, rules)) continue;
    weight[side] += e.weight;
    ++count[side];
    if (e.weight > lead[side].weight) lead[side] = e;
  }
  if (weight[0] == 0 && weight[1] == 0) return std::nullopt;
  const int side = weight[0] >= weight[1] ? 0 : 1;
  Candidate c;
  c.direction = side == 0 ? core::Direction::kLong : core::Direction::kShort;
  c.playbook = rules.playbook;
  c.supporting_weight = weight[side];
  c.opposing_weight = total[1 - side];
  c.supporting_count = count[side];
  c.lead = lead[side];
  return c;
}

}  // namespace alphapulse::strategy
