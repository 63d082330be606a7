// Signed checkpoints: a small text statement of what a ledger held at a moment (its id, its
// entries' and control chain's lengths and heads, the business date and time), signed with an
// Ed25519 key (OpenSSL) that the auditor keeps outside the branch. A ledger rewritten after a
// checkpoint, even with every hash recomputed, no longer holds the signed heads; a ledger
// that lost its tail holds fewer entries; another ledger has another id.
//
//   Checkpoint c = take_checkpoint(*store, "Lê Thu Hà", "2026-12-07T15:40:00Z").value();
//   std::string text = sign_checkpoint(c, read("auditor.pem")).value();
//   ...
//   Checkpoint signed_ = read_checkpoint(text, {read("auditor.pub.pem")}).value();
//   Status still = check_checkpoint(*store, signed_);  // FailedPrecondition naming the change
//
// A key made with `openssl genpkey -algorithm ed25519 -out auditor.pem` and its public half
// (`openssl pkey -in auditor.pem -pubout -out auditor.pub.pem`) work as they are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/result.hpp"
#include "ledger/store.hpp"

namespace socai {

struct Checkpoint {
  std::string ledger_id;
  bool training = false;
  std::int64_t entries = 0;
  std::string chain_head;  // the last entry's hash (the genesis hash when none)
  std::int64_t control_records = 0;
  std::string control_head;
  std::string business_date;  // YYYY-MM-DD: the day the checkpoint was taken
  std::string taken_at;       // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string taken_by;       // the actor
  std::string public_key;     // hex of the signer's raw Ed25519 key (read_checkpoint)
};

// What the ledger holds now, as `actor` at `taken_at`. FailedPrecondition when the ledger does
// not verify: a damaged ledger is never signed.
Result<Checkpoint> take_checkpoint(Store& store, std::string_view actor, std::string taken_at);
// The statement, signed: InvalidArgument when `private_key_pem` is not an Ed25519 private key
// in PEM (an encrypted one included).
Result<std::string> sign_checkpoint(const Checkpoint& checkpoint, std::string_view private_key_pem);
// InvalidArgument unless `public_key_pem` is an Ed25519 public key in PEM.
Status check_public_key(std::string_view public_key_pem);
// The checkpoint of a statement whose signature one of `public_keys_pem` verifies.
// InvalidArgument for a key that is not an Ed25519 public key in PEM and for a statement that
// is not one; FailedPrecondition when none of the keys verifies its signature.
Result<Checkpoint> read_checkpoint(std::string_view text,
                                   const std::vector<std::string>& public_keys_pem);
// Whether the ledger still holds exactly the history the checkpoint signed, as a prefix:
// FailedPrecondition naming what differs (another ledger, a lost tail, a rewritten entry or
// control record, a ledger that no longer verifies).
Status check_checkpoint(Store& store, const Checkpoint& checkpoint);

}  // namespace socai
