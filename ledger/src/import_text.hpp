// Text of the import files as people type it in spreadsheets (import.cpp, import_file.cpp).
#pragma once

#include <string>
#include <string_view>

#include "text.hpp"

namespace socai::import_text {

// The white space a cell may carry around its text.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// `s` without white space at either end.
inline std::string trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// ASCII letters in lower case (column names).
inline std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A name as a person typed it in a spreadsheet cell: a line break inside the cell (Alt+Enter)
// or a run of spaces reads as one space, and the name is put in NFC (text::as_read).
inline std::string name_text(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : s) {
    if (is_space(c)) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out += c;
  }
  return text::as_read(out);  // in NFC, as the registry stores names
}

}  // namespace socai::import_text
