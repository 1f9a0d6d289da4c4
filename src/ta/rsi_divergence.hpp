// ta/rsi_divergence: regular and hidden, bullish and bearish divergences between price and
// RSI at the last two confirmed swing pivots. Not in TA-Lib. Fed one candle and the RSI
// value at that candle (computed elsewhere). The full definition, which this summarises, is
// in docs/indicators-custom.md.
//
// Pivots (L = pivot_left, R = pivot_right, candle indices count accepted candles from 0):
//   swing low at p:  low[p] <  every low[p-L .. p-1]   and  low[p] <= every low[p+1 .. p+R]
//   swing high at p: high[p] > every high[p-L .. p-1]  and  high[p] >= every high[p+1 .. p+R]
// Ties: of equal extremes the earliest is the pivot (strict to the left, equal allowed to
// the right), so a flat bottom gives one pivot, at its first candle. A pivot needs L candles
// before it and is confirmed when candle p + R closes, never earlier: that candle is where it
// becomes knowable, and where any divergence it completes is reported.
//
// Divergence, between the previous swing pivot q and the newly confirmed one p of the same
// side, only if p - q <= max_pivot_distance (lows: price = low, highs: price = high):
//   regular bullish: low[p]  < low[q]  and rsi[p] > rsi[q]
//   hidden bullish:  low[p]  > low[q]  and rsi[p] < rsi[q]
//   regular bearish: high[p] > high[q] and rsi[p] < rsi[q]
//   hidden bearish:  high[p] < high[q] and rsi[p] > rsi[q]
// Equal prices or equal RSI make no divergence. Each new pivot replaces the previous one of
// its side whether or not it made a divergence.
//
// O(L + R) per candle, 10 comparisons per side by default: the "left of p" and "right of p"
// extremes are taken directly over the last L + R candles, which are kept twice over in a
// ring (slot i and i + L + R) so that they are always contiguous in time order: straight
// branch-free min/max loops, cheaper for these short windows than any rolling structure.
// Prices are only compared and copied, so 2^k price scaling is bit-exact.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/candle.hpp"
#include "core/prefetch.hpp"
#include "ta/input_status.hpp"

namespace alphapulse::ta {

enum class DivergenceKind : std::uint8_t {
  kNone,
  kRegularBullish,
  kHiddenBullish,
  kRegularBearish,
  kHiddenBearish,
};

struct Divergence {
  DivergenceKind kind = DivergenceKind::kNone;
  // 0 on the candle that confirmed the second pivot, +1 per accepted candle since. The
  // second pivot itself is candles_since_confirmation + pivot_right candles back.
  std::int64_t candles_since_confirmation = 0;
  int pivot_distance = 0;  // candles from the first pivot to the second
  // The two pivots, older first: their lows (bullish kinds) or highs (bearish kinds), and
  // the RSI fed with those candles. All zero while kind is kNone.
  double first_pivot_price = 0;
  double second_pivot_price = 0;
  double first_pivot_rsi = 0;
  double second_pivot_rsi = 0;

  bool operator==(const Divergence&) const = default;
};

struct SwingPivot {
  std::int64_t candle_index = -1;  // -1: none confirmed yet
  double price = 0;                // low of a swing low, high of a swing high
  double rsi = 0;

  bool confirmed() const noexcept { return candle_index >= 0; }
  bool operator==(const SwingPivot&) const = default;
};

class RsiDivergence {
 public:
  // Arguments below 1 are treated as 1.
  explicit RsiDivergence(int pivot_left = 5, int pivot_right = 5, int max_pivot_distance = 60)
      : left_(pivot_left > 1 ? pivot_left : 1),
        right_(pivot_right > 1 ? pivot_right : 1),
        max_pivot_distance_(max_pivot_distance > 1 ? max_pivot_distance : 1),
        kept_(static_cast<std::size_t>(left_ + right_)),
        candles_(2 * kept_) {}

  // `rsi` is the RSI at this candle; a non-finite one is rejected like a bad candle.
  InputStatus update(const core::Candle& c, double rsi) noexcept {
    const InputStatus status = check(c, rsi);
    if (status != InputStatus::kAccepted) return status;
    apply(c, rsi);
    return status;
  }
  // update() without the check: `c` must have passed check_candle and `rsi` be finite.
  void apply(const core::Candle& c, double rsi) noexcept {
    // The only place state changes: the live state is stepped in place (a copy of it out and
    // back would stall store forwarding), then the candle joins the kept ones.
    step(state_, c);
    candles_[next_slot_] = candles_[next_slot_ + kept_] = KeptCandle{c.low, -c.high, rsi};
    next_slot_ = next_slot_ + 1 == kept_ ? 0 : next_slot_ + 1;
    ++candles_seen_;
  }
  // What value() would be after update(c, rsi), without changing state; for an input update
  // would reject, the unchanged value().
  Divergence peek(const core::Candle& c, double rsi) const noexcept {
    if (check(c, rsi) != InputStatus::kAccepted) return value();
    State next = state_;
    step(next, c);
    return latest(next.bullish, next.bearish);
  }

  // The most recent divergence of either side (kind kNone if there has been none). If both
  // sides were confirmed on the same candle, the bullish one; bearish() still has the other.
  Divergence value() const noexcept { return latest(state_.bullish, state_.bearish); }
  const Divergence& bullish() const noexcept { return state_.bullish; }  // regular or hidden
  const Divergence& bearish() const noexcept { return state_.bearish; }
  // A divergence was confirmed by the latest candle.
  bool just_confirmed() const noexcept {
    const Divergence v = value();
    return v.kind != DivergenceKind::kNone && v.candles_since_confirmation == 0;
  }
  const SwingPivot& last_swing_low() const noexcept { return state_.swing_low; }
  const SwingPivot& last_swing_high() const noexcept { return state_.swing_high; }

  // Pivots can be confirmed from now on (a divergence needs two of them).
  bool ready() const noexcept { return candles_seen_ >= warmup(); }
  int warmup() const noexcept { return left_ + right_ + 1; }
  int pivot_left() const noexcept { return left_; }
  int pivot_right() const noexcept { return right_; }
  int max_pivot_distance() const noexcept { return max_pivot_distance_; }
  void reset() noexcept {
    std::fill(candles_.begin(), candles_.end(), KeptCandle{});
    next_slot_ = 0;
    candles_seen_ = 0;
    state_ = {};
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept {
    core::prefetch_lines(candles_.data(), candles_.data() + candles_.size());
  }

 private:
  struct State {
    SwingPivot swing_low;
    SwingPivot swing_high;
    Divergence bullish;
    Divergence bearish;
  };

  static InputStatus check(const core::Candle& c, double rsi) noexcept {
    const InputStatus status = check_candle(c);
    if (status != InputStatus::kAccepted) return status;
    return std::isfinite(rsi) ? InputStatus::kAccepted : InputStatus::kRejectedNonFinite;
  }

  // Advances `s` (the live state from apply(), a copy from peek()) by candle `c`, which is
  // not kept yet. The new candle's RSI is not needed: it only matters once it is a candidate.
  void step(State& s, const core::Candle& c) const noexcept {
    age(s.bullish);
    age(s.bearish);
    const std::int64_t now = candles_seen_;
    if (now < left_ + right_) [[unlikely]]
      return;  // no candle has L before and R after it yet

    // The kept candles in time order: p - L .. p - 1 (left of the candidate p = now - R),
    // p, then p + 1 .. now - 1, with candle `now` completing the right side.
    const std::int64_t p = now - right_;
    const std::size_t left = static_cast<std::size_t>(left_);
    const std::size_t right_kept = static_cast<std::size_t>(right_) - 1;
    const KeptCandle* kept = &candles_[next_slot_];
    // Each side's lowest low and highest high, as the minimum of (low, -high) pairs: the
    // minimum of a set of prices is the same value in any order, and -min(-high) is
    // max(high) exactly (a negation is exact), so one packed minimum does both.
    LowAndNegatedHigh left_side, right_side;
    if (left == kUnrolledLeft && right_kept == kUnrolledRight - 1) [[likely]] {
      side_extremes<kUnrolledLeft, kUnrolledRight - 1>(kept, left, right_kept, c, left_side,
                                                       right_side);
    } else {
      side_extremes<0, 0>(kept, left, right_kept, c, left_side, right_side);
    }
    const double lowest_left = left_side.low();
    const double highest_left = -left_side.negated_high();
    const double lowest_right = right_side.low();
    const double highest_right = -right_side.negated_high();
    const double pivot_low = kept[left].low;
    const double pivot_high = -kept[left].negated_high;
    const double pivot_rsi = kept[left].rsi;

    if (pivot_low < lowest_left && pivot_low <= lowest_right) {
      const SwingPivot low{p, pivot_low, pivot_rsi};
      const DivergenceKind kind = classify(s.swing_low, low, /*lows=*/true);
      if (kind != DivergenceKind::kNone) s.bullish = divergence(kind, s.swing_low, low);
      s.swing_low = low;
    }
    if (pivot_high > highest_left && pivot_high >= highest_right) {
      const SwingPivot high{p, pivot_high, pivot_rsi};
      const DivergenceKind kind = classify(s.swing_high, high, /*lows=*/false);
      if (kind != DivergenceKind::kNone) s.bearish = divergence(kind, s.swing_high, high);
      s.swing_high = high;
    }
  }

  DivergenceKind classify(const SwingPivot& first, const SwingPivot& second,
                          bool lows) const noexcept {
    if (!first.confirmed() || second.candle_index - first.candle_index > max_pivot_distance_) {
      return DivergenceKind::kNone;
    }
    const bool price_up = second.price > first.price;
    const bool price_down = second.price < first.price;
    const bool rsi_up = second.rsi > first.rsi;
    const bool rsi_down = second.rsi < first.rsi;
    if (lows) {
      if (price_down && rsi_up) return DivergenceKind::kRegularBullish;
      if (price_up && rsi_down) return DivergenceKind::kHiddenBullish;
    } else {
      if (price_up && rsi_down) return DivergenceKind::kRegularBearish;
      if (price_down && rsi_up) return DivergenceKind::kHiddenBearish;
    }
    return DivergenceKind::kNone;
  }

  static Divergence divergence(DivergenceKind kind, const SwingPivot& first,
                               const SwingPivot& second) noexcept {
    Divergence d;
    d.kind = kind;
    d.pivot_distance = static_cast<int>(second.candle_index - first.candle_index);
    d.first_pivot_price = first.price;
    d.second_pivot_price = second.price;
    d.first_pivot_rsi = first.rsi;
    d.second_pivot_rsi = second.rsi;
    return d;
  }

  static void age(Divergence& d) noexcept {
    if (d.kind != DivergenceKind::kNone) ++d.candles_since_confirmation;
  }

  static Divergence latest(const Divergence& bullish, const Divergence& bearish) noexcept {
    if (bearish.kind == DivergenceKind::kNone) return bullish;
    if (bullish.kind == DivergenceKind::kNone) return bearish;
    return bearish.candles_since_confirmation < bullish.candles_since_confirmation ? bearish
                                                                                   : bullish;
  }

  int left_;
  int right_;
  int max_pivot_distance_;
  // A (low, -high) pair, whose elementwise minimum is (lowest low, -highest high): with SSE2
  // (every x86-64) one packed minimum per candle.
  struct LowAndNegatedHigh {
#if defined(__SSE2__)
    __m128d lanes;
    static LowAndNegatedHigh of(double low, double negated_high) noexcept {
      return {_mm_set_pd(negated_high, low)};  // high lane first
    }
    static LowAndNegatedHigh load(const double* pair) noexcept {
      return {_mm_loadu_pd(pair)};
    }
    LowAndNegatedHigh min(LowAndNegatedHigh other) const noexcept {
      return {_mm_min_pd(lanes, other.lanes)};
    }
    double low() const noexcept {
      return _mm_cvtsd_f64(lanes);
    }
    double negated_high() const noexcept {
      return _mm_cvtsd_f64(_mm_unpackhi_pd(lanes, lanes));
    }
#else
    double low_;
    double negated_high_;
    static LowAndNegatedHigh of(double low, double negated_high) noexcept {
      return {low, negated_high};
    }
    LowAndNegatedHigh min(LowAndNegatedHigh other) const noexcept {
      return {std::min(low_, other.low_), std::min(negated_high_, other.negated_high_)};
    }
    double low() const noexcept {
      return low_;
    }
    double negated_high() const noexcept {
      return negated_high_;
    }
#endif
  };

  // What is kept of a candle, together: a candle's low, high and RSI are read together, so
  // one array of them touches fewer cache lines per candle than three arrays would. The high
  // is kept negated (exact) so that low and -high take their minimum together.
  struct KeptCandle {
    double low = 0;
    double negated_high = 0;  // -high
    double rsi = 0;
    LowAndNegatedHigh extremes() const noexcept {
#if defined(__SSE2__)
      return LowAndNegatedHigh::load(&low);  // the two adjacent fields (asserted below)
#else
      return LowAndNegatedHigh::of(low, negated_high);
#endif
    }
  };

  // The default pivots (5 and 5) get a copy of the two side scans with their lengths known at
  // compile time, fully unrolled (the loops' counters, compares and branches were ~20
  // instructions a candle). kLeft 0: take the lengths given. The same minima in the same order
  // either way.
  static constexpr std::size_t kUnrolledLeft = 5;
  static constexpr std::size_t kUnrolledRight = 5;
  template <std::size_t kLeft, std::size_t kRightKept>
  static void side_extremes(const KeptCandle* kept, std::size_t left_length,
                            std::size_t right_kept_length, const core::Candle& c,
                            LowAndNegatedHigh& left_side, LowAndNegatedHigh& right_side) noexcept {
    const std::size_t left = kLeft != 0 ? kLeft : left_length;
    const std::size_t right_kept = kLeft != 0 ? kRightKept : right_kept_length;
    left_side = kept[0].extremes();
    for (std::size_t i = 1; i < left; ++i) left_side = left_side.min(kept[i].extremes());
    right_side = LowAndNegatedHigh::of(c.low, -c.high);
    for (std::size_t i = left + 1; i <= left + right_kept; ++i) {
      right_side = right_side.min(kept[i].extremes());
    }
  }
  static_assert(offsetof(KeptCandle, negated_high) == offsetof(KeptCandle, low) + sizeof(double),
                "low and -high are loaded as one pair");

  std::size_t next_slot_ = 0;  // where the next candle goes
  std::int64_t candles_seen_ = 0;
  // The last L + R candles, each at slot i and i + L + R: from next_slot_ on, L + R
  // consecutive entries are those candles oldest first.
  std::size_t kept_;
  std::vector<KeptCandle> candles_;
  State state_;
};

}  // namespace alphapulse::ta
