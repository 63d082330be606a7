// What the actors (operations/actors.cpp) need from a backend: the ledger's identity and the
// registered actors' rows. Internal to the library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/actors.hpp"

namespace socai::ops {

class ActorRepository {
 public:
  virtual ~ActorRepository() = default;

  virtual Result<LedgerIdentity> ledger_identity() = 0;
  // Every registered actor, by id.
  virtual Result<std::vector<Actor>> actors() = 0;
  // Inserts `actor` (its id is the new row's), inside the caller's write when there is one.
  virtual Result<Actor> insert_actor(const Actor& actor, std::string_view name_key) = 0;
  // Marks the actor disabled by `by` now.
  virtual Result<Actor> disable_actor(std::int64_t id, std::string_view by) = 0;
};

}  // namespace socai::ops
