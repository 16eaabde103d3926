-- Version 5: the date order of every photo, stored column-wise for search.
--
-- A query matching 80,000 of a million photos must sort them by date; a
-- lookup of photo_key per photo costs more than the query itself.
-- photo_order holds, for each run of 1,024 photo ids, one blob of 1,024
-- little-endian 64-bit keys (0: no such photo or missing; else the packed
-- date, no date last), so search reads a million keys in a thousand rows.
-- It is a cache of photo_key: any change to a photo_key row drops the
-- chunk holding it, and a commit by capcat rebuilds the chunks dropped
-- (capcat_order_chunk is capcat's own aggregate, see src/order.c); search
-- computes a dropped chunk from photo_key until then.
CREATE TABLE photo_order (
	chunk INTEGER PRIMARY KEY,      -- photo id >> 10
	keys  BLOB NOT NULL
);

INSERT INTO photo_order(chunk, keys)
	SELECT id >> 10, capcat_order_chunk(id, sort_date, present) FROM photo_key GROUP BY id >> 10;

CREATE TRIGGER photo_key_added AFTER INSERT ON photo_key BEGIN
	DELETE FROM photo_order WHERE chunk = new.id >> 10;
END;
CREATE TRIGGER photo_key_changed AFTER UPDATE ON photo_key BEGIN
	DELETE FROM photo_order WHERE chunk = old.id >> 10;
	DELETE FROM photo_order WHERE chunk = new.id >> 10;
END;
CREATE TRIGGER photo_key_gone AFTER DELETE ON photo_key BEGIN
	DELETE FROM photo_order WHERE chunk = old.id >> 10;
END;
