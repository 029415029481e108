-- Blobs appended to shared segment files (blobs/segments/NNNNNNNNNNNN.seg) instead of one file each: a blob
-- with a segment lives in that file from byte "position" for "size" bytes; one without is a file of its own
-- (written before this version), still read where it is.
ALTER TABLE blobs ADD COLUMN segment INTEGER;
ALTER TABLE blobs ADD COLUMN position INTEGER;
CREATE INDEX blobs_segment ON blobs (segment) WHERE segment IS NOT NULL;
