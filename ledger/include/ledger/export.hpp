// Export of the journal as a plain-text accounting journal that hledger and Ledger read, so
// that auditors can cross-check socai's books with tools they already trust.
//
//   std::ofstream file("branch.journal");
//   Status s = export_journal(*store, ExportFormat::Hledger, 2025_y / June / 30, file);
//   // then: hledger -f branch.journal check -s ordereddates
//
// The text, in this order:
// - a header comment (format, number of entries, the as-of date);
// - one `commodity` directive per currency of the table, with its decimals: hledger's
//   `commodity 1000.00 USD`, Ledger's `commodity USD` with `format 1000.00 USD`;
// - `tag` directives for the tags below (Ledger's --strict wants tags declared);
// - one `account` directive per account of the chart, after a comment with its code and
//   description;
// - one transaction per entry dated on or before as-of (all when empty), ordered by date,
//   then entry id: `DATE (ID) MEMO`, comment lines with the tags entry, kind, key, loan and
//   reverses, then the postings (`ACCOUNT  -1000000 VND`, tag loan on loan postings);
// - a last transaction, dated as-of (else the last entry's date), with one zero posting per
//   account and currency of the trial balance asserting socai's balance (debit - credit):
//   `Assets:Cash:HeadOffice  0 VND = 750000000 VND`. Both tools check their sums against it.
//
// In the memo, ';' (a comment in both tools) becomes ',' and control characters become a
// space; the key and descriptions are cleaned of control characters. Entries are read one
// at a time: memory holds a date and an id per entry, not the journal.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "ledger/date.hpp"
#include "ledger/result.hpp"
#include "ledger/store.hpp"

namespace socai {

enum class ExportFormat { Hledger, Ledger };

std::string_view export_format_name(ExportFormat format);  // "hledger", "ledger"
// "hledger" or "ledger"; InvalidArgument naming the text otherwise.
Result<ExportFormat> parse_export_format(std::string_view text);

// Writes the journal (entries dated on or before as_of, all when empty) to `out`. The
// entries and the asserted balances are the same set even while other processes post: the
// export covers the entries that existed when the trial balance was read (Unavailable when
// the ledger changed during each of five reads). Errors of the store are returned as they
// are; Internal when writing to `out` fails. Nothing is written when the chart or the trial
// balance cannot be read; a later error leaves the text incomplete.
Status export_journal(Store& store, ExportFormat format, std::optional<Date> as_of,
                      std::ostream& out);

}  // namespace socai
