// store/performance_metrics_row: one row of the performance_metrics table, a snapshot of
// the engine's latency / throughput figures and of the store's own loss counters (so a
// dropped or failed write shows up in the database too, not only in logs).
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/time.hpp"

namespace alphapulse::store {

struct PerformanceMetricsRow {
  core::TimestampMs recorded_at;
  double uptime_seconds = 0;
  std::int64_t total_signals = 0;
  std::int64_t candles_processed = 0;
  // Decision latency (EVALUATION.md), milliseconds; NaN (stored as NULL) when no sample.
  double avg_latency_ms = 0;
  double max_latency_ms = 0;
  double min_latency_ms = 0;
  double p50_latency_ms = 0;
  double p99_latency_ms = 0;
  double p999_latency_ms = 0;
  double throughput_signals_sec = 0;
  double target_latency_ms = 0;
  bool latency_target_met = false;
  std::int64_t store_dropped = 0;  // items the engine could not hand to storage (0 by design)
  std::int64_t store_errors = 0;   // failed storage writes (each retry counts)
};
static_assert(std::is_trivially_copyable_v<PerformanceMetricsRow>);

}  // namespace alphapulse::store
