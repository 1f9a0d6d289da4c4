// monitor/latency_histogram: a log-linear histogram of durations in nanoseconds (HDR-style:
// each power of two split into 32 linear sub-buckets, so any recorded value is reported within
// 1/32 = 3% of itself, from 1 ns to ~1 hour). Recording is one relaxed atomic add: a stream's
// worker records on the hot path without a lock, and any thread may read percentiles.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

namespace alphapulse::monitor {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 5;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kGroups = 64 - kSubBucketBits;
  static constexpr int kBuckets = kGroups * kSubBuckets;

  void record(std::int64_t ns) noexcept {
    const std::uint64_t v = ns > 0 ? static_cast<std::uint64_t>(ns) : 0;
    counts_[static_cast<std::size_t>(bucket_of(v))].fetch_add(1, std::memory_order_relaxed);
    total_.fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
    std::uint64_t max = max_.load(std::memory_order_relaxed);
    while (v > max && !max_.compare_exchange_weak(max, v, std::memory_order_relaxed)) {
    }
    std::uint64_t min = min_.load(std::memory_order_relaxed);
    while (v < min && !min_.compare_exchange_weak(min, v, std::memory_order_relaxed)) {
    }
  }

  std::uint64_t count() const noexcept { return total_.load(std::memory_order_relaxed); }
  double mean_ns() const noexcept {
    const auto n = count();
    return n ? static_cast<double>(sum_.load(std::memory_order_relaxed)) / static_cast<double>(n)
             : 0.0;
  }
  std::uint64_t max_ns() const noexcept { return max_.load(std::memory_order_relaxed); }
  std::uint64_t min_ns() const noexcept {
    return count() ? min_.load(std::memory_order_relaxed) : 0;
  }

  // The value at quantile q (0..1): the upper edge of the bucket holding it, capped by max.
  std::uint64_t quantile_ns(double q) const noexcept {
    const std::uint64_t n = count();
    if (n == 0) return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(n));
    if (rank >= n) rank = n - 1;
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
      seen += counts_[static_cast<std::size_t>(b)].load(std::memory_order_relaxed);
      if (seen > rank) {
        const std::uint64_t upper = upper_edge(b);
        return upper < max_ns() ? upper : max_ns();
      }
    }
    return max_ns();
  }

  // Adds another histogram's counts (e.g. merging per-worker histograms for a report).
  void merge(const LatencyHistogram& other) noexcept {
    for (int b = 0; b < kBuckets; ++b) {
      const auto c = other.counts_[static_cast<std::size_t>(b)].load(std::memory_order_relaxed);
      if (c) counts_[static_cast<std::size_t>(b)].fetch_add(c, std::memory_order_relaxed);
    }
    total_.fetch_add(other.count(), std::memory_order_relaxed);
    sum_.fetch_add(other.sum_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    if (other.count()) {
      std::uint64_t v = other.max_ns();
      std::uint64_t max = max_.load();
      while (v > max && !max_.compare_exchange_weak(max, v)) {
      }
      v = other.min_ns();
      std::uint64_t min = min_.load();
      while (v < min && !min_.compare_exchange_weak(min, v)) {
      }
    }
  }

  static int bucket_of(std::uint64_t v) noexcept {
    if (v < kSubBuckets) return static_cast<int>(v);
    const int msb = 63 - std::countl_zero(v);    // >= kSubBucketBits
    const int group = msb - kSubBucketBits + 1;  // 1..
    const auto sub = static_cast<int>((v >> (msb - kSubBucketBits)) & (kSubBuckets - 1));
    return group * kSubBuckets + sub;
  }
  static std::uint64_t upper_edge(int bucket) noexcept {
    const int group = bucket / kSubBuckets;
    const int sub = bucket % kSubBuckets;
    if (group == 0) return static_cast<std::uint64_t>(sub);
    const int shift = group - 1;
    return ((static_cast<std::uint64_t>(kSubBuckets + sub + 1)) << shift) - 1;
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets> counts_{};
  std::atomic<std::uint64_t> total_{0};
  std::atomic<std::uint64_t> sum_{0};
  std::atomic<std::uint64_t> max_{0};
  std::atomic<std::uint64_t> min_{UINT64_MAX};
};

}  // namespace alphapulse::monitor
