-- socai schema 6: two-person control, and the actor of every record (DESIGN.md section 4).
--
-- A freeze, a write-off, a reversal and a period close are first recorded as a request by one
-- actor; a second actor approves it (it is then carried out) or rejects it. A request is
-- decided once, never by the actor who made it, and never deleted.

CREATE TABLE approval_requests (
  id           INTEGER PRIMARY KEY,
  command      TEXT NOT NULL CHECK (json_valid(command) AND json_type(command) = 'array'),
  requested_by TEXT NOT NULL CHECK (requested_by <> ''),
  requested_at TEXT NOT NULL CHECK (requested_at <> ''),
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by   TEXT CHECK (decided_by <> requested_by),
  decided_at   TEXT,
  outcome      TEXT NOT NULL DEFAULT '',  -- what the command answered, or why it was rejected
  first_entry  INTEGER REFERENCES entries (id),  -- the entries its approval posted, if any
  last_entry   INTEGER REFERENCES entries (id),
  CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL))
) STRICT;

CREATE INDEX approval_requests_by_status ON approval_requests (status, id);

CREATE TRIGGER approval_requests_decided_once BEFORE UPDATE ON approval_requests
WHEN OLD.status <> 'pending' OR NEW.command IS NOT OLD.command
     OR NEW.requested_by IS NOT OLD.requested_by OR NEW.requested_at IS NOT OLD.requested_at
BEGIN SELECT RAISE(ABORT, 'socai: a request is decided once and its content never changes'); END;
CREATE TRIGGER approval_requests_are_kept BEFORE DELETE ON approval_requests
BEGIN SELECT RAISE(ABORT, 'socai: approval requests are never deleted'); END;

-- Who added each piece of reference data. Rows written before this schema were added by the
-- ledger's own set-up or by an actor the ledger did not yet record: 'unrecorded'.
ALTER TABLE accounts ADD COLUMN actor TEXT NOT NULL DEFAULT 'unrecorded' CHECK (actor <> '');
ALTER TABLE communes ADD COLUMN actor TEXT NOT NULL DEFAULT 'unrecorded' CHECK (actor <> '');
ALTER TABLE officers ADD COLUMN actor TEXT NOT NULL DEFAULT 'unrecorded' CHECK (actor <> '');
ALTER TABLE groups ADD COLUMN actor TEXT NOT NULL DEFAULT 'unrecorded' CHECK (actor <> '');
ALTER TABLE households ADD COLUMN actor TEXT NOT NULL DEFAULT 'unrecorded' CHECK (actor <> '');

-- Each change of a program's setting (socai program set), with its actor.
CREATE TABLE program_changes (
  id           INTEGER PRIMARY KEY,
  program_code TEXT NOT NULL REFERENCES programs (code),
  setting      TEXT NOT NULL CHECK (setting <> ''),
  value        TEXT NOT NULL,
  actor        TEXT NOT NULL CHECK (actor <> ''),
  recorded_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER program_changes_are_append_only_update BEFORE UPDATE ON program_changes
BEGIN SELECT RAISE(ABORT, 'socai: program changes are append-only'); END;
CREATE TRIGGER program_changes_are_append_only_delete BEFORE DELETE ON program_changes
BEGIN SELECT RAISE(ABORT, 'socai: program changes are append-only'); END;
