// The checks of a credit operation's input that need nothing stored (DOMAIN.md sections 1
// to 4): codes, texts, national ids, a group's size, an operation's amounts and terms.
// Each refusal names its field: field_error(InvalidArgument, field, detail), or the kind of
// record for the code of the record being made ("commune 'X Y': ..."). Internal to the
// library.
#pragma once

#include <cstddef>
#include <string_view>

#include "ledger/loan_book.hpp"

namespace socai::credit {

// The most households a group may have (DOMAIN.md section 1).
inline constexpr int kMaxGroupMembers = 60;

// Codes appear in account names (Assets:Cash:TP-<commune>): 1 to 40 letters, digits, '_'
// and '-'.
bool is_code(std::string_view code);
// The code of the record being made, named by its kind ("commune").
Status check_code(std::string_view what, std::string_view code);
// A code that is one of an operation's inputs, named by its field ("reason").
Status check_code_field(std::string_view field, std::string_view code);
// 1 to `max` bytes of clean text (is_clean_text), without a control, format or bidirectional
// character (a right-to-left override would show a name other than the one stored).
Status check_text(std::string_view field, std::string_view value, std::size_t max = 200);

// The records with every name, place and code as people read them (text::as_read: NFC,
// trimmed), as the registry stores them: "Nguyễn" typed in NFC or NFD is stored one way.
Commune as_read(const Commune& commune);
Officer as_read(const Officer& officer);
Group as_read(const Group& group);
Household as_read(const Household& household);
// 12 digits (citizen identity card) or 9 (old identity card).
Status check_national_id(std::string_view national_id);

Status check_commune(const Commune& commune);
Status check_officer(const Officer& officer);
Status check_group(const Group& group);
// A new household, with its one first status.
Status check_household(const Household& household);
// Refused (FailedPrecondition) when `group` is of another commune than `household`, or full.
Status check_joins_group(const Group& group, const Household& household);
// A program rate's source, when given.
Status check_rate_source(std::string_view source);

// A new loan: its code, a positive approved amount, its officer's code when given.
Status check_new_loan(const NewLoan& loan);
// An operation on a loan (LoanBook::apply), reversals included: its amounts, terms, reason
// and approval as its kind requires; an accrual is refused (the month-end close makes them).
Status check_operation(const LoanOperation& operation);
// The operation's amount is in the currency `program` lends in.
Status check_currency(const LoanOperation& operation, const Program& program);

}  // namespace socai::credit
