// The entrustment fees a month-end close posted, and the fee settings (LoanBook::fees,
// LoanBook::settings, LoanBook::set_setting; DOMAIN.md section 5).
#include "exact_text.hpp"
#include "ledger/approvals.hpp"
#include "store/sqlite_loan_book.hpp"

namespace socai::store {

FeeRow fee_row_basis(SQLite::Statement& row, const std::string& month) {
  FeeRow r;
  r.month = month;
  r.commune = row.getColumn(0).getString();
  r.organisation = row.getColumn(1).getString();
  r.currency = row.getColumn(2).getString();
  r.balance = row.getColumn(3).getInt64();
  r.outstanding = row.getColumn(4).getInt64();
  r.overdue = row.getColumn(5).getInt64();
  return r;
}

Result<FeeSettings> SqliteLoanBook::read_fee_settings() {
  FeeSettings settings;
  auto q = cache_.get("SELECT key, value FROM settings WHERE key LIKE 'fee.%' ORDER BY key");
  while (q->executeStep()) {
    if (Status s =
            set_fee_setting(settings, q->getColumn(0).getString(), q->getColumn(1).getString());
        !s) {
      return make_error(ErrorCode::DataLoss, "stored " + s.error().message);
    }
  }
  return settings;
}

Result<std::vector<FeeRow>> SqliteLoanBook::read_fees(const std::string& month) {
  auto q = cache_.get(
      "SELECT commune_code, org_code, currency, balance, outstanding, overdue, factor, fee, "
      "commune_part, district_part, province_part, central_part, entry_id "
      "FROM entrustment_fees WHERE month = ? ORDER BY commune_code, org_code, currency");
  q->bind(1, month);
  std::vector<FeeRow> rows;
  while (q->executeStep()) {
    FeeRow r = fee_row_basis(*q, month);
    r.factor = exact_from(q->getColumn(6).getString());
    r.fee = q->getColumn(7).getInt64();
    r.commune_part = q->getColumn(8).getInt64();
    r.district_part = q->getColumn(9).getInt64();
    r.province_part = q->getColumn(10).getInt64();
    r.central_part = q->getColumn(11).getInt64();
    if (!q->getColumn(12).isNull()) r.entry = EntryId{q->getColumn(12).getInt64()};
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<std::vector<FeeRow>> SqliteLoanBook::fees(date::year_month month) {
  return guarded([&]() { return read_fees(month_text(month)); });
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteLoanBook::settings() {
  return guarded([&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
    auto q = cache_.get("SELECT key, value FROM settings ORDER BY key");
    std::vector<std::pair<std::string, std::string>> out;
    while (q->executeStep())
      out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getString());
    return out;
  });
}

Status SqliteLoanBook::set_setting(std::string_view key, std::string_view value,
                                   std::string_view actor) {
  if (Status s = store_.check_actor(actor); !s) return s.error();
  return write<void>(actor, [&]() -> Status {
    if (key.rfind("approval.", 0) == 0) {
      if (Status s = ApprovalPolicy::check_setting(key, value); !s) return s.error();
    } else {
      Result<FeeSettings> current = read_fee_settings();
      if (!current) return current.error();
      if (Status s = set_fee_setting(current.value(), key, value); !s) return s.error();
    }
    auto update =
        cache_.get("UPDATE settings SET value = ?, actor = ?, recorded_at = ? WHERE key = ?");
    update->bind(1, std::string(value));
    update->bind(2, std::string(actor));
    update->bind(3, store_.now());
    update->bind(4, std::string(key));
    update->exec();
    return {};
  });
}

}  // namespace socai::store
