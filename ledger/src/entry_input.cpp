#include "ledger/entry_input.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "csv_reader.hpp"
#include "text.hpp"

namespace socai {
namespace {

using nlohmann::json;

Error invalid(std::string message) {
  return make_error(ErrorCode::InvalidArgument, std::move(message));
}

// What a JSON file of entries may hold: an entry is nested 4 deep (array, entry, postings,
// posting); and as many values as the CSV reader's fields, so that reading a file allocates a
// bounded amount whatever it holds.
constexpr int kMaxJsonDepth = 16;
constexpr std::size_t kMaxJsonValues = csv::kMaxFields;

// Thrown by the parser's callback to stop at a bound.
struct JsonBound {
  std::string why;
};

Result<Currency> currency_or_vnd(std::string_view code) {
  return Currency::find(code.empty() ? std::string_view("VND") : code);
}

// A JSON field that must be a string when present.
Result<std::string> json_string(const json& object, const char* field, bool required) {
  auto it = object.find(field);
  if (it == object.end()) {
    if (required) return invalid(fmt::format("{}: missing", field));
    return std::string();
  }
  if (!it->is_string()) return invalid(fmt::format("{}: must be a string", field));
  return it->get<std::string>();
}

Result<std::optional<LoanId>> json_loan(const json& object) {
  auto it = object.find("loan");
  if (it == object.end() || it->is_null()) return std::optional<LoanId>();
  if (it->is_number_integer()) {
    const auto id = it->get<std::int64_t>();
    if (id > 0) return std::optional<LoanId>(LoanId{id});
  } else if (it->is_string()) {
    Result<LoanId> id = parse_loan_id(it->get<std::string>());
    if (!id) return id.error();
    return std::optional<LoanId>(id.value());
  }
  return invalid("loan: must be a positive integer");
}

Result<Money> json_amount(const json& posting, Currency currency) {
  auto it = posting.find("amount");
  if (it == posting.end()) return invalid("amount: missing");
  if (it->is_string()) return Money::parse(it->get<std::string>(), currency);
  if (it->is_number_integer() && currency.exponent() == 0) {
    const bool over =
        it->is_number_unsigned()
            ? it->get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxAmount)
            : it->get<std::int64_t>() > kMaxAmount || it->get<std::int64_t>() < -kMaxAmount;
    if (over) {
      return make_error(ErrorCode::OutOfRange, "amount: too large: at most 10^15 minor units");
    }
    return Money::from_minor(it->get<std::int64_t>(), currency);
  }
  return invalid(fmt::format(
      "amount: must be a string such as \"-10.50\"{}",
      currency.exponent() == 0 ? " or an integer" : " (never a JSON number with decimals)"));
}

Result<EntrySpec> json_entry(const json& object) {
  if (!object.is_object()) return invalid("must be an object");
  for (const auto& [name, value] : object.items()) {
    if (name != "date" && name != "key" && name != "memo" && name != "kind" && name != "loan" &&
        name != "postings") {
      return invalid(fmt::format("unknown field {}", text::quoted(name)));
    }
  }
  EntrySpec entry;
  Result<std::string> date_text = json_string(object, "date", true);
  if (!date_text) return date_text.error();
  Result<Date> date = parse_date(date_text.value());
  if (!date) return with_context("date", date.error());
  entry.date = date.value();
  Result<std::string> key = json_string(object, "key", true);
  if (!key) return key.error();
  entry.key = key.value();
  Result<std::string> memo = json_string(object, "memo", false);
  if (!memo) return memo.error();
  entry.memo = memo.value();
  Result<std::string> kind = json_string(object, "kind", false);
  if (!kind) return kind.error();
  if (!kind->empty()) entry.kind = kind.value();
  Result<std::optional<LoanId>> loan = json_loan(object);
  if (!loan) return loan.error();
  entry.loan = loan.value();

  auto postings = object.find("postings");
  if (postings == object.end() || !postings->is_array())
    return invalid("postings: must be an array of postings");
  for (std::size_t i = 0; i < postings->size(); ++i) {
    const json& p = (*postings)[i];
    const std::string where = fmt::format("posting {}", i + 1);
    if (!p.is_object()) return invalid(where + ": must be an object");
    for (const auto& [name, value] : p.items()) {
      if (name != "account" && name != "amount" && name != "currency" && name != "loan")
        return invalid(fmt::format("{}: unknown field {}", where, text::quoted(name)));
    }
    Result<std::string> account = json_string(p, "account", true);
    if (!account) return with_context(where, account.error());
    Result<std::string> code = json_string(p, "currency", false);
    if (!code) return with_context(where, code.error());
    Result<Currency> currency = currency_or_vnd(code.value());
    if (!currency) return with_context(where, currency.error());
    Result<Money> amount = json_amount(p, currency.value());
    if (!amount) return with_context(where, amount.error());
    Result<std::optional<LoanId>> posting_loan = json_loan(p);
    if (!posting_loan) return with_context(where, posting_loan.error());
    entry.postings.push_back(PostingSpec{account.value(), amount.value(), posting_loan.value()});
  }
  return entry;
}

}  // namespace

Result<LoanId> parse_loan_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || id <= 0 ||
      text.front() == '+') {
    return invalid(fmt::format("loan {}: must be a positive integer", text::quoted(text)));
  }
  return LoanId{id};
}

Result<PostingSpec> parse_posting_argument(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return invalid(
        fmt::format("posting {}: expected ACCOUNT=AMOUNT [CURRENCY]", text::quoted(text)));
  }
  std::string_view account = text.substr(0, equals);
  std::string_view value = text.substr(equals + 1);
  std::string_view code = "VND";
  if (value.size() > 4 && value[value.size() - 4] == ' ') {
    std::string_view suffix = value.substr(value.size() - 3);
    bool letters = true;
    // Any three letters are a currency code; an unknown or lower-case one is refused by name.
    for (char c : suffix) letters = letters && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    if (letters) {
      code = suffix;
      value.remove_suffix(4);
    }
  }
  Result<Currency> currency = Currency::find(code);
  if (!currency)
    return with_context(fmt::format("posting {}", text::quoted(text)), currency.error());
  Result<Money> amount = Money::parse(value, currency.value());
  if (!amount) return with_context(fmt::format("posting {}", text::quoted(text)), amount.error());
  return PostingSpec{std::string(account), amount.value(), std::nullopt};
}

Result<std::vector<EntrySpec>> parse_entries_json(std::string_view text) {
  // A field given twice in one object is refused, not resolved by keeping one of its values:
  // the first such field, and the entry it is in (counted as the entries are).
  std::optional<std::pair<std::size_t, std::string>> repeated;
  std::vector<std::set<std::string>> objects;  // the fields of each object open
  bool array = false;
  std::size_t entry = 0;
  std::size_t values = 0;
  const json::parser_callback_t watch = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth > kMaxJsonDepth)
      throw JsonBound{fmt::format("values nested more than {} deep", kMaxJsonDepth)};
    if (event != json::parse_event_t::object_end && event != json::parse_event_t::array_end &&
        ++values > kMaxJsonValues) {
      throw JsonBound{
          fmt::format("more than {} values; split it into smaller files", kMaxJsonValues)};
    }
    switch (event) {
      case json::parse_event_t::array_start:
        if (depth == 0) array = true;
        break;
      case json::parse_event_t::object_start:
        if (depth == (array ? 1 : 0)) ++entry;
        objects.emplace_back();
        break;
      case json::parse_event_t::key:
        if (!objects.empty() && !objects.back().insert(parsed.get<std::string>()).second &&
            !repeated)
          repeated.emplace(entry, parsed.get<std::string>());
        break;
      case json::parse_event_t::object_end:
        if (!objects.empty()) objects.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  json document;
  try {
    document = json::parse(text.begin(), text.end(), watch, false);
  } catch (const JsonBound& bound) {
    return invalid(fmt::format("the file holds {}", bound.why));
  }
  if (document.is_discarded()) return invalid("the file is not valid JSON");
  if (repeated) {
    return invalid(fmt::format("entry {}: field {} is given twice", repeated->first,
                               text::quoted(repeated->second)));
  }
  std::vector<EntrySpec> entries;
  if (document.is_object()) {
    Result<EntrySpec> entry = json_entry(document);
    if (!entry) return with_context("entry 1", entry.error());
    entries.push_back(std::move(entry).value());
  } else if (document.is_array()) {
    for (std::size_t i = 0; i < document.size(); ++i) {
      Result<EntrySpec> entry = json_entry(document[i]);
      if (!entry) return with_context(fmt::format("entry {}", i + 1), entry.error());
      entries.push_back(std::move(entry).value());
    }
  } else {
    return invalid("the file must hold an entry object or an array of entries");
  }
  if (entries.empty()) return invalid("the file holds no entry");
  return entries;
}

Result<std::vector<EntrySpec>> parse_entries_csv(std::string_view text) {
  Result<std::vector<csv::Record>> records = csv::read(text);
  if (!records) return records.error();
  if (records->empty()) return invalid("the file is empty");
  std::map<std::string, std::size_t> column;
  const csv::Record& header = records->front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    if (name != "key" && name != "date" && name != "memo" && name != "account" &&
        name != "amount" && name != "currency" && name != "kind" && name != "loan") {
      return invalid(fmt::format("line {}: unknown column {}", header.line, text::quoted(name)));
    }
    if (!column.emplace(name, i).second)
      return invalid(fmt::format("line {}: column {} appears twice", header.line, name));
  }
  for (const char* required : {"key", "date", "account", "amount"}) {
    if (!column.contains(required))
      return invalid(fmt::format("line {}: missing column {}", header.line, required));
  }
  std::vector<EntrySpec> entries;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const csv::Record& record = records.value()[r];
    if (record.fields.size() != header.fields.size()) {
      return invalid(fmt::format("line {}: {} fields, the header has {}", record.line,
                                 record.fields.size(), header.fields.size()));
    }
    auto field = [&](const char* name) -> std::string {
      auto it = column.find(name);
      return it == column.end() ? std::string() : record.fields[it->second];
    };
    auto at = [&](const char* name) { return fmt::format("line {}: {}", record.line, name); };
    Result<Date> date = parse_date(field("date"));
    if (!date) return with_context(at("date"), date.error());
    Result<Currency> currency = currency_or_vnd(field("currency"));
    if (!currency) return with_context(at("currency"), currency.error());
    Result<Money> amount = Money::parse(field("amount"), currency.value());
    if (!amount) return with_context(at("amount"), amount.error());
    std::optional<LoanId> loan;
    if (!field("loan").empty()) {
      Result<LoanId> id = parse_loan_id(field("loan"));
      if (!id) return with_context(at("loan"), id.error());
      loan = id.value();
    }
    const std::string key = field("key");
    const std::string kind = field("kind").empty() ? "manual" : field("kind");
    if (entries.empty() || entries.back().key != key) {
      entries.push_back(EntrySpec{.date = date.value(),
                                  .kind = kind,
                                  .memo = field("memo"),
                                  .key = key,
                                  .loan = std::nullopt,
                                  .postings = {}});
    } else if (entries.back().date != date.value() || entries.back().kind != kind ||
               entries.back().memo != field("memo")) {
      return invalid(fmt::format("line {}: rows of entry {} disagree on date, kind or memo",
                                 record.line, text::quoted(key)));
    }
    entries.back().postings.push_back(PostingSpec{field("account"), amount.value(), loan});
  }
  if (entries.empty()) return invalid("the file holds no entry");
  return entries;
}

}  // namespace socai
