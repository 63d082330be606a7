// RFC 4180 CSV through libcsv, with the spreadsheet habits socai accepts: a UTF-8 byte
// order mark, CRLF or LF line ends, quoted fields holding commas, quotes and newlines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/result.hpp"

namespace socai::csv {

struct Record {
  std::size_t line = 0;  // line of the file where the record starts (1 = first line)
  std::vector<std::string> fields;
};

// The most fields a record may have, and the most a file may hold in all (1,000,000 rows of
// four columns). Each field is a string of its own, so that without them a file of commas or of
// short lines would take some 32 bytes for each byte read; with them, and the 64 MiB bound of
// the files socai reads, reading a file allocates a bounded amount whatever it holds.
inline constexpr std::size_t kMaxRecordFields = 64;
inline constexpr std::size_t kMaxFields = 4'000'000;

// All records of `text`, the header included. InvalidArgument names the line of a malformed
// quote or invalid UTF-8, or of the record past kMaxRecordFields or kMaxFields.
Result<std::vector<Record>> read(std::string_view text);

}  // namespace socai::csv
