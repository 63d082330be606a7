-- socai schema 8: a request stores a typed operation, not a command line (ledger/approvals.hpp).
--
-- A new request keeps its operation's kind, its fields in canonical JSON and their SHA-256
-- digest; an approved one also the exact entries and loan events its approval wrote. Its
-- content never changes, it is decided once, and only by the library: the triggers call
-- socai_library(), a function that only socai's own connections define, so that a decision,
-- an insertion or a change made with another SQLite client (the sqlite3 shell) is refused.
--
-- Requests recorded before this schema hold a command line (kind IS NULL): they are shown as
-- they were and can only be rejected; an operation to carry out is requested again.

ALTER TABLE approval_requests ADD COLUMN kind TEXT CHECK (kind <> '');
ALTER TABLE approval_requests ADD COLUMN operation TEXT
  CHECK (json_valid(operation) AND json_type(operation) = 'object');
ALTER TABLE approval_requests ADD COLUMN digest TEXT CHECK (length(digest) = 64);
ALTER TABLE approval_requests ADD COLUMN first_event INTEGER REFERENCES loan_events (id);
ALTER TABLE approval_requests ADD COLUMN last_event INTEGER REFERENCES loan_events (id);

-- The policy of two-person control (ApprovalPolicy): the kinds of operation that need a
-- second actor, and the amount above which a manual journal entry needs one, per currency
-- (a currency not listed: every manual entry in it).
INSERT INTO settings (key, value, actor, recorded_at) VALUES
  ('approval.kinds',
   'freeze unfreeze write-off loan-event-reversal journal-reversal period-close month-close '
   || 'program-rate program-setting ledger-setting manual-entry',
   'socai', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('approval.post-above', 'VND:100000000 USD:4000.00', 'socai',
   strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

DROP TRIGGER approval_requests_decided_once;
CREATE TRIGGER approval_requests_decided_once BEFORE UPDATE ON approval_requests
WHEN OLD.status <> 'pending' OR NEW.status = 'pending'
     OR NEW.command IS NOT OLD.command OR NEW.requested_by IS NOT OLD.requested_by
     OR NEW.requested_at IS NOT OLD.requested_at OR NEW.kind IS NOT OLD.kind
     OR NEW.operation IS NOT OLD.operation OR NEW.digest IS NOT OLD.digest
BEGIN SELECT RAISE(ABORT, 'socai: a request is decided once and its content never changes'); END;
CREATE TRIGGER approval_requests_old_form_rejected_only BEFORE UPDATE ON approval_requests
WHEN OLD.kind IS NULL AND NEW.status <> 'rejected'
BEGIN SELECT RAISE(ABORT, 'socai: a request recorded as a command line can only be rejected'); END;
CREATE TRIGGER approval_requests_decided_by_socai BEFORE UPDATE ON approval_requests
WHEN socai_library() IS NOT 1
BEGIN SELECT RAISE(ABORT, 'socai: only socai decides a request'); END;
CREATE TRIGGER approval_requests_recorded_by_socai BEFORE INSERT ON approval_requests
WHEN socai_library() IS NOT 1 OR NEW.kind IS NULL OR NEW.operation IS NULL
     OR NEW.digest IS NULL OR NEW.status <> 'pending' OR NEW.decided_by IS NOT NULL
     OR NEW.first_entry IS NOT NULL OR NEW.last_entry IS NOT NULL
     OR NEW.first_event IS NOT NULL OR NEW.last_event IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'socai: a request is recorded pending, with its operation, by socai'); END;
