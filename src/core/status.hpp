// core/status: failure without exceptions, for modules whose errors are values (store, bus).
// A module defines its own Error (what it knows about a failure: SQLite's code, a lost
// connection, whether a retry may help) and names these templates over it:
//   using Status = core::BasicStatus<Error>;
//   template <typename T> using Result = core::BasicResult<T, Error>;
#pragma once

#include <utility>
#include <variant>

namespace alphapulse::core {

template <typename Error>
class [[nodiscard]] BasicStatus {
 public:
  BasicStatus() = default;  // success
  BasicStatus(Error error)  // NOLINT(google-explicit-constructor): `return Error{...};`
      : error_(std::move(error)), failed_(true) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

template <typename T, typename Error>
class [[nodiscard]] BasicResult {
 public:
  BasicResult(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  BasicResult(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  // A failed status only: passes its error on.
  BasicResult(BasicStatus<Error> status)  // NOLINT(google-explicit-constructor)
      : state_(status.error()) {}

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
  BasicStatus<Error> status() const {
    return ok() ? BasicStatus<Error>() : BasicStatus<Error>(error());
  }

 private:
  std::variant<T, Error> state_;
};

}  // namespace alphapulse::core
