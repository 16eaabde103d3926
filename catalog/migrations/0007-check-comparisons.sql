-- Version 7: the same CHECK constraints, written as comparisons.
--
-- SQLite (3.40) checks "x IN ('a', 'b', 'c')" by building a temporary
-- b-tree of the list every time a row is written; a photo's rows did it
-- 14 times, a tenth of an import's work.  "x = 'a' OR x = 'b' OR ..."
-- allows the same values and costs a few comparisons.  Only the text of
-- the constraints changes, not what is stored, so the table definitions
-- are edited in place, as SQLite's documentation allows for CHECK
-- constraints (https://sqlite.org/lang_altertable.html, "Making Other
-- Kinds Of Table Schema Changes"); capcat then bumps the schema version
-- so that every connection reads them again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''present'', ''missing''))',
	'CHECK (status = ''present'' OR status = ''missing'')')
	WHERE type = 'table' AND name = 'photo';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (source IN (''exif'', ''preview'', ''made'', ''none''))',
	'CHECK (source = ''exif'' OR source = ''preview'' OR source = ''made'' OR source = ''none'')')
	WHERE type = 'table' AND name = 'thumbnail';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (source IN (''iptc'', ''xmp'', ''exif'', ''sidecar''))',
	'CHECK (source = ''iptc'' OR source = ''xmp'' OR source = ''exif'' OR source = ''sidecar'')')
	WHERE type = 'table' AND name = 'file_field';
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (origin IN (''metadata'', ''caption'', ''user''))',
	'CHECK (origin = ''metadata'' OR origin = ''caption'' OR origin = ''user'')')
	WHERE type = 'table' AND name = 'photo_person';
UPDATE sqlite_schema SET sql = replace(replace(sql,
	'CHECK (role IN (''mentioned'', ''shown'', ''created'', ''gps''))',
	'CHECK (role = ''mentioned'' OR role = ''shown'' OR role = ''created'' OR role = ''gps'')'),
	'CHECK (origin IN (''metadata'', ''caption'', ''gps'', ''user''))',
	'CHECK (origin = ''metadata'' OR origin = ''caption'' OR origin = ''gps'' OR origin = ''user'')')
	WHERE type = 'table' AND name = 'photo_place';
PRAGMA writable_schema = OFF;
