-- socai schema 11: who may act.
--
-- ledger_identity: one row, written when the ledger is created (or upgraded to this schema)
-- and never changed: the ledger's random id, and whether it is a training ledger, whose
-- actors are names people declare (--actor, SOCAI_ACTOR) rather than identities the system
-- authenticated. A ledger upgraded to this schema is not a training ledger.
--
-- actors: the people registered to act on a ledger that is not a training ledger, each tied
-- to the operating-system account that authenticates them, with their roles (officer,
-- accountant, approver, auditor, administrator; names separated by spaces, in that order).
-- name is kept NFC-normalised and trimmed; name_key is the name case-folded too, so that two
-- spellings of one name are one actor. An actor is never deleted and its identity never
-- changes; it may only be disabled, once. Only socai's own connections write either table
-- (socai_library(), schema 8).
CREATE TABLE ledger_identity (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  ledger_id  TEXT NOT NULL CHECK (length(ledger_id) = 32 AND ledger_id NOT GLOB '*[^0-9a-f]*'),
  training   INTEGER NOT NULL CHECK (training IN (0, 1)),
  created_at TEXT NOT NULL CHECK (created_at <> '')
) STRICT;

CREATE TRIGGER ledger_identity_is_fixed_update BEFORE UPDATE ON ledger_identity
BEGIN SELECT RAISE(ABORT, 'socai: the ledger''s identity never changes'); END;
CREATE TRIGGER ledger_identity_is_fixed_delete BEFORE DELETE ON ledger_identity
BEGIN SELECT RAISE(ABORT, 'socai: the ledger''s identity never changes'); END;
CREATE TRIGGER ledger_identity_written_by_socai BEFORE INSERT ON ledger_identity
WHEN socai_library() IS NOT 1
BEGIN SELECT RAISE(ABORT, 'socai: the ledger''s identity is written by socai only'); END;

CREATE TABLE actors (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_key    TEXT NOT NULL UNIQUE CHECK (name_key <> ''),
  os_user     TEXT NOT NULL UNIQUE CHECK (length(os_user) BETWEEN 1 AND 64),
  roles       TEXT NOT NULL CHECK (roles <> ''),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_by  TEXT NOT NULL CHECK (created_by <> ''),
  created_at  TEXT NOT NULL CHECK (created_at <> ''),
  disabled_by TEXT,
  disabled_at TEXT,
  CHECK ((active = 1) = (disabled_by IS NULL AND disabled_at IS NULL))
) STRICT;

CREATE TRIGGER actors_written_by_socai BEFORE INSERT ON actors
WHEN socai_library() IS NOT 1
BEGIN SELECT RAISE(ABORT, 'socai: actors are registered by socai only'); END;
CREATE TRIGGER actors_are_disabled_once BEFORE UPDATE ON actors
WHEN socai_library() IS NOT 1 OR OLD.active = 0 OR NEW.active <> 0
     OR NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.name_key IS NOT OLD.name_key
     OR NEW.os_user IS NOT OLD.os_user OR NEW.roles IS NOT OLD.roles
     OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'socai: an actor''s identity and roles never change; it is disabled once'); END;
CREATE TRIGGER actors_are_kept BEFORE DELETE ON actors
BEGIN SELECT RAISE(ABORT, 'socai: actors are never deleted'); END;
