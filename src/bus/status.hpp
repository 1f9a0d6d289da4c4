// bus/status: how the Redis bus reports failure without exceptions, shaped like
// store/result.hpp. An Error carries a message naming the server (host:port, never the
// password) and what failed, and whether retrying can help: `transient()` is true for
// connection failures, timeouts and the server's LOADING/BUSY/TRYAGAIN/MASTERDOWN replies,
// false for a wrong command, a wrong type or a bad URL (those fail again on retry).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace alphapulse::bus {

struct Error {
  std::string message;
  bool retry_may_help = false;

  bool transient() const { return retry_may_help; }
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

}  // namespace alphapulse::bus
