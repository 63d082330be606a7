// Registry: the reference data a loan book lends against (DESIGN.md section 2): communes with
// their transaction points, the mass organisations, officers, savings-and-loan groups,
// households with their poverty status histories, and the lending programs with their rates
// and settings. Every write is all or nothing and names the actor who made it.
//
//   book->add_commune({.code = "XH", .name = "Xã Hòa", .district = "Phú Hòa",
//                      .province = "Phú Yên", .gdx_day = 10}, "lan");
//   book->household("HH-001")->statuses.back().status;  // PovertyStatus::Poor
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/loan.hpp"
#include "ledger/result.hpp"

namespace socai {

struct Commune {
  std::string code;
  std::string name;
  std::string district;
  std::string province;
  std::optional<int> gdx_day;  // the monthly transaction day, 1 to 31
  std::string cash_account;    // Assets:Cash:TP-<code>, made with the commune
};

struct Organisation {
  std::string code;  // 11 Farmers' Union, 12 Women's Union, 13 Veterans, 14 Youth, 99 direct
  std::string name_vi;
  std::string name_en;
};

struct Officer {
  std::string code;
  std::string name;
};

struct Group {
  std::string code;
  std::string commune;
  std::string village;
  std::string organisation;
  std::string leader;
  int members = 0;  // households of the group
};

struct Household {
  std::string code;
  std::string head;
  std::string national_id;
  std::string commune;
  std::string village;
  std::string group;
  std::vector<StatusChange> statuses;  // ascending by date
};

class Registry {
 public:
  virtual ~Registry() = default;

  virtual Result<Commune> add_commune(const Commune& commune, std::string_view actor) = 0;
  virtual Result<std::vector<Commune>> communes() = 0;
  virtual Result<std::vector<Organisation>> organisations() = 0;
  virtual Result<Officer> add_officer(const Officer& officer, std::string_view actor) = 0;
  virtual Result<Group> add_group(const Group& group, std::string_view actor) = 0;
  virtual Result<Group> group(std::string_view code) = 0;
  virtual Result<std::vector<Group>> groups(std::optional<std::string> commune) = 0;
  // `household.statuses` holds the first status.
  virtual Result<Household> add_household(const Household& household, std::string_view actor) = 0;
  virtual Result<Household> household(std::string_view code) = 0;
  virtual Result<std::vector<Household>> households(std::optional<std::string> group) = 0;
  virtual Result<Household> set_household_status(std::string_view code, StatusChange change,
                                                 std::string_view actor) = 0;

  virtual Result<std::vector<Program>> programs() = 0;
  virtual Result<Program> program(std::string_view code) = 0;
  // A rate from a date on; refused on or before the last event of any of the program's
  // loans, whose interest is already computed.
  virtual Result<Program> add_program_rate(std::string_view code, Date from, const Rate& rate,
                                           std::string_view source, std::string_view actor) = 0;
  // Changes a setting ("day-count", "rounding", "installment-multiple",
  // "installment-rounding", "overdue-multiplier", "basis", "cap", "max-term", "allocation");
  // refused once the program has loans, whose history was computed under the old setting.
  virtual Result<Program> set_program(std::string_view code, std::string_view setting,
                                      std::string_view value, std::string_view actor) = 0;
};

}  // namespace socai
