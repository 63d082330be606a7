// Tests of ledger/journal.hpp: the balancing rule, account names, canonical content, hashes.
#include <catch2/catch.hpp>

#include "ledger/journal.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

TEST_CASE("a two-posting entry that nets to zero balances", "[journal]") {
  std::vector<PostingSpec> postings{{"Assets:Cash:HeadOffice", vnd_amount(1'000'000), {}},
                                    {"Equity:Funds:Central", vnd_amount(-1'000'000), {}}};
  CHECK(check_balanced(postings).ok());
}

TEST_CASE("an unbalanced entry is refused and the error shows the remainder", "[journal]") {
  std::vector<PostingSpec> postings{{"Assets:Cash:HeadOffice", vnd_amount(1'000'100), {}},
                                    {"Equity:Funds:Central", vnd_amount(-1'000'000), {}}};
  Status s = check_balanced(postings);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::FailedPrecondition);
  CHECK(s.error().message ==
        "entry does not balance: VND remainder 100 (debits 1,000,100, credits 1,000,000)");
}

TEST_CASE("each currency must balance on its own", "[journal]") {
  std::vector<PostingSpec> postings{{"Assets:Cash:HeadOffice", vnd_amount(1000), {}},
                                    {"Equity:Funds:Central", Money::from_minor(-1000, usd()), {}}};
  Status s = check_balanced(postings);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message ==
        "entry does not balance: USD remainder -1,000 (debits 0, credits 1,000); "
        "VND remainder 1,000 (debits 1,000, credits 0)");
}

TEST_CASE("an entry needs two postings, none of them zero", "[journal]") {
  std::vector<PostingSpec> one{{"Assets:Cash:HeadOffice", vnd_amount(0), {}}};
  CHECK(check_balanced(one).error().message == "an entry needs at least two postings, got 1");
  std::vector<PostingSpec> zeros{{"Assets:Cash:HeadOffice", vnd_amount(0), {}},
                                 {"Equity:Funds:Central", vnd_amount(0), {}}};
  CHECK(check_balanced(zeros).error().message ==
        "posting 1 ('Assets:Cash:HeadOffice'): amount is zero");
}

TEST_CASE("sums beyond int64 still balance exactly", "[journal]") {
  const std::int64_t big = INT64_MAX;
  std::vector<PostingSpec> postings{{"Assets:Cash:A", vnd_amount(big), {}},
                                    {"Assets:Cash:B", vnd_amount(big), {}},
                                    {"Equity:Funds:Central", vnd_amount(-big), {}},
                                    {"Equity:Funds:Local", vnd_amount(-big), {}}};
  CHECK(check_balanced(postings).ok());
}

TEST_CASE("check_entry refuses malformed fields with the field named", "[journal]") {
  EntrySpec e = transfer(2025_y / January / 15, "V-1", "Assets:Cash:HeadOffice",
                         "Equity:Funds:Central", vnd_amount(500));
  CHECK(check_entry(e).ok());
  EntrySpec no_key = e;
  no_key.key = "";
  CHECK(check_entry(no_key).error().message == "key '': 1 to 200 characters of text");
  EntrySpec bad_kind = e;
  bad_kind.kind = "Manual";
  CHECK(check_entry(bad_kind).error().code == ErrorCode::InvalidArgument);
  EntrySpec bad_memo = e;
  bad_memo.memo = "line\nbreak";
  CHECK(check_entry(bad_memo).error().code == ErrorCode::InvalidArgument);
  EntrySpec bad_utf8 = e;
  bad_utf8.memo = "\xC3\x28";
  CHECK(check_entry(bad_utf8).error().code == ErrorCode::InvalidArgument);
  EntrySpec vietnamese = e;
  vietnamese.memo = "Thu lãi tháng 1, tổ TK&VV thôn Đông";
  CHECK(check_entry(vietnamese).ok());
}

TEST_CASE("account names start with their type's root", "[journal]") {
  CHECK(check_account_name("Assets:Cash:TP-0101", AccountType::Asset).ok());
  CHECK(check_account_name("OffBalance:AccruedInterest:01", AccountType::OffBalance).ok());
  CHECK(check_account_name("Assets:Cash:TP-0101", AccountType::Liability).error().message ==
        "account name 'Assets:Cash:TP-0101': a liability account is named Liabilities:...");
  CHECK(check_account_name("Assets", AccountType::Asset).error().code ==
        ErrorCode::InvalidArgument);
  CHECK(check_account_name("Assets::Cash", AccountType::Asset).error().message ==
        "account name 'Assets::Cash': empty segment");
  CHECK(check_account_name("Assets:Cash Box", AccountType::Asset).error().message ==
        "account name 'Assets:Cash Box': segments use only letters, digits, '_' and '-'");
  CHECK(parse_account_type("off-balance").value() == AccountType::OffBalance);
  CHECK_FALSE(parse_account_type("assets").ok());
}

TEST_CASE("canonical content is versioned, length-prefixed and covers every field",
          "[journal][hash]") {
  Entry e{.id = EntryId{7},
          .date = 2025_y / December / 1,
          .recorded_at = "2026-01-05T08:30:00Z",
          .actor = "lan",
          .kind = "manual",
          .memo = "Vốn",
          .key = "V-7",
          .loan = std::nullopt,
          .reverses = std::nullopt,
          .postings = {{1, "Assets:Cash:HeadOffice", vnd_amount(1000), std::nullopt},
                       {2, "Assets:Loans:InTerm:01", vnd_amount(-1000), LoanId{17}}},
          .prev_hash = std::string(kGenesisHash),
          .hash = {}};
  CHECK(canonical_content(e) ==
        "socai-entry-v1\n"
        "id:7\n"
        "date:2025-12-01\n"
        "recorded_at:20:2026-01-05T08:30:00Z\n"
        "actor:3:lan\n"
        "kind:6:manual\n"
        "memo:5:Vốn\n"
        "key:3:V-7\n"
        "loan:-\n"
        "reverses:-\n"
        "prev:0000000000000000000000000000000000000000000000000000000000000000\n"
        "postings:2\n"
        "1|22:Assets:Cash:HeadOffice|VND|1000|-\n"
        "2|22:Assets:Loans:InTerm:01|VND|-1000|17\n");
  const std::string hash = compute_entry_hash(e);
  CHECK(hash == sha256_hex(canonical_content(e)));
  Entry changed = e;
  changed.postings[0].amount = vnd_amount(1001);
  CHECK(compute_entry_hash(changed) != hash);
  Entry other_actor = e;
  other_actor.actor = "binh";
  CHECK(compute_entry_hash(other_actor) != hash);
}

TEST_CASE("sha256_hex matches the FIPS 180-2 example", "[journal][hash]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("the request digest ignores who asks, not what is asked", "[journal][idempotency]") {
  EntrySpec e = transfer(2025_y / January / 15, "V-1", "Assets:Cash:HeadOffice",
                         "Equity:Funds:Central", vnd_amount(500));
  const std::string digest = request_digest(e, std::nullopt);
  CHECK(digest.size() == 64);
  EntrySpec other_key = e;
  other_key.key = "V-2";  // the key selects the request; it is not part of its content
  CHECK(request_digest(other_key, std::nullopt) == digest);
  EntrySpec other_amount = transfer(2025_y / January / 15, "V-1", "Assets:Cash:HeadOffice",
                                    "Equity:Funds:Central", vnd_amount(501));
  CHECK(request_digest(other_amount, std::nullopt) != digest);
  EntrySpec other_date = e;
  other_date.date = 2025_y / January / 16;
  CHECK(request_digest(other_date, std::nullopt) != digest);
  CHECK(request_digest(e, EntryId{3}) != digest);
}
