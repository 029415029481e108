-- The webmail's other backup way in when PSC is down (issue 21): WebAuthn security keys, several per professional,
-- with the signature counter that must grow at each login (WebAuthn §6.1.1).
CREATE TABLE security_keys (
    credential_id BYTEA       PRIMARY KEY,
    idnat         TEXT        NOT NULL,
    public_key    BYTEA       NOT NULL,
    sign_count    BIGINT      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX security_keys_idnat ON security_keys (idnat);
