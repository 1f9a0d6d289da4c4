#include "monitor/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>
#include <vector>

namespace alphapulse::monitor {
namespace {

TEST(LatencyHistogram, QuantilesWithinThreePercentOfTheExactOnes) {
  LatencyHistogram h;
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> dist(8.0, 1.5);  // ~3 us median, long tail
  std::vector<std::int64_t> values;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<std::int64_t>(dist(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double exact = static_cast<double>(
        values[static_cast<std::size_t>(q * static_cast<double>(values.size()))]);
    const double got = static_cast<double>(h.quantile_ns(q));
    EXPECT_GE(got, exact) << q;  // upper bucket edge: never optimistic
    EXPECT_LE(got, exact * (1 + 1.0 / 32) + 1) << q;
  }
  EXPECT_EQ(h.max_ns(), static_cast<std::uint64_t>(values.back()));
  EXPECT_EQ(h.min_ns(), static_cast<std::uint64_t>(values.front()));
  EXPECT_EQ(h.count(), values.size());
}

TEST(LatencyHistogram, BucketsAreMonotoneAndCoverTheirValues) {
  for (std::uint64_t v : {0ULL, 1ULL, 31ULL, 32ULL, 33ULL, 1000ULL, 123456789ULL, 1ULL << 40}) {
    const int b = LatencyHistogram::bucket_of(v);
    EXPECT_GE(LatencyHistogram::upper_edge(b), v);
    if (b > 0) {
      EXPECT_LT(LatencyHistogram::upper_edge(b - 1), v);
    }
  }
}

TEST(LatencyHistogram, ConcurrentRecordersLoseNothing) {
  LatencyHistogram h;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h, t] {
      for (int i = 0; i < 50000; ++i) h.record(100 + t);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(h.count(), 200000u);
  EXPECT_EQ(h.max_ns(), 103u);
  EXPECT_EQ(h.min_ns(), 100u);
}

}  // namespace
}  // namespace alphapulse::monitor
