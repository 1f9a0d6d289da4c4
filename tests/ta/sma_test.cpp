#include "ta/sma.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace alphapulse::ta {
namespace {

TEST(Sma, AveragesTheLastPeriodValues) {
  Sma sma(3);
  EXPECT_EQ(sma.update(1), InputStatus::kAccepted);
  sma.update(2);
  EXPECT_FALSE(sma.ready());
  sma.update(3);
  ASSERT_TRUE(sma.ready());
  EXPECT_DOUBLE_EQ(sma.value(), 2.0);
  EXPECT_DOUBLE_EQ(sma.peek(10), 5.0);  // (2 + 3 + 10) / 3
  EXPECT_DOUBLE_EQ(sma.value(), 2.0);   // peek left the state alone
  sma.update(10);
  EXPECT_DOUBLE_EQ(sma.value(), 5.0);
}

TEST(Sma, RejectsNanWithoutChangingState) {
  Sma sma(2);
  sma.update(4);
  sma.update(6);
  EXPECT_EQ(sma.update(std::numeric_limits<double>::quiet_NaN()), InputStatus::kRejectedNonFinite);
  EXPECT_DOUBLE_EQ(sma.value(), 5.0);
}

}  // namespace
}  // namespace alphapulse::ta
