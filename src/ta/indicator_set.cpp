#include "ta/indicator_set.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ta/cpu_dispatch.hpp"

namespace alphapulse::ta {
namespace {

constexpr double kNotReady = std::numeric_limits<double>::quiet_NaN();

double when(bool ready, double value) {
  return ready ? value : kNotReady;
}

MacdValue when(bool ready, MacdValue v) {
  return ready ? v : MacdValue{kNotReady, kNotReady, kNotReady};
}

TrendStrengthValue trend_values(bool ready, TrendStrengthValue v) {
  return ready ? v : TrendStrengthValue{kNotReady, kNotReady, kNotReady};
}

BreakoutValue breakout_values(bool ready, BreakoutValue v) {
  return ready ? v : BreakoutValue{0, kNotReady, kNotReady, kNotReady};
}

}  // namespace

IndicatorSet::IndicatorSet(const IndicatorSettings& s)
    : stochastic_window_(s.stochastic_k),
      breakout_(s.breakout_lookback),
      rsi_(s.rsi_period),
      macd_(s.macd_fast, s.macd_slow, s.macd_signal),
      macd_standard_(12, 26, 9),
      bollinger_(s.bollinger_period, s.bollinger_deviations),
      atr_(s.atr_period),
      directional_(s.adx_period),
      mfi_(s.mfi_period),
      stochastic_(s.stochastic_k, s.stochastic_slow_k, s.stochastic_slow_d),
      cci_(s.cci_period),
      williams_r_(s.williams_period),
      ema_fast_(s.ema_fast),
      ema_slow_(s.ema_slow),
      volume_(s.volume_period),
      trend_(s.trend_period),
      divergence_(s.divergence_pivot_left, s.divergence_pivot_right, s.divergence_max_distance),
      williams_shares_window_(s.williams_period == s.stochastic_k),
      sma_is_bollinger_middle_(s.sma_period == s.bollinger_period),
      // A one-candle stand-in when unused: its storage is never touched.
      williams_window_(williams_shares_window_ ? 1 : s.williams_period),
      sma_(s.sma_period) {}

// The candle is checked once here; every indicator then takes it unchecked (apply), which
// each documents as requiring exactly this check. Work two indicators would repeat is done
// once: the typical price (MFI, CCI), the 14-candle high/low window (stochastic, Williams %R)
// and the 20-close SMA, which is the Bollinger middle band.
TA_AVX2_CLONES InputStatus IndicatorSet::update(const core::Candle& c) noexcept {
  const InputStatus status = check_candle(c);
  if (status != InputStatus::kAccepted) [[unlikely]]
    return status;
  const double close = c.close;
  rsi_.apply(close);
  macd_.apply(close);
  macd_standard_.apply(close);
  bollinger_.apply(close);
  atr_.apply(c);
  directional_.apply(c);
  obv_.apply(c);
  const double typical = Mfi::typical_price(c);
  mfi_.apply_typical(c, typical);
  stochastic_window_.push(c.high, c.low);
  stochastic_.apply_window(close, stochastic_window_.highest(), stochastic_window_.lowest(),
                           stochastic_window_.full());
  cci_.apply_typical(typical);
  if (!williams_shares_window_) [[unlikely]]
    push_williams_window(c);
  const RollingExtremes& williams = williams_window();
  williams_r_.apply_window(close, williams.highest(), williams.lowest(), williams.full());
  ema_fast_.apply(close);
  ema_slow_.apply(close);
  if (!sma_is_bollinger_middle_) [[unlikely]]
    apply_sma(close);
  volume_.apply(c);
  trend_.apply(close);
  breakout_.apply(c);
  if (rsi_.ready()) [[likely]] {
    // Finite for any valid candle short of overflowing price differences, which the
    // divergence detector rejects (as its update() would).
    const double rsi = rsi_.value();
    if (std::isfinite(rsi)) divergence_.apply(c, rsi);
  }
  ++candles_seen_;
  if (!all_ready_) [[unlikely]]
    all_ready_ = every_indicator_ready();
  return status;
}

// Only with non-default settings (unequal periods): out of line, so that update() carries no
// inlined copy of a window the defaults never use.
void IndicatorSet::push_williams_window(const core::Candle& c) noexcept {
  williams_window_.push(c.high, c.low);
}
void IndicatorSet::apply_sma(double close) noexcept {
  sma_.apply(close);
}

IndicatorValues IndicatorSet::values() const noexcept {
  IndicatorValues v;
  values(v);
  return v;
}

void IndicatorSet::values(IndicatorValues& v) const noexcept {
  if (all_ready_) {
    write_values<true>(v);
  } else {
    write_values<false>(v);
  }
}

// kAllReady: every indicator is known to be ready (all_ready_), so the per-field readiness
// tests and NaN selects, most of the cost of a snapshot, drop out at compile time.
template <bool kAllReady>
void IndicatorSet::write_values(IndicatorValues& v) const noexcept {
  const auto ready = [](bool indicator_ready) { return kAllReady || indicator_ready; };
  v.rsi = when(ready(rsi_.ready()), rsi_.value());
  v.macd = when(ready(macd_.ready()), macd_.value());
  v.macd_standard = when(ready(macd_standard_.ready()), macd_standard_.value());
  const BollingerValue bb = bollinger_.value();
  const bool bb_ready = ready(bollinger_.ready());
  v.bollinger = {when(bb_ready, bb.upper), when(bb_ready, bb.middle), when(bb_ready, bb.lower)};
  const AtrValue atr = atr_.value();
  const bool atr_ready = ready(atr_.ready());
  v.atr = {when(atr_ready, atr.atr), when(atr_ready, atr.natr)};
  const DirectionalValue dm = directional_.value();
  const bool di_ready = ready(directional_.di_ready());
  v.directional = {when(di_ready, dm.plus_di), when(di_ready, dm.minus_di),
                   when(ready(directional_.ready()), dm.adx)};
  v.obv = when(ready(obv_.ready()), obv_.value());
  v.mfi = when(ready(mfi_.ready()), mfi_.value());
  const StochasticValue st = stochastic_.value();
  const bool stochastic_ready = ready(stochastic_.ready());
  v.stochastic = {when(stochastic_ready, st.slow_k), when(stochastic_ready, st.slow_d)};
  v.cci = when(ready(cci_.ready()), cci_.value());
  v.williams_r = when(ready(williams_r_.ready()), williams_r_.value());
  v.ema_fast = when(ready(ema_fast_.ready()), ema_fast_.value());
  v.ema_slow = when(ready(ema_slow_.ready()), ema_slow_.value());
  v.sma = sma_is_bollinger_middle_ ? when(bb_ready, bb.middle)
                                   : when(ready(sma_.ready()), sma_.value());
  v.volume = volume_.value();
  v.trend = trend_values(ready(trend_.ready()), trend_.value());
  v.breakout = breakout_values(ready(breakout_.ready()), breakout_.value());
  v.divergence = divergence_.value();
}

void IndicatorSet::decision_values(DecisionValues& v) const noexcept {
  if (all_ready_) {
    write_decision_values<true>(v);
  } else {
    write_decision_values<false>(v);
  }
}

// The same expressions as write_values for these fields, so the same bits.
template <bool kAllReady>
void IndicatorSet::write_decision_values(DecisionValues& v) const noexcept {
  const auto ready = [](bool indicator_ready) { return kAllReady || indicator_ready; };
  v.rsi = when(ready(rsi_.ready()), rsi_.value());
  v.macd_histogram = when(ready(macd_.ready()), macd_.value()).histogram;
  const BollingerValue bb = bollinger_.value();
  const bool bb_ready = ready(bollinger_.ready());
  v.bollinger = {when(bb_ready, bb.upper), when(bb_ready, bb.middle), when(bb_ready, bb.lower)};
  v.atr = when(ready(atr_.ready()), atr_.value().atr);
  v.adx = when(ready(directional_.ready()), directional_.value().adx);
  v.ema_fast = when(ready(ema_fast_.ready()), ema_fast_.value());
  v.ema_slow = when(ready(ema_slow_.ready()), ema_slow_.value());
  v.relative_volume = volume_.value().relative_volume;
  v.trend_t_statistic = trend_values(ready(trend_.ready()), trend_.value()).t_statistic;
  const BreakoutValue breakout = breakout_values(ready(breakout_.ready()), breakout_.value());
  v.breakout_channel_high = breakout.channel_high;
  v.breakout_signal = breakout.signal;
  const Divergence divergence = divergence_.value();
  v.divergence_kind = divergence.kind;
  v.divergence_candles_since_confirmation = divergence.candles_since_confirmation;
}

// Every readiness test write_values makes; each only ever turns true (until reset).
bool IndicatorSet::every_indicator_ready() const noexcept {
  return rsi_.ready() && macd_.ready() && macd_standard_.ready() && bollinger_.ready() &&
         atr_.ready() && directional_.di_ready() && directional_.ready() && obv_.ready() &&
         mfi_.ready() && stochastic_.ready() && cci_.ready() && williams_r_.ready() &&
         ema_fast_.ready() && ema_slow_.ready() && (sma_is_bollinger_middle_ || sma_.ready()) &&
         trend_.ready() && breakout_.ready();
}

IndicatorValues IndicatorSet::peek(const core::Candle& c) const noexcept {
  // Readiness after this candle: every indicator needs one more input than it has.
  const std::int64_t n = candles_seen_ + 1;
  auto ready_after = [n](int warmup) { return n >= warmup; };
  IndicatorValues v;
  v.rsi = when(ready_after(rsi_.warmup()), rsi_.peek(c.close));
  v.macd = when(ready_after(macd_.warmup()), macd_.peek(c.close));
  v.macd_standard = when(ready_after(macd_standard_.warmup()), macd_standard_.peek(c.close));
  const BollingerValue bb = bollinger_.peek(c.close);
  const bool bb_ready = ready_after(bollinger_.warmup());
  v.bollinger = {when(bb_ready, bb.upper), when(bb_ready, bb.middle), when(bb_ready, bb.lower)};
  const AtrValue atr = atr_.peek(c);
  const bool atr_ready = ready_after(atr_.warmup());
  v.atr = {when(atr_ready, atr.atr), when(atr_ready, atr.natr)};
  const DirectionalValue dm = directional_.peek(c);
  const bool di_ready = ready_after(directional_.warmup() / 2 + 1);
  v.directional = {when(di_ready, dm.plus_di), when(di_ready, dm.minus_di),
                   when(ready_after(directional_.warmup()), dm.adx)};
  v.obv = obv_.peek(c);
  v.mfi = when(ready_after(mfi_.warmup()), mfi_.peek(c));
  const StochasticValue st = stochastic_.peek_window(
      c.close, stochastic_window_.peek_highest(c.high), stochastic_window_.peek_lowest(c.low));
  const bool st_ready = ready_after(stochastic_.warmup());
  v.stochastic = {when(st_ready, st.slow_k), when(st_ready, st.slow_d)};
  v.cci = when(ready_after(cci_.warmup()), cci_.peek(c));
  const RollingExtremes& williams = williams_window();
  v.williams_r = when(ready_after(williams_r_.warmup()),
                      WilliamsROfWindow::peek_window(c.close, williams.peek_highest(c.high),
                                                     williams.peek_lowest(c.low)));
  v.ema_fast = when(ready_after(ema_fast_.warmup()), ema_fast_.peek(c.close));
  v.ema_slow = when(ready_after(ema_slow_.warmup()), ema_slow_.peek(c.close));
  v.sma = sma_is_bollinger_middle_ ? when(bb_ready, bb.middle)
                                   : when(ready_after(sma_.warmup()), sma_.peek(c.close));
  v.volume = volume_.peek(c);
  v.trend = trend_values(ready_after(trend_.warmup()), trend_.peek(c.close));
  v.breakout = breakout_values(ready_after(breakout_.warmup()), breakout_.peek(c));
  // The divergence detector sees RSI values only once RSI is ready, as in update().
  if (ready_after(rsi_.warmup())) {
    v.divergence = divergence_.peek(c, rsi_.peek(c.close));
  } else {
    v.divergence = divergence_.value();
  }
  return v;
}

int IndicatorSet::warmup() const noexcept {
  return std::max({rsi_.warmup(), macd_.warmup(), macd_standard_.warmup(), bollinger_.warmup(),
                   atr_.warmup(), directional_.warmup(), mfi_.warmup(), stochastic_.warmup(),
                   cci_.warmup(), williams_r_.warmup(), ema_fast_.warmup(), ema_slow_.warmup(),
                   sma_.warmup(), volume_.warmup(), trend_.warmup(), breakout_.warmup(),
                   rsi_.warmup() + divergence_.warmup()});
}

void IndicatorSet::reset() noexcept {
  rsi_.reset();
  macd_.reset();
  macd_standard_.reset();
  bollinger_.reset();
  atr_.reset();
  directional_.reset();
  obv_.reset();
  mfi_.reset();
  stochastic_.reset();
  cci_.reset();
  williams_r_.reset();
  ema_fast_.reset();
  ema_slow_.reset();
  sma_.reset();
  stochastic_window_.reset();
  williams_window_.reset();
  volume_.reset();
  trend_.reset();
  breakout_.reset();
  divergence_.reset();
  candles_seen_ = 0;
  all_ready_ = false;
}

}  // namespace alphapulse::ta
