-- socai on PostgreSQL, schema 2: two-person control (SQLite's schemas 6 and 8). A request is
-- recorded by the session's role, decided once by another role that may approve, and never
-- changed otherwise or deleted; its content (the operation, in canonical form, and its
-- digest) is fixed when it is recorded.

CREATE TABLE approval_requests (
  id           bigint PRIMARY KEY CHECK (id > 0),
  kind         text NOT NULL CHECK (kind <> ''),
  operation    jsonb NOT NULL CHECK (jsonb_typeof(operation) = 'object'),
  digest       text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  requested_by text NOT NULL CHECK (requested_by <> ''),
  requested_at text NOT NULL CHECK (requested_at <> ''),
  status       text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by   text CHECK (decided_by <> requested_by),
  decided_at   text,
  outcome      text NOT NULL DEFAULT '',  -- what the approval did, or why it was rejected
  first_entry  bigint REFERENCES entries (id),  -- what the approval wrote, exactly
  last_entry   bigint REFERENCES entries (id),
  first_event  bigint,
  last_event   bigint,
  CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL))
);
CREATE INDEX approval_requests_by_status ON approval_requests (status, id);

-- Recorded as the session's role, pending, with consecutive ids.
CREATE FUNCTION socai_approval_requests_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM socai_check_actor(NEW.requested_by);
  IF NEW.status <> 'pending' THEN
    PERFORM socai_fail('a request is recorded pending');
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('socai approval requests'));
  IF NEW.id <> (SELECT coalesce(max(id), 0) + 1 FROM approval_requests) THEN
    PERFORM socai_fail('request ids are consecutive');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER approval_requests_recorded BEFORE INSERT ON approval_requests
  FOR EACH ROW EXECUTE FUNCTION socai_approval_requests_recorded();

-- Decided once, by the session's role, which is not the requester's; nothing else changes.
CREATE FUNCTION socai_approval_requests_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' OR NEW.status = 'pending'
     OR (NEW.id, NEW.kind, NEW.operation, NEW.digest, NEW.requested_by, NEW.requested_at)
        IS DISTINCT FROM
        (OLD.id, OLD.kind, OLD.operation, OLD.digest, OLD.requested_by, OLD.requested_at) THEN
    PERFORM socai_fail('a request is decided once and its content never changes');
  END IF;
  PERFORM socai_check_actor(NEW.decided_by);
  IF NEW.decided_by = OLD.requested_by THEN
    PERFORM socai_fail('a request is decided by a second actor, not its requester');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER approval_requests_decided_once BEFORE UPDATE ON approval_requests
  FOR EACH ROW EXECUTE FUNCTION socai_approval_requests_decided_once();
CREATE TRIGGER approval_requests_are_kept BEFORE DELETE ON approval_requests
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('approval requests are never deleted');
CREATE TRIGGER approval_requests_are_never_truncated BEFORE TRUNCATE ON approval_requests
  FOR EACH STATEMENT EXECUTE FUNCTION socai_refuse('approval requests are never deleted');

-- Anyone who writes may ask; only an approver or an administrator decides, and only the
-- decision's columns.
REVOKE ALL ON approval_requests FROM PUBLIC;
GRANT SELECT ON approval_requests
  TO socai_officer, socai_accountant, socai_approver, socai_auditor, socai_admin;
GRANT INSERT ON approval_requests
  TO socai_officer, socai_accountant, socai_approver, socai_admin;
GRANT UPDATE (status, decided_by, decided_at, outcome, first_entry, last_entry, first_event,
              last_event) ON approval_requests TO socai_approver, socai_admin;
