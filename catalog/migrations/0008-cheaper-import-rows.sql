-- Version 8: three things an import paid for on every photo, made cheaper.
--
-- 1. Photo positions in an index of photo, not an R*Tree.
--
-- photo_geo held each photo's GPS position (a copy of photo.gps_lat and
-- gps_lon) for search --near.  An R*Tree insert reads and rewrites the
-- nodes of its path through SQL statements of its own: about ten times
-- an index entry, 8% of an import's writer for photos with GPS.  A box
-- query is a range of latitudes in this index (its entries hold the
-- longitude too, so the rows outside the box are left without reading
-- photo), then the distance of each photo in the box.
CREATE INDEX photo_gps ON photo(gps_lat, gps_lon) WHERE gps_lat IS NOT NULL;

-- The trigger for photos deleted by hand also takes every row their id
-- keyed, as the foreign keys would if they were on (the sqlite3 shell
-- leaves them off): the import now inserts a new photo's caption date and
-- search key without OR REPLACE, and SQLite may give a new photo the id
-- of one deleted.
DROP TRIGGER photo_gone;
CREATE TRIGGER photo_gone AFTER DELETE ON photo BEGIN
	DELETE FROM photo_fts WHERE rowid = old.id;
	DELETE FROM photo_person WHERE photo_id = old.id;
	DELETE FROM photo_place WHERE photo_id = old.id;
	DELETE FROM photo_key WHERE id = old.id;
	DELETE FROM caption_date WHERE photo_id = old.id;
	DELETE FROM credit WHERE photo_id = old.id;
	DELETE FROM credit_photographer WHERE photo_id = old.id;
	DELETE FROM file_field WHERE photo_id = old.id;
	DELETE FROM user_field WHERE photo_id = old.id;
	DELETE FROM thumbnail WHERE photo_id = old.id;
END;
DROP TABLE photo_geo;

-- 2. The search order's chunk of a photo_key row written by capcat is
-- dropped by capcat (catalog_facts.c), once a transaction, not by a
-- trigger run for every row (a trigger program costs a third of writing
-- the key).  Changes and deletions keep their triggers.
DROP TRIGGER photo_key_added;

-- 3. A place is found by its country, or by its region within its country,
-- in one index: each photo_place row (two or three a photo) made an entry
-- in five b-trees, now four.
DROP INDEX photo_place_country;
DROP INDEX photo_place_region;
CREATE INDEX photo_place_area ON photo_place(country_code, region_code);
