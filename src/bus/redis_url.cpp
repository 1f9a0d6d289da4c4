// bus/redis_url: see redis_url.hpp. Error messages quote the host part only, never the
// user-info part of the URL, so a password cannot leak through a typo elsewhere.
#include "bus/redis_url.hpp"

#include <charconv>

namespace alphapulse::bus {
namespace {

constexpr std::string_view kScheme = "redis://";
constexpr std::string_view kTlsScheme = "rediss://";

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX; a malformed escape is kept as written (it cannot be meant as one).
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

Error url_error(std::string message) {
  return Error{"Redis URL: " + std::move(message), false};
}

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string RedisEndpoint::where() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<RedisEndpoint> parse_redis_url(std::string_view url) {
  if (starts_with_ignoring_case(url, kTlsScheme)) {
    return url_error(
        "rediss:// (TLS) is not supported by this build; use redis:// on a trusted "
        "network or a local TLS tunnel");
  }
  if (!starts_with_ignoring_case(url, kScheme)) {
    return url_error("expected redis://[user][:password@]host[:port][/db]");
  }
  std::string_view rest = url.substr(kScheme.size());
  RedisEndpoint endpoint;

  // The user-info ends at the last '@': a password may itself contain '@' or '/'.
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view user_info = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = user_info.find(':');
    endpoint.user = percent_decode(user_info.substr(0, colon));
    if (colon != std::string_view::npos)
      endpoint.password = percent_decode(user_info.substr(colon + 1));
  }

  if (rest.find_first_of("?#") != std::string_view::npos) {
    return url_error("query parameters are not supported in '" +
                     std::string(rest.substr(0, rest.find_first_of("?#"))) + "'");
  }
  std::string_view host_port = rest;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    host_port = rest.substr(0, slash);
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && (!parse_int(db, endpoint.db) || endpoint.db < 0)) {
      return url_error("database '" + std::string(db) + "' in '" + std::string(rest) +
                       "' is not a non-negative number");
    }
  }

  std::string_view port_text;
  if (!host_port.empty() && host_port.front() == '[') {  // [IPv6]:port
    const auto close = host_port.find(']');
    if (close == std::string_view::npos)
      return url_error("unclosed '[' in host '" + std::string(host_port) + "'");
    endpoint.host = std::string(host_port.substr(1, close - 1));
    const std::string_view after = host_port.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return url_error("unexpected text after ']' in '" + std::string(host_port) + "'");
      port_text = after.substr(1);
    }
  } else {
    const auto colon = host_port.rfind(':');
    endpoint.host = std::string(host_port.substr(0, colon));
    if (colon != std::string_view::npos) port_text = host_port.substr(colon + 1);
  }
  if (endpoint.host.empty()) return url_error("no host in '" + std::string(host_port) + "'");
  if (!port_text.empty() &&
      (!parse_int(port_text, endpoint.port) || endpoint.port <= 0 || endpoint.port > 65535)) {
    return url_error("port '" + std::string(port_text) + "' of '" + std::string(host_port) +
                     "' is not a number in 1..65535");
  }
  return endpoint;
}

std::string redact_redis_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto at = url.rfind('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < scheme_end) {
    return std::string(url);
  }
  const std::string_view user_info = url.substr(scheme_end + 3, at - scheme_end - 3);
  const auto colon = user_info.find(':');
  if (colon == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, scheme_end + 3)) + std::string(user_info.substr(0, colon)) +
         ":***" + std::string(url.substr(at));
}

}  // namespace alphapulse::bus
