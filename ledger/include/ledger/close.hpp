// The month-end close (DOMAIN.md sections 3 to 5) and what it posts besides the loans'
// accruals: the entrustment fees of the mass organisations, under the ledger's settings.
//
//   book->close_month(2025_y / November, "lan", {}).value().fees;  // one row per commune and
//                                                                 // organisation
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/date.hpp"
#include "ledger/journal.hpp"
#include "ledger/money.hpp"
#include "ledger/result.hpp"

namespace socai {

// The entrustment fee of one commune's organisation for a month (DOMAIN.md section 5).
struct FeeRow {
  std::string month;  // "2025-11"
  std::string commune;
  std::string organisation;
  std::string currency;
  std::int64_t balance = 0;      // principal of loans whose interest was collected in the month
  std::int64_t outstanding = 0;  // all principal of the organisation's loans at the month's end
  std::int64_t overdue = 0;      // of which overdue
  Exact factor;                  // quality factor from overdue / outstanding
  std::int64_t fee = 0;
  std::int64_t commune_part = 0;
  std::int64_t district_part = 0;
  std::int64_t province_part = 0;
  std::int64_t central_part = 0;
  std::optional<EntryId> entry;  // none when the fee is zero
};

struct MonthCloseOutcome {
  std::string month;                  // "2025-11"
  Date through;                       // the month's last day: the journal is closed through it
  bool already_closed = false;        // closed before: nothing was posted
  bool resumed = false;               // an interrupted close was completed
  std::int64_t loans = 0;             // active loans recorded at the month's end (all runs)
  std::int64_t accruals = 0;          // accrual events posted by this run
  std::int64_t transfers = 0;         // overdue and unfreeze transfers posted by this run
  std::int64_t interest_accrued = 0;  // interest rounded by this run's accruals, minor units
  std::vector<FeeRow> fees;
};

// Called as a long piece of work advances: `done` of `total` items.
using Progress = std::function<void(std::int64_t done, std::int64_t total)>;

class MonthEnd {
 public:
  virtual ~MonthEnd() = default;

  // The month-end close (DOMAIN.md sections 3 to 5) of `month`, which must have ended
  // and follow the last month closed. For every active loan, in batches: the due dates
  // before the month's last day settled (overdue transfers, freezes ended), the month's
  // interest accrued and rounded (an "accrue" event: off balance sheet on cash basis, a
  // receivable on accrual basis), and the loan recorded as it stood (buckets, interest
  // owed, days past due). Then the entrustment fees per commune and organisation are
  // posted and the period is closed, in one transaction. Memory does not grow with the
  // number of loans. Re-running a completed close posts nothing (already_closed); a close
  // interrupted at any point completes on its next run, posting nothing twice.
  // Whether `month`'s close has completed. When it has not, the refusal that close_month
  // would give now (a month not yet ended, an earlier month still open), if any.
  virtual Result<bool> month_closed(date::year_month month) = 0;
  virtual Result<MonthCloseOutcome> close_month(date::year_month month, std::string_view actor,
                                                const Progress& progress) = 0;
  // The fees a close of `month` posted (empty before the close).
  virtual Result<std::vector<FeeRow>> fees(date::year_month month) = 0;
  // The fee settings (see fees.hpp) in force: key and value, by key.
  virtual Result<std::vector<std::pair<std::string, std::string>>> settings() = 0;
  virtual Status set_setting(std::string_view key, std::string_view value,
                             std::string_view actor) = 0;
};

}  // namespace socai
