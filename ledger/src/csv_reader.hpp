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

// All records of `text`, the header included. InvalidArgument names the line of a malformed
// quote or invalid UTF-8.
Result<std::vector<Record>> read(std::string_view text);

}  // namespace socai::csv
