// socai demo: a realistic portfolio to explore, generated deterministically from a seed.
//
// Phú Thọ province: three districts (Tân Sơn, Yên Lập, Cẩm Khê), two communes each, each
// with its transaction day; savings-and-loan groups of the four entrusted organisations in
// every village; households with poverty status histories (some escape poverty); loans of
// six programs opened over the first half year; then every month, commune by commune on the
// transaction day, the group leaders' collections (most members pay, some are late, a few
// chronically), principal installments, savings, a few extensions, a flood in Tân Sơn that
// freezes loans, a write-off and a recovery, and the month-end close, through the rate cut
// of 01/12/2025 and the missed-installment rule of 01/03/2026.
//
// Everything is written through the loan book's public operations (the commands' own), each
// commune's month in one batch. The recorded-at time of every record is its operation's day,
// so the same seed gives the same ledger, entry hash for entry hash.
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>

#include "cli.hpp"
#include "credit_cli.hpp"

namespace socai::cli {
namespace {

struct DemoArgs {
  std::int64_t households = 1'000;
  int months = 18;
  std::uint64_t seed = 2025;
};

struct PlaceSpec {
  const char* code;
  const char* name;
  const char* district;
  int gdx_day;
  const char* villages[4];
};

constexpr PlaceSpec kCommunes[] = {
    {"TN", "Thu Ngạc", "Tân Sơn", 5, {"Khu Ngạc", "Khu Mu", "Khu Chiềng", "Khu Bông"}},
    {"XD", "Xuân Đài", "Tân Sơn", 8, {"Khu Lóng", "Khu Đá Cạn", "Khu Dùng", "Khu Cỏi"}},
    {"NL",
     "Ngọc Lập",
     "Yên Lập",
     10,
     {"Khu Ngọc Thượng", "Khu Ngọc Đồng", "Khu Tân Lập", "Khu Cây Thị"}},
    {"ML",
     "Mỹ Lung",
     "Yên Lập",
     12,
     {"Khu Lũng Lào", "Khu Hào Khúc", "Khu Đá Đen", "Khu Mỹ Thịnh"}},
    {"TX", "Tạ Xá", "Cẩm Khê", 15, {"Khu 1", "Khu 2", "Khu 3", "Khu 4"}},
    {"PX",
     "Phương Xá",
     "Cẩm Khê",
     20,
     {"Khu Phương Xá", "Khu Hoàng Hà", "Khu Cổ Tiết", "Khu Xuân Lũng"}},
};
constexpr const char* kOrgs[] = {"11", "12", "13", "14"};
constexpr const char* kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà",
                                   "Đinh",   "Bùi",  "Sa", "Xa",   "Triệu", "Lò"};
constexpr const char* kMiddle[] = {"Văn", "Thị", "Đức", "Thị Thu", "Văn Hùng", "Thị Lan"};
constexpr const char* kGiven[] = {"An",  "Bình", "Cúc", "Dũng", "Hoa",  "Khánh", "Lan", "Minh",
                                  "Nga", "Phúc", "Quế", "Sơn",  "Thảo", "Tuấn",  "Vân", "Yến"};
constexpr int kGroupSize = 40;  // households per group (a group holds 3 to 60)

// The generator's own draws: the same on every standard library.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(seed) {}
  std::uint64_t below(std::uint64_t n) { return rng_() % n; }
  bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::mt19937_64 rng_;
};

enum class Habit { Good, Late, Chronic };

struct Member {
  std::string code;
  std::size_t commune;  // index in kCommunes
  std::string group;
  PovertyStatus status;
  Habit habit;
  int opens_in;  // the month index its loan is opened in
  std::vector<std::string> loans;
};

Date day_in(date::year_month m, int day) {
  const unsigned last = static_cast<unsigned>(Date{m / date::last}.day());
  return Date{m / date::day{std::min(static_cast<unsigned>(day), last)}};
}

class Demo {
 public:
  Demo(Store& store, LoanBook& book, const DemoArgs& args, std::string& clock)
      : store_(store), book_(book), args_(args), clock_(clock), draw_(args.seed) {}

  Status run();
  std::string summary(Store& store);

 private:
  void at(Date d) { clock_ = format_date(d) + "T08:00:00Z"; }
  Status reference_data();
  // The loan a member asks for; a second loan (from March 2026) repays every quarter.
  NewLoan plan_loan(const Member& m, Date day, bool second);
  // Opens and disburses it.
  void lend(Member& m, const NewLoan& loan, Date day);
  Status session(date::year_month month, int index, std::size_t commune);
  template <class T>
  void count(const Result<T>& r, const char* what) {
    if (r) {
      ++done_[what];
    } else {
      ++refused_[what];
    }
  }

  // The capital for a session's disbursements, from the central budget through the branch
  // to the commune's transaction point, before the session.
  Status fund(std::size_t commune, Date day, std::int64_t amount);

  Store& store_;
  LoanBook& book_;
  Progress progress_ = progress_bar("commune sessions");
  const DemoArgs& args_;
  std::string& clock_;
  Draw draw_;
  std::vector<Member> members_;
  std::map<std::string, std::int64_t> done_;
  std::map<std::string, std::int64_t> refused_;
  std::vector<std::string> frozen_;
  std::string written_off_;
  std::int64_t loan_number_ = 0;
  std::int64_t fees_ = 0;
  int closes_ = 0;
};

const date::year_month kStart = date::year{2025} / date::January;
const char* const kActor = "demo";

Status Demo::reference_data() {
  at(Date{date::year{2024} / date::December / 20});
  for (const PlaceSpec& c : kCommunes) {
    Result<Commune> added =
        book_.add_commune(Commune{c.code, c.name, c.district, "Phú Thọ", c.gdx_day, ""}, kActor);
    if (!added) return added.error();
  }
  for (const char* officer : {"CB-TS", "CB-YL", "CB-CK"}) {
    Result<Officer> added =
        book_.add_officer(Officer{officer, std::string("Cán bộ ") + officer}, kActor);
    if (!added) return added.error();
  }
  // Households go to communes in turn, and fill each commune's groups in turn.
  std::vector<std::int64_t> in_commune(std::size(kCommunes), 0);
  for (std::int64_t h = 0; h < args_.households; ++h) {
    const std::size_t c = static_cast<std::size_t>(h) % std::size(kCommunes);
    const std::int64_t n = in_commune[c]++;
    const std::int64_t group_index = n / kGroupSize;
    const PlaceSpec& place = kCommunes[c];
    const std::string village = place.villages[(group_index / 4) % 4];
    const std::string org = kOrgs[group_index % 4];
    const std::string group = fmt::format("{}-{}-{:03}", place.code, org, group_index + 1);
    if (n % kGroupSize == 0) {
      Result<Group> added = book_.add_group(
          Group{
              group, place.code, village, org,
              fmt::format("{} {} {}", draw_.pick(kFamily), draw_.pick(kMiddle), draw_.pick(kGiven)),
              0},
          kActor);
      if (!added) return added.error();
    }
    const int roll = static_cast<int>(draw_.below(100));
    const PovertyStatus status = roll < 55   ? PovertyStatus::Poor
                                 : roll < 80 ? PovertyStatus::NearPoor
                                 : roll < 90 ? PovertyStatus::Escaped
                                             : PovertyStatus::None;
    const int habit = static_cast<int>(draw_.below(100));
    Member m{.code = fmt::format("{}-{:06}", place.code, n + 1),
             .commune = c,
             .group = group,
             .status = status,
             .habit = habit < 80   ? Habit::Good
                      : habit < 95 ? Habit::Late
                                   : Habit::Chronic,
             .opens_in = static_cast<int>(draw_.below(6)),
             .loans = {}};
    // Poverty status histories: poor since the 2021 census, near-poor likewise, escaped in
    // mid-2024 after years in poverty.
    std::vector<StatusChange> history{
        {Date{date::year{2021} / date::January / 1},
         status == PovertyStatus::Escaped ? PovertyStatus::Poor : status}};
    if (status == PovertyStatus::Escaped)
      history.push_back({Date{date::year{2024} / date::June / 1}, PovertyStatus::Escaped});
    Household household{
        m.code,
        fmt::format("{} {} {}", draw_.pick(kFamily), draw_.pick(kMiddle), draw_.pick(kGiven)),
        fmt::format("0252{:08}", h + 1),
        place.code,
        village,
        group,
        {history.front()}};
    Result<Household> added = book_.add_household(household, kActor);
    if (!added) return added.error();
    if (history.size() > 1) {
      Result<Household> changed = book_.set_household_status(m.code, history.back(), kActor);
      if (!changed) return changed.error();
    }
    members_.push_back(std::move(m));
  }
  return {};
}

NewLoan Demo::plan_loan(const Member& m, Date day, bool second) {
  const PlaceSpec& place = kCommunes[m.commune];
  const char* officer = std::string_view(place.district) == "Tân Sơn"   ? "CB-TS"
                        : std::string_view(place.district) == "Yên Lập" ? "CB-YL"
                                                                        : "CB-CK";
  NewLoan loan{.code = fmt::format("L-{}-{:07}", place.code, ++loan_number_),
               .household = m.code,
               .program = "01",
               .officer = officer,
               .amount = Money::zero(Currency::find("VND").value()),
               .term_months = 36,
               .date = day,
               .method = RepaymentMethod::EqualPrincipal,
               .every_months = 12,
               .grace_principal_months = 0,
               .course_end = std::nullopt,
               .custom = {},
               .key = ""};
  std::int64_t millions = 20 + 5 * static_cast<std::int64_t>(draw_.below(13));  // 20 to 80
  switch (m.status) {
    case PovertyStatus::Poor:
      if (draw_.chance(10)) {
        loan.program = "06";  // clean water and sanitation
        millions = 10 + 5 * static_cast<std::int64_t>(draw_.below(3));
        loan.term_months = 24;
        loan.every_months = 6;
      } else if (draw_.chance(4)) {
        loan.program = "02";  // a child at university: four years of study
        loan.course_end = Date{date::year{2029} / date::June / 30};
        millions = 40;
        loan.term_months = 0;
      }
      break;
    case PovertyStatus::NearPoor:
      loan.program = "19";
      break;
    case PovertyStatus::Escaped:
      loan.program = "09";
      break;
    case PovertyStatus::None:
      loan.program = "03";  // job creation
      millions = 30 + 10 * static_cast<std::int64_t>(draw_.below(8));
      break;
  }
  if (second) {
    loan.program = m.status == PovertyStatus::NearPoor ? "19" : "03";
    loan.course_end.reset();
    millions = 10 + 5 * static_cast<std::int64_t>(draw_.below(5));
    loan.term_months = 24;
    loan.every_months = 3;
  } else if (loan.program != "02" && loan.program != "06") {
    loan.term_months = draw_.chance(50) ? 36 : 60;
    loan.every_months = draw_.chance(50) ? 12 : 6;
  }
  loan.amount = Money::from_minor(millions * 1'000'000, loan.amount.currency());
  return loan;
}

void Demo::lend(Member& m, const NewLoan& loan, Date day) {
  Result<LoanOutcome> opened = book_.open_loan(loan, kActor);
  count(opened, "loans opened");
  if (!opened) return;
  Result<LoanOutcome> disbursed = book_.apply(LoanOperation{.loan = loan.code,
                                                            .kind = LoanEventKind::Disburse,
                                                            .amount = loan.amount,
                                                            .date = day,
                                                            .key = ""},
                                              kActor);
  count(disbursed, "disbursements");
  m.loans.push_back(loan.code);
}

Status Demo::session(date::year_month month, int index, std::size_t commune) {
  const Date day = day_in(month, kCommunes[commune].gdx_day);
  at(day);
  const Currency vnd = Currency::find("VND").value();
  const bool flood = index == 8 && std::string_view(kCommunes[commune].district) == "Tân Sơn";
  // The session's new loans, and their cash sent to the transaction point beforehand.
  // March 2026: a quarter of the members take a second, smaller loan; from now on a missed
  // installment's unpaid part becomes overdue (DOMAIN.md section 3).
  std::vector<std::pair<Member*, NewLoan>> lending;
  std::int64_t needed = 0;
  for (Member& m : members_) {
    if (m.commune != commune) continue;
    if (m.opens_in == index) {
      lending.emplace_back(&m, plan_loan(m, day, false));
    } else if (index == 14 && draw_.chance(25)) {
      lending.emplace_back(&m, plan_loan(m, day, true));
    } else {
      continue;
    }
    needed += lending.back().second.amount.minor_units();
  }
  if (Status s = fund(commune, day, needed); !s) return s;
  return book_.batch(kActor, [&]() -> Status {
    for (auto& [member, loan] : lending) lend(*member, loan, day);
    for (Member& m : members_) {
      if (m.commune != commune || m.opens_in == index) continue;
      // Savings: half the members bring some to the session.
      if (draw_.chance(50)) {
        Result<SavingsOutcome> saved = book_.savings(
            SavingsOperation{.household = m.code,
                             .withdrawal = false,
                             .amount = Money::from_minor(
                                 10'000 + 5'000 * static_cast<std::int64_t>(draw_.below(9)), vnd),
                             .date = day,
                             .key = ""},
            kActor);
        count(saved, "savings deposits");
      }
      for (const std::string& code : m.loans) {
        Result<LoanView> loan = book_.loan(code, day);
        if (!loan || loan->status == LoanStatus::Closed || loan->status == LoanStatus::WrittenOff)
          continue;
        // The flood of September 2025 in Tân Sơn: some households lose their crops and herds.
        if (flood && loan->status != LoanStatus::Frozen && draw_.chance(3)) {
          Result<LoanOutcome> frozen = book_.apply(LoanOperation{.loan = code,
                                                                 .kind = LoanEventKind::Freeze,
                                                                 .amount = Money::zero(vnd),
                                                                 .date = day,
                                                                 .key = "",
                                                                 .years = draw_.chance(70) ? 3 : 5,
                                                                 .reason = "FLOOD",
                                                                 .approval = "QD-1290/2025-UBND"},
                                                   kActor);
          count(frozen, "freezes");
          if (frozen) frozen_.push_back(code);
          continue;
        }
        const int pays = m.habit == Habit::Good ? 95 : m.habit == Habit::Late ? 60 : 20;
        // A chronic late payer with an installment coming asks for more time.
        if (m.habit == Habit::Chronic && loan->next_due_date && loan->contract.term_months > 12 &&
            loan->state.extended_months() == 0 && days_between(day, *loan->next_due_date) < 60 &&
            draw_.chance(20)) {
          Result<LoanOutcome> extended = book_.apply(LoanOperation{.loan = code,
                                                                   .kind = LoanEventKind::Extend,
                                                                   .amount = Money::zero(vnd),
                                                                   .date = day,
                                                                   .key = "",
                                                                   .years = 6,
                                                                   .reason = "CROP-FAILURE"},
                                                     kActor);
          count(extended, "extensions");
        }
        if (!draw_.chance(pays)) continue;
        const std::int64_t interest = loan->interest_due.total();
        if (interest > 0) {
          Result<LoanOutcome> collected =
              book_.apply(LoanOperation{.loan = code,
                                        .kind = LoanEventKind::CollectInterest,
                                        .amount = Money::from_minor(interest, vnd),
                                        .date = day,
                                        .key = ""},
                          kActor);
          count(collected, "interest collections");
        }
        if (loan->principal_due > 0) {
          Result<LoanOutcome> repaid =
              book_.apply(LoanOperation{.loan = code,
                                        .kind = LoanEventKind::RepayPrincipal,
                                        .amount = Money::from_minor(loan->principal_due, vnd),
                                        .date = day,
                                        .key = ""},
                          kActor);
          count(repaid, "principal repayments");
        }
      }
    }
    // January 2026: a flooded household's head has died; the commune writes the debt off.
    // March 2026: a relative repays part of it.
    if (!frozen_.empty() && commune == 0 && index == 12 && written_off_.empty()) {
      Result<LoanView> loan = book_.loan(frozen_.front(), day);
      if (loan && loan->state.principal() > 0) {
        Result<LoanOutcome> w =
            book_.apply(LoanOperation{.loan = frozen_.front(),
                                      .kind = LoanEventKind::WriteOff,
                                      .amount = Money::from_minor(loan->state.principal(), vnd),
                                      .date = day,
                                      .key = "",
                                      .years = 0,
                                      .reason = "DEATH",
                                      .approval = "QD-45/2026-NHCSXH",
                                      .interest_amount = loan->interest_due.total()},
                        kActor);
        count(w, "write-offs");
        if (w) written_off_ = frozen_.front();
      }
    }
    if (!written_off_.empty() && commune == 0 && index == 14) {
      Result<LoanOutcome> r = book_.apply(LoanOperation{.loan = written_off_,
                                                        .kind = LoanEventKind::Recover,
                                                        .amount = Money::from_minor(5'000'000, vnd),
                                                        .date = day,
                                                        .key = ""},
                                          kActor);
      count(r, "recoveries");
    }
    return {};
  });
}

Status Demo::fund(std::size_t commune, Date day, std::int64_t amount) {
  if (amount == 0) return {};
  const Money cash = Money::from_minor(amount, Currency::find("VND").value());
  const std::string tp = std::string("Assets:Cash:TP-") + kCommunes[commune].code;
  const std::string key = fmt::format("{}-{}", kCommunes[commune].code, format_date(day));
  const EntrySpec entries[] = {
      {.date = day,
       .kind = "capital",
       .memo =
           fmt::format("Lending capital from the central budget for {}", kCommunes[commune].name),
       .key = "CAP-" + key,
       .loan = std::nullopt,
       .postings = {{"Assets:Cash:HeadOffice", cash, std::nullopt},
                    {"Equity:Funds:Central", cash.negated().value(), std::nullopt}}},
      {.date = day,
       .kind = "transfer",
       .memo = fmt::format("Cash to the {} transaction point for the session's disbursements",
                           kCommunes[commune].name),
       .key = "TRF-" + key,
       .loan = std::nullopt,
       .postings = {{tp, cash, std::nullopt},
                    {"Assets:Cash:HeadOffice", cash.negated().value(), std::nullopt}}}};
  Result<std::vector<PostOutcome>> posted = store_.post_batch(entries, kActor);
  if (!posted) return posted.error();
  done_["capital transfers"] += 1;
  return {};
}

Status Demo::run() {
  if (Status s = reference_data(); !s) return s;
  for (int i = 0; i < args_.months; ++i) {
    const date::year_month month = kStart + date::months{i};
    for (std::size_t c = 0; c < std::size(kCommunes); ++c) {
      if (Status s = session(month, i, c); !s) return s;
      if (progress_)
        progress_(
            i * static_cast<std::int64_t>(std::size(kCommunes)) + static_cast<std::int64_t>(c) + 1,
            args_.months * static_cast<std::int64_t>(std::size(kCommunes)));
    }
    at(Date{date::sys_days{Date{month / date::last}} + date::days{1}});
    Result<MonthCloseOutcome> closed = book_.close_month(month, kActor, {});
    if (!closed) return with_context("month-end close", closed.error());
    ++closes_;
    for (const FeeRow& f : closed->fees) fees_ += f.fee;
  }
  return {};
}

std::string Demo::summary(Store& store) {
  const date::year_month last = kStart + date::months{args_.months - 1};
  std::string out = fmt::format(
      "demo portfolio: Phú Thọ province, {} communes in 3 districts, {} households, {} months "
      "(2025-01 to {:04}-{:02}), seed {}\n",
      std::size(kCommunes), args_.households, args_.months, static_cast<int>(last.year()),
      static_cast<unsigned>(last.month()), args_.seed);
  for (const auto& [what, n] : done_) {
    out += fmt::format("  {:<22} {:>9}", what, n);
    if (auto r = refused_.find(what); r != refused_.end())
      out += fmt::format("  ({} refused by the rules)", r->second);
    out += "\n";
  }
  out +=
      fmt::format("  {:<22} {:>9}  (entrustment fees {})\n", "month-end closes", closes_,
                  format_minor(fees_, Currency::find("VND").value(), MoneyFormat::GroupedEnglish));
  Result<std::int64_t> entries = store.entry_count();
  out += fmt::format("  {:<22} {:>9}\n", "journal entries", entries ? entries.value() : 0);
  return out;
}

int run_demo(const Context& ctx, const DemoArgs& a) {
  if (ctx.read_only) return fail(ErrorCode::InvalidArgument, "demo cannot run with --read-only");
  if (a.households < 1 || a.households > 10'000'000) {
    return fail(ErrorCode::InvalidArgument,
                fmt::format("--households {}: 1 to 10,000,000", a.households));
  }
  // Months must have ended to be closed: from January 2025 to last month.
  const Date today = ctx.today();
  const date::year_month last_ended = today.year() / today.month() - date::months{1};
  const int most = static_cast<int>((last_ended - kStart).count()) + 1;
  if (a.months < 1 || a.months > most) {
    return fail(
        ErrorCode::InvalidArgument,
        fmt::format("--months {}: 1 to {} (January 2025 to the last month ended)", a.months, most));
  }
  if (std::filesystem::exists(ctx.db)) {
    return fail(ErrorCode::AlreadyExists,
                fmt::format("{} exists: the demo writes a new ledger (give --db NEW.db)", ctx.db));
  }
  auto clock = std::make_shared<std::string>("2024-12-20T08:00:00Z");
  StoreOptions options;
  options.durable = false;  // a generated ledger: commits need not wait for the disk
  options.clock = [clock] { return *clock; };
  options.training = true;  // its actors are the demo's declared names
  // One seed, one ledger: its id too.
  options.ledger_id =
      sha256_hex(fmt::format("socai demo {} {} {}", a.seed, a.households, a.months)).substr(0, 32);
  Result<std::unique_ptr<Store>> store = create_ledger(ctx.db, options);
  if (!store) return fail(store.error());
  Result<std::unique_ptr<LoanBook>> book = open_loan_book(*store.value());
  if (!book) return fail(book.error());
  Demo demo(*store.value(), *book.value(), a, *clock);
  if (Status s = demo.run(); !s) {
    book.value().reset();
    store.value().reset();
    std::filesystem::remove(ctx.db);
    return fail(with_context("demo", s.error()));
  }
  std::cout << demo.summary(*store.value());
  return kExitOk;
}

}  // namespace

void register_demo_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Generate a demo portfolio in a new ledger: Phú Thọ province (Tân Sơn, Yên Lập, Cẩm Khê;\n"
      "communes such as Thu Ngạc, Tạ Xá and Ngọc Lập), groups of the four organisations,\n"
      "households with poverty status histories, loans of six programs, monthly collections\n"
      "with late payers, savings, extensions, a flood's freezes, a write-off and a recovery,\n"
      "and a month-end close every month from January 2025, through the rate cut of\n"
      "01/12/2025. The same seed gives the same ledger, entry hash for entry hash.\n"
      "Example: socai demo --db demo.db --households 1000 --months 18 --seed 2025");
  cmd->add_option("--households", a->households, "households (default 1,000)");
  cmd->add_option("--months", a->months, "months from January 2025 (default 18)");
  cmd->add_option("--seed", a->seed, "seed of the generator (default 2025)")
      ->check([](const std::string& text) {
        // Whole: CLI11 would take "-1" as 2^64 - 1 and clamp a longer number to it.
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, ec] = std::from_chars(text.data(), end, value);
        return ec == std::errc() && stop == end ? std::string()
                                                : std::string("0 to 18446744073709551615");
      });
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_demo(ctx, *a); }; });
}

}  // namespace socai::cli
