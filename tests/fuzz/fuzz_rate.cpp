// Fuzz target: interest rates (Rate::parse) and the fee settings' percentages (parse_percent).
//
// Properties: parsing never throws; a rate that parses is not negative, keeps its unit, and
// its to_string parses back to an equal rate in the same unit, its monthly view being the
// yearly / 12 exactly; a percentage that parses is not negative and percent_text parses
// back to the same value.
#include <string>

#include "fuzz_support.hpp"
#include "ledger/fees.hpp"
#include "ledger/rate.hpp"

using namespace socai;
using socai::fuzzing::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzzing::as_text(data, size);

  Result<Rate> rate = Rate::parse(text);
  if (rate) {
    const std::string shown = rate->to_string();
    check(rate->yearly() >= 0, "a rate is not negative", shown);
    check(rate->monthly() * 12 == rate->yearly(), "a monthly rate is the yearly / 12", shown);
    Result<Rate> again = Rate::parse(shown);
    check(again.ok(), "a rate's text parses", std::string(text) + " shown as " + shown);
    check(again.value() == rate.value() && again->unit() == rate->unit(),
          "a rate's text parses to the same rate", std::string(text) + " shown as " + shown);
  } else {
    check(rate.error().code == ErrorCode::InvalidArgument, "a refused rate is InvalidArgument",
          rate.error().message);
  }

  Result<Exact> percent = parse_percent(text);
  if (percent) {
    const std::string shown = percent_text(percent.value());
    check(percent.value() >= 0, "a percentage is not negative", shown);
    Result<Exact> again = parse_percent(shown);
    check(again.ok() && again.value() == percent.value(), "a percentage's text parses to itself",
          std::string(text) + " shown as " + shown);
  }
  return 0;
}
