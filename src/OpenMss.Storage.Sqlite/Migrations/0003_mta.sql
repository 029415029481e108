-- OpenMSS store schema, version 3 (SQLite): the inter-operator MTA's state.
-- Kept table for table with the PostgreSQL schema of the same name.

-- RFC 3461 parameters a recipient was submitted with, the destination domain, a claim lease for one node at a time,
-- the last error, whether its sender was told of a delay, and when the row finished (delivered or failed) so finished rows can be removed in batches.
ALTER TABLE outbound_queue ADD COLUMN domain      TEXT    NOT NULL DEFAULT '';
ALTER TABLE outbound_queue ADD COLUMN notify      TEXT;
ALTER TABLE outbound_queue ADD COLUMN orcpt       TEXT;
ALTER TABLE outbound_queue ADD COLUMN envid       TEXT;
ALTER TABLE outbound_queue ADD COLUMN ret         TEXT;
ALTER TABLE outbound_queue ADD COLUMN lease_owner TEXT;
ALTER TABLE outbound_queue ADD COLUMN lease_until INTEGER;
ALTER TABLE outbound_queue ADD COLUMN last_error  TEXT;
ALTER TABLE outbound_queue ADD COLUMN delay_reported INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_queue ADD COLUMN finished    INTEGER;
UPDATE outbound_queue SET domain = lower(substr(recipient, instr(recipient, '@') + 1));
CREATE INDEX outbound_queue_by_finished ON outbound_queue (finished) WHERE finished IS NOT NULL;

-- The ANS whitelist (spec §10) in force: domain → allowed MTA certificate DNs, and where it came from.
CREATE TABLE whitelist_entries (
    domain  TEXT NOT NULL,
    dn      TEXT NOT NULL,
    PRIMARY KEY (domain, dn)
);
CREATE TABLE whitelist_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    generated_at  INTEGER,
    imported_at   INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    domains       INTEGER NOT NULL
);

-- Per destination domain: the last success, the last failure and its reason, since when it fails (seed 000 #10).
CREATE TABLE domain_status (
    domain         TEXT PRIMARY KEY,
    last_success   INTEGER,
    last_failure   INTEGER,
    last_error     TEXT,
    failing_since  INTEGER
);
