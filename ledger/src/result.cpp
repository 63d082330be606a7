#include "ledger/result.hpp"

namespace socai {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
      return "invalid-argument";
    case ErrorCode::NotFound:
      return "not-found";
    case ErrorCode::AlreadyExists:
      return "already-exists";
    case ErrorCode::FailedPrecondition:
      return "failed-precondition";
    case ErrorCode::IdempotencyConflict:
      return "idempotency-conflict";
    case ErrorCode::PermissionDenied:
      return "permission-denied";
    case ErrorCode::OutOfRange:
      return "out-of-range";
    case ErrorCode::Unavailable:
      return "unavailable";
    case ErrorCode::DataLoss:
      return "data-loss";
    case ErrorCode::Internal:
      return "internal";
  }
  return "internal";
}

std::string field_message(const Error& error, std::string_view name) {
  if (error.field.empty() || !error.message.starts_with(error.field)) return error.message;
  return std::string(name) + error.message.substr(error.field.size());
}

}  // namespace socai
