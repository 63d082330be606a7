#include "ledger/currency.hpp"

#include <charconv>
#include <cstdlib>
#include <string>
#include <vector>

#include "schemas.hpp"
#include "text.hpp"

namespace socai {
namespace {

// schemas/currencies.csv: code,exponent,symbol,name. The file is part of the build, so a
// malformed line is a build defect: it aborts at first use rather than being skipped.
std::vector<CurrencyInfo> load_table() {
  std::vector<CurrencyInfo> table;
  for (std::string_view line : text::data_lines(schemas::embedded_file("currencies.csv"))) {
    auto fields = text::split(line, ',');
    int exponent = -1;
    if (fields.size() != 4 || fields[0].size() != 3 ||
        std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), exponent).ec !=
            std::errc{} ||
        exponent < 0 || exponent > 4) {
      std::abort();
    }
    table.push_back(CurrencyInfo{fields[0], exponent, fields[2], fields[3]});
  }
  return table;
}

const std::vector<CurrencyInfo>& table() {
  static const std::vector<CurrencyInfo> t = load_table();
  return t;
}

}  // namespace

Result<Currency> Currency::find(std::string_view code) {
  for (const CurrencyInfo& info : table())
    if (info.code == code) return Currency(&info);
  return make_error(ErrorCode::NotFound, "unknown currency " + text::quoted(code));
}

std::span<const CurrencyInfo> Currency::all() {
  return table();
}

}  // namespace socai
