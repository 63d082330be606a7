// socai post, socai reverse, socai close-period.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "credit_cli.hpp"
#include "ledger/entry_input.hpp"

namespace socai::cli {
namespace {

struct PostArgs {
  std::string date;
  std::string memo;
  std::string key;
  std::string kind = "manual";
  std::string loan;
  std::vector<std::string> postings;
  std::string file;
};

struct ReverseArgs {
  std::string entry;
  std::string date;
  std::string memo;
  std::string key;
};

Result<std::vector<EntrySpec>> entries_from_args(const PostArgs& args) {
  if (!args.file.empty()) {
    if (!args.date.empty() || !args.key.empty() || !args.memo.empty() || !args.postings.empty() ||
        !args.loan.empty()) {
      return make_error(ErrorCode::InvalidArgument,
                        "--file: give the entries either in the file or as options, not both");
    }
    const std::string option = fmt::format("--file '{}'", args.file);
    Result<std::string> content = read_file(args.file);
    if (!content) return with_context(option, content.error());
    const std::size_t start = content->find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool json =
        args.file.ends_with(".json") ||
        (start != std::string::npos && ((*content)[start] == '{' || (*content)[start] == '['));
    Result<std::vector<EntrySpec>> entries =
        json ? parse_entries_json(content.value()) : parse_entries_csv(content.value());
    if (!entries) return with_context(option, entries.error());
    return entries;
  }
  if (args.date.empty()) return make_error(ErrorCode::InvalidArgument, "--date: required");
  if (args.key.empty()) {
    return make_error(ErrorCode::InvalidArgument,
                      "--key: required: a unique key for this entry, such as its voucher number");
  }
  if (args.postings.size() < 2) {
    return make_error(ErrorCode::InvalidArgument,
                      "--posting: an entry needs at least two, e.g. --posting "
                      "'Assets:Cash:HeadOffice=1000000' --posting 'Equity:Funds:Central=-1000000'");
  }
  EntrySpec entry;
  Result<Date> date = parse_option<Date>("--date", args.date, parse_date);
  if (!date) return date.error();
  entry.date = date.value();
  entry.key = args.key;
  entry.memo = args.memo;
  entry.kind = args.kind;
  if (!args.loan.empty()) {
    Result<LoanId> loan = parse_option<LoanId>("--loan", args.loan, parse_loan_id);
    if (!loan) return loan.error();
    entry.loan = loan.value();
  }
  for (std::size_t i = 0; i < args.postings.size(); ++i) {
    Result<PostingSpec> posting = parse_posting_argument(args.postings[i]);
    if (!posting) return with_context(fmt::format("--posting {}", i + 1), posting.error());
    entry.postings.push_back(std::move(posting).value());
  }
  return std::vector<EntrySpec>{std::move(entry)};
}

}  // namespace

void print_posted(const Context& ctx, const std::vector<EntrySpec>& entries,
                  const std::vector<PostOutcome>& outcomes) {
  Table table{.columns = {{"entry", "entry", false, true},
                          {"key", "key", false, false},
                          {"status", "status", false, false}},
              .rows = {},
              .footer = {}};
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    table.rows.push_back({std::to_string(outcomes[i].id.value), entries[i].key,
                          outcomes[i].already_recorded ? "already-recorded" : "recorded"});
  }
  switch (ctx.output_format()) {
    case Format::Csv:
      std::cout << render_csv(table);
      break;
    case Format::Json:
      std::cout << rows_json(table).dump(2) << "\n";
      break;
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      for (const auto& row : table.rows) {
        std::cout << fmt::format("entry {} {} (key {})\n", row[0],
                                 row[2] == "recorded" ? "recorded" : "already recorded", row[1]);
      }
      break;
  }
}

void print_reversal(const Context& ctx, const ReversalSpec& reversal, const PostOutcome& outcome) {
  EntrySpec shown;
  shown.key =
      reversal.key.empty() ? fmt::format("reversal-of-{}", reversal.original.value) : reversal.key;
  print_posted(ctx, {shown}, {outcome});
}

void print_period_close(const Context& ctx, const CloseOutcome& outcome) {
  const std::string closed = format_date(outcome.closed_through);
  switch (ctx.output_format()) {
    case Format::Csv:
      std::cout << "closed_through,already_closed\n"
                << closed << "," << (outcome.already_closed ? "true" : "false") << "\n";
      break;
    case Format::Json:
      std::cout << nlohmann::json{{"closed_through", closed},
                                  {"already_closed", outcome.already_closed}}
                       .dump()
                << "\n";
      break;
    case Format::Html:  // refused for this command before it runs (main.cpp)
    case Format::Table:
      std::cout << (outcome.already_closed ? fmt::format("already closed through {}\n", closed)
                                           : fmt::format("closed through {}\n", closed));
      break;
  }
}

namespace {

int run_post(const Context& ctx, const PostArgs& args) {
  Result<std::vector<EntrySpec>> entries = entries_from_args(args);
  if (!entries) return fail(entries.error());
  for (const EntrySpec& e : entries.value()) {
    if (Status s = check_entry(e); !s) {
      return fail(entries->size() == 1 ? s.error()
                                       : with_context(fmt::format("key {}", e.key), s.error()));
    }
  }
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  return submit_operation(ctx, *book->store, *book->book,
                          Operation::manual_entries(std::move(entries).value()));
}

int run_reverse(const Context& ctx, const ReverseArgs& args) {
  ReversalSpec spec;
  Result<std::int64_t> id = parse_option<std::int64_t>(
      "ENTRY_ID", args.entry, [](const std::string& text) -> Result<std::int64_t> {
        Result<LoanId> n = parse_loan_id(text);  // the same rule: a positive integer
        if (!n)
          return make_error(ErrorCode::InvalidArgument,
                            fmt::format("'{}' is not an entry id", text));
        return n->value;
      });
  if (!id) return fail(id.error());
  spec.original = EntryId{id.value()};
  if (!args.date.empty()) {
    Result<Date> date = parse_option<Date>("--date", args.date, parse_date);
    if (!date) return fail(date.error());
    spec.date = date.value();
  }
  spec.memo = args.memo;
  spec.key = args.key;
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  return submit_operation(ctx, *book->store, *book->book, Operation::journal_reversal(spec));
}

int run_close_period(const Context& ctx, const std::string& date_text) {
  Result<Date> through = parse_option<Date>("DATE", date_text, parse_date);
  if (!through) return fail(through.error());
  Result<OpenBook> book = open_book(ctx);
  if (!book) return fail(book.error());
  return submit_operation(ctx, *book->store, *book->book, Operation::period_close(*through));
}

}  // namespace

void register_journal_commands(CLI::App& app, Context& ctx) {
  auto post_args = std::make_shared<PostArgs>();
  CLI::App* post = app.add_subcommand(
      "post",
      "Post one journal entry, or every entry of a JSON or CSV file in one transaction.\n"
      "A positive amount is a debit, a negative one a credit; VND unless a currency follows.\n"
      "Examples:\n"
      "  socai post --date 2025-01-15 --key V-0001 --memo 'Capital' \\\n"
      "      --posting 'Assets:Cash:HeadOffice=1000000' --posting 'Equity:Funds:Central=-1000000'\n"
      "  socai post --date 15/01/2025 --key V-0002 --posting 'Assets:Cash:HeadOffice=10.50 USD' "
      "\\\n"
      "      --posting 'Equity:Funds:Central=-10.50 USD'\n"
      "  socai post --file entries.json   (or entries.csv: key,date,memo,account,amount,currency)");
  post->add_option("--date", post_args->date, "effective date, 2025-01-15 or 15/01/2025");
  post->add_option("--key", post_args->key,
                   "idempotency key, e.g. the voucher number: posting it again records nothing");
  post->add_option("--memo", post_args->memo, "what the entry is for");
  post->add_option("--kind", post_args->kind, "kind of entry (default: manual)");
  post->add_option("--loan", post_args->loan,
                   "the loan the entry concerns (loan control accounts)");
  post->add_option("--posting", post_args->postings, "ACCOUNT=AMOUNT [CURRENCY], at least two");
  post->add_option("--file", post_args->file, "a JSON or CSV file of entries");
  post->callback(
      [&ctx, post_args] { ctx.run = [&ctx, post_args] { return run_post(ctx, *post_args); }; });

  auto reverse_args = std::make_shared<ReverseArgs>();
  CLI::App* reverse = app.add_subcommand(
      "reverse",
      "Post the reversal of an entry: the same postings with opposite signs. An entry is\n"
      "reversed at most once, and a reversal is never reversed.\n"
      "Example: socai reverse 3 --memo 'Wrong account' --date 2025-01-20");
  reverse->add_option("ENTRY_ID", reverse_args->entry, "the entry to reverse")->required();
  reverse->add_option("--date", reverse_args->date, "date of the reversal (default: the entry's)");
  reverse->add_option("--memo", reverse_args->memo, "why (default: 'Reversal of entry N')");
  reverse->add_option("--key", reverse_args->key, "idempotency key (default: reversal-of-N)");
  reverse->callback([&ctx, reverse_args] {
    ctx.run = [&ctx, reverse_args] { return run_reverse(ctx, *reverse_args); };
  });

  auto close_date = std::make_shared<std::string>();
  CLI::App* close = app.add_subcommand(
      "close-period",
      "Close every date up to and including DATE: entries dated then are refused from now on.\n"
      "Example: socai close-period 2025-01-31");
  close->add_option("DATE", *close_date, "last date of the closed period")->required();
  close->callback([&ctx, close_date] {
    ctx.run = [&ctx, close_date] { return run_close_period(ctx, *close_date); };
  });
}

}  // namespace socai::cli
