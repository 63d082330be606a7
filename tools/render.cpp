#include "render.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

namespace socai::cli {
namespace {

// REQUIRES: `row` has one cell per column of `table`. A row of another length is a bug of the
// command that built it (its cells would stand under the wrong headers, or go missing from
// CSV and JSON), so it is thrown as std::logic_error, which the CLI reports as an internal
// error (exit code 3), never rendered.
void check_row(const Table& table, const std::vector<std::string>& row, const char* part,
               std::size_t index) {
  if (row.size() == table.columns.size()) return;
  throw std::logic_error("table " + std::string(part) + " " + std::to_string(index) + " has " +
                         std::to_string(row.size()) + " cells for " +
                         std::to_string(table.columns.size()) + " columns (first column '" +
                         (table.columns.empty() ? std::string() : table.columns.front().key) +
                         "')");
}

void check_rows(const Table& table) {
  for (std::size_t i = 0; i < table.rows.size(); ++i) check_row(table, table.rows[i], "row", i);
  for (std::size_t i = 0; i < table.footer.size(); ++i)
    check_row(table, table.footer[i], "footer row", i);
}

// Display width of UTF-8 text: one column per code point (Vietnamese text in NFC).
std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

// A number as the commands write one in CSV: an optional sign, digits, and decimals.
bool is_number(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  const std::size_t point = s.find('.');
  const std::string_view whole = s.substr(0, point);
  const std::string_view decimals =
      point == std::string_view::npos ? std::string_view() : s.substr(point + 1);
  auto digits = [](std::string_view part) {
    return !part.empty() &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(whole) && (point == std::string_view::npos || digits(decimals));
}

// A cell as CSV writes it. Text that a spreadsheet would take for a formula (beginning with
// '=', '+', '-', '@', a tab or a carriage return: OWASP's rule against CSV injection) is
// prefixed with a single quote, so that it is shown as text; a number stays a number. Then
// quoted when it holds a comma, a quote or a line end.
std::string csv_field(const std::string& cell) {
  const bool formula =
      !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
  const std::string s = formula && !is_number(cell) ? "'" + cell : cell;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string amount_text(std::int64_t minor_units, const std::string& currency_code, Format format,
                        Lang lang) {
  Result<Currency> currency = Currency::find(currency_code);
  if (!currency) return std::to_string(minor_units) + " (minor units)";
  if (format != Format::Table && format != Format::Html)
    return format_minor(minor_units, currency.value(), MoneyFormat::Plain);
  return format_minor(
      minor_units, currency.value(),
      lang == Lang::Vi ? MoneyFormat::GroupedVietnamese : MoneyFormat::GroupedEnglish);
}

std::string render_table(const Table& table) {
  check_rows(table);
  std::vector<std::size_t> widths;
  for (const Column& c : table.columns) widths.push_back(width(c.label));
  auto measure = [&](const std::vector<std::vector<std::string>>& rows) {
    for (const auto& row : rows)
      for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
        widths[i] = std::max(widths[i], width(row[i]));
  };
  measure(table.rows);
  measure(table.footer);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const std::string& cell = i < cells.size() ? cells[i] : std::string();
      const std::string pad(widths[i] - width(cell), ' ');
      if (i > 0) out += "  ";
      out += table.columns[i].right ? pad + cell : cell + pad;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  auto rule = [&] {
    std::string out;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (i > 0) out += "  ";
      out += std::string(widths[i], '-');
    }
    return out + "\n";
  };
  std::vector<std::string> header;
  for (const Column& c : table.columns) header.push_back(c.label);
  std::string out = line(header) + rule();
  for (const auto& row : table.rows) out += line(row);
  if (!table.footer.empty()) {
    out += rule();
    for (const auto& row : table.footer) out += line(row);
  }
  return out;
}

std::string render_csv(const Table& table) {
  check_rows(table);
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    out += (i ? "," : "") + csv_field(table.columns[i].key);
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\n";
  }
  return out;
}

std::string render_record(const Table& table) {
  check_rows(table);
  std::size_t label_width = 0;
  for (const Column& c : table.columns) label_width = std::max(label_width, width(c.label));
  std::string out;
  const std::vector<std::string>& row = table.rows.at(0);
  for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
    const std::string& label = table.columns[c].label;
    std::string line = label + std::string(label_width - width(label) + 2, ' ') + row[c];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html_table(const Table& table) {
  check_rows(table);
  auto cells = [&](const std::vector<std::string>& row, const char* tag) {
    std::string out = "<tr>";
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const std::string cell = i < row.size() ? html_escape(row[i]) : std::string();
      out += std::string("<") + tag + (table.columns[i].right ? " class=\"num\">" : ">") + cell +
             "</" + tag + ">";
    }
    return out + "</tr>\n";
  };
  std::vector<std::string> header;
  for (const Column& c : table.columns) header.push_back(c.label);
  std::string out = "<table>\n<thead>" + cells(header, "th") + "</thead>\n<tbody>\n";
  for (const auto& row : table.rows) out += cells(row, "td");
  out += "</tbody>\n";
  if (!table.footer.empty()) {
    out += "<tfoot>\n";
    for (const auto& row : table.footer) out += cells(row, "th");
    out += "</tfoot>\n";
  }
  return out + "</table>\n";
}

std::string render_html_page(const std::string& title, Lang lang, const std::string& notice,
                             const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == Lang::Vi ? "vi" : "en") +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) +
         "</title>\n<style>\n"
         "body { font-family: sans-serif; margin: 1.5em; color: #222; }\n"
         "h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }\n"
         "table { border-collapse: collapse; margin: 0.5em 0 1em; }\n"
         "th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; }\n"
         "thead th { background: #e8eef4; } tfoot th { background: #f4f4f4; }\n"
         ".num { text-align: right; font-variant-numeric: tabular-nums; }\n"
         ".fail { color: #a00; font-weight: bold; } .pass { color: #070; }\n"
         ".notice { background: #fff3c4; border: 1px solid #d4a400; padding: 0.4em 0.6em; }\n"
         "</style>\n</head>\n<body>\n<h1>" +
         html_escape(title) + "</h1>\n" +
         (notice.empty() ? "" : "<p class=\"notice\">" + html_escape(notice) + "</p>\n") + body +
         "</body>\n</html>\n";
}

std::string render_svg_bars(const std::string& caption, const std::vector<Bar>& bars) {
  constexpr int kLabel = 160, kWidth = 360, kRow = 22;
  std::int64_t top = 0;
  for (const Bar& b : bars) top = std::max(top, b.value);
  const int height = static_cast<int>(bars.size()) * kRow + 28;
  std::string out = "<figure>\n<svg role=\"img\" width=\"" + std::to_string(kLabel + kWidth + 170) +
                    "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(kLabel + kWidth + 170) + " " + std::to_string(height) +
                    "\">\n<title>" + html_escape(caption) + "</title>\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = static_cast<int>(i) * kRow + 4;
    // The bar's length to scale: value / largest, in whole pixels.
    const std::int64_t length = top > 0 ? b.value * kWidth / top : 0;
    out += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\" font-size=\"12\">" +
           html_escape(b.label) + "</text>\n";
    out += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(length) + "\" height=\"16\" fill=\"#4a7bb7\"/>\n";
    out += "<text x=\"" + std::to_string(kLabel + length + 6) + "\" y=\"" + std::to_string(y + 14) +
           "\" font-size=\"12\">" + html_escape(b.text) + "</text>\n";
  }
  return out + "</svg>\n<figcaption>" + html_escape(caption) + "</figcaption>\n</figure>\n";
}

nlohmann::json row_json(const Table& table, std::size_t i) {
  nlohmann::json object = nlohmann::json::object();
  const std::vector<std::string>& row = table.rows.at(i);
  check_row(table, row, "row", i);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
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

nlohmann::json rows_json(const Table& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < table.rows.size(); ++i) rows.push_back(row_json(table, i));
  return rows;
}

}  // namespace socai::cli
