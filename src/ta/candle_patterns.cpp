// ta/candle_patterns: the per-candle step of CandlestickPatterns, out of line so that it can be
// compiled twice (TA_AVX2_CLONES, ta/cpu_dispatch.hpp): ~100 comparisons and a dozen scalar
// products a candle, which the VEX three-operand form does without register copies (-9% of
// the patterns' instructions); the same operations, so the same bits.
#include "ta/candle_patterns.hpp"

#include "ta/cpu_dispatch.hpp"

namespace alphapulse::ta {

TA_AVX2_CLONES void CandlestickPatterns::apply(const core::Candle& candle) noexcept {
  // The bar is built in its history slot (the candle kHistorySize back, which nothing reads
  // any more: evaluate() and the slide read 1..10 back) and the values are written straight
  // into values_: a local bar and values copied in afterwards cost ~30 instructions a candle.
  Bar& bar = history_[static_cast<std::size_t>(count_) & kHistoryMask];
  bar = Bar::from(candle);
  evaluate(bar, values_);
  commit(bar);
}

}  // namespace alphapulse::ta
