#include "core/time.hpp"

#include <array>
#include <cstdio>

namespace alphapulse::core {
namespace {

// Howard Hinnant's days-to-civil algorithm: exact for the proleptic Gregorian calendar.
struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

}  // namespace

std::string format_iso8601(TimestampMs t) {
  constexpr std::int64_t kMsPerDay = 86'400'000;
  std::int64_t days = t.ms / kMsPerDay;
  std::int64_t ms_of_day = t.ms % kMsPerDay;
  if (ms_of_day < 0) {
    ms_of_day += kMsPerDay;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  const auto hours = ms_of_day / 3'600'000;
  const auto minutes = ms_of_day / 60'000 % 60;
  const auto seconds = ms_of_day / 1000 % 60;
  const auto millis = ms_of_day % 1000;
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<long long>(hours), static_cast<long long>(minutes),
                static_cast<long long>(seconds), static_cast<long long>(millis));
  return buf.data();
}

}  // namespace alphapulse::core
