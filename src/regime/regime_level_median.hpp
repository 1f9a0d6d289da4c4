// regime/regime_level_median: the stream's long-run typical level (of volatility or volume) as
// the weighted median of log levels, with exponential forgetting, in O(1) per push and no
// allocation.
//
// Why a median: the regime features compare each window's level with the stream's typical
// level. A mean over the long run is pulled by the few stretches far from the base level
// (breakouts at x2.5-4 volatility and x2-4 volume, choppy markets at x1.5-2.5), and by how many
// of them the stream happened to have; the median of short windows' levels sits on the bulk of
// ordinary candles and barely moves with that mix (docs/regime.md, "What was tried", session 12:
// the error of the reference against the generator's true base level is 12-21% lower for
// volatility and about half for volume).
//
// How: a histogram of fixed-width bins in log space around a centre that follows the median,
// and a cursor on the median's bin with the mass below it, moved by at most a few bins per push.
// Forgetting without touching every bin: each entry weighs (1 - 1/horizon)^-t, the weights grow
// instead of the old mass decaying, and everything is rescaled together before they overflow.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace alphapulse::regime {

class LongRunLogMedian {
 public:
  static constexpr int kBins = 256;
  // Log units per bin: the median is interpolated inside its bin, so its resolution is far
  // below the width; 256 bins span +-0.64 around the centre (a factor of e^0.64 in fourth-root
  // levels, e^2.56 = 13 in volatility either way), and the centre moves with the median.
  static constexpr double kBinWidth = 0.005;

  // Entries weigh the same until `horizon` of them are in, then each new one weighs
  // 1 / (1 - 1/horizon) times the one before: the same weights as an expanding mean followed
  // by an exponential average over `horizon` entries.
  explicit LongRunLogMedian(double horizon) noexcept : growth_(1.0 / (1.0 - 1.0 / horizon)) {
    horizon_entries_ = static_cast<std::int64_t>(horizon);
  }

  bool empty() const noexcept { return pushed_ == 0; }
  // The weighted median of the log levels pushed so far (0 while empty).
  double median() const noexcept { return median_; }

  void push(double log_level) noexcept {
    if (pushed_ == 0) centre_on(log_level);
    ++pushed_;
    if (pushed_ > horizon_entries_) {
      weight_ *= growth_;
      if (weight_ > kRescaleAbove) rescale();
    }
    const int bin = bin_of(log_level);
    mass_[static_cast<std::size_t>(bin)] += weight_;
    total_ += weight_;
    if (bin < cursor_) below_ += weight_;
    if (pushed_ % kExactSumPeriod == 0) recount_below();
    settle_cursor();
    if (cursor_ < kMargin || cursor_ >= kBins - kMargin) recentre();
    const double in_bin = mass_[static_cast<std::size_t>(cursor_)];
    const double fraction = in_bin > 0 ? (0.5 * total_ - below_) / in_bin : 0.5;
    median_ = origin_ + kBinWidth * (cursor_ + std::clamp(fraction, 0.0, 1.0));
  }

  void reset() noexcept {
    mass_ = {};
    origin_ = median_ = total_ = below_ = 0;
    weight_ = 1;
    cursor_ = kBins / 2;
    pushed_ = 0;
  }

 private:
  // Recentre when the median leaves the middle half of the bins: levels pushed more than half
  // the span from the centre count in an edge bin (on the right side of the median, not in their
  // place), and a median that moved a quarter of the span gets the space back before it could
  // reach them.
  static constexpr int kMargin = kBins / 4;
  static constexpr double kRescaleAbove = 1e100;
  // The mass below the cursor is kept by additions and subtractions; it is recounted exactly
  // this often so that rounding cannot drift (O(kBins), 1/16 of an addition per push).
  static constexpr std::int64_t kExactSumPeriod = 4096;

  int bin_of(double log_level) const noexcept {
    const double position = (log_level - origin_) * (1.0 / kBinWidth);
    // Out-of-range levels count in the edge bins (NaN as well: the comparison fails).
    if (!(position >= 0)) return 0;
    if (position >= kBins - 1) return kBins - 1;
    return static_cast<int>(position);
  }
  void centre_on(double log_level) noexcept {
    cursor_ = kBins / 2;
    origin_ = log_level - kBinWidth * (kBins / 2 + 0.5);
  }
  // Moves the cursor to the bin holding half the mass: below_ <= total/2 < below_ + its mass.
  void settle_cursor() noexcept {
    const double half = 0.5 * total_;
    while (cursor_ > 0 && below_ > half) {
      --cursor_;
      below_ -= mass_[static_cast<std::size_t>(cursor_)];
    }
    while (cursor_ < kBins - 1 && below_ + mass_[static_cast<std::size_t>(cursor_)] <= half) {
      below_ += mass_[static_cast<std::size_t>(cursor_)];
      ++cursor_;
    }
  }
  void recount_below() noexcept {
    below_ = 0;
    for (int b = 0; b < cursor_; ++b) below_ += mass_[static_cast<std::size_t>(b)];
  }
  // Shifts the bins so that the cursor is in the middle again; mass shifted past an edge joins
  // the edge bin. Rare: only when the typical level drifts by a quarter of the span (0.32 in log
  // fourth-root levels, a factor of ~3.6 in volatility).
  void recentre() noexcept {
    const int shift = cursor_ - kBins / 2;
    std::array<double, kBins> moved{};
    for (int b = 0; b < kBins; ++b) {
      const int to = std::clamp(b - shift, 0, kBins - 1);
      moved[static_cast<std::size_t>(to)] += mass_[static_cast<std::size_t>(b)];
    }
    mass_ = moved;
    origin_ += kBinWidth * shift;
    cursor_ -= shift;
    recount_below();
    settle_cursor();
  }
  void rescale() noexcept {
    constexpr double kFactor = 1.0 / kRescaleAbove;
    for (double& m : mass_) m *= kFactor;
    total_ *= kFactor;
    below_ *= kFactor;
    weight_ *= kFactor;
  }

  std::array<double, kBins> mass_{};
  double origin_ = 0;  // the log level at bin 0's lower edge
  double median_ = 0;
  double total_ = 0;
  double below_ = 0;  // mass in the bins before the cursor
  double weight_ = 1;
  double growth_;
  int cursor_ = kBins / 2;
  std::int64_t pushed_ = 0;
  std::int64_t horizon_entries_ = 0;
};

}  // namespace alphapulse::regime
