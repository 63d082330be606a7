// Signed checkpoints (ledger/checkpoint.hpp): the statement's text, Ed25519 through OpenSSL's
// EVP interface, and the comparison with a ledger.
#include "ledger/checkpoint.hpp"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "ledger/actors.hpp"
#include "ledger/journal.hpp"
#include "text.hpp"

namespace socai {
namespace {

constexpr std::string_view kFirstLine = "socai checkpoint 1";

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct ContextFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Context = std::unique_ptr<EVP_MD_CTX, ContextFree>;

// Never asks for a passphrase on the terminal: an encrypted key is refused.
int no_passphrase(char*, int, int, void*) {
  return -1;
}

Key read_key(std::string_view pem, bool is_private) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return nullptr;
  Key key(is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr)
                     : PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr));
  if (key && EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) key.reset();
  return key;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  return text::hex(std::string_view(reinterpret_cast<const char*>(bytes), n));
}

std::optional<std::string> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    for (char c : text.substr(i, 2)) {
      value *= 16;
      if (c >= '0' && c <= '9') {
        value += static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value += static_cast<unsigned>(c - 'a' + 10);
      } else {
        return std::nullopt;
      }
    }
    out += static_cast<char>(value);
  }
  return out;
}

std::string raw_public_key(EVP_PKEY* key) {
  unsigned char raw[32];
  std::size_t length = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1) return {};
  return hex(raw, length);
}

// The signed part of the statement: every line up to the public key's.
std::string statement(const Checkpoint& c, std::string_view public_key) {
  return fmt::format(
      "{}\nledger: {}\ntraining: {}\nentries: {}\nchain head: {}\ncontrol records: {}\n"
      "control head: {}\nbusiness date: {}\ntaken at: {}\ntaken by: {}\npublic key: {}\n",
      kFirstLine, c.ledger_id, c.training ? "yes" : "no", c.entries, c.chain_head,
      c.control_records, c.control_head, c.business_date, c.taken_at, c.taken_by, public_key);
}

Error not_a_statement(std::string_view why) {
  return Error{ErrorCode::InvalidArgument, fmt::format("not a socai checkpoint: {}", why), {}};
}

}  // namespace

Result<Checkpoint> take_checkpoint(Store& store, std::string_view actor, std::string taken_at) {
  Result<VerifyReport> verified = store.verify();
  if (!verified) return verified.error();
  if (!verified->ok()) {
    return make_error(
        ErrorCode::FailedPrecondition,
        fmt::format("the ledger does not verify, so it is not signed: {}{}",
                    verified->first_bad ? fmt::format("entry {}: ", verified->first_bad->value)
                                        : std::string(),
                    verified->problem));
  }
  Result<std::unique_ptr<Actors>> actors = open_actors(store);
  if (!actors) return actors.error();
  Result<LedgerIdentity> identity = actors.value()->ledger();
  if (!identity) return identity.error();
  if (taken_at.size() < 10) return make_error(ErrorCode::InvalidArgument, "taken at: not a time");
  return Checkpoint{.ledger_id = identity->ledger_id,
                    .training = identity->training,
                    .entries = verified->entries_checked,
                    .chain_head = verified->head_hash,
                    .control_records = verified->control_records_checked,
                    .control_head = verified->control_head_hash,
                    .business_date = taken_at.substr(0, 10),
                    .taken_at = taken_at,
                    .taken_by = std::string(actor),
                    .public_key = {}};
}

Result<std::string> sign_checkpoint(const Checkpoint& checkpoint,
                                    std::string_view private_key_pem) {
  Key key = read_key(private_key_pem, true);
  if (!key) {
    return make_error(ErrorCode::InvalidArgument,
                      "not an unencrypted Ed25519 private key in PEM (make one with 'openssl "
                      "genpkey -algorithm ed25519 -out KEY.pem')");
  }
  const std::string text = statement(checkpoint, raw_public_key(key.get()));
  Context context(EVP_MD_CTX_new());
  unsigned char signature[64];
  std::size_t length = sizeof signature;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), signature, &length,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1) {
    return make_error(ErrorCode::Internal, "OpenSSL could not sign the checkpoint");
  }
  return text + "signature: " + hex(signature, length) + "\n";
}

Status check_public_key(std::string_view public_key_pem) {
  if (!read_key(public_key_pem, false)) {
    return make_error(ErrorCode::InvalidArgument,
                      "not an Ed25519 public key in PEM (make it with 'openssl pkey -in KEY.pem "
                      "-pubout -out PUBLIC.pem')");
  }
  return {};
}

Result<Checkpoint> read_checkpoint(std::string_view text,
                                   const std::vector<std::string>& public_keys_pem) {
  std::vector<Key> keys;
  for (const std::string& pem : public_keys_pem) {
    if (Status s = check_public_key(pem); !s) return s.error();
    keys.push_back(read_key(pem, false));
  }
  if (keys.empty()) return make_error(ErrorCode::InvalidArgument, "no public key to check with");
  const std::size_t at = text.rfind("signature: ");
  if (at == std::string_view::npos || (at > 0 && text[at - 1] != '\n')) {
    return not_a_statement("no signature line");
  }
  const std::string_view signed_part = text.substr(0, at);
  std::string_view signature_hex = text.substr(at + 11);
  if (!signature_hex.empty() && signature_hex.back() == '\n') signature_hex.remove_suffix(1);
  const std::optional<std::string> signature = from_hex(signature_hex);
  if (!signature || signature->size() != 64) return not_a_statement("the signature is malformed");

  // Its fields, in their order.
  Checkpoint c;
  std::vector<std::string_view> lines = text::split(signed_part, '\n');
  if (lines.empty() || lines.back() != "") return not_a_statement("its lines do not end");
  lines.pop_back();
  static constexpr std::string_view kNames[] = {
      "ledger",       "training",      "entries",  "chain head", "control records",
      "control head", "business date", "taken at", "taken by",   "public key"};
  if (lines.size() != std::size(kNames) + 1 || lines[0] != kFirstLine) {
    return not_a_statement(fmt::format("it does not begin with '{}' and hold {} fields", kFirstLine,
                                       std::size(kNames)));
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < std::size(kNames); ++i) {
    const std::string_view line = lines[i + 1];
    const std::string prefix = std::string(kNames[i]) + ": ";
    if (!line.starts_with(prefix))
      return not_a_statement(fmt::format("line {} is not '{}'", i + 2, kNames[i]));
    values.emplace_back(line.substr(prefix.size()));
  }
  auto count = [&](std::size_t i) -> std::optional<std::int64_t> {
    if (!text::all_digits(values[i]) || values[i].size() > 18) return std::nullopt;
    return std::stoll(values[i]);
  };
  const std::optional<std::int64_t> entries = count(2);
  const std::optional<std::int64_t> records = count(4);
  if (!entries || !records) return not_a_statement("a count is not a number");
  c = Checkpoint{.ledger_id = values[0],
                 .training = values[1] == "yes",
                 .entries = *entries,
                 .chain_head = values[3],
                 .control_records = *records,
                 .control_head = values[5],
                 .business_date = values[6],
                 .taken_at = values[7],
                 .taken_by = values[8],
                 .public_key = values[9]};
  // Signed by one of the keys: the statement is exactly as it was signed.
  for (const Key& key : keys) {
    Context context(EVP_MD_CTX_new());
    if (context && EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                         signature->size(),
                         reinterpret_cast<const unsigned char*>(signed_part.data()),
                         signed_part.size()) == 1) {
      return c;
    }
  }
  return make_error(ErrorCode::FailedPrecondition,
                    fmt::format("its signature does not verify with the public key{} given: it "
                                "was changed, or signed by another key (its key: {})",
                                keys.size() == 1 ? "" : "s", c.public_key));
}

Status check_checkpoint(Store& store, const Checkpoint& c) {
  auto differs = [](std::string why) {
    return make_error(ErrorCode::FailedPrecondition, std::move(why));
  };
  Result<std::unique_ptr<Actors>> actors = open_actors(store);
  if (!actors) return actors.error();
  Result<LedgerIdentity> identity = actors.value()->ledger();
  if (!identity) return identity.error();
  if (identity->ledger_id != c.ledger_id) {
    return differs(fmt::format("this is ledger {}, the checkpoint of {} signed ledger {}",
                               identity->ledger_id, c.taken_at, c.ledger_id));
  }
  Result<VerifyReport> verified = store.verify();
  if (!verified) return verified.error();
  if (!verified->ok()) {
    return differs(fmt::format(
        "the ledger no longer verifies: {}{}",
        verified->first_bad ? fmt::format("entry {}: ", verified->first_bad->value) : std::string(),
        verified->problem));
  }
  if (verified->entries_checked < c.entries) {
    return differs(
        fmt::format("the ledger holds {} entries, the checkpoint of {} signed {}: "
                    "entries {} to {} are lost",
                    verified->entries_checked, c.taken_at, c.entries, verified->entries_checked + 1,
                    c.entries));
  }
  if (c.entries > 0) {
    Result<Entry> entry = store.entry(EntryId{c.entries});
    if (!entry) return entry.error();
    if (entry->hash != c.chain_head) {
      return differs(
          fmt::format("entry {}'s hash is not the one the checkpoint of {} signed: "
                      "the history up to it was rewritten",
                      c.entries, c.taken_at));
    }
  }
  if (verified->control_records_checked < c.control_records) {
    return differs(
        fmt::format("the ledger holds {} control records, the checkpoint of {} "
                    "signed {}: control records {} to {} are lost",
                    verified->control_records_checked, c.taken_at, c.control_records,
                    verified->control_records_checked + 1, c.control_records));
  }
  if (c.control_records > 0) {
    Result<std::string> hash = store.control_record_hash(c.control_records);
    if (!hash) return hash.error();
    if (hash.value() != c.control_head) {
      return differs(
          fmt::format("control record {}'s hash is not the one the checkpoint of {} "
                      "signed: the requests, decisions, settings or actors up to it "
                      "were rewritten",
                      c.control_records, c.taken_at));
    }
  }
  return {};
}

}  // namespace socai
