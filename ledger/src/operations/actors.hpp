// The actors' changes as the approvals carry them out (operations/approvals.cpp) and as
// Actors::add and disable make them directly before a ledger has an administrator. Internal.
#pragma once

#include <string_view>

#include "ledger/actors.hpp"
#include "ledger/approvals.hpp"

namespace socai::ops {

class ActorRepository;

// Registers the actor `change` names (its action is Add), as `by`.
Result<Actor> register_actor(ActorRepository& repo, const ActorChangeOperation& change,
                             std::string_view by);
// The actor named `name` however typed; NotFound otherwise.
Result<Actor> find_actor(ActorRepository& repo, std::string_view name);
// Disables the actor `name`, as `by`; never the last active administrator.
Result<Actor> disable_actor(ActorRepository& repo, std::string_view name, std::string_view by);

}  // namespace socai::ops
