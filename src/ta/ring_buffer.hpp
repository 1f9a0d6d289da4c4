// ta/ring_buffer: fixed-capacity window of the last N values. Storage is sized once at
// construction; push/at never allocate. 24 bytes of bookkeeping (a pointer and three 32-bit
// counts, not a vector's three pointers plus two sizes): with hundreds of streams the
// indicators' state comes from beyond L2 every candle, and a dozen windows live in each.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/prefetch.hpp"

namespace alphapulse::ta {

template <typename T>
class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity)
      : data_(new T[capacity > 0 ? capacity : 1]()),
        capacity_(static_cast<std::uint32_t>(capacity > 0 ? capacity : 1)) {}
  RingBuffer(const RingBuffer& other)
      : data_(new T[other.capacity_]),
        capacity_(other.capacity_),
        head_(other.head_),
        size_(other.size_) {
    std::copy(other.data_.get(), other.data_.get() + capacity_, data_.get());
  }
  RingBuffer& operator=(const RingBuffer& other) {
    if (this != &other) *this = RingBuffer(other);
    return *this;
  }
  RingBuffer(RingBuffer&&) noexcept = default;
  RingBuffer& operator=(RingBuffer&&) noexcept = default;

  void push(const T& v) noexcept {
    data_[head_] = v;
    head_ = head_ + 1 == capacity_ ? 0 : head_ + 1;
    if (size_ < capacity_) [[unlikely]]
      ++size_;
  }
  // at(0) is the newest value, at(size()-1) the oldest.
  const T& at(std::size_t age) const noexcept {
    std::size_t idx = std::size_t{head_} + capacity_ - 1 - age;
    if (idx >= capacity_) idx -= capacity_;
    return data_[idx];
  }
  // The oldest value: the one the next push() overwrites once full, slot 0 before (slots fill
  // from 0 and head_ == size_ until the first wrap). at(size_ - 1) gives the same slot with a
  // subtraction chain and a wrap test on every call.
  const T& oldest() const noexcept { return data_[full() ? head_ : 0]; }
  // Raw storage, for reductions whose result does not depend on order (slot order is not age
  // order). Slots not yet written hold T{}.
  const T* storage() const noexcept { return data_.get(); }
  // The storage slot the next push writes: the oldest value once full, else an unwritten one.
  std::size_t next_slot() const noexcept { return head_; }
  bool full() const noexcept { return size_ == capacity_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  void clear() noexcept { head_ = size_ = 0; }

  // The heap lines the next update may touch (all of them: windows are a few lines, and some
  // readers reduce over every slot), for a caller that knows this stream decides next.
  void prefetch_storage() const noexcept {
    core::prefetch_lines(data_.get(), data_.get() + capacity_);
  }

 private:
  std::unique_ptr<T[]> data_;
  std::uint32_t capacity_;
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
};

}  // namespace alphapulse::ta
