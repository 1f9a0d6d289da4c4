// store/result: how the store reports failure without exceptions. Every fallible call
// returns a Status or a Result<T> carrying an Error: SQLite's result code (0 when the
// error is not SQLite's) and a message naming what failed (the path, the statement) and
// SQLite's own text. `transient()` tells a retry-worthy failure (busy/locked database)
// from one that will fail again (a constraint, a malformed value, a broken file).
#pragma once

#include <string>
#include <utility>
#include <variant>

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

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  Status(Error error)
      : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(status.error()) {}  // NOLINT: a failed Status only

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace alphapulse::store
