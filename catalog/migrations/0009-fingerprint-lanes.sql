-- Version 9: a faster photo fingerprint.
--
-- A photo's fingerprint (a hash of its size and first 64 KiB, which finds
-- a photo moved or renamed) was one multiply-xor chain, each step waiting
-- for the one before: 16 us for a camera JPEG, an eighth of an import.
-- Version 9 hashes in four lanes.  The photos stored before keep their
-- fingerprint of the old kind, marked here, until their file is read
-- again; while any is left, an import works both out for a new file, so
-- that one of them moved is still found (capcat_catalog_find_moved_v1).
-- New rows say 0: the column's default is for the rows already there.
ALTER TABLE photo ADD COLUMN fingerprint_v1 INTEGER NOT NULL DEFAULT 1;
CREATE INDEX photo_fingerprint_v1 ON photo(fingerprint, size) WHERE fingerprint_v1;
