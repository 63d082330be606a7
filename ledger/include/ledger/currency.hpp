// Currencies: ISO 4217 code, number of minor-unit digits (exponent) and symbol.
//
// The table is schemas/currencies.csv, compiled into the library; a ledger stores the same
// table so its postings can refer to it.
//
//   Currency vnd = Currency::find("VND").value();  // exponent 0, symbol "₫"
//   Currency usd = Currency::find("USD").value();  // exponent 2: 10.50 USD is 1050 minor units
//
// Currency values are cheap to copy and safe to share between threads.
#pragma once

#include <span>
#include <string_view>

#include "ledger/result.hpp"

namespace socai {

struct CurrencyInfo {
  std::string_view code;    // "VND"
  int exponent;             // minor-unit digits: VND 0, USD 2
  std::string_view symbol;  // "₫"
  std::string_view name;    // "Vietnamese dong"
};

class Currency {
 public:
  // Looks up a currency by its exact upper-case code; NotFound names the code.
  static Result<Currency> find(std::string_view code);
  // All currencies of the table, in file order.
  static std::span<const CurrencyInfo> all();

  std::string_view code() const { return info_->code; }
  int exponent() const { return info_->exponent; }
  std::string_view symbol() const { return info_->symbol; }

  friend bool operator==(Currency a, Currency b) { return a.info_ == b.info_; }

 private:
  explicit Currency(const CurrencyInfo* info) : info_(info) {}
  const CurrencyInfo* info_;
};

}  // namespace socai
