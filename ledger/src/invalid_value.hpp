// The refusal of a value a person typed, worded one way for every parser of the library.
#pragma once

#include <string_view>

#include "ledger/result.hpp"

namespace socai::text {

// InvalidArgument "<what> '<text>': <why>", e.g. "amount '5x': not a number": the value quoted
// (text::quoted) and named by what it was meant to be. No field is set: the caller's context
// names it.
Error invalid(std::string_view what, std::string_view text, std::string_view why);

}  // namespace socai::text
