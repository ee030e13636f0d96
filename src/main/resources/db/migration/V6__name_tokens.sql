-- Every name token the hub knows, whoever's it was: the keyed hash of a folded name word and a day it was seen
-- in a referral (one row per token and day, never updated). No referrer, documentId or municipality: the
-- learning network's copies are scrubbed of these whatever their municipality, and erasing a referral removes
-- only its links in person_name_token, so the name of someone erased is still scrubbed while nobody can tell
-- whose it was. Retention removes the rows of days older than hub.retention.personal-data.
CREATE TABLE name_token (
    token_hmac  VARCHAR(64)  NOT NULL,
    seen_on     DATE         NOT NULL
);
CREATE INDEX ix_name_token_hmac ON name_token (token_hmac);
CREATE INDEX ix_name_token_seen ON name_token (seen_on);

-- The tokens of the referrals the hub holds now, on the day each referral came in.
INSERT INTO name_token (token_hmac, seen_on)
SELECT DISTINCT p.token_hmac, CAST(r.requested_at AS DATE)
FROM person_name_token p
JOIN referral r ON r.referrer = p.referrer AND r.document_id = p.document_id;

