// Unicode normalisation, case folding and character classes, through ICU (text.hpp).
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

#include "text.hpp"

namespace socai::text {
namespace {

icu::UnicodeString from_utf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
}

std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFC normaliser");
  const icu::UnicodeString normalized = normalizer->normalize(from_utf8(s), status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: NFC normalisation failed");
  return to_utf8(normalized);
}

std::string case_fold(std::string_view s) {
  icu::UnicodeString u = from_utf8(s);
  u.foldCase(U_FOLD_CASE_DEFAULT);
  return to_utf8(u);
}

std::string_view trim(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  std::int32_t begin = 0;
  while (begin < length) {
    std::int32_t next = begin;
    UChar32 c = 0;
    U8_NEXT(bytes, next, length, c);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    begin = next;
  }
  std::int32_t end = length;
  while (end > begin) {
    std::int32_t previous = end;
    UChar32 c = 0;
    U8_PREV(bytes, 0, previous, c);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    end = previous;
  }
  return s.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
}

std::optional<char32_t> unreadable_code_point(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return U'\uFFFD';
    switch (u_charType(c)) {
      case U_CONTROL_CHAR:
      case U_FORMAT_CHAR:
      case U_LINE_SEPARATOR:
      case U_PARAGRAPH_SEPARATOR:
      case U_PRIVATE_USE_CHAR:
      case U_UNASSIGNED:
      case U_SURROGATE:
        return static_cast<char32_t>(c);
      default:
        break;
    }
  }
  return std::nullopt;
}

std::string as_read(std::string_view s) {
  if (!is_valid_utf8(s)) return std::string(s);
  return std::string(trim(nfc(s)));
}

}  // namespace socai::text
