-- socai schema 5: members' savings (DOMAIN.md section 5), and lookups by group and household.
-- Each deposit or withdrawal is an append-only savings event with its journal entry: the
-- group's savings liability (Liabilities:Savings:<group>, made with the group's first
-- deposit) against the commune's cash. A member's balance is the sum of its events.

CREATE TABLE savings_events (
  id              INTEGER PRIMARY KEY,
  household_code  TEXT NOT NULL REFERENCES households (code),
  group_code      TEXT NOT NULL REFERENCES groups (code),
  effective_date  TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
  amount          INTEGER NOT NULL CHECK (amount <> 0),  -- deposits positive, withdrawals negative
  idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
  request_digest  TEXT NOT NULL,
  actor           TEXT NOT NULL CHECK (actor <> ''),
  recorded_at     TEXT NOT NULL,
  entry_id        INTEGER NOT NULL REFERENCES entries (id)
) STRICT;

CREATE INDEX savings_events_by_household ON savings_events (household_code, effective_date);

CREATE TRIGGER savings_events_are_append_only_update BEFORE UPDATE ON savings_events
BEGIN SELECT RAISE(ABORT, 'socai: savings events are append-only'); END;
CREATE TRIGGER savings_events_are_append_only_delete BEFORE DELETE ON savings_events
BEGIN SELECT RAISE(ABORT, 'socai: savings events are append-only'); END;
CREATE TRIGGER savings_events_dated_after_close BEFORE INSERT ON savings_events
BEGIN
  SELECT RAISE(ABORT, 'socai: the savings date is in a closed period')
  WHERE NEW.effective_date <= (SELECT max(through) FROM period_closes);
END;

-- A group's members and a household's loans are looked up by the group's size check, the
-- collection sheet and the reports.
CREATE INDEX households_by_group ON households (group_code);
CREATE INDEX loans_by_household ON loans (household_code);
