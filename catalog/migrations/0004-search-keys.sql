-- Version 4: a narrow table that search sorts and filters on.
--
-- photo rows are wide; a query matching 80,000 of a million photos would
-- read 80,000 of their pages just to check status and date.  photo_key
-- holds only what every query needs, a few dozen bytes a photo.
CREATE TABLE photo_key (
	id        INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
	sort_date TEXT,                 -- taken, else the caption's date
	present   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX photo_key_date ON photo_key(sort_date) WHERE present;

INSERT INTO photo_key(id, sort_date, present)
	SELECT p.id, coalesce(p.taken, d.date), p.status = 'present'
	FROM photo p LEFT JOIN caption_date d ON d.photo_id = p.id;
