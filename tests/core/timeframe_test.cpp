// Tests for core/timeframe: the 12 Binance spellings, their durations and alignment.
#include "core/timeframe.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace alphapulse::core {
namespace {

struct Expected {
  Timeframe tf;
  std::string_view name;
  std::int64_t ms;
};

constexpr std::int64_t kMinute = 60'000;
constexpr std::array<Expected, 12> kAll{{
    {Timeframe::k1m, "1m", kMinute},
    {Timeframe::k3m, "3m", 3 * kMinute},
    {Timeframe::k5m, "5m", 5 * kMinute},
    {Timeframe::k15m, "15m", 15 * kMinute},
    {Timeframe::k30m, "30m", 30 * kMinute},
    {Timeframe::k1h, "1h", 60 * kMinute},
    {Timeframe::k2h, "2h", 2 * 60 * kMinute},
    {Timeframe::k4h, "4h", 4 * 60 * kMinute},
    {Timeframe::k6h, "6h", 6 * 60 * kMinute},
    {Timeframe::k8h, "8h", 8 * 60 * kMinute},
    {Timeframe::k12h, "12h", 12 * 60 * kMinute},
    {Timeframe::k1d, "1d", 24 * 60 * kMinute},
}};

TEST(Timeframe, ParsesFormatsAndTimesAllTwelve) {
  for (const Expected& e : kAll) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(parse_timeframe(e.name), e.tf);
    EXPECT_EQ(to_string(e.tf), e.name);
    EXPECT_EQ(duration(e.tf), DurationMs{e.ms});
    EXPECT_EQ(parse_timeframe(to_string(e.tf)), e.tf);
  }
}

TEST(Timeframe, RejectsWhatBinanceWouldReadDifferentlyOrNotAtAll) {
  for (std::string_view bad : {"1M", "15", "", "15M", "1H", "1D", "1w", "1s", "2m", "60m", "m",
                               " 15m", "15m ", "15m\n", "015m", "+15m"}) {
    EXPECT_FALSE(parse_timeframe(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Timeframe, ChecksUtcAlignment) {
  const DurationMs fifteen = duration(Timeframe::k15m);
  EXPECT_TRUE(is_aligned(TimestampMs{1720569600000}, fifteen));
  EXPECT_TRUE(is_aligned(TimestampMs{1720569600000}, duration(Timeframe::k1d)));
  EXPECT_FALSE(is_aligned(TimestampMs{1720569600000 + 60'000}, fifteen));
  EXPECT_FALSE(is_aligned(TimestampMs{1720569600001}, fifteen));
  EXPECT_TRUE(is_aligned(TimestampMs{0}, fifteen));
  EXPECT_FALSE(is_aligned(TimestampMs{0}, DurationMs{0}));  // no step: nothing is aligned
}

}  // namespace
}  // namespace alphapulse::core
