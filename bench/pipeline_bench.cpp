// Throughput of the per-candle decision path: the full strategy::SignalPipeline (indicators,
// patterns, regime, evidence, candidate, levels, validator, signal) and the regime detector
// alone, replaying the bundled real sample. One iteration = one candle, so items_per_second is
// candles per second.
//
// Cycling: when the sample is exhausted it is replayed with every open time shifted forward by
// the sample's span (last open - first open + one interval), so open times keep increasing and
// the same pipeline keeps deciding in its steady state (a pipeline ignores non-increasing open
// times; the price jump at the seam is one candle in 5000).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "bench_candles.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "regime/regime_detector.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::bench {
namespace {

// The sample, replayed forever with increasing open times.
class CyclingCandles {
 public:
  CyclingCandles() : candles_(sample_candles()) {
    span_ = {(candles_.back().open_time - candles_.front().open_time).count +
             core::duration(core::Timeframe::k15m).count};
  }
  core::Candle next() noexcept {
    core::Candle c = candles_[i_];
    c.open_time = c.open_time + shift_;
    c.close_time = c.close_time + shift_;
    if (++i_ == candles_.size()) {
      i_ = 0;
      shift_.count += span_.count;
    }
    return c;
  }

 private:
  const std::vector<core::Candle>& candles_;
  std::size_t i_ = 0;
  core::DurationMs span_{};
  core::DurationMs shift_{};
};

// Arg 0: the default settings; arg 1: with the model stage (enable_ml).
void BM_SignalPipeline(benchmark::State& state) {
  CyclingCandles feed;
  strategy::PipelineSettings settings;
  if (state.range(0) == 1) settings.enable_ml = true;
  strategy::SignalPipeline pipeline(core::Symbol("BTCUSDT"), core::Timeframe::k15m, settings);
  std::int64_t emitted = 0;
  for (auto _ : state) {
    const strategy::Decision& d = pipeline.on_closed_candle(feed.next());
    emitted += d.emitted ? 1 : 0;
    benchmark::DoNotOptimize(&d);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["signals"] = static_cast<double>(emitted);
  state.counters["ignored"] = static_cast<double>(pipeline.candles_ignored());
}
BENCHMARK(BM_SignalPipeline)->ArgName("ml")->Arg(0)->Arg(1);

void BM_RegimeDetectorUpdate(benchmark::State& state) {
  CyclingCandles feed;
  regime::RegimeDetector detector;
  for (auto _ : state) {
    detector.update(feed.next());
    benchmark::DoNotOptimize(detector.state());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RegimeDetectorUpdate);

}  // namespace
}  // namespace alphapulse::bench
