// ta/rolling_extremes: highest and lowest value over the last N inputs in amortized O(1),
// with two monotonic deques kept in fixed rings (no allocation after construction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace alphapulse::ta {

class RollingExtremes {
 public:
  explicit RollingExtremes(int period)
      : period_(period),
        max_ring_(static_cast<std::size_t>(period) + 1),
        min_ring_(static_cast<std::size_t>(period) + 1) {}

  // Adds (high, low) of the newest input; the window keeps the last `period` inputs.
  void push(double high, double low) noexcept {
    const std::int64_t index = count_++;
    max_.push(max_ring_, index, high, period_, [](double kept, double incoming) { return kept > incoming; });
    min_.push(min_ring_, index, low, period_, [](double kept, double incoming) { return kept < incoming; });
  }
  double highest() const noexcept { return max_ring_[max_.head].value; }
  double lowest() const noexcept { return min_ring_[min_.head].value; }

  // The extremes push(high, low) would give, without changing state.
  double peek_highest(double high) const noexcept {
    double kept = 0;
    return !max_.front_after_expiry(max_ring_, count_, period_, kept) || high >= kept ? high : kept;
  }
  double peek_lowest(double low) const noexcept {
    double kept = 0;
    return !min_.front_after_expiry(min_ring_, count_, period_, kept) || low <= kept ? low : kept;
  }

  bool full() const noexcept { return count_ >= period_; }
  int period() const noexcept { return period_; }
  void reset() noexcept {
    count_ = 0;
    max_ = {};
    min_ = {};
  }

 private:
  struct Entry {
    std::int64_t index;
    double value;
  };
  // A deque of (index, value) whose values are strictly "better" than every later one.
  struct Deque {
    std::size_t head = 0;
    std::size_t size = 0;

    template <typename Better>
    void push(std::vector<Entry>& ring, std::int64_t index, double value, int period,
              Better better) noexcept {
      const std::size_t cap = ring.size();
      if (size > 0 && ring[head].index <= index - period) {  // oldest left the window
        head = head + 1 == cap ? 0 : head + 1;
        --size;
      }
      while (size > 0 && !better(ring[(head + size - 1) % cap].value, value)) --size;
      ring[(head + size) % cap] = {index, value};
      ++size;
    }
    // The front value once the entry that the next push would expire is gone; false when
    // nothing would be left. The caller compares it with the incoming value.
    bool front_after_expiry(const std::vector<Entry>& ring, std::int64_t next_index, int period,
                            double& front) const noexcept {
      std::size_t first = head;
      std::size_t remaining = size;
      if (remaining > 0 && ring[first].index <= next_index - period) {
        first = (first + 1) % ring.size();
        --remaining;
      }
      if (remaining == 0) return false;
      front = ring[first].value;
      return true;
    }
  };

  int period_;
  std::int64_t count_ = 0;
  std::vector<Entry> max_ring_;
  std::vector<Entry> min_ring_;
  Deque max_;
  Deque min_;
};

}  // namespace alphapulse::ta
