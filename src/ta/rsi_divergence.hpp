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
// O(1) amortized per candle: the "left of p" and "right of p" extremes are two rolling
// windows (monotonic deques, ta/rolling_extremes), the left one fed R + 1 candles late.
// Prices are only compared and copied, so 2^k price scaling is bit-exact.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"
#include "ta/rolling_extremes.hpp"

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
        left_of_pivot_(left_),
        right_of_pivot_(right_),
        recent_(static_cast<std::size_t>(right_) + 1) {}

  // `rsi` is the RSI at this candle; a non-finite one is rejected like a bad candle.
  InputStatus update(const core::Candle& c, double rsi) noexcept {
    const InputStatus status = check(c, rsi);
    if (status != InputStatus::kAccepted) return status;
    apply(c, rsi);
    return status;
  }
  // update() without the check: `c` must have passed check_candle and `rsi` be finite.
  void apply(const core::Candle& c, double rsi) noexcept {
    const Step next = step(c);
    // Commit: the only place state changes. The candle entering the left window is read
    // before `recent_` overwrites it.
    if (candles_seen_ > right_) {
      const Bar& entering_left = recent_.at(static_cast<std::size_t>(right_));
      left_of_pivot_.push(entering_left.high, entering_left.low);
    }
    right_of_pivot_.push(c.high, c.low);
    recent_.push({c.low, c.high, rsi});
    swing_low_ = next.swing_low;
    swing_high_ = next.swing_high;
    bullish_ = next.bullish;
    bearish_ = next.bearish;
    ++candles_seen_;
  }
  // What value() would be after update(c, rsi), without changing state; for an input update
  // would reject, the unchanged value().
  Divergence peek(const core::Candle& c, double rsi) const noexcept {
    if (check(c, rsi) != InputStatus::kAccepted) return value();
    const Step next = step(c);
    return latest(next.bullish, next.bearish);
  }

  // The most recent divergence of either side (kind kNone if there has been none). If both
  // sides were confirmed on the same candle, the bullish one; bearish() still has the other.
  Divergence value() const noexcept { return latest(bullish_, bearish_); }
  const Divergence& bullish() const noexcept { return bullish_; }  // regular or hidden
  const Divergence& bearish() const noexcept { return bearish_; }
  // A divergence was confirmed by the latest candle.
  bool just_confirmed() const noexcept {
    const Divergence v = value();
    return v.kind != DivergenceKind::kNone && v.candles_since_confirmation == 0;
  }
  const SwingPivot& last_swing_low() const noexcept { return swing_low_; }
  const SwingPivot& last_swing_high() const noexcept { return swing_high_; }

  // Pivots can be confirmed from now on (a divergence needs two of them).
  bool ready() const noexcept { return candles_seen_ >= warmup(); }
  int warmup() const noexcept { return left_ + right_ + 1; }
  int pivot_left() const noexcept { return left_; }
  int pivot_right() const noexcept { return right_; }
  int max_pivot_distance() const noexcept { return max_pivot_distance_; }
  void reset() noexcept {
    left_of_pivot_.reset();
    right_of_pivot_.reset();
    recent_.clear();
    candles_seen_ = 0;
    swing_low_ = {};
    swing_high_ = {};
    bullish_ = {};
    bearish_ = {};
  }

 private:
  struct Bar {
    double low = 0;
    double high = 0;
    double rsi = 0;
  };
  struct Step {
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

  // The new candle's RSI is not needed yet: it only matters once the candle is a candidate.
  Step step(const core::Candle& c) const noexcept {
    Step next{swing_low_, swing_high_, aged(bullish_), aged(bearish_)};
    const std::int64_t now = candles_seen_;
    if (now < left_ + right_) return next;  // no candle has L before and R after it yet

    // Candle `now` makes p = now - R a candidate; candle p - 1 enters p's left window.
    const std::int64_t p = now - right_;
    const Bar& pivot = recent_.at(static_cast<std::size_t>(right_) - 1);
    const Bar& entering_left = recent_.at(static_cast<std::size_t>(right_));

    const double lowest_left = left_of_pivot_.peek_lowest(entering_left.low);
    const double lowest_right = right_of_pivot_.peek_lowest(c.low);
    if (pivot.low < lowest_left && pivot.low <= lowest_right) {
      const SwingPivot low{p, pivot.low, pivot.rsi};
      const DivergenceKind kind = classify(swing_low_, low, /*lows=*/true);
      if (kind != DivergenceKind::kNone) next.bullish = divergence(kind, swing_low_, low);
      next.swing_low = low;
    }
    const double highest_left = left_of_pivot_.peek_highest(entering_left.high);
    const double highest_right = right_of_pivot_.peek_highest(c.high);
    if (pivot.high > highest_left && pivot.high >= highest_right) {
      const SwingPivot high{p, pivot.high, pivot.rsi};
      const DivergenceKind kind = classify(swing_high_, high, /*lows=*/false);
      if (kind != DivergenceKind::kNone) next.bearish = divergence(kind, swing_high_, high);
      next.swing_high = high;
    }
    return next;
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

  static Divergence aged(Divergence d) noexcept {
    if (d.kind != DivergenceKind::kNone) ++d.candles_since_confirmation;
    return d;
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
  RollingExtremes left_of_pivot_;   // candles p-L .. p-1 of the current candidate p
  RollingExtremes right_of_pivot_;  // candles p+1 .. p+R: the last R candles
  RingBuffer<Bar> recent_;          // the last R + 1 candles: the candidate and the one before
  std::int64_t candles_seen_ = 0;
  SwingPivot swing_low_;
  SwingPivot swing_high_;
  Divergence bullish_;
  Divergence bearish_;
};

}  // namespace alphapulse::ta
