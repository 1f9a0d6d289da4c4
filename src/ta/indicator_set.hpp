// ta/indicator_set: the seed's indicator set for one (symbol, timeframe) stream, updated
// once per closed candle. The candle is validated once here; a rejected candle changes
// nothing. values() is a flat snapshot with NaN for anything still warming up, which is
// what the CLI prints as an empty cell and what strategy reads.
#pragma once

#include "core/candle.hpp"
#include "ta/atr.hpp"
#include "ta/bollinger_bands.hpp"
#include "ta/breakout.hpp"
#include "ta/cci.hpp"
#include "ta/directional_movement.hpp"
#include "ta/ema.hpp"
#include "ta/input_status.hpp"
#include "ta/macd.hpp"
#include "ta/mfi.hpp"
#include "ta/obv.hpp"
#include "ta/relative_volume.hpp"
#include "ta/rolling_extremes.hpp"
#include "ta/rsi.hpp"
#include "ta/rsi_divergence.hpp"
#include "ta/sma.hpp"
#include "ta/stochastic.hpp"
#include "ta/trend_strength.hpp"
#include "ta/williams_r.hpp"

namespace alphapulse::ta {

struct IndicatorSettings {
  int rsi_period = 14;
  int macd_fast = 8;  // the seed's crypto MACD; 12-26-9 is computed alongside as macd_standard
  int macd_slow = 24;
  int macd_signal = 9;
  int bollinger_period = 20;
  double bollinger_deviations = 2.0;
  int atr_period = 14;
  int adx_period = 14;
  int mfi_period = 14;
  int stochastic_k = 14;
  int stochastic_slow_k = 3;
  int stochastic_slow_d = 3;
  int cci_period = 20;
  int williams_period = 14;
  int ema_fast = 20;
  int ema_slow = 50;
  int sma_period = 20;
  int volume_period = 20;
  int trend_period = 20;
  int breakout_lookback = 20;
  int divergence_pivot_left = 5;
  int divergence_pivot_right = 5;
  int divergence_max_distance = 60;
};

// NaN = not ready yet.
struct IndicatorValues {
  double rsi;
  MacdValue macd;
  MacdValue macd_standard;  // 12-26-9
  BollingerValue bollinger;
  AtrValue atr;
  DirectionalValue directional;  // adx may be NaN while +DI/-DI are ready
  double obv;
  double mfi;
  StochasticValue stochastic;
  double cci;
  double williams_r;
  double ema_fast;
  double ema_slow;
  double sma;
  RelativeVolumeValue volume;  // see docs/indicators-custom.md
  TrendStrengthValue trend;
  BreakoutValue breakout;
  Divergence divergence;  // kind kNone while warming up
};

// The part of the snapshot a decision reads at every close (strategy's evidence, playbook,
// levels, validator and model stage), with the same values and the same NaN while warming up.
// The whole snapshot has about three times as many fields and is wanted only with a signal or
// by a reader of snapshots; writing it at every close was ~3% of a decision.
struct DecisionValues {
  double rsi;
  double macd_histogram;
  BollingerValue bollinger;
  double atr;
  double adx;
  double ema_fast;
  double ema_slow;
  double relative_volume;
  double trend_t_statistic;
  double breakout_channel_high;
  int breakout_signal;
  DivergenceKind divergence_kind;
  std::int64_t divergence_candles_since_confirmation;
};

class IndicatorSet {
 public:
  explicit IndicatorSet(const IndicatorSettings& settings = {});

  InputStatus update(const core::Candle& c) noexcept;
  // What values() would be after update(c), for a still-forming candle; state unchanged.
  IndicatorValues peek(const core::Candle& c) const noexcept;
  IndicatorValues values() const noexcept;
  // The same, written into `out` (a caller keeping the values saves the copy of 320 bytes).
  void values(IndicatorValues& out) const noexcept;
  // The fields of values() a decision reads (DecisionValues), written into `out`.
  void decision_values(DecisionValues& out) const noexcept;

  std::int64_t candles_seen() const noexcept { return candles_seen_; }
  // Candles until every indicator is ready.
  int warmup() const noexcept;
  void reset() noexcept;

  const Rsi& rsi() const { return rsi_; }
  const Atr& atr() const { return atr_; }
  const DirectionalMovement& directional() const { return directional_; }

  // Asks for the heap lines of the indicators that the next update touches (their windows:
  // ~20 lines beyond the object, each a cache miss of its own when the stream's state is cold),
  // for a caller that knows this stream decides next (strategy::SignalPipeline). The MACD's
  // seed windows are read during warm-up only and are left out.
  void prefetch_storage() const noexcept {
    stochastic_window_.prefetch_storage();
    breakout_.prefetch_storage();
    bollinger_.prefetch_storage();
    mfi_.prefetch_storage();
    stochastic_.prefetch_storage();
    cci_.prefetch_storage();
    volume_.prefetch_storage();
    trend_.prefetch_storage();
    divergence_.prefetch_storage();
    if (!williams_shares_window_) williams_window_.prefetch_storage();
    if (!sma_is_bollinger_middle_) sma_.prefetch_storage();
  }

 private:
  template <bool kAllReady>
  void write_values(IndicatorValues& out) const noexcept;
  template <bool kAllReady>
  void write_decision_values(DecisionValues& out) const noexcept;
  bool every_indicator_ready() const noexcept;
  [[gnu::cold, gnu::noinline]] void push_williams_window(const core::Candle& c) noexcept;
  [[gnu::cold, gnu::noinline]] void apply_sma(double close) noexcept;
  const RollingExtremes& williams_window() const noexcept {
    return williams_shares_window_ ? stochastic_window_ : williams_window_;
  }

 private:
  // Members in the order update() touches them, with what it never reads after warm-up or
  // with the default settings at the end: with hundreds of streams the set's state comes
  // from beyond L2 on every candle, and every cache line that holds only cold fields between
  // hot ones is one more line fetched. The two members that hold a RollingExtremes (whose
  // cursor is one aligned cache line) come first, so that the others pack without the
  // alignment's holes (between them they left three lines with a single member's tail).
  // The highs and lows of the last stochastic_k candles, kept once for the stochastic and
  // (when the periods are equal, as by default) Williams %R; williams_window_ otherwise.
  RollingExtremes stochastic_window_;
  BreakoutDetector breakout_;
  Rsi rsi_;
  Macd macd_;
  Macd macd_standard_;
  BollingerBands bollinger_;
  Atr atr_;
  DirectionalMovement directional_;
  Obv obv_;
  Mfi mfi_;
  StochasticOfWindow stochastic_;
  Cci cci_;
  WilliamsROfWindow williams_r_;
  Ema ema_fast_;
  Ema ema_slow_;
  RelativeVolume volume_;
  TrendStrength trend_;
  RsiDivergence divergence_;  // fed the RSI once it is ready
  std::int64_t candles_seen_ = 0;
  bool all_ready_ = false;  // every indicator values() reports is ready
  bool williams_shares_window_;
  bool sma_is_bollinger_middle_;
  // Not updated with the default settings (equal periods).
  RollingExtremes williams_window_;
  Sma sma_;  // not updated when it is the Bollinger middle band (equal periods)
};

}  // namespace alphapulse::ta
