-- Version 3: what captions say (people, places, dates), and the indexes
-- search needs: full text (FTS5, case and accent folded), photo positions
-- (R*Tree), folded names.
ALTER TABLE photo_place ADD COLUMN feature TEXT;        -- city, admin1, country, sublocation
ALTER TABLE photo_place ADD COLUMN region_code TEXT;    -- gazetteer code of the region: IQ.11
ALTER TABLE photo_place ADD COLUMN folded TEXT;         -- folded name, for places not in the gazetteer
CREATE INDEX photo_place_region ON photo_place(region_code);
CREATE INDEX photo_place_folded ON photo_place(folded);

ALTER TABLE photo_person ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;  -- order of mention

ALTER TABLE credit_photographer ADD COLUMN folded TEXT;
CREATE INDEX credit_photographer_folded ON credit_photographer(folded);
CREATE INDEX credit_agency ON credit(agency COLLATE NOCASE);
CREATE INDEX caption_date_date ON caption_date(date);
CREATE INDEX photo_make_model ON photo(make, model);

CREATE VIRTUAL TABLE photo_fts USING fts5(caption, headline, keywords, people, places, credit,
	tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE photo_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);

-- capcat never deletes photos (a vanished file is marked missing), but a
-- user's SQL may: the indexes follow
CREATE TRIGGER photo_gone AFTER DELETE ON photo BEGIN
	DELETE FROM photo_fts WHERE rowid = old.id;
	DELETE FROM photo_geo WHERE id = old.id;
	DELETE FROM photo_person WHERE photo_id = old.id;
END;
