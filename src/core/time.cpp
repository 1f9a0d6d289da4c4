#include "core/time.hpp"

#include <array>
#include <charconv>
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

// Howard Hinnant's days-from-civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

// Days in a month of the proleptic Gregorian calendar: 2024-02-30 is no date, not 2024-03-01.
unsigned days_in_month(unsigned year, unsigned month) {
  if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

std::optional<unsigned> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  unsigned value = 0;
  const auto result = std::from_chars(text.data() + pos, text.data() + pos + count, value);
  if (result.ec != std::errc() || result.ptr != text.data() + pos + count) return std::nullopt;
  return value;
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

std::optional<TimestampMs> parse_iso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.mmm]Z
  if (text.size() != 20 && text.size() != 24) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text.back() != 'Z') {
    return std::nullopt;
  }
  const auto year = digits(text, 0, 4);
  const auto month = digits(text, 5, 2);
  const auto day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2);
  const auto minute = digits(text, 14, 2);
  const auto second = digits(text, 17, 2);
  std::optional<unsigned> millis = 0u;
  if (text.size() == 24) millis = text[19] == '.' ? digits(text, 20, 3) : std::nullopt;
  if (!year || !month || !day || !hour || !minute || !second || !millis) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(*year, *month, *day);
  return TimestampMs{((days * 24 + *hour) * 60 + *minute) * 60'000 +
                     static_cast<std::int64_t>(*second) * 1000 + *millis};
}

}  // namespace alphapulse::core
