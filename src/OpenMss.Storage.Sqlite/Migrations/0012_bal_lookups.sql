-- The BALs a professional's login may open (the webmail, at each page), found by index rather than by reading the
-- whole directory: by holder, and by authorised user.
CREATE INDEX bals_by_holder ON bals (holder);
CREATE INDEX bal_authorized_users_by_idnat ON bal_authorized_users (idnat);
