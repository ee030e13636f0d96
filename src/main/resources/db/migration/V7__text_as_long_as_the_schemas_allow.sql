-- Texts the schemas allow must fit where the hub stores them. A schema counts characters (code points); H2 counts
-- UTF-16 units, so a name of 200 characters from outside the basic plane (emoji, historic scripts) takes 400.
-- An activity name is a shortText (at most 200 characters).
ALTER TABLE referral ALTER COLUMN activity_name SET DATA TYPE VARCHAR(400);
ALTER TABLE feed_entry ALTER COLUMN activity_name SET DATA TYPE VARCHAR(400);
