// Actors (ledger/actors.hpp): names as people compare them, roles, the ledger's identity,
// authentication of OS accounts, and changes of actors under two-person control.
#include <set>

#include "ledger/actors.hpp"
#include "ledger/approvals.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

// "Nguyễn Văn An" in NFC, and in NFD (e U+0302 U+0303, a U+0306).
const std::string kNfc = "Nguy\xe1\xbb\x85n V\xc4\x83n An";
const std::string kNfd = "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An";

struct Branch {
  TempDir dir;
  std::string path = dir.file("branch.db");
  std::unique_ptr<Store> store;
  std::unique_ptr<Actors> actors;
  std::unique_ptr<Approvals> approvals;

  explicit Branch(bool training = false) {
    StoreOptions options = test_options();
    options.training = training;
    store = create_ledger(path, options).value();
    actors = open_actors(*store).value();
    approvals = open_approvals(*store).value();
  }
  // The first actors, registered before the ledger has an administrator.
  void staff() {
    REQUIRE(actors->add(kNfc, "an", {Role::Officer}, "root").ok());
    REQUIRE(actors->add("Trần Bình", "binh", {Role::Approver}, "root").ok());
    REQUIRE(actors->add("Lê Hà", "ha", {Role::Administrator, Role::Accountant}, "root").ok());
  }
};

Operation register_op(std::string name, std::string os_user, std::set<Role> roles) {
  return Operation::actor_change({.action = ActorChangeOperation::Action::Add,
                                  .name = std::move(name),
                                  .os_user = std::move(os_user),
                                  .roles = std::move(roles)})
      .value();
}

}  // namespace

TEST_CASE("a name is kept in NFC without the white space around it") {
  CHECK(normalize_name(kNfd, "actor").value() == kNfc);
  CHECK(normalize_name(" \t" + kNfc + "\u3000", "actor").value() == kNfc);
  CHECK(name_key(normalize_name(kNfd, "actor").value()) ==
        name_key("NGUY\xe1\xbb\x84N V\xc4\x82N AN"));
  CHECK(name_key(kNfc) == "nguy\xe1\xbb\x85n v\xc4\x83n an");
  CHECK(name_key("Lan") != name_key("Lân"));
}

TEST_CASE("a name with an invisible or reordering character is refused") {
  auto refused = [](const std::string& name) {
    Result<std::string> n = normalize_name(name, "actor");
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().code == ErrorCode::InvalidArgument);
    return n.error().message;
  };
  CHECK(refused("Lan \xe2\x80\xae"
                "naL") ==
        "actor 'Lan \xe2\x80\xae"
        "naL': holds U+202E, a control, format or bidirectional character");
  CHECK(refused("Lan\xe2\x80\x8b") ==
        "actor 'Lan\xe2\x80\x8b': holds U+200B, a control, format or bidirectional character");
  CHECK(refused("La\tn").find("U+0009") != std::string::npos);
  CHECK(refused("\xe2\x81\xa6Lan\xe2\x81\xa9").find("U+2066") != std::string::npos);
  CHECK(refused("\xff") == "actor '\\xFF': not valid UTF-8 text");
  CHECK(refused("   ") == "actor '   ': empty");
  CHECK(refused(std::string(101, 'x')).find("longer than 100 bytes") != std::string::npos);
  CHECK(normalize_name(std::string(100, 'x'), "actor").ok());
}

TEST_CASE("roles are read and written in one order") {
  CHECK(roles_text(parse_roles("administrator, officer approver").value()) ==
        "officer approver administrator");
  CHECK(parse_roles("").error().message.find("at least one") != std::string::npos);
  CHECK(parse_roles("officer boss").error().message ==
        "role 'boss': one of officer, accountant, approver, auditor, administrator");
}

TEST_CASE("a ledger has a random identity, and is a training ledger only when made one") {
  Branch real;
  Branch practice(true);
  const LedgerIdentity a = real.actors->ledger().value();
  const LedgerIdentity b = practice.actors->ledger().value();
  CHECK_FALSE(a.training);
  CHECK(b.training);
  CHECK(a.ledger_id.size() == 32);
  CHECK(a.ledger_id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a.ledger_id != b.ledger_id);
  CHECK(a.created_at == kTestNow);
}

TEST_CASE("only a registered, active OS account with the role acts on a real ledger") {
  Branch b;
  Result<Actor> nobody = b.actors->authenticate({.os_user = "an", .declared = ""}, std::nullopt);
  REQUIRE_FALSE(nobody.ok());
  CHECK(nobody.error().code == ErrorCode::PermissionDenied);
  b.staff();
  const Actor an = b.actors->authenticate({.os_user = "an", .declared = ""}, Role::Officer).value();
  CHECK(an.name == kNfc);
  CHECK(an.created_by == "root");
  // The declared name may be the actor's own, however typed; never another's.
  CHECK(b.actors->authenticate({.os_user = "an", .declared = " " + kNfd}, Role::Officer).ok());
  CHECK(b.actors->authenticate({.os_user = "an", .declared = "an"}, Role::Officer).ok());
  Result<Actor> posing =
      b.actors->authenticate({.os_user = "an", .declared = "Trần Bình"}, Role::Approver);
  REQUIRE_FALSE(posing.ok());
  CHECK(posing.error().message ==
        "--actor 'Trần Bình': OS account 'an' is registered as '" + kNfc +
            "'; on a ledger that is not a training ledger the actor is who the system "
            "authenticated");
  Result<Actor> no_role = b.actors->authenticate({.os_user = "an", .declared = ""}, Role::Approver);
  REQUIRE_FALSE(no_role.ok());
  CHECK(no_role.error().message ==
        "actor '" + kNfc + "' has the roles officer; this needs the approver role");
  // Anyone registered may read.
  CHECK(b.actors->authenticate({.os_user = "binh", .declared = ""}, std::nullopt).ok());
}

TEST_CASE("a name or an OS account is registered once, however it is typed") {
  Branch b;
  b.staff();
  Branch fresh;
  REQUIRE(fresh.actors->add(kNfc, "an", {Role::Officer}, "root").ok());
  for (const std::string& same :
       {kNfd, std::string("NGUY\xe1\xbb\x84N V\xc4\x82N AN"), kNfc + " "}) {
    Result<Actor> again = fresh.actors->add(same, "other", {Role::Officer}, "root");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::AlreadyExists);
  }
  Result<Actor> os_again = fresh.actors->add("Người Khác", "an", {Role::Auditor}, "root");
  REQUIRE_FALSE(os_again.ok());
  CHECK(os_again.error().message == "OS account 'an' is registered already, as '" + kNfc + "'");
  CHECK(fresh.actors->add("X", "-rf", {Role::Auditor}, "root").error().code ==
        ErrorCode::InvalidArgument);
  CHECK(fresh.actors->add("X", "uid:4001", {Role::Auditor}, "root").ok());
}

TEST_CASE("once the ledger has an administrator, actors change only by a second actor") {
  Branch b;
  b.staff();
  CHECK(b.actors->has_administrator().value());
  Result<Actor> direct = b.actors->add("Đỗ Khải", "khai", {Role::Officer}, "Lê Hà");
  REQUIRE_FALSE(direct.ok());
  CHECK(direct.error().code == ErrorCode::FailedPrecondition);
  CHECK(b.actors->disable("Trần Bình", "Lê Hà").error().code == ErrorCode::FailedPrecondition);

  Submitted s =
      b.approvals->submit(register_op("Đỗ Khải", "khai", {Role::Officer}), "Lê Hà").value();
  REQUIRE(s.request);
  CHECK(s.request->description ==
        "register actor 'Đỗ Khải' for OS account khai with the roles officer");
  CHECK(b.actors->list().value().size() == 3);
  // The requester, however the name is written, is not a second actor.
  Result<Approved> self = b.approvals->approve(s.request->id, " LÊ HÀ ");
  REQUIRE_FALSE(self.ok());
  CHECK(self.error().code == ErrorCode::FailedPrecondition);
  Approved ok = b.approvals->approve(s.request->id, "Trần Bình").value();
  CHECK(ok.outcome.actor->name == "Đỗ Khải");
  CHECK(ok.outcome.actor->created_by == "Lê Hà");
  CHECK(ok.request.outcome == "actor Đỗ Khải registered");
  CHECK(b.actors->authenticate({.os_user = "khai", .declared = ""}, Role::Officer).ok());

  // Disabled by request; the last administrator is never disabled.
  Operation off = Operation::actor_change({.action = ActorChangeOperation::Action::Disable,
                                           .name = "đỗ khải",
                                           .os_user = {},
                                           .roles = {}})
                      .value();
  Submitted d = b.approvals->submit(off, "Lê Hà").value();
  REQUIRE(d.request);
  CHECK(b.approvals->approve(d.request->id, "Trần Bình").value().outcome.actor->active == false);
  Result<Actor> gone = b.actors->authenticate({.os_user = "khai", .declared = ""}, std::nullopt);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().code == ErrorCode::PermissionDenied);
  Operation last = Operation::actor_change({.action = ActorChangeOperation::Action::Disable,
                                            .name = "Lê Hà",
                                            .os_user = {},
                                            .roles = {}})
                       .value();
  // Refused when asked for: the rules are tried before a request is recorded.
  Result<Submitted> refused = b.approvals->submit(last, "Trần Bình");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "actor 'Lê Hà' is the ledger's last administrator: register another one first");
  CHECK(b.approvals->requests("pending").value().empty());
}

TEST_CASE("a change of actors keeps its canonical form") {
  const Operation op = register_op(" Đỗ Khải ", "khai", {Role::Approver, Role::Officer});
  CHECK(op.canonical() ==
        R"({"action":"add","name":"Đỗ Khải","os_user":"khai","roles":"officer approver"})");
  CHECK(Operation::from_canonical("actor-change", op.canonical()).value().digest() == op.digest());
  CHECK(Operation::actor_change({.action = ActorChangeOperation::Action::Disable,
                                 .name = "X",
                                 .os_user = "x",
                                 .roles = {}})
            .error()
            .code == ErrorCode::InvalidArgument);
}

TEST_CASE("a training ledger takes the declared name, with every role") {
  Branch b(true);
  const Actor a =
      b.actors->authenticate({.os_user = "root", .declared = kNfd + " "}, Role::Approver).value();
  CHECK(a.name == kNfc);
  CHECK(a.id == 0);
  CHECK(a.roles.size() == 5);
  CHECK(b.actors->authenticate({.os_user = "root", .declared = ""}, Role::Officer).value().name ==
        "root");
}
