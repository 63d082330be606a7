// The SQLite implementation of LoanBook: reference data, loan events and their journal
// entries, written in the journal's own transactions (see sqlite_store.hpp). The month-end
// close is in sqlite_close.cpp.
#include "store/sqlite_loan_book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "text.hpp"

namespace socai {
namespace {

using store::date_column;
using store::guarded;
using store::SqliteStore;

Error invalid(std::string message) {
  return make_error(ErrorCode::InvalidArgument, std::move(message));
}
Error refused(std::string message) {
  return make_error(ErrorCode::FailedPrecondition, std::move(message));
}
Error invalid_field(std::string_view field, std::string detail) {
  return field_error(ErrorCode::InvalidArgument, field, detail);
}
Error not_found(std::string_view what, std::string_view code) {
  return make_error(ErrorCode::NotFound, fmt::format("{} {} not found", what, text::quoted(code)));
}

// Codes appear in account names (Assets:Cash:TP-<commune>): letters, digits, '_' and '-'.
bool is_code(std::string_view code) {
  bool ok = !code.empty() && code.size() <= 40;
  for (char c : code) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || text::is_digit(c) || c == '_' ||
                c == '-');
  }
  return ok;
}
std::string code_rule(std::string_view code) {
  return fmt::format(" {}: 1 to 40 letters, digits, '_' or '-'", text::quoted(code));
}
// The code of the record being made, named by its kind ("commune"); check_code_field, a code
// that is one of an operation's inputs, named by its field ("reason").
Status check_code(std::string_view what, std::string_view code) {
  if (!is_code(code)) return invalid(std::string(what) + code_rule(code));
  return {};
}
Status check_code_field(std::string_view field, std::string_view code) {
  if (!is_code(code)) return invalid_field(field, code_rule(code));
  return {};
}

Status check_text(std::string_view field, std::string_view value, std::size_t max = 200) {
  if (value.empty() || value.size() > max || !is_clean_text(value)) {
    return invalid_field(field,
                         fmt::format(" {}: 1 to {} characters of text", text::quoted(value), max));
  }
  return {};
}

std::string exact_text(const Exact& v) {
  return boost::multiprecision::numerator(v).str() + "/" +
         boost::multiprecision::denominator(v).str();
}

Exact exact_from(const std::string& text) {
  const std::size_t slash = text.find('/');
  return Exact(boost::multiprecision::cpp_int(text.substr(0, slash)),
               boost::multiprecision::cpp_int(text.substr(slash + 1)));
}

// The state's snapshot: a JSON object as nlohmann's dump writes one (the keys in byte order,
// no spaces, null for a date not set), written directly: none of its text needs escaping
// (dates, integers, and fractions of digits).
std::string state_text(const LoanState& s) {
  auto date_or_null = [](const std::optional<Date>& d) {
    return d ? fmt::format("\"{}\"", format_date(*d)) : std::string("null");
  };
  std::string adjusted;
  for (int k : s.adjusted_installments)
    adjusted += fmt::format("{}{}", adjusted.empty() ? "" : ",", k);
  std::string extensions;
  for (const LoanState::Extension& e : s.extensions) {
    extensions += fmt::format("{}{{\"from\":\"{}\",\"months\":{}}}", extensions.empty() ? "" : ",",
                              format_date(e.from), e.months);
  }
  return fmt::format(
      "{{\"accruing_in_term\":\"{}\",\"accruing_overdue\":\"{}\",\"adjusted_installments\":[{}],"
      "\"disbursed\":{},\"events\":{},\"extensions\":[{}],\"first_disbursed_on\":{},"
      "\"frozen\":{},\"frozen_until\":{},\"in_term\":{},\"interest_collected\":{},"
      "\"interest_due_in_term\":{},\"interest_due_overdue\":{},\"interest_paid_on\":{},"
      "\"interest_rounded\":{},\"interest_through\":{},\"last_event_on\":{},"
      "\"moved_to_overdue\":{},\"overdue\":{},\"principal_repaid\":{},\"recovered\":{},"
      "\"transitions_through\":{},\"written_off_interest\":{},\"written_off_principal\":{}}}",
      exact_text(s.accruing_in_term), exact_text(s.accruing_overdue), adjusted, s.disbursed,
      s.events, extensions, date_or_null(s.first_disbursed_on), s.frozen,
      date_or_null(s.frozen_until), s.in_term, s.interest_collected, s.interest_due_in_term,
      s.interest_due_overdue, date_or_null(s.interest_paid_on), s.interest_rounded,
      date_or_null(s.interest_through), date_or_null(s.last_event_on), s.moved_to_overdue,
      s.overdue, s.principal_repaid, s.recovered, date_or_null(s.transitions_through),
      s.written_off_interest, s.written_off_principal);
}

LoanState state_from_json(const nlohmann::json& j) {
  // Fields added after a snapshot was written read as absent: dates empty, numbers zero.
  auto date_of = [&](const char* key) -> std::optional<Date> {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return parse_date(j.at(key).get<std::string>()).value();
  };
  LoanState s;
  s.disbursed = j.at("disbursed").get<std::int64_t>();
  s.in_term = j.at("in_term").get<std::int64_t>();
  s.overdue = j.at("overdue").get<std::int64_t>();
  s.frozen = j.at("frozen").get<std::int64_t>();
  s.principal_repaid = j.at("principal_repaid").get<std::int64_t>();
  s.interest_due_in_term = j.at("interest_due_in_term").get<std::int64_t>();
  s.interest_due_overdue = j.at("interest_due_overdue").get<std::int64_t>();
  s.accruing_in_term = exact_from(j.at("accruing_in_term").get<std::string>());
  s.accruing_overdue = exact_from(j.at("accruing_overdue").get<std::string>());
  s.interest_through = date_of("interest_through");
  s.first_disbursed_on = date_of("first_disbursed_on");
  s.last_event_on = date_of("last_event_on");
  s.interest_collected = j.at("interest_collected").get<std::int64_t>();
  s.interest_paid_on = date_of("interest_paid_on");
  s.interest_rounded = j.at("interest_rounded").get<std::int64_t>();
  s.transitions_through = date_of("transitions_through");
  s.moved_to_overdue = j.value("moved_to_overdue", std::int64_t{0});
  s.frozen_until = date_of("frozen_until");
  s.written_off_principal = j.value("written_off_principal", std::int64_t{0});
  s.written_off_interest = j.value("written_off_interest", std::int64_t{0});
  s.recovered = j.value("recovered", std::int64_t{0});
  if (j.contains("extensions")) {
    for (const nlohmann::json& e : j.at("extensions")) {
      s.extensions.push_back(
          {parse_date(e.at("from").get<std::string>()).value(), e.at("months").get<int>()});
    }
  }
  if (j.contains("adjusted_installments"))
    s.adjusted_installments = j.at("adjusted_installments").get<std::vector<int>>();
  s.events = j.at("events").get<int>();
  return s;
}

// Reads a snapshot as state_text writes it, through nlohmann's SAX interface into flat fields
// instead of a document of maps: the state a loan read costs most of. Anything else (a value
// of another type, a nested value where none is written, a date that does not parse) makes it
// return nothing, and the caller reads the snapshot with state_from_json, which accepts or
// refuses it as it always did.
class SnapshotReader final : public nlohmann::json_sax<nlohmann::json> {
 public:
  // A top-level value: an integer, a string, or null.
  struct Value {
    enum class Kind { Integer, Text, Null } kind = Kind::Null;
    std::int64_t integer = 0;
    std::string text;
  };

  std::optional<LoanState> read(const std::string& snapshot) {
    if (!nlohmann::json::sax_parse(snapshot, this) || failed_ || depth_ != 0) return std::nullopt;
    return state();
  }

  bool null() override { return scalar(Value{}); }
  bool boolean(bool) override { return fail(); }
  bool number_integer(number_integer_t v) override {
    return scalar(Value{Value::Kind::Integer, static_cast<std::int64_t>(v), {}});
  }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(Value{Value::Kind::Integer, static_cast<std::int64_t>(v), {}});
  }
  bool number_float(number_float_t, const string_t&) override { return fail(); }
  bool string(string_t& v) override { return scalar(Value{Value::Kind::Text, 0, std::move(v)}); }
  bool binary(binary_t&) override { return fail(); }
  bool start_object(std::size_t) override {
    if (depth_ == 0 && !started_) {
      started_ = true;
      depth_ = 1;
      return true;
    }
    if (depth_ == 2 && array_ == Array::Extensions) {
      depth_ = 3;
      from_.reset();
      months_.reset();
      return true;
    }
    return fail();
  }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      field_ = kFields.size();
      for (std::size_t i = 0; i < kFields.size(); ++i) {
        if (kFields[i] == k) field_ = i;
      }
      array_key_ = k == "extensions"              ? Array::Extensions
                   : k == "adjusted_installments" ? Array::Adjusted
                                                  : Array::None;
    } else {
      extension_key_ = std::move(k);
    }
    return true;
  }
  bool end_object() override {
    if (depth_ == 3) {
      if (!from_ || !months_) return fail();
      extensions_.push_back({*from_, *months_});
    }
    depth_ -= 1;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ != 1) return fail();
    if (array_key_ == Array::Extensions) {
      array_ = Array::Extensions;
      has_extensions_ = true;
      extensions_.clear();
    } else if (array_key_ == Array::Adjusted) {
      array_ = Array::Adjusted;
      has_adjusted_ = true;
      adjusted_.clear();
    } else {
      return fail();
    }
    depth_ = 2;
    return true;
  }
  bool end_array() override {
    array_ = Array::None;
    depth_ = 1;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return fail();
  }

 private:
  enum class Array { None, Extensions, Adjusted };

  bool fail() {
    failed_ = true;
    return false;
  }

  bool scalar(Value v) {
    switch (depth_) {
      case 1:
        if (array_key_ != Array::None) return fail();  // state_text writes an array there
        if (field_ < kFields.size()) fields_[field_] = std::move(v);
        return true;
      case 2:
        if (array_ != Array::Adjusted || v.kind != Value::Kind::Integer) return fail();
        adjusted_.push_back(static_cast<int>(v.integer));
        return true;
      case 3:
        if (extension_key_ == "from") {
          if (v.kind != Value::Kind::Text) return fail();
          Result<Date> from = parse_date(v.text);
          if (!from) return fail();
          from_ = from.value();
        } else if (extension_key_ == "months") {
          if (v.kind != Value::Kind::Integer) return fail();
          months_ = static_cast<int>(v.integer);
        }
        return true;
      default:
        return fail();
    }
  }

  const std::optional<Value>& field(std::string_view k) const {
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      if (kFields[i] == k) return fields_[i];
    }
    assert(false && "a field of kFields");
    return fields_[0];
  }

  // The field's integer; `fallback` when absent, if given.
  std::optional<std::int64_t> integer(std::string_view k,
                                      std::optional<std::int64_t> fallback) const {
    const std::optional<Value>& v = field(k);
    if (!v) return fallback;
    if (v->kind != Value::Kind::Integer) return std::nullopt;
    return v->integer;
  }

  const std::string* text_of(std::string_view k) const {
    const std::optional<Value>& v = field(k);
    if (!v || v->kind != Value::Kind::Text) return nullptr;
    return &v->text;
  }

  // Absent or null: no date; set: a date, else `ok` is cleared.
  std::optional<Date> date_of(std::string_view k, bool& ok) const {
    const std::optional<Value>& v = field(k);
    if (!v || v->kind == Value::Kind::Null) return std::nullopt;
    if (v->kind != Value::Kind::Text) {
      ok = false;
      return std::nullopt;
    }
    Result<Date> d = parse_date(v->text);
    if (!d) {
      ok = false;
      return std::nullopt;
    }
    return d.value();
  }

  std::optional<LoanState> state() const {
    LoanState s;
    bool ok = true;
    auto set = [&](std::int64_t& to, std::string_view k, std::optional<std::int64_t> fallback) {
      std::optional<std::int64_t> v = integer(k, fallback);
      if (v) {
        to = *v;
      } else {
        ok = false;
      }
    };
    set(s.disbursed, "disbursed", std::nullopt);
    set(s.in_term, "in_term", std::nullopt);
    set(s.overdue, "overdue", std::nullopt);
    set(s.frozen, "frozen", std::nullopt);
    set(s.principal_repaid, "principal_repaid", std::nullopt);
    set(s.interest_due_in_term, "interest_due_in_term", std::nullopt);
    set(s.interest_due_overdue, "interest_due_overdue", std::nullopt);
    const std::string* accruing_in_term = text_of("accruing_in_term");
    const std::string* accruing_overdue = text_of("accruing_overdue");
    if (!accruing_in_term || !accruing_overdue) return std::nullopt;
    s.interest_through = date_of("interest_through", ok);
    s.first_disbursed_on = date_of("first_disbursed_on", ok);
    s.last_event_on = date_of("last_event_on", ok);
    set(s.interest_collected, "interest_collected", std::nullopt);
    s.interest_paid_on = date_of("interest_paid_on", ok);
    set(s.interest_rounded, "interest_rounded", std::nullopt);
    s.transitions_through = date_of("transitions_through", ok);
    set(s.moved_to_overdue, "moved_to_overdue", 0);
    s.frozen_until = date_of("frozen_until", ok);
    set(s.written_off_principal, "written_off_principal", 0);
    set(s.written_off_interest, "written_off_interest", 0);
    set(s.recovered, "recovered", 0);
    std::int64_t events = 0;
    set(events, "events", std::nullopt);
    if (!ok) return std::nullopt;
    s.accruing_in_term = exact_from(*accruing_in_term);
    s.accruing_overdue = exact_from(*accruing_overdue);
    if (has_extensions_) s.extensions = extensions_;
    if (has_adjusted_) s.adjusted_installments = adjusted_;
    s.events = static_cast<int>(events);
    return s;
  }

  // The scalar fields state_text writes.
  static constexpr std::array<std::string_view, 22> kFields = {"disbursed",
                                                               "in_term",
                                                               "overdue",
                                                               "frozen",
                                                               "principal_repaid",
                                                               "interest_due_in_term",
                                                               "interest_due_overdue",
                                                               "accruing_in_term",
                                                               "accruing_overdue",
                                                               "interest_through",
                                                               "first_disbursed_on",
                                                               "last_event_on",
                                                               "interest_collected",
                                                               "interest_paid_on",
                                                               "interest_rounded",
                                                               "transitions_through",
                                                               "moved_to_overdue",
                                                               "frozen_until",
                                                               "written_off_principal",
                                                               "written_off_interest",
                                                               "recovered",
                                                               "events"};

  std::array<std::optional<Value>, kFields.size()> fields_;
  std::size_t field_ = kFields.size();  // the top-level key's field; kFields.size(): none
  Array array_key_ = Array::None;       // the top-level key's array
  std::string extension_key_;
  int depth_ = 0;
  bool started_ = false;
  bool failed_ = false;
  Array array_ = Array::None;
  bool has_extensions_ = false;
  bool has_adjusted_ = false;
  std::vector<LoanState::Extension> extensions_;
  std::vector<int> adjusted_;
  std::optional<Date> from_;
  std::optional<int> months_;
};

LoanState state_from_snapshot(const std::string& snapshot) {
  SnapshotReader reader;
  if (std::optional<LoanState> s = reader.read(snapshot)) return std::move(*s);
  return state_from_json(nlohmann::json::parse(snapshot));
}

std::string custom_plan_text(const std::vector<CustomInstallment>& custom) {
  std::string out;
  for (const CustomInstallment& c : custom)
    out += fmt::format("{}{}:{}", out.empty() ? "" : ";", c.period, c.principal.minor_units());
  return out;
}

std::vector<CustomInstallment> custom_plan_from(const std::string& text, Currency currency) {
  std::vector<CustomInstallment> out;
  if (text.empty()) return out;
  for (std::string_view item : text::split(text, ';')) {
    const std::size_t colon = item.find(':');
    out.push_back(CustomInstallment{
        std::stoi(std::string(item.substr(0, colon))),
        Money::from_minor(std::stoll(std::string(item.substr(colon + 1))), currency)});
  }
  return out;
}

std::string entry_kind(LoanEventKind kind) {
  switch (kind) {
    case LoanEventKind::Disburse:
      return "disbursement";
    case LoanEventKind::CollectInterest:
      return "interest-collection";
    case LoanEventKind::RepayPrincipal:
      return "principal-repayment";
    case LoanEventKind::Pay:
      return "payment";
    case LoanEventKind::Freeze:
      return "freeze";
    case LoanEventKind::Unfreeze:
      return "unfreeze";
    case LoanEventKind::Extend:
      return "extension";
    case LoanEventKind::Adjust:
      return "adjustment";
    case LoanEventKind::WriteOff:
      return "write-off";
    case LoanEventKind::Recover:
      return "recovery";
    case LoanEventKind::Accrue:
      return "month-end-accrual";
    case LoanEventKind::Reverse:
      return "loan-reversal";
  }
  return "payment";
}

std::string entry_memo(LoanEventKind kind, const std::string& loan) {
  switch (kind) {
    case LoanEventKind::Disburse:
      return "Disbursement of loan " + loan;
    case LoanEventKind::CollectInterest:
      return "Interest collected on loan " + loan;
    case LoanEventKind::RepayPrincipal:
      return "Principal repaid on loan " + loan;
    case LoanEventKind::Pay:
      return "Payment on loan " + loan;
    case LoanEventKind::Freeze:
      return "Principal of loan " + loan + " frozen";
    case LoanEventKind::Unfreeze:
      return "Principal of loan " + loan + " unfrozen";
    case LoanEventKind::Extend:
      return "Due dates of loan " + loan + " extended";
    case LoanEventKind::Adjust:
      return "Installment of loan " + loan + " adjusted to the next";
    case LoanEventKind::WriteOff:
      return "Debt of loan " + loan + " written off";
    case LoanEventKind::Recover:
      return "Recovered on written-off loan " + loan;
    case LoanEventKind::Accrue:
      return "Month-end interest accrual of loan " + loan;
    case LoanEventKind::Reverse:
      return "Reversal of the last event of loan " + loan;
  }
  return loan;
}

LoanSplit split_from(const nlohmann::json& j) {
  LoanSplit s;
  if (!j.is_object() || !j.contains("disbursed")) return s;
  s.disbursed = j.at("disbursed").get<std::int64_t>();
  s.overdue_interest = j.at("overdue_interest").get<std::int64_t>();
  s.in_term_interest = j.at("in_term_interest").get<std::int64_t>();
  s.overdue_principal = j.at("overdue_principal").get<std::int64_t>();
  s.due_principal = j.at("due_principal").get<std::int64_t>();
  s.prepaid_principal = j.at("prepaid_principal").get<std::int64_t>();
  s.interest_rounded = j.at("interest_rounded").get<std::int64_t>();
  s.frozen = j.value("frozen", std::int64_t{0});
  s.frozen_overdue = j.value("frozen_overdue", std::int64_t{0});
  s.written_off_frozen = j.value("written_off_frozen", std::int64_t{0});
  s.written_off_overdue = j.value("written_off_overdue", std::int64_t{0});
  s.written_off_in_term = j.value("written_off_in_term", std::int64_t{0});
  s.written_off_interest = j.value("written_off_interest", std::int64_t{0});
  s.recovered = j.value("recovered", std::int64_t{0});
  s.unfrozen = j.value("unfrozen", std::int64_t{0});
  return s;
}

}  // namespace

namespace store {

std::string snapshot_text(const LoanState& state) {
  return state_text(state);
}

nlohmann::json split_json(const LoanSplit& s) {
  return {{"disbursed", s.disbursed},
          {"overdue_interest", s.overdue_interest},
          {"in_term_interest", s.in_term_interest},
          {"overdue_principal", s.overdue_principal},
          {"due_principal", s.due_principal},
          {"prepaid_principal", s.prepaid_principal},
          {"interest_rounded", s.interest_rounded},
          {"frozen", s.frozen},
          {"frozen_overdue", s.frozen_overdue},
          {"unfrozen", s.unfrozen},
          {"written_off_frozen", s.written_off_frozen},
          {"written_off_overdue", s.written_off_overdue},
          {"written_off_in_term", s.written_off_in_term},
          {"written_off_interest", s.written_off_interest},
          {"recovered", s.recovered}};
}

Status SqliteLoanBook::check_open_period(Date day) {
  std::optional<Date> closed = store_.read_closed_through();
  if (closed && day <= *closed) {
    return refused(fmt::format("date {} is in a closed period (closed through {})",
                               format_date(day), format_date(*closed)));
  }
  return {};
}

// --- reference data -------------------------------------------------------------------------

Result<Commune> SqliteLoanBook::add_commune(const Commune& c, std::string_view actor) {
  if (Status s = check_code("commune", c.code); !s) return s.error();
  for (auto [field, value] : {std::pair{"name", &c.name}, std::pair{"district", &c.district},
                              std::pair{"province", &c.province}}) {
    if (Status s = check_text(field, *value); !s) return s.error();
  }
  if (c.gdx_day && (*c.gdx_day < 1 || *c.gdx_day > 31))
    return invalid_field("gdx_day", fmt::format(" {}: a day of the month, 1 to 31", *c.gdx_day));
  return write<Commune>(actor, [&]() -> Result<Commune> {
    SQLite::Statement exists(db_, "SELECT 1 FROM communes WHERE code = ?");
    exists.bind(1, c.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("commune {} already exists", text::quoted(c.code)));
    }
    Result<Account> cash = store_.insert_account(
        NewAccount{.name = "Assets:Cash:TP-" + c.code,
                   .type = AccountType::Asset,
                   .code = "",
                   .control = false,
                   .description = "cash at the transaction point of " + c.name},
        actor);
    if (!cash) return cash.error();
    SQLite::Statement insert(db_,
                             "INSERT INTO communes (code, name, district, province, gdx_day, "
                             "cash_account_id, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, c.code);
    insert.bind(2, c.name);
    insert.bind(3, c.district);
    insert.bind(4, c.province);
    if (c.gdx_day) insert.bind(5, *c.gdx_day);
    insert.bind(6, cash->id.value);
    insert.bind(7, store_.now());
    insert.bind(8, std::string(actor));
    insert.exec();
    Commune added = c;
    added.cash_account = cash->name;
    return added;
  });
}

Result<std::vector<Commune>> SqliteLoanBook::communes() {
  return guarded([&]() -> Result<std::vector<Commune>> {
    SQLite::Statement q(db_,
                        "SELECT c.code, c.name, c.district, c.province, c.gdx_day, a.name "
                        "FROM communes c JOIN accounts a ON a.id = c.cash_account_id "
                        "ORDER BY c.province, c.district, c.code");
    std::vector<Commune> out;
    while (q.executeStep()) {
      Commune c{q.getColumn(0).getString(),
                q.getColumn(1).getString(),
                q.getColumn(2).getString(),
                q.getColumn(3).getString(),
                std::nullopt,
                q.getColumn(5).getString()};
      if (!q.getColumn(4).isNull()) c.gdx_day = q.getColumn(4).getInt();
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<std::vector<Organisation>> SqliteLoanBook::organisations() {
  return guarded([&]() -> Result<std::vector<Organisation>> {
    SQLite::Statement q(db_, "SELECT code, name_vi, name_en FROM organisations ORDER BY code");
    std::vector<Organisation> out;
    while (q.executeStep()) {
      out.push_back(
          {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    }
    return out;
  });
}

Result<Officer> SqliteLoanBook::add_officer(const Officer& o, std::string_view actor) {
  if (Status s = check_code("officer", o.code); !s) return s.error();
  if (Status s = check_text("name", o.name); !s) return s.error();
  return write<Officer>(actor, [&]() -> Result<Officer> {
    SQLite::Statement exists(db_, "SELECT 1 FROM officers WHERE code = ?");
    exists.bind(1, o.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("officer {} already exists", text::quoted(o.code)));
    }
    SQLite::Statement insert(
        db_, "INSERT INTO officers (code, name, created_at, actor) VALUES (?, ?, ?, ?)");
    insert.bind(1, o.code);
    insert.bind(2, o.name);
    insert.bind(3, store_.now());
    insert.bind(4, std::string(actor));
    insert.exec();
    return o;
  });
}

Result<Group> SqliteLoanBook::read_group(std::string_view code) {
  SQLite::Statement q(db_,
                      "SELECT g.code, g.commune_code, g.village, g.org_code, g.leader, "
                      "(SELECT count(*) FROM households h WHERE h.group_code = g.code) "
                      "FROM groups g WHERE g.code = ?");
  q.bind(1, std::string(code));
  if (!q.executeStep()) return not_found("group", code);
  return Group{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
               q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt()};
}

Result<Group> SqliteLoanBook::add_group(const Group& g, std::string_view actor) {
  if (Status s = check_code("group", g.code); !s) return s.error();
  if (Status s = check_text("village", g.village); !s) return s.error();
  if (Status s = check_text("leader", g.leader); !s) return s.error();
  return write<Group>(actor, [&]() -> Result<Group> {
    SQLite::Statement exists(db_, "SELECT 1 FROM groups WHERE code = ?");
    exists.bind(1, g.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("group {} already exists", text::quoted(g.code)));
    }
    SQLite::Statement commune(db_, "SELECT 1 FROM communes WHERE code = ?");
    commune.bind(1, g.commune);
    if (!commune.executeStep()) return not_found("commune", g.commune);
    SQLite::Statement org(db_, "SELECT 1 FROM organisations WHERE code = ?");
    org.bind(1, g.organisation);
    if (!org.executeStep()) {
      return make_error(ErrorCode::NotFound,
                        fmt::format("organisation {} not found (11, 12, 13, 14 or 99)",
                                    text::quoted(g.organisation)));
    }
    SQLite::Statement insert(db_,
                             "INSERT INTO groups (code, commune_code, village, org_code, leader, "
                             "created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, g.code);
    insert.bind(2, g.commune);
    insert.bind(3, g.village);
    insert.bind(4, g.organisation);
    insert.bind(5, g.leader);
    insert.bind(6, store_.now());
    insert.bind(7, std::string(actor));
    insert.exec();
    Group added = g;
    added.members = 0;
    return added;
  });
}

Result<Group> SqliteLoanBook::group(std::string_view code) {
  return guarded([&]() -> Result<Group> { return read_group(code); });
}

Result<std::vector<Group>> SqliteLoanBook::groups(std::optional<std::string> commune) {
  return guarded([&]() -> Result<std::vector<Group>> {
    SQLite::Statement q(db_,
                        "SELECT g.code FROM groups g WHERE ?1 IS NULL OR g.commune_code = ?1 "
                        "ORDER BY g.code");
    if (commune) q.bind(1, *commune);
    std::vector<Group> out;
    while (q.executeStep()) {
      Result<Group> g = read_group(q.getColumn(0).getString());
      if (!g) return g.error();
      out.push_back(std::move(g).value());
    }
    return out;
  });
}

Result<Household> SqliteLoanBook::read_household(std::string_view code) {
  auto q = cache_.get(
      "SELECT code, head, national_id, commune_code, village, group_code "
      "FROM households WHERE code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return not_found("household", code);
  Household h{q->getColumn(0).getString(),
              q->getColumn(1).getString(),
              q->getColumn(2).getString(),
              q->getColumn(3).getString(),
              q->getColumn(4).getString(),
              q->getColumn(5).getString(),
              {}};
  auto st = cache_.get(
      "SELECT effective_from, status FROM household_statuses "
      "WHERE household_code = ? ORDER BY effective_from");
  st->bind(1, std::string(code));
  while (st->executeStep()) {
    h.statuses.push_back(StatusChange{date_column(st->getColumn(0)),
                                      parse_poverty_status(st->getColumn(1).getString()).value()});
  }
  return h;
}

Result<Household> SqliteLoanBook::add_household(const Household& h, std::string_view actor) {
  if (Status s = check_code("household", h.code); !s) return s.error();
  if (Status s = check_text("head", h.head); !s) return s.error();
  if (Status s = check_text("village", h.village); !s) return s.error();
  if (!((h.national_id.size() == 9 || h.national_id.size() == 12) &&
        text::all_digits(h.national_id))) {
    return invalid_field("national_id",
                         fmt::format(" {}: 12 digits (citizen identity card) or 9 (old "
                                     "identity card)",
                                     text::quoted(h.national_id)));
  }
  if (h.statuses.size() != 1)
    return invalid_field("status", ": give the household's current status");
  return write<Household>(actor, [&]() -> Result<Household> {
    SQLite::Statement exists(db_, "SELECT 1 FROM households WHERE code = ?");
    exists.bind(1, h.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("household {} already exists", text::quoted(h.code)));
    }
    SQLite::Statement same_id(db_, "SELECT code FROM households WHERE national_id = ?");
    same_id.bind(1, h.national_id);
    if (same_id.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("national id {} is already household {}", h.national_id,
                                    same_id.getColumn(0).getString()));
    }
    SQLite::Statement commune(db_, "SELECT 1 FROM communes WHERE code = ?");
    commune.bind(1, h.commune);
    if (!commune.executeStep()) return not_found("commune", h.commune);
    Result<Group> g = read_group(h.group);
    if (!g) return g.error();
    if (g->commune != h.commune) {
      return refused(
          fmt::format("group {} belongs to commune {}, not {}", g->code, g->commune, h.commune));
    }
    if (g->members >= 60) {
      return refused(fmt::format("group {} has 60 members, the most a group may have", g->code));
    }
    SQLite::Statement insert(db_,
                             "INSERT INTO households (code, head, national_id, commune_code, "
                             "village, group_code, created_at, actor) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, h.code);
    insert.bind(2, h.head);
    insert.bind(3, h.national_id);
    insert.bind(4, h.commune);
    insert.bind(5, h.village);
    insert.bind(6, h.group);
    insert.bind(7, store_.now());
    insert.bind(8, std::string(actor));
    insert.exec();
    SQLite::Statement status(db_,
                             "INSERT INTO household_statuses (household_code, effective_from, "
                             "status, actor, recorded_at) VALUES (?, ?, ?, ?, ?)");
    status.bind(1, h.code);
    status.bind(2, format_date(h.statuses[0].effective_from));
    status.bind(3, std::string(poverty_status_name(h.statuses[0].status)));
    status.bind(4, std::string(actor));
    status.bind(5, store_.now());
    status.exec();
    return read_household(h.code);
  });
}

Result<Household> SqliteLoanBook::household(std::string_view code) {
  return guarded([&]() -> Result<Household> { return read_household(code); });
}

Result<std::vector<Household>> SqliteLoanBook::households(std::optional<std::string> group) {
  return guarded([&]() -> Result<std::vector<Household>> {
    SQLite::Statement q(db_,
                        "SELECT code FROM households WHERE ?1 IS NULL OR group_code = ?1 "
                        "ORDER BY code");
    if (group) q.bind(1, *group);
    std::vector<Household> out;
    while (q.executeStep()) {
      Result<Household> h = read_household(q.getColumn(0).getString());
      if (!h) return h.error();
      out.push_back(std::move(h).value());
    }
    return out;
  });
}

Result<Household> SqliteLoanBook::set_household_status(std::string_view code, StatusChange change,
                                                       std::string_view actor) {
  return write<Household>(actor, [&]() -> Result<Household> {
    Result<Household> h = read_household(code);
    if (!h) return h.error();
    for (const StatusChange& c : h->statuses) {
      if (c.effective_from == change.effective_from) {
        return make_error(
            ErrorCode::AlreadyExists,
            fmt::format("household {} already has a status from {} ({})", h->code,
                        format_date(c.effective_from), poverty_status_name(c.status)));
      }
    }
    SQLite::Statement status(db_,
                             "INSERT INTO household_statuses (household_code, effective_from, "
                             "status, actor, recorded_at) VALUES (?, ?, ?, ?, ?)");
    status.bind(1, h->code);
    status.bind(2, format_date(change.effective_from));
    status.bind(3, std::string(poverty_status_name(change.status)));
    status.bind(4, std::string(actor));
    status.bind(5, store_.now());
    status.exec();
    return read_household(code);
  });
}

// --- programs -------------------------------------------------------------------------------

Result<Program> SqliteLoanBook::read_program(std::string_view code) {
  auto q = cache_.get(
      "SELECT code, name_vi, name_en, currency, cap_amount, cap_per_month, "
      "max_term_months, eligible_statuses, escaped_window_months, day_count, "
      "rounding, installment_multiple, installment_rounding, "
      "overdue_multiplier_percent, basis, missed_rule_cutoff, allocation "
      "FROM programs WHERE code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return not_found("program", code);
  auto optional_column = [&](int i) -> std::optional<std::int64_t> {
    if (q->getColumn(i).isNull()) return std::nullopt;
    return q->getColumn(i).getInt64();
  };
  std::vector<RateChange> changes;
  auto rates = cache_.get(
      "SELECT effective_from, rate FROM program_rates WHERE program_code = ? "
      "ORDER BY effective_from");
  rates->bind(1, std::string(code));
  while (rates->executeStep()) {
    Result<Rate> rate = Rate::parse(rates->getColumn(1).getString());
    if (!rate) return with_context(fmt::format("program {} rate", code), rate.error());
    changes.push_back(RateChange{date_column(rates->getColumn(0)), rate.value()});
  }
  Result<RateHistory> history = RateHistory::make(std::move(changes));
  if (!history) return with_context(fmt::format("program {}", code), history.error());
  Result<Currency> currency = Currency::find(q->getColumn(3).getString());
  Result<DayCount> day_count = parse_day_count(q->getColumn(9).getString());
  Result<RoundingMode> rounding = parse_rounding_mode(q->getColumn(10).getString());
  Result<InstallmentRounding> installment_rounding =
      parse_installment_rounding(q->getColumn(12).getString());
  Result<AccountingBasis> basis = parse_accounting_basis(q->getColumn(14).getString());
  Result<Date> cutoff = parse_date(q->getColumn(15).getString());
  Result<std::vector<PaymentPart>> allocation = parse_allocation(q->getColumn(16).getString());
  if (!currency || !day_count || !rounding || !installment_rounding || !basis || !cutoff ||
      !allocation) {
    return make_error(ErrorCode::DataLoss, fmt::format("program {} has a malformed setting", code));
  }
  Program p{.code = q->getColumn(0).getString(),
            .name_vi = q->getColumn(1).getString(),
            .name_en = q->getColumn(2).getString(),
            .currency = currency.value(),
            .cap_amount = optional_column(4),
            .cap_per_month = optional_column(5),
            .max_term_months = std::nullopt,
            .eligible = {},
            .escaped_window_months = std::nullopt,
            .day_count = day_count.value(),
            .rounding = rounding.value(),
            .installment_multiple = q->getColumn(11).getInt64(),
            .installment_rounding = installment_rounding.value(),
            .overdue_multiplier_percent = q->getColumn(13).getInt(),
            .basis = basis.value(),
            .missed_rule_cutoff = cutoff.value(),
            .allocation = allocation.value(),
            .rates = std::move(history).value()};
  if (auto m = optional_column(6)) p.max_term_months = static_cast<int>(*m);
  if (auto w = optional_column(8)) p.escaped_window_months = static_cast<int>(*w);
  const std::string statuses = q->getColumn(7).getString();
  for (std::string_view status : text::split(statuses, ' ')) {
    if (status.empty()) continue;
    Result<PovertyStatus> s = parse_poverty_status(status);
    if (!s)
      return make_error(ErrorCode::DataLoss,
                        fmt::format("program {}: {}", code, s.error().message));
    p.eligible.push_back(s.value());
  }
  return p;
}

Result<std::vector<Program>> SqliteLoanBook::programs() {
  return guarded([&]() -> Result<std::vector<Program>> {
    SQLite::Statement q(db_, "SELECT code FROM programs ORDER BY code");
    std::vector<Program> out;
    while (q.executeStep()) {
      Result<Program> p = read_program(q.getColumn(0).getString());
      if (!p) return p.error();
      out.push_back(std::move(p).value());
    }
    return out;
  });
}

Result<Program> SqliteLoanBook::program(std::string_view code) {
  return guarded([&]() -> Result<Program> { return read_program(code); });
}

Result<Program> SqliteLoanBook::add_program_rate(std::string_view code, Date from, const Rate& rate,
                                                 std::string_view source, std::string_view actor) {
  if (!source.empty()) {
    if (Status s = check_text("source", source); !s) return s.error();
  }
  return write<Program>(actor, [&]() -> Result<Program> {
    Result<Program> p = read_program(code);
    if (!p) return p.error();
    if (Status s = check_open_period(from); !s) return s.error();
    SQLite::Statement last(db_,
                           "SELECT max(e.effective_date) FROM loan_events e "
                           "JOIN loans l ON l.id = e.loan_id WHERE l.program_code = ?");
    last.bind(1, std::string(code));
    last.executeStep();
    if (!last.getColumn(0).isNull() && format_date(from) <= last.getColumn(0).getString()) {
      return refused(fmt::format(
          "program {} has loan events up to {}, whose interest used the rates then in force; "
          "a new rate must start after that",
          code, last.getColumn(0).getString()));
    }
    for (const RateChange& c : p->rates.changes()) {
      if (c.effective_from == from) {
        return make_error(ErrorCode::AlreadyExists,
                          fmt::format("program {} already has a rate from {} ({})", code,
                                      format_date(from), c.rate.to_string()));
      }
    }
    SQLite::Statement insert(db_,
                             "INSERT INTO program_rates (program_code, effective_from, rate, "
                             "source, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, std::string(code));
    insert.bind(2, format_date(from));
    insert.bind(3, rate.to_string());
    insert.bind(4, std::string(source));
    insert.bind(5, std::string(actor));
    insert.bind(6, store_.now());
    insert.exec();
    return read_program(code);
  });
}

Result<Program> SqliteLoanBook::set_program(std::string_view code, std::string_view setting,
                                            std::string_view value, std::string_view actor) {
  // Each setting: its column and a check that turns the text into what is stored.
  std::string column;
  std::optional<std::int64_t> integer;
  std::string stored(value);
  auto positive_amount = [&](std::string_view field) -> Status {
    Result<Money> m = Money::parse(value, Currency::find("VND").value());
    if (!m || !m->is_positive())
      return invalid(fmt::format("{} {}: a positive amount", field, text::quoted(value)));
    integer = m->minor_units();
    return {};
  };
  Status check;
  if (setting == "day-count") {
    column = "day_count";
    if (Result<DayCount> r = parse_day_count(value); !r) check = r.error();
  } else if (setting == "rounding") {
    column = "rounding";
    if (Result<RoundingMode> r = parse_rounding_mode(value); !r) check = r.error();
  } else if (setting == "installment-rounding") {
    column = "installment_rounding";
    if (Result<InstallmentRounding> r = parse_installment_rounding(value); !r) check = r.error();
  } else if (setting == "basis") {
    column = "basis";
    if (Result<AccountingBasis> r = parse_accounting_basis(value); !r) check = r.error();
  } else if (setting == "allocation") {
    column = "allocation";
    Result<std::vector<PaymentPart>> r = parse_allocation(value);
    if (!r) {
      check = r.error();
    } else {
      stored = allocation_text(r.value());
    }
  } else if (setting == "installment-multiple") {
    column = "installment_multiple";
    check = positive_amount("installment multiple");
  } else if (setting == "cap") {
    column = "cap_amount";
    check = positive_amount("cap");
  } else if (setting == "overdue-multiplier" || setting == "max-term") {
    column = setting == "max-term" ? "max_term_months" : "overdue_multiplier_percent";
    std::string digits(value);
    if (setting == "overdue-multiplier" && digits.ends_with('%')) digits.pop_back();
    if (!text::all_digits(digits) || digits.size() > 4 || std::stoi(digits) == 0 ||
        (setting == "overdue-multiplier" && std::stoi(digits) < 100)) {
      check = invalid(fmt::format(
          "{} {}: {}", setting, text::quoted(value),
          setting == "max-term" ? "months, e.g. 120" : "a percentage of 100 or more, e.g. 130%"));
    } else {
      integer = std::stoi(digits);
    }
  } else {
    return invalid(
        fmt::format("setting {}: one of day-count, rounding, installment-multiple, "
                    "installment-rounding, overdue-multiplier, basis, cap, max-term",
                    text::quoted(setting)));
  }
  if (!check) return check.error();
  return write<Program>(actor, [&]() -> Result<Program> {
    Result<Program> p = read_program(code);
    if (!p) return p.error();
    SQLite::Statement loans(db_, "SELECT count(*) FROM loans WHERE program_code = ?");
    loans.bind(1, std::string(code));
    loans.executeStep();
    if (loans.getColumn(0).getInt64() > 0) {
      return refused(fmt::format(
          "program {} has {} loans whose history was computed with its settings; they are "
          "fixed now",
          code, loans.getColumn(0).getInt64()));
    }
    SQLite::Statement update(
        db_, fmt::format("UPDATE programs SET {} = ? WHERE code = ?", column).c_str());
    if (integer) {
      update.bind(1, *integer);
    } else {
      update.bind(1, stored);
    }
    update.bind(2, std::string(code));
    update.exec();
    SQLite::Statement change(db_,
                             "INSERT INTO program_changes (program_code, setting, value, actor, "
                             "recorded_at) VALUES (?, ?, ?, ?, ?)");
    change.bind(1, std::string(code));
    change.bind(2, std::string(setting));
    change.bind(3, integer ? std::to_string(*integer) : stored);
    change.bind(4, std::string(actor));
    change.bind(5, store_.now());
    change.exec();
    return read_program(code);
  });
}

// --- loans ----------------------------------------------------------------------------------

Result<LoanRecord> SqliteLoanBook::read_loan(std::string_view code) {
  auto q = cache_.get(std::string(kLoanQuery) + "WHERE l.code = ?");
  q->bind(1, std::string(code));
  if (!q->executeStep()) return not_found("loan", code);
  return loan_from_row(*q, nullptr);
}

Result<LoanRecord> SqliteLoanBook::read_loan(LoanId id, ProgramCache& programs) {
  auto q = cache_.get(std::string(kLoanQuery) + "WHERE l.id = ?");
  q->bind(1, id.value);
  if (!q->executeStep()) return not_found("loan", std::to_string(id.value));
  return loan_from_row(*q, &programs);
}

Result<LoanRecord> SqliteLoanBook::loan_from_row(SQLite::Statement& row, ProgramCache* programs) {
  SQLite::Statement* q = &row;
  const std::string code = q->getColumn(1).getString();
  const std::string program_code = q->getColumn(3).getString();
  Result<std::shared_ptr<const Program>> program = [&]() -> Result<std::shared_ptr<const Program>> {
    if (programs) {
      if (auto it = programs->find(program_code); it != programs->end()) return it->second;
    }
    Result<Program> read = read_program(program_code);
    if (!read) return read.error();
    auto shared = std::make_shared<const Program>(std::move(read).value());
    if (programs) programs->emplace(program_code, shared);
    return shared;
  }();
  if (!program) return program.error();
  Result<Currency> currency = Currency::find(q->getColumn(6).getString());
  Result<RepaymentMethod> method = parse_repayment_method(q->getColumn(9).getString());
  if (!currency || !method) {
    return make_error(ErrorCode::DataLoss, fmt::format("loan {} has a malformed contract", code));
  }
  LoanContract c{.id = LoanId{q->getColumn(0).getInt64()},
                 .code = q->getColumn(1).getString(),
                 .household = q->getColumn(2).getString(),
                 .program = q->getColumn(3).getString(),
                 .group = q->getColumn(4).getString(),
                 .officer = q->getColumn(5).getString(),
                 .approved = Money::from_minor(q->getColumn(7).getInt64(), currency.value()),
                 .term_months = q->getColumn(8).getInt(),
                 .method = method.value(),
                 .every_months = q->getColumn(10).getInt(),
                 .grace_principal_months = q->getColumn(11).getInt(),
                 .custom = custom_plan_from(q->getColumn(12).getString(), currency.value()),
                 .opened_on = date_column(q->getColumn(13)),
                 .course_end = std::nullopt,
                 .gdx_day = std::nullopt,
                 .cash_account = q->getColumn(16).getString()};
  if (!q->getColumn(14).isNull()) c.course_end = date_column(q->getColumn(14));
  if (!q->getColumn(15).isNull()) c.gdx_day = q->getColumn(15).getInt();
  LoanState state;
  if (!q->getColumn(17).isNull()) state = state_from_snapshot(q->getColumn(17).getString());
  return LoanRecord{std::move(c), std::move(program).value(), std::move(state)};
}

Result<LoanState> SqliteLoanBook::fold(const LoanRecord& loan, std::optional<Date> through,
                                       std::optional<std::int64_t> before_event) {
  struct Row {
    std::int64_t id;
    LoanEventKind kind;
    Date date;
    std::int64_t amount;
    nlohmann::json details;
  };
  std::vector<Row> rows;
  {
    auto q = cache_.get(
        "SELECT id, kind, effective_date, amount, details FROM loan_events "
        "WHERE loan_id = ? AND kind <> 'open' ORDER BY id");
    q->bind(1, loan.contract.id.value);
    while (q->executeStep()) {
      const std::int64_t id = q->getColumn(0).getInt64();
      const Date date = date_column(q->getColumn(2));
      if ((through && date > *through) || (before_event && id >= *before_event)) break;
      Result<LoanEventKind> kind = parse_loan_event_kind(q->getColumn(1).getString());
      if (!kind) return make_error(ErrorCode::DataLoss, kind.error().message);
      rows.push_back({id, kind.value(), date, q->getColumn(3).getInt64(),
                      nlohmann::json::parse(q->getColumn(4).getString())});
    }
  }
  // A reversal undoes the event it names, which was the loan's last when it was recorded.
  std::vector<std::int64_t> reversed;
  for (const Row& r : rows)
    if (r.kind == LoanEventKind::Reverse) reversed.push_back(r.details.at("reverses"));
  LoanState state;
  std::optional<LoanState> undone;  // the state with the reversed event, until its reversal
  for (const Row& r : rows) {
    Result<LoanTransition> t = make_error(ErrorCode::Internal, "");
    if (r.kind == LoanEventKind::Reverse) {
      if (!undone) return make_error(ErrorCode::DataLoss, "a reversal without its event");
      t = apply_reversal(*loan.program, loan.contract, state, *undone, r.date);
      undone.reset();
    } else {
      t = apply_event(*loan.program, loan.contract, state,
                      LoanEvent{r.kind, r.date, r.amount, r.details.value("years", 0),
                                r.details.value("interest_amount", std::int64_t{0})});
    }
    if (!t) {
      return make_error(ErrorCode::DataLoss, fmt::format("loan {}: its events do not replay: {}",
                                                         loan.contract.code, t.error().message));
    }
    if (std::find(reversed.begin(), reversed.end(), r.id) != reversed.end()) {
      undone = std::move(t->state);  // the state stays as it was before the event
    } else {
      state = std::move(t->state);
    }
  }
  // Folded up to a date between an event and its reversal: the event stands.
  if (undone) state = std::move(*undone);
  return state;
}

Result<LoanOutcome> SqliteLoanBook::reverse_last(const LoanOperation& op, std::string_view actor) {
  if (Status s = check_code_field("reason", op.reason); !s) return s.error();
  return write<LoanOutcome>(actor, [&]() -> Result<LoanOutcome> {
    Result<LoanRecord> loan = read_loan(op.loan);
    if (!loan) return loan.error();
    std::int64_t last_id = 0;
    std::string last_kind;
    std::int64_t last_amount = 0;
    nlohmann::json last_details;
    {
      auto q = cache_.get(
          "SELECT id, kind, amount, details FROM loan_events WHERE loan_id = ? "
          "ORDER BY id DESC LIMIT 1");
      q->bind(1, loan->contract.id.value);
      if (!q->executeStep()) return not_found("loan", op.loan);
      last_id = q->getColumn(0).getInt64();
      last_kind = q->getColumn(1).getString();
      last_amount = q->getColumn(2).getInt64();
      last_details = nlohmann::json::parse(q->getColumn(3).getString());
    }
    // The key names the event reversed: reversing it again is already recorded.
    const std::int64_t target =
        last_kind == "reverse" ? last_details.at("reverses").get<std::int64_t>() : last_id;
    const std::string key =
        op.key.empty() ? fmt::format("reverse:{}:event-{}", op.loan, target) : op.key;
    const std::string digest = sha256_hex(
        fmt::format("reverse|{}|{}|{}|{}", op.loan, target, format_date(op.date), op.reason));
    Result<std::optional<LoanOutcome>> previous = recorded(key, digest);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    static const char* const kReversible[] = {"disburse", "collect-interest", "repay", "pay",
                                              "recover"};
    if (std::find(std::begin(kReversible), std::end(kReversible), last_kind) ==
        std::end(kReversible)) {
      return refused(fmt::format(
          "the last event of loan {} is {} (event {}); only the last event can be reversed, and "
          "only a disbursement, interest collection, repayment, payment or recovery",
          op.loan, last_kind == "reverse" ? "already a reversal" : "a " + last_kind, last_id));
    }
    if (Status s = check_open_period(op.date); !s) return s.error();
    Result<LoanState> before = fold(loan.value(), std::nullopt, last_id);
    if (!before) return before.error();
    Result<LoanTransition> t =
        apply_reversal(*loan->program, loan->contract, before.value(), loan->state, op.date);
    if (!t) return t.error();
    LoanOperation recorded_op = op;
    recorded_op.amount = Money::from_minor(last_amount, loan->program->currency);
    nlohmann::json details = split_json(t->split);
    details["reverses"] = last_id;
    details["reversed_kind"] = last_kind;
    details["reason"] = op.reason;
    SqliteStore::Writer writer = store_.begin_writer(actor);
    return record(writer, loan.value(), recorded_op, key, digest, t.value(), details.dump(),
                  state_text(t->state));
  });
}

void SqliteLoanBook::save_state(LoanId id, std::int64_t event_id, const std::string& state) {
  auto upsert = cache_.get(
      "INSERT INTO loan_states (loan_id, event_id, state) VALUES (?, ?, ?) "
      "ON CONFLICT (loan_id) DO UPDATE SET event_id = excluded.event_id, "
      "state = excluded.state");
  upsert->bind(1, id.value);
  upsert->bind(2, event_id);
  upsert->bind(3, state);
  upsert->exec();
}

std::int64_t SqliteLoanBook::insert_event(LoanId loan, std::string_view kind, Date date,
                                          std::int64_t amount, const std::string& details,
                                          const std::string& key, const std::string& digest,
                                          std::string_view actor, const std::string& recorded_at,
                                          std::optional<EntryId> entry) {
  auto insert = cache_.get(
      "INSERT INTO loan_events (loan_id, kind, effective_date, amount, "
      "details, idempotency_key, request_digest, actor, recorded_at, "
      "entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind(1, loan.value);
  insert->bind(2, std::string(kind));
  insert->bind(3, format_date(date));
  insert->bind(4, amount);
  insert->bind(5, details);
  insert->bind(6, key);
  insert->bind(7, digest);
  insert->bind(8, std::string(actor));
  insert->bind(9, recorded_at);
  if (entry) insert->bind(10, entry->value);
  insert->exec();
  return db_.getLastInsertRowid();
}

Result<std::optional<LoanOutcome>> SqliteLoanBook::recorded(const std::string& key,
                                                            const std::string& digest) {
  // Every loan event's key, given or derived, is text like a journal entry's.
  if (Status s = check_text("key", key); !s) return s.error();
  auto q = cache_.get(
      "SELECT e.id, e.request_digest, e.entry_id, e.details, l.code "
      "FROM loan_events e JOIN loans l ON l.id = e.loan_id "
      "WHERE e.idempotency_key = ?");
  q->bind(1, key);
  if (!q->executeStep()) return std::optional<LoanOutcome>();
  if (q->getColumn(1).getString() != digest) {
    return make_error(ErrorCode::IdempotencyConflict,
                      fmt::format("key {} was already used by loan event {} with different content",
                                  text::quoted(key), q->getColumn(0).getInt64()));
  }
  LoanOutcome outcome;
  outcome.loan = q->getColumn(4).getString();
  outcome.event_id = q->getColumn(0).getInt64();
  if (!q->getColumn(2).isNull()) outcome.entry = EntryId{q->getColumn(2).getInt64()};
  outcome.already_recorded = true;
  outcome.split = split_from(nlohmann::json::parse(q->getColumn(3).getString()));
  return std::optional<LoanOutcome>(outcome);
}

Result<LoanOutcome> SqliteLoanBook::open_loan(const NewLoan& n, std::string_view actor) {
  if (Status s = check_code("loan", n.code); !s) return s.error();
  if (!n.amount.is_positive())
    return invalid_field("amount", ": the approved amount must be positive");
  if (!n.officer.empty()) {
    if (Status s = check_code("officer", n.officer); !s) return s.error();
  }
  const std::string key = n.key.empty() ? "open:" + n.code : n.key;
  const std::string digest = sha256_hex(fmt::format(
      "open|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", n.code, n.household, n.program, n.officer,
      n.amount.minor_units(), n.amount.currency().code(), n.term_months, format_date(n.date),
      repayment_method_name(n.method), n.every_months, n.grace_principal_months,
      n.course_end ? format_date(*n.course_end) : "", custom_plan_text(n.custom)));
  return write<LoanOutcome>(actor, [&]() -> Result<LoanOutcome> {
    Result<std::optional<LoanOutcome>> previous = recorded(key, digest);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = check_open_period(n.date); !s) return s.error();
    SQLite::Statement exists(db_, "SELECT 1 FROM loans WHERE code = ?");
    exists.bind(1, n.code);
    if (exists.executeStep()) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("loan {} already exists", text::quoted(n.code)));
    }
    Result<Household> household = read_household(n.household);
    if (!household) return household.error();
    Result<Program> program = read_program(n.program);
    if (!program) return program.error();
    if (!n.officer.empty()) {
      SQLite::Statement officer(db_, "SELECT 1 FROM officers WHERE code = ?");
      officer.bind(1, n.officer);
      if (!officer.executeStep()) return not_found("officer", n.officer);
    }
    if (!(n.amount.currency() == program->currency)) {
      return invalid_field("amount", fmt::format(": program {} lends in {}", program->code,
                                                 program->currency.code()));
    }
    SQLite::Statement commune(db_, "SELECT gdx_day FROM communes WHERE code = ?");
    commune.bind(1, household->commune);
    commune.executeStep();
    std::optional<int> gdx_day;
    if (!commune.getColumn(0).isNull()) gdx_day = commune.getColumn(0).getInt();

    LoanContract c{.id = LoanId{0},
                   .code = n.code,
                   .household = n.household,
                   .program = n.program,
                   .group = household->group,
                   .officer = n.officer,
                   .approved = n.amount,
                   .term_months = n.term_months,
                   .method = n.method,
                   .every_months = n.every_months,
                   .grace_principal_months = n.grace_principal_months,
                   .custom = n.custom,
                   .opened_on = n.date,
                   .course_end = n.course_end,
                   .gdx_day = gdx_day,
                   .cash_account = ""};
    const std::string amount = format(n.amount, MoneyFormat::GroupedEnglish);
    if (program->cap_per_month) {
      // Student loans: term and plan follow from the course (DOMAIN.md V6).
      if (!n.course_end) {
        return invalid_field(
            "course_end",
            fmt::format(": program {} lends for a course; give its end", program->code));
      }
      Result<StudentPlan> plan = student_plan(n.date, *n.course_end, gdx_day);
      if (!plan) return plan.error();
      const std::int64_t cap = *program->cap_per_month * plan->disbursement_months;
      if (n.amount.minor_units() > cap) {
        return refused(fmt::format(
            "amount {} is over program {}'s cap of {} ({} months of study at {} a month)", amount,
            program->code, format_minor(cap, program->currency, MoneyFormat::GroupedEnglish),
            plan->disbursement_months,
            format_minor(*program->cap_per_month, program->currency, MoneyFormat::GroupedEnglish)));
      }
      c.term_months = plan->term_months;
      c.method = RepaymentMethod::EqualPrincipal;
      c.every_months = plan->every_months;
      c.grace_principal_months = plan->grace_principal_months;
    } else if (n.course_end) {
      return invalid_field("course_end",
                           fmt::format(": program {} is not a student program", program->code));
    }
    if (program->cap_amount && n.amount.minor_units() > *program->cap_amount) {
      return refused(fmt::format(
          "amount {} is over program {}'s cap of {}", amount, program->code,
          format_minor(*program->cap_amount, program->currency, MoneyFormat::GroupedEnglish)));
    }
    if (program->max_term_months && c.term_months > *program->max_term_months) {
      return refused(fmt::format("a term of {} months is over program {}'s {} months",
                                 c.term_months, program->code, *program->max_term_months));
    }
    if (Result<Schedule> s = Schedule::build(schedule_terms(*program, c, n.amount, n.date)); !s)
      return s.error();

    SQLite::Statement insert(
        db_,
        "INSERT INTO loans (code, household_code, program_code, group_code, officer_code, "
        "currency, approved_amount, term_months, method, every_months, grace_principal_months, "
        "custom_plan, opened_on, course_end, gdx_day, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, c.code);
    insert.bind(2, c.household);
    insert.bind(3, c.program);
    insert.bind(4, c.group);
    if (!c.officer.empty()) insert.bind(5, c.officer);
    insert.bind(6, std::string(program->currency.code()));
    insert.bind(7, c.approved.minor_units());
    insert.bind(8, c.term_months);
    insert.bind(9, std::string(repayment_method_name(c.method)));
    insert.bind(10, c.every_months);
    insert.bind(11, c.grace_principal_months);
    insert.bind(12, custom_plan_text(c.custom));
    insert.bind(13, format_date(c.opened_on));
    if (c.course_end) insert.bind(14, format_date(*c.course_end));
    if (c.gdx_day) insert.bind(15, *c.gdx_day);
    insert.bind(16, store_.now());
    insert.exec();
    const LoanId id{db_.getLastInsertRowid()};
    const std::int64_t event = insert_event(id, "open", n.date, n.amount.minor_units(), "{}", key,
                                            digest, actor, store_.now(), std::nullopt);
    save_state(id, event, state_text(LoanState{}));
    LoanOutcome outcome;
    outcome.loan = n.code;
    outcome.event_id = event;
    return outcome;
  });
}

Result<LoanOutcome> SqliteLoanBook::apply(const LoanOperation& op, std::string_view actor) {
  if (op.kind == LoanEventKind::Reverse) return reverse_last(op, actor);
  if (op.kind == LoanEventKind::Accrue)
    return invalid("accrue: interest is accrued by the month-end close (socai close)");
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
  const std::string amount = format(op.amount, MoneyFormat::Plain);
  // The derived key names everything the operation is about: an extension's months, the
  // installment adjusted, a freeze's years, the interest written off.
  std::string extra;
  if (write_off) extra = fmt::format("+{}", op.interest_amount);
  if (freeze || reschedule) extra = fmt::format("/{}", op.years);
  const std::string key = op.key.empty() ? fmt::format("{}:{}:{}:{}{}", kind, op.loan,
                                                       format_date(op.date), amount, extra)
                                         : op.key;
  const std::string digest = sha256_hex(fmt::format(
      "{}|{}|{}|{}|{}|{}|{}|{}|{}", kind, op.loan, format_date(op.date), amount,
      op.amount.currency().code(), op.years, op.reason, op.approval, op.interest_amount));
  return write<LoanOutcome>(actor, [&]() -> Result<LoanOutcome> {
    Result<LoanRecord> loan = read_loan(op.loan);
    if (!loan) return loan.error();
    Result<std::optional<LoanOutcome>> previous = recorded(key, digest);
    if (!previous) return previous.error();
    if (*previous) return **previous;
    if (Status s = check_open_period(op.date); !s) return s.error();
    if (!(op.amount.currency() == loan->program->currency)) {
      return invalid_field(
          "amount", fmt::format(": loan {} is in {}", op.loan, loan->program->currency.code()));
    }
    if (op.kind == LoanEventKind::Disburse) {
      Result<Household> household = read_household(loan->contract.household);
      if (!household) return household.error();
      if (Status s = check_eligibility(*loan->program, household->statuses, op.date); !s)
        return s.error();
    }
    Result<LoanTransition> t = apply_event(
        *loan->program, loan->contract, loan->state,
        LoanEvent{op.kind, op.date, op.amount.minor_units(), op.years, op.interest_amount});
    if (!t) return t.error();
    nlohmann::json details = split_json(t->split);
    if (freeze || write_off || reschedule) {
      details["years"] = op.years;
      details["interest_amount"] = op.interest_amount;
      details["reason"] = op.reason;
      details["approval"] = op.approval;
    }
    SqliteStore::Writer writer = store_.begin_writer(actor);
    return record(writer, loan.value(), op, key, digest, t.value(), details.dump(),
                  state_text(t->state));
  });
}

Result<LoanOutcome> SqliteLoanBook::record(SqliteStore::Writer& writer, const LoanRecord& loan,
                                           const LoanOperation& op, const std::string& key,
                                           const std::string& digest, const LoanTransition& t,
                                           const std::string& details, const std::string& state) {
  for (const OverdueTransfer& transfer : t.transfers) {
    const bool unfreeze = transfer.kind == TransferKind::Unfreeze;
    EntrySpec moved{
        .date = transfer.effective,
        .kind = unfreeze ? "freeze-end" : "transfer-to-overdue",
        .memo = unfreeze ? fmt::format("Freeze of loan {} ended {}: principal back in term",
                                       op.loan, format_date(transfer.due_date))
                         : fmt::format("Unpaid principal of loan {} due {} moved to overdue",
                                       op.loan, format_date(transfer.due_date)),
        .key = fmt::format("loan:{}:{}:{}", op.loan, unfreeze ? "freeze-end" : "overdue",
                           format_date(transfer.due_date)),
        .loan = loan.contract.id,
        .postings = transfer_postings(*loan.program, loan.contract, transfer)};
    Result<PostOutcome> posted = store_.append(writer, moved, std::nullopt);
    if (!posted) return with_context(unfreeze ? "freeze end" : "overdue transfer", posted.error());
  }
  std::optional<EntryId> entry;
  if (!t.postings.empty()) {
    EntrySpec spec{.date = op.date,
                   .kind = entry_kind(op.kind),
                   .memo = entry_memo(op.kind, op.loan),
                   .key = "loan:" + key,
                   .loan = loan.contract.id,
                   .postings = t.postings};
    Result<PostOutcome> posted = store_.append(writer, spec, std::nullopt);
    if (!posted) return posted.error();
    if (posted->already_recorded) {
      return make_error(
          ErrorCode::IdempotencyConflict,
          fmt::format("journal key {} is already used by entry {}", spec.key, posted->id.value));
    }
    entry = posted->id;
  }
  const std::int64_t event =
      insert_event(loan.contract.id, loan_event_kind_name(op.kind), op.date,
                   op.amount.minor_units(), details, key, digest, writer.actor, writer.now, entry);
  save_state(loan.contract.id, event, state);
  return LoanOutcome{op.loan, event, entry, false, t.split, t.transfers};
}

Result<LoanView> SqliteLoanBook::view(const LoanRecord& loan, std::optional<Date> as_of) {
  LoanState state = loan.state;
  Date day = as_of.value_or(state.last_event_on.value_or(loan.contract.opened_on));
  if (as_of) {
    // On or after the last event the snapshot is the fold: only an earlier day needs one.
    if (state.last_event_on && *as_of < *state.last_event_on) {
      Result<LoanState> folded = fold(loan, as_of, std::nullopt);
      if (!folded) return folded.error();
      state = std::move(folded).value();
    }
  } else {
    const Date today{std::chrono::floor<date::days>(std::chrono::system_clock::now())};
    day = std::max(day, today);
  }
  LoanView v{.contract = loan.contract,
             .program = loan.program->code,
             .currency = loan.program->currency,
             .status = "approved",
             .as_of = day,
             .state = state,
             .interest_due = {},
             .next_due_date = std::nullopt,
             .days_past_due = 0,
             .maturity = due_date(loan.contract.opened_on, loan.contract.term_months,
                                  loan.contract.gdx_day)};
  Result<InterestDue> due = interest_due_on(*loan.program, loan.contract, state, day);
  if (!due) return due.error();
  // The balances on the day, with the due dates passed since the last event settled.
  Result<LoanState> on_day = state_on(*loan.program, loan.contract, state, day);
  if (!on_day) return on_day.error();
  state = std::move(on_day).value();
  v.state = state;
  v.interest_due = due.value();
  if (state.disbursed > 0) {
    v.status = state.repaid_in_full() && state.written_off() ? "written-off"
               : state.repaid_in_full()                      ? "closed"
               : state.frozen > 0                            ? "frozen"
               : state.overdue > 0                           ? "overdue"
                                                             : "in-term";
    Result<Schedule> schedule = socai::loan_schedule(*loan.program, loan.contract, state);
    if (!schedule) return schedule.error();
    v.maturity = schedule->periods().back().due_date;
    v.contract.term_months = static_cast<int>(schedule->periods().size());
    for (const SchedulePeriod& p : schedule->periods()) {
      if (p.due_date >= day && state.principal() > 0) {
        v.next_due_date = p.due_date;
        break;
      }
    }
    Result<std::int64_t> late = days_past_due(*loan.program, loan.contract, state, day);
    if (!late) return late.error();
    v.days_past_due = late.value();
    Result<std::int64_t> due = principal_due_on(*loan.program, loan.contract, state, day);
    if (!due) return due.error();
    v.principal_due = state.overdue + due.value();
  }
  return v;
}

Result<LoanView> SqliteLoanBook::loan(std::string_view code, std::optional<Date> as_of) {
  return guarded([&]() -> Result<LoanView> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return view(loan.value(), as_of);
  });
}

Result<std::vector<LoanView>> SqliteLoanBook::loans(std::optional<Date> as_of) {
  return guarded([&]() -> Result<std::vector<LoanView>> {
    SQLite::Statement q(db_, "SELECT code FROM loans ORDER BY code");
    std::vector<LoanView> out;
    while (q.executeStep()) {
      Result<LoanRecord> loan = read_loan(q.getColumn(0).getString());
      if (!loan) return loan.error();
      Result<LoanView> v = view(loan.value(), as_of);
      if (!v) return v.error();
      out.push_back(std::move(v).value());
    }
    return out;
  });
}

Result<Schedule> SqliteLoanBook::loan_schedule(std::string_view code) {
  return guarded([&]() -> Result<Schedule> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    if (loan->state.first_disbursed_on)
      return socai::loan_schedule(*loan->program, loan->contract, loan->state);
    return Schedule::build(schedule_terms(*loan->program, loan->contract, loan->contract.approved,
                                          loan->contract.opened_on));
  });
}

Result<LoanState> SqliteLoanBook::rebuild_state(std::string_view code) {
  return guarded([&]() -> Result<LoanState> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return fold(loan.value(), std::nullopt, std::nullopt);
  });
}

Result<LoanState> SqliteLoanBook::stored_state(std::string_view code) {
  return guarded([&]() -> Result<LoanState> {
    Result<LoanRecord> loan = read_loan(code);
    if (!loan) return loan.error();
    return loan->state;
  });
}

}  // namespace store

Result<std::unique_ptr<LoanBook>> open_loan_book(Store& store) {
  auto* sqlite = dynamic_cast<store::SqliteStore*>(&store);
  if (!sqlite) return make_error(ErrorCode::Internal, "the loan book needs a SQLite ledger");
  return std::unique_ptr<LoanBook>(std::make_unique<store::SqliteLoanBook>(*sqlite));
}

}  // namespace socai
