// Errors that name the domain field they are about, and how a front end renames it.
#include <catch2/catch.hpp>

#include "ledger/result.hpp"

using namespace socai;

TEST_CASE("field_error: the message begins with the field", "[result]") {
  const Error e =
      field_error(ErrorCode::InvalidArgument, "national_id",
                  " '0541': 12 digits (citizen identity card) or 9 (old identity card)");
  CHECK(e.code == ErrorCode::InvalidArgument);
  CHECK(e.field == "national_id");
  CHECK(e.message ==
        "national_id '0541': 12 digits (citizen identity card) or 9 (old identity card)");
}

TEST_CASE("field_message names the field as a front end does", "[result]") {
  const Error e = field_error(ErrorCode::InvalidArgument, "amount", ": must be positive");
  CHECK(field_message(e, "--amount") == "--amount: must be positive");
  CHECK(field_message(e, "column amount") == "column amount: must be positive");
}

TEST_CASE("field_message leaves an error without a field, or prefixed since, as it is",
          "[result]") {
  const Error plain = make_error(ErrorCode::NotFound, "loan 'L-9' not found");
  CHECK(plain.field.empty());
  CHECK(field_message(plain, "--loan") == "loan 'L-9' not found");

  const Error prefixed = with_context(
      "entry 3", field_error(ErrorCode::InvalidArgument, "amount", ": must be positive"));
  CHECK(prefixed.field == "amount");
  CHECK(field_message(prefixed, "--amount") == "entry 3: amount: must be positive");
}
