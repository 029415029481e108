-- OpenMSS store schema, version 1 (PostgreSQL).
-- Kept table for table with the SQLite schema of the same name; here message bytes live in blobs.content.

CREATE TABLE domains (
    name        TEXT        NOT NULL PRIMARY KEY,
    created     TIMESTAMPTZ NOT NULL
);

CREATE TABLE bals (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address     TEXT        NOT NULL UNIQUE,
    domain      TEXT        NOT NULL REFERENCES domains (name),
    type        TEXT        NOT NULL CHECK (type IN ('PER', 'ORG', 'APP', 'CAB')),
    holder      TEXT        NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('active', 'unpublished', 'deleted')),
    liste_rouge BOOLEAN     NOT NULL,
    created     TIMESTAMPTZ NOT NULL
);

CREATE TABLE bal_authorized_users (
    bal_id      BIGINT      NOT NULL REFERENCES bals (id) ON DELETE CASCADE,
    idnat       TEXT        NOT NULL,
    position    BIGINT      NOT NULL,
    PRIMARY KEY (bal_id, idnat)
);

CREATE TABLE bal_last_authentications (
    bal_id      BIGINT      NOT NULL REFERENCES bals (id) ON DELETE CASCADE,
    front       TEXT        NOT NULL CHECK (front IN ('psc', 'authcli')),
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bal_id, front)
);

CREATE TABLE counters (
    name        TEXT        NOT NULL PRIMARY KEY,
    value       BIGINT      NOT NULL
);
INSERT INTO counters (name, value) VALUES ('uid_validity', 0);

CREATE TABLE folders (
    id             BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bal_id         BIGINT   NOT NULL REFERENCES bals (id) ON DELETE CASCADE,
    name           TEXT     NOT NULL,
    uid_validity   BIGINT   NOT NULL,
    uid_next       BIGINT   NOT NULL,
    highest_modseq BIGINT   NOT NULL,
    special_use    TEXT,
    subscribed     BOOLEAN  NOT NULL,
    UNIQUE (bal_id, name)
);

CREATE TABLE blobs (
    id          TEXT        NOT NULL PRIMARY KEY,  -- SHA-256 of the bytes, lower-case hex
    size        BIGINT      NOT NULL,
    created     TIMESTAMPTZ NOT NULL,
    content     BYTEA       NOT NULL
);

CREATE TABLE messages (
    folder_id     BIGINT      NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    uid           BIGINT      NOT NULL,
    modseq        BIGINT      NOT NULL,
    flags         BIGINT      NOT NULL,
    keywords      TEXT        NOT NULL,
    internal_date TIMESTAMPTZ NOT NULL,
    size          BIGINT      NOT NULL,
    blob_id       TEXT        NOT NULL REFERENCES blobs (id),
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX messages_by_modseq ON messages (folder_id, modseq);
CREATE INDEX messages_by_blob ON messages (blob_id);

CREATE TABLE expunged_messages (
    folder_id   BIGINT      NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    uid         BIGINT      NOT NULL,
    modseq      BIGINT      NOT NULL,
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX expunged_messages_by_modseq ON expunged_messages (folder_id, modseq);

CREATE TABLE audit_trail (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    category    TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    outcome     TEXT        NOT NULL,
    bal_address TEXT,
    front       TEXT,
    mechanism   TEXT,
    reason      TEXT,
    actor       TEXT
);
CREATE INDEX audit_trail_by_bal ON audit_trail (bal_address, id);

CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;

CREATE TRIGGER audit_trail_no_update BEFORE UPDATE OR DELETE ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();

CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();
