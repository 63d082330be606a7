-- socai schema 10: a loan's state snapshot in columns, one per field of the state, instead of
-- one JSON text. Any backend reads and writes it with plain column types; a reader sees the
-- balances without parsing anything. The snapshot is still checked against the fold of the
-- loan's events (`socai reconcile`), which remains the loan's truth.
--
-- accruing_in_term and accruing_overdue are exact fractions of minor units as text ("7/3",
-- "0"); dates are "YYYY-MM-DD" or NULL when not set; extensions are "from:months" pairs
-- separated by spaces ("2026-01-10:6"), adjusted_installments installment numbers separated by
-- spaces ("3 5"), both empty when none. Every snapshot written so far is moved, its fields
-- absent in older snapshots read as the library read them: zero, or not set.
CREATE TABLE loan_state_columns (
  loan_id               INTEGER PRIMARY KEY REFERENCES loans (id),
  event_id              INTEGER NOT NULL REFERENCES loan_events (id),
  disbursed             INTEGER NOT NULL,
  in_term               INTEGER NOT NULL,
  overdue               INTEGER NOT NULL,
  frozen                INTEGER NOT NULL,
  principal_repaid      INTEGER NOT NULL,
  interest_due_in_term  INTEGER NOT NULL,
  interest_due_overdue  INTEGER NOT NULL,
  accruing_in_term      TEXT NOT NULL,
  accruing_overdue      TEXT NOT NULL,
  interest_through      TEXT CHECK (interest_through IS NULL OR date(interest_through) IS interest_through),
  first_disbursed_on    TEXT CHECK (first_disbursed_on IS NULL OR date(first_disbursed_on) IS first_disbursed_on),
  last_event_on         TEXT CHECK (last_event_on IS NULL OR date(last_event_on) IS last_event_on),
  interest_collected    INTEGER NOT NULL,
  interest_paid_on      TEXT CHECK (interest_paid_on IS NULL OR date(interest_paid_on) IS interest_paid_on),
  interest_rounded      INTEGER NOT NULL,
  transitions_through   TEXT CHECK (transitions_through IS NULL OR date(transitions_through) IS transitions_through),
  moved_to_overdue      INTEGER NOT NULL,
  frozen_until          TEXT CHECK (frozen_until IS NULL OR date(frozen_until) IS frozen_until),
  extensions            TEXT NOT NULL,
  adjusted_installments TEXT NOT NULL,
  written_off_principal INTEGER NOT NULL,
  written_off_interest  INTEGER NOT NULL,
  recovered             INTEGER NOT NULL,
  events                INTEGER NOT NULL
) STRICT;

INSERT INTO loan_state_columns
SELECT loan_id, event_id,
       json_extract(state, '$.disbursed'), json_extract(state, '$.in_term'),
       json_extract(state, '$.overdue'), json_extract(state, '$.frozen'),
       json_extract(state, '$.principal_repaid'), json_extract(state, '$.interest_due_in_term'),
       json_extract(state, '$.interest_due_overdue'),
       json_extract(state, '$.accruing_in_term'), json_extract(state, '$.accruing_overdue'),
       json_extract(state, '$.interest_through'), json_extract(state, '$.first_disbursed_on'),
       json_extract(state, '$.last_event_on'), json_extract(state, '$.interest_collected'),
       json_extract(state, '$.interest_paid_on'), json_extract(state, '$.interest_rounded'),
       json_extract(state, '$.transitions_through'),
       coalesce(json_extract(state, '$.moved_to_overdue'), 0),
       json_extract(state, '$.frozen_until'),
       coalesce((SELECT group_concat(json_extract(e.value, '$.from') || ':' ||
                                     json_extract(e.value, '$.months'), ' ')
                 FROM json_each(state, '$.extensions') e), ''),
       coalesce((SELECT group_concat(e.value, ' ')
                 FROM json_each(state, '$.adjusted_installments') e), ''),
       coalesce(json_extract(state, '$.written_off_principal'), 0),
       coalesce(json_extract(state, '$.written_off_interest'), 0),
       coalesce(json_extract(state, '$.recovered'), 0),
       json_extract(state, '$.events')
FROM loan_states;

DROP TABLE loan_states;
ALTER TABLE loan_state_columns RENAME TO loan_states;
