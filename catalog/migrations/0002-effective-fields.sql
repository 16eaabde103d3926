-- Version 2: which copy of a field counts.
--
-- Import marks the file values that win the MWG rule (chosen); a user's
-- value wins over all of them.  photo_field is what every reader (show,
-- search, export, credits) asks for.
ALTER TABLE file_field ADD COLUMN chosen INTEGER NOT NULL DEFAULT 0;
CREATE INDEX file_field_chosen ON file_field(field, value) WHERE chosen;

CREATE VIEW photo_field(photo_id, field, seq, value, source) AS
	SELECT photo_id, field, seq, value, 'user' FROM user_field
	UNION ALL
	SELECT f.photo_id, f.field, f.seq, f.value, f.source FROM file_field f
	WHERE f.chosen AND NOT EXISTS (SELECT 1 FROM user_field u
	                               WHERE u.photo_id = f.photo_id AND u.field = f.field);
