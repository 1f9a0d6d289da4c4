// feed/feed_url: see the header.
#include "feed/feed_url.hpp"

#include <algorithm>

namespace alphapulse::feed {

std::optional<Url> parse_url(std::string_view text) {
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = text.substr(0, scheme_end);
  if (scheme == "https" || scheme == "wss") {
    url.tls = true;
    url.port = "443";
  } else if (scheme == "http" || scheme == "ws") {
    url.port = "80";
  } else {
    return std::nullopt;
  }
  std::string_view rest = text.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (path.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    url.port.assign(port);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return std::nullopt;
  url.host.assign(authority);
  url.path.assign(path);
  return url;
}

}  // namespace alphapulse::feed
