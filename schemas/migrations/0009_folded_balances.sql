-- socai schema 9: the maintained balances folded by the library, and the postings' checks
-- made once per entry.
--
-- `balances` and `daily_balances` are no longer written by a trigger, posting by posting: the
-- library adds up the postings of a write transaction per account, currency, loan and day, and
-- writes one upsert per row before it commits, in the same transaction (SqliteStore, the
-- balances folded). Nothing else changes them: a posting written behind the library's back
-- leaves them out of step with the journal, which `socai reconcile` ("maintained balances",
-- recomputed from postings) reports, as DESIGN.md section 4.6 requires.
--
-- The checks that a posting on a loan control account names its loan (schema 1), and that the
-- loan a posting names exists (schema 2), move from the posting's triggers to the entry's:
-- every posting is written before its entry (the deferred key refuses a transaction that
-- leaves one without it, and a posting cannot join a recorded entry), so the entry's trigger
-- sees each of its postings once, as the posting's did. The entry's checks are one statement
-- with the same messages, the first rule broken raised: its postings are read once for their
-- count, currencies, accounts and loans, and grouped by currency only when there are several.
DROP TRIGGER entries_maintain_balances;

DROP TRIGGER postings_name_existing_loans;
DROP TRIGGER postings_only_for_new_entries;
CREATE TRIGGER postings_only_for_new_entries BEFORE INSERT ON postings
BEGIN
  SELECT RAISE(ABORT, 'socai: postings cannot be added to a recorded entry')
  WHERE EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id);
END;

DROP TRIGGER entries_obey_the_journal_rules;
CREATE TRIGGER entries_obey_the_journal_rules BEFORE INSERT ON entries
BEGIN
  SELECT CASE
    WHEN p.n < 2 THEN RAISE(ABORT, 'socai: an entry needs at least two postings')
    WHEN (p.lo = p.hi AND (SELECT sum(amount) FROM postings WHERE entry_id = NEW.id) <> 0)
         OR (p.lo <> p.hi AND EXISTS (
           SELECT 1 FROM postings WHERE entry_id = NEW.id
           GROUP BY currency HAVING sum(amount) <> 0))
      THEN RAISE(ABORT, 'socai: entry does not balance')
    WHEN p.uncontrolled > 0
      THEN RAISE(ABORT, 'socai: a posting on a loan control account needs a loan id')
    WHEN p.unknown_loans > 0
      THEN RAISE(ABORT, 'socai: a posting names a loan that does not exist')
    WHEN NEW.date <= (SELECT max(through) FROM period_closes)
      THEN RAISE(ABORT, 'socai: the entry date is in a closed period')
    WHEN NEW.id <> (SELECT coalesce(max(id), 0) + 1 FROM entries)
      THEN RAISE(ABORT, 'socai: entry ids are consecutive')
    WHEN NEW.prev_hash IS NOT coalesce(
           (SELECT hash FROM entries WHERE id = NEW.id - 1),
           '0000000000000000000000000000000000000000000000000000000000000000')
      THEN RAISE(ABORT, 'socai: prev_hash must be the previous entry''s hash')
    WHEN NEW.reverses_id IS NOT NULL
         AND (SELECT reverses_id FROM entries WHERE id = NEW.reverses_id) IS NOT NULL
      THEN RAISE(ABORT, 'socai: a reversal cannot be reversed')
    WHEN NEW.reverses_id IS NOT NULL
         AND NEW.date < (SELECT date FROM entries WHERE id = NEW.reverses_id)
      THEN RAISE(ABORT, 'socai: a reversal is not dated before the entry it reverses')
    WHEN NEW.reverses_id IS NOT NULL AND (
           (SELECT count(*) FROM postings WHERE entry_id = NEW.id) <>
             (SELECT count(*) FROM postings WHERE entry_id = NEW.reverses_id)
           OR EXISTS (
             SELECT 1 FROM postings o
             LEFT JOIN postings r ON r.entry_id = NEW.id AND r.seq = o.seq
             WHERE o.entry_id = NEW.reverses_id
               AND (r.seq IS NULL OR r.account_id <> o.account_id OR r.currency <> o.currency
                    OR r.amount <> -o.amount OR r.loan_id IS NOT o.loan_id)))
      THEN RAISE(ABORT, 'socai: a reversal negates every posting of the entry it reverses')
  END
  FROM (SELECT count(*) AS n, min(q.currency) AS lo, max(q.currency) AS hi,
               count(CASE WHEN q.loan_id IS NULL AND a.control = 1 THEN 1 END) AS uncontrolled,
               count(CASE WHEN q.loan_id IS NOT NULL AND l.id IS NULL THEN 1 END) AS unknown_loans
        FROM postings q LEFT JOIN accounts a ON a.id = q.account_id
        LEFT JOIN loans l ON l.id = q.loan_id
        WHERE q.entry_id = NEW.id) AS p;
END;
