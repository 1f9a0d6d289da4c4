// ta/candle_patterns: streaming candlestick pattern detectors that reproduce TA-Lib 0.6's
// TA_CDL* functions bit for bit (outputs -100/0/+100, and +-80 for engulfing and harami when
// the two real bodies share one end). One CandlestickPatterns object owns the last few candles
// and the running body/range totals that all eleven patterns compare against: O(1) per candle,
// no allocation, no virtual calls, no exceptions.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/candle.hpp"
#include "ta/input_status.hpp"

namespace alphapulse::ta {

enum class CandlePattern : std::uint8_t {
  kDoji,                // TA_CDLDOJI, +100 (neither bullish nor bearish on its own)
  kHammer,              // TA_CDLHAMMER, +100
  kShootingStar,        // TA_CDLSHOOTINGSTAR, -100
  kEngulfing,           // TA_CDLENGULFING, +-100 or +-80
  kHarami,              // TA_CDLHARAMI, +-100 or +-80
  kMorningStar,         // TA_CDLMORNINGSTAR (penetration 0.3), +100
  kEveningStar,         // TA_CDLEVENINGSTAR (penetration 0.3), -100
  kThreeWhiteSoldiers,  // TA_CDL3WHITESOLDIERS, +100
  kThreeBlackCrows,     // TA_CDL3BLACKCROWS, -100
  kPiercing,            // TA_CDLPIERCING, +100
  kDarkCloudCover,      // TA_CDLDARKCLOUDCOVER (penetration 0.5), -100
};

inline constexpr std::size_t kCandlePatternCount = 11;

inline constexpr std::array<CandlePattern, kCandlePatternCount> kAllCandlePatterns = {
    CandlePattern::kDoji,
    CandlePattern::kHammer,
    CandlePattern::kShootingStar,
    CandlePattern::kEngulfing,
    CandlePattern::kHarami,
    CandlePattern::kMorningStar,
    CandlePattern::kEveningStar,
    CandlePattern::kThreeWhiteSoldiers,
    CandlePattern::kThreeBlackCrows,
    CandlePattern::kPiercing,
    CandlePattern::kDarkCloudCover,
};

// Snake-case names, stable: they end up in signal reasons and logs.
constexpr std::string_view to_string(CandlePattern pattern) noexcept {
  switch (pattern) {
    case CandlePattern::kDoji:
      return "doji";
    case CandlePattern::kHammer:
      return "hammer";
    case CandlePattern::kShootingStar:
      return "shooting_star";
    case CandlePattern::kEngulfing:
      return "engulfing";
    case CandlePattern::kHarami:
      return "harami";
    case CandlePattern::kMorningStar:
      return "morning_star";
    case CandlePattern::kEveningStar:
      return "evening_star";
    case CandlePattern::kThreeWhiteSoldiers:
      return "three_white_soldiers";
    case CandlePattern::kThreeBlackCrows:
      return "three_black_crows";
    case CandlePattern::kPiercing:
      return "piercing";
    case CandlePattern::kDarkCloudCover:
      return "dark_cloud_cover";
  }
  return "unknown";
}

// One TA-Lib style integer per pattern: 0 = absent, the sign = bullish (+) or bearish (-).
struct PatternValues {
  std::array<int, kCandlePatternCount> values{};

  constexpr int operator[](CandlePattern pattern) const noexcept {
    return values[static_cast<std::size_t>(pattern)];
  }
  constexpr int& operator[](CandlePattern pattern) noexcept {
    return values[static_cast<std::size_t>(pattern)];
  }
  friend constexpr bool operator==(const PatternValues&, const PatternValues&) = default;
};

class CandlestickPatterns {
 public:
  // Penetrations TA-Lib uses by default: how far the last candle must close into the first
  // candle's real body.
  static constexpr double kStarPenetration = 0.3;
  static constexpr double kDarkCloudPenetration = 0.5;
  static constexpr double kPiercingPenetration = 0.5;  // fixed in TA-Lib, not a parameter

  // TA-Lib's lookback: the index of the first candle that gets a value (the longest average a
  // pattern reads, plus the candles before the current one that it spans).
  static constexpr int lookback(CandlePattern pattern) noexcept {
    switch (pattern) {
      case CandlePattern::kDoji:
        return kAvgPeriod;
      case CandlePattern::kEngulfing:
        return 2;  // TA-Lib's value, though the rule reads only one candle back
      case CandlePattern::kHammer:
      case CandlePattern::kShootingStar:
      case CandlePattern::kHarami:
      case CandlePattern::kPiercing:
      case CandlePattern::kDarkCloudCover:
        return kAvgPeriod + 1;
      case CandlePattern::kMorningStar:
      case CandlePattern::kEveningStar:
      case CandlePattern::kThreeWhiteSoldiers:
        return kAvgPeriod + 2;
      case CandlePattern::kThreeBlackCrows:
        return kAvgPeriod + 3;
    }
    return 0;
  }
  // Candles needed before ready(pattern).
  static constexpr int warmup(CandlePattern pattern) noexcept { return lookback(pattern) + 1; }

  bool ready(CandlePattern pattern) const noexcept { return count_ >= warmup(pattern); }

  // Values for the last accepted candle; 0 for a pattern that is not ready yet.
  const PatternValues& values() const noexcept { return values_; }

  // The values update(candle) would give (e.g. for a still-forming candle), state untouched.
  // A candle update() would reject shows no pattern.
  PatternValues peek(const core::Candle& candle) const noexcept {
    PatternValues out;
    if (check_candle(candle) != InputStatus::kAccepted) return out;
    evaluate(Bar::from(candle), out);
    return out;
  }

  // An invalid candle (see core::validate) is rejected and changes nothing.
  InputStatus update(const core::Candle& candle) noexcept {
    const InputStatus status = check_candle(candle);
    if (status != InputStatus::kAccepted) return status;
    apply(candle);
    return InputStatus::kAccepted;
  }
  // update() without the check: `candle` must have passed check_candle (the pipeline has
  // IndicatorSet check each candle once).
  // Out of line (candle_patterns.cpp), compiled twice by TA_AVX2_CLONES (ta/cpu_dispatch.hpp).
  void apply(const core::Candle& candle) noexcept;

  void reset() noexcept { *this = CandlestickPatterns(); }

 private:
  // TA-Lib's default candle settings (ta_global.c) for the ones these patterns use. An average
  // always covers the candles *before* the one it is compared with.
  static constexpr int kAvgPeriod = 10;     // BodyLong, BodyShort, BodyDoji, ShadowVeryShort
  static constexpr int kNearFarPeriod = 5;  // Near, Far
  static constexpr double kBodyLongFactor = 1.0;
  static constexpr double kBodyShortFactor = 1.0;
  static constexpr double kBodyDojiFactor = 0.1;         // of the high-low range
  static constexpr double kShadowLongFactor = 1.0;       // of the candle's own body (period 0)
  static constexpr double kShadowVeryShortFactor = 0.1;  // of the high-low range
  static constexpr double kNearFactor = 0.2;             // of the high-low range
  static constexpr double kFarFactor = 0.6;              // of the high-low range

  // A candle with the measures the patterns compare, computed once when it arrives and kept in
  // the history ring, so that no candle's body or shadows are recomputed by every pattern.
  // One cache line each (eight doubles, aligned): a candle reads the bars 1-3 back and those
  // 5 and 10 back and writes its own; with many streams each line comes from beyond L2, and
  // the 88-byte bar of before (with body top, bottom and colour stored) straddled two lines
  // three times in eight. The colour and the body's ends are derived where read: the same
  // expressions as before, so the same values.
  struct alignas(64) Bar {
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double body = 0;          // |close - open|
    double range = 0;         // high - low
    double upper_shadow = 0;  // high - body_top
    double lower_shadow = 0;  // body_bottom - low

    // TA-Lib counts an unchanged candle (close == open) as white. (A slot not written yet reads
    // as white, where a stored colour read false; every pattern masks such slots out by its
    // lookback, so no value depends on it.)
    bool white() const noexcept { return close >= open; }
    double body_top() const noexcept { return white() ? close : open; }
    double body_bottom() const noexcept { return white() ? open : close; }

    static Bar from(const core::Candle& c) noexcept {
      Bar b;
      b.open = c.open;
      b.high = c.high;
      b.low = c.low;
      b.close = c.close;
      b.body = std::fabs(c.close - c.open);
      b.range = c.high - c.low;
      b.upper_shadow = c.high - b.body_top();
      b.lower_shadow = b.body_bottom() - c.low;
      return b;
    }
  };
  static_assert(sizeof(Bar) == 64);

  // A running total of the last `period` bodies or ranges, slid one candle at a time. TA-Lib
  // starts each total at a fixed row (row `first_target - period`), sums the window plainly,
  // then adds (new - oldest) per candle; totals over the same window but started at different
  // rows can differ in the last bit, and a threshold compare can flip on that bit. So there is
  // one total per distinct starting row, each repeating TA-Lib's exact additions.
  enum class Measure : std::uint8_t { kBody, kRange };
  struct TotalSpec {
    Measure measure;
    int period;
    int first_target;  // first candle index whose window is complete
  };
  // Named by measure, period and first_target; the users listed are the (pattern, candle) pairs
  // whose TA-Lib total starts on that row.
  enum TotalId : std::uint8_t {
    kBodies10From10,  // harami/piercing/dark cloud 1st, stars 1st
    kBodies10From11,  // hammer, shooting star, harami 2nd, piercing 2nd, stars' star
    kBodies10From12,  // stars 3rd, three white soldiers 3rd
    kRanges10From10,  // doji, three white soldiers 1st
    kRanges10From11,  // hammer, shooting star, three white soldiers 2nd, three black crows 1st
    kRanges10From12,  // three white soldiers 3rd, three black crows 2nd
    kRanges10From13,  // three black crows 3rd
    kRanges5From10,   // hammer's prior candle (near), three white soldiers 1st (near, far)
    kRanges5From11,   // three white soldiers 2nd (near, far)
    kTotalCount,
  };
  static constexpr std::array<TotalSpec, kTotalCount> kTotalSpecs = {{
      {Measure::kBody, kAvgPeriod, 10},
      {Measure::kBody, kAvgPeriod, 11},
      {Measure::kBody, kAvgPeriod, 12},
      {Measure::kRange, kAvgPeriod, 10},
      {Measure::kRange, kAvgPeriod, 11},
      {Measure::kRange, kAvgPeriod, 12},
      {Measure::kRange, kAvgPeriod, 13},
      {Measure::kRange, kNearFarPeriod, 10},
      {Measure::kRange, kNearFarPeriod, 11},
  }};
  // The totals and their means are kept in arrays padded to an even length, so that the nine
  // divisions run as five packed divisions (SSE2, part of every x86-64): a packed division is
  // as fast as a scalar one and the divisions are most of the commit. The pad slot divides 0 by 1.
  static constexpr std::size_t kPaddedTotalCount = (kTotalCount + 1) / 2 * 2;
  using Totals = std::array<double, kPaddedTotalCount>;
  static constexpr Totals kTotalPeriods = [] {
    Totals periods{};
    for (std::size_t id = 0; id < kPaddedTotalCount; ++id) {
      periods[id] = id < kTotalCount ? kTotalSpecs[id].period : 1;
    }
    return periods;
  }();

  // Deep enough for the oldest candle a total drops (10 back) and the oldest a pattern reads.
  static constexpr std::size_t kHistorySize = 16;
  static constexpr std::size_t kHistoryMask = kHistorySize - 1;
  // Means are read for the current candle and the three before it; a ring of four.
  static constexpr std::size_t kMeanAges = 4;
  static constexpr std::size_t kMeanAgeMask = kMeanAges - 1;

  static double measure(Measure m, const Bar& bar) noexcept {
    return m == Measure::kBody ? bar.body : bar.range;
  }

  // The means of every total for the window before the candle `age` steps back from the one
  // being evaluated (age 0 = the current candle's window).
  const Totals& means(std::size_t age) const noexcept {
    return means_[(static_cast<std::size_t>(count_) - age) & kMeanAgeMask];
  }

  const Bar& previous(std::int64_t age) const noexcept {
    return history_[static_cast<std::size_t>(count_ - age) & kHistoryMask];
  }

  // Every pattern, written branch-free: each condition is evaluated and combined with `&`, not
  // short-circuited with `&&`. On real prices the short-circuit branches are close to coin
  // flips and their mispredictions cost more than evaluating all ~100 comparisons. The
  // exceptions are the multi-candle patterns behind a condition they all need that is rarely
  // true (soldiers' and crows' colours, the stars' body gap, an open beyond the last range):
  // one branch that is seldom taken, so seldom mispredicted, skips their comparisons. Every
  // threshold is the same expression as in TA-Lib (TA_CANDLEAVERAGE: factor times the mean, the
  // mean taken first), so comparisons agree to the last bit; `low + average` stays a separate
  // multiply and add (the build has -ffp-contract=off: a fused one could flip exact ties).
  // `out` is written only: every value is assigned, and nothing here reads values_.
  [[gnu::always_inline]] void evaluate(const Bar& c, PatternValues& out) const noexcept {
    if (count_ == 0) {
      out = {};
      return;
    }
    // Before a candle has `age` predecessors the slot read is still zero-initialized (or the
    // candle's value is masked out below by its lookback), as in a fresh object.
    const Bar& p = previous(1);   // the candle before the current one
    const Bar& p2 = previous(2);  // two back
    const Bar& p3 = previous(3);  // three back
    const auto& m0 = means(0);
    const auto& m1 = means(1);
    const auto& m2 = means(2);

    const int ready_engulfing = count_ >= lookback(CandlePattern::kEngulfing);
    const int ready_10 = count_ >= kAvgPeriod;
    const int ready_11 = count_ >= kAvgPeriod + 1;
    const int ready_12 = count_ >= kAvgPeriod + 2;
    const int ready_13 = count_ >= kAvgPeriod + 3;

    // Shared thresholds of the current candle.
    const bool c_short_body = c.body < kBodyShortFactor * m0[kBodies10From11];
    const bool c_tiny_upper = c.upper_shadow < kShadowVeryShortFactor * m0[kRanges10From11];
    const bool c_tiny_lower = c.lower_shadow < kShadowVeryShortFactor * m0[kRanges10From11];
    const bool p_long_body = p.body > kBodyLongFactor * m1[kBodies10From10];
    const bool c_black = !c.white();
    const bool p_black = !p.white();

    // Doji: open and close (almost) equal, against the recent high-low ranges.
    out[CandlePattern::kDoji] =
        100 * (ready_10 & (c.body <= kBodyDojiFactor * m0[kRanges10From10]));

    // Hammer: small body at the top, long lower shadow, (almost) no upper shadow, body near the
    // prior low.
    const bool hammer = c_short_body & (c.lower_shadow > kShadowLongFactor * c.body) &
                        c_tiny_upper &
                        (c.body_bottom() <= p.low + kNearFactor * m1[kRanges5From10]);
    out[CandlePattern::kHammer] = 100 * (ready_11 & hammer);

    // Shooting star: body gapped above the prior body, small, long upper shadow, (almost) no
    // lower shadow.
    const bool shooting_star = (c.body_bottom() > p.body_top()) & c_short_body &
                               (c.upper_shadow > kShadowLongFactor * c.body) & c_tiny_lower;
    out[CandlePattern::kShootingStar] = -100 * (ready_11 & shooting_star);

    // Engulfing: opposite colours, the second body covering the first; one shared end still
    // counts (80).
    // TA-Lib's test, (>= one end and < the other) or (> one end and <= the other), is: both
    // ends covered, and not both shared; for either colour pair the shared ends are the open at
    // the previous close and the close at the previous open (finite prices: the candle passed
    // the check).
    const bool open_at_previous_close = c.open == p.close;
    const bool close_at_previous_open = c.close == p.open;
    const bool shares_both_ends = open_at_previous_close & close_at_previous_open;
    const bool bullish_engulfing =
        c.white() & p_black & (c.close >= p.open) & (c.open <= p.close) & !shares_both_ends;
    const bool bearish_engulfing =
        c_black & p.white() & (c.open >= p.close) & (c.close <= p.open) & !shares_both_ends;
    const bool shares_an_end = open_at_previous_close | close_at_previous_open;
    const int engulfing_size = shares_an_end ? 80 : 100;
    out[CandlePattern::kEngulfing] =
        ready_engulfing * engulfing_size * (int{bullish_engulfing} - int{bearish_engulfing});

    // Harami: a long body followed by a short one inside it; the sign is opposite to the first
    // colour.
    const bool harami_bodies = p_long_body & (c.body <= kBodyShortFactor * m0[kBodies10From11]);
    const bool strictly_inside =
        (c.body_top() < p.body_top()) & (c.body_bottom() > p.body_bottom());
    const bool inside = (c.body_top() <= p.body_top()) & (c.body_bottom() >= p.body_bottom());
    const int harami_size = strictly_inside ? 100 : (inside ? 80 : 0);
    const int harami_sign = p.white() ? -1 : 1;
    out[CandlePattern::kHarami] = (ready_11 & harami_bodies) * harami_sign * harami_size;

    // Stars: a long first body, a short star gapped away from it, and a last body that is not
    // short, closing well into the first. The gap between the bodies is tested first: where
    // each open is the last close it is one candle in five to nine (12-19% of the 15m and 1h
    // Binance files: a branch seldom taken), and the rest is skipped on the others.
    out[CandlePattern::kMorningStar] = 0;
    out[CandlePattern::kEveningStar] = 0;
    const bool star_gapped_down = p.body_top() < p2.body_bottom();
    const bool star_gapped_up = p.body_bottom() > p2.body_top();
    if (star_gapped_down | star_gapped_up) {
      const bool star_bodies_fit = (p2.body > kBodyLongFactor * m2[kBodies10From10]) &
                                   (p.body <= kBodyShortFactor * m1[kBodies10From11]) &
                                   (c.body > kBodyShortFactor * m0[kBodies10From12]);
      const bool morning_star = (!p2.white()) & c.white() & star_gapped_down &
                                (c.close > p2.close + p2.body * kStarPenetration);
      const bool evening_star =
          p2.white() & c_black & star_gapped_up & (c.close < p2.close - p2.body * kStarPenetration);
      out[CandlePattern::kMorningStar] = 100 * (ready_12 & star_bodies_fit & morning_star);
      out[CandlePattern::kEveningStar] = -100 * (ready_12 & star_bodies_fit & evening_star);
    }

    // Three white soldiers (p2, p, c): three rising white candles, each opening inside or near
    // the prior body, tiny upper shadows, none much shorter than the one before. The crows
    // below likewise. Both behind one test of their colours, the exception to the branch-free
    // rule above: three given colours in a row are one candle in eight (crows' four, one in
    // sixteen), so the branch is rarely taken and rarely mispredicted, and the ~40 comparisons
    // each pattern needs are skipped on the other candles.
    out[CandlePattern::kThreeWhiteSoldiers] = 0;
    if (p2.white() & p.white() & c.white()) {
      const double near_p2 = kNearFactor * m2[kRanges5From10];
      const double near_p = kNearFactor * m1[kRanges5From11];
      const bool tiny_upper_shadows =
          (p2.upper_shadow < kShadowVeryShortFactor * m2[kRanges10From10]) &
          (p.upper_shadow < kShadowVeryShortFactor * m1[kRanges10From11]) &
          (c.upper_shadow < kShadowVeryShortFactor * m0[kRanges10From12]);
      const bool rising_closes = (c.close > p.close) & (p.close > p2.close);
      const bool opens_within_or_near_prior_body = (p.open > p2.open) &
                                                   (p.open <= p2.close + near_p2) &
                                                   (c.open > p.open) & (c.open <= p.close + near_p);
      const bool not_far_shorter = (p.body > p2.body - kFarFactor * m2[kRanges5From10]) &
                                   (c.body > p.body - kFarFactor * m1[kRanges5From11]);
      const bool soldiers_last_not_short = c.body > kBodyShortFactor * m0[kBodies10From12];
      out[CandlePattern::kThreeWhiteSoldiers] =
          100 * (ready_12 & tiny_upper_shadows & rising_closes & opens_within_or_near_prior_body &
                 not_far_shorter & soldiers_last_not_short);
    }

    // Three black crows (p3 white, then p2, p, c black): falling, each opening inside the prior
    // body, tiny lower shadows; the first closes under the white candle's high.
    out[CandlePattern::kThreeBlackCrows] = 0;
    if (p3.white() & (!p2.white()) & p_black & c_black) {
      const bool crows_open_within_prior_body =
          (p.open < p2.open) & (p.open > p2.close) & (c.open < p.open) & (c.open > p.close);
      const bool crows_falling = (p3.high > p2.close) & (p2.close > p.close) & (p.close > c.close);
      const bool crows_tiny_lower_shadows =
          (p2.lower_shadow < kShadowVeryShortFactor * m2[kRanges10From11]) &
          (p.lower_shadow < kShadowVeryShortFactor * m1[kRanges10From12]) &
          (c.lower_shadow < kShadowVeryShortFactor * m0[kRanges10From13]);
      out[CandlePattern::kThreeBlackCrows] = -100 * (ready_13 & crows_open_within_prior_body &
                                                     crows_falling & crows_tiny_lower_shadows);
    }

    // Piercing: long black, then a long white opening under its low and closing above its
    // body's middle. Dark cloud cover: long white, then a black opening over its high and
    // closing well into its body. Both need an open beyond the previous candle's range, which
    // a market trading around the clock (the next open is the last close) shows on one candle
    // in 60 to 800 (0.1-1.7% of the 15m and 1h Binance files): tested first, a branch that is
    // almost never taken.
    out[CandlePattern::kPiercing] = 0;
    out[CandlePattern::kDarkCloudCover] = 0;
    if ((c.open < p.low) | (c.open > p.high)) [[unlikely]] {
      const bool piercing = p_black & p_long_body & c.white() &
                            (c.body > kBodyLongFactor * m0[kBodies10From11]) & (c.open < p.low) &
                            (c.close < p.open) &
                            (c.close > p.close + p.body * kPiercingPenetration);
      out[CandlePattern::kPiercing] = 100 * (ready_11 & piercing);
      const bool dark_cloud = p.white() & p_long_body & c_black & (c.open > p.high) &
                              (c.close > p.open) &
                              (c.close < p.close - p.body * kDarkCloudPenetration);
      out[CandlePattern::kDarkCloudCover] = -100 * (ready_11 & dark_cloud);
    }
  }

  // The state changes after evaluate(): the totals and means slide, the count moves on (the
  // bar and the values are already in place).
  void commit(const Bar& bar) noexcept {
    Totals& next_means = means_[static_cast<std::size_t>(count_ + 1) & kMeanAgeMask];
#if defined(__SSE2__)
    if (count_ >= kLastFirstTarget) {
      slide_totals_packed(bar, next_means);
    } else {
      slide_totals(bar, next_means);
    }
#else
    slide_totals(bar, next_means);
#endif
    ++count_;
  }

  // Every total from the candle on which its window is first complete.
  static constexpr int kLastFirstTarget = [] {
    int last = 0;
    for (const TotalSpec& spec : kTotalSpecs)
      last = spec.first_target > last ? spec.first_target : last;
    return last;
  }();

  // Adds the new candle to every total (dropping the oldest once the total is running) and
  // takes the means: true divisions, as TA-Lib's, so they are bit-identical to its averages.
  void slide_totals(const Bar& bar, Totals& next_means) noexcept {
    for (std::size_t id = 0; id < kTotalCount; ++id) {
      const TotalSpec& spec = kTotalSpecs[id];
      if (count_ >= spec.first_target) {
        const Bar& dropped = previous(spec.period);
        totals_[id] += measure(spec.measure, bar) - measure(spec.measure, dropped);
      } else if (count_ >= spec.first_target - spec.period) {
        totals_[id] += measure(spec.measure, bar);
      }
    }
    for (std::size_t id = 0; id < kPaddedTotalCount; ++id) {
      next_means[id] = totals_[id] / kTotalPeriods[id];
    }
  }

#if defined(__SSE2__)
  // The same once every total is running, two totals per instruction (SSE2 is part of every
  // x86-64): the same subtraction, addition and division per lane, so the same bits. The
  // divisions are most of the commit and a packed one costs what a scalar one does. Loads and
  // stores are whole pairs: a pair loaded after two scalar stores would stall store forwarding.
  void slide_totals_packed(const Bar& bar, Totals& next_means) noexcept {
    static_assert(kTotalCount == 9 && kBodies10From10 == 0 && kBodies10From11 == 1 &&
                      kBodies10From12 == 2 && kRanges10From10 == 3 && kRanges10From11 == 4 &&
                      kRanges10From12 == 5 && kRanges10From13 == 6 && kRanges5From10 == 7 &&
                      kRanges5From11 == 8,
                  "the lanes below follow the TotalId order");
    const double body_change = bar.body - previous(kAvgPeriod).body;
    const double range_change = bar.range - previous(kAvgPeriod).range;
    const double near_far_range_change = bar.range - previous(kNearFarPeriod).range;
    // _mm_set_pd takes the high lane first.
    const __m128d changes[kPaddedTotalCount / 2] = {
        _mm_set1_pd(body_change),
        _mm_set_pd(range_change, body_change),
        _mm_set1_pd(range_change),
        _mm_set_pd(near_far_range_change, range_change),
        _mm_set_pd(0.0, near_far_range_change),
    };
    for (std::size_t pair = 0; pair < kPaddedTotalCount / 2; ++pair) {
      const std::size_t id = 2 * pair;
      const __m128d total = _mm_add_pd(_mm_loadu_pd(&totals_[id]), changes[pair]);
      _mm_storeu_pd(&totals_[id], total);
      _mm_storeu_pd(&next_means[id], _mm_div_pd(total, _mm_loadu_pd(&kTotalPeriods[id])));
    }
  }
#endif

  std::array<Bar, kHistorySize> history_{};
  // totals_[id]: the running total for the next candle's window.
  Totals totals_{};
  // means_[slot][id] = totals / period; the window before candle n is in slot n & kMeanAgeMask.
  std::array<Totals, kMeanAges> means_{};
  std::int64_t count_ = 0;  // candles accepted
  PatternValues values_{};
};

}  // namespace alphapulse::ta
