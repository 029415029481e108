-- OpenMSS store schema, version 4 (SQLite): the LPS intermediate server's sessions.
-- Kept table for table with the PostgreSQL schema of the same name.

-- Tokens are stored as the gateway protected them (Data Protection), the installation's handle as its SHA-256.
CREATE TABLE gateway_sessions (
    id               TEXT    PRIMARY KEY,
    handle_hash      TEXT    NOT NULL UNIQUE,
    installation     TEXT    NOT NULL,
    idnat            TEXT    NOT NULL,
    psc_session      TEXT,
    refresh_token    BLOB    NOT NULL,
    id_token         BLOB,
    access_token     BLOB    NOT NULL,
    access_expires   INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    ended_at         INTEGER,
    end_reason       TEXT,
    lease_owner      TEXT,
    lease_until      INTEGER
);
CREATE INDEX gateway_sessions_by_idnat ON gateway_sessions (idnat);
CREATE INDEX gateway_sessions_by_psc_session ON gateway_sessions (psc_session);
CREATE INDEX gateway_sessions_by_ended ON gateway_sessions (ended_at) WHERE ended_at IS NOT NULL;
