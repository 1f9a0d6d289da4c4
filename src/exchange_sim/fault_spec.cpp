// exchange_sim/fault_spec: parser for the `--faults` text. Every error names the key and the
// value as written so a typo in a long spec is found at once.
#include "exchange_sim/fault_spec.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

namespace alphapulse::exchange_sim {
namespace {

constexpr std::string_view kKnownKeys =
    "disconnect_every, drop, duplicate, reorder, malformed, rest_429, stall_ms, stall_rate, "
    "retry_after_s";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_share(std::string_view text, double& out) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return false;
  if (value < 0 || value > 1) return false;
  out = value;
  return true;
}

template <typename Int>
bool parse_positive_int(std::string_view text, Int& out) {
  Int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value <= 0) return false;
  out = value;
  return true;
}

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

bool apply(FaultSpec& spec, std::string_view key, std::string_view value, std::string* error) {
  const auto bad = [&](std::string_view what) {
    return fail(error, "fault '" + std::string(key) + "': '" + std::string(value) + "' is not " +
                           std::string(what));
  };
  if (key == "disconnect_every") {
    return parse_positive_int(value, spec.disconnect_every) || bad("a positive integer");
  }
  if (key == "stall_ms")
    return parse_positive_int(value, spec.stall_ms) || bad("a positive integer");
  if (key == "retry_after_s") {
    return parse_positive_int(value, spec.retry_after_s) || bad("a positive integer");
  }
  double* share = nullptr;
  if (key == "drop") share = &spec.drop;
  if (key == "duplicate") share = &spec.duplicate;
  if (key == "reorder") share = &spec.reorder;
  if (key == "malformed") share = &spec.malformed;
  if (key == "rest_429") share = &spec.rest_429;
  if (key == "stall_rate") share = &spec.stall_rate;
  if (share == nullptr) {
    return fail(
        error, "unknown fault '" + std::string(key) + "' (known: " + std::string(kKnownKeys) + ")");
  }
  return parse_share(value, *share) || bad("a share in [0, 1]");
}

}  // namespace

std::optional<FaultSpec> parse_fault_spec(std::string_view text, std::string* error) {
  FaultSpec spec;
  std::set<std::string, std::less<>> seen;
  text = trim(text);
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) {
      fail(error, "empty fault entry (expected key=value, separated by commas)");
      return std::nullopt;
    }
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      fail(error, "fault '" + std::string(item) + "': expected key=value");
      return std::nullopt;
    }
    const std::string_view key = trim(item.substr(0, eq));
    const std::string_view value = trim(item.substr(eq + 1));
    if (!seen.emplace(key).second) {
      fail(error, "fault '" + std::string(key) + "' given twice");
      return std::nullopt;
    }
    if (!apply(spec, key, value, error)) return std::nullopt;
  }
  const double message_shares = spec.drop + spec.duplicate + spec.reorder + spec.malformed;
  if (message_shares > 1.0) {
    fail(error, "faults drop + duplicate + reorder + malformed add up to more than 1");
    return std::nullopt;
  }
  return spec;
}

std::string to_string(const FaultSpec& spec) {
  std::ostringstream out;
  const FaultSpec defaults;
  const char* sep = "";
  const auto put = [&](std::string_view key, auto value, auto default_value) {
    if (value == default_value) return;
    out << sep << key << '=' << value;
    sep = ",";
  };
  put("disconnect_every", spec.disconnect_every, defaults.disconnect_every);
  put("drop", spec.drop, defaults.drop);
  put("duplicate", spec.duplicate, defaults.duplicate);
  put("reorder", spec.reorder, defaults.reorder);
  put("malformed", spec.malformed, defaults.malformed);
  put("rest_429", spec.rest_429, defaults.rest_429);
  put("stall_ms", spec.stall_ms, defaults.stall_ms);
  if (spec.stall_ms > 0) put("stall_rate", spec.stall_rate, defaults.stall_rate);
  put("retry_after_s", spec.retry_after_s, defaults.retry_after_s);
  return out.str();
}

}  // namespace alphapulse::exchange_sim
