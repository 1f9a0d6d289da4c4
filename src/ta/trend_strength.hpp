// ta/trend_strength: how strongly price trends over the last `period` closes, as the
// t-statistic of the least-squares slope of ln(close) against candle index, plus the R² of
// that fit and the slope itself (ln units per candle). Not in TA-Lib. Exact definition in
// docs/indicators-custom.md; in short, with y = ln(close), x centred on the window:
//   slope = Σ x·(y - ȳ) / Σ x²,   SSR = Σ (y - ȳ)² - slope·Σ x·(y - ȳ)
//   t = slope / sqrt(SSR / ((period - 2)·Σ x²)),   R² = 1 - SSR / Σ (y - ȳ)²
// Degenerate cases: |t| is capped at kMaxAbsTStatistic, and a perfectly straight ln(close)
// (SSR <= 0 after rounding) gives exactly ±kMaxAbsTStatistic; a window of equal closes gives
// t = 0, R² = 0, slope = 0.
//
// Why it is O(1), stable and scale-free: only ratios of closes are ever taken to a log, so
// multiplying every price by 2^k changes no bit of the output. The running fit keeps
// deviations from the window mean (never ln(close) itself), so its terms are the size of the
// window's own spread. And every `period` updates it is replaced by sums accumulated afresh
// over exactly the current window, so rounding cannot drift however long the stream (tested
// against an O(n) fit after 200k candles).
//
// One log per candle: each close is kept as y = ln(close / reference), the reference being
// the last close of the previous block of `period` candles (blocks are aligned with the
// rebuilds, so a block ends exactly when the window is exactly that block). Every difference
// the slide needs is then a subtraction of stored y values; the close leaving the window is
// always the one at the same position of the previous block, whose y is moved onto the
// current reference by subtracting that reference's own y (one value per block).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "core/candle.hpp"
#include "core/prefetch.hpp"
#include "ta/input_status.hpp"

namespace alphapulse::ta {

struct TrendStrengthValue {
  double t_statistic = std::numeric_limits<double>::quiet_NaN();  // NaN until ready
  double r_squared = std::numeric_limits<double>::quiet_NaN();    // in [0, 1]
  double slope = std::numeric_limits<double>::quiet_NaN();        // of ln(close), per candle
};

class TrendStrength {
 public:
  // A t-statistic beyond this says nothing more (a straight line has an infinite one).
  static constexpr double kMaxAbsTStatistic = 1000.0;

  // period < 3 is treated as 3: the slope's standard error needs period - 2 > 0.
  explicit TrendStrength(int period = 20)
      : period_(period > 3 ? period : 3),
        fit_constants_(FitConstants::of(period_)),
        block_ys_(static_cast<std::size_t>(period_), 0.0) {}

  InputStatus update(const core::Candle& c) noexcept {
    const InputStatus status = check_candle(c);
    if (status != InputStatus::kAccepted) return status;
    commit(c.close);
    return status;
  }
  InputStatus update(double close) noexcept {
    const InputStatus status = check_price(close);
    if (status != InputStatus::kAccepted) return status;
    commit(close);
    return status;
  }
  // update() without the check: `close` must have passed check_price (IndicatorSet checks once).
  void apply(double close) noexcept { commit(close); }
  // What value() would be after update(...), without changing state; for an input update
  // would reject, the unchanged value().
  TrendStrengthValue peek(const core::Candle& c) const noexcept {
    if (check_candle(c) != InputStatus::kAccepted) return state_.value;
    return advance(c.close).value;
  }
  TrendStrengthValue peek(double close) const noexcept {
    if (check_price(close) != InputStatus::kAccepted) return state_.value;
    return advance(close).value;
  }

  const TrendStrengthValue& value() const noexcept { return state_.value; }
  double t_statistic() const noexcept { return state_.value.t_statistic; }
  double r_squared() const noexcept { return state_.value.r_squared; }
  double slope() const noexcept { return state_.value.slope; }
  bool ready() const noexcept { return state_.window_full; }
  int warmup() const noexcept { return period_; }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    std::fill(block_ys_.begin(), block_ys_.end(), 0.0);
    state_ = {};
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept {
    core::prefetch_lines(block_ys_.data(), block_ys_.data() + block_ys_.size());
  }

 private:
  // The fit of the current window, translation-free (y = ln(close), x centred so Σx = 0).
  struct Fit {
    double newest_deviation = 0;  // y_newest - ȳ
    double sum_sq_deviation = 0;  // Σ (y - ȳ)²
    double sum_xy = 0;            // Σ x·(y - ȳ)
  };
  // Sums over the closes of the current block, y on the block's reference (so they stay
  // small); they describe exactly the window once the block holds `period` closes.
  struct Rebuild {
    double sum_y = 0;
    double sum_yy = 0;
    double sum_ky = 0;  // k = 0, 1, ... in arrival order
  };
  struct State {
    Fit fit;
    Rebuild rebuild;
    double reference_close = 0;  // y = ln(close / reference_close); 0 before the first close
    double reference_y = 0;      // the reference's y on the previous block's reference
    double previous_y = 0;       // y of the latest close, on the current reference
    double previous_close = 0;   // 0 before the first close (valid closes are > 0)
    int position = 0;            // closes in the current block
    int equal_close_run = 0;     // consecutive closes equal to the one before
    bool window_full = false;    // a whole block (the window) has been seen
    TrendStrengthValue value;
  };

  // The only place state changes: the live state is stepped in place (no whole-state copy
  // back, whose store forwarding stalls cost more than the arithmetic); peek steps a copy.
  void commit(double close) noexcept {
    const std::size_t slot = static_cast<std::size_t>(state_.position);
    const double y = step(state_, close);
    block_ys_[slot] = y;  // read by step() as the leaving close first
  }

  State advance(double close) const noexcept {
    State next = state_;
    step(next, close);
    return next;
  }

  // Advances `s` by one close and returns the close's y (on the reference of its block).
  double step(State& s, double close) const noexcept {
    const double n = period_;
    const bool window_was_full = s.window_full;
    s.equal_close_run = close == s.previous_close ? s.equal_close_run + 1 : 0;
    if (s.reference_close == 0) [[unlikely]]
      s.reference_close = close;  // the very first close
    const double y = std::log(close / s.reference_close);

    if (window_was_full) [[likely]] {  // slide: drop the oldest close, append this one
      Fit& fit = s.fit;
      // The leaving close sat at this position of the previous block.
      const double leaving_y = block_ys_[static_cast<std::size_t>(s.position)] - s.reference_y;
      const double step = y - s.previous_y;                       // y_new - y_previous
      const double span = y - leaving_y;                          // y_new - y_leaving
      const double new_deviation = fit.newest_deviation + step;   // y_new - ȳ (old mean)
      const double leaving_deviation = new_deviation - span;      // y_leaving - ȳ
      const double mean_shift = span * fit_constants_.inverse_n;  // a multiply, not a divide
      // Welford's replace-one-value update of Σ (y - ȳ)².
      fit.sum_sq_deviation += span * (new_deviation - mean_shift + leaving_deviation);
      // Every kept point moves one step left in x; the leaving one was at -(n-1)/2 and the
      // new one lands at +(n-1)/2. Σx = 0 lets the update use deviations only.
      fit.sum_xy += fit_constants_.leaving_x_weight * leaving_deviation +
                    fit_constants_.newest_x_weight * new_deviation;
      fit.newest_deviation = new_deviation - mean_shift;
    }

    Rebuild& rebuild = s.rebuild;
    rebuild.sum_y += y;
    rebuild.sum_yy += y * y;
    rebuild.sum_ky += s.position * y;
    s.previous_y = y;
    s.previous_close = close;
    if (++s.position == period_) [[unlikely]] {  // the block is the window: replace the running fit
      const double mean = rebuild.sum_y / n;
      const double sum_sq = rebuild.sum_yy - rebuild.sum_y * mean;
      s.fit.sum_sq_deviation = sum_sq > 0 ? sum_sq : 0.0;
      s.fit.sum_xy = rebuild.sum_ky - fit_constants_.newest_x_weight * rebuild.sum_y;
      s.fit.newest_deviation = y - mean;
      rebuild = {};
      s.position = 0;
      s.window_full = true;
      // This close is the next block's reference: its y there is exactly 0.
      s.reference_close = close;
      s.reference_y = y;
      s.previous_y = 0;
    }

    if (!s.window_full) [[unlikely]]
      return y;
    // Equal closes make every log exactly 0; say so exactly instead of trusting rounding.
    if (s.equal_close_run >= period_ - 1) [[unlikely]]
      s.fit = {};
    s.value = evaluate(s.fit, fit_constants_);
    return y;
  }

  // What evaluate() and the slide need of the period, computed once: they run every candle,
  // and these save two of evaluate()'s divisions, the slide's one, and the slide's
  // int-to-double conversion and x-weight products (the same values, so the same bits).
  struct FitConstants {
    double inverse_sum_xx;    // 1 / Σ x² for centred x
    double sum_xx_per_dof;    // Σ x² / (n - 2)
    double inverse_n;         // 1 / n, for the slide's mean shift
    double leaving_x_weight;  // 0.5 * (n + 1)
    double newest_x_weight;   // 0.5 * (n - 1): the newest close's centred x
    static FitConstants of(int period) noexcept {
      const double n = period;
      const double sum_xx = n * (n * n - 1) / 12;
      return {1.0 / sum_xx, sum_xx / (n - 2), 1.0 / n, 0.5 * (n + 1), 0.5 * (n - 1)};
    }
  };

  static TrendStrengthValue evaluate(const Fit& fit, const FitConstants& k) noexcept {
    if (!(fit.sum_sq_deviation > 0)) return {0.0, 0.0, 0.0};  // flat window: no trend
    const double slope = fit.sum_xy * k.inverse_sum_xx;
    const double explained = slope * fit.sum_xy;
    double r_squared = explained / fit.sum_sq_deviation;
    if (r_squared > 1) r_squared = 1;
    const double residual = fit.sum_sq_deviation - explained;
    double t = residual > 0 ? fit.sum_xy / std::sqrt(residual * k.sum_xx_per_dof)
                            : std::copysign(kMaxAbsTStatistic, fit.sum_xy);
    if (t > kMaxAbsTStatistic) t = kMaxAbsTStatistic;
    if (t < -kMaxAbsTStatistic) t = -kMaxAbsTStatistic;
    return {t, r_squared, slope};
  }

  int period_;
  FitConstants fit_constants_;
  // y of each close of the previous block by position, overwritten by the current block's.
  std::vector<double> block_ys_;
  State state_;
};

}  // namespace alphapulse::ta
