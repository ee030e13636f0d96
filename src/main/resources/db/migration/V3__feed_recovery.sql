-- Feeds closed but not yet confirmed as sent: Camel's aggregator recovers (sends again) what is left here,
-- for instance after the hub stopped while it was sending a feed.
CREATE TABLE feed_completion (
    exchange_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    close_id      VARCHAR(36)  NOT NULL,
    closed_at     VARCHAR(40)  NOT NULL,
    attempts      INTEGER      NOT NULL,
    completed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
