#include "strategy/evidence.hpp"

#include <cmath>

namespace alphapulse::strategy {
namespace {

using ta::CandlePattern;

struct PatternEvidence {
  CandlePattern pattern;
  std::string_view bullish_name;
  std::string_view bearish_name;
  double weight;  // multi-candle reversals weigh more than single-candle shapes
  bool continuation;
};

// Doji is left out: it says "indecision", not a direction.
constexpr std::array<PatternEvidence, 10> kPatternEvidence{{
    {CandlePattern::kEngulfing, "bullish_engulfing", "bearish_engulfing", 1.0, true},
    {CandlePattern::kMorningStar, "morning_star", "", 1.0, false},
    {CandlePattern::kEveningStar, "", "evening_star", 1.0, false},
    {CandlePattern::kThreeWhiteSoldiers, "three_white_soldiers", "", 1.0, true},
    {CandlePattern::kThreeBlackCrows, "", "three_black_crows", 1.0, true},
    {CandlePattern::kPiercing, "piercing", "", 0.8, false},
    {CandlePattern::kDarkCloudCover, "", "dark_cloud_cover", 0.8, false},
    {CandlePattern::kHammer, "hammer", "", 0.7, false},
    {CandlePattern::kShootingStar, "", "shooting_star", 0.7, false},
    {CandlePattern::kHarami, "bullish_harami", "bearish_harami", 0.5, false},
}};

bool known(double x) {
  return !std::isnan(x);
}

void add_pattern_evidence(const ta::PatternValues& patterns, EvidenceList& out) noexcept {
  for (const auto& pe : kPatternEvidence) {
    const int value = patterns[pe.pattern];
    if (value > 0 && !pe.bullish_name.empty()) {
      out.add({pe.bullish_name, EvidenceKind::kReversalPattern, +1, pe.weight, pe.continuation});
    } else if (value < 0 && !pe.bearish_name.empty()) {
      out.add({pe.bearish_name, EvidenceKind::kReversalPattern, -1, pe.weight, pe.continuation});
    }
  }
}

}  // namespace

EvidenceList collect_evidence(const EvidenceInputs& in) noexcept {
  EvidenceList out;
  const auto& v = in.indicators;
  const double close = in.candle.close;

  // Most candles show no pattern: one test of all eleven values instead of ten table lookups.
  int any_pattern = 0;
  for (const int value : in.patterns.values) any_pattern |= value;
  if (any_pattern != 0) add_pattern_evidence(in.patterns, out);

  if (known(v.rsi)) {
    if (v.rsi < 30) out.add({"rsi_oversold", EvidenceKind::kRsiExtreme, +1, 0.8, false});
    if (v.rsi > 70) out.add({"rsi_overbought", EvidenceKind::kRsiExtreme, -1, 0.8, false});
  }

  if (v.divergence_candles_since_confirmation == 0) {
    switch (v.divergence_kind) {
      case ta::DivergenceKind::kRegularBullish:
        out.add({"rsi_bullish_divergence", EvidenceKind::kRsiDivergence, +1, 1.0, false});
        break;
      case ta::DivergenceKind::kHiddenBullish:
        out.add({"rsi_hidden_bullish_divergence", EvidenceKind::kRsiDivergence, +1, 0.7, true});
        break;
      case ta::DivergenceKind::kRegularBearish:
        out.add({"rsi_bearish_divergence", EvidenceKind::kRsiDivergence, -1, 1.0, false});
        break;
      case ta::DivergenceKind::kHiddenBearish:
        out.add({"rsi_hidden_bearish_divergence", EvidenceKind::kRsiDivergence, -1, 0.7, true});
        break;
      case ta::DivergenceKind::kNone:
        break;
    }
  }

  if (known(v.macd_histogram) && known(in.previous_macd_histogram)) {
    if (in.previous_macd_histogram <= 0 && v.macd_histogram > 0) {
      out.add({"macd_bullish_cross", EvidenceKind::kMacdCross, +1, 0.6, true});
    } else if (in.previous_macd_histogram >= 0 && v.macd_histogram < 0) {
      out.add({"macd_bearish_cross", EvidenceKind::kMacdCross, -1, 0.6, true});
    }
  }

  if (known(v.bollinger.lower)) {
    if (close < v.bollinger.lower)
      out.add({"bollinger_lower_break", EvidenceKind::kBollingerExcursion, +1, 0.6, false});
    if (close > v.bollinger.upper)
      out.add({"bollinger_upper_break", EvidenceKind::kBollingerExcursion, -1, 0.6, false});
  }

  if (known(v.breakout_channel_high) && v.breakout_signal != 0) {
    out.add({v.breakout_signal > 0 ? "breakout_up" : "breakout_down", EvidenceKind::kBreakout,
             v.breakout_signal, 1.0, true});
  }

  if (known(v.ema_fast) && known(v.ema_slow)) {
    const bool uptrend = v.ema_fast > v.ema_slow;
    const bool downtrend = v.ema_fast < v.ema_slow;
    if (uptrend && in.candle.low <= v.ema_fast && close > v.ema_fast) {
      out.add({"trend_pullback_long", EvidenceKind::kTrendPullback, +1, 0.7, true});
    }
    if (downtrend && in.candle.high >= v.ema_fast && close < v.ema_fast) {
      out.add({"trend_pullback_short", EvidenceKind::kTrendPullback, -1, 0.7, true});
    }
  }
  return out;
}

}  // namespace alphapulse::strategy
