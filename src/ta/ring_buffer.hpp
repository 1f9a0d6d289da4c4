// ta/ring_buffer: fixed-capacity window of the last N values. Storage is sized once at
// construction; push/at never allocate.
#pragma once

#include <cstddef>
#include <vector>

namespace alphapulse::ta {

template <typename T>
class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity) : data_(capacity > 0 ? capacity : 1) {}

  void push(const T& v) noexcept {
    data_[head_] = v;
    head_ = head_ + 1 == data_.size() ? 0 : head_ + 1;
    if (size_ < data_.size()) ++size_;
  }
  // at(0) is the newest value, at(size()-1) the oldest.
  const T& at(std::size_t age) const noexcept {
    std::size_t idx = head_ + data_.size() - 1 - age;
    if (idx >= data_.size()) idx -= data_.size();
    return data_[idx];
  }
  // The oldest value: the one the next push() overwrites once full, slot 0 before (slots fill
  // from 0 and head_ == size_ until the first wrap). at(size_ - 1) gives the same slot with a
  // subtraction chain and a wrap test on every call.
  const T& oldest() const noexcept { return data_[full() ? head_ : 0]; }
  // Raw storage, for reductions whose result does not depend on order (slot order is not age
  // order). Slots not yet written hold T{}.
  const T* storage() const noexcept { return data_.data(); }
  // The storage slot the next push writes: the oldest value once full, else an unwritten one.
  std::size_t next_slot() const noexcept { return head_; }
  bool full() const noexcept { return size_ == data_.size(); }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return data_.size(); }
  void clear() noexcept { head_ = size_ = 0; }

 private:
  std::vector<T> data_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace alphapulse::ta
