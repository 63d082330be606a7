// The loan state snapshot kept in loan_states: its text, and reading it back fast.
#include <fmt/format.h>

#include <array>
#include <cassert>
#include <nlohmann/json.hpp>
#include <optional>

#include "exact_text.hpp"
#include "store/sqlite_loan_book.hpp"

namespace socai::store {
namespace {

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

}  // namespace

std::string snapshot_text(const LoanState& state) {
  return state_text(state);
}

LoanState state_from_snapshot(const std::string& snapshot) {
  SnapshotReader reader;
  if (std::optional<LoanState> s = reader.read(snapshot)) return std::move(*s);
  return state_from_json(nlohmann::json::parse(snapshot));
}

}  // namespace socai::store
