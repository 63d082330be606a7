// The crash loop's script of operations (crash_script.hpp).
#include "crash_script.hpp"

#include <fmt/format.h>

#include "ledger/import.hpp"

namespace socai::reliability {
namespace {

using namespace date::literals;

constexpr const char* kActor = "officer.lan";
constexpr std::int64_t kLoanAmount = 20'000'000;

int month_of(int n) {
  return n / kOpsPerMonth;
}
int slot_of(int n) {
  return n % kOpsPerMonth;
}
date::year_month calendar_month(int m) {
  return 2023_y / date::January + date::months{m};
}
Date day_of(int n) {
  return Date{calendar_month(month_of(n)) / date::day{static_cast<unsigned>(3 + 3 * slot_of(n))}};
}
std::string loan_code(int i) {
  return "L" + std::to_string(i % 4 + 1);
}

// The amount each transfer of a Funding operation moves to the commune's cash.
std::int64_t funding_amount(int m) {
  return m == 0 ? 50'000'000 : 1'000'000;
}

EntrySpec transfer(Date day, std::string key, std::string debit, std::string credit,
                   std::int64_t amount, std::string memo) {
  return EntrySpec{.date = day,
                   .kind = "manual",
                   .memo = std::move(memo),
                   .key = std::move(key),
                   .loan = std::nullopt,
                   .postings = {{std::move(debit), vnd_amount(amount), std::nullopt},
                                {std::move(credit), vnd_amount(-amount), std::nullopt}}};
}

// The loan operations of slots 2, 4 and 5.
LoanOperation loan_op(int n) {
  const int m = month_of(n);
  LoanOperation op{.loan = "",
                   .kind = LoanEventKind::RepayPrincipal,
                   .amount = vnd_amount(0),
                   .date = day_of(n),
                   .key = fmt::format("loan-{}", n)};
  switch (slot_of(n)) {
    case 2:
      op.loan = m == 0 ? "L1" : loan_code(m);
      op.kind = m == 0 ? LoanEventKind::Disburse : LoanEventKind::RepayPrincipal;
      op.amount = vnd_amount(m == 0 ? kLoanAmount : 100'000);
      break;
    case 4:
      op.loan = loan_code(m + 1);
      op.kind = LoanEventKind::CollectInterest;
      op.amount = vnd_amount(5'000);
      break;
    default:
      op.loan = loan_code(m + 2);
      op.amount = vnd_amount(50'000);
      break;
  }
  return op;
}

enum class ImportShape { Disbursements, Repayments, Collections };
ImportShape import_shape(int m) {
  if (m == 0) return ImportShape::Disbursements;
  return m % 2 == 1 ? ImportShape::Repayments : ImportShape::Collections;
}

std::string import_text(int n) {
  const std::string day = format_date(day_of(n));
  std::string text;
  switch (import_shape(month_of(n))) {
    case ImportShape::Disbursements:
      text = "loan,amount,date,key\n";
      for (int r = 1; r <= 3; ++r)
        text += fmt::format("L{},{},{},imp-{}-{}\n", r + 1, kLoanAmount, day, n, r);
      break;
    case ImportShape::Repayments:
      text = "loan,amount,date,key\n";
      for (int r = 1; r <= 4; ++r) text += fmt::format("L{},150000,{},imp-{}-{}\n", r, day, n, r);
      break;
    case ImportShape::Collections:
      text = "household,loan,date,interest,savings,key\n";
      for (int r = 1; r <= 4; ++r)
        text += fmt::format("H{},L{},{},30000,20000,imp-{}-{}\n", r, r, day, n, r);
      break;
  }
  return text;
}

template <class T>
void seed_ok(const Result<T>& r, const std::string& what) {
  check_ok(r, "seeding the ledger: " + what);
}

}  // namespace

Ledger create_script_ledger(const std::string& path, const StoreOptions& options) {
  Ledger l;
  l.store = take_ok(create_ledger(path, options), "create " + path);
  l.book = take_ok(open_loan_book(*l.store), "loan book");
  LoanBook& book = *l.book;
  seed_ok(book.add_commune({"XH", "Xã Hòa", "Phú Hòa", "Phú Yên", std::nullopt, ""}, kActor),
          "commune");
  // The script follows loans, not cash: the point disburses from nothing (fees.hpp).
  seed_ok(book.set_setting("cash-floor.Assets:Cash:TP-XH", "none", kActor), "cash floor");
  seed_ok(book.add_group({"G1", "XH", "Thôn Đông", "12", "Nguyễn Thị Mai", 0}, kActor), "group");
  for (int i = 1; i <= 4; ++i) {
    const std::string n = std::to_string(i);
    seed_ok(book.add_household(poor_household("H" + n, "Trần Văn " + n, "00120300000" + n, "G1"),
                               kActor),
            "household");
    seed_ok(book.open_loan(
                yearly_loan("L" + n, "H" + n, kLoanAmount, 36, 2023_y / date::January / 2), kActor),
            "loan");
  }
  return l;
}

Ledger open_script_ledger(const std::string& path, const StoreOptions& options) {
  Ledger l;
  l.store = take_ok(open_ledger(path, options), "open " + path);
  l.book = take_ok(open_loan_book(*l.store), "loan book");
  return l;
}

OpKind op_kind(int n) {
  switch (slot_of(n)) {
    case 0:
      return OpKind::Capital;
    case 1:
      return OpKind::Funding;
    case 3:
      return OpKind::Import;
    case 6:
      return OpKind::LocalFunds;
    case 7:
      return OpKind::Close;
    default:
      return OpKind::Loan;
  }
}

std::string op_name(int n) {
  static const char* names[] = {"capital", "funding", "loan", "import", "close", "local funds"};
  return fmt::format("{} ({} {})", n, names[static_cast<int>(op_kind(n))],
                     format_date(day_of(n)).substr(0, 7));
}

Result<OpOutcome> run_op(Ledger& ledger, int n) {
  const int m = month_of(n);
  const Date day = day_of(n);
  switch (op_kind(n)) {
    case OpKind::Capital:
    case OpKind::LocalFunds: {
      const bool capital = op_kind(n) == OpKind::Capital;
      EntrySpec spec = capital ? transfer(day, fmt::format("cap-{}", n), "Assets:Cash:HeadOffice",
                                          "Equity:Funds:Central", 5'000'000 + 1'000 * n,
                                          "Capital from the central fund")
                               : transfer(day, fmt::format("local-{}", n), "Assets:Cash:HeadOffice",
                                          "Equity:Funds:Local", 700'000, "Local budget funds");
      Result<PostOutcome> r = ledger.store->post(spec, kActor);
      if (!r) return r.error();
      return OpOutcome{r->already_recorded, false};
    }
    case OpKind::Funding: {
      std::vector<EntrySpec> specs;
      for (const char* part : {"a", "b"})
        specs.push_back(transfer(day, fmt::format("fund-{}-{}", n, part), "Assets:Cash:TP-XH",
                                 "Assets:Cash:HeadOffice", funding_amount(m),
                                 "Funds for the commune's transaction point"));
      Result<std::vector<PostOutcome>> r = ledger.store->post_batch(specs, kActor);
      if (!r) return r.error();
      const bool first = r->at(0).already_recorded;
      if (r->at(1).already_recorded != first)
        return make_error(ErrorCode::Internal, "a batch was recorded in part");
      return OpOutcome{first, false};
    }
    case OpKind::Loan: {
      Result<LoanOutcome> r = ledger.book->apply(loan_op(n), kActor);
      if (!r) return r.error();
      return OpOutcome{r->already_recorded, false};
    }
    case OpKind::Import: {
      const ImportShape shape = import_shape(m);
      const ImportKind kind = shape == ImportShape::Disbursements ? ImportKind::Disbursements
                              : shape == ImportShape::Repayments  ? ImportKind::Repayments
                                                                  : ImportKind::Collections;
      ImportReport r = import_csv(*ledger.book, import_text(n), kind, kActor);
      if (r.status != ImportStatus::Imported) {
        if (!r.refused.empty()) return make_error(r.error.code, import_error_text(r.refused[0]));
        return r.error;
      }
      if (r.recorded != 0 && r.already_recorded != 0)
        return make_error(ErrorCode::Internal, "an import was recorded in part");
      return OpOutcome{r.recorded == 0, false};
    }
    case OpKind::Close: {
      Result<MonthCloseOutcome> r = ledger.book->close_month(calendar_month(m), kActor, {});
      if (!r) return r.error();
      return OpOutcome{r->already_closed, r->resumed};
    }
  }
  return make_error(ErrorCode::Internal, "unknown operation");
}

Presence presence(RawDb& db, int n) {
  const int m = month_of(n);
  if (op_kind(n) == OpKind::Close) {
    auto rows = db.rows("SELECT completed_at IS NOT NULL FROM month_closes WHERE month = ?",
                        fmt::format("{:04}-{:02}", static_cast<int>(calendar_month(m).year()),
                                    static_cast<unsigned>(calendar_month(m).month())));
    if (rows.empty()) return Presence::Absent;
    return rows[0][0] == "1" ? Presence::Present : Presence::Partial;
  }
  std::vector<std::pair<const char*, std::string>> keys;
  switch (op_kind(n)) {
    case OpKind::Capital:
      keys.emplace_back("entries", fmt::format("cap-{}", n));
      break;
    case OpKind::LocalFunds:
      keys.emplace_back("entries", fmt::format("local-{}", n));
      break;
    case OpKind::Funding:
      keys.emplace_back("entries", fmt::format("fund-{}-a", n));
      keys.emplace_back("entries", fmt::format("fund-{}-b", n));
      break;
    case OpKind::Loan:
      keys.emplace_back("loan_events", fmt::format("loan-{}", n));
      break;
    case OpKind::Import:
      for (int r = 1; r <= (import_shape(m) == ImportShape::Disbursements ? 3 : 4); ++r) {
        const std::string key = fmt::format("imp-{}-{}", n, r);
        if (import_shape(m) == ImportShape::Collections) {
          keys.emplace_back("loan_events", key + ":interest");
          keys.emplace_back("savings_events", key + ":savings");
        } else {
          keys.emplace_back("loan_events", key);
        }
      }
      break;
    case OpKind::Close:
      break;
  }
  std::size_t found = 0;
  for (const auto& [table, key] : keys) {
    const std::int64_t count =
        db.count(fmt::format("SELECT count(*) FROM {} WHERE idempotency_key = ?", table), key);
    check(count <= 1,
          fmt::format("operation {}: key {} recorded {} times", op_name(n), key, count));
    found += static_cast<std::size_t>(count);
  }
  if (found == 0) return Presence::Absent;
  return found == keys.size() ? Presence::Present : Presence::Partial;
}

CashModel cash_model(int done) {
  CashModel c;
  for (int n = 0; n < done; ++n) {
    const int m = month_of(n);
    switch (op_kind(n)) {
      case OpKind::Capital:
        c.head_office += 5'000'000 + 1'000 * n;
        c.central -= 5'000'000 + 1'000 * n;
        break;
      case OpKind::LocalFunds:
        c.head_office += 700'000;
        c.local -= 700'000;
        break;
      case OpKind::Funding:
        c.head_office -= 2 * funding_amount(m);
        c.commune += 2 * funding_amount(m);
        break;
      case OpKind::Loan: {
        const LoanOperation op = loan_op(n);
        const std::int64_t amount = op.amount.minor_units();
        if (op.kind == LoanEventKind::Disburse) {
          c.commune -= amount;
          c.disbursed += amount;
        } else {
          c.commune += amount;
        }
        break;
      }
      case OpKind::Import:
        switch (import_shape(m)) {
          case ImportShape::Disbursements:
            c.commune -= 3 * kLoanAmount;
            c.disbursed += 3 * kLoanAmount;
            break;
          case ImportShape::Repayments:
            c.commune += 4 * 150'000;
            break;
          case ImportShape::Collections:
            c.commune += 4 * (30'000 + 20'000);
            c.savings -= 4 * 20'000;
            break;
        }
        break;
      case OpKind::Close:
        break;
    }
  }
  return c;
}

}  // namespace socai::reliability
