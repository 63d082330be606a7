// Actors (ledger/actors.hpp): roles, names as people compare them, and authentication over
// the repository of operations/actor_repository.hpp. No SQL here.
#include "operations/actors.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <array>

#include "ledger/journal.hpp"
#include "operations/actor_repository.hpp"
#include "operations/backend.hpp"
#include "text.hpp"

namespace socai {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{
    {Role::Officer, "officer"},
    {Role::Accountant, "accountant"},
    {Role::Approver, "approver"},
    {Role::Auditor, "auditor"},
    {Role::Administrator, "administrator"},
}};

const std::set<Role> kEveryRole{Role::Officer, Role::Accountant, Role::Approver, Role::Auditor,
                                Role::Administrator};

// An OS account: its user name as the password database gives it (what POSIX allows), or
// "uid:N" for a user id without a name, which no user name can be (':' separates passwd
// fields).
Status check_os_user(std::string_view os_user) {
  const bool portable = !os_user.empty() && os_user.size() <= 64 && os_user.front() != '-' &&
                        std::all_of(os_user.begin(), os_user.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                        });
  const bool numeric =
      os_user.starts_with("uid:") && os_user.size() <= 14 && text::all_digits(os_user.substr(4));
  if (!portable && !numeric) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("OS account {}: a user name (1 to 64 letters, digits, '.', '_' "
                                  "or '-', not beginning with '-') or uid:N",
                                  text::quoted(os_user)));
  }
  return {};
}

}  // namespace

std::string_view role_name(Role role) {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return "?";
}

Result<Role> parse_role(std::string_view name) {
  for (const auto& [r, n] : kRoles)
    if (n == name) return r;
  return make_error(ErrorCode::InvalidArgument,
                    fmt::format("role {}: one of officer, accountant, approver, auditor, "
                                "administrator",
                                text::quoted(name)));
}

std::string roles_text(const std::set<Role>& roles) {
  std::string text;
  for (Role r : roles) text += (text.empty() ? "" : " ") + std::string(role_name(r));
  return text;
}

Result<std::set<Role>> parse_roles(std::string_view text) {
  std::set<Role> roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find_first_of(" ,", start);
    const std::string_view word =
        text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    if (!word.empty()) {
      Result<Role> role = parse_role(word);
      if (!role) return role.error();
      roles.insert(role.value());
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (roles.empty()) {
    return make_error(ErrorCode::InvalidArgument,
                      "roles: at least one of officer, accountant, approver, auditor, "
                      "administrator");
  }
  return roles;
}

Result<std::string> normalize_name(std::string_view name, std::string_view what) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::InvalidArgument,
                      fmt::format("{} {}: {}", what, text::quoted(name), why));
  };
  if (!text::is_valid_utf8(name)) return bad("not valid UTF-8 text");
  std::string normalized = text::as_read(name);
  if (std::optional<char32_t> c = text::unreadable_code_point(normalized)) {
    return bad(fmt::format("holds U+{:04X}, a control, format or bidirectional character",
                           static_cast<std::uint32_t>(*c)));
  }
  if (normalized.empty()) return bad("empty");
  if (normalized.size() > 100) return bad("longer than 100 bytes");
  return normalized;
}

std::string name_key(std::string_view normalized_name) {
  // Folding may leave a form that is not NFC ("ǰ" folds to j + U+030C): normalised again.
  return text::nfc(text::case_fold(normalized_name));
}

std::string current_os_user() {
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  return fmt::format("uid:{}", geteuid());
}

namespace ops {

Result<Actor> register_actor(ActorRepository& repo, const ActorChangeOperation& change,
                             std::string_view by) {
  Result<std::string> name = normalize_name(change.name, "actor");
  if (!name) return name.error();
  if (Status s = check_os_user(change.os_user); !s) return s.error();
  if (change.roles.empty()) return parse_roles("").error();
  const std::string key = name_key(name.value());
  Result<std::vector<Actor>> all = repo.actors();
  if (!all) return all.error();
  for (const Actor& a : all.value()) {
    if (name_key(a.name) == key) {
      return make_error(ErrorCode::AlreadyExists,
                        fmt::format("actor {} is registered already (as {}, OS account {}{})",
                                    text::quoted(name.value()), text::quoted(a.name),
                                    text::quoted(a.os_user), a.active ? "" : ", disabled"));
    }
    if (a.os_user == change.os_user) {
      return make_error(
          ErrorCode::AlreadyExists,
          fmt::format("OS account {} is registered already, as {}{}", text::quoted(a.os_user),
                      text::quoted(a.name), a.active ? "" : " (disabled)"));
    }
  }
  Actor actor{.id = 0,
              .name = name.value(),
              .os_user = change.os_user,
              .roles = change.roles,
              .active = true,
              .created_by = std::string(by),
              .created_at = {},
              .disabled_by = {},
              .disabled_at = {}};
  return repo.insert_actor(actor, key);
}

Result<Actor> find_actor(ActorRepository& repo, std::string_view name) {
  Result<std::string> normalized = normalize_name(name, "actor");
  if (!normalized) return normalized.error();
  const std::string key = name_key(normalized.value());
  Result<std::vector<Actor>> all = repo.actors();
  if (!all) return all.error();
  for (const Actor& a : all.value())
    if (name_key(a.name) == key) return a;
  return make_error(ErrorCode::NotFound, fmt::format("actor {} not found (see 'socai actor list')",
                                                     text::quoted(normalized.value())));
}

Result<Actor> disable_actor(ActorRepository& repo, std::string_view name, std::string_view by) {
  Result<Actor> actor = find_actor(repo, name);
  if (!actor) return actor.error();
  Result<std::vector<Actor>> all = repo.actors();
  if (!all) return all.error();
  const Actor* found = &actor.value();
  const auto administrators = std::count_if(all->begin(), all->end(), [](const Actor& a) {
    return a.active && a.may(Role::Administrator);
  });
  if (!found->active) {
    return make_error(
        ErrorCode::FailedPrecondition,
        fmt::format("actor {} was disabled already, by {} at {}", text::quoted(found->name),
                    found->disabled_by, found->disabled_at));
  }
  if (found->may(Role::Administrator) && administrators == 1) {
    return make_error(ErrorCode::FailedPrecondition,
                      fmt::format("actor {} is the ledger's last administrator: register another "
                                  "one first",
                                  text::quoted(found->name)));
  }
  return repo.disable_actor(found->id, by);
}

}  // namespace ops

namespace {

class LibraryActors final : public Actors {
 public:
  explicit LibraryActors(ops::ActorRepository& repo) : repo_(repo) {}

  Result<LedgerIdentity> ledger() override { return repo_.ledger_identity(); }

  Result<Actor> authenticate(const Credentials& credentials, std::optional<Role> role) override {
    Result<LedgerIdentity> identity = repo_.ledger_identity();
    if (!identity) return identity.error();
    if (identity->training) {
      const std::string& declared =
          credentials.declared.empty() ? credentials.os_user : credentials.declared;
      Result<std::string> name = normalize_name(declared, "actor");
      if (!name) return name.error();
      return Actor{.id = 0,
                   .name = name.value(),
                   .os_user = {},
                   .roles = kEveryRole,
                   .active = true,
                   .created_by = {},
                   .created_at = {},
                   .disabled_by = {},
                   .disabled_at = {}};
    }
    Result<std::vector<Actor>> all = repo_.actors();
    if (!all) return all.error();
    const Actor* found = nullptr;
    for (const Actor& a : all.value())
      if (a.os_user == credentials.os_user) found = &a;
    if (!found) {
      return make_error(ErrorCode::PermissionDenied,
                        fmt::format("OS account {} is not a registered actor of this ledger; an "
                                    "administrator registers it with 'socai actor add'",
                                    text::quoted(credentials.os_user)));
    }
    if (!credentials.declared.empty()) {
      Result<std::string> declared = normalize_name(credentials.declared, "--actor");
      if (!declared) return declared.error();
      if (name_key(declared.value()) != name_key(found->name) &&
          declared.value() != found->os_user) {
        return make_error(
            ErrorCode::PermissionDenied,
            fmt::format("--actor {}: OS account {} is registered as {}; on a ledger "
                        "that is not a training ledger the actor is who the system "
                        "authenticated",
                        text::quoted(declared.value()), text::quoted(credentials.os_user),
                        text::quoted(found->name)));
      }
    }
    if (!found->active) {
      return make_error(ErrorCode::PermissionDenied,
                        fmt::format("actor {} (OS account {}) was disabled by {} at {}",
                                    text::quoted(found->name), text::quoted(found->os_user),
                                    found->disabled_by, found->disabled_at));
    }
    if (role && !found->may(*role)) {
      return make_error(
          ErrorCode::PermissionDenied,
          fmt::format("actor {} has the roles {}; this needs the {} role",
                      text::quoted(found->name), roles_text(found->roles), role_name(*role)));
    }
    return *found;
  }

  Result<std::vector<Actor>> list() override { return repo_.actors(); }

  Result<Actor> find(std::string_view name) override { return ops::find_actor(repo_, name); }

  Result<bool> has_administrator() override {
    Result<std::vector<Actor>> all = repo_.actors();
    if (!all) return all.error();
    return std::any_of(all->begin(), all->end(),
                       [](const Actor& a) { return a.active && a.may(Role::Administrator); });
  }

  Result<Actor> add(std::string_view name, std::string_view os_user, const std::set<Role>& roles,
                    std::string_view by) override {
    if (Status s = direct_change_allowed("registering"); !s) return s.error();
    return ops::register_actor(repo_,
                               ActorChangeOperation{.action = ActorChangeOperation::Action::Add,
                                                    .name = std::string(name),
                                                    .os_user = std::string(os_user),
                                                    .roles = roles},
                               by);
  }

  Result<Actor> disable(std::string_view name, std::string_view by) override {
    if (Status s = direct_change_allowed("disabling"); !s) return s.error();
    return ops::disable_actor(repo_, name, by);
  }

 private:
  Status direct_change_allowed(std::string_view what) {
    Result<bool> administered = has_administrator();
    if (!administered) return administered.error();
    if (administered.value()) {
      return make_error(ErrorCode::FailedPrecondition,
                        fmt::format("the ledger has an administrator: {} an actor needs a second "
                                    "actor (a request, OperationKind actor-change)",
                                    what));
    }
    return {};
  }

  ops::ActorRepository& repo_;
};

}  // namespace

Result<std::unique_ptr<Actors>> open_actors(Store& store) {
  return std::unique_ptr<Actors>(
      std::make_unique<LibraryActors>(store.backend().actor_repository()));
}

}  // namespace socai
