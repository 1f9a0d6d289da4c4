// strategy/levels: entry, stop loss and TP1..TP4 for a candidate.
//
// Entry is the signal candle's close. The stop sits beyond the recent swing (lowest low /
// highest high of the last `swing_lookback` candles) plus a buffer of `swing_buffer_atr` ATR,
// its distance clamped to [stop_min_atr, stop_max_atr] ATR so neither a tiny swing nor a
// crash candle sets an absurd risk. Targets are multiples of that risk R = |entry - stop|.
// The swing settings were fixed before any backtest was run; the clamps and the targets were
// chosen in session 16 on the design spans only, by a rule written before the sweep (the best
// mean expectancy after fees of twelve settings), and judged once on the later spans
// (docs/strategy.md, "Levels"; docs/results.md). Until then: 1-3 ATR, 0.75/1.5/2.5/4 R.
#pragma once

#include <array>

#include "core/signal.hpp"

namespace alphapulse::strategy {

struct LevelSettings {
  int swing_lookback = 10;
  double swing_buffer_atr = 0.25;
  double stop_min_atr = 3.0;
  double stop_max_atr = 6.0;
  std::array<double, 4> target_r{1.5, 3.0, 4.5, 6.0};  // TP1..TP4 in multiples of R
};

struct Levels {
  double entry = 0;
  double stop_loss = 0;
  std::array<double, 4> take_profits{};
  // Mean reward of the four targets (the position is closed 25% at each) over the risk.
  double risk_reward_ratio = 0;
  double stop_atr_multiple = 0;  // |entry - stop| / ATR

  bool make_a_trade() const noexcept {
    return core::levels_make_a_trade(entry, stop_loss, take_profits[3]);
  }
};

Levels compute_levels(core::Direction direction, double entry, double atr, double swing_low,
                      double swing_high, const LevelSettings& settings = {}) noexcept;

}  // namespace alphapulse::strategy
