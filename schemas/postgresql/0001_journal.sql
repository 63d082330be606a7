-- socai on PostgreSQL, schema 1: the journal (DESIGN.md section 4), the same tables and
-- rules as schemas/migrations/0001_journal.sql to 0013_bounds.sql on SQLite, enforced by the
-- server itself, so that a client other than socai (psql, a script with a password) cannot
-- break them either. Every refusal's message begins "socai: ".
--
-- The order of a write is SQLite's: an entry's postings first (their reference to the entry
-- is deferred to the commit), then the entry, whose trigger checks the postings written. The
-- actor of an entry or a period close is the session's authenticated role (session_user),
-- never a name a client types.
--
-- Roles (cluster-wide, made once): socai_officer, socai_accountant, socai_approver and
-- socai_admin write through socai; socai_auditor reads and can write nothing, by GRANT.

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['socai_officer', 'socai_accountant', 'socai_approver',
                           'socai_auditor', 'socai_admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$$;

CREATE TABLE currencies (
  code     text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  exponent integer NOT NULL CHECK (exponent BETWEEN 0 AND 4),
  symbol   text NOT NULL,
  name     text NOT NULL
);

CREATE TABLE accounts (
  id          bigint PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 3 AND 200),
  code        text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{1,12}$'),
  type        text NOT NULL
              CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense', 'off-balance')),
  control     boolean NOT NULL DEFAULT false,
  description text NOT NULL DEFAULT '',
  created_at  text NOT NULL
);
-- Names are unique without regard to case: "assets:cash" is "Assets:Cash".
CREATE UNIQUE INDEX accounts_by_name ON accounts (lower(name));

CREATE TABLE entries (
  id              bigint PRIMARY KEY CHECK (id > 0),
  date            date NOT NULL,
  recorded_at     text NOT NULL CHECK (recorded_at <> ''),
  actor           text NOT NULL CHECK (actor <> ''),
  kind            text NOT NULL CHECK (kind <> ''),
  memo            text NOT NULL,
  idempotency_key text NOT NULL UNIQUE CHECK (idempotency_key <> ''),
  request_digest  text NOT NULL CHECK (request_digest ~ '^[0-9a-f]{64}$'),
  loan_id         bigint CHECK (loan_id > 0),
  reverses_id     bigint UNIQUE REFERENCES entries (id),
  prev_hash       text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

-- Each amount is at most 10^15 minor units (the library's bound, money.hpp).
CREATE TABLE postings (
  entry_id   bigint NOT NULL REFERENCES entries (id) DEFERRABLE INITIALLY DEFERRED,
  seq        integer NOT NULL CHECK (seq >= 1),
  account_id bigint NOT NULL REFERENCES accounts (id),
  currency   text NOT NULL REFERENCES currencies (code),
  amount     bigint NOT NULL CHECK (amount <> 0 AND abs(amount) <= 1000000000000000),
  loan_id    bigint CHECK (loan_id > 0),
  PRIMARY KEY (entry_id, seq)
);
CREATE INDEX postings_by_account ON postings (account_id, entry_id);

CREATE TABLE period_closes (
  id          bigint PRIMARY KEY,
  through     date NOT NULL,
  actor       text NOT NULL CHECK (actor <> ''),
  recorded_at text NOT NULL
);

-- A refusal of the journal's rules: "socai: " and the rule.
CREATE FUNCTION socai_fail(rule text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'socai: %', rule USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- Nothing recorded is changed or removed: mistakes are reversed. TRUNCATE too, which row
-- triggers do not see.
CREATE FUNCTION socai_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM socai_fail(TG_ARGV[0]);
END
$$;
CREATE TRIGGER entries_are_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('entries are append-only; post a reversal instead');
CREATE TRIGGER entries_are_never_truncated BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION socai_refuse('entries are append-only; post a reversal instead');
CREATE TRIGGER postings_are_append_only BEFORE UPDATE OR DELETE ON postings
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('postings are append-only; post a reversal instead');
CREATE TRIGGER postings_are_never_truncated BEFORE TRUNCATE ON postings
  FOR EACH STATEMENT EXECUTE FUNCTION socai_refuse('postings are append-only; post a reversal instead');
CREATE TRIGGER period_closes_are_append_only BEFORE UPDATE OR DELETE ON period_closes
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('period closes are append-only');
CREATE TRIGGER period_closes_are_never_truncated BEFORE TRUNCATE ON period_closes
  FOR EACH STATEMENT EXECUTE FUNCTION socai_refuse('period closes are append-only');
CREATE TRIGGER accounts_keep_identity BEFORE UPDATE OF id, name, code, type, control ON accounts
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('an account''s name, code, type and control flag are fixed');
CREATE TRIGGER accounts_are_never_deleted BEFORE DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('accounts are never deleted');
CREATE TRIGGER accounts_are_never_truncated BEFORE TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION socai_refuse('accounts are never deleted');
CREATE TRIGGER currencies_are_fixed BEFORE UPDATE OR DELETE ON currencies
  FOR EACH ROW EXECUTE FUNCTION socai_refuse('currencies are fixed');
CREATE TRIGGER currencies_are_never_truncated BEFORE TRUNCATE ON currencies
  FOR EACH STATEMENT EXECUTE FUNCTION socai_refuse('currencies are fixed');

-- A sub-account of a loan control account is a control account too.
CREATE FUNCTION socai_accounts_inherit_control() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT NEW.control AND EXISTS (
       SELECT 1 FROM accounts parent
       WHERE parent.control AND left(NEW.name, length(parent.name) + 1) = parent.name || ':') THEN
    PERFORM socai_fail('a sub-account of a loan control account is a control account');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER accounts_inherit_control BEFORE INSERT ON accounts
  FOR EACH ROW EXECUTE FUNCTION socai_accounts_inherit_control();

-- A posting joins an entry being written, never one already recorded; one on a loan control
-- account names its loan.
CREATE FUNCTION socai_postings_only_for_new_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id) THEN
    PERFORM socai_fail('postings cannot be added to a recorded entry');
  END IF;
  IF NEW.loan_id IS NULL AND (SELECT control FROM accounts WHERE id = NEW.account_id) THEN
    PERFORM socai_fail('a posting on a loan control account needs a loan id');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER postings_only_for_new_entries BEFORE INSERT ON postings
  FOR EACH ROW EXECUTE FUNCTION socai_postings_only_for_new_entries();

-- Whoever writes an entry or a period close is the session's role.
CREATE FUNCTION socai_check_actor(actor text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF actor IS DISTINCT FROM session_user THEN
    RAISE EXCEPTION 'socai: the actor % is not the session''s role %', quote_literal(actor),
      quote_literal(session_user) USING ERRCODE = 'insufficient_privilege';
  END IF;
END
$$;

CREATE FUNCTION socai_period_closes_move_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM socai_check_actor(NEW.actor);
  IF NEW.through <= (SELECT max(through) FROM period_closes) THEN
    PERFORM socai_fail('the period is already closed through that date or later');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER period_closes_move_forward BEFORE INSERT ON period_closes
  FOR EACH ROW EXECUTE FUNCTION socai_period_closes_move_forward();

-- The entry's checks, over the postings written just before it, in SQLite's order.
CREATE FUNCTION socai_entries_obey_the_journal_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  refuse text;
BEGIN
  PERFORM socai_check_actor(NEW.actor);
  -- One writer at a time appends to the chain: the next id and the previous hash are read
  -- under this lock, held to the commit.
  PERFORM pg_advisory_xact_lock(hashtext('socai journal'));
  IF (SELECT count(*) FROM postings WHERE entry_id = NEW.id) < 2 THEN
    refuse := 'an entry needs at least two postings';
  ELSIF EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id
                GROUP BY currency HAVING sum(amount) <> 0) THEN
    refuse := 'entry does not balance';
  ELSIF NEW.date <= (SELECT max(through) FROM period_closes) THEN
    refuse := 'the entry date is in a closed period';
  ELSIF NEW.id <> (SELECT coalesce(max(id), 0) + 1 FROM entries) THEN
    refuse := 'entry ids are consecutive';
  ELSIF NEW.prev_hash IS DISTINCT FROM coalesce(
          (SELECT hash FROM entries WHERE id = NEW.id - 1), repeat('0', 64)) THEN
    refuse := 'prev_hash must be the previous entry''s hash';
  ELSIF NEW.reverses_id IS NOT NULL
        AND (SELECT reverses_id FROM entries WHERE id = NEW.reverses_id) IS NOT NULL THEN
    refuse := 'a reversal cannot be reversed';
  ELSIF NEW.reverses_id IS NOT NULL
        AND NEW.date < (SELECT date FROM entries WHERE id = NEW.reverses_id) THEN
    refuse := 'a reversal is not dated before the entry it reverses';
  ELSIF NEW.reverses_id IS NOT NULL AND (
          (SELECT count(*) FROM postings WHERE entry_id = NEW.id) <>
            (SELECT count(*) FROM postings WHERE entry_id = NEW.reverses_id)
          OR EXISTS (
            SELECT 1 FROM postings o
            LEFT JOIN postings r ON r.entry_id = NEW.id AND r.seq = o.seq
            WHERE o.entry_id = NEW.reverses_id
              AND (r.seq IS NULL OR r.account_id <> o.account_id OR r.currency <> o.currency
                   OR r.amount <> -o.amount OR r.loan_id IS DISTINCT FROM o.loan_id))) THEN
    refuse := 'a reversal negates every posting of the entry it reverses';
  END IF;
  IF refuse IS NOT NULL THEN
    PERFORM socai_fail(refuse);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER entries_obey_the_journal_rules BEFORE INSERT ON entries
  FOR EACH ROW EXECUTE FUNCTION socai_entries_obey_the_journal_rules();

-- Who may do what, granted to the roles (a person's login role is a member of one or more).
-- The tables belong to the role that ran this migration; no socai role owns them, so none
-- can drop a trigger.
REVOKE ALL ON currencies, accounts, entries, postings, period_closes FROM PUBLIC;
GRANT SELECT ON currencies, accounts, entries, postings, period_closes
  TO socai_officer, socai_accountant, socai_approver, socai_auditor, socai_admin;
GRANT INSERT ON entries, postings TO socai_officer, socai_accountant, socai_approver, socai_admin;
GRANT INSERT ON accounts TO socai_accountant, socai_admin;
GRANT INSERT ON period_closes TO socai_approver, socai_admin;
