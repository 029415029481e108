-- OpenMSS store schema, version 1 (SQLite). Times are Unix milliseconds (UTC).
-- Kept table for table with the PostgreSQL schema of the same name.

CREATE TABLE domains (
    name        TEXT    NOT NULL PRIMARY KEY,
    created     INTEGER NOT NULL
);

CREATE TABLE bals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    address     TEXT    NOT NULL UNIQUE,
    domain      TEXT    NOT NULL REFERENCES domains (name),
    type        TEXT    NOT NULL CHECK (type IN ('PER', 'ORG', 'APP', 'CAB')),
    holder      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('active', 'unpublished', 'deleted')),
    liste_rouge INTEGER NOT NULL,
    created     INTEGER NOT NULL
);

CREATE TABLE bal_authorized_users (
    bal_id      INTEGER NOT NULL REFERENCES bals (id) ON DELETE CASCADE,
    idnat       TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (bal_id, idnat)
);

CREATE TABLE bal_last_authentications (
    bal_id      INTEGER NOT NULL REFERENCES bals (id) ON DELETE CASCADE,
    front       TEXT    NOT NULL CHECK (front IN ('psc', 'authcli')),
    at          INTEGER NOT NULL,
    PRIMARY KEY (bal_id, front)
);

CREATE TABLE counters (
    name        TEXT    NOT NULL PRIMARY KEY,
    value       INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('uid_validity', 0);

CREATE TABLE folders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    bal_id         INTEGER NOT NULL REFERENCES bals (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    uid_validity   INTEGER NOT NULL,
    uid_next       INTEGER NOT NULL,
    highest_modseq INTEGER NOT NULL,
    special_use    TEXT,
    subscribed     INTEGER NOT NULL,
    UNIQUE (bal_id, name)
);

CREATE TABLE blobs (
    id          TEXT    NOT NULL PRIMARY KEY,  -- SHA-256 of the bytes, lower-case hex; the bytes are a file
    size        INTEGER NOT NULL,
    created     INTEGER NOT NULL
);

CREATE TABLE messages (
    folder_id     INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    uid           INTEGER NOT NULL,
    modseq        INTEGER NOT NULL,
    flags         INTEGER NOT NULL,
    keywords      TEXT    NOT NULL,
    internal_date INTEGER NOT NULL,
    size          INTEGER NOT NULL,
    blob_id       TEXT    NOT NULL REFERENCES blobs (id),
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX messages_by_modseq ON messages (folder_id, modseq);
CREATE INDEX messages_by_blob ON messages (blob_id);

CREATE TABLE expunged_messages (
    folder_id   INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    uid         INTEGER NOT NULL,
    modseq      INTEGER NOT NULL,
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX expunged_messages_by_modseq ON expunged_messages (folder_id, modseq);

CREATE TABLE audit_trail (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    category    TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    bal_address TEXT,
    front       TEXT,
    mechanism   TEXT,
    reason      TEXT,
    actor       TEXT
);
CREATE INDEX audit_trail_by_bal ON audit_trail (bal_address, id);

CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
