#include "ledger/fees.hpp"

#include <fmt/format.h>

namespace socai {

Exact quality_factor(const Exact& overdue_ratio, const FeeSettings& settings) {
  for (const QualityBand& band : settings.bands)
    if (overdue_ratio < band.overdue_ratio_below) return band.factor;
  return settings.factor_beyond;
}

Result<EntrustmentFee> entrustment_fee(Money balance, const Exact& overdue_ratio,
                                       const FeeSettings& settings) {
  if (balance.is_negative()) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("fee balance {}: must not be negative",
                                  format(balance, MoneyFormat::GroupedEnglish)));
  }
  if (overdue_ratio < 0 || overdue_ratio > 1) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("overdue ratio {}: between 0 and 1", overdue_ratio.str()));
  }
  const std::int64_t shared = settings.commune_bp + settings.district_bp + settings.province_bp;
  if (settings.commune_bp < 0 || settings.district_bp < 0 || settings.province_bp < 0 ||
      shared > 10'000) {
    return make_error(ErrorCode::InvalidArgument,
                      "fee split: the commune, district and province shares exceed 100%");
  }
  const Exact factor = quality_factor(overdue_ratio, settings);
  Result<Money> total = round_to_money(balance.exact() * settings.rate * factor, balance.currency(),
                                       settings.rounding);
  if (!total) return total.error();
  const std::int64_t weights[] = {settings.commune_bp, settings.district_bp, settings.province_bp,
                                  10'000 - shared};
  Result<std::vector<Money>> parts =
      total->is_zero()
          ? Result<std::vector<Money>>(std::vector<Money>(4, Money::zero(balance.currency())))
          : allocate(total.value(), weights, RemainderRule::LargestRemainder);
  if (!parts) return parts.error();
  return EntrustmentFee{factor, total.value(), (*parts)[0], (*parts)[1], (*parts)[2], (*parts)[3]};
}

}  // namespace socai
