// socai export: the journal as a plain-text accounting journal for hledger or Ledger, so that
// auditors can check socai's books with tools they already trust (ledger/export.hpp).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "ledger/export.hpp"

namespace socai::cli {
namespace {

struct ExportArgs {
  std::string format;
  std::string as_of;
};

int run_export(const Context& ctx, const ExportArgs& a) {
  Result<ExportFormat> format = parse_export_format(a.format);
  if (!format) return fail(format.error());
  std::optional<Date> as_of;
  if (!a.as_of.empty()) {
    Result<Date> d = parse_option<Date>("--as-of", a.as_of, parse_date);
    if (!d) return fail(d.error());
    as_of = d.value();
  }
  Result<std::unique_ptr<Store>> store = ctx.open();
  if (!store) return fail(store.error());
  Status s = export_journal(*store.value(), format.value(), as_of, std::cout);
  if (!s) return fail(s.error());
  return kExitOk;
}

constexpr const char* kExportDescription =
    "Write the journal to stdout as a plain-text accounting journal that hledger or Ledger\n"
    "checks strictly: commodities, tags and every account declared, one transaction per\n"
    "entry (ordered by date, then entry id), and a last transaction asserting every\n"
    "balance of the trial balance (as of --as-of), so each tool proves its sums equal\n"
    "socai's.\n"
    "Example: socai export hledger > branch.journal && hledger -f branch.journal check -s";

constexpr const char* kExportFooter =
    "A transaction (the entry's date, id and memo; tags entry, kind, key, loan, reverses):\n"
    "  2025-03-05 (276) Disbursement of loan L-TN-0000050\n"
    "      ; entry: 276\n"
    "      ; kind: disbursement\n"
    "      ; key: loan:disburse:L-TN-0000050:2025-03-05:25000000\n"
    "      ; loan: 50\n"
    "      Assets:Loans:InTerm:01  25000000 VND  ; loan: 50\n"
    "      Assets:Cash:TP-TN  -25000000 VND\n"
    "In memos, ';' (a comment in both tools) is written ','. The last transaction:\n"
    "  2026-03-31 socai trial balance as of 2026-03-31\n"
    "      Assets:Cash:TP-TN  0 VND = -1149699858 VND\n"
    "      ...\n"
    "The text is UTF-8: hledger needs a UTF-8 locale (LANG=C.UTF-8 or the like).\n"
    "The checks auditors run:\n"
    "  hledger -f branch.journal check -s ordereddates\n"
    "  socai --read-only export ledger --as-of 2025-12-31 > branch.ledger\n"
    "  ledger -f branch.ledger --strict --pedantic --explicit balance";

}  // namespace

void register_export_commands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", kExportDescription);
  cmd->footer(kExportFooter);
  cmd->add_option("FORMAT", a->format, "hledger or ledger")->required();
  cmd->add_option("--as-of", a->as_of, "only entries dated on or before this date");
  cmd->callback([&ctx, a] { ctx.run = [&ctx, a] { return run_export(ctx, *a); }; });
}

}  // namespace socai::cli
