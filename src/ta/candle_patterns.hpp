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
    if (check_candle(candle) != InputStatus::kAccepted) return {};
    return evaluate(Bar::from(candle));
  }

  // An invalid candle (see core::validate) is rejected and changes nothing.
  InputStatus update(const core::Candle& candle) noexcept {
    const InputStatus status = check_candle(candle);
    if (status != InputStatus::kAccepted) return status;
    const Bar bar = Bar::from(candle);
    const PatternValues next_values = evaluate(bar);
    commit(bar, next_values);
    return InputStatus::kAccepted;
  }

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

  struct Bar {
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;

    static Bar from(const core::Candle& c) noexcept { return {c.open, c.high, c.low, c.close}; }
    // TA-Lib counts an unchanged candle (close == open) as white.
    bool white() const noexcept { return close >= open; }
    bool black() const noexcept { return close < open; }
    double body() const noexcept { return std::fabs(close - open); }
    double range() const noexcept { return high - low; }
    double body_top() const noexcept { return close >= open ? close : open; }
    double body_bottom() const noexcept { return close >= open ? open : close; }
    double upper_shadow() const noexcept { return high - body_top(); }
    double lower_shadow() const noexcept { return body_bottom() - low; }
  };

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

  // Deep enough for the oldest candle a total drops (10 back) and the oldest a pattern reads.
  static constexpr std::size_t kHistorySize = 16;
  static constexpr std::size_t kHistoryMask = kHistorySize - 1;
  // A total is read for the current candle and the two before it (three-candle patterns).
  static constexpr std::size_t kTotalAges = 3;

  static double measure(Measure m, const Bar& bar) noexcept {
    return m == Measure::kBody ? bar.body() : bar.range();
  }

  // TA_CANDLEAVERAGE: factor times the mean, the mean taken first (the bits depend on it).
  // Thresholds like `low + average` must stay a separate multiply and add, as in the reference
  // build: a fused multiply-add (-march with FMA plus fp-contract) could flip exact ties.
  double average(TotalId id, std::size_t age, double factor) const noexcept {
    return factor * means_[id][age];
  }

  const Bar& previous(std::int64_t age) const noexcept {
    return history_[static_cast<std::size_t>(count_ - age) & kHistoryMask];
  }

  PatternValues evaluate(const Bar& current) const noexcept {
    PatternValues out;
    if (count_ == 0) return out;
    // bars[k] is the candle k steps back from the one being evaluated.
    std::array<Bar, 4> bars{current, {}, {}, {}};
    for (std::int64_t age = 1; age < 4 && age <= count_; ++age) {
      bars[static_cast<std::size_t>(age)] = previous(age);
    }
    for (CandlePattern pattern : kAllCandlePatterns) {
      if (count_ >= lookback(pattern)) out[pattern] = detect(pattern, bars);
    }
    return out;
  }

  int detect(CandlePattern pattern, const std::array<Bar, 4>& bars) const noexcept {
    switch (pattern) {
      case CandlePattern::kDoji:
        return doji(bars);
      case CandlePattern::kHammer:
        return hammer(bars);
      case CandlePattern::kShootingStar:
        return shooting_star(bars);
      case CandlePattern::kEngulfing:
        return engulfing(bars);
      case CandlePattern::kHarami:
        return harami(bars);
      case CandlePattern::kMorningStar:
        return morning_star(bars);
      case CandlePattern::kEveningStar:
        return evening_star(bars);
      case CandlePattern::kThreeWhiteSoldiers:
        return three_white_soldiers(bars);
      case CandlePattern::kThreeBlackCrows:
        return three_black_crows(bars);
      case CandlePattern::kPiercing:
        return piercing(bars);
      case CandlePattern::kDarkCloudCover:
        return dark_cloud_cover(bars);
    }
    return 0;
  }

  // Open and close (almost) equal, measured against the recent high-low ranges.
  int doji(const std::array<Bar, 4>& b) const noexcept {
    return b[0].body() <= average(kRanges10From10, 0, kBodyDojiFactor) ? 100 : 0;
  }

  // Small body at the top, long lower shadow, (almost) no upper shadow, body near the prior low.
  int hammer(const std::array<Bar, 4>& b) const noexcept {
    const Bar& c = b[0];
    const bool small_body = c.body() < average(kBodies10From11, 0, kBodyShortFactor);
    const bool long_lower_shadow = c.lower_shadow() > kShadowLongFactor * c.body();
    const bool tiny_upper_shadow =
        c.upper_shadow() < average(kRanges10From11, 0, kShadowVeryShortFactor);
    const bool near_prior_low =
        c.body_bottom() <= b[1].low + average(kRanges5From10, 1, kNearFactor);
    return small_body && long_lower_shadow && tiny_upper_shadow && near_prior_low ? 100 : 0;
  }

  // Body gapped above the prior body, small, long upper shadow, (almost) no lower shadow.
  int shooting_star(const std::array<Bar, 4>& b) const noexcept {
    const Bar& c = b[0];
    const bool body_gap_up = c.body_bottom() > b[1].body_top();
    const bool small_body = c.body() < average(kBodies10From11, 0, kBodyShortFactor);
    const bool long_upper_shadow = c.upper_shadow() > kShadowLongFactor * c.body();
    const bool tiny_lower_shadow =
        c.lower_shadow() < average(kRanges10From11, 0, kShadowVeryShortFactor);
    return body_gap_up && small_body && long_upper_shadow && tiny_lower_shadow ? -100 : 0;
  }

  // Opposite colours, the second body covering the first; one shared end still counts (80).
  static int engulfing(const std::array<Bar, 4>& b) noexcept {
    const Bar& c = b[0];
    const Bar& p = b[1];
    const bool bullish =
        c.white() && p.black() &&
        ((c.close >= p.open && c.open < p.close) || (c.close > p.open && c.open <= p.close));
    const bool bearish =
        c.black() && p.white() &&
        ((c.open >= p.close && c.close < p.open) || (c.open > p.close && c.close <= p.open));
    if (!bullish && !bearish) return 0;
    const bool shares_an_end = c.open == p.close || c.close == p.open;
    const int sign = c.white() ? 1 : -1;
    return sign * (shares_an_end ? 80 : 100);
  }

  // A long body followed by a short one inside it; the sign is opposite to the first colour.
  int harami(const std::array<Bar, 4>& b) const noexcept {
    const Bar& c = b[0];
    const Bar& p = b[1];
    if (!(p.body() > average(kBodies10From10, 1, kBodyLongFactor))) return 0;
    if (!(c.body() <= average(kBodies10From11, 0, kBodyShortFactor))) return 0;
    const int sign = p.white() ? -1 : 1;
    if (c.body_top() < p.body_top() && c.body_bottom() > p.body_bottom()) return sign * 100;
    if (c.body_top() <= p.body_top() && c.body_bottom() >= p.body_bottom()) return sign * 80;
    return 0;
  }

  // Long black, a short body gapped below it, then a white body closing well into the first.
  int morning_star(const std::array<Bar, 4>& b) const noexcept {
    const Bar& first = b[2];
    const Bar& star = b[1];
    const Bar& last = b[0];
    const bool ok = first.black() && last.white() && star.body_top() < first.body_bottom() &&
                    last.close > first.close + first.body() * kStarPenetration &&
                    star_bodies_fit(b);
    return ok ? 100 : 0;
  }

  // Mirror of the morning star: long white, short body gapped above, black closing well into it.
  int evening_star(const std::array<Bar, 4>& b) const noexcept {
    const Bar& first = b[2];
    const Bar& star = b[1];
    const Bar& last = b[0];
    const bool ok = first.white() && last.black() && star.body_bottom() > first.body_top() &&
                    last.close < first.close - first.body() * kStarPenetration &&
                    star_bodies_fit(b);
    return ok ? -100 : 0;
  }

  // Shared by both stars: long first body, short star, and a last body that is not short.
  bool star_bodies_fit(const std::array<Bar, 4>& b) const noexcept {
    return b[2].body() > average(kBodies10From10, 2, kBodyLongFactor) &&
           b[1].body() <= average(kBodies10From11, 1, kBodyShortFactor) &&
           b[0].body() > average(kBodies10From12, 0, kBodyShortFactor);
  }

  // Three rising white candles, each opening inside or near the prior body, tiny upper
  // shadows, none much shorter than the one before (that would be an advance block).
  int three_white_soldiers(const std::array<Bar, 4>& b) const noexcept {
    const Bar& first = b[2];
    const Bar& second = b[1];
    const Bar& third = b[0];
    const bool white_with_tiny_upper_shadows =
        first.white() &&
        first.upper_shadow() < average(kRanges10From10, 2, kShadowVeryShortFactor) &&
        second.white() &&
        second.upper_shadow() < average(kRanges10From11, 1, kShadowVeryShortFactor) &&
        third.white() && third.upper_shadow() < average(kRanges10From12, 0, kShadowVeryShortFactor);
    const bool rising_closes = third.close > second.close && second.close > first.close;
    const bool opens_within_or_near_prior_body =
        second.open > first.open &&
        second.open <= first.close + average(kRanges5From10, 2, kNearFactor) &&
        third.open > second.open &&
        third.open <= second.close + average(kRanges5From11, 1, kNearFactor);
    const bool not_far_shorter =
        second.body() > first.body() - average(kRanges5From10, 2, kFarFactor) &&
        third.body() > second.body() - average(kRanges5From11, 1, kFarFactor);
    const bool last_not_short = third.body() > average(kBodies10From12, 0, kBodyShortFactor);
    return white_with_tiny_upper_shadows && rising_closes && opens_within_or_near_prior_body &&
                   not_far_shorter && last_not_short
               ? 100
               : 0;
  }

  // After a white candle, three falling black candles, each opening inside the prior body,
  // with tiny lower shadows; the first closes under the white candle's high.
  int three_black_crows(const std::array<Bar, 4>& b) const noexcept {
    const Bar& before = b[3];
    const Bar& first = b[2];
    const Bar& second = b[1];
    const Bar& third = b[0];
    const bool colours = before.white() && first.black() && second.black() && third.black();
    const bool opens_within_prior_body = second.open < first.open && second.open > first.close &&
                                         third.open < second.open && third.open > second.close;
    const bool falling =
        before.high > first.close && first.close > second.close && second.close > third.close;
    const bool tiny_lower_shadows =
        first.lower_shadow() < average(kRanges10From11, 2, kShadowVeryShortFactor) &&
        second.lower_shadow() < average(kRanges10From12, 1, kShadowVeryShortFactor) &&
        third.lower_shadow() < average(kRanges10From13, 0, kShadowVeryShortFactor);
    return colours && opens_within_prior_body && falling && tiny_lower_shadows ? -100 : 0;
  }

  // Long black, then a long white opening under its low and closing above its body's middle.
  int piercing(const std::array<Bar, 4>& b) const noexcept {
    const Bar& c = b[0];
    const Bar& p = b[1];
    const bool ok = p.black() && p.body() > average(kBodies10From10, 1, kBodyLongFactor) &&
                    c.white() && c.body() > average(kBodies10From11, 0, kBodyLongFactor) &&
                    c.open < p.low && c.close < p.open &&
                    c.close > p.close + p.body() * kPiercingPenetration;
    return ok ? 100 : 0;
  }

  // Long white, then a black opening over its high and closing well into its body.
  int dark_cloud_cover(const std::array<Bar, 4>& b) const noexcept {
    const Bar& c = b[0];
    const Bar& p = b[1];
    const bool ok = p.white() && p.body() > average(kBodies10From10, 1, kBodyLongFactor) &&
                    c.black() && c.open > p.high && c.close > p.open &&
                    c.close < p.close - p.body() * kDarkCloudPenetration;
    return ok ? -100 : 0;
  }

  // The only place state changes.
  void commit(const Bar& bar, const PatternValues& next_values) noexcept {
    for (std::size_t id = 0; id < kTotalCount; ++id) {
      const TotalSpec& spec = kTotalSpecs[id];
      std::array<double, kTotalAges>& ages = totals_[id];
      double total = ages[0];
      if (count_ >= spec.first_target) {
        const Bar& dropped = previous(spec.period);
        total += measure(spec.measure, bar) - measure(spec.measure, dropped);
      } else if (count_ >= spec.first_target - spec.period) {
        total += measure(spec.measure, bar);
      }
      ages[2] = ages[1];
      ages[1] = ages[0];
      ages[0] = total;
      // The mean once per candle, not once per comparison that reads it: divisions dominate.
      std::array<double, kTotalAges>& means = means_[id];
      means[2] = means[1];
      means[1] = means[0];
      means[0] = total / spec.period;
    }
    history_[static_cast<std::size_t>(count_) & kHistoryMask] = bar;
    ++count_;
    values_ = next_values;
  }

  std::array<Bar, kHistorySize> history_{};
  // totals_[id][age]: the total for the window before the candle `age` steps back from the
  // next one (age 0 = the next candle's window).
  std::array<std::array<double, kTotalAges>, kTotalCount> totals_{};
  std::array<std::array<double, kTotalAges>, kTotalCount> means_{};  // totals_ / period
  std::int64_t count_ = 0;  // candles accepted
  PatternValues values_{};
};

}  // namespace alphapulse::ta
