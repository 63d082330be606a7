// A backend: what a ledger's storage gives the library's operations (Store::backend). The
// loan book and approvals are written once over these repositories; SQLite implements them
// (ledger/src/store/), and so does any other backend. Internal to the library.
#pragma once

namespace socai::ops {

class LoanRepository;
class ApprovalRepository;
class ActorRepository;

class Backend {
 public:
  virtual ~Backend() = default;
  virtual LoanRepository& loan_repository() = 0;
  virtual ApprovalRepository& approval_repository() = 0;
  virtual ActorRepository& actor_repository() = 0;
};

}  // namespace socai::ops
