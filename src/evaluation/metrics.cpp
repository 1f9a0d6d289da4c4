// evaluation/metrics: see metrics.hpp.
#include "evaluation/metrics.hpp"

#include <cmath>
#include <limits>

namespace alphapulse::evaluation {
namespace {

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

void Metrics::add(const JudgedSignal& judged) {
  ++signals;
  if (!judged.matched) {
    ++unmatched;
    return;
  }
  switch (judged.result.outcome) {
    case core::SignalOutcome::kWin:
      ++wins;
      break;
    case core::SignalOutcome::kLoss:
      ++losses;
      break;
    case core::SignalOutcome::kExpired:
      ++expired;
      break;
    default:
      ++open;
      return;
  }
  return_pct_sum += judged.result.return_pct;
  if (std::isfinite(judged.result.return_r)) {
    return_r_sum += judged.result.return_r;
    ++return_r_count;
  }
  baseline_judged += judged.baseline_judged;
  baseline_wins += judged.baseline_wins;
  baseline_return_pct_sum += judged.baseline_return_pct_sum;
}

double Metrics::accuracy() const {
  return ratio(static_cast<double>(wins), static_cast<double>(judged()));
}
double Metrics::expired_share() const {
  return ratio(static_cast<double>(expired), static_cast<double>(judged()));
}
double Metrics::mean_return_pct() const {
  return ratio(return_pct_sum, static_cast<double>(judged()));
}
double Metrics::mean_return_r() const {
  return ratio(return_r_sum, static_cast<double>(return_r_count));
}
double Metrics::baseline_accuracy() const {
  return ratio(static_cast<double>(baseline_wins), static_cast<double>(baseline_judged));
}
double Metrics::baseline_mean_return_pct() const {
  return ratio(baseline_return_pct_sum, static_cast<double>(baseline_judged));
}
double Metrics::edge() const {
  return accuracy() - baseline_accuracy();
}

double FilterStats::filter_rate() const {
  return ratio(static_cast<double>(rejected), static_cast<double>(candidates));
}

StreamKey stream_of(const core::Signal& signal) {
  return {signal.symbol.str(), signal.timeframe};
}

std::string to_string(const StreamKey& key) {
  return key.symbol + " " + std::string(core::to_string(key.timeframe));
}

}  // namespace alphapulse::evaluation
