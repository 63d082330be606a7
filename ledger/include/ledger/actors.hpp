// Actors: who may act on a ledger, as the system authenticated them (DESIGN.md section 12).
//
// On a ledger that is not a training ledger, the actor of every record is a registered actor
// whom the operating system authenticated: the OS account running the command is looked up
// among the registered actors, and its roles decide what it may do. A name typed by the user
// (--actor, SOCAI_ACTOR) is never taken as someone else's identity. A training ledger (socai
// init --training, the demo) takes declared names instead, with every role, and says so.
//
//   auto actors = open_actors(*store).value();
//   Actor lan = actors->authenticate({.os_user = "lan"}, Role::Officer).value();
//   store->post(entry, lan.name);
//
// Names are compared as people read them: after NFC normalisation, trimming and case folding
// ("Nguyễn Văn An" typed in NFC or NFD, with a trailing space, or in capitals is one person).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/result.hpp"
#include "ledger/store.hpp"

namespace socai {

enum class Role {
  Officer,        // records households, loans, disbursements, collections
  Accountant,     // the journal, closes, fees, settings
  Approver,       // decides requests (two-person control)
  Auditor,        // reads and verifies
  Administrator,  // registers and disables actors, programs
};

std::string_view role_name(Role role);
Result<Role> parse_role(std::string_view name);
// Role names separated by spaces, in the enum's order: "officer approver".
std::string roles_text(const std::set<Role>& roles);
// The roles of `text` (names separated by spaces or commas): InvalidArgument naming the bad
// one, or when none is given.
Result<std::set<Role>> parse_roles(std::string_view text);

// A name as it is kept: NFC-normalised, leading and trailing white space removed.
// InvalidArgument (prefixed by `what`) when it is empty, longer than 100 bytes, not valid
// UTF-8, or holds a control, format or bidirectional-override character.
Result<std::string> normalize_name(std::string_view name, std::string_view what);
// What names are compared by: the normalised name case-folded. Equal keys, one person.
std::string name_key(std::string_view normalized_name);

struct Actor {
  std::int64_t id = 0;  // 0: a name declared on a training ledger
  std::string name;
  std::string os_user;  // empty on a training ledger
  std::set<Role> roles;
  bool active = true;
  std::string created_by, created_at;
  std::string disabled_by, disabled_at;

  bool may(Role role) const { return roles.contains(role); }
};

// Who is running a command: the OS account the system authenticated (its user name), and a
// name the user declared, which only a training ledger takes as the actor.
struct Credentials {
  std::string os_user;
  std::string declared;
};

struct LedgerIdentity {
  std::string ledger_id;  // 32 hexadecimal digits, random, fixed at creation
  bool training = false;
  std::string created_at;
};

class Actors {
 public:
  virtual ~Actors() = default;

  virtual Result<LedgerIdentity> ledger() = 0;
  // The actor `credentials` are, allowed `role` (nullopt: any active actor, to read).
  // PermissionDenied when the OS account is not registered, is disabled, lacks the role, or
  // when the declared name is not the registered actor's. On a training ledger: the declared
  // name (else the OS account), normalised, with every role.
  virtual Result<Actor> authenticate(const Credentials& credentials, std::optional<Role> role) = 0;
  virtual Result<std::vector<Actor>> list() = 0;
  // The actor named `name`, however it is typed (name_key); NotFound otherwise.
  virtual Result<Actor> find(std::string_view name) = 0;
  // True when an active administrator is registered: from then on, registering or disabling
  // an actor needs a second actor (OperationKind::ActorChange).
  virtual Result<bool> has_administrator() = 0;
  // Registers an actor, as `by` (the name of who registers it). AlreadyExists when the name
  // (compared by name_key) or the OS account is registered already, active or not.
  virtual Result<Actor> add(std::string_view name, std::string_view os_user,
                            const std::set<Role>& roles, std::string_view by) = 0;
  // Disables the actor named `name`, as `by`. NotFound, or FailedPrecondition when disabled
  // already or when it would leave a ledger that had an administrator without one.
  virtual Result<Actor> disable(std::string_view name, std::string_view by) = 0;
};

// The actors of a ledger opened by open_ledger or create_ledger (its connection, its thread).
Result<std::unique_ptr<Actors>> open_actors(Store& store);

// The OS account running this process: its user name from the password database, else
// "uid:N" (its effective user id).
std::string current_os_user();

}  // namespace socai
