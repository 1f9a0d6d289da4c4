// Tests of regime/regime_close_extremes: each window's peeked extent equals the highest minus the
// lowest of its last N values (the peeked one included) computed directly, before the window is
// full, across many blocks, with several windows of different lengths side by side, and after a
// reset; peeking changes nothing.
#include "regime/regime_close_extremes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "regime/random.hpp"

namespace alphapulse::regime {
namespace {

// max - min of the last `closes` values of `values` (all of them if fewer).
double direct_extent(const std::vector<double>& values, std::size_t closes) {
  const std::size_t first = values.size() > closes ? values.size() - closes : 0;
  const auto [low, high] =
      std::minmax_element(values.begin() + static_cast<long>(first), values.end());
  return *high - *low;
}

template <std::size_t... Closes>
void expect_direct_extents(std::uint64_t seed, int count) {
  RandomSource rng(seed);
  CloseExtremes<Closes...> extremes;
  constexpr std::array<std::size_t, sizeof...(Closes)> kCloses = {Closes...};
  std::vector<double> values;
  double level = 0;
  for (int i = 0; i < count; ++i) {
    level += rng.normal();  // a random walk: the extremes move both ways
    values.push_back(level);
    const auto peeked = extremes.peek_extents(level);
    for (std::size_t w = 0; w < kCloses.size(); ++w) {
      ASSERT_EQ(peeked[w], direct_extent(values, kCloses[w]))
          << "N " << kCloses[w] << " value " << i;
    }
    ASSERT_EQ(extremes.peek_extents(level), peeked) << "peeking changed the state";
    extremes.push(level);
  }
}

TEST(CloseExtremes, EqualsTheDirectExtentOfTheLastNValues) {
  expect_direct_extents<1>(1, 50);
  expect_direct_extents<2>(2, 50);
  expect_direct_extents<5>(3, 200);
  expect_direct_extents<21>(4, 1000);
  expect_direct_extents<81>(5, 2000);
}

TEST(CloseExtremes, WindowsSideBySideEachEqualTheirDirectExtent) {
  expect_direct_extents<21, 41, 81>(6, 2000);  // the detector's windows
  expect_direct_extents<3, 1, 7, 2>(7, 300);
}

TEST(CloseExtremes, ResetForgetsEverything) {
  CloseExtremes<4, 2> extremes;
  for (double v : {100.0, -100.0, 50.0}) extremes.push(v);
  extremes.reset();
  EXPECT_EQ(extremes.peek_extents(3.0), (std::array<double, 2>{0.0, 0.0}));  // the peeked alone
  extremes.push(3.0);
  EXPECT_EQ(extremes.peek_extents(1.0), (std::array<double, 2>{2.0, 2.0}));
}

}  // namespace
}  // namespace alphapulse::regime
