// Tests of regime/fast_math's exp kernels against std::exp: exp_fast within a few ulp,
// exp_relaxed (the change point's run weights) within 1e-11 relative, over the whole domain the
// callers use.
#include "regime/fast_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "regime/random.hpp"

namespace alphapulse::regime {
namespace {

double worst_relative_error(double (*f)(double), double lowest, double highest) {
  RandomSource rng(3);
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = rng.uniform(lowest, highest);
    const double expected = std::exp(x);
    worst = std::max(worst, std::abs(f(x) - expected) / expected);
  }
  return worst;
}

TEST(FastMath, ExpFastIsWithinAFewUlp) {
  EXPECT_LT(worst_relative_error(fast_math::exp_fast, -700, 700), 5e-16);
}

TEST(FastMath, ExpRelaxedIsWithinItsStatedBound) {
  EXPECT_LT(worst_relative_error(fast_math::exp_relaxed, -700, 700), 1e-11);
  // Near zero, where the run weights' log-likelihoods mostly are.
  EXPECT_LT(worst_relative_error(fast_math::exp_relaxed, -30, 0), 1e-11);
  EXPECT_EQ(fast_math::exp_relaxed(0.0), 1.0);
}

}  // namespace
}  // namespace alphapulse::regime
