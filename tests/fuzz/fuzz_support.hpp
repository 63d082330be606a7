// What the fuzz targets share: the input as text, a property check that stops the fuzzer with
// a message, and Money for reading in a failed check's message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ledger/money.hpp"

namespace socai::fuzzing {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property that does not hold is a finding: print what and why, then abort, so that
// libFuzzer keeps the input (crash-<sha1>) for the regression test.
[[noreturn]] inline void property_failed(const char* property, const std::string& detail) {
  std::fprintf(stderr, "property failed: %s\n  %s\n", property, detail.c_str());
  std::abort();
}

inline void check(bool holds, const char* property, const std::string& detail) {
  if (!holds) property_failed(property, detail);
}

inline std::string describe(const Money& m) {
  return std::to_string(m.minor_units()) + " minor units of " + std::string(m.currency().code());
}

}  // namespace socai::fuzzing
