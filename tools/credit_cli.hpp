// What the credit-domain commands share (commune, group, household, program, loan and the
// loan events): opening the loan book, reading dates and amounts, and printing one record or
// a list in the chosen format.
//
// Machine output follows the tool's convention (README "Output"): CSV with plain amounts and
// ISO dates; JSON amounts as decimal strings, counts and ids as numbers, and null for a
// value that is absent (an empty cell).
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "cli.hpp"
#include "ledger/loan_book.hpp"

namespace socai::cli {

// The value of an integer option that was not given (any value given is the library's to check).
inline constexpr int kNotGiven = std::numeric_limits<int>::min();

// A loan book and the store whose connection it shares (the store must outlive the book).
struct OpenBook {
  std::unique_ptr<Store> store;
  std::unique_ptr<LoanBook> book;
  LoanBook* operator->() const { return book.get(); }
};

inline Result<OpenBook> open_book(const Context& ctx) {
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return store.error();
  Result<std::unique_ptr<LoanBook>> book = open_loan_book(*store.value());
  if (!book) return book.error();
  return OpenBook{std::move(store).value(), std::move(book).value()};
}

inline Result<Date> date_option(const std::string& name, const std::string& text) {
  return parse_option<Date>(name, text, parse_date);
}

// An optional date option: empty text is no date.
inline Result<std::optional<Date>> optional_date_option(const std::string& name,
                                                        const std::string& text) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> d = date_option(name, text);
  if (!d) return d.error();
  return std::optional<Date>(d.value());
}

// A month, "2025-12" or "12/2025"; the error names `name` ("month", "--month") and the text.
inline Result<date::year_month> month_option(const std::string& name, const std::string& text) {
  Result<Date> first = make_error(ErrorCode::InvalidArgument, "");
  if (text.size() == 7 && text[4] == '-') first = parse_date(text + "-01");
  if (text.size() == 7 && text[2] == '/') first = parse_date("01/" + text);
  if (!first) {
    return make_error(ErrorCode::InvalidArgument,
                      name + " '" + text + "': expected YYYY-MM, e.g. 2025-12");
  }
  return first->year() / first->month();
}

inline Result<Money> amount_option(const std::string& name, const std::string& text,
                                   Currency currency) {
  return parse_option<Money>(name, text,
                             [&](const std::string& t) { return Money::parse(t, currency); });
}

// An amount that must be more than zero (a loan's amount, a disbursement, a payment).
inline Result<Money> positive_amount_option(const std::string& name, const std::string& text,
                                            Currency currency) {
  Result<Money> m = amount_option(name, text, currency);
  if (m && !m->is_positive()) {
    return make_error(ErrorCode::InvalidArgument,
                      name + " '" + text + "': the amount must be more than zero");
  }
  return m;
}

// A progress bar on stderr while stderr is a terminal (DESIGN.md section 9); no callback,
// and nothing printed, otherwise.
inline Progress progress_bar(const char* what) {
  if (!::isatty(STDERR_FILENO)) return {};
  return [what, shown = -1](std::int64_t done, std::int64_t total) mutable {
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent == shown && done != total) return;
    shown = percent;
    const int filled = percent * 30 / 100;
    std::fprintf(stderr, "\r%s [%-30s] %3d%% %lld/%lld", what, std::string(filled, '#').c_str(),
                 percent, static_cast<long long>(done), static_cast<long long>(total));
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
}

// A date for the output: DD/MM/YYYY in Vietnamese tables, ISO otherwise.
inline std::string date_cell(const Context& ctx, Date d) {
  const bool people = ctx.output_format() == Format::Table || ctx.output_format() == Format::Html;
  return people && ctx.output_lang() == Lang::Vi ? format_date_vn(d) : format_date(d);
}
inline std::string date_cell(const Context& ctx, const std::optional<Date>& d) {
  return d ? date_cell(ctx, *d) : std::string();
}

inline std::string amount_cell(const Context& ctx, std::int64_t minor, Currency currency) {
  return amount_text(minor, std::string(currency.code()), ctx.output_format(), ctx.output_lang());
}

}  // namespace socai::cli
