-- The webmail's backup way in when PSC is down (issue 21): one TOTP authenticator per professional, its secret
-- protected by the webmail, and the last time step a code was accepted for (no code twice, RFC 6238 §5.2).
CREATE TABLE otp_enrolments (
    idnat TEXT PRIMARY KEY,
    secret BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    last_step INTEGER NOT NULL
);
