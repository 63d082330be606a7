#include "ledger/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <span>

#include "rate_pieces.hpp"
#include "rounding.hpp"
#include "text.hpp"

namespace socai {
namespace {

using boost::multiprecision::cpp_int;

Error invalid_terms(std::string message) {
  return make_error(ErrorCode::InvalidArgument, std::move(message));
}

Date day_in_month(date::year_month ym, int day) {
  const Date last{date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}};
  if (static_cast<unsigned>(day) > static_cast<unsigned>(last.day())) return last;
  return Date{ym.year(), ym.month(), date::day{static_cast<unsigned>(day)}};
}

// The rounding of an installment to its multiple: down, up, or nearest with a tie up.
RoundingMode installment_mode(InstallmentRounding direction) {
  switch (direction) {
    case InstallmentRounding::Down:
      return RoundingMode::Down;
    case InstallmentRounding::Up:
      return RoundingMode::Up;
    case InstallmentRounding::Nearest:
      break;
  }
  return RoundingMode::HalfUp;
}

// `amount` (minor units, > 0) rounded to a multiple of `multiple` in `direction`.
std::int64_t round_to_multiple(const Exact& amount, std::int64_t multiple,
                               InstallmentRounding direction) {
  const Exact units = amount / multiple;
  return round_exact(units, installment_mode(direction)).value() * multiple;
}

// Principal due per period (index 0 = period 1) for the plan, summing to the principal.
Result<std::vector<std::int64_t>> principal_plan(const ScheduleTerms& t) {
  const int n = t.term_months;
  std::vector<std::int64_t> due(n, 0);
  const std::int64_t principal = t.principal.minor_units();
  switch (t.method) {
    case RepaymentMethod::Bullet:
      due[n - 1] = principal;
      return due;
    case RepaymentMethod::Custom: {
      std::int64_t sum = 0;
      int previous = 0;
      for (const CustomInstallment& c : t.custom) {
        if (c.period <= previous || c.period > n) {
          return invalid_terms(
              fmt::format("custom installments: period {} must be after {} and at most the term {}",
                          c.period, previous, n));
        }
        if (!(c.principal.currency() == t.principal.currency()) || c.principal.minor_units() <= 0)
          return invalid_terms(
              fmt::format("custom installment of period {}: a positive amount in {}", c.period,
                          t.principal.currency().code()));
        if (__builtin_add_overflow(sum, c.principal.minor_units(), &sum))
          return make_error(ErrorCode::OutOfRange, "custom installments: the sum overflows");
        due[c.period - 1] = c.principal.minor_units();
        previous = c.period;
      }
      if (sum != principal) {
        return invalid_terms(fmt::format(
            "custom installments sum to {}, not to the principal {}",
            format(Money::from_minor(sum, t.principal.currency()), MoneyFormat::GroupedEnglish),
            format(t.principal, MoneyFormat::GroupedEnglish)));
      }
      return due;
    }
    case RepaymentMethod::EqualPrincipal:
    case RepaymentMethod::Annuity:
      break;
  }
  // Equal principal: installments every N months after the grace, the last at the term.
  std::vector<int> months;
  for (int k = t.grace_principal_months + t.every_months; k < n; k += t.every_months)
    months.push_back(k);
  months.push_back(n);
  const auto count = static_cast<std::int64_t>(months.size());
  std::int64_t each = principal / count;
  if (t.installment_multiple) {
    each = round_to_multiple(Exact(principal, count), t.installment_multiple->minor_units(),
                             t.installment_rounding);
  }
  const std::int64_t last = principal - each * (count - 1);
  if (last <= 0) {
    return invalid_terms(fmt::format(
        "installments of {} rounded {} leave nothing for the last one; round down instead",
        format(Money::from_minor(each, t.principal.currency()), MoneyFormat::GroupedEnglish),
        installment_rounding_name(t.installment_rounding)));
  }
  for (int k : months) due[k - 1] = each;
  due[n - 1] = last;
  return due;
}

using rate_pieces::Int128;

Result<std::int64_t> to_int64(const cpp_int& v) {
  if (!rounding::fits_int64(v))
    return make_error(ErrorCode::OutOfRange, "an amount of the schedule overflows");
  return v.convert_to<std::int64_t>();
}

// The exact interest of one period, balance x yearly rate x days / days in the year summed over
// the pieces between rate changes (rate_pieces.hpp), as one fraction of 128-bit integers, rounded
// once: empty when a factor or a product does not fit (or for actact, whose year length changes
// within a period), and the caller takes the exact rational path. Both paths give the same
// amount: the same pieces, the same sum, the same rounding (rounding.hpp).
std::optional<std::int64_t> period_interest_128(std::int64_t balance, const ScheduleTerms& t,
                                                Date from, Date to) {
  if (t.day_count == DayCount::ActAct || to < from) return std::nullopt;
  const Int128 basis = t.day_count == DayCount::Act365F ? 365 : 360;
  auto piece = [&](Date start, Date end, const Rate& rate, Int128& n, Int128& d) {
    const Exact& yearly = rate.yearly();
    const cpp_int& rate_num = boost::multiprecision::numerator(yearly);
    const cpp_int& rate_den = boost::multiprecision::denominator(yearly);
    if (boost::multiprecision::msb(boost::multiprecision::abs(rate_num) + 1) > 62 ||
        boost::multiprecision::msb(rate_den) > 62)
      return false;
    return rate_pieces::checked_mul(static_cast<Int128>(balance),
                                    static_cast<Int128>(rate_num.convert_to<std::int64_t>()), n) &&
           rate_pieces::checked_mul(n, static_cast<Int128>(counted_days(start, end, t.day_count)),
                                    n) &&
           rate_pieces::checked_mul(static_cast<Int128>(rate_den.convert_to<std::int64_t>()), basis,
                                    d);
  };
  Int128 num = 0;
  Int128 den = 1;
  Date uncovered;
  // No rate in force: the exact path says so.
  if (rate_pieces::sum(t.rates.changes(), from, to, piece, num, den, &uncovered) !=
      rate_pieces::Outcome::Summed)
    return std::nullopt;
  const Int128 rounded = rounding::round_fraction(num, den, t.rounding);
  if (rounded > std::numeric_limits<std::int64_t>::max() ||
      rounded < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return static_cast<std::int64_t>(rounded);
}

// The interest of one period, rounded once with the terms' rounding.
Result<std::int64_t> period_interest(std::int64_t balance, const ScheduleTerms& t, Date from,
                                     Date to) {
  if (std::optional<std::int64_t> fast = period_interest_128(balance, t, from, to)) return *fast;
  Result<Exact> exact = interest_over(Money::from_minor(balance, t.principal.currency()), t.rates,
                                      from, to, t.day_count, 1);
  if (!exact) return exact.error();
  return round_exact(exact.value(), t.rounding);
}

// The level monthly payment of an annuity over `count` months at the monthly rate r = a / b in
// force at the start: B r (1+r)^n / ((1+r)^n - 1) = B a (a+b)^n / (b ((a+b)^n - b^n)), one
// exact fraction of integers, then rounded as the terms ask.
Result<std::int64_t> annuity_payment(const ScheduleTerms& t, std::int64_t balance, int count,
                                     const Rate& rate) {
  const Exact r = rate.monthly();
  if (r == 0) return balance / count;
  const cpp_int a = boost::multiprecision::numerator(r);
  const cpp_int b = boost::multiprecision::denominator(r);
  const cpp_int grown = boost::multiprecision::pow(cpp_int(a + b), static_cast<unsigned>(count));
  cpp_int num = cpp_int(balance) * a * grown;
  cpp_int den = b * (grown - boost::multiprecision::pow(b, static_cast<unsigned>(count)));
  if (den == 0) return invalid_terms("rate: the annuity's payment is undefined at this rate");
  if (den < 0) {
    num = -num;
    den = -den;
  }
  if (t.installment_multiple) {
    const cpp_int multiple = t.installment_multiple->minor_units();
    return to_int64(rounding::round_fraction(num, cpp_int(den * multiple),
                                             installment_mode(t.installment_rounding)) *
                    multiple);
  }
  return to_int64(rounding::round_fraction(num, den, t.rounding));
}

}  // namespace

std::string_view repayment_method_name(RepaymentMethod method) {
  switch (method) {
    case RepaymentMethod::EqualPrincipal:
      return "equal-principal";
    case RepaymentMethod::Annuity:
      return "annuity";
    case RepaymentMethod::Bullet:
      return "bullet";
    case RepaymentMethod::Custom:
      return "custom";
  }
  return "equal-principal";
}

Result<RepaymentMethod> parse_repayment_method(std::string_view text) {
  for (RepaymentMethod m : {RepaymentMethod::EqualPrincipal, RepaymentMethod::Annuity,
                            RepaymentMethod::Bullet, RepaymentMethod::Custom}) {
    if (repayment_method_name(m) == text) return m;
  }
  return invalid_terms(fmt::format("method {}: expected equal-principal, annuity, bullet or custom",
                                   text::quoted(text)));
}

std::string_view installment_rounding_name(InstallmentRounding rounding) {
  switch (rounding) {
    case InstallmentRounding::Down:
      return "down";
    case InstallmentRounding::Nearest:
      return "nearest";
    case InstallmentRounding::Up:
      return "up";
  }
  return "down";
}

Result<InstallmentRounding> parse_installment_rounding(std::string_view text) {
  for (InstallmentRounding r :
       {InstallmentRounding::Down, InstallmentRounding::Nearest, InstallmentRounding::Up}) {
    if (installment_rounding_name(r) == text) return r;
  }
  return invalid_terms(
      fmt::format("installment rounding {}: expected down, nearest or up", text::quoted(text)));
}

Date move_to_gdx_day(Date contractual, int gdx_day) {
  const date::year_month ym{contractual.year(), contractual.month()};
  const Date same_month = day_in_month(ym, gdx_day);
  if (same_month <= contractual) return same_month;
  return day_in_month(ym - date::months{1}, gdx_day);
}

Date due_date(Date start, int period, std::optional<int> gdx_day) {
  const Date contractual = add_months(start, period, EndOfMonthRule::Clamp);
  if (!gdx_day) return contractual;
  // One choice for the whole loan, made on the start's own month, so that every month has
  // exactly one due date: the GDX day of the due month when it is not later than the start's
  // day of month, else the GDX day of the month before.
  const date::year_month start_month{start.year(), start.month()};
  const bool same_month = day_in_month(start_month, *gdx_day) <= start;
  const date::year_month due_month{contractual.year(), contractual.month()};
  return day_in_month(same_month ? due_month : due_month - date::months{1}, *gdx_day);
}

Result<Schedule> Schedule::build(const ScheduleTerms& t) {
  const Currency currency = t.principal.currency();
  if (t.principal.minor_units() <= 0) return invalid_terms("principal: must be positive");
  if (t.term_months < 1 || t.term_months > 600)
    return invalid_terms(fmt::format("term: {} months; 1 to 600", t.term_months));
  if (t.every_months < 1 || t.every_months > t.term_months)
    return invalid_terms(fmt::format("every: {} months; 1 to the term", t.every_months));
  if (t.grace_principal_months < 0 || t.grace_principal_months >= t.term_months) {
    return invalid_terms(
        fmt::format("grace: {} months; 0 to less than the term", t.grace_principal_months));
  }
  if (t.method == RepaymentMethod::Annuity && t.every_months != 1)
    return invalid_terms("every: an annuity is paid every month");
  if (t.method != RepaymentMethod::Custom && !t.custom.empty())
    return invalid_terms("custom installments are only for the custom method");
  if (t.installment_multiple && (!(t.installment_multiple->currency() == currency) ||
                                 t.installment_multiple->minor_units() <= 0)) {
    return invalid_terms(
        fmt::format("installment multiple: a positive amount in {}", currency.code()));
  }
  if (t.gdx_day && (*t.gdx_day < 1 || *t.gdx_day > 31))
    return invalid_terms(fmt::format("GDX day: {}; 1 to 31", *t.gdx_day));
  if (!t.start.ok()) return invalid_terms("start: not a date");

  std::vector<std::int64_t> principal_due;
  if (t.method != RepaymentMethod::Annuity) {
    Result<std::vector<std::int64_t>> plan = principal_plan(t);
    if (!plan) return plan.error();
    principal_due = std::move(plan).value();
  }
  std::int64_t annuity = 0;
  if (t.method == RepaymentMethod::Annuity) {
    Result<Rate> rate = t.rates.rate_on(t.start);
    if (!rate) return with_context("rate", rate.error());
    Result<std::int64_t> payment = annuity_payment(
        t, t.principal.minor_units(), t.term_months - t.grace_principal_months, rate.value());
    if (!payment) return payment.error();
    annuity = payment.value();
  }

  std::vector<SchedulePeriod> periods;
  periods.reserve(t.term_months);
  std::int64_t balance = t.principal.minor_units();
  Date period_start = t.start;
  for (int k = 1; k <= t.term_months; ++k) {
    const Date due = due_date(t.start, k, t.gdx_day);
    if (due <= period_start) {
      return invalid_terms(fmt::format("due date {} of period {} is not after {}", format_date(due),
                                       k, format_date(period_start)));
    }
    Result<std::int64_t> interest = period_interest(balance, t, period_start, due);
    if (!interest) return with_context(fmt::format("period {}", k), interest.error());
    std::int64_t principal = 0;
    if (t.method == RepaymentMethod::Annuity) {
      if (k == t.term_months) {
        principal = balance;
      } else if (k > t.grace_principal_months) {
        principal = std::clamp<std::int64_t>(annuity - interest.value(), 0, balance);
      }
    } else {
      principal = principal_due[k - 1];
    }
    const Money principal_money = Money::from_minor(principal, currency);
    const Money interest_money = Money::from_minor(interest.value(), currency);
    Result<Money> payment = principal_money.plus(interest_money);
    if (!payment) return payment.error();
    SchedulePeriod p{.period = k,
                     .start = period_start,
                     .due_date = due,
                     .days = counted_days(period_start, due, t.day_count),
                     .opening_balance = Money::from_minor(balance, currency),
                     .principal = principal_money,
                     .interest = interest_money,
                     .payment = payment.value(),
                     .closing_balance = Money::from_minor(balance - principal, currency)};
    balance -= principal;
    periods.push_back(p);
    period_start = due;
  }
  return Schedule(std::move(periods));
}

Money Schedule::total_principal() const {
  std::int64_t sum = 0;
  for (const SchedulePeriod& p : periods_) sum += p.principal.minor_units();
  return Money::from_minor(sum, periods_.front().principal.currency());
}

Money Schedule::total_interest() const {
  std::int64_t sum = 0;
  for (const SchedulePeriod& p : periods_) sum += p.interest.minor_units();
  return Money::from_minor(sum, periods_.front().interest.currency());
}

}  // namespace socai
