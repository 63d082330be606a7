// The loan book's reference data (communes, organisations, officers, groups, households and
// their poverty statuses) and its programs (settings, rates and their changes).
#include <fmt/format.h>

#include "credit/checks.hpp"
#include "credit/programs.hpp"
#include "ledger/fees.hpp"
#include "operations/backend.hpp"
#include "operations/book.hpp"
#include "text.hpp"

namespace socai::ops {

Error not_found(std::string_view what, std::string_view code) {
  return make_error(ErrorCode::NotFound, fmt::format("{} {} not found", what, text::quoted(code)));
}

namespace {

Error already_exists(std::string_view what, std::string_view code) {
  return make_error(ErrorCode::AlreadyExists,
                    fmt::format("{} {} already exists", what, text::quoted(code)));
}

}  // namespace

Status Book::check_code_free(std::string_view kind, std::string_view code) {
  std::optional<std::string> other = repo_.code_in_other_case(kind, code);
  if (!other) return {};
  return make_error(ErrorCode::AlreadyExists,
                    fmt::format("{} {}: {} {} exists, and codes are compared without regard to "
                                "case",
                                kind, text::quoted(code), kind, text::quoted(*other)));
}

Status Book::check_writable_date(Date day) {
  if (Status s = check_not_future(day, repo_.now()); !s) return s.error();
  std::optional<Date> closed = repo_.closed_through();
  if (closed && day <= *closed) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("date {} is in a closed period (closed through {})",
                                  format_date(day), format_date(*closed)));
  }
  return {};
}

Date Book::today() {
  return business_date(repo_.now()).value();
}

Result<Commune> Book::add_commune(const Commune& input, std::string_view actor) {
  const Commune c = credit::as_read(input);
  if (Status s = credit::check_commune(c); !s) return s.error();
  return write<Commune>(repo_, actor, [&]() -> Result<Commune> {
    if (repo_.find_commune(c.code)) return already_exists("commune", c.code);
    if (Status s = check_code_free("commune", c.code); !s) return s.error();
    Result<Account> cash =
        repo_.add_account(NewAccount{.name = "Assets:Cash:TP-" + c.code,
                                     .type = AccountType::Asset,
                                     .code = "",
                                     .control = false,
                                     .description = "cash at the transaction point of " + c.name},
                          actor);
    if (!cash) return cash.error();
    repo_.insert_commune(c, cash->id, actor);
    Commune added = c;
    added.cash_account = cash->name;
    return added;
  });
}

Result<std::vector<Commune>> Book::communes() {
  return read<std::vector<Commune>>(
      repo_, [&]() -> Result<std::vector<Commune>> { return repo_.communes(); });
}

Result<std::vector<Organisation>> Book::organisations() {
  return read<std::vector<Organisation>>(
      repo_, [&]() -> Result<std::vector<Organisation>> { return repo_.organisations(); });
}

Result<Officer> Book::add_officer(const Officer& input, std::string_view actor) {
  const Officer o = credit::as_read(input);
  if (Status s = credit::check_officer(o); !s) return s.error();
  return write<Officer>(repo_, actor, [&]() -> Result<Officer> {
    if (repo_.officer_exists(o.code)) return already_exists("officer", o.code);
    if (Status s = check_code_free("officer", o.code); !s) return s.error();
    repo_.insert_officer(o, actor);
    return o;
  });
}

Result<Group> Book::read_group(std::string_view code) {
  std::optional<Group> g = repo_.find_group(code);
  if (!g) return not_found("group", code);
  return std::move(*g);
}

Result<Group> Book::add_group(const Group& input, std::string_view actor) {
  const Group g = credit::as_read(input);
  if (Status s = credit::check_group(g); !s) return s.error();
  return write<Group>(repo_, actor, [&]() -> Result<Group> {
    if (repo_.find_group(g.code)) return already_exists("group", g.code);
    if (Status s = check_code_free("group", g.code); !s) return s.error();
    if (!repo_.find_commune(g.commune)) return not_found("commune", g.commune);
    if (!repo_.organisation_exists(g.organisation)) {
      return make_error(ErrorCode::NotFound,
                        fmt::format("organisation {} not found (11, 12, 13, 14 or 99)",
                                    text::quoted(g.organisation)));
    }
    repo_.insert_group(g, actor);
    Group added = g;
    added.members = 0;
    return added;
  });
}

Result<Group> Book::group(std::string_view code) {
  return read<Group>(repo_, [&]() { return read_group(code); });
}

Result<std::vector<Group>> Book::groups(std::optional<std::string> commune) {
  return read<std::vector<Group>>(repo_, [&]() -> Result<std::vector<Group>> {
    std::vector<Group> out;
    for (const std::string& code : repo_.group_codes(commune)) {
      Result<Group> g = read_group(code);
      if (!g) return g.error();
      out.push_back(std::move(g).value());
    }
    return out;
  });
}

Result<Household> Book::read_household(std::string_view code) {
  std::optional<Household> h = repo_.find_household(code);
  if (!h) return not_found("household", code);
  return std::move(*h);
}

Result<Household> Book::add_household(const Household& input, std::string_view actor) {
  const Household h = credit::as_read(input);
  if (Status s = credit::check_household(h); !s) return s.error();
  return write<Household>(repo_, actor, [&]() -> Result<Household> {
    if (repo_.find_household(h.code)) return already_exists("household", h.code);
    if (Status s = check_code_free("household", h.code); !s) return s.error();
    for (const StatusChange& c : h.statuses) {
      if (Status s = check_not_future(c.effective_from, repo_.now()); !s) return s.error();
    }
    if (std::optional<std::string> same = repo_.household_with_national_id(h.national_id)) {
      return make_error(
          ErrorCode::AlreadyExists,
          fmt::format("national id {} is already household {}", h.national_id, *same));
    }
    if (!repo_.find_commune(h.commune)) return not_found("commune", h.commune);
    Result<Group> g = read_group(h.group);
    if (!g) return g.error();
    if (Status s = credit::check_joins_group(g.value(), h); !s) return s.error();
    repo_.insert_household(h, actor);
    return read_household(h.code);
  });
}

Result<Household> Book::household(std::string_view code) {
  return read<Household>(repo_, [&]() { return read_household(code); });
}

Result<std::vector<Household>> Book::households(std::optional<std::string> group) {
  return read<std::vector<Household>>(repo_, [&]() -> Result<std::vector<Household>> {
    std::vector<Household> out;
    for (const std::string& code : repo_.household_codes(group)) {
      Result<Household> h = read_household(code);
      if (!h) return h.error();
      out.push_back(std::move(h).value());
    }
    return out;
  });
}

Result<Household> Book::set_household_status(std::string_view code, StatusChange change,
                                             std::string_view actor) {
  return write<Household>(repo_, actor, [&]() -> Result<Household> {
    Result<Household> h = read_household(code);
    if (!h) return h.error();
    if (Status s = check_not_future(change.effective_from, repo_.now()); !s) return s.error();
    for (const StatusChange& c : h->statuses) {
      if (c.effective_from == change.effective_from) {
        return make_error(
            ErrorCode::AlreadyExists,
            fmt::format("household {} already has a status from {} ({})", h->code,
                        format_date(c.effective_from), poverty_status_name(c.status)));
      }
    }
    repo_.insert_status(h->code, change, actor);
    return read_household(code);
  });
}

Result<Program> Book::read_program(std::string_view code) {
  Result<std::optional<Program>> p = repo_.find_program(code);
  if (!p) return p.error();
  if (!p.value()) return not_found("program", code);
  return std::move(*p.value());
}

Result<std::vector<Program>> Book::programs() {
  return read<std::vector<Program>>(repo_, [&]() -> Result<std::vector<Program>> {
    std::vector<Program> out;
    for (const std::string& code : repo_.program_codes()) {
      Result<Program> p = read_program(code);
      if (!p) return p.error();
      out.push_back(std::move(p).value());
    }
    return out;
  });
}

Result<Program> Book::program(std::string_view code) {
  return read<Program>(repo_, [&]() { return read_program(code); });
}

Result<Program> Book::add_program_rate(std::string_view code, Date from, const Rate& rate,
                                       std::string_view source, std::string_view actor) {
  if (Status s = credit::check_rate_source(source); !s) return s.error();
  return write<Program>(repo_, actor, [&]() -> Result<Program> {
    Result<Program> p = read_program(code);
    if (!p) return p.error();
    if (Status s = check_writable_date(from); !s) return s.error();
    Result<RateLimits> limits = rate_limits_of(repo_.settings());
    if (!limits) return limits.error();
    if (Status s = check_program_rate(rate, limits.value()); !s) return s.error();
    if (Status s = credit::check_new_rate(p.value(), from, repo_.last_event_of_program(code)); !s)
      return s.error();
    repo_.insert_rate(code, from, rate, source, actor);
    return read_program(code);
  });
}

Result<Program> Book::set_program(std::string_view code, std::string_view setting,
                                  std::string_view value, std::string_view actor) {
  Result<credit::ProgramSetting> parsed = credit::parse_program_setting(setting, value);
  if (!parsed) return parsed.error();
  return write<Program>(repo_, actor, [&]() -> Result<Program> {
    Result<Program> p = read_program(code);
    if (!p) return p.error();
    if (Status s = credit::check_settings_open(p.value(), repo_.loans_of_program(code)); !s)
      return s.error();
    repo_.change_setting(code, setting, parsed.value(), actor);
    return read_program(code);
  });
}

}  // namespace socai::ops

namespace socai {

Result<std::unique_ptr<LoanBook>> open_loan_book(Store& store) {
  return std::unique_ptr<LoanBook>(std::make_unique<ops::Book>(store.backend().loan_repository()));
}

}  // namespace socai
