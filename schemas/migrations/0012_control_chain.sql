-- socai schema 12: the control chain. Requests and their decisions, settings, actors, the
-- ledger's identity, programs and their rates are rows that change; each write of one through
-- socai appends a control record holding the row as written (its columns as JSON), chained by
-- SHA-256 like the entries and linked to them by the id of the last entry at the time.
-- `socai verify` recomputes the chain and compares every such row with its last record: a
-- request altered, inserted or decided behind the ledger, a setting or an actor changed, is
-- named. The rows already in the ledger are recorded when it is upgraded to this schema.
CREATE TABLE control_records (
  id          INTEGER PRIMARY KEY,
  subject     TEXT NOT NULL CHECK (subject IN ('ledger_identity', 'actors', 'settings',
                                                'approval_requests', 'programs', 'program_rates')),
  subject_key TEXT NOT NULL CHECK (subject_key <> ''),
  content     TEXT NOT NULL CHECK (json_valid(content)),
  entry_head  INTEGER NOT NULL CHECK (entry_head >= 0),
  recorded_at TEXT NOT NULL CHECK (recorded_at <> ''),
  prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash        TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX control_records_by_subject ON control_records (subject, subject_key, id);

CREATE TRIGGER control_records_are_chained BEFORE INSERT ON control_records
BEGIN
  SELECT CASE
    WHEN socai_library() IS NOT 1
      THEN RAISE(ABORT, 'socai: control records are written by socai only')
    WHEN NEW.id <> (SELECT coalesce(max(id), 0) + 1 FROM control_records)
      THEN RAISE(ABORT, 'socai: control record ids are consecutive')
    WHEN NEW.prev_hash IS NOT coalesce(
           (SELECT hash FROM control_records WHERE id = NEW.id - 1),
           '0000000000000000000000000000000000000000000000000000000000000000')
      THEN RAISE(ABORT, 'socai: prev_hash must be the previous control record''s hash')
  END;
END;
CREATE TRIGGER control_records_are_append_only_update BEFORE UPDATE ON control_records
BEGIN SELECT RAISE(ABORT, 'socai: control records are append-only'); END;
CREATE TRIGGER control_records_are_append_only_delete BEFORE DELETE ON control_records
BEGIN SELECT RAISE(ABORT, 'socai: control records are append-only'); END;
