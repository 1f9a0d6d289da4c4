// tests/ta/input_status_test: check_candle's branch-free fast path (valid_candle) must accept
// exactly the candles core::validate accepts, and check_candle must name the same error as
// validate for every other candle, over every combination of awkward field values.
#include "ta/input_status.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "core/candle.hpp"

namespace alphapulse::ta {
namespace {

// The answer indicators give for each validation error: which kind of rejection it counts as.
TEST(InputStatus, EachValidationErrorHasItsStatus) {
  EXPECT_EQ(status_of(core::CandleError::kNone), InputStatus::kAccepted);
  EXPECT_EQ(status_of(core::CandleError::kNonFiniteValue), InputStatus::kRejectedNonFinite);
  EXPECT_EQ(status_of(core::CandleError::kNonPositivePrice), InputStatus::kRejectedNegative);
  EXPECT_EQ(status_of(core::CandleError::kNegativeVolume), InputStatus::kRejectedNegative);
  EXPECT_EQ(status_of(core::CandleError::kHighBelowBody), InputStatus::kRejectedInvalidCandle);
  EXPECT_EQ(status_of(core::CandleError::kLowAboveBody), InputStatus::kRejectedInvalidCandle);
}

TEST(InputStatus, FastCandleCheckAgreesWithValidateOnEveryCombination) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const std::array<double, 12> values = {kNaN, -kInf,
                                         -1.0, -0.0,
                                         0.0,  std::numeric_limits<double>::denorm_min(),
                                         1.0,  1.5,
                                         2.0,  std::numeric_limits<double>::max(),
                                         kInf, 3.0};
  std::size_t accepted = 0;
  std::size_t checked = 0;
  for (double open : values) {
    for (double high : values) {
      for (double low : values) {
        for (double close : values) {
          for (double volume : values) {
            core::Candle c{};
            c.open = open;
            c.high = high;
            c.low = low;
            c.close = close;
            c.volume = volume;
            const core::CandleError error = core::validate(c);
            ASSERT_EQ(valid_candle(c), error == core::CandleError::kNone)
                << "open " << open << " high " << high << " low " << low << " close " << close
                << " volume " << volume;
            ASSERT_EQ(check_candle(c), status_of(error))
                << "open " << open << " high " << high << " low " << low << " close " << close
                << " volume " << volume;
            accepted += error == core::CandleError::kNone ? 1 : 0;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, values.size() * values.size() * values.size() * values.size() * values.size());
  // The grid holds valid candles too (so the fast path's acceptance is exercised), not only
  // rejections.
  EXPECT_GT(accepted, 1000u);
}

}  // namespace
}  // namespace alphapulse::ta
