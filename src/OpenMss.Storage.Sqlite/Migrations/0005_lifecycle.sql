-- OpenMSS store schema, version 5 (SQLite): the BAL lifecycle and the scheduled jobs.
-- Kept table for table with the PostgreSQL schema of the same name.

-- Set when the lifecycle job (not an administrator) unpublished the BAL: only then does an authentication republish it.
ALTER TABLE bals ADD COLUMN inactivity_unpublished INTEGER NOT NULL DEFAULT 0;
-- The nearest deletion notice already sent (days before deletion), so each notice goes once.
ALTER TABLE bals ADD COLUMN deletion_notice_days INTEGER;
ALTER TABLE bals ADD COLUMN deletion_notice_at INTEGER;

-- One row per scheduled job: the node that holds it now (until its lease ends) and the last period it completed.
CREATE TABLE jobs (
    name           TEXT    NOT NULL PRIMARY KEY,
    holder         TEXT,
    lease_until    INTEGER,
    last_period    TEXT,
    last_completed INTEGER
);

CREATE INDEX indicators_by_date_id ON indicators (submitted, id);
DROP INDEX indicators_by_date;
