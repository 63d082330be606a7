// Tests of ledger/fees.hpp: entrustment fees and their split (DOMAIN.md section 5, V5).
#include <catch2/catch.hpp>

#include "ledger/fees.hpp"
#include "test_support.hpp"

using namespace socai;
using namespace socai::testing;

TEST_CASE("V5: a Women's Union with 2.5% overdue earns 2,560,000 on 10 billion, split 84/9/4.5",
          "[fees]") {
  // DOMAIN.md V5: 10,000,000,000 x 0.032% x 80% = 2,560,000.
  EntrustmentFee f = entrustment_fee(vnd_amount(10'000'000'000), Exact(25, 1000), {}).value();
  CHECK(f.factor == Exact(80, 100));
  CHECK(f.total == vnd_amount(2'560'000));
  CHECK(f.commune == vnd_amount(2'150'400));
  CHECK(f.district == vnd_amount(230'400));
  CHECK(f.province == vnd_amount(115'200));
  CHECK(f.central == vnd_amount(64'000));
}

TEST_CASE("the quality factor steps down at 2%, 3% and 4% overdue", "[fees]") {
  const FeeSettings s;
  CHECK(quality_factor(Exact(0), s) == 1);
  CHECK(quality_factor(Exact(199, 10'000), s) == 1);
  CHECK(quality_factor(Exact(2, 100), s) == Exact(80, 100));
  CHECK(quality_factor(Exact(299, 10'000), s) == Exact(80, 100));
  CHECK(quality_factor(Exact(3, 100), s) == Exact(50, 100));
  CHECK(quality_factor(Exact(399, 10'000), s) == Exact(50, 100));
  CHECK(quality_factor(Exact(4, 100), s) == 0);
  CHECK(quality_factor(Exact(1), s) == 0);
}

TEST_CASE("a fee is rounded once and its split always sums to it", "[fees]") {
  // 123,456,789 x 0.032% = 39,506.17... -> 39,506, split 33,185.04 / 3,555.54 / 1,777.77 /
  // 987.65: the two units left go to the largest fractions (province .77, central .65).
  EntrustmentFee f = entrustment_fee(vnd_amount(123'456'789), Exact(1, 100), {}).value();
  CHECK(f.total == vnd_amount(39'506));
  CHECK(f.commune == vnd_amount(33'185));
  CHECK(f.district == vnd_amount(3'555));
  CHECK(f.province == vnd_amount(1'778));
  CHECK(f.central == vnd_amount(988));
  for (std::int64_t balance : {0LL, 1LL, 999LL, 3'125LL, 77'777'777LL, 9'999'999'999'999LL}) {
    EntrustmentFee g = entrustment_fee(vnd_amount(balance), Exact(0), {}).value();
    CHECK(g.commune.minor_units() + g.district.minor_units() + g.province.minor_units() +
              g.central.minor_units() ==
          g.total.minor_units());
  }
}

TEST_CASE("fee settings are settings: another rate, other bands, another split", "[fees]") {
  FeeSettings s;
  s.rate = Exact(5, 10'000);  // 0.05%
  s.bands = {{Exact(1, 100), Exact(1)}};
  s.factor_beyond = Exact(1, 2);
  s.commune_bp = 10'000;
  s.district_bp = 0;
  s.province_bp = 0;
  EntrustmentFee f = entrustment_fee(vnd_amount(1'000'000'000), Exact(1, 100), s).value();
  CHECK(f.total == vnd_amount(250'000));
  CHECK(f.commune == vnd_amount(250'000));
  CHECK(f.central == vnd_amount(0));
  s.province_bp = 1;
  CHECK(entrustment_fee(vnd_amount(1), Exact(0), s).error().code == ErrorCode::InvalidArgument);
  CHECK(entrustment_fee(vnd_amount(-1), Exact(0), {}).error().code == ErrorCode::InvalidArgument);
}
