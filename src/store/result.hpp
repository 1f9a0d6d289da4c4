// store/result: how the store reports failure without exceptions. Every fallible call
// returns a Status or a Result<T> carrying an Error: SQLite's result code (0 when the
// error is not SQLite's) and a message naming what failed (the path, the statement) and
// SQLite's own text. `transient()` tells a retry-worthy failure (busy/locked database)
// from one that will fail again (a constraint, a malformed value, a broken file).
#pragma once

#include <string>

#include "core/status.hpp"

namespace alphapulse::store {

struct Error {
  int sqlite_code = 0;  // primary or extended SQLite result code; 0 = not from SQLite
  std::string message;
  bool connection_lost = false;  // the database server went away; the next call reconnects

  // SQLITE_BUSY (5) and SQLITE_LOCKED (6), including their extended codes, and a lost
  // connection to a database server.
  bool transient() const {
    const int primary = sqlite_code & 0xff;
    return connection_lost || primary == 5 || primary == 6;
  }
};

using Status = core::BasicStatus<Error>;
template <typename T>
using Result = core::BasicResult<T, Error>;

}  // namespace alphapulse::store
