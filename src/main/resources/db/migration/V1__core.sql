-- The hub's own records. Written in SQL that H2 and PostgreSQL both run unchanged.

-- Every principal's password, as a bcrypt hash only.
CREATE TABLE credential (
    principal      VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(100) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per document the hub accepted (or is accepting): the idempotency key (partner, document_id) and the
-- content hash that tells a resend from a conflicting one. state: pending -> accepted once the broker committed it.
CREATE TABLE document (
    tracking_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    partner         VARCHAR(64)  NOT NULL,
    document_id     VARCHAR(100) NOT NULL,
    doc_type        VARCHAR(32)  NOT NULL,
    municipality    VARCHAR(5)   NOT NULL,
    channel         VARCHAR(8)   NOT NULL,
    content_sha256  VARCHAR(64)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    receivers       VARCHAR(500),
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_document_partner_document UNIQUE (partner, document_id)
);
CREATE INDEX ix_document_received ON document (received_at);

-- Every referral the hub knows: who referred whom to which partner. Status updates must answer one of these.
CREATE TABLE referral (
    referrer           VARCHAR(64)  NOT NULL,
    document_id        VARCHAR(100) NOT NULL,
    tracking_id        VARCHAR(36)  NOT NULL,
    target_partner     VARCHAR(64)  NOT NULL,
    municipality       VARCHAR(5)   NOT NULL,
    activity_name      VARCHAR(200) NOT NULL,
    activity_category  VARCHAR(40)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    requested_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (referrer, document_id)
);
CREATE INDEX ix_referral_target ON referral (target_partner);

-- Who may fetch a claim-checked attachment over HTTP: its sender and the receivers entitled to it.
CREATE TABLE attachment_access (
    sha256       VARCHAR(64) NOT NULL,
    principal    VARCHAR(64) NOT NULL,
    tracking_id  VARCHAR(36) NOT NULL,
    PRIMARY KEY (sha256, principal, tracking_id)
);

-- The append-only trail of every document: received, validated, rejected, duplicate, routed, delivered per
-- receiver, dead-lettered, replayed. event_id is unique per emitted event, so a batch written twice after a
-- crash lands once.
CREATE TABLE tracking_event (
    event_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    tracking_id  VARCHAR(36)  NOT NULL,
    event        VARCHAR(24)  NOT NULL,
    partner      VARCHAR(64),
    receiver     VARCHAR(64),
    channel      VARCHAR(8),
    detail       VARCHAR(2000),
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_tracking_event_document ON tracking_event (tracking_id, occurred_at);
