// Command-line checks for numbers: a plain message naming the rule, and NaN and infinity
// rejected. CLI11's ranges let "nan" through (it compares false with both bounds, so
// `--judge-from nan` reached a float-to-integer cast) and print their bound as a 300-digit
// number.
#pragma once

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace alphapulse::app {

// A finite number in [low, high] (low excluded when `low_open`).
inline CLI::Validator finite_number(double low, double high, bool low_open, std::string rule) {
  return CLI::Validator(
      [low, high, low_open, rule](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        const double value = std::strtod(text.c_str(), &end);
        const bool parsed = end != text.c_str() && *end == '\0' && errno == 0;
        const bool inside = (low_open ? value > low : value >= low) && value <= high;
        if (parsed && std::isfinite(value) && inside) return {};
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

}  // namespace alphapulse::app
