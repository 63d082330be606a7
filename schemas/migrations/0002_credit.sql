-- socai schema 2: the credit domain (DESIGN.md section 5).
-- Reference data (organisations, programs and their rates) is seeded from schemas/*.csv.
-- Loan events are append-only like the journal; each money-moving event names its entry.

CREATE TABLE organisations (
  code    TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9]'),
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL
) STRICT;

CREATE TABLE communes (
  code            TEXT PRIMARY KEY CHECK (code <> ''),
  name            TEXT NOT NULL CHECK (name <> ''),
  district        TEXT NOT NULL CHECK (district <> ''),
  province        TEXT NOT NULL CHECK (province <> ''),
  gdx_day         INTEGER CHECK (gdx_day BETWEEN 1 AND 31),
  cash_account_id INTEGER NOT NULL REFERENCES accounts (id),
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE officers (
  code       TEXT PRIMARY KEY CHECK (code <> ''),
  name       TEXT NOT NULL CHECK (name <> ''),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE groups (
  code         TEXT PRIMARY KEY CHECK (code <> ''),
  commune_code TEXT NOT NULL REFERENCES communes (code),
  village      TEXT NOT NULL CHECK (village <> ''),
  org_code     TEXT NOT NULL REFERENCES organisations (code),
  leader       TEXT NOT NULL CHECK (leader <> ''),
  created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE households (
  code         TEXT PRIMARY KEY CHECK (code <> ''),
  head         TEXT NOT NULL CHECK (head <> ''),
  national_id  TEXT NOT NULL UNIQUE CHECK (national_id <> ''),
  commune_code TEXT NOT NULL REFERENCES communes (code),
  village      TEXT NOT NULL CHECK (village <> ''),
  group_code   TEXT NOT NULL REFERENCES groups (code),
  created_at   TEXT NOT NULL
) STRICT;

-- Poverty status history: each row holds from its date until the next row's.
CREATE TABLE household_statuses (
  household_code TEXT NOT NULL REFERENCES households (code),
  effective_from TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
  status         TEXT NOT NULL CHECK (status IN ('poor', 'near-poor', 'escaped', 'none')),
  actor          TEXT NOT NULL CHECK (actor <> ''),
  recorded_at    TEXT NOT NULL,
  PRIMARY KEY (household_code, effective_from)
) STRICT;

CREATE TABLE programs (
  code                      TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9]'),
  name_vi                   TEXT NOT NULL,
  name_en                   TEXT NOT NULL,
  currency                  TEXT NOT NULL DEFAULT 'VND' REFERENCES currencies (code),
  cap_amount                INTEGER CHECK (cap_amount > 0),
  cap_per_month             INTEGER CHECK (cap_per_month > 0),
  max_term_months           INTEGER CHECK (max_term_months > 0),
  eligible_statuses         TEXT NOT NULL,  -- space-separated statuses; empty: every household
  escaped_window_months     INTEGER CHECK (escaped_window_months > 0),
  day_count                 TEXT NOT NULL,
  rounding                  TEXT NOT NULL,
  installment_multiple      INTEGER NOT NULL CHECK (installment_multiple > 0),
  installment_rounding      TEXT NOT NULL,
  overdue_multiplier_percent INTEGER NOT NULL CHECK (overdue_multiplier_percent >= 100),
  basis                     TEXT NOT NULL CHECK (basis IN ('cash', 'accrual')),
  missed_rule_cutoff        TEXT NOT NULL CHECK (date(missed_rule_cutoff) IS missed_rule_cutoff),
  -- the order a combined payment is split in (DOMAIN.md section 3)
  allocation                TEXT NOT NULL DEFAULT
    'overdue-interest in-term-interest overdue-principal due-principal prepayment'
) STRICT;

CREATE TABLE program_rates (
  program_code   TEXT NOT NULL REFERENCES programs (code),
  effective_from TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
  rate           TEXT NOT NULL CHECK (rate <> ''),
  source         TEXT NOT NULL,
  actor          TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  PRIMARY KEY (program_code, effective_from)
) STRICT;

CREATE TABLE loans (
  id                     INTEGER PRIMARY KEY,
  code                   TEXT NOT NULL UNIQUE CHECK (code <> ''),
  household_code         TEXT NOT NULL REFERENCES households (code),
  program_code           TEXT NOT NULL REFERENCES programs (code),
  group_code             TEXT NOT NULL REFERENCES groups (code),
  officer_code           TEXT REFERENCES officers (code),
  currency               TEXT NOT NULL REFERENCES currencies (code),
  approved_amount        INTEGER NOT NULL CHECK (approved_amount > 0),
  term_months            INTEGER NOT NULL CHECK (term_months > 0),
  method                 TEXT NOT NULL,
  every_months           INTEGER NOT NULL CHECK (every_months > 0),
  grace_principal_months INTEGER NOT NULL CHECK (grace_principal_months >= 0),
  custom_plan            TEXT NOT NULL DEFAULT '',  -- custom: 'period:amount;...' in minor units
  opened_on              TEXT NOT NULL CHECK (date(opened_on) IS opened_on),
  course_end             TEXT CHECK (course_end IS NULL OR date(course_end) IS course_end),
  gdx_day                INTEGER CHECK (gdx_day BETWEEN 1 AND 31),
  created_at             TEXT NOT NULL
) STRICT;

-- Loan events: the loan's history, append-only. A loan's state is the fold over its events;
-- loan_states is a snapshot of that fold, kept for speed and checked against it.
CREATE TABLE loan_events (
  id              INTEGER PRIMARY KEY,
  loan_id         INTEGER NOT NULL REFERENCES loans (id),
  kind            TEXT NOT NULL,
  effective_date  TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
  amount          INTEGER NOT NULL DEFAULT 0,
  details         TEXT NOT NULL DEFAULT '{}',
  idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key <> ''),
  request_digest  TEXT NOT NULL,
  actor           TEXT NOT NULL CHECK (actor <> ''),
  recorded_at     TEXT NOT NULL,
  entry_id        INTEGER REFERENCES entries (id)
) STRICT;

CREATE INDEX loan_events_by_loan ON loan_events (loan_id, id);

CREATE TABLE loan_states (
  loan_id    INTEGER PRIMARY KEY REFERENCES loans (id),
  event_id   INTEGER NOT NULL REFERENCES loan_events (id),
  state      TEXT NOT NULL
) STRICT;

CREATE TRIGGER loan_events_are_append_only_update BEFORE UPDATE ON loan_events
BEGIN SELECT RAISE(ABORT, 'socai: loan events are append-only'); END;
CREATE TRIGGER loan_events_are_append_only_delete BEFORE DELETE ON loan_events
BEGIN SELECT RAISE(ABORT, 'socai: loan events are append-only'); END;
CREATE TRIGGER loans_keep_their_contract BEFORE UPDATE ON loans
BEGIN SELECT RAISE(ABORT, 'socai: a loan contract is changed by events, never edited'); END;
CREATE TRIGGER loans_are_never_deleted BEFORE DELETE ON loans
BEGIN SELECT RAISE(ABORT, 'socai: loans are never deleted'); END;
CREATE TRIGGER household_statuses_are_append_only_update BEFORE UPDATE ON household_statuses
BEGIN SELECT RAISE(ABORT, 'socai: a status history is append-only'); END;
CREATE TRIGGER household_statuses_are_append_only_delete BEFORE DELETE ON household_statuses
BEGIN SELECT RAISE(ABORT, 'socai: a status history is append-only'); END;
CREATE TRIGGER program_rates_are_append_only_update BEFORE UPDATE ON program_rates
BEGIN SELECT RAISE(ABORT, 'socai: a rate history is append-only'); END;
CREATE TRIGGER program_rates_are_append_only_delete BEFORE DELETE ON program_rates
BEGIN SELECT RAISE(ABORT, 'socai: a rate history is append-only'); END;
CREATE TRIGGER loan_events_dated_after_close BEFORE INSERT ON loan_events
BEGIN
  SELECT RAISE(ABORT, 'socai: the event date is in a closed period')
  WHERE NEW.effective_date <= (SELECT max(through) FROM period_closes);
END;
-- Postings on loan control accounts name a loan that exists.
CREATE TRIGGER postings_name_existing_loans BEFORE INSERT ON postings
WHEN NEW.loan_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'socai: a posting names a loan that does not exist')
  WHERE NOT EXISTS (SELECT 1 FROM loans WHERE id = NEW.loan_id);
END;
