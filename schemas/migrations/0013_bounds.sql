-- socai schema 13: bounds that keep every sum exact, and the sanity limits of rates.
--
-- Every amount is at most 10^15 minor units (checked by the library), and the debits of all
-- the ledger's postings together at most 4 * 10^18: then every sum of postings that a report,
-- the trial balance or reconciliation adds up, debits and credits alike, fits in 64 bits,
-- whatever postings it takes. `ledger_totals` keeps the debits per currency, written by the
-- library with the maintained balances in the transaction that posts; reconciliation
-- recomputes them from the postings ("maintained balances").
CREATE TABLE ledger_totals (
  currency TEXT PRIMARY KEY REFERENCES currencies (code),
  debit    INTEGER NOT NULL CHECK (debit BETWEEN 0 AND 4000000000000000000)
) STRICT, WITHOUT ROWID;

INSERT INTO ledger_totals (currency, debit)
  SELECT currency, sum(max(amount, 0)) FROM postings GROUP BY currency;

CREATE TRIGGER ledger_totals_written_by_socai_insert BEFORE INSERT ON ledger_totals
WHEN socai_library() IS NOT 1
BEGIN SELECT RAISE(ABORT, 'socai: ledger totals are written by socai only'); END;
CREATE TRIGGER ledger_totals_written_by_socai_update BEFORE UPDATE ON ledger_totals
WHEN socai_library() IS NOT 1
BEGIN SELECT RAISE(ABORT, 'socai: ledger totals are written by socai only'); END;
CREATE TRIGGER ledger_totals_are_kept BEFORE DELETE ON ledger_totals
BEGIN SELECT RAISE(ABORT, 'socai: ledger totals are kept'); END;

-- The most a program rate (a year) and the entrustment fee rate (a month) may be; a change of
-- either limit needs a second actor whatever approval.kinds says.
INSERT INTO settings (key, value, actor, recorded_at) VALUES
  ('limit.program-rate', '30%/year', 'socai', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('limit.fee-rate', '1%', 'socai', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- A loan control account's sub-accounts are control accounts too: a posting on one names its
-- loan, a manual entry cannot move one, and reconciliation compares each with the loans.
DROP TRIGGER accounts_keep_identity;
UPDATE accounts SET control = 1
WHERE control = 0 AND EXISTS (
  SELECT 1 FROM accounts parent
  WHERE parent.control = 1 AND substr(accounts.name, 1, length(parent.name) + 1) = parent.name || ':');
CREATE TRIGGER accounts_keep_identity BEFORE UPDATE OF id, name, code, type, control ON accounts
BEGIN SELECT RAISE(ABORT, 'socai: an account''s name, code, type and control flag are fixed'); END;
CREATE TRIGGER accounts_inherit_control BEFORE INSERT ON accounts
WHEN NEW.control = 0 AND EXISTS (
  SELECT 1 FROM accounts parent
  WHERE parent.control = 1 AND substr(NEW.name, 1, length(parent.name) + 1) = parent.name || ':')
BEGIN SELECT RAISE(ABORT, 'socai: a sub-account of a loan control account is a control account'); END;
