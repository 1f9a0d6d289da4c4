// engine/stream_snapshot_board: the latest state of every stream (regime, indicator values,
// candle time), written by the stream's worker after each closed candle and read by
// whoever caches it elsewhere (the Redis cache updater, an API). Only the latest value
// matters, so instead of queueing a snapshot per candle each stream has one slot guarded by a
// sequence lock: the writer never waits and never allocates, a reader retries the rare read
// that overlapped a write. One writer per slot (the stream's owner), any number of readers.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

#include "core/market_regime.hpp"
#include "core/signal.hpp"
#include "core/time.hpp"

namespace alphapulse::engine {

struct StreamSnapshot {
  core::TimestampMs candle_close_time;
  core::MarketRegime regime = core::MarketRegime::kRanging;
  double regime_confidence = 0;
  std::int64_t regime_duration_candles = 0;
  core::NamedValues<24> indicators;
};
static_assert(std::is_trivially_copyable_v<StreamSnapshot>);

class StreamSnapshotBoard {
 public:
  explicit StreamSnapshotBoard(std::size_t streams)
      : slots_(std::make_unique<Slot[]>(streams)), size_(streams) {}

  std::size_t size() const { return size_; }

  // Writer: the stream's owner only. Odd sequence = write in progress.
  void publish(std::size_t stream, const StreamSnapshot& snapshot) noexcept {
    Slot& s = slots_[stream];
    const std::uint64_t seq = s.seq.load(std::memory_order_relaxed);
    s.seq.store(seq + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    std::memcpy(static_cast<void*>(&s.data), &snapshot, sizeof snapshot);
    std::atomic_thread_fence(std::memory_order_release);
    s.seq.store(seq + 2, std::memory_order_release);
  }

  // Reader: the latest complete snapshot and its version (0 = never published).
  // Returns false when nothing was published yet.
  bool read(std::size_t stream, StreamSnapshot& out, std::uint64_t& version) const noexcept {
    const Slot& s = slots_[stream];
    for (;;) {
      const std::uint64_t before = s.seq.load(std::memory_order_acquire);
      if (before == 0) return false;
      if (before & 1U) continue;  // a write is in progress: it takes nanoseconds
      std::memcpy(&out, static_cast<const void*>(&s.data), sizeof out);
      std::atomic_thread_fence(std::memory_order_acquire);
      if (s.seq.load(std::memory_order_relaxed) == before) {
        version = before / 2;
        return true;
      }
    }
  }

 private:
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> seq{0};
    StreamSnapshot data;
  };
  std::unique_ptr<Slot[]> slots_;
  std::size_t size_;
};

}  // namespace alphapulse::engine
