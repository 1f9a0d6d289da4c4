// core/clock: time is injected, never read from the OS inside decision code, so tests and
// replay are deterministic. A Clock is a function pointer plus context: no virtual call,
// no allocation, cheap to copy into every worker.
#pragma once

#include "core/time.hpp"

namespace alphapulse::core {

class Clock {
 public:
  using NowFn = TimestampMs (*)(const void* context);
  constexpr Clock(NowFn now_fn, const void* context) : now_fn_(now_fn), context_(context) {}
  TimestampMs now() const { return now_fn_(context_); }

  static Clock system();  // wall clock, Unix ms UTC

 private:
  NowFn now_fn_;
  const void* context_;
};

// A clock the test (or the replay) moves by hand.
class ManualClock {
 public:
  explicit ManualClock(TimestampMs start = {}) : now_(start) {}
  void set(TimestampMs t) { now_ = t; }
  void advance(DurationMs d) { now_ = now_ + d; }
  TimestampMs now() const { return now_; }
  Clock clock() const {
    return Clock([](const void* self) { return static_cast<const ManualClock*>(self)->now_; },
                 this);
  }

 private:
  TimestampMs now_;
};

}  // namespace alphapulse::core
