-- OpenMSS store schema, version 2 (SQLite): what SMTP submission writes besides messages.
-- Kept table for table with the PostgreSQL schema of the same name.

-- Recipients in another domain of the trust space, waiting for the inter-operator MTA.
CREATE TABLE outbound_queue (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mail_id       TEXT    NOT NULL,
    blob_id       TEXT    NOT NULL REFERENCES blobs (id),
    sender        TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    created       INTEGER NOT NULL,
    attempts      INTEGER NOT NULL,
    next_attempt  INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX outbound_queue_by_blob ON outbound_queue (blob_id);
CREATE INDEX outbound_queue_by_next ON outbound_queue (status, next_attempt);

-- One row per submitted message and recipient: the operator's indicator file (spec §5.2).
CREATE TABLE indicators (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mail_id       TEXT    NOT NULL,
    sender        TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    submitted     INTEGER NOT NULL,
    size          INTEGER NOT NULL,
    ins           TEXT,
    codecda       TEXT,
    nil           TEXT,
    anomalies     TEXT    NOT NULL
);
CREATE INDEX indicators_by_date ON indicators (submitted);
