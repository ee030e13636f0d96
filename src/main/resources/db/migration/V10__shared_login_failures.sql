-- Failed logins counted across hub instances (security.FailureCounts): per (registry principal, source) and per
-- source under any names (account ''); a row expires with its count. Times in epoch milliseconds.
CREATE TABLE login_failure (
    account       VARCHAR(64)  NOT NULL,
    source        VARCHAR(64)  NOT NULL,
    failures      INTEGER      NOT NULL,
    locked_until  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    PRIMARY KEY (account, source)
);
CREATE INDEX login_failure_expiry ON login_failure (expires_at);

-- Accounts that logged in from a source lately (a right password): a source locked by others' failures does not
-- lock them out, on any instance.
CREATE TABLE login_known (
    account     VARCHAR(64)  NOT NULL,
    source      VARCHAR(64)  NOT NULL,
    last_login  BIGINT       NOT NULL,
    PRIMARY KEY (account, source)
);
CREATE INDEX login_known_age ON login_known (last_login);
