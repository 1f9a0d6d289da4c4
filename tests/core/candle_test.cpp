// Tests for core/candle: validate() finds each error and offending_field() names the field.
#include "core/candle.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string_view>

namespace alphapulse::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Candle make(double open, double high, double low, double close, double volume) {
  Candle c{};
  c.open_time = TimestampMs{1720569600000};
  c.close_time = TimestampMs{1720570499999};
  c.open = open;
  c.high = high;
  c.low = low;
  c.close = close;
  c.volume = volume;
  return c;
}

void expect_error(const Candle& c, CandleError error, std::string_view field) {
  EXPECT_EQ(validate(c), error) << to_string(validate(c));
  EXPECT_EQ(offending_field(c, error), field);
}

TEST(Candle, AcceptsWellFormedCandles) {
  EXPECT_EQ(validate(make(100, 110, 90, 105, 5)), CandleError::kNone);
  EXPECT_EQ(validate(make(105, 110, 90, 100, 5)), CandleError::kNone);   // red candle
  EXPECT_EQ(validate(make(100, 100, 100, 100, 0)), CandleError::kNone);  // flat, no trades
  EXPECT_EQ(validate(make(1e-8, 1e-8, 1e-8, 1e-8, 1e12)), CandleError::kNone);
}

TEST(Candle, FindsNonFiniteValuesInEveryField) {
  expect_error(make(kNaN, 110, 90, 105, 5), CandleError::kNonFiniteValue, "open");
  expect_error(make(100, kInf, 90, 105, 5), CandleError::kNonFiniteValue, "high");
  expect_error(make(100, 110, -kInf, 105, 5), CandleError::kNonFiniteValue, "low");
  expect_error(make(100, 110, 90, kNaN, 5), CandleError::kNonFiniteValue, "close");
  expect_error(make(100, 110, 90, 105, kNaN), CandleError::kNonFiniteValue, "volume");
}

TEST(Candle, FindsNonPositivePricesInEveryField) {
  expect_error(make(0, 110, 90, 105, 5), CandleError::kNonPositivePrice, "open");
  expect_error(make(100, -110, 90, 105, 5), CandleError::kNonPositivePrice, "high");
  expect_error(make(100, 110, 0, 105, 5), CandleError::kNonPositivePrice, "low");
  expect_error(make(100, 110, 90, -0.0, 5), CandleError::kNonPositivePrice, "close");
}

TEST(Candle, FindsHighBelowTheBody) {
  expect_error(make(2.0, 1.0, 0.5, 1.5, 5), CandleError::kHighBelowBody, "high");  // below open
  expect_error(make(1.5, 1.8, 0.5, 2.0, 5), CandleError::kHighBelowBody, "high");  // below close
}

TEST(Candle, FindsLowAboveTheBody) {
  expect_error(make(100, 110, 101, 105, 5), CandleError::kLowAboveBody, "low");  // above open
  expect_error(make(105, 110, 101, 100, 5), CandleError::kLowAboveBody, "low");  // above close
}

TEST(Candle, FindsNegativeVolume) {
  expect_error(make(100, 110, 90, 105, -0.5), CandleError::kNegativeVolume, "volume");
}

TEST(Candle, ReportsTheFirstProblemOnly) {
  // Non-finite wins over everything else, then prices, then the body checks, then volume.
  EXPECT_EQ(validate(make(-1, kNaN, 90, 105, -5)), CandleError::kNonFiniteValue);
  EXPECT_EQ(validate(make(-1, 1, 90, 105, -5)), CandleError::kNonPositivePrice);
  EXPECT_EQ(validate(make(100, 99, 101, 105, -5)), CandleError::kHighBelowBody);
}

TEST(Candle, NamesEveryError) {
  EXPECT_EQ(to_string(CandleError::kNone), "ok");
  EXPECT_EQ(to_string(CandleError::kNonFiniteValue), "value is NaN or infinite");
  EXPECT_EQ(to_string(CandleError::kNonPositivePrice), "price is zero or negative");
  EXPECT_EQ(to_string(CandleError::kHighBelowBody), "high is below max(open, close)");
  EXPECT_EQ(to_string(CandleError::kLowAboveBody), "low is above min(open, close)");
  EXPECT_EQ(to_string(CandleError::kNegativeVolume), "volume is negative");
  EXPECT_EQ(offending_field(make(100, 110, 90, 105, 5), CandleError::kNone), "");
}

}  // namespace
}  // namespace alphapulse::core
