// Small text helpers shared by the library's parsers.
#pragma once

#include <string_view>
#include <vector>

namespace socai::text {

// Splits on every `sep`, keeping empty fields.
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Digits without their leading zeros, keeping one digit ("007" -> "7", "000" -> "0"), so
// that no parser downstream reads them as octal.
inline std::string_view without_leading_zeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// Lines of a small seed file, without '\r', skipping the header line and blank lines.
inline std::vector<std::string_view> data_lines(std::string_view file) {
  std::vector<std::string_view> lines;
  bool header = true;
  for (std::string_view line : split(file, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace socai::text

#include <optional>
#include <string>

namespace socai::text {

// `s` in single quotes for an error message: control characters and bytes that are not
// valid UTF-8 shown as \xNN, and long text cut after 60 bytes with "...", so that an error
// stays one readable line whatever the input was.
std::string quoted(std::string_view s);

// `bytes` as lower-case hexadecimal, two digits per byte.
std::string hex(std::string_view bytes);

// True when `s` is valid UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view s);

// The length of the longest prefix of `s` that is valid UTF-8: where its first invalid byte
// sequence begins, or s.size() when it is valid.
std::size_t valid_utf8_prefix(std::string_view s);

}  // namespace socai::text

namespace socai::text {

// Unicode text as people read it (ICU), for valid UTF-8 only:
// `s` in Normalization Form C ("e" + U+0301 becomes "é").
std::string nfc(std::string_view s);
// `s` case-folded (full folding, for comparisons: "NGUYỄN" and "nguyễn" fold alike).
std::string case_fold(std::string_view s);
// `s` without the white space (Unicode White_Space) at its start and end.
std::string_view trim(std::string_view s);
// The first code point of `s` that no name may hold: a control (Cc), format (Cf: the
// bidirectional overrides and isolates, zero-width joiners), line or paragraph separator,
// private-use or unassigned character; nullopt when there is none.
std::optional<char32_t> unreadable_code_point(std::string_view s);
// Text as people read it, as socai stores names, places and keys: NFC, without surrounding
// white space. Text that is not valid UTF-8 is returned as it is, for a check to refuse.
std::string as_read(std::string_view s);

}  // namespace socai::text
