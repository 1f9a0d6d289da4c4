// exchange_sim/sim_clock: see the header.
#include "exchange_sim/sim_clock.hpp"

#include <cmath>

namespace alphapulse::exchange_sim {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SimClock::SimClock(core::TimestampMs start, double speed, bool max_speed)
    : start_(start),
      speed_(speed > 0 ? speed : 1.0),
      max_speed_(max_speed),
      max_speed_now_(start.ms) {}

void SimClock::start_running() {
  started_ns_.store(steady_ns());
}

core::TimestampMs SimClock::now() const {
  if (max_speed_) return {max_speed_now_.load()};
  const std::int64_t started = started_ns_.load();
  if (started < 0) return start_;
  const double elapsed_ms = static_cast<double>(steady_ns() - started) / 1e6;
  return {start_.ms + static_cast<std::int64_t>(std::floor(elapsed_ms * speed_))};
}

void SimClock::advance_to(core::TimestampMs t) {
  if (!max_speed_) return;
  std::int64_t current = max_speed_now_.load();
  while (current < t.ms && !max_speed_now_.compare_exchange_weak(current, t.ms)) {
  }
}

std::chrono::steady_clock::duration SimClock::real_delay_until(core::TimestampMs t) const {
  if (max_speed_) return {};
  const std::int64_t ahead_ms = t.ms - now().ms;
  if (ahead_ms <= 0) return {};
  // +1 ms so that the clock has certainly reached `t` when the wait ends.
  const auto ns =
      static_cast<std::int64_t>(std::ceil(static_cast<double>(ahead_ms) / speed_ * 1e6)) +
      1'000'000;
  return std::chrono::nanoseconds(ns);
}

}  // namespace alphapulse::exchange_sim
