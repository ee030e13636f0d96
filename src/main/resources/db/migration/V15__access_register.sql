-- The access register and the delivery log: one hash chain of entries (deliveries, reads, erasures, purges,
-- access requests), each naming the person it is about only by a keyed pseudonym. Kept for hub.retention.audit,
-- longer than the data it describes; erasures and purges of personal data leave it intact.

-- the pseudonym of the person a document is about (referrals and their status updates), set at intake
ALTER TABLE document ADD COLUMN subject VARCHAR(64);
CREATE INDEX ix_document_subject ON document (subject);

CREATE TABLE log_entry (
    seq          BIGINT       NOT NULL PRIMARY KEY,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    principal    VARCHAR(64),
    channel      VARCHAR(16),
    tracking_id  VARCHAR(36),
    doc_type     VARCHAR(32),
    parts        VARCHAR(100),
    subject      VARCHAR(64),
    purpose      VARCHAR(32),
    detail       VARCHAR(200),
    entry_hash   VARCHAR(64)  NOT NULL
);
CREATE INDEX ix_log_entry_subject ON log_entry (subject);
CREATE INDEX ix_log_entry_tracking ON log_entry (tracking_id);
CREATE INDEX ix_log_entry_time ON log_entry (recorded_at);

-- the chain's head (head_id 1): one row, locked by every transaction that appends (commit order = sequence
-- order); and its base (head_id 0): the last entry removed after hub.retention.audit, where what is kept joins on
CREATE TABLE log_head (
    head_id     INTEGER      NOT NULL PRIMARY KEY,
    seq         BIGINT       NOT NULL,
    entry_hash  VARCHAR(64)  NOT NULL
);
INSERT INTO log_head (head_id, seq, entry_hash) VALUES (0, 0, '0000000000000000000000000000000000000000000000000000000000000000');
INSERT INTO log_head (head_id, seq, entry_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- the heads signed with the hub's Ed25519 key (daily with the agency feed)
CREATE TABLE signed_head (
    seq         BIGINT       NOT NULL,
    entry_hash  VARCHAR(64)  NOT NULL,
    signed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    signature   VARCHAR(200) NOT NULL,
    PRIMARY KEY (seq, signed_at)
);
