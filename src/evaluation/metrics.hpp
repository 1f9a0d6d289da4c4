// evaluation/metrics: the figures of shared/docs/EVALUATION.md over a set of judged
// signals: counts, accuracy, expired share, expectancy (% and R), baseline accuracy and
// expectancy, edge, and the filter rate. Plain counters and sums, so the overall figure
// and every breakdown (regime, pattern, stream) are built by the same add().
//
// Readings taken where the contract is silent:
//  * Open signals and signals whose candle is not in the data (unmatched) count in
//    `signals` only; every rate and mean is over judged signals (win + loss + expired).
//  * Baseline figures pool the judged random samples of judged signals only (an open
//    signal is out of every figure, its baseline with it).
//  * A figure with nothing to divide by is NaN (written "n/a" in reports).
//  * mean_return_r averages the signals whose R is non-zero.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/signal.hpp"
#include "evaluation/outcome.hpp"

namespace alphapulse::evaluation {

// One signal as judged: its outcome and return, and its baseline's tallies.
struct JudgedSignal {
  core::Signal signal;   // outcome set to result.outcome (kPending when unmatched)
  bool matched = false;  // its candle was found in its stream's candles
  OutcomeResult result;
  std::size_t baseline_drawn = 0;
  std::size_t baseline_judged = 0;
  std::size_t baseline_wins = 0;
  double baseline_return_pct_sum = 0;
};

struct Metrics {
  std::size_t signals = 0;
  std::size_t unmatched = 0;
  std::size_t open = 0;
  std::size_t wins = 0;
  std::size_t losses = 0;
  std::size_t expired = 0;
  double return_pct_sum = 0;
  double return_r_sum = 0;
  std::size_t return_r_count = 0;
  std::size_t baseline_judged = 0;
  std::size_t baseline_wins = 0;
  double baseline_return_pct_sum = 0;

  void add(const JudgedSignal& judged);

  std::size_t judged() const { return wins + losses + expired; }
  double accuracy() const;           // wins / (wins + losses + expired)
  double expired_share() const;      // expired / judged
  double mean_return_pct() const;    // expectancy, % of entry after fees
  double mean_return_r() const;      // expectancy in R
  double baseline_accuracy() const;  // over the judged baseline samples
  double baseline_mean_return_pct() const;
  double edge() const;  // accuracy - baseline accuracy
};

struct FilterStats {
  std::uint64_t candidates = 0;
  std::uint64_t rejected = 0;
  std::map<std::string, std::uint64_t> rejection_reasons;  // reason -> count
  double filter_rate() const;                              // rejected / candidates
};

struct StreamKey {
  std::string symbol;  // exchange spelling, "BTCUSDT"
  core::Timeframe timeframe = core::Timeframe::k15m;
  friend auto operator<=>(const StreamKey&, const StreamKey&) = default;
};
StreamKey stream_of(const core::Signal& signal);
std::string to_string(const StreamKey& key);  // "BTCUSDT 15m"

struct EvaluationSummary {
  Metrics overall;
  std::map<core::MarketRegime, Metrics> by_regime;
  std::map<std::string, Metrics> by_pattern;  // "(none)" when pattern_type is empty
  std::map<StreamKey, Metrics> by_stream;
  FilterStats filter;
};

}  // namespace alphapulse::evaluation
