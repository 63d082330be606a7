// What approvals (operations/approvals.cpp) need from a backend, and nothing else: one write
// transaction that the store's and the loan book's writes join, the ids last written, the
// requests' rows, and the month-end close with a final step. Internal to the library.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/approvals.hpp"

namespace socai::ops {

// The last entry and loan event ids (0 when none).
struct WriteMarks {
  std::int64_t entry = 0;
  std::int64_t event = 0;
};

struct DecisionRecord {
  bool approve = true;
  std::string outcome;
  std::optional<EntryId> first_entry, last_entry;
  std::optional<std::int64_t> first_event, last_event;
};

class ApprovalRepository {
 public:
  virtual ~ApprovalRepository() = default;

  // InvalidArgument for an actor that is not 1 to 100 characters of text; FailedPrecondition
  // on a ledger open read-only.
  virtual Status check_actor(std::string_view actor) = 0;
  // Runs `body` in one write transaction that holds the write lock from its start: every
  // write of the store and the loan book inside joins it. Kept only when `body` succeeds.
  virtual Status unit_of_work(const std::function<Status()>& body) = 0;
  // Inside a unit of work: writes what its writes left pending until the commit (the
  // maintained balances), so that a rehearsal meets every refusal its commit would (a sum of
  // balances that overflows).
  virtual Status write_pending() = 0;
  // Read inside a unit of work, the ids appended after them are the unit's own.
  virtual Result<WriteMarks> marks() = 0;
  virtual Result<ApprovalRequest> insert_request(const Operation& operation,
                                                 std::string_view actor) = 0;
  // The stored row; `description` is left to the caller. NotFound for an unknown id.
  virtual Result<ApprovalRequest> find_request(std::int64_t id) = 0;
  virtual Result<std::vector<ApprovalRequest>> find_requests(std::optional<std::string> status) = 0;
  // Records the decision on a request still pending (FailedPrecondition otherwise), inside
  // the caller's write transaction (a unit of work, or the month-end close's final step).
  virtual Status record_decision(std::int64_t id, const DecisionRecord& decision,
                                 std::string_view actor) = 0;
  // LoanBook::close_month, calling `final_step` inside its final transaction with the marks
  // from before that transaction wrote.
  virtual Result<MonthCloseOutcome> close_month_then(
      date::year_month month, std::string_view actor, const Progress& progress,
      const std::function<Status(WriteMarks before)>& final_step) = 0;
};

// The repository of a ledger opened by open_ledger or create_ledger, and its loan book.
Result<std::unique_ptr<ApprovalRepository>> approval_repository(Store& store, LoanBook& book);

}  // namespace socai::ops
