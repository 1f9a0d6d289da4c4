// strategy/evidence: what the indicators and patterns say at a candle's close, as a short
// list of named, directed, weighted facts ("bullish_engulfing, long, 1.0"). Candidates are
// built from evidence, and each signal carries the evidence that made it.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <utility>

#include "core/candle.hpp"
#include "ta/candle_patterns.hpp"
#include "ta/indicator_set.hpp"

namespace alphapulse::strategy {

enum class EvidenceKind : std::uint8_t {
  kReversalPattern,     // a candlestick pattern
  kRsiExtreme,          // RSI below 30 / above 70
  kRsiDivergence,       // regular or hidden, confirmed at this candle
  kMacdCross,           // MACD histogram changed sign
  kBollingerExcursion,  // close outside a band
  kBreakout,            // close beyond the last 20 candles' channel
  kTrendPullback,       // a trend's candle dipped to its EMA(20) and closed back beyond it
};

struct Evidence {
  std::string_view name;  // static, e.g. "bullish_engulfing"
  EvidenceKind kind;
  int direction;            // +1 long, -1 short
  double weight;            // 0..1, how much it usually means
  bool trend_continuation;  // fits a with-trend entry (vs a reversal / mean-reversion one)
};

class EvidenceList {
 public:
  EvidenceList() noexcept {}  // (user-provided: leaves the slots uninitialized, see Slots)
  EvidenceList(const EvidenceList& other) noexcept : size_(other.size_) {
    for (std::size_t i = 0; i < size_; ++i) slots_.items[i] = other.slots_.items[i];
  }
  EvidenceList& operator=(const EvidenceList& other) noexcept {
    size_ = other.size_;
    for (std::size_t i = 0; i < size_; ++i) slots_.items[i] = other.slots_.items[i];
    return *this;
  }

  void add(const Evidence& e) noexcept {
    if (size_ < kCapacity) slots_.items[size_++] = e;
  }
  const Evidence* begin() const noexcept { return slots_.items; }
  const Evidence* end() const noexcept { return slots_.items + size_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

 private:
  static constexpr std::size_t kCapacity = 16;
  // Left uninitialized: only [0, size_) is ever read, and zeroing all 16 slots at every
  // candle's close cost more than collecting the evidence. A plain array of Evidence is not
  // left so: std::string_view's default constructor zeroes each name (32 stores, ~33
  // instructions a candle); a union with an empty constructor initializes nothing, and a slot's
  // life begins when it is assigned (Evidence is trivially copyable).
  union Slots {
    Slots() noexcept {}
    Evidence items[kCapacity];
  };
  Slots slots_;
  std::size_t size_ = 0;
};

// Inputs known at the close of `candle`; `previous_macd_histogram` is the MACD histogram one
// candle earlier (for crosses). NaN indicators (warming up) give no evidence.
struct EvidenceInputs {
  const core::Candle& candle;
  const ta::DecisionValues& indicators;
  double previous_macd_histogram;
  const ta::PatternValues& patterns;
};

namespace evidence_detail {

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

inline bool known(double x) {
  return !std::isnan(x);
}

// One entry of the table, with its names known at compile time: a pattern with one direction
// tests only that one, and no name is loaded or tested for emptiness at run time.
template <std::size_t kIndex>
[[gnu::always_inline]] inline void add_pattern_evidence_of(const ta::PatternValues& patterns,
                                                           EvidenceList& out) noexcept {
  constexpr PatternEvidence pe = kPatternEvidence[kIndex];
  const int value = patterns[pe.pattern];
  if constexpr (!pe.bullish_name.empty()) {
    if (value > 0) {
      out.add({pe.bullish_name, EvidenceKind::kReversalPattern, +1, pe.weight, pe.continuation});
      return;
    }
  }
  if constexpr (!pe.bearish_name.empty()) {
    if (value < 0) {
      out.add({pe.bearish_name, EvidenceKind::kReversalPattern, -1, pe.weight, pe.continuation});
    }
  }
}

// The table in order, unrolled (the loop over it cost ~30 instructions a candle).
[[gnu::always_inline]] inline void add_pattern_evidence(const ta::PatternValues& patterns,
                                                        EvidenceList& out) noexcept {
  [&]<std::size_t... kIndex>(std::index_sequence<kIndex...>) {
    (add_pattern_evidence_of<kIndex>(patterns, out), ...);
  }
  (std::make_index_sequence<kPatternEvidence.size()>{});
}

}  // namespace evidence_detail

// Defined here, always inlined: its one caller is the pipeline's per-candle decision, and the
// call with the 648-byte list returned through memory cost, with propose_candidate's call, ~30
// instructions a candle.
[[gnu::always_inline]] inline EvidenceList collect_evidence(const EvidenceInputs& in) noexcept {
  using evidence_detail::add_pattern_evidence;
  using evidence_detail::known;
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
