-- RFC 3501 §2.3.2: a message is recent in the first session that selects its folder after it arrived. The floor is
-- the highest UID some session has claimed; messages above it are recent for nobody yet. Messages stored before
-- this version are not recent.
ALTER TABLE folders ADD COLUMN recent_floor INTEGER NOT NULL DEFAULT 0;
UPDATE folders SET recent_floor = uid_next - 1;
