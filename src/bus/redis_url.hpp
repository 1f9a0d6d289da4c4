// bus/redis_url: REDIS_URL parsing, `redis://[user][:password@]host[:port][/db]`.
// Kept apart from the connection so it is testable without a server, and so the one place
// that sees the password is small: the parsed endpoint's where() and every error message
// name host:port only. `rediss://` (TLS) is rejected: this build has no TLS support.
#pragma once

#include <string>
#include <string_view>

#include "bus/status.hpp"

namespace alphapulse::bus {

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;      // empty: AUTH with the password only (the "default" user)
  std::string password;  // empty: no AUTH
  int db = 0;

  // "host:port", for messages (IPv6 hosts in brackets).
  std::string where() const;
};

// Percent-escapes in user and password are decoded (%40 -> '@').
Result<RedisEndpoint> parse_redis_url(std::string_view url);

// The URL with the password replaced by "***", for logs.
std::string redact_redis_url(std::string_view url);

}  // namespace alphapulse::bus
