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
// deviations from the window mean (never ln(close) itself, never a fixed reference), so its
// terms are the size of the window's own spread. And every `period` updates it is replaced by
// sums accumulated afresh over exactly the current window, so rounding cannot drift however
// long the stream (tested against an O(n) fit after 200k candles).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

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
        closes_(static_cast<std::size_t>(period_)) {}

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
  bool ready() const noexcept { return closes_.full(); }
  int warmup() const noexcept { return period_; }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    closes_.clear();
    state_ = {};
  }

 private:
  // The fit of the current window, translation-free (y = ln(close), x centred so Σx = 0).
  struct Fit {
    double newest_deviation = 0;  // y_newest - ȳ
    double sum_sq_deviation = 0;  // Σ (y - ȳ)²
    double sum_xy = 0;            // Σ x·(y - ȳ)
  };
  // Sums over the closes since the last rebuild, with y relative to the first of them (so
  // they stay small); they describe exactly the window once `period` closes are in.
  struct Rebuild {
    double reference_close = 0;
    double sum_y = 0;
    double sum_yy = 0;
    double sum_ky = 0;  // k = 0, 1, ... in arrival order
    int count = 0;
  };
  struct State {
    Fit fit;
    Rebuild rebuild;
    int equal_close_run = 0;  // consecutive closes equal to the one before
    TrendStrengthValue value;
  };

  void commit(double close) noexcept {
    const State next = advance(close);
    // Commit: the only place state changes.
    closes_.push(close);
    state_ = next;
  }

  State advance(double close) const noexcept {
    State next = state_;
    const double n = period_;
    const bool window_was_full = closes_.full();

    next.equal_close_run =
        closes_.size() > 0 && close == closes_.at(0) ? state_.equal_close_run + 1 : 0;

    if (window_was_full) {  // slide: drop the oldest close, append this one
      Fit& fit = next.fit;
      const double step = std::log(close / closes_.at(0));       // y_new - y_previous
      const double span = std::log(close / closes_.oldest());    // y_new - y_leaving
      const double new_deviation = fit.newest_deviation + step;  // y_new - ȳ (old mean)
      const double leaving_deviation = new_deviation - span;     // y_leaving - ȳ
      const double mean_shift = span / n;
      // Welford's replace-one-value update of Σ (y - ȳ)².
      fit.sum_sq_deviation += span * (new_deviation - mean_shift + leaving_deviation);
      // Every kept point moves one step left in x; the leaving one was at -(n-1)/2 and the
      // new one lands at +(n-1)/2. Σx = 0 lets the update use deviations only.
      fit.sum_xy += 0.5 * (n + 1) * leaving_deviation + 0.5 * (n - 1) * new_deviation;
      fit.newest_deviation = new_deviation - mean_shift;
    }

    Rebuild& rebuild = next.rebuild;
    if (rebuild.count == 0) rebuild.reference_close = close;
    const double y = rebuild.count == 0 ? 0.0 : std::log(close / rebuild.reference_close);
    rebuild.sum_y += y;
    rebuild.sum_yy += y * y;
    rebuild.sum_ky += rebuild.count * y;
    if (++rebuild.count == period_) {
      const double mean = rebuild.sum_y / n;
      const double sum_sq = rebuild.sum_yy - rebuild.sum_y * mean;
      next.fit.sum_sq_deviation = sum_sq > 0 ? sum_sq : 0.0;
      next.fit.sum_xy = rebuild.sum_ky - 0.5 * (n - 1) * rebuild.sum_y;
      next.fit.newest_deviation = y - mean;
      rebuild = {};
    }

    const bool window_full = window_was_full || closes_.size() + 1 == closes_.capacity();
    if (!window_full) return next;
    // Equal closes make every log exactly 0; say so exactly instead of trusting rounding.
    if (next.equal_close_run >= period_ - 1) next.fit = {};
    next.value = evaluate(next.fit, fit_constants_);
    return next;
  }

  // What evaluate() needs of the period, computed once: it runs every candle, and these save
  // two of its divisions.
  struct FitConstants {
    double inverse_sum_xx;  // 1 / Σ x² for centred x
    double sum_xx_per_dof;  // Σ x² / (n - 2)
    static FitConstants of(int period) noexcept {
      const double n = period;
      const double sum_xx = n * (n * n - 1) / 12;
      return {1.0 / sum_xx, sum_xx / (n - 2)};
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
  RingBuffer<double> closes_;
  State state_;
};

}  // namespace alphapulse::ta
