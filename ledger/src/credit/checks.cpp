#include "credit/checks.hpp"

#include <fmt/format.h>

#include "credit/errors.hpp"
#include "credit/events.hpp"
#include "text.hpp"

namespace socai::credit {
namespace {

std::string code_rule(std::string_view code) {
  return fmt::format(" {}: 1 to 40 letters, digits, '_' or '-'", text::quoted(code));
}

}  // namespace

bool is_code(std::string_view code) {
  bool ok = !code.empty() && code.size() <= 40;
  for (char c : code) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || text::is_digit(c) || c == '_' ||
                c == '-');
  }
  return ok;
}

Status check_code(std::string_view what, std::string_view code) {
  if (!is_code(code)) return invalid(std::string(what) + code_rule(code));
  return {};
}

Status check_code_field(std::string_view field, std::string_view code) {
  if (!is_code(code)) return invalid_field(field, code_rule(code));
  return {};
}

Status check_text(std::string_view field, std::string_view value, std::size_t max) {
  if (value.empty() || value.size() > max || !is_clean_text(value)) {
    return invalid_field(field,
                         fmt::format(" {}: 1 to {} characters of text", text::quoted(value), max));
  }
  if (std::optional<char32_t> c = text::unreadable_code_point(value)) {
    return invalid_field(field, fmt::format(" {}: holds U+{:04X}, a control, format or "
                                            "bidirectional character",
                                            text::quoted(value), static_cast<std::uint32_t>(*c)));
  }
  return {};
}

Commune as_read(const Commune& c) {
  Commune out = c;
  out.code = text::as_read(c.code);
  out.name = text::as_read(c.name);
  out.district = text::as_read(c.district);
  out.province = text::as_read(c.province);
  return out;
}

Officer as_read(const Officer& o) {
  return Officer{.code = text::as_read(o.code), .name = text::as_read(o.name)};
}

Group as_read(const Group& g) {
  Group out = g;
  out.code = text::as_read(g.code);
  out.commune = text::as_read(g.commune);
  out.village = text::as_read(g.village);
  out.organisation = text::as_read(g.organisation);
  out.leader = text::as_read(g.leader);
  return out;
}

Household as_read(const Household& h) {
  Household out = h;
  out.code = text::as_read(h.code);
  out.head = text::as_read(h.head);
  out.national_id = text::as_read(h.national_id);
  out.commune = text::as_read(h.commune);
  out.village = text::as_read(h.village);
  out.group = text::as_read(h.group);
  return out;
}

Status check_national_id(std::string_view national_id) {
  if ((national_id.size() == 9 || national_id.size() == 12) && text::all_digits(national_id))
    return {};
  return invalid_field("national_id",
                       fmt::format(" {}: 12 digits (citizen identity card) or 9 (old "
                                   "identity card)",
                                   text::quoted(national_id)));
}

Status check_commune(const Commune& c) {
  if (Status s = check_code("commune", c.code); !s) return s.error();
  for (auto [field, value] : {std::pair{"name", &c.name}, std::pair{"district", &c.district},
                              std::pair{"province", &c.province}}) {
    if (Status s = check_text(field, *value); !s) return s.error();
  }
  if (c.gdx_day && (*c.gdx_day < 1 || *c.gdx_day > 31))
    return invalid_field("gdx_day", fmt::format(" {}: a day of the month, 1 to 31", *c.gdx_day));
  return {};
}

Status check_officer(const Officer& o) {
  if (Status s = check_code("officer", o.code); !s) return s.error();
  return check_text("name", o.name);
}

Status check_group(const Group& g) {
  if (Status s = check_code("group", g.code); !s) return s.error();
  if (Status s = check_text("village", g.village); !s) return s.error();
  return check_text("leader", g.leader);
}

Status check_household(const Household& h) {
  if (Status s = check_code("household", h.code); !s) return s.error();
  if (Status s = check_text("head", h.head); !s) return s.error();
  if (Status s = check_text("village", h.village); !s) return s.error();
  if (Status s = check_national_id(h.national_id); !s) return s.error();
  if (h.statuses.size() != 1)
    return invalid_field("status", ": give the household's current status");
  return {};
}

Status check_joins_group(const Group& g, const Household& h) {
  if (g.commune != h.commune) {
    return refused(
        fmt::format("group {} belongs to commune {}, not {}", g.code, g.commune, h.commune));
  }
  if (g.members >= kMaxGroupMembers) {
    return refused(fmt::format("group {} has {} members, the most a group may have", g.code,
                               kMaxGroupMembers));
  }
  return {};
}

Status check_rate_source(std::string_view source) {
  if (source.empty()) return {};
  return check_text("source", source);
}

namespace {

// An amount within kMaxAmount either way (money.hpp).
Status check_bound(std::string_view field, std::int64_t minor) {
  if (minor <= kMaxAmount && minor >= -kMaxAmount) return {};
  return make_error(ErrorCode::OutOfRange,
                    fmt::format("{} {} is too large: at most 10^15 minor units", field, minor));
}

}  // namespace

Status check_new_loan(const NewLoan& n) {
  if (Status s = check_code("loan", n.code); !s) return s.error();
  if (!n.amount.is_positive())
    return invalid_field("amount", ": the approved amount must be positive");
  if (Status s = check_bound("amount", n.amount.minor_units()); !s) return s.error();
  if (!n.key.empty()) {
    if (Status s = check_key(n.key); !s) return s.error();
  }
  if (!n.officer.empty()) return check_code("officer", n.officer);
  return {};
}

Status check_operation(const LoanOperation& op) {
  if (Status s = check_bound("amount", op.amount.minor_units()); !s) return s.error();
  if (!op.key.empty()) {
    if (Status s = check_key(op.key); !s) return s.error();
  }
  if (op.kind == LoanEventKind::Reverse) return check_code_field("reason", op.reason);
  if (op.kind == LoanEventKind::Accrue)
    return invalid("accrue: interest is accrued by the month-end close (socai close)");
  if (Status s = check_bound("interest", op.interest_amount); !s) return s.error();
  const std::string kind(loan_event_kind_name(op.kind));
  const bool freeze = op.kind == LoanEventKind::Freeze;
  const bool write_off = op.kind == LoanEventKind::WriteOff;
  const bool reschedule = op.kind == LoanEventKind::Extend || op.kind == LoanEventKind::Adjust;
  const bool moves_money =
      !freeze && !write_off && !reschedule && op.kind != LoanEventKind::Unfreeze;
  if (moves_money && !op.amount.is_positive()) return invalid_field("amount", ": must be positive");
  if (op.kind == LoanEventKind::Unfreeze || freeze || reschedule) {
    if (!op.amount.is_zero()) return invalid(fmt::format("{}: takes no amount", kind));
  }
  if (op.kind == LoanEventKind::Extend) {
    if (op.years <= 0)
      return invalid_field("months", fmt::format(" {}: a positive number", op.years));
    if (Status s = check_code_field("reason", op.reason); !s) return s.error();
  }
  if (op.kind == LoanEventKind::Adjust && op.years <= 0)
    return invalid_field("installment", fmt::format(" {}: 1 or more", op.years));
  if (write_off && (op.amount.is_negative() || op.interest_amount < 0 ||
                    op.amount.minor_units() + op.interest_amount <= 0)) {
    return invalid(
        "write-off: give the principal and/or the interest written off, positive amounts");
  }
  if (freeze || write_off) {
    if (Status s = check_code_field("reason", op.reason); !s) return s.error();
    if (Status s = check_text("approval", op.approval, 100); !s) return s.error();
  }
  return {};
}

Status check_currency(const LoanOperation& op, const Program& program) {
  if (op.amount.currency() == program.currency) return {};
  return invalid_field("amount",
                       fmt::format(": loan {} is in {}", op.loan, program.currency.code()));
}

}  // namespace socai::credit
