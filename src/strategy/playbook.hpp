// strategy/playbook: which trades each market regime allows, and the candidate they make
// from the evidence at a candle's close.
//
//   strong_trend_bull / _bear  trend continuation: only with the trend; any evidence that
//                              points with it (pullbacks to EMA20, continuation patterns,
//                              MACD crosses, hidden divergences, breakouts, oversold dips)
//   weak_trend                 trend continuation, stricter: direction from the trend
//                              t-statistic, continuation evidence only
//   ranging                    mean reversion: band excursions, RSI extremes, regular
//                              divergences, reversal patterns; both directions; no breakouts
//   volatile_breakout          the breakout's direction: breakouts and continuation evidence
//   choppy                     none: whatever the evidence, the candidate is rejected
//                              (it is still counted, so the filter rate is honest)
#pragma once

#include <cmath>
#include <optional>
#include <string_view>

#include "core/market_regime.hpp"
#include "core/signal.hpp"
#include "strategy/evidence.hpp"

namespace alphapulse::strategy {

enum class Playbook : std::uint8_t { kTrendContinuation, kMeanReversion, kBreakout, kNone };
std::string_view to_string(Playbook p);

struct Candidate {
  core::Direction direction = core::Direction::kLong;
  Playbook playbook = Playbook::kNone;
  core::MarketRegime regime = core::MarketRegime::kChoppy;  // whose playbook made it
  double supporting_weight = 0;                             // eligible evidence for the direction
  double opposing_weight = 0;                               // any evidence against it
  int supporting_count = 0;
  Evidence lead{};  // the strongest supporting evidence: the signal's pattern_type
};

namespace playbook_detail {

using core::MarketRegime;

struct Rules {
  Playbook playbook;
  int only_direction;  // 0: both directions allowed
  bool continuation_only;
  bool reversal_only;
};

inline Rules rules_for(MarketRegime regime, double trend_t, const EvidenceList& evidence) {
  switch (regime) {
    case MarketRegime::kStrongTrendBull:
      return {Playbook::kTrendContinuation, +1, false, false};
    case MarketRegime::kStrongTrendBear:
      return {Playbook::kTrendContinuation, -1, false, false};
    case MarketRegime::kWeakTrend: {
      const int direction = std::isnan(trend_t) || trend_t == 0 ? 0 : (trend_t > 0 ? 1 : -1);
      if (direction == 0) return {Playbook::kNone, 0, false, false};
      return {Playbook::kTrendContinuation, direction, true, false};
    }
    case MarketRegime::kRanging:
      return {Playbook::kMeanReversion, 0, false, true};
    case MarketRegime::kVolatileBreakout: {
      int direction = 0;
      for (const auto& e : evidence) {
        if (e.kind == EvidenceKind::kBreakout) direction = e.direction;
      }
      return {Playbook::kBreakout, direction, true, false};
    }
    case MarketRegime::kChoppy:
      break;
  }
  return {Playbook::kNone, 0, false, false};
}

inline bool eligible(const Evidence& e, const Rules& r) {
  if (r.only_direction != 0 && e.direction != r.only_direction) return false;
  if (r.continuation_only && !e.trend_continuation) return false;
  if (r.reversal_only && (e.trend_continuation || e.kind == EvidenceKind::kBreakout)) return false;
  return true;
}

}  // namespace playbook_detail

// `trend_t` is the trend t-statistic (ta::TrendStrength) for weak_trend's direction. Defined
// here, always inlined into the pipeline's per-candle decision, its one caller, with the
// evidence list collected there (see collect_evidence).
[[gnu::always_inline]] inline std::optional<Candidate> propose_candidate(
    core::MarketRegime regime, double trend_t, const EvidenceList& evidence) noexcept {
  using playbook_detail::eligible;
  using playbook_detail::Rules;
  using playbook_detail::rules_for;
  if (evidence.empty()) return std::nullopt;
  const Rules rules = rules_for(regime, trend_t, evidence);

  // A regime without a playbook still yields a candidate (from the raw evidence) so that
  // the validator can reject it with a reason and the filter rate counts it.
  const bool any_playbook = rules.playbook != Playbook::kNone;
  double weight[2] = {0, 0};  // [long, short]
  double total[2] = {0, 0};
  int count[2] = {0, 0};
  // The lead by pointer: copying each new lead (40 bytes) and zeroing two cost more than the
  // choice. The weight starts at 0, an empty Evidence's, so the same items lead.
  const Evidence* lead[2] = {nullptr, nullptr};
  double lead_weight[2] = {0, 0};
  for (const auto& e : evidence) {
    const int side = e.direction > 0 ? 0 : 1;
    total[side] += e.weight;
    if (any_playbook && !eligible(e, rules)) continue;
    weight[side] += e.weight;
    ++count[side];
    if (e.weight > lead_weight[side]) {
      lead[side] = &e;
      lead_weight[side] = e.weight;
    }
  }
  if (weight[0] == 0 && weight[1] == 0) return std::nullopt;
  const int side = weight[0] >= weight[1] ? 0 : 1;
  Candidate c;
  c.direction = side == 0 ? core::Direction::kLong : core::Direction::kShort;
  c.playbook = rules.playbook;
  c.regime = regime;
  c.supporting_weight = weight[side];
  c.opposing_weight = total[1 - side];
  c.supporting_count = count[side];
  if (lead[side] != nullptr) c.lead = *lead[side];
  return c;
}

}  // namespace alphapulse::strategy
