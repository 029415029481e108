-- What the IMAP server reads of a message without opening it (ENVELOPE, BODYSTRUCTURE, part offsets), built once
-- when the blob is stored or at its first FETCH; opaque to the store. NULL for blobs stored before this version.
ALTER TABLE blobs ADD COLUMN views BLOB;
