// core/time: strong types for exchange timestamps and durations (Unix ms, UTC).
// Bare int64 timestamps are how look-ahead bugs hide (open vs close time, ms vs s),
// so every time value in AlphaPulse carries its unit in its type.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alphapulse::core {

struct DurationMs {
  std::int64_t count = 0;
  constexpr auto operator<=>(const DurationMs&) const = default;
};

struct TimestampMs {
  std::int64_t ms = 0;
  constexpr auto operator<=>(const TimestampMs&) const = default;
  constexpr TimestampMs operator+(DurationMs d) const { return {ms + d.count}; }
  constexpr TimestampMs operator-(DurationMs d) const { return {ms - d.count}; }
  constexpr DurationMs operator-(TimestampMs other) const { return {ms - other.ms}; }
};

// ISO 8601 UTC with milliseconds, e.g. "2024-03-01T12:15:00.000Z" (EVALUATION.md format).
std::string format_iso8601(TimestampMs t);
// The reverse: "2024-03-01T12:15:00.000Z" (milliseconds optional) -> Unix ms; nullopt if
// malformed or not a date of the calendar (2024-02-30).
std::optional<TimestampMs> parse_iso8601(std::string_view text);

}  // namespace alphapulse::core
