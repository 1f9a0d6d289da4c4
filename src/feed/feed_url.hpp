// feed/feed_url: the few URL forms the feed connects to (http, https, ws, wss), split into what
// a socket needs. No query strings or user info: base URLs only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace alphapulse::feed {

struct Url {
  bool tls = false;  // https, wss
  std::string host;  // "api.binance.com", "127.0.0.1"
  std::string port;  // explicit or the scheme's default ("443", "80")
  std::string path;  // prefix without a trailing slash, usually ""
};

// "https://api.binance.com", "http://127.0.0.1:8080", "wss://stream.binance.com:9443".
std::optional<Url> parse_url(std::string_view text);

}  // namespace alphapulse::feed
