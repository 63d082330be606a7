// Batch import of loan officers' CSV files (ledger/import.hpp, schemas/import/README.md): each
// row carried out through the loan book. Reading a file and its header: import_file.cpp.
#include "ledger/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "import_text.hpp"
#include "text.hpp"

namespace socai {
namespace {

using import_text::name_text;
using import_text::trimmed;

// A refusal by the library, or a value the ledger could not take; anything else (a busy or
// damaged ledger, a bug) ends the import.
bool is_refusal(ErrorCode code) {
  return code != ErrorCode::Unavailable && code != ErrorCode::DataLoss &&
         code != ErrorCode::Internal;
}

// "amount '50.000': ambiguous ..." -> "ambiguous ...": the line names the column and value.
std::string without_subject(std::string reason, std::string_view value) {
  const std::string subject = " " + text::quoted(value) + ": ";
  const std::size_t at = reason.find(subject);
  if (at != std::string::npos && reason.find(' ') == at && reason.find(':') > at)
    return reason.substr(at + subject.size());
  return reason;
}

struct LoanInfo {
  std::string household;
  Currency currency;
};

class Importer {
 public:
  Importer(LoanBook& book, const ImportFile& file, std::string_view actor)
      : book_(book), file_(file), actor_(actor) {
    for (std::size_t i = 0; i < file.columns.size(); ++i) index_[file.columns[i]] = i;
  }

  // Applies one row; an error returned is not the row's but the ledger's, and ends the import.
  Status apply(const ImportFile::Row& row, ImportReport& report) {
    row_ = &row;
    errors_ = 0;
    wrote_ = false;
    if (row.fields.size() != file_.columns.size()) {
      refuse(report, "", "",
             fmt::format("{} fields, the header has {}", row.fields.size(), file_.columns.size()));
      return {};
    }
    Result<int> writes = [&]() -> Result<int> {
      switch (file_.kind) {
        case ImportKind::Households:
          return household(report);
        case ImportKind::Groups:
          return group(report);
        case ImportKind::Loans:
          return loan(report);
        case ImportKind::Disbursements:
          return operation(report, LoanEventKind::Disburse);
        case ImportKind::Repayments:
          return operation(report, LoanEventKind::Pay);
        case ImportKind::Collections:
          return collection(report);
      }
      return 0;
    }();
    if (!writes) return writes.error();
    if (errors_ == 0 && writes.value() > 0) (wrote_ ? report.recorded : report.already_recorded)++;
    return {};
  }

 private:
  std::string field(std::string_view column) const {
    auto it = index_.find(column);
    return it == index_.end() ? std::string() : trimmed(row_->fields[it->second]);
  }
  std::string raw(std::string_view column) const {
    auto it = index_.find(column);
    return it == index_.end() ? std::string() : row_->fields[it->second];
  }

  void refuse(ImportReport& report, std::string column, std::string value, std::string reason) {
    ++errors_;
    report.refused.push_back(
        ImportRowError{row_->line, std::move(column), std::move(value), std::move(reason)});
  }

  // A value that did not parse: the column, the value as written, the parser's reason.
  void refuse_value(ImportReport& report, std::string_view column, const Error& e) {
    std::string value = raw(column);
    std::string reason = without_subject(e.message, trimmed(value));
    refuse(report, std::string(column), std::move(value), std::move(reason));
  }

  // A write the library refused: the column it concerns (the error's field, which the file
  // names the same way; else a value of the row that the message quotes), else `fallback`.
  // Storage failures are returned.
  Status refuse_write(ImportReport& report, std::string_view fallback, const Error& e) {
    if (!is_refusal(e.code)) return e;
    std::string reason = e.message;
    std::string column;
    if (index_.contains(e.field)) column = e.field;
    // "national id 038085001234 is already household H1": the column named with its value;
    // else "loan 'L-9' not found": a value of the row, quoted.
    for (bool named : {true, false}) {
      for (std::size_t i = 0; column.empty() && i < file_.columns.size(); ++i) {
        const std::string value = trimmed(row_->fields[i]);
        if (value.empty()) continue;
        std::string name = file_.columns[i];
        std::replace(name.begin(), name.end(), '_', ' ');
        const bool found =
            named ? reason.find(name + " " + value) != std::string::npos ||
                        reason.find(name + " " + text::quoted(value)) != std::string::npos
                  : reason.find(text::quoted(value)) != std::string::npos;
        if (found) column = file_.columns[i];
      }
    }
    if (column.empty()) column = fallback;
    std::string value = raw(column);
    reason = without_subject(std::move(reason), trimmed(value));
    refuse(report, std::move(column), std::move(value), std::move(reason));
    return {};
  }

  template <class T>
  std::optional<T> parsed(ImportReport& report, std::string_view column, Result<T> value) {
    if (value) return std::move(value).value();
    refuse_value(report, column, value.error());
    return std::nullopt;
  }

  std::optional<Date> date_of(ImportReport& report, std::string_view column) {
    return parsed(report, column, parse_date(field(column)));
  }

  // An amount; zero and negative amounts are refused unless `zero_ok` (then empty is zero).
  std::optional<Money> amount_of(ImportReport& report, std::string_view column, Currency currency,
                                 bool zero_ok = false) {
    const std::string text = field(column);
    if (zero_ok && text.empty()) return Money::zero(currency);
    std::optional<Money> m = parsed(report, column, Money::parse(text, currency));
    if (m && (m->is_negative() || (!zero_ok && m->is_zero()))) {
      refuse(report, std::string(column), raw(column),
             zero_ok ? "the amount may not be negative" : "the amount must be more than zero");
      return std::nullopt;
    }
    return m;
  }

  // A whole number of months; empty is `otherwise`.
  std::optional<int> months_of(ImportReport& report, std::string_view column, int otherwise) {
    const std::string text = field(column);
    if (text.empty()) return otherwise;
    if (!text::all_digits(text) || text::without_leading_zeros(text).size() > 4) {
      refuse(report, std::string(column), raw(column), "a whole number of months");
      return std::nullopt;
    }
    return std::stoi(std::string(text::without_leading_zeros(text)));
  }

  // Notes a write the library accepted: a new one, or one recorded before.
  void outcome(bool already_recorded) { wrote_ = wrote_ || !already_recorded; }

  // Notes one write of a row: 1 when the library took it (new, or recorded before), 0 when it
  // refused it (named on `column`); an error that ends the import otherwise.
  template <class Outcome>
  Result<int> noted(ImportReport& report, std::string_view column, const Result<Outcome>& written) {
    if (!written) {
      if (Status s = refuse_write(report, column, written.error()); !s) return s.error();
      return 0;
    }
    outcome(written->already_recorded);
    return 1;
  }

  // A row identified by its code (a household, a group): `existing` is what the book holds
  // under the code. The same details again (`same`) are already recorded, other details are
  // refused on the code column; a new code is added with `add`. 1 when the row is (or was)
  // recorded, 0 when it is refused.
  template <class T, class Same, class Add>
  Result<int> add_by_code(ImportReport& report, std::string_view what, const std::string& code,
                          const Result<T>& existing, Same same, Add add) {
    if (existing) {
      if (!same(existing.value())) {
        refuse(report, "code", raw("code"),
               fmt::format("{} {} already exists with other details", what, code));
        return 0;
      }
      outcome(true);
      return 1;
    }
    if (!is_refusal(existing.error().code)) return existing.error();
    Result<T> added = add();
    if (!added) {
      if (Status s = refuse_write(report, "code", added.error()); !s) return s.error();
      return 0;
    }
    outcome(false);
    return 1;
  }

  Result<int> household(ImportReport& report) {
    Household h{.code = field("code"),
                .head = name_text(raw("head")),
                .national_id = field("national_id"),
                .commune = field("commune"),
                .village = name_text(raw("village")),
                .group = field("group"),
                .statuses = {}};
    std::optional<PovertyStatus> status =
        parsed(report, "status", parse_poverty_status(field("status")));
    std::optional<Date> from = date_of(report, "status_from");
    if (errors_ > 0) return 0;
    h.statuses.push_back(StatusChange{*from, *status});
    // A household is identified by its code: the same one again is already recorded.
    return add_by_code(
        report, "household", h.code, book_.household(h.code),
        [&](const Household& e) {
          return e.head == h.head && e.national_id == h.national_id && e.commune == h.commune &&
                 e.village == h.village && e.group == h.group && !e.statuses.empty() &&
                 e.statuses.front().effective_from == h.statuses[0].effective_from &&
                 e.statuses.front().status == h.statuses[0].status;
        },
        [&] { return book_.add_household(h, actor_); });
  }

  Result<int> group(ImportReport& report) {
    Group g{.code = field("code"),
            .commune = field("commune"),
            .village = name_text(raw("village")),
            .organisation = field("organisation"),
            .leader = name_text(raw("leader")),
            .members = 0};
    return add_by_code(
        report, "group", g.code, book_.group(g.code),
        [&](const Group& e) {
          return e.commune == g.commune && e.village == g.village &&
                 e.organisation == g.organisation && e.leader == g.leader;
        },
        [&] { return book_.add_group(g, actor_); });
  }

  Result<std::optional<Currency>> program_currency(ImportReport& report) {
    const std::string code = field("program");
    if (auto it = programs_.find(code); it != programs_.end())
      return std::optional<Currency>(it->second);
    Result<Program> program = book_.program(code);
    if (!program) {
      if (Status s = refuse_write(report, "program", program.error()); !s) return s.error();
      return std::optional<Currency>();
    }
    programs_.emplace(code, program->currency);
    return std::optional<Currency>(program->currency);
  }

  Result<int> loan(ImportReport& report) {
    // A student loan's plan follows from its course's end; any other loan names its own.
    const bool student = !field("course_end").empty();
    if (student) {
      for (const char* column : {"term_months", "every_months", "grace_principal_months"}) {
        if (!field(column).empty())
          refuse(report, column, raw(column),
                 "a student loan's plan follows from course_end; leave it empty");
      }
      if (!field("method").empty() && field("method") != "equal-principal")
        refuse(report, "method", raw("method"),
               "a student loan's plan follows from course_end; leave it empty");
    } else {
      if (field("term_months").empty())
        refuse(report, "term_months", "", "required: the term in months (or course_end)");
      if (field("method").empty())
        refuse(report, "method", "", "required: equal-principal, annuity or bullet");
    }
    std::optional<RepaymentMethod> method = RepaymentMethod::EqualPrincipal;
    if (!field("method").empty())
      method = parsed(report, "method", parse_repayment_method(field("method")));
    if (method == RepaymentMethod::Custom) {
      refuse(report, "method", raw("method"),
             "a custom plan lists its installments, which a file has no column for: open the loan "
             "on its own");
    }
    std::optional<Date> date = date_of(report, "date");
    std::optional<Date> course_end;
    if (student) course_end = date_of(report, "course_end");
    std::optional<int> term = months_of(report, "term_months", 0);
    std::optional<int> every = months_of(report, "every_months", 1);
    std::optional<int> grace = months_of(report, "grace_principal_months", 0);
    Result<std::optional<Currency>> currency = program_currency(report);
    if (!currency) return currency.error();
    std::optional<Money> amount;
    if (*currency) amount = amount_of(report, "amount", **currency);
    if (errors_ > 0) return 0;
    NewLoan n{.code = field("code"),
              .household = field("household"),
              .program = field("program"),
              .officer = field("officer"),
              .amount = *amount,
              .term_months = *term,
              .date = *date,
              .method = *method,
              .every_months = *every,
              .grace_principal_months = *grace,
              .course_end = course_end,
              .custom = {},
              .key = field("key")};
    return noted(report, "code", book_.open_loan(n, actor_));
  }

  // The loan of column `loan`, read once per import; empty when refused.
  Result<std::optional<LoanInfo>> loan_info(ImportReport& report) {
    const std::string code = field("loan");
    if (auto it = loans_.find(code); it != loans_.end()) return std::optional<LoanInfo>(it->second);
    Result<LoanView> view = book_.loan(code, std::nullopt);
    if (!view) {
      if (Status s = refuse_write(report, "loan", view.error()); !s) return s.error();
      return std::optional<LoanInfo>();
    }
    LoanInfo info{view->contract.household, view->currency};
    loans_.emplace(code, info);
    return std::optional<LoanInfo>(info);
  }

  Result<int> operation(ImportReport& report, LoanEventKind kind) {
    std::optional<Date> date = date_of(report, "date");
    Result<std::optional<LoanInfo>> info = loan_info(report);
    if (!info) return info.error();
    std::optional<Money> amount;
    if (*info) amount = amount_of(report, "amount", (*info)->currency);
    if (errors_ > 0) return 0;
    Result<LoanOutcome> applied = book_.apply(LoanOperation{.loan = field("loan"),
                                                            .kind = kind,
                                                            .amount = *amount,
                                                            .date = *date,
                                                            .key = field("key")},
                                              actor_);
    return noted(report, "amount", applied);
  }

  // A member's line of the group leader's list: interest on the loan, savings deposited.
  Result<int> collection(ImportReport& report) {
    const Currency vnd = Currency::find("VND").value();
    const std::string household = field("household");
    const std::string loan = field("loan");
    const std::string key = field("key");
    std::optional<Date> date = date_of(report, "date");
    std::optional<Money> savings = amount_of(report, "savings", vnd, true);
    std::optional<Money> interest;
    if (!loan.empty()) {
      Result<std::optional<LoanInfo>> info = loan_info(report);
      if (!info) return info.error();
      if (*info) {
        if ((*info)->household != household) {
          refuse(report, "loan", raw("loan"),
                 fmt::format("loan {} is household {}'s, not {}'s", loan, (*info)->household,
                             household));
        }
        interest = amount_of(report, "interest", (*info)->currency, true);
      }
    } else if (!field("interest").empty()) {
      interest = amount_of(report, "interest", vnd, true);
      if (interest && !interest->is_zero())
        refuse(report, "loan", "", "required: the loan the interest is paid on");
    } else {
      interest = Money::zero(vnd);
    }
    if (errors_ > 0) return 0;
    if (interest->is_zero() && savings->is_zero()) {
      refuse(report, "interest", raw("interest"),
             "interest and savings are both empty or zero: nothing was collected");
      return 0;
    }
    int writes = 0;
    if (interest->is_positive()) {
      Result<LoanOutcome> applied =
          book_.apply(LoanOperation{.loan = loan,
                                    .kind = LoanEventKind::CollectInterest,
                                    .amount = *interest,
                                    .date = *date,
                                    .key = key.empty() ? key : key + ":interest"},
                      actor_);
      Result<int> written = noted(report, "interest", applied);
      if (!written) return written.error();
      writes += written.value();
    }
    if (savings->is_positive()) {
      Result<SavingsOutcome> saved =
          book_.savings(SavingsOperation{.household = household,
                                         .withdrawal = false,
                                         .amount = *savings,
                                         .date = *date,
                                         .key = key.empty() ? key : key + ":savings"},
                        actor_);
      Result<int> written = noted(report, "savings", saved);
      if (!written) return written.error();
      writes += written.value();
    }
    return writes;
  }

  LoanBook& book_;
  const ImportFile& file_;
  std::string_view actor_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::map<std::string, Currency> programs_;
  std::map<std::string, LoanInfo> loans_;
  const ImportFile::Row* row_ = nullptr;
  int errors_ = 0;
  bool wrote_ = false;
};

}  // namespace

ImportReport import_rows(LoanBook& book, const ImportFile& file, std::string_view actor,
                         const Progress& progress) {
  ImportReport report;
  report.kind = file.kind;
  report.rows = static_cast<std::int64_t>(file.rows.size());
  if (file.rows.empty()) return report;
  Importer importer(book, file, actor);
  bool storage_failed = false;
  Status done = book.batch(actor, [&]() -> Status {
    std::int64_t n = 0;
    for (const ImportFile::Row& row : file.rows) {
      if (Status s = importer.apply(row, report); !s) {
        storage_failed = true;
        return s.error();
      }
      if (progress) progress(++n, report.rows);
    }
    if (!report.refused.empty()) {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("{} rows refused", report.refused.size()));
    }
    return {};
  });
  if (done) return report;
  if (!report.refused.empty() && !storage_failed) {
    report.status = ImportStatus::Refused;
  } else {
    report.status = ImportStatus::Failed;
    report.error = done.error();
  }
  return report;
}

ImportReport import_csv(LoanBook& book, std::string_view text, std::optional<ImportKind> kind,
                        std::string_view actor, const Progress& progress) {
  Result<ImportFile> file = read_import_file(text, kind);
  if (!file) {
    ImportReport report;
    report.status = ImportStatus::Unreadable;
    report.error = file.error();
    if (kind) report.kind = *kind;
    return report;
  }
  return import_rows(book, file.value(), actor, progress);
}

}  // namespace socai
