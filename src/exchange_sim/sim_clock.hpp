// exchange_sim/sim_clock: the one simulated exchange clock every stream and REST call shares.
// Real-time mode: start + elapsed real time x speed. Max-speed mode: the clock is the time of
// the latest event any connection has sent, so it moves exactly as fast as clients read.
// Thread-safe reads (stats() and REST may look from other threads).
#pragma once

#include <atomic>
#include <chrono>

#include "core/time.hpp"

namespace alphapulse::exchange_sim {

class SimClock {
 public:
  SimClock(core::TimestampMs start, double speed, bool max_speed);

  // Real-time mode: the clock runs from this call on (before it, it reads `start`).
  void start_running();

  core::TimestampMs now() const;
  bool max_speed() const { return max_speed_; }

  // Max-speed mode: moves the clock forward to `t` (never backwards). No-op in real time.
  void advance_to(core::TimestampMs t);

  // Real time to wait until the clock reads `t` (zero when it already does, or at max speed).
  std::chrono::steady_clock::duration real_delay_until(core::TimestampMs t) const;

 private:
  core::TimestampMs start_;
  double speed_;
  bool max_speed_;
  std::atomic<std::int64_t> max_speed_now_;
  std::atomic<std::int64_t> started_ns_{-1};  // steady clock at start_running
};

}  // namespace alphapulse::exchange_sim
