#include "ledger/fees.hpp"

#include <fmt/format.h>

#include "ledger/rate.hpp"
#include "text.hpp"

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

Result<Exact> parse_percent(std::string_view text) {
  // A percentage has the grammar of a rate's, without its unit.
  if (text.empty() || text.back() != '%' || text.find('/') != std::string_view::npos) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{}: expected a percentage such as 0.032%", text::quoted(text)));
  }
  Result<Rate> r = Rate::parse(std::string(text) + "/year");
  if (!r) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{}: expected a percentage such as 0.032%", text::quoted(text)));
  }
  return r->yearly();
}

std::string percent_text(const Exact& fraction) {
  // A rate per year shows its percentage before the unit: "0.032%/year".
  const std::string rate = Rate::per_year(fraction).to_string();
  return rate.substr(0, rate.find('/'));
}

Status set_fee_setting(FeeSettings& settings, std::string_view key, std::string_view value) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("setting {} = {}: {}", key, text::quoted(value), why));
  };
  std::vector<std::string_view> words;
  for (std::string_view w : text::split(value, ' '))
    if (!w.empty()) words.push_back(w);
  if (key == "fee.rate") {
    Result<Exact> rate = parse_percent(value);
    if (!rate) return bad("expected a percentage such as 0.032%");
    settings.rate = rate.value();
    return {};
  }
  if (key == "fee.factors") {
    if (words.empty()) return bad("expected bands such as 2%:100% 3%:80% 4%:50% 0%");
    std::vector<QualityBand> bands;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      const std::size_t colon = words[i].find(':');
      if (colon == std::string_view::npos) return bad("each band is RATIO:FACTOR, as 2%:100%");
      Result<Exact> below = parse_percent(words[i].substr(0, colon));
      Result<Exact> factor = parse_percent(words[i].substr(colon + 1));
      if (!below || !factor || factor.value() > 1)
        return bad("each band is RATIO:FACTOR, as 2%:100%");
      if (!bands.empty() && !(bands.back().overdue_ratio_below < below.value()))
        return bad("the bands' ratios must rise");
      bands.push_back({below.value(), factor.value()});
    }
    Result<Exact> beyond = parse_percent(words.back());
    if (!beyond || beyond.value() > 1) return bad("the last word is the factor beyond the bands");
    settings.bands = std::move(bands);
    settings.factor_beyond = beyond.value();
    return {};
  }
  if (key == "fee.split") {
    if (words.size() != 3) return bad("expected the commune, district and province shares");
    std::int64_t bp[3];
    for (int i = 0; i < 3; ++i) {
      Result<Exact> share = parse_percent(words[static_cast<std::size_t>(i)]);
      if (!share) return bad("expected percentages such as 84% 9% 4.5%");
      const Exact in_bp = share.value() * 10'000;
      if (denominator(in_bp) != 1) return bad("shares are whole hundredths of a percent");
      bp[i] = static_cast<std::int64_t>(numerator(in_bp));
    }
    if (bp[0] + bp[1] + bp[2] > 10'000) return bad("the shares exceed 100%");
    settings.commune_bp = bp[0];
    settings.district_bp = bp[1];
    settings.province_bp = bp[2];
    return {};
  }
  return make_error(
      ErrorCode::InvalidArgument,
      fmt::format("setting {}: unknown (fee.rate, fee.factors, fee.split)", text::quoted(key)));
}

Result<FeeSettings> fee_settings_of(
    const std::vector<std::pair<std::string, std::string>>& stored) {
  FeeSettings settings;
  for (const auto& [key, value] : stored) {
    if (key.rfind("fee.", 0) != 0) continue;
    if (Status s = set_fee_setting(settings, key, value); !s)
      return make_error(ErrorCode::DataLoss, "stored " + s.error().message);
  }
  return settings;
}

Status set_rate_limit(RateLimits& limits, std::string_view key, std::string_view value) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("setting {} = {}: {}", key, text::quoted(value), why));
  };
  if (key == "limit.program-rate") {
    Result<Rate> rate = Rate::parse(value);
    if (!rate) return bad("expected a rate such as 30%/year");
    limits.program_rate = rate.value();
    return {};
  }
  if (key == "limit.fee-rate") {
    Result<Exact> rate = parse_percent(value);
    if (!rate) return bad("expected a percentage such as 1%");
    limits.fee_rate = rate.value();
    return {};
  }
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("setting {}: unknown; the limits are limit.program-rate and "
                                "limit.fee-rate",
                                text::quoted(key)));
}

Result<RateLimits> rate_limits_of(const std::vector<std::pair<std::string, std::string>>& stored) {
  RateLimits limits;
  for (const auto& [key, value] : stored) {
    if (key.rfind("limit.", 0) != 0) continue;
    if (Status s = set_rate_limit(limits, key, value); !s)
      return make_error(ErrorCode::DataLoss, "stored " + s.error().message);
  }
  return limits;
}

Status check_program_rate(const Rate& rate, const RateLimits& limits) {
  if (rate.yearly() <= limits.program_rate.yearly()) return {};
  return make_error(ErrorCode::FailedPrecondition,
                    fmt::format("rate {} is over the limit of {} (setting limit.program-rate)",
                                rate.to_string(), limits.program_rate.to_string()));
}

Status check_fee_rate(const Exact& rate, const RateLimits& limits) {
  if (rate <= limits.fee_rate) return {};
  return make_error(ErrorCode::FailedPrecondition,
                    fmt::format("fee rate {} is over the limit of {} (setting limit.fee-rate)",
                                percent_text(rate), percent_text(limits.fee_rate)));
}

bool has_cash_floor(std::string_view account, std::optional<std::string_view> setting) {
  if (setting) return *setting == "0";
  return account.starts_with("Assets:Cash:TP-");
}

Status check_cash_floor_setting(std::string_view key, std::string_view value) {
  if (!key.starts_with(kCashFloorPrefix) ||
      !key.substr(kCashFloorPrefix.size()).starts_with("Assets:")) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("setting {}: a cash floor is cash-floor.ACCOUNT, ACCOUNT an "
                                  "asset account such as Assets:Cash:TP-TN",
                                  text::quoted(key)));
  }
  if (value != "0" && value != "none") {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("setting {} = {}: expected 0 (never below zero) or none", key,
                                  text::quoted(value)));
  }
  return {};
}

std::string fee_settings_text(const FeeSettings& settings) {
  std::string factors;
  for (const QualityBand& b : settings.bands)
    factors += percent_text(b.overdue_ratio_below) + ":" + percent_text(b.factor) + " ";
  factors += percent_text(settings.factor_beyond);
  auto bp = [](std::int64_t v) { return percent_text(Exact(v, 10'000)); };
  return fmt::format("fee.rate={}\nfee.factors={}\nfee.split={} {} {}\n",
                     percent_text(settings.rate), factors, bp(settings.commune_bp),
                     bp(settings.district_bp), bp(settings.province_bp));
}

}  // namespace socai
