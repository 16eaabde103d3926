-- Version 6: indexes that cost an import less.
--
-- file_field_chosen indexed every chosen field by its value, captions
-- included: the largest entries of the catalog, written in random order,
-- for one use (search --missing caption).  That search now reads a small
-- index of the photos whose chosen caption is not empty.  Nothing reads
-- credit_photographer by its name as written (search uses the folded name),
-- nor photo by folder_id (what is under a folder is a range of paths).
DROP INDEX file_field_chosen;
CREATE INDEX file_field_caption ON file_field(photo_id)
	WHERE chosen AND field IN ('caption', 'comment') AND value <> '';
DROP INDEX credit_photographer_name;
DROP INDEX photo_folder;
