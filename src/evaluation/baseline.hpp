// evaluation/baseline: the random baseline of shared/docs/EVALUATION.md. For each signal,
// kBaselineSamplesPerSignal random signals on the same stream with the same TP and stop
// distances (fractions of entry), a random direction and a random candle drawn uniformly
// from the evaluated span, judged by evaluation/outcome with entry = that candle's close.
// An accuracy is only meaningful next to this figure.
//
// Readings taken where the contract is silent:
//  * Deterministic: the generator (SplitMix64, fully specified here, not std::
//    distributions whose output differs between standard libraries) is seeded with the
//    64-bit FNV-1a hash of signal_id, so a rerun draws the same baseline.
//  * The candle is drawn uniformly from all candles of the span (exact, by rejection).
//    Draws that come out `open` (too close to the end) are excluded like real open signals,
//    so a signal may have fewer than 20 judged baseline samples.
//  * Distances keep their sign relative to the signal's direction: d_k = dir * (tp_k -
//    entry) / entry, s = dir * (entry - stop) / entry; a random signal with direction dir'
//    at entry E gets tp_k = E * (1 + dir' * d_k), stop = E * (1 - dir' * s).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "core/candle.hpp"
#include "core/signal.hpp"
#include "evaluation/outcome.hpp"

namespace alphapulse::evaluation {

inline constexpr std::size_t kBaselineSamplesPerSignal = 20;

// 64-bit FNV-1a of `text`: the baseline seed of a signal_id.
std::uint64_t baseline_seed(std::string_view text);

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, bound), bound > 0, without modulo bias.
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t state_;
};

struct BaselineSample {
  std::size_t candle_index = 0;  // into the span
  TradePlan plan;
  OutcomeResult result;
};

// The signal's random twins over `span` (the stream's candles, in order), judged at the fee
// rate the signal itself is judged at. Empty when the span is empty or the signal's entry is not a
// positive finite price. The candles are drawn from the span's first `drawable` (all by default):
// a span judged up to a date (`backtest --judge-to`) draws its twins inside it, and their walks
// go on past its end as its own signals' do.
std::vector<BaselineSample> draw_baseline(
    const core::Signal& signal, std::span<const core::Candle> span,
    std::size_t samples = kBaselineSamplesPerSignal, double fee_rate_per_side = kFeeRatePerSide,
    std::size_t drawable = std::numeric_limits<std::size_t>::max());

}  // namespace alphapulse::evaluation
