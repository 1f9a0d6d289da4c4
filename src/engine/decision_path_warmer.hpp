// engine/decision_path_warmer: keeps the code and the shared data of a closed candle's decision
// in the deciding CPU's caches while no candle arrives, by running a pipeline of its own on a
// synthetic series (no stream's state is touched, nothing it decides goes anywhere).
//
// Why: live closes come in bursts at interval boundaries, with ~100 ms or more of nothing in
// between. The first close of a burst ran 3-4x slower than the ones after it (session 8: decision
// 26 us at the median against 4.5, compute 10.7 against 2.8 us; paced latency benchmark): in the
// idle time the CPU's caches, TLB and branch predictors had been taken by other work (on a VM, by
// whatever shares the physical core), so that one close paid to bring the whole path back. With
// busy polling the deciding thread is awake anyway; spending ~1 us of it every `interval` on
// this pipeline keeps the path warm. A close that arrives during a run waits for it, so the
// interval bounds that cost (~1 us per interval of idle time).
#pragma once

#include <cstdint>

#include "core/candle.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "strategy/signal_pipeline.hpp"

namespace alphapulse::engine {

class DecisionPathWarmer {
 public:
  // The pipeline is built like a stream's (same settings, symbol and timeframe) so it runs the
  // same code, and is fed past its warm-up at once so every later run takes the full path.
  DecisionPathWarmer(const core::Symbol& symbol, core::Timeframe timeframe,
                     const strategy::PipelineSettings& settings, std::int64_t interval_ns);

  // Decides one synthetic candle if `interval_ns` has passed since the last run; true if it ran.
  bool run_if_due(std::int64_t now_ns) noexcept;

  std::uint64_t runs() const noexcept { return runs_; }
  // The latest synthetic candle (for tests: it is a valid candle, later than the one before).
  const core::Candle& last_candle() const noexcept { return candle_; }
  const strategy::SignalPipeline& pipeline() const noexcept { return pipeline_; }

 private:
  void next_candle() noexcept;
  double next_uniform() noexcept;  // [0, 1), a fixed-seed xorshift: the same series every run

  strategy::SignalPipeline pipeline_;
  std::int64_t interval_ns_;
  std::int64_t interval_ms_of_candle_;
  std::int64_t last_run_ns_ = 0;
  std::uint64_t runs_ = 0;
  std::uint64_t random_state_ = 0x9E3779B97F4A7C15ull;
  core::Candle candle_{};
};

}  // namespace alphapulse::engine
