-- Closing the loop: referral history and reminders, names to scrub, agency feeds, erasures.

-- Every status a referral went through: who set it, when, with which document.
CREATE TABLE referral_status_change (
    referrer      VARCHAR(64)  NOT NULL,
    document_id   VARCHAR(100) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    set_by        VARCHAR(64)  NOT NULL,
    tracking_id   VARCHAR(36)  NOT NULL,
    reason_code   VARCHAR(50),
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (referrer, document_id, tracking_id)
);

-- When the referrer and the operators were told that a referral went unanswered.
ALTER TABLE referral ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_referral_unanswered ON referral (status, requested_at);

-- Keyed hashes (HMAC) of the names in referrals, per municipality: what the learning network's copies are
-- scrubbed of. The names themselves are not stored.
CREATE TABLE person_name_token (
    municipality  VARCHAR(5)   NOT NULL,
    token_hmac    VARCHAR(64)  NOT NULL,
    referrer      VARCHAR(64)  NOT NULL,
    document_id   VARCHAR(100) NOT NULL,
    PRIMARY KEY (municipality, token_hmac, referrer, document_id)
);
CREATE INDEX ix_person_name_token_referral ON person_name_token (referrer, document_id);

-- Settings the hub generates once and shares between instances (the key of the name hashes).
CREATE TABLE hub_setting (
    setting_name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    setting_value  VARCHAR(200) NOT NULL
);

-- The agency feed in progress: Camel's aggregator keeps each accepted document's entry here until the feed
-- closes (feed_id set then). Keyed by tracking id, so an entry delivered twice is counted once.
CREATE TABLE feed_entry (
    tracking_id        VARCHAR(36)  NOT NULL PRIMARY KEY,
    partner            VARCHAR(64)  NOT NULL,
    doc_type           VARCHAR(32)  NOT NULL,
    municipality       VARCHAR(5)   NOT NULL,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    target_partner     VARCHAR(64),
    activity_name      VARCHAR(200),
    activity_category  VARCHAR(40),
    status             VARCHAR(16),
    feed_id            VARCHAR(36)
);
CREATE INDEX ix_feed_entry_feed ON feed_entry (feed_id);

-- The consolidated feeds the agency received, one per period, and the learning network's summary of each.
CREATE TABLE agency_feed (
    feed_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    period_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    period_to    TIMESTAMP WITH TIME ZONE NOT NULL,
    documents    INTEGER      NOT NULL,
    content      TEXT         NOT NULL,
    summary      TEXT         NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_agency_feed_period ON agency_feed (period_from, period_to);

-- That an erasure happened, when, by whom, and what was removed (counts only).
CREATE TABLE erasure (
    erasure_id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    referrer      VARCHAR(64)  NOT NULL,
    document_id   VARCHAR(100) NOT NULL,
    requested_by  VARCHAR(64)  NOT NULL,
    erased_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    removed       VARCHAR(1000) NOT NULL
);
