// What the credit-domain commands share (commune, group, household, program, loan and the
// loan events): opening the loan book, reading dates and amounts, and printing one record or
// a list in the chosen format.
//
// Machine output follows the tool's convention (README "Output"): CSV with plain amounts and
// ISO dates; JSON amounts as decimal strings, counts and ids as numbers, and null for a
// value that is absent (an empty cell).
#pragma once

#include <algorithm>
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

// A date for the output: DD/MM/YYYY in Vietnamese tables, ISO otherwise.
inline std::string date_cell(const Context& ctx, Date d) {
  return ctx.output_format() == Format::Table && ctx.output_lang() == Lang::Vi ? format_date_vn(d)
                                                                               : format_date(d);
}
inline std::string date_cell(const Context& ctx, const std::optional<Date>& d) {
  return d ? date_cell(ctx, *d) : std::string();
}

inline std::string amount_cell(const Context& ctx, std::int64_t minor, Currency currency) {
  return amount_text(minor, std::string(currency.code()), ctx.output_format(), ctx.output_lang());
}

// Row `i` as a JSON object: json_number cells as numbers, empty cells as null, others text.
inline nlohmann::json row_json(const Table& table, std::size_t i) {
  nlohmann::json object = nlohmann::json::object();
  const std::vector<std::string>& row = table.rows.at(i);
  for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
    const Column& column = table.columns[c];
    if (row[c].empty()) {
      object[column.key] = nullptr;
    } else if (column.json_number) {
      object[column.key] = nlohmann::json::parse(row[c]);
    } else {
      object[column.key] = row[c];
    }
  }
  return object;
}

inline nlohmann::json table_json(const Table& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < table.rows.size(); ++i) rows.push_back(row_json(table, i));
  return rows;
}

// The first row of a one-row table for people: "Label   value" lines, labels aligned.
inline std::string render_record(const Table& table) {
  std::size_t width = 0;
  auto columns_of = [](const std::string& s) {
    std::size_t w = 0;
    for (unsigned char ch : s) w += (ch & 0xC0) != 0x80;
    return w;
  };
  for (const Column& c : table.columns) width = std::max(width, columns_of(c.label));
  std::string out;
  const std::vector<std::string>& row = table.rows.at(0);
  for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
    const std::string& label = table.columns[c].label;
    std::string line = label + std::string(width - columns_of(label) + 2, ' ') + row[c];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

// A list: aligned table, CSV with a header, or a JSON array of objects.
inline void print_list(const Context& ctx, const Table& table) {
  switch (ctx.output_format()) {
    case Format::Table:
      std::cout << render_table(table);
      break;
    case Format::Csv:
      std::cout << render_csv(table);
      break;
    case Format::Json:
      std::cout << table_json(table).dump(2) << "\n";
      break;
  }
}

// One record (a one-row table): label/value lines, CSV with one row, or a JSON object.
inline void print_record(const Context& ctx, const Table& table) {
  switch (ctx.output_format()) {
    case Format::Table:
      std::cout << render_record(table);
      break;
    case Format::Csv:
      std::cout << render_csv(table);
      break;
    case Format::Json:
      std::cout << row_json(table, 0).dump(2) << "\n";
      break;
  }
}

}  // namespace socai::cli
