// The entrustment fees a month-end close posted (MonthEnd::fees; DOMAIN.md section 5), read
// back, and a fee row's basis.
#include "exact_text.hpp"
#include "store/sqlite_loan_repository.hpp"

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

std::vector<FeeRow> SqliteLoanRepository::fees(const std::string& month) {
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

}  // namespace socai::store
