// feed/feed_log: see the header.
#include "feed/feed_log.hpp"

#include <cstdio>

namespace alphapulse::feed {

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "?";
}

void Logger::operator()(LogLevel level, std::string_view message) const {
  if (fn != nullptr) {
    fn(context, level, message);
    return;
  }
  const std::string_view name = to_string(level);
  std::fprintf(stderr, "feed: %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
               static_cast<int>(message.size()), message.data());
}

}  // namespace alphapulse::feed
