-- The HTTP inbox (GET /api/v1/inbox) pages through a receiver's deliveries in the delivery log, oldest first
CREATE INDEX ix_log_entry_inbox ON log_entry (principal, kind, seq);
-- a notice or feed file (named in detail) is logged once however often its route is retried
CREATE INDEX ix_log_entry_detail ON log_entry (detail);
