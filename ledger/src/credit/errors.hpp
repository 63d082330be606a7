// The error makers of the credit domain's rules (ledger/include/ledger/result.hpp explains
// which code to use).
#pragma once

#include <string>

#include "ledger/money.hpp"
#include "ledger/result.hpp"

namespace socai::credit {

// A business rule refused the operation.
inline Error refused(std::string message) {
  return make_error(ErrorCode::FailedPrecondition, std::move(message));
}

// Malformed input that is about no single field.
inline Error invalid(std::string message) {
  return make_error(ErrorCode::InvalidArgument, std::move(message));
}

// Malformed input of one field: the message is the field followed by `detail`.
inline Error invalid_field(std::string_view field, std::string_view detail) {
  return field_error(ErrorCode::InvalidArgument, field, detail);
}

// An amount in a refusal: "50,000,000".
inline std::string amount_text(std::int64_t minor, Currency currency) {
  return format_minor(minor, currency, MoneyFormat::GroupedEnglish);
}

}  // namespace socai::credit
