// evaluation/metrics: the figures of shared/docs/EVALUATION.md over a set of judged
// signals: counts, accuracy, expired share, expectancy (% and R), baseline accuracy and
// expectancy, edge, and the filter rate; and what the contract does not ask for but a trader
// judging a figure needs: how uncertain the edge is (its standard error) and what taking every
// signal would have felt like (profit factor, drawdown, losing streak). Counters, sums and a
// compact record per signal, so the overall figure and every breakdown (regime, pattern,
// direction, calendar quarter, stream) are built by the same add().
//
// Readings taken where the contract is silent:
//  * Open signals and signals whose candle is not in the data (unmatched) count in
//    `signals` only; every rate and mean is over judged signals (win + loss + expired).
//  * Baseline figures pool the judged random samples of judged signals only (an open
//    signal is out of every figure, its baseline with it).
//  * A figure with nothing to divide by is NaN (written "n/a" in reports).
//  * mean_return_r averages the signals whose R is non-zero.
//  * The trade sequence takes the judged signals in the order they were added (a run adds
//    them in the order it emitted them), each at the same notional, its whole return counted
//    at once: overlapping positions and the timing of exits are not modelled.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

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

// Judged signals as a sequence of trades (see the readings above).
struct TradeSequence {
  double gross_gain_pct = 0;  // sum of the positive returns, % of entry after fees
  double gross_loss_pct = 0;  // sum of the negative returns' magnitudes
  double cumulative_pct = 0;
  double peak_pct = 0;            // highest cumulative return so far (0 before the first trade)
  double max_drawdown_pct = 0;    // largest fall of the cumulative return from an earlier peak
  std::size_t losing_streak = 0;  // negative returns in a row, ending with the latest trade
  std::size_t longest_losing_streak = 0;

  void add(double return_pct);
  double profit_factor() const;  // gross gain / gross loss; NaN without a losing trade
};

// What the edge's and the expectancy's uncertainty are computed from: one judged signal, its
// baseline's tallies and its return.
struct EdgeSample {
  bool win = false;
  std::uint32_t baseline_wins = 0;
  std::uint32_t baseline_judged = 0;
  double return_pct = 0;  // after fees, % of entry
};

// Standard error of the edge by batch means: the judged signals, in order, cut into B
// consecutive batches of equal size (the first n mod B batches one longer), the edge computed
// in each batch by the same rule as the whole, and SE = sd(batch edges) / sqrt(B). Why batch
// means and not the binomial formula: signals close in time share candles (a 96-candle walk
// overlaps the next signals'), so their outcomes are correlated and the binomial formula would
// claim more certainty than the data hold; batches of tens of signals span those overlaps.
// B = min(20, n / 10); a batch without a judged baseline sample has no edge and is left out;
// NaN when fewer than 5 batches are left (under 50 judged signals).
double edge_standard_error(const std::vector<EdgeSample>& in_order);

// Standard error of the expectancy (the mean return after fees, % of entry) by the same batch
// means: the mean return of each batch, SE = sd(batch means) / sqrt(B). Every batch counts (each
// holds judged signals); NaN under 50 judged signals. A trader reading "+0.03% per trade" needs
// to know whether that is distinguishable from nothing.
double expectancy_standard_error(const std::vector<EdgeSample>& in_order);

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
  TradeSequence trades;
  std::vector<EdgeSample> edge_samples;  // one per judged signal, in order

  void add(const JudgedSignal& judged);

  std::size_t judged() const { return wins + losses + expired; }
  double accuracy() const;           // wins / (wins + losses + expired)
  double expired_share() const;      // expired / judged
  double mean_return_pct() const;    // expectancy, % of entry after fees
  double mean_return_r() const;      // expectancy in R
  double baseline_accuracy() const;  // over the judged baseline samples
  double baseline_mean_return_pct() const;
  double edge() const;  // accuracy - baseline accuracy
  double edge_standard_error() const { return evaluation::edge_standard_error(edge_samples); }
  double expectancy_standard_error() const {
    return evaluation::expectancy_standard_error(edge_samples);
  }
};

struct FilterStats {
  std::uint64_t candidates = 0;
  std::uint64_t rejected = 0;
  std::map<std::string, std::uint64_t> rejection_reasons;  // reason -> count
  double filter_rate() const;                              // rejected / candidates
  void add(const FilterStats& more);  // the counts of another span (or stream) summed in
};

struct StreamKey {
  std::string symbol;  // exchange spelling, "BTCUSDT"
  core::Timeframe timeframe = core::Timeframe::k15m;
  friend auto operator<=>(const StreamKey&, const StreamKey&) = default;
};
StreamKey stream_of(const core::Signal& signal);
// "2021-Q3": the UTC calendar quarter of the signal's candle (whether an edge holds over time).
std::string quarter_of(const core::Signal& signal);
std::string to_string(const StreamKey& key);  // "BTCUSDT 15m"
// "0.60-0.70": the tenth of 0..1 the signal's confidence (its quality score) falls in, the top
// one closed ("0.90-1.00" holds 1); "n/a" for a confidence outside 0..1 or NaN. Whether a
// higher confidence means a better signal is a question the report must answer, not assume.
std::string confidence_band(double confidence);

struct EvaluationSummary {
  double fee_rate_per_side = kFeeRatePerSide;  // what every return here paid, per side
  Metrics overall;
  std::map<core::MarketRegime, Metrics> by_regime;
  std::map<std::string, Metrics> by_pattern;  // "(none)" when pattern_type is empty
  std::map<core::Direction, Metrics> by_direction;
  std::map<std::string, Metrics> by_quarter;     // "2021-Q3", by the signal candle's UTC open time
  std::map<std::string, Metrics> by_confidence;  // confidence_band(signal.confidence)
  std::map<StreamKey, Metrics> by_stream;
  FilterStats filter;
};

}  // namespace alphapulse::evaluation
