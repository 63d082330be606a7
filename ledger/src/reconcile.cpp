// Cash counts for the reconciliation (ledger/reconcile.hpp).
#include "ledger/reconcile.hpp"

#include <fmt/format.h>

#include "csv_reader.hpp"
#include "ledger/money.hpp"
#include "text.hpp"

namespace socai {

Result<std::vector<CashCount>> parse_cash_counts(std::string_view csv_text) {
  Result<std::vector<csv::Record>> records = csv::read(csv_text);
  if (!records) return with_context("cash file", records.error());
  if (records->empty()) {
    return make_error(ErrorCode::InvalidArgument, "cash file: empty (expected a header row)");
  }
  const std::vector<std::string>& header = records->front().fields;
  const bool by_commune = header == std::vector<std::string>{"commune", "date", "amount"};
  if (!by_commune && header != std::vector<std::string>{"account", "date", "amount"}) {
    return make_error(ErrorCode::InvalidArgument,
                      "cash file: the header must be commune,date,amount or account,date,amount");
  }
  const Currency vnd = Currency::find("VND").value();
  std::vector<CashCount> counts;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const csv::Record& r = (*records)[i];
    auto bad = [&](const char* column, const std::string& value, const std::string& why) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("cash file line {}, column {}, value {}: {}", r.line, column,
                                    text::quoted(value), why));
    };
    if (r.fields.size() == 1 && r.fields[0].empty()) continue;  // a blank line
    if (r.fields.size() != 3) {
      return make_error(
          ErrorCode::InvalidArgument,
          fmt::format("cash file line {}: {} fields, expected 3", r.line, r.fields.size()));
    }
    if (r.fields[0].empty()) return bad(by_commune ? "commune" : "account", r.fields[0], "empty");
    Result<Date> date = parse_date(r.fields[1]);
    if (!date) return bad("date", r.fields[1], date.error().message);
    Result<Money> amount = Money::parse(r.fields[2], vnd);
    if (!amount) return bad("amount", r.fields[2], amount.error().message);
    counts.push_back(
        CashCount{.line = r.line,
                  .account = by_commune ? "Assets:Cash:TP-" + r.fields[0] : r.fields[0],
                  .date = date.value(),
                  .amount = amount->minor_units()});
  }
  return counts;
}

}  // namespace socai
