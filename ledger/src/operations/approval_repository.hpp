// What approvals (operations/approvals.cpp) need from a backend besides the loan repository
// (whose unit of work the store's and the loan book's writes join, and whose month-end close
// takes a final step): the ids last written and the requests' rows. Internal to the library.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/approvals.hpp"
#include "operations/loan_repository.hpp"

namespace socai::ops {

struct DecisionRecord {
  bool approve = true;
  std::string outcome;
  std::optional<EntryId> first_entry, last_entry;
  std::optional<std::int64_t> first_event, last_event;
};

class ApprovalRepository {
 public:
  virtual ~ApprovalRepository() = default;

  // Inside a unit of work: writes what its writes left pending until the commit (the
  // maintained balances), so that a rehearsal meets every refusal its commit would (a sum of
  // balances that overflows).
  virtual Status write_pending() = 0;
  virtual Result<ApprovalRequest> insert_request(const Operation& operation,
                                                 std::string_view actor) = 0;
  // The stored row; `description` is left to the caller. NotFound for an unknown id.
  virtual Result<ApprovalRequest> find_request(std::int64_t id) = 0;
  virtual Result<std::vector<ApprovalRequest>> find_requests(std::optional<std::string> status) = 0;
  // Records the decision on a request still pending (FailedPrecondition otherwise), inside
  // the caller's write transaction (a unit of work, or the month-end close's final step).
  virtual Status record_decision(std::int64_t id, const DecisionRecord& decision,
                                 std::string_view actor) = 0;
};

}  // namespace socai::ops
