// Rendering of report models for people (aligned tables) and machines (CSV, JSON).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/money.hpp"

namespace socai::cli {

// Html: one self-contained page for people (no network: inline CSS and SVG), for reports.
enum class Format { Table, Csv, Json, Html };
enum class Lang { En, Vi };

// One table: the header and the rows, all cells already text. A numeric column is
// right-aligned in tables and written as a JSON number when `json_number`.
struct Column {
  std::string key;    // CSV header and JSON field: "account"
  std::string label;  // table header for people: "Account" / "Tài khoản"
  bool right = false;
  bool json_number = false;
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<std::string>> footer;  // totals: tables only
};

// Amount text: plain for machines; grouped in the language's style for people.
std::string amount_text(std::int64_t minor_units, const std::string& currency, Format format,
                        Lang lang);

std::string render_table(const Table& table);
// Text escaped for HTML.
std::string html_escape(std::string_view text);
// A table as HTML: header, body, and the footer as totals; numeric columns right-aligned.
std::string render_html_table(const Table& table);
// A whole page around `body` (already HTML): its title as a heading, inline CSS.
// `notice`, when not empty, stands out under the title (a training ledger's).
std::string render_html_page(const std::string& title, Lang lang, const std::string& notice,
                             const std::string& body);
// An inline SVG chart of horizontal bars: each label with its value (drawn to scale) and the
// value's text.
struct Bar {
  std::string label;
  std::int64_t value = 0;
  std::string text;
};
std::string render_svg_bars(const std::string& caption, const std::vector<Bar>& bars);
std::string render_csv(const Table& table);
// The first row of a one-row table for people: "Label   value" lines, labels aligned.
std::string render_record(const Table& table);
// Row `i` as a JSON object: json_number cells as numbers, empty cells as null, others text.
nlohmann::json row_json(const Table& table, std::size_t i);
// Every row as a JSON array of objects.
nlohmann::json rows_json(const Table& table);

// Picks the label of the language.
inline std::string label(Lang lang, const char* en, const char* vi) {
  return lang == Lang::Vi ? vi : en;
}

}  // namespace socai::cli
