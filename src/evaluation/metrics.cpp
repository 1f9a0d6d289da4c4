// evaluation/metrics: see metrics.hpp.
#include "evaluation/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/time.hpp"

namespace alphapulse::evaluation {
namespace {

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

void TradeSequence::add(double return_pct) {
  if (return_pct > 0) gross_gain_pct += return_pct;
  if (return_pct < 0) gross_loss_pct -= return_pct;
  cumulative_pct += return_pct;
  peak_pct = std::max(peak_pct, cumulative_pct);
  max_drawdown_pct = std::max(max_drawdown_pct, peak_pct - cumulative_pct);
  losing_streak = return_pct < 0 ? losing_streak + 1 : 0;
  longest_losing_streak = std::max(longest_losing_streak, losing_streak);
}

double TradeSequence::profit_factor() const {
  return ratio(gross_gain_pct, gross_loss_pct);
}

namespace {

constexpr std::size_t kMostBatches = 20, kLeastBatchSize = 10, kLeastBatches = 5;

// The value of each batch of consecutive samples (B = min(20, n / 10) batches, the first n mod B
// one longer), those that are finite; empty when there are fewer than 5 batches.
template <typename BatchValue>
std::vector<double> batch_values(const std::vector<EdgeSample>& in_order, BatchValue&& value_of) {
  const std::size_t n = in_order.size();
  const std::size_t batches = std::min(kMostBatches, n / kLeastBatchSize);
  std::vector<double> values;
  if (batches < kLeastBatches) return values;
  std::size_t begin = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    const std::size_t size = n / batches + (b < n % batches ? 1 : 0);
    const double value = value_of(in_order.data() + begin, size);
    if (std::isfinite(value)) values.push_back(value);
    begin += size;
  }
  return values;
}

// sd(values) / sqrt(count); NaN under 5 values.
double standard_error_of_mean(const std::vector<double>& values) {
  if (values.size() < kLeastBatches) return std::numeric_limits<double>::quiet_NaN();
  const double count = static_cast<double>(values.size());
  double mean = 0;
  for (double v : values) mean += v;
  mean /= count;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / (count - 1) / count);
}

}  // namespace

double edge_standard_error(const std::vector<EdgeSample>& in_order) {
  // A batch without a judged baseline sample has no edge (NaN) and tells nothing.
  return standard_error_of_mean(
      batch_values(in_order, [](const EdgeSample* batch, std::size_t size) {
        std::size_t wins = 0, baseline_wins = 0, baseline_judged = 0;
        for (std::size_t i = 0; i < size; ++i) {
          wins += batch[i].win;
          baseline_wins += batch[i].baseline_wins;
          baseline_judged += batch[i].baseline_judged;
        }
        return static_cast<double>(wins) / static_cast<double>(size) -
               ratio(static_cast<double>(baseline_wins), static_cast<double>(baseline_judged));
      }));
}

double expectancy_standard_error(const std::vector<EdgeSample>& in_order) {
  return standard_error_of_mean(
      batch_values(in_order, [](const EdgeSample* batch, std::size_t size) {
        double sum = 0;
        for (std::size_t i = 0; i < size; ++i) sum += batch[i].return_pct;
        return sum / static_cast<double>(size);
      }));
}

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
  trades.add(judged.result.return_pct);
  edge_samples.push_back({judged.result.outcome == core::SignalOutcome::kWin,
                          static_cast<std::uint32_t>(judged.baseline_wins),
                          static_cast<std::uint32_t>(judged.baseline_judged),
                          judged.result.return_pct});
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

void FilterStats::add(const FilterStats& more) {
  candidates += more.candidates;
  rejected += more.rejected;
  for (const auto& [reason, count] : more.rejection_reasons) rejection_reasons[reason] += count;
}

StreamKey stream_of(const core::Signal& signal) {
  return {signal.symbol.str(), signal.timeframe};
}

std::string quarter_of(const core::Signal& signal) {
  const std::string iso = core::format_iso8601(signal.candle_open_time);  // "2021-07-04T..."
  const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  return iso.substr(0, 4) + "-Q" + std::to_string((month + 2) / 3);
}

std::string confidence_band(double confidence) {
  if (!(confidence >= 0 && confidence <= 1)) return "n/a";
  const int tenth = std::min(9, static_cast<int>(confidence * 10));
  return "0." + std::to_string(tenth) + "0-" +
         (tenth == 9 ? std::string("1.00") : "0." + std::to_string(tenth + 1) + "0");
}

std::string to_string(const StreamKey& key) {
  return key.symbol + " " + std::string(core::to_string(key.timeframe));
}

}  // namespace alphapulse::evaluation
