// What the loan book does for a group's members besides their loans: voluntary savings, the
// monthly collection sheet (DESIGN.md section 8), and batches of writes in one transaction.
#include <fmt/format.h>

#include "credit/collection.hpp"
#include "credit/savings.hpp"
#include "ledger/approvals.hpp"
#include "ledger/fees.hpp"
#include "operations/book.hpp"
#include "text.hpp"

namespace socai::ops {

Status Book::batch(std::string_view actor, const std::function<Status()>& body) {
  if (Status s = repo_.check_actor(actor); !s) return s.error();
  if (repo_.in_unit()) return make_error(ErrorCode::FailedPrecondition, "batches do not nest");
  return repo_.unit_of_work(body);
}

Result<std::int64_t> Book::savings_balance(std::string_view household, std::optional<Date> as_of) {
  return read<std::int64_t>(repo_, [&]() -> Result<std::int64_t> {
    if (!repo_.find_household(household)) return not_found("household", household);
    return repo_.savings_balance(household, as_of);
  });
}

Result<SavingsOutcome> Book::savings(const SavingsOperation& op, std::string_view actor) {
  if (Status s = credit::check_savings(op); !s) return s.error();
  const credit::OperationKey key = credit::savings_key(op);
  return write<SavingsOutcome>(repo_, actor, [&]() -> Result<SavingsOutcome> {
    Result<Household> household = read_household(op.household);
    if (!household) return household.error();
    const std::int64_t balance = repo_.savings_balance(op.household, std::nullopt);
    if (std::optional<KeyedSavings> previous = repo_.savings_by_key(key.key)) {
      if (previous->digest != key.digest) {
        return make_error(
            ErrorCode::IdempotencyConflict,
            fmt::format("key {} was already used with different content", text::quoted(key.key)));
      }
      return SavingsOutcome{op.household, household->group, previous->entry, true, balance};
    }
    if (Status s = check_writable_date(op.date); !s) return s.error();
    if (Status s = credit::check_savings_amount(op, balance); !s) return s.error();
    const std::string account = credit::savings_account(household->group);
    if (!repo_.account_exists(account)) {
      Result<Account> added = repo_.add_account(
          NewAccount{.name = account,
                     .type = AccountType::Liability,
                     .code = "",
                     .control = false,
                     .description = "members' savings of group " + household->group},
          actor);
      if (!added) return added.error();
    }
    std::optional<Commune> commune = repo_.find_commune(household->commune);
    if (!commune) return make_error(ErrorCode::DataLoss, "a household's commune");
    const EntrySpec spec =
        credit::savings_entry(op, key.key, household->group, commune->cash_account);
    Result<PostOutcome> posted = repo_.append(spec, actor);
    if (!posted) return posted.error();
    if (posted->already_recorded) {
      return make_error(ErrorCode::IdempotencyConflict,
                        fmt::format("journal key {} is already used", spec.key));
    }
    const std::int64_t signed_amount = credit::signed_savings(op);
    repo_.insert_savings(NewSavingsEvent{.household = op.household,
                                         .group = household->group,
                                         .date = op.date,
                                         .amount = signed_amount,
                                         .key = key.key,
                                         .digest = key.digest,
                                         .entry = posted->id},
                         actor);
    return SavingsOutcome{op.household, household->group, posted->id, false,
                          balance + signed_amount};
  });
}

Result<CollectionSheet> Book::collection_sheet(std::string_view group_code,
                                               date::year_month month) {
  using credit::session_day;
  return read<CollectionSheet>(repo_, [&]() -> Result<CollectionSheet> {
    if (!month.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
    Result<Group> group = read_group(group_code);
    if (!group) return group.error();
    std::optional<int> gdx_day;
    if (std::optional<Commune> commune = repo_.find_commune(group->commune))
      gdx_day = commune->gdx_day;
    CollectionSheet sheet{.group = group->code,
                          .commune = group->commune,
                          .village = group->village,
                          .organisation = group->organisation,
                          .leader = group->leader,
                          .month = format_month(month),
                          .previous_session = session_day(month - date::months{1}, gdx_day),
                          .session = session_day(month, gdx_day),
                          .lines = {}};
    ProgramCache programs;
    for (const std::string& code : repo_.household_codes(group->code)) {
      Result<Household> member = read_household(code);
      if (!member) return member.error();
      const std::int64_t savings = repo_.savings_balance(code, day_before(sheet.session));
      bool listed = false;
      for (LoanId id : repo_.member_loans(code, group->code)) {
        Result<std::optional<LoanRecord>> loan = repo_.find_loan(id, programs);
        if (!loan) return loan.error();
        if (!loan.value()) return not_found("loan", std::to_string(id.value));
        const LoanRecord& record = *loan.value();
        // The loan before each session day: its events dated before it.
        Result<LoanState> now = fold(record, day_before(sheet.session), std::nullopt);
        if (!now) return now.error();
        if (!credit::on_collection_sheet(now.value())) continue;
        Result<LoanState> then = fold(record, day_before(sheet.previous_session), std::nullopt);
        if (!then) return then.error();
        Result<CollectionLine> line =
            credit::collection_line(*record.program, record.contract, now.value(), then.value(),
                                    sheet.previous_session, sheet.session);
        if (!line) return line.error();
        line->household = code;
        line->head = member->head;
        line->savings = listed ? 0 : savings;
        sheet.lines.push_back(std::move(line).value());
        listed = true;
      }
      // A member with no loan to pay still brings savings.
      if (!listed) {
        CollectionLine line;
        line.household = code;
        line.head = member->head;
        line.savings = savings;
        sheet.lines.push_back(line);
      }
    }
    return sheet;
  });
}

Result<std::vector<std::pair<std::string, std::string>>> Book::settings() {
  using Settings = std::vector<std::pair<std::string, std::string>>;
  return read<Settings>(repo_, [&]() -> Result<Settings> { return repo_.settings(); });
}

Status Book::set_setting(std::string_view key, std::string_view value, std::string_view actor) {
  if (Status s = repo_.check_actor(actor); !s) return s.error();
  return repo_.write([&]() -> Status {
    const auto stored = repo_.settings();
    if (key.rfind("approval.", 0) == 0) {
      if (Status s = ApprovalPolicy::check_setting(key, value); !s) return s.error();
    } else if (key.starts_with(kCashFloorPrefix)) {
      if (Status s = check_cash_floor_setting(key, value); !s) return s.error();
      const std::string account(key.substr(kCashFloorPrefix.size()));
      if (!repo_.account_exists(account)) {
        return make_error(ErrorCode::NotFound,
                          fmt::format("setting {}: account {} not found (see 'socai account "
                                      "list'; names are given as listed)",
                                      key, text::quoted(account)));
      }
    } else if (key.rfind("limit.", 0) == 0) {
      Result<RateLimits> limits = rate_limits_of(stored);
      if (!limits) return limits.error();
      if (Status s = set_rate_limit(limits.value(), key, value); !s) return s.error();
    } else {
      Result<FeeSettings> current = fee_settings_of(stored);
      if (!current) return current.error();
      if (Status s = set_fee_setting(current.value(), key, value); !s) return s.error();
      Result<RateLimits> limits = rate_limits_of(stored);
      if (!limits) return limits.error();
      if (Status s = check_fee_rate(current->rate, limits.value()); !s) return s.error();
    }
    repo_.update_setting(key, value, actor);
    return {};
  });
}

}  // namespace socai::ops
