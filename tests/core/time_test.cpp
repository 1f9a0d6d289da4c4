#include "core/time.hpp"

#include <gtest/gtest.h>

namespace alphapulse::core {
namespace {

TEST(Time, FormatsIso8601WithMilliseconds) {
  // 1720569600000 is 2024-07-10T00:00:00Z (first row of the BTCUSDT 15m reference).
  EXPECT_EQ(format_iso8601(TimestampMs{1720569600000}), "2024-07-10T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(TimestampMs{1709295299999}), "2024-03-01T12:14:59.999Z");
  EXPECT_EQ(format_iso8601(TimestampMs{0}), "1970-01-01T00:00:00.000Z");
}

TEST(Time, ParsesIso8601) {
  EXPECT_EQ(parse_iso8601("2024-03-01T12:15:00.000Z")->ms, 1'709'295'300'000);
  EXPECT_EQ(parse_iso8601("2024-02-29T23:59:59Z")->ms, 1'709'251'199'000);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00.001Z")->ms, 1);
  EXPECT_EQ(parse_iso8601("2000-02-29T00:00:00Z")->ms, 951'782'400'000);  // a leap century
  EXPECT_EQ(parse_iso8601("2024-12-31T00:00:00Z")->ms, 1'735'603'200'000);
  for (const char* bad :
       {"", "2024-03-01 12:15:00.000Z", "2024-13-01T00:00:00Z", "2024-03-01T12:15:00.000",
        "2024-03-01T12:15:00.0000Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z", "2024-04-31T00:00:00Z"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

TEST(Time, ParsingReversesFormatting) {
  for (const std::int64_t ms :
       {0LL, 1LL, 951'782'400'000LL, 1'709'295'299'999LL, 4'102'444'800'000LL})
    EXPECT_EQ(parse_iso8601(format_iso8601(TimestampMs{ms}))->ms, ms) << ms;
}

}  // namespace
}  // namespace alphapulse::core
