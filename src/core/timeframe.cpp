#include "core/timeframe.hpp"

#include <array>

namespace alphapulse::core {
namespace {

struct TimeframeInfo {
  Timeframe tf;
  std::string_view name;
  std::int64_t ms;
};

constexpr std::int64_t kMinute = 60'000;
constexpr std::array<TimeframeInfo, 12> kTimeframes{{
    {Timeframe::k1m, "1m", kMinute},
    {Timeframe::k3m, "3m", 3 * kMinute},
    {Timeframe::k5m, "5m", 5 * kMinute},
    {Timeframe::k15m, "15m", 15 * kMinute},
    {Timeframe::k30m, "30m", 30 * kMinute},
    {Timeframe::k1h, "1h", 60 * kMinute},
    {Timeframe::k2h, "2h", 120 * kMinute},
    {Timeframe::k4h, "4h", 240 * kMinute},
    {Timeframe::k6h, "6h", 360 * kMinute},
    {Timeframe::k8h, "8h", 480 * kMinute},
    {Timeframe::k12h, "12h", 720 * kMinute},
    {Timeframe::k1d, "1d", 1440 * kMinute},
}};

}  // namespace

std::optional<Timeframe> parse_timeframe(std::string_view text) {
  for (const auto& info : kTimeframes) {
    if (info.name == text) return info.tf;
  }
  return std::nullopt;
}

std::string_view to_string(Timeframe tf) {
  return kTimeframes[static_cast<std::size_t>(tf)].name;
}

DurationMs duration(Timeframe tf) {
  return {kTimeframes[static_cast<std::size_t>(tf)].ms};
}

}  // namespace alphapulse::core
