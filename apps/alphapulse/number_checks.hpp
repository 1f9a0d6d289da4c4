// Command-line checks for numbers: a plain message naming the rule, and NaN and infinity
// rejected. CLI11's ranges let "nan" through (it compares false with both bounds, so
// `--judge-from nan` reached a float-to-integer cast) and print their bound as a 300-digit
// number.
#pragma once

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/time.hpp"

namespace alphapulse::app {

// The whole of `text` as a finite number; nullopt for anything else (NaN, infinity, "0.5x",
// out of double's range).
inline std::optional<double> parse_finite(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || errno != 0 || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// A finite number in [low, high] (low excluded when `low_open`).
inline CLI::Validator finite_number(double low, double high, bool low_open, std::string rule) {
  return CLI::Validator(
      [low, high, low_open, rule](std::string& text) -> std::string {
        const auto value = parse_finite(text);
        if (value && (low_open ? *value > low : *value >= low) && *value <= high) return {};
        return "'" + text + "' is not " + rule;
      },
      rule);
}

inline CLI::Validator positive_number() {
  return finite_number(0, HUGE_VAL, true, "a finite number above 0");
}

inline CLI::Validator fraction() {
  return finite_number(0, 1, false, "a finite number from 0 to 1");
}

// A judged span's bound as given: a fraction of the candles (0..1), or a UTC instant, a date
// (2024-01-01, its midnight) or ISO 8601 with seconds (2024-01-01T12:00:00Z, milliseconds
// optional).
inline std::optional<SpanBound> parse_span_bound(const std::string& text) {
  if (const auto value = parse_finite(text))
    return *value >= 0 && *value <= 1 ? std::optional<SpanBound>(SpanBound{*value, {}})
                                      : std::nullopt;
  const std::string instant = text.size() == 10 ? text + "T00:00:00Z" : text;
  if (const auto t = core::parse_iso8601(instant)) return SpanBound{0, *t};
  return std::nullopt;
}

inline CLI::Validator fraction_or_date() {
  const std::string rule =
      "a fraction of the candles from 0 to 1, or a UTC date (2024-01-01 or 2024-01-01T12:00:00Z)";
  return CLI::Validator(
      [rule](std::string& text) -> std::string {
        return parse_span_bound(text) ? std::string() : "'" + text + "' is not " + rule;
      },
      rule);
}

}  // namespace alphapulse::app
