-- OpenMSS store schema, version 5 (PostgreSQL): the BAL lifecycle, the scheduled jobs and the Annuaire outbox.
-- Kept table for table with the SQLite schema of the same name.

-- Set when the lifecycle job (not an administrator) unpublished the BAL: only then does an authentication republish it.
ALTER TABLE bals ADD COLUMN inactivity_unpublished BOOLEAN NOT NULL DEFAULT FALSE;
-- The nearest deletion notice already sent (days before deletion), so each notice goes once.
ALTER TABLE bals ADD COLUMN deletion_notice_days INTEGER;
ALTER TABLE bals ADD COLUMN deletion_notice_at TIMESTAMPTZ;

-- One row per scheduled job: the node that holds it now (until its lease ends) and the last period it completed.
CREATE TABLE jobs (
    name           TEXT        NOT NULL PRIMARY KEY,
    holder         TEXT,
    lease_until    TIMESTAMPTZ,
    last_period    TEXT,
    last_completed TIMESTAMPTZ
);

-- The W3C traceparent of the submission, so the delivery's trace continues the session's.
ALTER TABLE outbound_queue ADD COLUMN trace_parent TEXT;

CREATE INDEX indicators_by_date_id ON indicators (submitted, id);
DROP INDEX indicators_by_date;

-- The Annuaire declaration outbox (spec §7.1): every change of a BAL the Annuaire must learn, written in the same
-- transaction as the change, sent later by the operator with retries.
CREATE TABLE annuaire_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address       TEXT    NOT NULL,
    bal_type      TEXT    NOT NULL,
    holder        TEXT    NOT NULL,
    change        TEXT    NOT NULL CHECK (change IN ('created', 'status', 'unpublished', 'republished', 'changed', 'deleted')),
    created       TIMESTAMPTZ NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  TIMESTAMPTZ NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    last_error    TEXT,
    finished      TIMESTAMPTZ
);
CREATE INDEX annuaire_outbox_due ON annuaire_outbox (status, next_attempt, id);
CREATE INDEX annuaire_outbox_by_address ON annuaire_outbox (address, id);
