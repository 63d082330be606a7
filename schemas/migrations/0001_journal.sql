-- socai schema 1: the journal.
-- Every invariant of the journal is enforced here as well as in the library, so that the
-- database refuses a bad write whoever attempts it (see DESIGN.md section 4).
-- Amounts are INTEGER minor units of the posting's currency. Dates are ISO 'YYYY-MM-DD'.

CREATE TABLE currencies (
  code     TEXT PRIMARY KEY CHECK (length(code) = 3 AND code GLOB '[A-Z][A-Z][A-Z]'),
  exponent INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4),
  symbol   TEXT NOT NULL,
  name     TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 3 AND 200),
  code       TEXT NOT NULL UNIQUE CHECK (code <> '' AND code NOT GLOB '*[^0-9]*'),
  type       TEXT NOT NULL
             CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense', 'off-balance')),
  control    INTEGER NOT NULL DEFAULT 0 CHECK (control IN (0, 1)),
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) STRICT;

-- Postings are written before their entry (the entry's checks read them); the deferred key
-- makes a transaction that leaves a posting without its entry fail at COMMIT.
CREATE TABLE entries (
  id              INTEGER PRIMARY KEY,
  date            TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                       AND date(date) IS date),
  recorded_at     TEXT NOT NULL CHECK (recorded_at <> ''),
  actor           TEXT NOT NULL CHECK (actor <> ''),
  kind            TEXT NOT NULL CHECK (kind <> ''),
  memo            TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
  request_digest  TEXT NOT NULL CHECK (length(request_digest) = 64),
  loan_id         INTEGER CHECK (loan_id > 0),
  reverses_id     INTEGER UNIQUE REFERENCES entries (id),
  prev_hash       TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash            TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE TABLE postings (
  entry_id   INTEGER NOT NULL REFERENCES entries (id) DEFERRABLE INITIALLY DEFERRED,
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  currency   TEXT NOT NULL REFERENCES currencies (code),
  amount     INTEGER NOT NULL CHECK (amount <> 0),
  loan_id    INTEGER CHECK (loan_id > 0),
  PRIMARY KEY (entry_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX postings_by_account ON postings (account_id, entry_id);

CREATE TABLE period_closes (
  id          INTEGER PRIMARY KEY,
  through     TEXT NOT NULL CHECK (date(through) IS through),
  actor       TEXT NOT NULL CHECK (actor <> ''),
  recorded_at TEXT NOT NULL
) STRICT;

-- Maintained balances, derived from postings by the triggers below: the running totals per
-- account, currency and loan (0: no loan), and the same per day for balances as of a date.
-- Reconciliation recomputes both from postings.
CREATE TABLE balances (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  currency   TEXT NOT NULL REFERENCES currencies (code),
  loan_id    INTEGER NOT NULL,
  debit      INTEGER NOT NULL,
  credit     INTEGER NOT NULL,
  PRIMARY KEY (account_id, currency, loan_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_balances (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  currency   TEXT NOT NULL REFERENCES currencies (code),
  loan_id    INTEGER NOT NULL,
  date       TEXT NOT NULL,
  debit      INTEGER NOT NULL,
  credit     INTEGER NOT NULL,
  PRIMARY KEY (account_id, currency, loan_id, date)
) STRICT, WITHOUT ROWID;

-- Append-only: nothing recorded is changed or removed. Mistakes are reversed.
CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'socai: entries are append-only; post a reversal instead'); END;
CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'socai: entries are append-only; post a reversal instead'); END;
CREATE TRIGGER postings_are_append_only_update BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'socai: postings are append-only; post a reversal instead'); END;
CREATE TRIGGER postings_are_append_only_delete BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'socai: postings are append-only; post a reversal instead'); END;
CREATE TRIGGER period_closes_are_append_only_update BEFORE UPDATE ON period_closes
BEGIN SELECT RAISE(ABORT, 'socai: period closes are append-only'); END;
CREATE TRIGGER period_closes_are_append_only_delete BEFORE DELETE ON period_closes
BEGIN SELECT RAISE(ABORT, 'socai: period closes are append-only'); END;
CREATE TRIGGER accounts_keep_identity BEFORE UPDATE OF id, name, code, type, control ON accounts
BEGIN SELECT RAISE(ABORT, 'socai: an account''s name, code, type and control flag are fixed'); END;
CREATE TRIGGER accounts_are_never_deleted BEFORE DELETE ON accounts
BEGIN SELECT RAISE(ABORT, 'socai: accounts are never deleted'); END;
CREATE TRIGGER currencies_are_fixed_update BEFORE UPDATE ON currencies
BEGIN SELECT RAISE(ABORT, 'socai: currencies are fixed'); END;
CREATE TRIGGER currencies_are_fixed_delete BEFORE DELETE ON currencies
BEGIN SELECT RAISE(ABORT, 'socai: currencies are fixed'); END;

-- A posting joins an entry that is being written, never one already recorded.
CREATE TRIGGER postings_only_for_new_entries BEFORE INSERT ON postings
BEGIN
  SELECT RAISE(ABORT, 'socai: postings cannot be added to a recorded entry')
  WHERE EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id);
  SELECT RAISE(ABORT, 'socai: a posting on a loan control account needs a loan id')
  WHERE NEW.loan_id IS NULL
    AND (SELECT control FROM accounts WHERE id = NEW.account_id) = 1;
END;

CREATE TRIGGER period_closes_move_forward BEFORE INSERT ON period_closes
BEGIN
  SELECT RAISE(ABORT, 'socai: the period is already closed through that date or later')
  WHERE NEW.through <= (SELECT max(through) FROM period_closes);
END;

-- The entry's checks, over the postings written just before it.
CREATE TRIGGER entries_obey_the_journal_rules BEFORE INSERT ON entries
BEGIN
  SELECT RAISE(ABORT, 'socai: an entry needs at least two postings')
  WHERE (SELECT count(*) FROM postings WHERE entry_id = NEW.id) < 2;
  SELECT RAISE(ABORT, 'socai: entry does not balance')
  WHERE EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id
                GROUP BY currency HAVING sum(amount) <> 0);
  SELECT RAISE(ABORT, 'socai: the entry date is in a closed period')
  WHERE NEW.date <= (SELECT max(through) FROM period_closes);
  SELECT RAISE(ABORT, 'socai: entry ids are consecutive')
  WHERE NEW.id <> (SELECT coalesce(max(id), 0) + 1 FROM entries);
  SELECT RAISE(ABORT, 'socai: prev_hash must be the previous entry''s hash')
  WHERE NEW.prev_hash IS NOT coalesce(
    (SELECT hash FROM entries WHERE id = NEW.id - 1),
    '0000000000000000000000000000000000000000000000000000000000000000');
  SELECT RAISE(ABORT, 'socai: a reversal cannot be reversed')
  WHERE NEW.reverses_id IS NOT NULL
    AND (SELECT reverses_id FROM entries WHERE id = NEW.reverses_id) IS NOT NULL;
  SELECT RAISE(ABORT, 'socai: a reversal is not dated before the entry it reverses')
  WHERE NEW.reverses_id IS NOT NULL
    AND NEW.date < (SELECT date FROM entries WHERE id = NEW.reverses_id);
  SELECT RAISE(ABORT, 'socai: a reversal negates every posting of the entry it reverses')
  WHERE NEW.reverses_id IS NOT NULL AND (
    (SELECT count(*) FROM postings WHERE entry_id = NEW.id) <>
      (SELECT count(*) FROM postings WHERE entry_id = NEW.reverses_id)
    OR EXISTS (
      SELECT 1 FROM postings o LEFT JOIN postings r ON r.entry_id = NEW.id AND r.seq = o.seq
      WHERE o.entry_id = NEW.reverses_id
        AND (r.seq IS NULL OR r.account_id <> o.account_id OR r.currency <> o.currency
             OR r.amount <> -o.amount OR r.loan_id IS NOT o.loan_id)));
END;

CREATE TRIGGER entries_maintain_balances AFTER INSERT ON entries
BEGIN
  INSERT INTO balances (account_id, currency, loan_id, debit, credit)
    SELECT account_id, currency, coalesce(loan_id, 0),
           sum(CASE WHEN amount > 0 THEN amount ELSE 0 END),
           sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END)
    FROM postings WHERE entry_id = NEW.id GROUP BY account_id, currency, coalesce(loan_id, 0)
  ON CONFLICT (account_id, currency, loan_id) DO UPDATE
    SET debit = debit + excluded.debit, credit = credit + excluded.credit;
  INSERT INTO daily_balances (account_id, currency, loan_id, date, debit, credit)
    SELECT account_id, currency, coalesce(loan_id, 0), NEW.date,
           sum(CASE WHEN amount > 0 THEN amount ELSE 0 END),
           sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END)
    FROM postings WHERE entry_id = NEW.id GROUP BY account_id, currency, coalesce(loan_id, 0)
  ON CONFLICT (account_id, currency, loan_id, date) DO UPDATE
    SET debit = debit + excluded.debit, credit = credit + excluded.credit;
END;
