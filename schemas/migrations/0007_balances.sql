-- socai schema 7: the maintained balances, posting by posting.
-- The same totals as schema 1's trigger: each posting of the new entry is added to its
-- account's running total (and the day's), the upsert adding up postings that share a row,
-- without sorting the entry's postings into groups first.
DROP TRIGGER entries_maintain_balances;
CREATE TRIGGER entries_maintain_balances AFTER INSERT ON entries
BEGIN
  INSERT INTO balances (account_id, currency, loan_id, debit, credit)
    SELECT account_id, currency, coalesce(loan_id, 0),
           CASE WHEN amount > 0 THEN amount ELSE 0 END,
           CASE WHEN amount < 0 THEN -amount ELSE 0 END
    FROM postings WHERE entry_id = NEW.id
  ON CONFLICT (account_id, currency, loan_id) DO UPDATE
    SET debit = debit + excluded.debit, credit = credit + excluded.credit;
  INSERT INTO daily_balances (account_id, currency, loan_id, date, debit, credit)
    SELECT account_id, currency, coalesce(loan_id, 0), NEW.date,
           CASE WHEN amount > 0 THEN amount ELSE 0 END,
           CASE WHEN amount < 0 THEN -amount ELSE 0 END
    FROM postings WHERE entry_id = NEW.id
  ON CONFLICT (account_id, currency, loan_id, date) DO UPDATE
    SET debit = debit + excluded.debit, credit = credit + excluded.credit;
END;
