// core/spsc_ring: a fixed-capacity single-producer single-consumer ring. Stages of the engine
// (feed thread -> stream worker -> sinks) talk through these: no locks, no allocation after
// construction, and a full ring drops the new item and counts it instead of blocking the
// producer, so a slow sink can never stall the hot path (the drop counter feeds metrics).
// Capacity is a power of two; head and tail live on separate cache lines.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>

namespace alphapulse::core {

template <typename T>
class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "items are copied bytewise between threads");

 public:
  // Rounded up to a power of two.
  explicit SpscRing(std::size_t capacity)
      : capacity_(round_up(capacity)),
        mask_(capacity_ - 1),
        items_(std::make_unique<T[]>(capacity_)) {}

  // Producer side. False (and counted) when full.
  bool try_push(const T& item) noexcept {
    return try_push_with([&item](T& slot) { slot = item; });
  }

  // Producer side, in place: `fill(T&)` writes what the consumer will read of the slot, which
  // still holds an older item's bytes. For large items of several kinds only the active part
  // is written (a whole-item copy would write every byte of the slot).
  template <typename Fill>
  bool try_push_with(Fill&& fill) noexcept {
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - cached_head_ == capacity_) {
      cached_head_ = head_.load(std::memory_order_acquire);
      if (tail - cached_head_ == capacity_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
      }
    }
    fill(items_[tail & mask_]);
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }

  // Consumer side.
  bool try_pop(T& out) noexcept {
    return try_pop_with([&out](const T& slot) { out = slot; });
  }

  // Consumer side, in place: `use(const T&)` reads the slot before it is given back.
  template <typename Use>
  bool try_pop_with(Use&& use) noexcept {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    if (head == cached_tail_) {
      cached_tail_ = tail_.load(std::memory_order_acquire);
      if (head == cached_tail_) return false;
    }
    use(static_cast<const T&>(items_[head & mask_]));
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  std::size_t capacity() const noexcept { return capacity_; }
  // Approximate when read from a third thread.
  std::size_t size() const noexcept {
    return static_cast<std::size_t>(tail_.load(std::memory_order_acquire) -
                                    head_.load(std::memory_order_acquire));
  }
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  static std::size_t round_up(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
  }

  const std::size_t capacity_;
  const std::size_t mask_;
  std::unique_ptr<T[]> items_;
  alignas(64) std::atomic<std::uint64_t> head_{0};  // consumer
  std::uint64_t cached_tail_ = 0;                   // consumer's view of tail_
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // producer
  std::uint64_t cached_head_ = 0;                   // producer's view of head_
  alignas(64) std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace alphapulse::core
