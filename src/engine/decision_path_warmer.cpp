// engine/decision_path_warmer: see the header. The synthetic series is a mean-reverting random
// walk in log price whose drift changes every few hundred candles, so the pipeline goes through
// trends and ranges, candidates and signals, as a stream's would, and never drifts off to prices
// the candle checks would reject however long the engine idles.
#include "engine/decision_path_warmer.hpp"

#include <algorithm>
#include <cmath>

namespace alphapulse::engine {
namespace {

constexpr int kWarmupCandles = 600;  // past every indicator's and the detector's warm-up
constexpr double kLogAnchor = 4.605170185988091;  // log(100): the price the walk returns to
constexpr double kPullPerCandle = 0.002;
constexpr double kVolatility = 0.004;
constexpr int kCandlesPerDrift = 250;

}  // namespace

DecisionPathWarmer::DecisionPathWarmer(const core::Symbol& symbol, core::Timeframe timeframe,
                                       const strategy::PipelineSettings& settings,
                                       std::int64_t interval_ns)
    : pipeline_(symbol, timeframe, settings),
      interval_ns_(interval_ns),
      interval_ms_of_candle_(core::duration(timeframe).count) {
  // 2020-01-01T00:00:00Z, aligned to every timeframe up to a day.
  candle_.open_time =
      core::TimestampMs{1'577'836'800'000} - core::DurationMs{interval_ms_of_candle_};
  candle_.close = 100.0;
  for (int i = 0; i < kWarmupCandles; ++i) {
    next_candle();
    (void)pipeline_.on_closed_candle(candle_);
  }
}

bool DecisionPathWarmer::run_if_due(std::int64_t now_ns) noexcept {
  if (now_ns - last_run_ns_ < interval_ns_) return false;
  next_candle();
  (void)pipeline_.on_closed_candle(candle_);
  last_run_ns_ = now_ns;  // the interval counts from the start of a run
  ++runs_;
  return true;
}

double DecisionPathWarmer::next_uniform() noexcept {
  random_state_ ^= random_state_ << 13;
  random_state_ ^= random_state_ >> 7;
  random_state_ ^= random_state_ << 17;
  return static_cast<double>(random_state_ >> 11) * 0x1.0p-53;
}

void DecisionPathWarmer::next_candle() noexcept {
  const double previous_close = candle_.close;
  const double log_close = std::log(previous_close);
  const auto index = (candle_.open_time.ms / interval_ms_of_candle_);
  // A drift of -1..+1 volatilities per candle, fixed for kCandlesPerDrift candles.
  const double drift =
      kVolatility * (static_cast<double>((index / kCandlesPerDrift) % 5) - 2.0) * 0.5;
  // Irwin-Hall: the sum of four uniforms, centred and scaled to unit variance.
  const double gaussian =
      (next_uniform() + next_uniform() + next_uniform() + next_uniform() - 2.0) * std::sqrt(3.0);
  const double next_log =
      log_close + drift + kVolatility * gaussian - kPullPerCandle * (log_close - kLogAnchor);
  const double close = std::exp(next_log);
  const double wick = previous_close * kVolatility * (0.2 + next_uniform());

  candle_.open_time = candle_.open_time + core::DurationMs{interval_ms_of_candle_};
  candle_.close_time = candle_.open_time + core::DurationMs{interval_ms_of_candle_ - 1};
  candle_.open = previous_close;
  candle_.close = close;
  candle_.high = std::max(previous_close, close) + wick * next_uniform();
  candle_.low = std::min(previous_close, close) - wick * next_uniform();
  candle_.volume = 1000.0 * (0.5 + next_uniform()) * (1.0 + 20.0 * std::abs(next_log - log_close));
  candle_.has_exchange_extras = false;
}

}  // namespace alphapulse::engine
