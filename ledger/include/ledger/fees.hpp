// Entrustment fees (DOMAIN.md section 5): what the bank pays an entrusted organisation
// (Farmers' Union, Women's Union, ...) each month for the loans it manages.
//
//   fee = balance whose interest was collected in the month x fee rate x quality factor
//
// The quality factor falls as the organisation's overdue ratio rises; the fee is split
// between the organisation's commune, district, province and central levels. Every figure
// is a setting (FeeSettings), with the bank's published values as defaults.
//
//   FeeSettings s;  // 0.032%, factors 100/80/50/0%, split 84/9/4.5/remainder
//   EntrustmentFee f = entrustment_fee(Money::from_minor(10'000'000'000, vnd),
//                                      Exact(25, 1000), s).value();
//   // f.factor = 80%, f.total = 2,560,000: commune 2,150,400, district 230,400,
//   // province 115,200, central 64,000 (DOMAIN.md V5)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/money.hpp"
#include "ledger/rate.hpp"

namespace socai {

struct QualityBand {
  Exact overdue_ratio_below;  // this band holds for ratios below this bound ...
  Exact factor;               // ... and pays this share of the fee
};

struct FeeSettings {
  Exact rate{32, 100'000};  // 0.032% of the balance a month
  // Ascending bounds; a ratio at or above the last bound earns `factor_beyond`.
  std::vector<QualityBand> bands{
      {Exact(2, 100), Exact(1)}, {Exact(3, 100), Exact(80, 100)}, {Exact(4, 100), Exact(50, 100)}};
  Exact factor_beyond{0};
  // Shares of commune, district and province, in basis points of the fee; central gets the
  // rest. Units left by the split go by largest remainder.
  std::int64_t commune_bp = 8'400;
  std::int64_t district_bp = 900;
  std::int64_t province_bp = 450;
  RoundingMode rounding = RoundingMode::HalfUp;
};

struct EntrustmentFee {
  Exact factor;  // the quality factor applied
  Money total;
  Money commune;
  Money district;
  Money province;
  Money central;
};

// The quality factor for an overdue ratio (overdue principal / outstanding principal).
Exact quality_factor(const Exact& overdue_ratio, const FeeSettings& settings);

// The month's fee on `balance` (whose interest was collected in the month), rounded once,
// and its split, which sums to the fee exactly. InvalidArgument for a negative balance or
// ratio, or shares over 100%.
Result<EntrustmentFee> entrustment_fee(Money balance, const Exact& overdue_ratio,
                                       const FeeSettings& settings);

// The settings as a ledger stores them (`socai setting`), each a text:
//   "fee.rate"     "0.032%"                       the monthly rate
//   "fee.factors"  "2%:100% 3%:80% 4%:50% 0%"     bands (ratio below : factor), ascending,
//                                                 then the factor beyond the last
//   "fee.split"    "84% 9% 4.5%"                  commune, district and province shares
//                                                 (to 0.01%); central gets the rest
// Changes one setting of `settings`; InvalidArgument naming the key and value when malformed.
Status set_fee_setting(FeeSettings& settings, std::string_view key, std::string_view value);
// The fee settings among a ledger's settings (key and value; the keys "fee.*" are read, from
// the defaults); DataLoss for a stored value that does not parse.
Result<FeeSettings> fee_settings_of(const std::vector<std::pair<std::string, std::string>>& stored);
// The settings in that form, one "key=value" per line, to record what a close used.
std::string fee_settings_text(const FeeSettings& settings);

// The sanity limits of rates among a ledger's settings (schema 13), each a text:
//   "limit.program-rate"  "30%/year"   the most a program's rate may be (any unit)
//   "limit.fee-rate"      "1%"         the most fee.rate (a month's) may be
// A change of a limit needs a second actor whatever approval.kinds says.
struct RateLimits {
  Rate program_rate = Rate::per_year(Exact(30, 100));
  Exact fee_rate{1, 100};
};
// Changes one limit; InvalidArgument naming the key and value when malformed.
Status set_rate_limit(RateLimits& limits, std::string_view key, std::string_view value);
// The limits among a ledger's settings (the keys "limit.*", from the defaults); DataLoss for
// a stored value that does not parse.
Result<RateLimits> rate_limits_of(const std::vector<std::pair<std::string, std::string>>& stored);
// FailedPrecondition when a program's `rate` or a fee rate is over its limit, naming both.
Status check_program_rate(const Rate& rate, const RateLimits& limits);
Status check_fee_rate(const Exact& rate, const RateLimits& limits);
// The cash floors among a ledger's settings: "cash-floor.<account>" is "0", the account's
// balance (debits less credits) may not go below zero on any day, or "none", it may. Without
// the setting, the cash accounts of transaction points (Assets:Cash:TP-<commune> and their
// sub-accounts) have a floor of zero and no other account has one. The journal refuses any
// write that would take a floored account below zero on its date or on any later day, and
// nothing else; a change of a floor needs a second actor whatever approval.kinds says.
//   has_cash_floor("Assets:Cash:TP-TN", std::nullopt)       // true
//   has_cash_floor("Assets:Cash:TP-TN", "none")              // false
//   has_cash_floor("Assets:Cash:HeadOffice", std::nullopt)  // false
inline constexpr std::string_view kCashFloorPrefix = "cash-floor.";
bool has_cash_floor(std::string_view account, std::optional<std::string_view> setting);
// InvalidArgument naming the key and value unless the key is "cash-floor." and the name of an
// asset account (the account's existence is the ledger's to check), and the value "0" or
// "none".
Status check_cash_floor_setting(std::string_view key, std::string_view value);

// An exact percentage: "0.032%" is 32/100000. InvalidArgument unless a plain decimal and '%'.
Result<Exact> parse_percent(std::string_view text);
std::string percent_text(const Exact& fraction);  // 32/100000 -> "0.032%"

}  // namespace socai
