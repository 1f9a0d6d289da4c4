// strategy/evidence: what the indicators and patterns say at a candle's close, as a short
// list of named, directed, weighted facts ("bullish_engulfing, long, 1.0"). Candidates are
// built from evidence, and each signal carries the evidence that made it.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

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

EvidenceList collect_evidence(const EvidenceInputs& in) noexcept;

}  // namespace alphapulse::strategy
