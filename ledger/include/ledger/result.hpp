// Result<T>: a value or an Error, for every business rejection in socai.
//
// The library never throws across its public API and never prints. A refused operation
// returns an Error whose message names the field and the value, e.g.
//   "amount '50.000': ambiguous grouping ..."
// whose code says which kind of refusal it is (the CLI maps codes to exit codes), and, when
// it is about one input, the domain field (`amount`, `date`, `national_id`): a front end
// names that field its own way (the CLI its option, the importer its column) with
// field_message, and nothing in the library names a front end's option.
//
//   Result<Money> m = Money::parse("50.000.000", vnd);
//   if (!m) return m.error();
//   use(m.value());
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace socai {

// A small fixed vocabulary (after abseil's status codes). Which to use:
enum class ErrorCode {
  InvalidArgument,      // malformed input: a bad amount, date, rate, name or option
  NotFound,             // an id or name given by the caller does not exist
  AlreadyExists,        // creating something that exists (an account name, a ledger file)
  FailedPrecondition,   // refused by a business rule: unbalanced entry, closed period, ...
  IdempotencyConflict,  // an idempotency key reused with different content
  PermissionDenied,     // the actor is not registered, is disabled, or lacks the role
  OutOfRange,           // a value outside what can be represented (overflow, year 10000)
  Unavailable,          // the ledger is busy (locked by another writer) beyond the timeout
  DataLoss,             // the stored data is damaged or is not a socai ledger
  Internal,             // a bug or an unexpected storage failure
};

std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
  // The domain field the error is about, snake_case ("amount", "national_id"), or empty.
  // An error made by field_error has a message that begins with it.
  std::string field{};
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// An error about one field, whose message is the field followed by `detail`:
//   field_error(ErrorCode::InvalidArgument, "amount", ": must be positive")
//   -> field "amount", message "amount: must be positive".
inline Error field_error(ErrorCode code, std::string_view field, std::string_view detail) {
  std::string message(field);
  message += detail;
  return Error{code, std::move(message), std::string(field)};
}

// The error's message with its field called `name` instead ("--national-id", "national_id
// column"); the message as it is when the error names no field or was prefixed since
// (with_context).
std::string field_message(const Error& error, std::string_view name);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  // By value, so that `for (auto& x : f().value())` does not outlive a temporary Result.
  T value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok()
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{ErrorCode::Internal, {}};
  bool ok_ = true;
};

using Status = Result<void>;

// Prefixes an error's message with the field it concerns: "posting 2: <message>".
inline Error with_context(std::string_view context, Error error) {
  error.message = std::string(context) + ": " + error.message;
  return error;
}

}  // namespace socai
