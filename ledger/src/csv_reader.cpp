#include "csv_reader.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <memory>

#include "text.hpp"

namespace socai::csv {
namespace {

struct Collector {
  std::vector<Record> records;
  Record current;
  std::size_t line = 1;    // line of the chunk being parsed
  std::size_t fields = 0;  // fields read, in every record
  bool too_wide = false;   // a record of more than kMaxRecordFields
  bool too_many = false;   // more than kMaxFields in all
};

// Where the line starting at `pos` ends, one past its line end: "\r\n", "\n", or a lone "\r"
// (the line end of spreadsheets saved as "CSV (Macintosh)"), which libcsv also ends a record on.
std::size_t line_end(std::string_view text, std::size_t pos) {
  const std::size_t end = text.find_first_of("\r\n", pos);
  if (end == std::string_view::npos) return text.size();
  if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') return end + 2;
  return end + 1;
}

std::size_t line_breaks(std::string_view text) {
  std::size_t breaks = 0;
  for (std::size_t pos = 0; pos < text.size(); pos = line_end(text, pos))
    if (line_end(text, pos) < text.size() || text.back() == '\n' || text.back() == '\r') ++breaks;
  return breaks;
}

// Past a bound, fields are counted and dropped, and read() stops at the end of the line.
void on_field(void* data, std::size_t size, void* opaque) {
  auto* c = static_cast<Collector*>(opaque);
  if (c->current.fields.size() >= kMaxRecordFields) c->too_wide = true;
  if (++c->fields > kMaxFields) c->too_many = true;
  if (c->too_wide || c->too_many) return;
  c->current.fields.emplace_back(static_cast<const char*>(data), size);
}

// A record ends on the line being parsed; it started as many lines earlier as its quoted
// fields hold line breaks.
void on_record(int, void* opaque) {
  auto* c = static_cast<Collector*>(opaque);
  std::size_t breaks = 0;
  for (const std::string& field : c->current.fields) breaks += line_breaks(field);
  c->current.line = c->line - breaks;
  c->records.push_back(std::move(c->current));
  c->current = Record{};
}

// The line of the record or field past a bound, when one was passed.
Status within_bounds(const Collector& c) {
  if (c.too_wide) {
    return make_error(
        ErrorCode::InvalidArgument,
        fmt::format("line {}: more than {} fields in a row", c.line, kMaxRecordFields));
  }
  if (c.too_many) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("line {}: more than {} fields in the file; split it into "
                                  "smaller files",
                                  c.line, kMaxFields));
  }
  return {};
}

}  // namespace

Result<std::vector<Record>> read(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (const std::size_t good = text::valid_utf8_prefix(text); good < text.size()) {
    return make_error(
        ErrorCode::InvalidArgument,
        fmt::format("line {}: the file is not valid UTF-8", 1 + line_breaks(text.substr(0, good))));
  }
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    return make_error(ErrorCode::Internal, "cannot start the CSV parser");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, csv_free);
  Collector collector;
  // Feed line by line so that records know their starting line.
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = line_end(text, pos);
    if (csv_parse(&parser, text.data() + pos, end - pos, on_field, on_record, &collector) !=
        end - pos) {
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("line {}: malformed CSV ({})", collector.line,
                                    csv_strerror(csv_error(&parser))));
    }
    if (Status bounded = within_bounds(collector); !bounded) return bounded.error();
    collector.line += 1;
    pos = end;
  }
  // One past the file's last line now; what csv_fini ends (a record without a final line end,
  // or a quote never closed) is on the last line, also when the file ends with '\n'.
  if (!text.empty()) collector.line -= 1;
  if (csv_fini(&parser, on_field, on_record, &collector) != 0) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("line {}: malformed CSV ({})", collector.line,
                                  csv_strerror(csv_error(&parser))));
  }
  if (Status bounded = within_bounds(collector); !bounded) return bounded.error();
  return std::move(collector.records);
}

}  // namespace socai::csv
