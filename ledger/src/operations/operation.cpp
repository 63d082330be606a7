// Operation (ledger/approvals.hpp): a typed operation, its canonical form, digest and the
// description a person approves; and ApprovalPolicy, the settings of two-person control.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ledger/approvals.hpp"
#include "text.hpp"

namespace socai {
namespace {

using nlohmann::json;

constexpr std::pair<OperationKind, std::string_view> kKindNames[] = {
    {OperationKind::Freeze, "freeze"},
    {OperationKind::Unfreeze, "unfreeze"},
    {OperationKind::WriteOff, "write-off"},
    {OperationKind::LoanEventReversal, "loan-event-reversal"},
    {OperationKind::JournalReversal, "journal-reversal"},
    {OperationKind::PeriodClose, "period-close"},
    {OperationKind::MonthClose, "month-close"},
    {OperationKind::ProgramRate, "program-rate"},
    {OperationKind::ProgramSetting, "program-setting"},
    {OperationKind::LedgerSetting, "ledger-setting"},
    {OperationKind::ManualEntry, "manual-entry"},
    {OperationKind::ActorChange, "actor-change"},
};

bool is_clean(std::string_view value, bool required) {
  return !(required && value.empty()) && value.size() <= 400 && is_clean_text(value);
}
std::string clean_rule(std::string_view value, bool required) {
  return fmt::format(" {}: {}text, without control characters", text::quoted(value),
                     required ? "1 to 400 characters of " : "");
}
// A text field of the operation (its memo, reason, source), named by the field.
Status clean(std::string_view field, std::string_view value, bool required = false) {
  if (!is_clean(value, required))
    return field_error(ErrorCode::InvalidArgument, field, clean_rule(value, required));
  return {};
}
// The name of what the operation is about (a loan, a program, an account, a setting).
Status clean_name(std::string_view what, std::string_view value) {
  if (!is_clean(value, true))
    return make_error(ErrorCode::InvalidArgument, std::string(what) + clean_rule(value, true));
  return {};
}

// A text field as a person reads it: plain when it is one word of letters, digits and
// - . / _ : %, else in single quotes with every quote doubled, so that no field can pass
// itself off as the next one ("FLOOD, approval X" stays one quoted reason).
std::string shown(std::string_view value) {
  const bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-./_:%").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(value);
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string day(Date d) {
  return format_date_vn(d);
}

std::string money(std::int64_t minor, Currency currency) {
  return format_minor(minor, currency, MoneyFormat::GroupedEnglish) + " " +
         std::string(currency.code());
}

// Reads of the canonical form; a missing or mistyped field throws (DataLoss for the caller).
Date json_date(const json& j, const char* key) {
  Result<Date> d = parse_date(j.at(key).get<std::string>());
  if (!d) throw std::runtime_error(fmt::format("{} is not a date", key));
  return d.value();
}

Currency json_currency(const json& j, const char* key) {
  Result<Currency> c = Currency::find(j.at(key).get<std::string>());
  if (!c) throw std::runtime_error(fmt::format("{} is not a currency", key));
  return c.value();
}

Result<date::year_month> parse_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || !text::all_digits(text.substr(0, 4)) ||
      !text::all_digits(text.substr(5))) {
    return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  }
  const date::year_month m{
      date::year{std::stoi(std::string(text.substr(0, 4)))},
      date::month{static_cast<unsigned>(std::stoi(std::string(text.substr(5))))}};
  if (!m.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  return m;
}

// The keys socai derives for what operations and the month-end close post: loan events
// ("loan:"), savings ("savings:"), entrustment fees ("fee:") and reversals ("reversal-of-N").
// An entry posted by hand never takes one, so that it cannot block a later operation or close.
constexpr std::string_view kDerivedKeyPrefixes[] = {"loan:", "savings:", "fee:", "reversal-of-"};

Status check_manual_key(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view prefix : kDerivedKeyPrefixes) {
    if (lower.starts_with(prefix)) {
      return field_error(ErrorCode::InvalidArgument, "key",
                         fmt::format(" {}: keys beginning with loan:, savings:, fee: or "
                                     "reversal-of- are socai's own; an entry posted by hand "
                                     "takes another",
                                     text::quoted(key)));
    }
  }
  return {};
}

Status check_entry_text(const EntrySpec& e) {
  if (Status s = clean("memo", e.memo); !s) return s;
  if (Status s = clean("key", e.key); !s) return s;
  if (Status s = check_manual_key(e.key); !s) return s;
  if (Status s = clean_name("kind", e.kind); !s) return s;
  for (const PostingSpec& p : e.postings)
    if (Status s = clean_name("account", p.account); !s) return s;
  return {};
}

struct Canonical {
  json operator()(const LoanOperation& o) const {
    return {{"loan", o.loan},
            {"event", std::string(loan_event_kind_name(o.kind))},
            {"amount", o.amount.minor_units()},
            {"currency", std::string(o.amount.currency().code())},
            {"date", format_date(o.date)},
            {"key", o.key},
            {"years", o.years},
            {"reason", o.reason},
            {"approval", o.approval},
            {"interest", o.interest_amount}};
  }
  json operator()(const ReversalSpec& r) const {
    return {{"entry", r.original.value},
            {"date", r.date ? json(format_date(*r.date)) : json(nullptr)},
            {"memo", r.memo},
            {"key", r.key}};
  }
  json operator()(const PeriodCloseOperation& p) const {
    return {{"through", format_date(p.through)}};
  }
  json operator()(const MonthCloseOperation& m) const { return {{"month", format_month(m.month)}}; }
  json operator()(const ProgramRateOperation& p) const {
    return {{"program", p.program},
            {"from", format_date(p.from)},
            {"rate", p.rate.to_string()},
            {"source", p.source}};
  }
  json operator()(const ProgramSettingOperation& p) const {
    json settings = json::array();
    for (const auto& [name, value] : p.settings) settings.push_back({name, value});
    return {{"program", p.program}, {"settings", settings}};
  }
  json operator()(const LedgerSettingOperation& s) const {
    return {{"key", s.key}, {"value", s.value}};
  }
  json operator()(const ManualEntryOperation& m) const {
    json entries = json::array();
    for (const EntrySpec& e : m.entries) {
      json postings = json::array();
      for (const PostingSpec& p : e.postings) {
        postings.push_back({{"account", p.account},
                            {"amount", p.amount.minor_units()},
                            {"currency", std::string(p.amount.currency().code())},
                            {"loan", p.loan ? json(p.loan->value) : json(nullptr)}});
      }
      entries.push_back({{"date", format_date(e.date)},
                         {"kind", e.kind},
                         {"memo", e.memo},
                         {"key", e.key},
                         {"loan", e.loan ? json(e.loan->value) : json(nullptr)},
                         {"postings", postings}});
    }
    return {{"entries", entries}};
  }
  json operator()(const ActorChangeOperation& a) const {
    const bool add = a.action == ActorChangeOperation::Action::Add;
    return {{"action", add ? "add" : "disable"},
            {"name", a.name},
            {"os_user", a.os_user},
            {"roles", roles_text(a.roles)}};
  }
};

}  // namespace

std::string_view operation_kind_name(OperationKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "unknown";
}

Result<OperationKind> parse_operation_kind(std::string_view name) {
  for (const auto& [k, n] : kKindNames)
    if (n == name) return k;
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("operation kind {} is not one of freeze, unfreeze, write-off, "
                                "loan-event-reversal, journal-reversal, period-close, "
                                "month-close, program-rate, program-setting, ledger-setting, "
                                "manual-entry, actor-change",
                                text::quoted(name)));
}

Result<Operation> Operation::loan_event(LoanOperation o) {
  o.key = text::as_read(o.key);  // as loan events store keys (idempotent)
  OperationKind kind;
  switch (o.kind) {
    case LoanEventKind::Freeze:
      kind = OperationKind::Freeze;
      break;
    case LoanEventKind::Unfreeze:
      kind = OperationKind::Unfreeze;
      break;
    case LoanEventKind::WriteOff:
      kind = OperationKind::WriteOff;
      break;
    case LoanEventKind::Reverse:
      kind = OperationKind::LoanEventReversal;
      break;
    default:
      return make_error(ErrorCode::InvalidArgument,
                        fmt::format("a {} is not an operation under two-person control",
                                    loan_event_kind_name(o.kind)));
  }
  if (Status s = clean_name("loan", o.loan); !s) return s.error();
  if (Status s = clean("key", o.key); !s) return s.error();
  if (Status s = clean("reason", o.reason); !s) return s.error();
  if (Status s = clean("approval", o.approval); !s) return s.error();
  return Operation(kind, std::move(o));
}

Result<Operation> Operation::journal_reversal(ReversalSpec r) {
  if (r.rehearsal) return make_error(ErrorCode::InvalidArgument, "a rehearsal is not an operation");
  r.key = text::as_read(r.key);  // as the journal stores keys
  if (Status s = clean("memo", r.memo); !s) return s.error();
  if (Status s = clean("key", r.key); !s) return s.error();
  // A key of its own, or its default (reversal-of-N, empty here): never another derived one.
  if (!r.key.empty() && r.key != fmt::format("reversal-of-{}", r.original.value)) {
    if (Status s = check_manual_key(r.key); !s) return s.error();
  }
  return Operation(OperationKind::JournalReversal, std::move(r));
}

Result<Operation> Operation::period_close(Date through) {
  if (!through.ok()) return make_error(ErrorCode::InvalidArgument, "close date is not a date");
  return Operation(OperationKind::PeriodClose, PeriodCloseOperation{through});
}

Result<Operation> Operation::month_close(date::year_month month) {
  if (!month.ok()) return make_error(ErrorCode::InvalidArgument, "month: expected YYYY-MM");
  return Operation(OperationKind::MonthClose, MonthCloseOperation{month});
}

Result<Operation> Operation::program_rate(ProgramRateOperation p) {
  if (Status s = clean_name("program", p.program); !s) return s.error();
  if (Status s = clean("source", p.source); !s) return s.error();
  return Operation(OperationKind::ProgramRate, std::move(p));
}

Result<Operation> Operation::program_setting(ProgramSettingOperation p) {
  if (Status s = clean_name("program", p.program); !s) return s.error();
  if (p.settings.empty())
    return make_error(ErrorCode::InvalidArgument, "program settings: give at least one");
  for (const auto& [name, value] : p.settings) {
    if (Status s = clean_name("setting", name); !s) return s.error();
    if (Status s = clean(name, value); !s) return s.error();
  }
  return Operation(OperationKind::ProgramSetting, std::move(p));
}

Result<Operation> Operation::ledger_setting(LedgerSettingOperation s) {
  if (Status c = clean_name("setting", s.key); !c) return c.error();
  // A setting's value is given after its key, not as an option: the key names it.
  if (!is_clean(s.value, false))
    return make_error(ErrorCode::InvalidArgument, s.key + clean_rule(s.value, false));
  return Operation(OperationKind::LedgerSetting, std::move(s));
}

Result<Operation> Operation::manual_entries(std::vector<EntrySpec> entries) {
  if (entries.empty()) return make_error(ErrorCode::InvalidArgument, "entries: give at least one");
  // Keys as the journal stores them: " V-1" is "V-1" (idempotent, so a request's canonical
  // form reads back the same).
  for (EntrySpec& e : entries) e.key = text::as_read(e.key);
  for (const EntrySpec& e : entries)
    if (Status s = check_entry_text(e); !s) return s.error();
  return Operation(OperationKind::ManualEntry, ManualEntryOperation{std::move(entries)});
}

Result<Operation> Operation::actor_change(ActorChangeOperation a) {
  Result<std::string> name = normalize_name(a.name, "actor");
  if (!name) return name.error();
  a.name = std::move(name).value();
  if (a.action == ActorChangeOperation::Action::Add) {
    if (a.roles.empty()) return parse_roles("").error();
    if (Status s = clean_name("OS account", a.os_user); !s) return s.error();
  } else if (!a.os_user.empty() || !a.roles.empty()) {
    return make_error(ErrorCode::InvalidArgument,
                      "disabling an actor names the actor only (no OS account, no roles)");
  }
  return Operation(OperationKind::ActorChange, std::move(a));
}

Result<Operation> Operation::from_canonical(std::string_view kind_name,
                                            std::string_view canonical) {
  auto damaged = [&](std::string_view why) {
    return make_error(ErrorCode::DataLoss,
                      fmt::format("the stored {} operation is damaged: {}", kind_name, why));
  };
  Result<OperationKind> kind = parse_operation_kind(kind_name);
  if (!kind) return damaged("unknown kind");
  try {
    const json j = json::parse(canonical);
    Result<Operation> op = make_error(ErrorCode::DataLoss, "unread");
    switch (kind.value()) {
      case OperationKind::Freeze:
      case OperationKind::Unfreeze:
      case OperationKind::WriteOff:
      case OperationKind::LoanEventReversal: {
        Result<LoanEventKind> event = parse_loan_event_kind(j.at("event").get<std::string>());
        if (!event) return damaged("unknown loan event");
        op =
            loan_event(LoanOperation{.loan = j.at("loan").get<std::string>(),
                                     .kind = event.value(),
                                     .amount = Money::from_minor(j.at("amount").get<std::int64_t>(),
                                                                 json_currency(j, "currency")),
                                     .date = json_date(j, "date"),
                                     .key = j.at("key").get<std::string>(),
                                     .years = j.at("years").get<int>(),
                                     .reason = j.at("reason").get<std::string>(),
                                     .approval = j.at("approval").get<std::string>(),
                                     .interest_amount = j.at("interest").get<std::int64_t>()});
        break;
      }
      case OperationKind::JournalReversal: {
        ReversalSpec r;
        r.original = EntryId{j.at("entry").get<std::int64_t>()};
        if (!j.at("date").is_null()) r.date = json_date(j, "date");
        r.memo = j.at("memo").get<std::string>();
        r.key = j.at("key").get<std::string>();
        op = journal_reversal(std::move(r));
        break;
      }
      case OperationKind::PeriodClose:
        op = period_close(json_date(j, "through"));
        break;
      case OperationKind::MonthClose: {
        Result<date::year_month> m = parse_month(j.at("month").get<std::string>());
        if (!m) return damaged("month");
        op = month_close(m.value());
        break;
      }
      case OperationKind::ProgramRate: {
        Result<Rate> rate = Rate::parse(j.at("rate").get<std::string>());
        if (!rate) return damaged("rate");
        op = program_rate(ProgramRateOperation{.program = j.at("program").get<std::string>(),
                                               .from = json_date(j, "from"),
                                               .rate = rate.value(),
                                               .source = j.at("source").get<std::string>()});
        break;
      }
      case OperationKind::ProgramSetting: {
        ProgramSettingOperation p{.program = j.at("program").get<std::string>(), .settings = {}};
        for (const json& s : j.at("settings"))
          p.settings.emplace_back(s.at(0).get<std::string>(), s.at(1).get<std::string>());
        op = program_setting(std::move(p));
        break;
      }
      case OperationKind::LedgerSetting:
        op = ledger_setting(LedgerSettingOperation{.key = j.at("key").get<std::string>(),
                                                   .value = j.at("value").get<std::string>()});
        break;
      case OperationKind::ManualEntry: {
        std::vector<EntrySpec> entries;
        for (const json& e : j.at("entries")) {
          EntrySpec spec{.date = json_date(e, "date"),
                         .kind = e.at("kind").get<std::string>(),
                         .memo = e.at("memo").get<std::string>(),
                         .key = e.at("key").get<std::string>(),
                         .loan = {},
                         .postings = {}};
          if (!e.at("loan").is_null()) spec.loan = LoanId{e.at("loan").get<std::int64_t>()};
          for (const json& p : e.at("postings")) {
            PostingSpec posting{.account = p.at("account").get<std::string>(),
                                .amount = Money::from_minor(p.at("amount").get<std::int64_t>(),
                                                            json_currency(p, "currency")),
                                .loan = {}};
            if (!p.at("loan").is_null()) posting.loan = LoanId{p.at("loan").get<std::int64_t>()};
            spec.postings.push_back(std::move(posting));
          }
          entries.push_back(std::move(spec));
        }
        op = manual_entries(std::move(entries));
        break;
      }
      case OperationKind::ActorChange: {
        const std::string action = j.at("action").get<std::string>();
        if (action != "add" && action != "disable") return damaged("action");
        ActorChangeOperation a{.action = action == "add" ? ActorChangeOperation::Action::Add
                                                         : ActorChangeOperation::Action::Disable,
                               .name = j.at("name").get<std::string>(),
                               .os_user = j.at("os_user").get<std::string>(),
                               .roles = {}};
        const std::string roles = j.at("roles").get<std::string>();
        if (!roles.empty()) {
          Result<std::set<Role>> parsed = parse_roles(roles);
          if (!parsed) return damaged("roles");
          a.roles = std::move(parsed).value();
        }
        op = actor_change(std::move(a));
        break;
      }
    }
    if (!op) return damaged(op.error().message);
    if (op->kind() != kind.value() || op->canonical() != canonical) return damaged("not canonical");
    return op;
  } catch (const std::exception& e) {
    return damaged(e.what());
  }
}

std::string Operation::canonical() const {
  return std::visit(Canonical{}, fields_).dump();
}

std::string Operation::digest() const {
  return sha256_hex(std::string(operation_kind_name(kind_)) + "\n" + canonical());
}

std::string Operation::description() const {
  switch (kind_) {
    case OperationKind::Freeze:
    case OperationKind::Unfreeze:
    case OperationKind::WriteOff:
    case OperationKind::LoanEventReversal: {
      const auto& o = std::get<LoanOperation>(fields_);
      std::string out;
      if (kind_ == OperationKind::Freeze) {
        out = fmt::format("freeze {} for {} years from {}, reason {}, approval {}", shown(o.loan),
                          o.years, day(o.date), shown(o.reason), shown(o.approval));
      } else if (kind_ == OperationKind::Unfreeze) {
        out = fmt::format("unfreeze {} on {}", shown(o.loan), day(o.date));
      } else if (kind_ == OperationKind::WriteOff) {
        out = fmt::format(
            "write off {} on {}: principal {}, interest {}, reason {}, approval {}", shown(o.loan),
            day(o.date), money(o.amount.minor_units(), o.amount.currency()),
            money(o.interest_amount, o.amount.currency()), shown(o.reason), shown(o.approval));
      } else {
        out = fmt::format("reverse the last event of {} on {}, reason {}", shown(o.loan),
                          day(o.date), shown(o.reason));
      }
      if (!o.key.empty()) out += ", key " + shown(o.key);
      return out;
    }
    case OperationKind::JournalReversal: {
      const auto& r = std::get<ReversalSpec>(fields_);
      std::string out = fmt::format("reverse entry {} on {}", r.original.value,
                                    r.date ? day(*r.date) : std::string("its own date"));
      if (!r.memo.empty()) out += ", memo " + shown(r.memo);
      if (!r.key.empty()) out += ", key " + shown(r.key);
      return out;
    }
    case OperationKind::PeriodClose:
      return "close the period through " + day(std::get<PeriodCloseOperation>(fields_).through);
    case OperationKind::MonthClose:
      return "month-end close of " + format_month(std::get<MonthCloseOperation>(fields_).month);
    case OperationKind::ProgramRate: {
      const auto& p = std::get<ProgramRateOperation>(fields_);
      return fmt::format("program {} rate {} from {}, source {}", shown(p.program),
                         p.rate.to_string(), day(p.from), shown(p.source));
    }
    case OperationKind::ProgramSetting: {
      const auto& p = std::get<ProgramSettingOperation>(fields_);
      std::string out = fmt::format("program {} settings:", shown(p.program));
      for (const auto& [name, value] : p.settings)
        out += fmt::format(" {} = {};", shown(name), shown(value));
      out.pop_back();
      return out;
    }
    case OperationKind::LedgerSetting: {
      const auto& s = std::get<LedgerSettingOperation>(fields_);
      return fmt::format("setting {} = {}", shown(s.key), shown(s.value));
    }
    case OperationKind::ManualEntry: {
      const auto& m = std::get<ManualEntryOperation>(fields_);
      std::string out =
          fmt::format("post {} {}", m.entries.size(), m.entries.size() == 1 ? "entry" : "entries");
      for (const EntrySpec& e : m.entries) {
        out += fmt::format("; {} key {} memo {}:", day(e.date), shown(e.key), shown(e.memo));
        for (const PostingSpec& p : e.postings) {
          out += fmt::format(" {} {},", shown(p.account),
                             money(p.amount.minor_units(), p.amount.currency()));
        }
        out.pop_back();
      }
      return out;
    }
    case OperationKind::ActorChange: {
      const auto& a = std::get<ActorChangeOperation>(fields_);
      if (a.action == ActorChangeOperation::Action::Disable) {
        return "disable actor " + shown(a.name);
      }
      return fmt::format("register actor {} for OS account {} with the roles {}", shown(a.name),
                         shown(a.os_user), shown(roles_text(a.roles)));
    }
  }
  return "unknown operation";
}

}  // namespace socai
