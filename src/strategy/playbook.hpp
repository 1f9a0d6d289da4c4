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
  double supporting_weight = 0;  // eligible evidence for the direction
  double opposing_weight = 0;    // any evidence against it
  int supporting_count = 0;
  Evidence lead{};  // the strongest supporting evidence: the signal's pattern_type
};

// `trend_t` is the trend t-statistic (ta::TrendStrength) for weak_trend's direction.
std::optional<Candidate> propose_candidate(core::MarketRegime regime, double trend_t,
                                           const EvidenceList& evidence) noexcept;

}  // namespace alphapulse::strategy
