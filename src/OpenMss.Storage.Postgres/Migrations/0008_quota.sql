-- RFC 9208 quotas: a BAL's own limits, set by an administrator; NULL takes the operator's default (Quota: settings).
ALTER TABLE bals ADD COLUMN quota_storage BIGINT;
ALTER TABLE bals ADD COLUMN quota_messages BIGINT;
