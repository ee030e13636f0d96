-- Routes an operator suspended, with the reason: re-applied when the hub starts again.
CREATE TABLE route_suspension (
    route_id      VARCHAR(100) NOT NULL PRIMARY KEY,
    reason        VARCHAR(500) NOT NULL,
    suspended_by  VARCHAR(64)  NOT NULL,
    suspended_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
