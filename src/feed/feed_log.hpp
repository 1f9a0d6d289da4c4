// feed/feed_log: where the feed's one-line diagnostics go. A function pointer plus context
// (no virtual call, no allocation for the caller); the default writes to stderr.
#pragma once

#include <cstdint>
#include <string_view>

namespace alphapulse::feed {

enum class LogLevel : std::uint8_t { kInfo, kWarning, kError };
std::string_view to_string(LogLevel level);

using LogFn = void (*)(void* context, LogLevel level, std::string_view message);

struct Logger {
  LogFn fn = nullptr;  // nullptr: stderr
  void* context = nullptr;
  void operator()(LogLevel level, std::string_view message) const;
};

}  // namespace alphapulse::feed
