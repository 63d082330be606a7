-- socai schema 4: the month-end close and entrustment fees (DOMAIN.md sections 3 and 5).
-- A close posts each active loan's month-end accrual (a loan event), records the loan as it
-- stood at the month's end, computes the entrustment fees per commune and organisation, and
-- closes the period, all recorded here so that a re-run posts nothing twice.

-- Fees owed to each entrusted organisation, by level (commune, district, province, central).
INSERT INTO accounts (code, name, type, control, description, created_at) VALUES
  ('461101', 'Liabilities:EntrustmentFeesPayable:11:Commune', 'liability', 0, 'entrustment fees owed to the Farmers'' Union: commune level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461102', 'Liabilities:EntrustmentFeesPayable:11:District', 'liability', 0, 'entrustment fees owed to the Farmers'' Union: district level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461103', 'Liabilities:EntrustmentFeesPayable:11:Province', 'liability', 0, 'entrustment fees owed to the Farmers'' Union: province level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461104', 'Liabilities:EntrustmentFeesPayable:11:Central', 'liability', 0, 'entrustment fees owed to the Farmers'' Union: central level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461201', 'Liabilities:EntrustmentFeesPayable:12:Commune', 'liability', 0, 'entrustment fees owed to the Women''s Union: commune level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461202', 'Liabilities:EntrustmentFeesPayable:12:District', 'liability', 0, 'entrustment fees owed to the Women''s Union: district level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461203', 'Liabilities:EntrustmentFeesPayable:12:Province', 'liability', 0, 'entrustment fees owed to the Women''s Union: province level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461204', 'Liabilities:EntrustmentFeesPayable:12:Central', 'liability', 0, 'entrustment fees owed to the Women''s Union: central level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461301', 'Liabilities:EntrustmentFeesPayable:13:Commune', 'liability', 0, 'entrustment fees owed to the Veterans'' Association: commune level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461302', 'Liabilities:EntrustmentFeesPayable:13:District', 'liability', 0, 'entrustment fees owed to the Veterans'' Association: district level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461303', 'Liabilities:EntrustmentFeesPayable:13:Province', 'liability', 0, 'entrustment fees owed to the Veterans'' Association: province level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461304', 'Liabilities:EntrustmentFeesPayable:13:Central', 'liability', 0, 'entrustment fees owed to the Veterans'' Association: central level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461401', 'Liabilities:EntrustmentFeesPayable:14:Commune', 'liability', 0, 'entrustment fees owed to the Youth Union: commune level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461402', 'Liabilities:EntrustmentFeesPayable:14:District', 'liability', 0, 'entrustment fees owed to the Youth Union: district level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461403', 'Liabilities:EntrustmentFeesPayable:14:Province', 'liability', 0, 'entrustment fees owed to the Youth Union: province level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('461404', 'Liabilities:EntrustmentFeesPayable:14:Central', 'liability', 0, 'entrustment fees owed to the Youth Union: central level', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- Settings of the fee (DOMAIN.md section 5). Changed by `socai setting set`; a close uses the
-- values in force when it runs and records them with its fees.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY CHECK (key <> ''),
  value      TEXT NOT NULL,
  actor      TEXT NOT NULL CHECK (actor <> ''),
  recorded_at TEXT NOT NULL
) STRICT;
INSERT INTO settings (key, value, actor, recorded_at) VALUES
  ('fee.rate', '0.032%', 'socai', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('fee.factors', '2%:100% 3%:80% 4%:50% 0%', 'socai', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('fee.split', '84% 9% 4.5%', 'socai', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- A close checks that no earlier month with loan events is still open.
CREATE INDEX loan_events_by_date ON loan_events (effective_date);

-- One row per month-end close: started, then completed (with the period closed) in the
-- close's last transaction.
CREATE TABLE month_closes (
  month        TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  through      TEXT NOT NULL CHECK (date(through) IS through),
  actor        TEXT NOT NULL CHECK (actor <> ''),
  started_at   TEXT NOT NULL,
  completed_at TEXT,
  loans        INTEGER NOT NULL DEFAULT 0,
  events       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TRIGGER month_closes_only_complete BEFORE UPDATE ON month_closes
WHEN OLD.completed_at IS NOT NULL OR NEW.month <> OLD.month OR NEW.through <> OLD.through
BEGIN SELECT RAISE(ABORT, 'socai: a completed month-end close is never changed'); END;
CREATE TRIGGER month_closes_are_never_deleted BEFORE DELETE ON month_closes
BEGIN SELECT RAISE(ABORT, 'socai: month-end closes are never deleted'); END;

-- Each active loan as it stood at the end of a closed month: its buckets, the interest owed,
-- its days past due, and whether interest was collected on it in the month (the base of the
-- entrustment fee). Written with the loan's accrual, so a loan has a row once it is closed.
CREATE TABLE loan_month_ends (
  month              TEXT NOT NULL,
  loan_id            INTEGER NOT NULL REFERENCES loans (id),
  status             TEXT NOT NULL
                     CHECK (status IN ('in-term', 'overdue', 'frozen', 'written-off')),
  in_term            INTEGER NOT NULL CHECK (in_term >= 0),
  overdue            INTEGER NOT NULL CHECK (overdue >= 0),
  frozen             INTEGER NOT NULL CHECK (frozen >= 0),
  interest_due       INTEGER NOT NULL CHECK (interest_due >= 0),
  days_past_due      INTEGER NOT NULL CHECK (days_past_due >= 0),
  interest_collected INTEGER NOT NULL CHECK (interest_collected IN (0, 1)),
  event_id           INTEGER REFERENCES loan_events (id),
  PRIMARY KEY (month, loan_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER loan_month_ends_are_append_only_update BEFORE UPDATE ON loan_month_ends
BEGIN SELECT RAISE(ABORT, 'socai: month-end records are append-only'); END;
CREATE TRIGGER loan_month_ends_are_append_only_delete BEFORE DELETE ON loan_month_ends
BEGIN SELECT RAISE(ABORT, 'socai: month-end records are append-only'); END;

-- The entrustment fee of each commune and organisation for a month, with its inputs.
CREATE TABLE entrustment_fees (
  month           TEXT NOT NULL,
  commune_code    TEXT NOT NULL REFERENCES communes (code),
  org_code        TEXT NOT NULL REFERENCES organisations (code),
  currency        TEXT NOT NULL REFERENCES currencies (code),
  balance         INTEGER NOT NULL,  -- principal whose interest was collected in the month
  outstanding     INTEGER NOT NULL,  -- all principal at the month's end
  overdue         INTEGER NOT NULL,  -- overdue principal at the month's end
  factor          TEXT NOT NULL,     -- the quality factor applied, exact
  fee             INTEGER NOT NULL,
  commune_part    INTEGER NOT NULL,
  district_part   INTEGER NOT NULL,
  province_part   INTEGER NOT NULL,
  central_part    INTEGER NOT NULL,
  settings        TEXT NOT NULL,     -- the fee settings used
  entry_id        INTEGER REFERENCES entries (id),
  PRIMARY KEY (month, commune_code, org_code, currency),
  CHECK (commune_part + district_part + province_part + central_part = fee)
) STRICT;
CREATE TRIGGER entrustment_fees_are_append_only_update BEFORE UPDATE ON entrustment_fees
BEGIN SELECT RAISE(ABORT, 'socai: entrustment fees are append-only'); END;
CREATE TRIGGER entrustment_fees_are_append_only_delete BEFORE DELETE ON entrustment_fees
BEGIN SELECT RAISE(ABORT, 'socai: entrustment fees are append-only'); END;
