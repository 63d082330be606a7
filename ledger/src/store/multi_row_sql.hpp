// Statements of 1 to kRowsPerStatement rows, for the SQLite store's multi-row writes (the
// postings of an entry, the folded balances of a transaction). Internal to the SQLite store.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace socai::store {

constexpr std::size_t kRowsPerStatement = 16;

// An INSERT of 1 to kRowsPerStatement rows: `head`, then `rows` times `row`, then `tail`; the
// texts of each kind are made once.
class MultiRowSql {
 public:
  MultiRowSql(std::string_view head, std::string_view row, std::string_view tail) {
    for (std::size_t n = 1; n <= kRowsPerStatement; ++n) {
      std::string& text = texts_[n];
      text = head;
      for (std::size_t r = 0; r < n; ++r) {
        if (r) text += ", ";
        text += row;
      }
      text += tail;
    }
  }
  const std::string& operator()(std::size_t rows) const { return texts_.at(rows); }

 private:
  std::array<std::string, kRowsPerStatement + 1> texts_;
};

}  // namespace socai::store
