// The decision path as the live engine meets it: many streams, one candle each in turn, so a
// stream's pipeline state has usually left the core's caches by the time its next candle
// comes (300 streams x the pipeline's footprint is far larger than L2). BM_SignalPipeline
// (one stream, state always hot) is the floor; the gap between the two is the cost of cold
// state that the live latency benchmark sees in its compute time. With 300 streams the states
// (~25 KB each) still fit the 32 MB L3 of the project's machine; 3,000 streams (~75 MB) are
// more than twice the L3 and come back from memory, as live state does when the simulator,
// the kernel and the sink share the L3. Every stream is warmed up (kWarmupCandles) before
// timing, so the timed candles are decided by ready pipelines at any stream count.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "bench_candles.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::bench {
namespace {

// More than the pipeline's warm-up (indicators and regime detector ready).
constexpr std::size_t kWarmupCandles = 200;

void BM_SignalPipelineManyStreams(benchmark::State& state) {
  const auto streams = static_cast<std::size_t>(state.range(0));
  const std::vector<core::Candle>& candles = sample_candles();
  std::vector<std::unique_ptr<strategy::SignalPipeline>> pipelines;
  for (std::size_t s = 0; s < streams; ++s) {
    // Appended rather than "S" + to_string(s): GCC 12 warns (-Wrestrict, a known false positive)
    // on the inlined operator+ of a literal and a temporary string.
    std::string name = "S";
    name += std::to_string(s);
    pipelines.push_back(
        std::make_unique<strategy::SignalPipeline>(core::Symbol(name), core::Timeframe::k15m));
  }
  // Each stream starts at another point of the sample so their states differ; open times are
  // shifted by whole laps of the sample so they keep increasing.
  const core::DurationMs step = core::duration(core::Timeframe::k15m);
  const core::DurationMs lap{(candles.back().open_time - candles.front().open_time).count +
                             step.count};
  std::vector<std::size_t> position(streams);
  std::vector<std::int64_t> laps(streams, 0);
  for (std::size_t s = 0; s < streams; ++s) position[s] = (s * 997) % candles.size();
  std::size_t s = 0;
  std::int64_t emitted = 0;
  const auto decide_next = [&]() {
    core::Candle c = candles[position[s]];
    const core::DurationMs shift{lap.count * laps[s]};
    c.open_time = c.open_time + shift;
    c.close_time = c.close_time + shift;
    const strategy::Decision& d = pipelines[s]->on_closed_candle(c);
    emitted += d.emitted ? 1 : 0;
    benchmark::DoNotOptimize(&d);
    if (++position[s] == candles.size()) {
      position[s] = 0;
      ++laps[s];
    }
    if (++s == streams) s = 0;
  };
  for (std::size_t i = 0; i < streams * kWarmupCandles; ++i) decide_next();
  emitted = 0;
  for (auto _ : state) decide_next();
  state.SetItemsProcessed(state.iterations());
  state.counters["signals"] = static_cast<double>(emitted);
  state.counters["pipeline_bytes"] = static_cast<double>(sizeof(strategy::SignalPipeline));
}
BENCHMARK(BM_SignalPipelineManyStreams)->Arg(1)->Arg(30)->Arg(300)->Arg(3000);

}  // namespace
}  // namespace alphapulse::bench
