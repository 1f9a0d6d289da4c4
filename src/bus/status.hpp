// bus/status: how the Redis bus reports failure without exceptions, shaped like
// store/result.hpp. An Error carries a message naming the server (host:port, never the
// password) and what failed, and whether retrying can help: `transient()` is true for
// connection failures, timeouts and the server's LOADING/BUSY/TRYAGAIN/MASTERDOWN replies,
// false for a wrong command, a wrong type or a bad URL (those fail again on retry).
#pragma once

#include <string>

#include "core/status.hpp"

namespace alphapulse::bus {

struct Error {
  std::string message;
  bool retry_may_help = false;

  bool transient() const { return retry_may_help; }
};

using Status = core::BasicStatus<Error>;
template <typename T>
using Result = core::BasicResult<T, Error>;

}  // namespace alphapulse::bus
