// regime/regime_generator: labelled synthetic candles for judging regime detection, written
// from the definitions in shared/tools/regime_synth.py (same distributions, our own random
// stream). Each candle carries the regime the generator was in when it made it.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/market_regime.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace alphapulse::regime {

struct RegimeSeriesOptions {
  std::uint64_t seed = 1;
  std::int64_t candles = 20000;
  core::Timeframe timeframe = core::Timeframe::k15m;
  core::TimestampMs start_time{1'672'531'200'000};  // 2023-01-01, as regime_synth.py
  double start_price = 30000.0;
  double base_vol = 0.003;      // s0: per-candle log-return volatility of a typical trend
  bool fat_tails = false;       // Student-t (df 4, unit variance) noise instead of Gaussian
  bool vol_clustering = false;  // sigma x sqrt(GARCH(1,1)-like factor)
};

struct LabelledCandle {
  core::Candle candle;
  core::MarketRegime regime;
};

// Segment parameters of one regime (regime_synth.py's segment_params). Exposed for tests.
struct SegmentParams {
  core::MarketRegime regime;
  double sigma = 0;  // per-candle log-return volatility
  double mu = 0;     // per-candle drift (0 for ranging, whose drift is the pull to the anchor)
  double theta = 0;  // Ornstein-Uhlenbeck pull (ranging only)
  double ma = 0;     // MA(1) coefficient of the shocks (choppy: -0.6)
  double volume_multiplier = 1;
  std::int64_t length = 0;
};

// How long a segment of `regime` lasts, in candles: uniform over [shortest, longest], as
// segment_params draws it.
struct SegmentLengthRange {
  std::int64_t shortest;
  std::int64_t longest;
};
SegmentLengthRange segment_length_range(core::MarketRegime regime);

// P(a segment lasts n candles) for n = 0 .. size - 1, every regime equally likely on average
// (the next one is uniform over the other five): the prior a detector may take for the age of
// the current segment (regime_change_point).
std::vector<double> segment_length_probabilities(std::size_t size);

// The series candle by candle, each handed to `sink` as it is made: constant memory for any
// length (`alphapulse simulate` writes billions this way); a sink returning false stops it.
// Deterministic for options.seed.
void for_each_regime_candle(const RegimeSeriesOptions& options,
                            const std::function<bool(const LabelledCandle&)>& sink);

// The whole series in memory: the same candles as for_each_regime_candle.
std::vector<LabelledCandle> generate_regime_series(const RegimeSeriesOptions& options);

// CSV: open_time_ms,open,high,low,close,volume,regime with shortest round-trip numbers (exact
// for any price level). Returns false when the stream failed.
bool write_labelled_csv(std::ostream& out, std::span<const LabelledCandle> series);
// The same CSV a row at a time (`line` is scratch, reused between rows).
void write_labelled_csv_header(std::ostream& out);
void write_labelled_csv_row(std::ostream& out, const LabelledCandle& row, std::string& line);

}  // namespace alphapulse::regime
