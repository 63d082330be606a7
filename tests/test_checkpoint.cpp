// Signed checkpoints (ledger/checkpoint.hpp): Ed25519 statements of what a ledger held, and
// the ledger compared with them: a prefix holds; a lost tail, another ledger, a rewritten
// history (every hash recomputed) and a forged statement are named.
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "ledger/actors.hpp"
#include "ledger/checkpoint.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

namespace {

// A new Ed25519 key pair as PEM: the private key, then the public one.
std::pair<std::string, std::string> key_pair() {
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  REQUIRE(context);
  REQUIRE(EVP_PKEY_keygen_init(context) == 1);
  REQUIRE(EVP_PKEY_keygen(context, &key) == 1);
  EVP_PKEY_CTX_free(context);
  auto pem = [&](bool is_private) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (is_private) {
      REQUIRE(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
    } else {
      REQUIRE(PEM_write_bio_PUBKEY(bio, key) == 1);
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    return text;
  };
  std::pair<std::string, std::string> both{pem(true), pem(false)};
  EVP_PKEY_free(key);
  return both;
}

EntrySpec capital(int n, std::int64_t amount) {
  return EntrySpec{.date = 2025_y / January / 10,
                   .kind = "manual",
                   .memo = "Capital",
                   .key = "C-" + std::to_string(n),
                   .loan = std::nullopt,
                   .postings = {{"Assets:Cash:HeadOffice", vnd_amount(amount), std::nullopt},
                                {"Equity:Funds:Central", vnd_amount(-amount), std::nullopt}}};
}

std::unique_ptr<Store> ledger_with(const std::string& path, const std::string& id,
                                   std::vector<std::int64_t> amounts) {
  StoreOptions options = test_options();
  options.ledger_id = id;
  std::unique_ptr<Store> store = create_ledger(path, options).value();
  for (std::size_t i = 0; i < amounts.size(); ++i)
    REQUIRE(store->post(capital(static_cast<int>(i + 1), amounts[i]), "lan").ok());
  return store;
}

const std::string kId = "0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE("a signed checkpoint holds while the ledger keeps its history as a prefix") {
  TempDir dir;
  auto [secret, public_key] = key_pair();
  std::unique_ptr<Store> store = ledger_with(dir.file("a.db"), kId, {1'000'000, 2'000'000});
  const Checkpoint taken = take_checkpoint(*store, "Lê Hà", "2026-12-07T15:40:00Z").value();
  CHECK(taken.ledger_id == kId);
  CHECK(taken.entries == 2);
  CHECK(taken.chain_head == store->entry(EntryId{2}).value().hash);
  CHECK(taken.business_date == "2026-12-07");
  const std::string text = sign_checkpoint(taken, secret).value();
  CHECK(text.rfind("socai checkpoint 1\nledger: " + kId + "\ntraining: no\nentries: 2\n", 0) == 0);

  const Checkpoint read = read_checkpoint(text, {key_pair().second, public_key}).value();
  CHECK(read.chain_head == taken.chain_head);
  CHECK(read.taken_by == "Lê Hà");
  CHECK(read.public_key.size() == 64);
  CHECK(check_checkpoint(*store, read).ok());
  REQUIRE(store->post(capital(3, 5'000), "lan").ok());
  CHECK(check_checkpoint(*store, read).ok());

  // Forged: any byte of the statement changed.
  std::string forged = text;
  forged.replace(forged.find("entries: 2"), 10, "entries: 1");
  Result<Checkpoint> refused = read_checkpoint(forged, {public_key});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::FailedPrecondition);
  CHECK(read_checkpoint(text, {key_pair().second}).error().code == ErrorCode::FailedPrecondition);
  CHECK(read_checkpoint(text, {secret}).error().code == ErrorCode::InvalidArgument);
  CHECK(sign_checkpoint(taken, public_key).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a history rewritten with every hash recomputed no longer holds its checkpoint") {
  TempDir dir;
  auto [secret, public_key] = key_pair();
  std::unique_ptr<Store> original = ledger_with(dir.file("a.db"), kId, {1'000'000, 2'000'000});
  const Checkpoint signed_ =
      read_checkpoint(
          sign_checkpoint(take_checkpoint(*original, "ha", "2026-12-07T15:40:00Z").value(), secret)
              .value(),
          {public_key})
          .value();
  // The same ledger id, the same clock, one amount changed: every hash in it is right.
  std::unique_ptr<Store> rewritten = ledger_with(dir.file("b.db"), kId, {1'000'000, 2'500'000});
  REQUIRE(rewritten->verify().value().ok());
  const Status s = check_checkpoint(*rewritten, signed_);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::FailedPrecondition);
  CHECK(s.error().message ==
        "entry 2's hash is not the one the checkpoint of 2026-12-07T15:40:00Z signed: the "
        "history up to it was rewritten");

  // A lost tail, and another ledger.
  std::unique_ptr<Store> shorter = ledger_with(dir.file("c.db"), kId, {1'000'000});
  CHECK(check_checkpoint(*shorter, signed_).error().message ==
        "the ledger holds 1 entries, the checkpoint of 2026-12-07T15:40:00Z signed 2: entries 2 "
        "to 2 are lost");
  std::unique_ptr<Store> other =
      ledger_with(dir.file("d.db"), "fedcba9876543210fedcba9876543210", {1'000'000, 2'000'000});
  CHECK(check_checkpoint(*other, signed_).error().message ==
        "this is ledger fedcba9876543210fedcba9876543210, the checkpoint of 2026-12-07T15:40:00Z "
        "signed ledger " +
            kId);
}

TEST_CASE("a checkpoint's control head changes with a request, and is checked") {
  TempDir dir;
  auto [secret, public_key] = key_pair();
  std::unique_ptr<Store> store = ledger_with(dir.file("a.db"), kId, {1'000'000});
  const Checkpoint before = take_checkpoint(*store, "ha", "2026-12-07T15:40:00Z").value();
  std::unique_ptr<Actors> actors = open_actors(*store).value();
  REQUIRE(actors->add("Lan", "lan", {Role::Officer}, "root").ok());
  const Checkpoint after = take_checkpoint(*store, "ha", "2026-12-07T15:41:00Z").value();
  CHECK(after.control_records == before.control_records + 1);
  CHECK(after.control_head != before.control_head);
  CHECK(check_checkpoint(*store, before).ok());
  CHECK(check_checkpoint(*store, after).ok());
  // A ledger whose control chain is shorter than the signed one lost its tail.
  std::unique_ptr<Store> older = ledger_with(dir.file("b.db"), kId, {1'000'000});
  CHECK(check_checkpoint(*older, after).error().message.find("control records") !=
        std::string::npos);
}
