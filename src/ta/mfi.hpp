// ta/mfi: Money Flow Index (TA_MFI): typical price (h + l + c) / 3 times volume is
// positive flow when the typical price rose, negative when it fell, none when unchanged;
// MFI = 100 * positive / (positive + negative) over the last `period` flows. With no flow
// at all in the window the reading is the neutral 50 (TA-Lib gives 0 under a total of 1,
// an absolute threshold that would make MFI depend on the price unit).
#pragma once

#include "core/candle.hpp"
#include "ta/input_status.hpp"
#include "ta/ring_buffer.hpp"

namespace alphapulse::ta {

class Mfi {
 public:
  explicit Mfi(int period = 14) : period_(period), flows_(static_cast<std::size_t>(period)) {}

  InputStatus update(const core::Candle& c) noexcept { return checked_update(*this, c); }
  // update() without the check: `c` must have passed check_candle (IndicatorSet checks once).
  void apply(const core::Candle& c) noexcept { apply_typical(c, typical_price(c)); }
  // The same with the typical price (h + l + c) / 3 given (IndicatorSet shares it with CCI).
  void apply_typical(const core::Candle& c, double typical) noexcept {
    Flow flow;
    if (step(state_, typical, c.volume, flow)) flows_.push(flow);
  }
  static double typical_price(const core::Candle& c) noexcept {
    return (c.high + c.low + c.close) / 3.0;
  }
  double peek(const core::Candle& c) const noexcept {
    State next = state_;
    Flow flow;
    step(next, typical_price(c), c.volume, flow);
    return value_of(next);
  }

  double value() const noexcept { return value_of(state_); }
  bool ready() const noexcept { return flows_.full(); }
  int warmup() const noexcept { return period_ + 1; }
  void reset() noexcept {
    flows_.clear();
    state_ = {};
  }

  // The heap lines the next update touches (see RingBuffer::prefetch_storage).
  void prefetch_storage() const noexcept { flows_.prefetch_storage(); }

 private:
  struct Flow {
    double positive = 0;
    double negative = 0;
  };
  struct State {
    double prev_typical = 0;
    double positive_total = 0;
    double negative_total = 0;
    bool started = false;
  };

  // Advances `next` in place (the live state from update(), a copy from peek(); see
  // ta/ema.hpp for why). Returns true with `flow` set when this candle adds a money flow.
  bool step(State& next, double typical, double volume, Flow& flow) const noexcept {
    const bool has_flow = next.started;
    if (has_flow) [[likely]] {
      const double money_flow = typical * volume;
      // Selects, not branches: the direction is a coin flip on real prices.
      flow.positive = typical > next.prev_typical ? money_flow : 0.0;
      flow.negative = typical < next.prev_typical ? money_flow : 0.0;
      if (flows_.full()) [[likely]] {
        next.positive_total -= flows_.oldest().positive;
        next.negative_total -= flows_.oldest().negative;
      }
      next.positive_total += flow.positive;
      next.negative_total += flow.negative;
    }
    next.prev_typical = typical;
    next.started = true;
    return has_flow;
  }

  static double value_of(const State& s) noexcept {
    const double total = s.positive_total + s.negative_total;
    return total > 0 ? 100.0 * (s.positive_total / total) : 50.0;
  }

  int period_;
  RingBuffer<Flow> flows_;
  State state_;
};

}  // namespace alphapulse::ta
