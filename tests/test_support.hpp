// Helpers shared by the tests: temporary ledgers, currencies and dates that read like the domain.
#pragma once

#include <date/date.h>

#include <filesystem>
#include <random>
#include <string>

#include "ledger/store.hpp"

namespace socai::testing {

using namespace date::literals;
using date::January, date::February, date::March, date::April, date::May, date::June, date::July,
    date::August, date::September, date::October, date::November, date::December;

inline Currency vnd() {
  return Currency::find("VND").value();
}
inline Currency usd() {
  return Currency::find("USD").value();
}
inline Money vnd_amount(std::int64_t v) {
  return Money::from_minor(v, vnd());
}

// A fresh directory under the system's temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("socai-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Options with a fixed clock, so recorded-at stamps are reproducible.
inline StoreOptions test_options(bool durable = true) {
  StoreOptions options;
  options.durable = durable;
  options.clock = [] { return std::string("2026-01-05T08:30:00Z"); };
  return options;
}

inline EntrySpec transfer(Date date, std::string key, std::string debit, std::string credit,
                          Money amount, std::string memo = "") {
  return EntrySpec{.date = date,
                   .kind = "manual",
                   .memo = std::move(memo),
                   .key = std::move(key),
                   .loan = std::nullopt,
                   .postings = {{std::move(debit), amount, std::nullopt},
                                {std::move(credit), amount.negated().value(), std::nullopt}}};
}

}  // namespace socai::testing
