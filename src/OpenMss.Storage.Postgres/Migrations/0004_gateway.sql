-- OpenMSS store schema, version 4 (PostgreSQL): the LPS intermediate server's sessions.
-- Kept table for table with the SQLite schema of the same name.

-- Tokens are stored as the gateway protected them (Data Protection), the installation's handle as its SHA-256.
CREATE TABLE gateway_sessions (
    id               TEXT    PRIMARY KEY,
    handle_hash      TEXT    NOT NULL UNIQUE,
    installation     TEXT    NOT NULL,
    idnat            TEXT    NOT NULL,
    psc_session      TEXT,
    refresh_token    BYTEA    NOT NULL,
    id_token         BYTEA,
    access_token     BYTEA    NOT NULL,
    access_expires   TIMESTAMPTZ NOT NULL,
    version          BIGINT  NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ,
    end_reason       TEXT,
    lease_owner      TEXT,
    lease_until      TIMESTAMPTZ
);
CREATE INDEX gateway_sessions_by_idnat ON gateway_sessions (idnat);
CREATE INDEX gateway_sessions_by_psc_session ON gateway_sessions (psc_session);
CREATE INDEX gateway_sessions_by_ended ON gateway_sessions (ended_at) WHERE ended_at IS NOT NULL;
