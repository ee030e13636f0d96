-- A document's PDF is part of its row: its SHA-256 and whether the learning network may have it. Who may download
-- it follows from the row once the document is accepted (its sender, its receivers; the learning network only if
-- shareable), so accepting a document is one statement, whichever way it comes about (its publish, a resend after
-- a crash, or the trail the publish committed with it).
ALTER TABLE document ADD COLUMN attachment_sha256 VARCHAR(64);
ALTER TABLE document ADD COLUMN attachment_shareable BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX ix_document_attachment ON document (attachment_sha256);

UPDATE document SET attachment_sha256 = (SELECT MIN(a.sha256) FROM attachment_access a WHERE a.tracking_id = document.tracking_id)
WHERE EXISTS (SELECT 1 FROM attachment_access a WHERE a.tracking_id = document.tracking_id);
UPDATE document SET attachment_shareable = TRUE
WHERE EXISTS (SELECT 1 FROM attachment_access a WHERE a.tracking_id = document.tracking_id AND a.principal = 'learning-network');

DROP TABLE attachment_access;
