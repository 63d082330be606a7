#include "render.hpp"

#include <algorithm>

namespace socai::cli {
namespace {

// Display width of UTF-8 text: one column per code point (Vietnamese text in NFC).
std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string csv_field(const std::string& s) {
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
  if (format != Format::Table)
    return format_minor(minor_units, currency.value(), MoneyFormat::Plain);
  return format_minor(
      minor_units, currency.value(),
      lang == Lang::Vi ? MoneyFormat::GroupedVietnamese : MoneyFormat::GroupedEnglish);
}

std::string render_table(const Table& table) {
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

nlohmann::json row_json(const Table& table, std::size_t i) {
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

nlohmann::json rows_json(const Table& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < table.rows.size(); ++i) rows.push_back(row_json(table, i));
  return rows;
}

}  // namespace socai::cli
