-- The webmail's other backup way in when PSC is down (issue 21): WebAuthn security keys, several per professional,
-- with the signature counter that must grow at each login (WebAuthn §6.1.1).
CREATE TABLE security_keys (
    credential_id BLOB PRIMARY KEY,
    idnat TEXT NOT NULL,
    public_key BLOB NOT NULL,
    sign_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX security_keys_idnat ON security_keys (idnat);
