-- capcat catalog schema, version 1.
--
-- One SQLite file holds the whole catalog.  What a photo file says (EXIF,
-- IPTC, XMP, sidecars) is kept apart from what a user said (caption set,
-- caption import): file facts are re-read on every change of the file, user
-- edits never are, and user edits win when both exist.  Later versions add
-- to this schema through forward migrations (catalog/migrations/); a
-- catalog's version is PRAGMA user_version.

-- Folders, so that "what is under this folder" is an index range.
CREATE TABLE folder (
	id    INTEGER PRIMARY KEY,
	path  TEXT NOT NULL UNIQUE           -- absolute, no trailing slash
);

CREATE TABLE photo (
	id          INTEGER PRIMARY KEY,
	folder_id   INTEGER NOT NULL REFERENCES folder(id),
	path        TEXT NOT NULL UNIQUE,     -- absolute
	name        TEXT NOT NULL,            -- last path component
	size        INTEGER NOT NULL,
	mtime_ns    INTEGER NOT NULL,
	fingerprint INTEGER NOT NULL,         -- 64-bit content hash (size + first 64 KiB)
	mime        TEXT NOT NULL,
	width       INTEGER,
	height      INTEGER,
	orientation INTEGER,                  -- EXIF 1..8
	taken       TEXT,                     -- local time "YYYY-MM-DDTHH:MM:SS"
	taken_offset INTEGER,                 -- minutes east of UTC, when known
	make        TEXT,
	model       TEXT,
	lens        TEXT,
	exposure_time REAL,                   -- seconds
	fnumber     REAL,
	iso         INTEGER,
	focal_length REAL,                    -- mm
	gps_lat     REAL,
	gps_lon     REAL,
	gps_alt     REAL,
	status      TEXT NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'missing')),
	warnings    TEXT,                     -- what was damaged but recovered
	added_at    TEXT NOT NULL,
	read_at     TEXT NOT NULL             -- when the file was last read
);
CREATE INDEX photo_folder ON photo(folder_id);
CREATE INDEX photo_fingerprint ON photo(fingerprint, size);
CREATE INDEX photo_taken ON photo(taken);

-- Thumbnails live in their own table so that queries over photo never
-- read their pages.  source: 'exif' (IFD1), 'preview' (raw preview),
-- 'made' (decoded and scaled by capcat), 'none' (none could be had).
CREATE TABLE thumbnail (
	photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
	source   TEXT NOT NULL CHECK (source IN ('exif', 'preview', 'made', 'none')),
	width    INTEGER,
	height   INTEGER,
	jpeg     BLOB
);

-- Text fields as each copy in the file says them: one row per field and
-- source ('iptc', 'xmp', 'exif', 'sidecar').  Repeatable fields (keywords,
-- creator, person shown) use seq.  Re-read with the file.
CREATE TABLE file_field (
	photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
	field    TEXT NOT NULL,               -- caption, headline, title, credit, source,
	                                      -- copyright, creator, creator_title, city,
	                                      -- sublocation, region, country, country_code,
	                                      -- keyword, instructions, caption_writer,
	                                      -- date_created, person
	source   TEXT NOT NULL CHECK (source IN ('iptc', 'xmp', 'exif', 'sidecar')),
	seq      INTEGER NOT NULL DEFAULT 0,
	value    TEXT NOT NULL,
	PRIMARY KEY (photo_id, field, source, seq)
) WITHOUT ROWID;

-- What the user said; wins over file_field and is never touched by import.
-- Keyed by photo id, so it follows a photo that is moved or renamed.
CREATE TABLE user_field (
	photo_id  INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
	field     TEXT NOT NULL,
	seq       INTEGER NOT NULL DEFAULT 0,
	value     TEXT NOT NULL,
	edited_at TEXT NOT NULL,
	PRIMARY KEY (photo_id, field, seq)
) WITHOUT ROWID;

-- The parsed credit of a photo's effective caption/credit line.
CREATE TABLE credit (
	photo_id     INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
	line         TEXT NOT NULL,           -- as found
	agency       TEXT,
	provider     TEXT,
	via          TEXT,
	pool         INTEGER NOT NULL DEFAULT 0,
	pool_org     TEXT,
	handout      INTEGER NOT NULL DEFAULT 0,
	issuer       TEXT,
	file         INTEGER NOT NULL DEFAULT 0,
	illustration INTEGER NOT NULL DEFAULT 0,
	for_client   TEXT,
	supplier_ref TEXT,
	style        TEXT,
	origin       TEXT NOT NULL            -- 'caption', 'credit_field', 'user'
);
CREATE TABLE credit_photographer (
	photo_id INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	name     TEXT NOT NULL,
	PRIMARY KEY (photo_id, seq)
) WITHOUT ROWID;
CREATE INDEX credit_photographer_name ON credit_photographer(name);

-- People and places, each fact with its origin: 'metadata', 'caption',
-- 'gps' or 'user'.
CREATE TABLE person (
	id     INTEGER PRIMARY KEY,
	name   TEXT NOT NULL UNIQUE,
	folded TEXT NOT NULL                  -- case- and accent-folded, for matching
);
CREATE INDEX person_folded ON person(folded);
CREATE TABLE photo_person (
	photo_id  INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES person(id),
	position  TEXT,                       -- L, R, C, 2nd L, top, ...
	origin    TEXT NOT NULL CHECK (origin IN ('metadata', 'caption', 'user')),
	PRIMARY KEY (photo_id, person_id, origin)
) WITHOUT ROWID;
CREATE INDEX photo_person_person ON photo_person(person_id);

CREATE TABLE photo_place (
	photo_id     INTEGER NOT NULL REFERENCES photo(id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	text         TEXT,                    -- as written, when from a caption
	name         TEXT NOT NULL,           -- gazetteer name
	place_id     INTEGER,                 -- gazetteer id, when matched
	region       TEXT,
	country      TEXT,
	country_code TEXT,
	role         TEXT NOT NULL CHECK (role IN ('mentioned', 'shown', 'created', 'gps')),
	origin       TEXT NOT NULL CHECK (origin IN ('metadata', 'caption', 'gps', 'user')),
	PRIMARY KEY (photo_id, seq)
) WITHOUT ROWID;
CREATE INDEX photo_place_country ON photo_place(country_code);
CREATE INDEX photo_place_place ON photo_place(place_id);

-- The date a caption states, apart from the EXIF capture time.
CREATE TABLE caption_date (
	photo_id INTEGER PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
	date     TEXT NOT NULL,               -- YYYY-MM-DD (or YYYY-MM, YYYY)
	origin   TEXT NOT NULL
);

-- Files met under imported folders that are not images (sidecars, text,
-- video...): remembered so that an unchanged folder is not opened again.
CREATE TABLE other_file (
	path     TEXT PRIMARY KEY,
	size     INTEGER NOT NULL,
	mtime_ns INTEGER NOT NULL,
	mime     TEXT NOT NULL
) WITHOUT ROWID;
