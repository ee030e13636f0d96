-- Locks several hub instances on this database take so that timed work (closing the agency feed, the retention
-- purge, unanswered referrals) runs on one of them at a time (ShedLock's table, times in the database's clock).
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until  TIMESTAMP(3) NOT NULL,
    locked_at   TIMESTAMP(3) NOT NULL,
    locked_by   VARCHAR(255) NOT NULL
);
