// ns per update for each indicator, for the full IndicatorSet, and for the set plus the
// candlestick patterns (the per-candle cost of the ta stage of the hot path).
#include <benchmark/benchmark.h>

#include "bench_candles.hpp"
#include "ta/atr.hpp"
#include "ta/bollinger_bands.hpp"
#include "ta/candle_patterns.hpp"
#include "ta/cci.hpp"
#include "ta/directional_movement.hpp"
#include "ta/ema.hpp"
#include "ta/indicator_set.hpp"
#include "ta/macd.hpp"
#include "ta/mfi.hpp"
#include "ta/obv.hpp"
#include "ta/rsi.hpp"
#include "ta/sma.hpp"
#include "ta/stochastic.hpp"
#include "ta/williams_r.hpp"

namespace alphapulse::bench {
namespace {

// Runs `update(indicator, candle)` over the sample in a loop; one iteration = one candle.
template <typename Indicator, typename Update>
void run(benchmark::State& state, Indicator indicator, Update update) {
  const auto& candles = sample_candles();
  std::size_t i = 0;
  for (auto _ : state) {
    update(indicator, candles[i]);
    benchmark::DoNotOptimize(indicator);
    if (++i == candles.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Sma20(benchmark::State& s) {
  run(s, ta::Sma(20), [](auto& x, const core::Candle& c) { x.update(c.close); });
}
void BM_Ema20(benchmark::State& s) {
  run(s, ta::Ema(20), [](auto& x, const core::Candle& c) { x.update(c.close); });
}
void BM_Rsi14(benchmark::State& s) {
  run(s, ta::Rsi(14), [](auto& x, const core::Candle& c) { x.update(c.close); });
}
void BM_Macd8_24_9(benchmark::State& s) {
  run(s, ta::Macd(8, 24, 9), [](auto& x, const core::Candle& c) { x.update(c.close); });
}
void BM_BollingerBands20_2(benchmark::State& s) {
  run(s, ta::BollingerBands(20, 2.0), [](auto& x, const core::Candle& c) { x.update(c.close); });
}
void BM_Atr14(benchmark::State& s) {
  run(s, ta::Atr(14), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_DirectionalMovement14(benchmark::State& s) {
  run(s, ta::DirectionalMovement(14), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_Obv(benchmark::State& s) {
  run(s, ta::Obv(), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_Mfi14(benchmark::State& s) {
  run(s, ta::Mfi(14), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_Stochastic14_3_3(benchmark::State& s) {
  run(s, ta::Stochastic(14, 3, 3), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_Cci20(benchmark::State& s) {
  run(s, ta::Cci(20), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_WilliamsR14(benchmark::State& s) {
  run(s, ta::WilliamsR(14), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_CandlestickPatterns(benchmark::State& s) {
  run(s, ta::CandlestickPatterns(), [](auto& x, const core::Candle& c) { x.update(c); });
}
void BM_IndicatorSet(benchmark::State& s) {
  run(s, ta::IndicatorSet(), [](auto& x, const core::Candle& c) { x.update(c); });
}

struct SetAndPatterns {
  ta::IndicatorSet indicators;
  ta::CandlestickPatterns patterns;
};
void BM_IndicatorSetPlusPatterns(benchmark::State& s) {
  run(s, SetAndPatterns(), [](auto& x, const core::Candle& c) {
    x.indicators.update(c);
    x.patterns.update(c);
  });
}
void BM_IndicatorSetPeek(benchmark::State& s) {
  ta::IndicatorSet set;
  for (const auto& c : sample_candles()) set.update(c);
  run(s, set, [](auto& x, const core::Candle& c) { benchmark::DoNotOptimize(x.peek(c)); });
}

BENCHMARK(BM_Sma20);
BENCHMARK(BM_Ema20);
BENCHMARK(BM_Rsi14);
BENCHMARK(BM_Macd8_24_9);
BENCHMARK(BM_BollingerBands20_2);
BENCHMARK(BM_Atr14);
BENCHMARK(BM_DirectionalMovement14);
BENCHMARK(BM_Obv);
BENCHMARK(BM_Mfi14);
BENCHMARK(BM_Stochastic14_3_3);
BENCHMARK(BM_Cci20);
BENCHMARK(BM_WilliamsR14);
BENCHMARK(BM_CandlestickPatterns);
BENCHMARK(BM_IndicatorSet);
BENCHMARK(BM_IndicatorSetPlusPatterns);
BENCHMARK(BM_IndicatorSetPeek);

}  // namespace
}  // namespace alphapulse::bench

namespace alphapulse::bench {
namespace {
// The loop itself: what every figure above includes besides the indicator.
void BM_LoopBaseline(benchmark::State& s) {
  run(s, 0.0, [](double& x, const core::Candle& c) { x += c.close; });
}
BENCHMARK(BM_LoopBaseline);
}  // namespace
}  // namespace alphapulse::bench
