-- Documents whose personal data was erased: a copy still on its way (taken by a consumer when the queues were
-- swept) is dropped instead of delivered.
CREATE TABLE erased_document (
    tracking_id   VARCHAR(36)  NOT NULL PRIMARY KEY,
    erased_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
