// Fuzz target: the entries of `socai post` (ledger/entry_input.hpp): the JSON and CSV files
// of --file and the ACCOUNT=AMOUNT [CURRENCY] arguments of --posting, each from the same bytes.
//
// Properties: no exception escapes; every entry read has a real date and its postings a
// known currency; the balancing check runs on any of them; a posting argument that parses
// reads the same again when written back as ACCOUNT=AMOUNT CURRENCY.
#include <string>

#include "fuzz_support.hpp"
#include "ledger/entry_input.hpp"

using namespace socai;
using socai::fuzzing::check;
using socai::fuzzing::describe;

namespace {

void check_entries(const Result<std::vector<EntrySpec>>& entries, const char* format) {
  if (!entries) {
    check(!entries.error().message.empty(), "a refusal says why", format);
    return;
  }
  for (const EntrySpec& entry : entries.value()) {
    check(entry.date.ok(), "an entry's date exists", format);
    for (const PostingSpec& posting : entry.postings)
      check(Currency::find(posting.amount.currency().code()).ok(), "a posting's currency is known",
            describe(posting.amount));
    (void)check_balanced(entry.postings);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzzing::as_text(data, size);
  check_entries(parse_entries_json(text), "json");
  check_entries(parse_entries_csv(text), "csv");

  Result<PostingSpec> posting = parse_posting_argument(text);
  if (posting) {
    const std::string written = posting->account + "=" +
                                format(posting->amount, MoneyFormat::Plain) + " " +
                                std::string(posting->amount.currency().code());
    Result<PostingSpec> again = parse_posting_argument(written);
    check(again.ok(), "a posting written back parses", written);
    check(again->account == posting->account && again->amount == posting->amount,
          "a posting written back reads the same",
          written + ": " + again->account + " " + describe(again->amount));
  }
  return 0;
}
