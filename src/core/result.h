#pragma once
// Result<T>: a value or an Error, for expected failures (bad input, not found, conflict, busy).
// Mirrors the shape of std::expected so a later switch is mechanical. Exceptions stay for bugs.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace siklus {

enum class ErrorCode {
  kInvalidArgument,  // the caller's input is wrong; `field` names what
  kNotFound,         // no such thing, or not in the caller's scope (never tells which)
  kConflict,         // clashes with existing state (duplicate username, …)
  kUnauthenticated,  // no or bad credentials
  kForbidden,        // authenticated but the role may not do this at all
  kTooLarge,         // body or file larger than allowed
  kRateLimited,      // slowed down (repeated failed logins)
  kBusy,             // database busy or locked; retry
  kIo,               // file or network failure
  kInternal,         // a bug; logged, answered 500
};

//! The stable string used in API errors and JSON output ("invalid_argument", …).
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // English, for logs and CLI; the web app translates by code+field
  std::string field;    // offending field, JSON pointer-ish or CSV column; empty if none
  //! Stable key of the message ("nik.birth_date_mismatch"); the API's Indonesian and English
  //! texts are looked up by it (src/http/errors.cpp). Empty: found there by the English message.
  std::string message_id;

  //! The same error with a stable message id: `Error::invalid("nik", …).with_id("nik.length")`.
  Error with_id(std::string id) && {
    message_id = std::move(id);
    return std::move(*this);
  }

  static Error invalid(std::string field, std::string message) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message) {
    return {ErrorCode::kNotFound, std::move(message), {}};
  }
  static Error conflict(std::string field, std::string message) {
    return {ErrorCode::kConflict, std::move(message), std::move(field)};
  }
  static Error io(std::string message) { return {ErrorCode::kIo, std::move(message), {}}; }
  static Error internal(std::string message) {
    return {ErrorCode::kInternal, std::move(message), {}};
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace siklus

// Returns the error of a Result-returning expression from the enclosing function.
#define SK_TRY(expr)                                    \
  do {                                                  \
    auto sk_try_result_ = (expr);                       \
    if (!sk_try_result_) return sk_try_result_.error(); \
  } while (false)
