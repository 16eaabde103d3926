/* test_catalog.c - the SQLite catalog: open and migrate, refuse a newer
 * schema, put/lookup/get round trips, updates and moves, missing files,
 * folder ranges, non-image files, resolve, stats, read snapshots, a new
 * catalog opened by two at once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/catalog.h"
#include "capcat/import.h"
#include "capcat/photo.h"
#include "capcat/read.h"
#include "capcat/search.h"

#include <sqlite3.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOW1 "2024-01-02T03:04:05Z"
#define NOW2 "2024-06-07T08:09:10Z"

/* Per-test fixture: a temporary folder and a catalog in it. */
struct fx {
	char *dir;
	char *db;
	struct capcat_catalog *cat;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct capcat_err err = { 0 };

	if (!f)
		return -1;
	setenv("CAPCAT_NOW", NOW1, 1);
	f->dir = tu_tmpdir_make();
	f->db = tu_join(f->dir, "catalog.db");
	if (capcat_catalog_open(&f->cat, f->db, &err) != 0) {
		fprintf(stderr, "capcat_catalog_open: %s\n", err.msg);
		tu_tmpdir_remove(f->dir);
		free(f->db);
		free(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	capcat_catalog_close(f->cat);
	tu_tmpdir_remove(f->dir);
	free(f->db);
	free(f->dir);
	free(f);
	unsetenv("CAPCAT_NOW");
	return 0;
}

static char *dup_or_null(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	assert_non_null(p);
	return p;
}

/* A photo with only what every photo has. */
static void minimal(struct capcat_photo *ph, const char *path, capcat_fingerprint fp,
		    int64_t size)
{
	capcat_photo_init(ph);
	ph->path = dup_or_null(path);
	ph->mime = dup_or_null("image/jpeg");
	ph->size = size;
	ph->mtime_ns = 1700000000123456789LL;
	ph->fingerprint = fp;
}

/* A photo with every field set. */
static void full(struct capcat_photo *ph, const char *path)
{
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 6, 0, 9,
					      1, 1, 0x11, 0, 0xFF, 0xD9 };

	minimal(ph, path, 0xFEDCBA9876543210ULL, 123456789012LL);
	free(ph->mime);
	ph->mime = dup_or_null("image/x-canon-cr3");
	ph->width = 6000;
	ph->height = 4000;
	ph->orientation = 8;
	ph->taken = dup_or_null("2018-02-21T12:08:56");
	ph->has_offset = 1;
	ph->offset_min = -330;
	ph->make = dup_or_null("Canon");
	ph->model = dup_or_null("Canon EOS M50");
	ph->lens = dup_or_null("EF-M15-45mm f/3.5-6.3 IS STM");
	ph->exposure_time = 0.0125;
	ph->fnumber = 3.5;
	ph->iso = 12800;
	ph->focal_length = 15.5;
	ph->has_gps = 1;
	ph->gps_lat = -33.856784;
	ph->gps_lon = 151.215297;
	ph->has_alt = 1;
	ph->gps_alt = -12.5;
	ph->thumb = malloc(sizeof(jpeg));
	assert_non_null(ph->thumb);
	memcpy(ph->thumb, jpeg, sizeof(jpeg));
	ph->thumb_len = sizeof(jpeg);
	ph->thumb_width = 9;
	ph->thumb_height = 6;
	ph->warnings = dup_or_null("first warning\nsecond warning");
}

static int64_t put_new(struct capcat_catalog *cat, const struct capcat_photo *ph)
{
	struct capcat_err err = { 0 };
	int64_t id = 0;

	if (capcat_catalog_put(cat, ph, 0, &id, &err) != 0)
		fail_msg("put %s: %s", ph->path, err.msg);
	assert_true(id > 0);
	return id;
}

static void test_catalog__open_creates_folders_and_schema(void **state)
{
	const char *dir = *state;
	char *sub = tu_join(dir, "a/b/c"), *db = tu_join(sub, "cat.db");
	struct capcat_catalog *cat = NULL;
	struct capcat_err err = { 0 };

	assert_false(tu_exists(sub));
	assert_int_equal(capcat_catalog_open(&cat, db, &err), 0);
	assert_non_null(cat);
	assert_true(tu_is_dir(sub));
	assert_true(tu_exists(db));
	assert_int_equal(capcat_catalog_version(cat), CAPCAT_SCHEMA_VERSION);
	capcat_catalog_close(cat);
	/* opening it again: no migration runs twice */
	cat = NULL;
	assert_int_equal(capcat_catalog_open(&cat, db, &err), 0);
	assert_int_equal(capcat_catalog_version(cat), CAPCAT_SCHEMA_VERSION);
	capcat_catalog_close(cat);
	capcat_catalog_close(NULL);     /* a no-op */
	free(db);
	free(sub);
}

/* The schema as each version left it (catalog.c runs them in turn). */
extern const char capcat_embed_schema_v1[], capcat_embed_migration_2[],
	capcat_embed_migration_3[], capcat_embed_migration_4[], capcat_embed_migration_5[],
	capcat_embed_migration_6[], capcat_embed_migration_7[], capcat_embed_migration_8[];
int capcat_order__register(sqlite3 *db);        /* migration 5 calls it */

/* A catalog at 'db' as version 'version' left it, with 'rows' added;
 * returned open for the test to look at before capcat migrates it. */
static sqlite3 *old_catalog(const char *db, int version, const char *rows)
{
	const char *const steps[] = { capcat_embed_schema_v1, capcat_embed_migration_2,
				      capcat_embed_migration_3, capcat_embed_migration_4,
				      capcat_embed_migration_5, capcat_embed_migration_6,
				      capcat_embed_migration_7, capcat_embed_migration_8 };
	char sql[64];
	sqlite3 *raw = NULL;

	assert_true(version >= 1 && version <= (int)(sizeof(steps) / sizeof(steps[0])));
	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(capcat_order__register(raw), SQLITE_OK);
	for (int i = 0; i < version; i++)
		assert_int_equal(sqlite3_exec(raw, steps[i], NULL, NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, rows, NULL, NULL, NULL), SQLITE_OK);
	return raw;
}

static int raw_count(sqlite3 *raw, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int n = -1;

	if (sqlite3_prepare_v2(raw, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The migrated catalog 'db' opened raw, after SQLite's own check of it. */
static sqlite3 *migrated(const char *db)
{
	sqlite3 *raw = NULL;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM pragma_integrity_check"
				   " WHERE integrity_check = 'ok'"), 1);
	return raw;
}

/* Version 7 rewrites the CHECK constraints "x IN (...)" as comparisons
 * (SQLite builds a b-tree of an IN list for every row written): a version
 * 6 catalog keeps its rows, passes integrity_check, and its constraints
 * refuse what they refused, in the migrating connection too. */
static void test_catalog__v6_checks_become_comparisons(void **state)
{
	char *db = tu_join(*state, "v6.db");
	struct capcat_catalog *cat = NULL;
	struct capcat_err err = { 0 };
	sqlite3 *raw = old_catalog(db, 6, "INSERT INTO folder(id, path) VALUES (1, '/p');"
				   "INSERT INTO photo(id, folder_id, path, name, size, mtime_ns,"
				   " fingerprint, mime, added_at, read_at) VALUES (1, 1, '/p/a.jpg',"
				   " 'a.jpg', 1, 1, 1, 'image/jpeg', 'now', 'now');"
				   "INSERT INTO file_field(photo_id, field, source, value)"
				   " VALUES (1, 'caption', 'xmp', 'A caption');");

	assert_true(raw_count(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
			      " AND sql LIKE '%CHECK (% IN (%'") >= 5);
	sqlite3_close(raw);

	assert_int_equal(capcat_catalog_open(&cat, db, &err), 0);
	assert_int_equal(capcat_catalog_version(cat), CAPCAT_SCHEMA_VERSION);
	assert_int_equal(capcat_catalog_thumb_put(cat, 1, "bogus", NULL, 0, 0, 0, &err),
			 CAPCAT_EDB);
	assert_int_equal(capcat_catalog_thumb_put(cat, 1, "none", NULL, 0, 0, 0, &err), 0);
	capcat_catalog_close(cat);

	raw = migrated(db);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
				   " AND sql LIKE '% IN (%'"), 0);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM file_field WHERE value = 'A caption'"),
			 1);
	assert_int_equal(sqlite3_exec(raw, "INSERT INTO file_field(photo_id, field, source, value)"
				      " VALUES (1, 'caption', 'iim', 'x')", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(raw, "INSERT INTO photo_place(photo_id, seq, name, role,"
				      " origin) VALUES (1, 0, 'Erbil', 'visited', 'caption')",
				      NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(raw, "INSERT INTO photo_place(photo_id, seq, name, role,"
				      " origin) VALUES (1, 0, 'Erbil', 'mentioned', 'caption')",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	free(db);
}

/* Version 8 drops the R*Tree of photo positions for an index of photo
 * (an R*Tree insert cost ten index entries): a version 7 catalog's photos
 * are found near where they were, through the index.  And the trigger
 * run for every new search key goes (capcat drops the order chunk), and
 * a place's country and region share an index. */
static void test_catalog__v7_positions_move_to_an_index(void **state)
{
	char *db = tu_join(*state, "v7.db");
	struct capcat_catalog *cat = NULL;
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_err err = { 0 };
	int64_t *ids = NULL;
	size_t n = 0;
	sqlite3 *raw = old_catalog(db, 7, "INSERT INTO folder(id, path) VALUES (1, '/p');"
				   "INSERT INTO photo(id, folder_id, path, name, size, mtime_ns,"
				   " fingerprint, mime, gps_lat, gps_lon, added_at, read_at) VALUES"
				   " (1, 1, '/p/a.jpg', 'a.jpg', 1, 1, 1, 'image/jpeg', 36.19, 44.01,"
				   " 'now', 'now'), (2, 1, '/p/b.jpg', 'b.jpg', 2, 1, 2, 'image/jpeg',"
				   " 33.31, 44.37, 'now', 'now'), (3, 1, '/p/c.jpg', 'c.jpg', 3, 1, 3,"
				   " 'image/jpeg', NULL, NULL, 'now', 'now');"
				   "INSERT INTO photo_key(id) VALUES (1), (2), (3);"
				   "INSERT INTO photo_geo VALUES (1, 36.19, 36.19, 44.01, 44.01),"
				   " (2, 33.31, 33.31, 44.37, 44.37);");

	sqlite3_close(raw);

	assert_int_equal(capcat_catalog_open(&cat, db, &err), 0);
	assert_int_equal(capcat_catalog_version(cat), CAPCAT_SCHEMA_VERSION);
	assert_int_equal(capcat_query_near(&q, "36.2,44.0,5", &err), 0);
	assert_int_equal(capcat_search(cat, &q, &ids, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 1);
	free(ids);
	capcat_catalog_close(cat);

	raw = migrated(db);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM sqlite_schema"
				   " WHERE name LIKE 'photo_geo%' OR sql LIKE '%photo_geo%'"), 0);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM sqlite_schema WHERE name = 'photo_gps'"),
			 1);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM sqlite_schema"
				   " WHERE name = 'photo_key_added'"), 0);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM sqlite_schema WHERE name IN"
				   " ('photo_place_country', 'photo_place_region', 'photo_place_area')"),
			 1);
	sqlite3_close(raw);
	free(db);
}

/* Version 9 fingerprints photos another way: a photo a version 8 catalog
 * stored, moved since, is still found by its fingerprint of the first
 * kind, keeps its id, and is fingerprinted the new way once read again. */
static void test_catalog__v8_fingerprints_still_find_moves(void **state)
{
	char *db = tu_join(*state, "v8.db"), *dir = tu_join(*state, "photos");
	char *src = tu_corpus("Canon1DmkIII.jpg"), *moved = tu_join(dir, "renamed.jpg");
	char *gone = tu_join(dir, "IMG_0001.jpg"), rows[1024];
	struct capcat_import_opts opts = { .jobs = 2 };
	struct capcat_import_stats st;
	struct capcat_catalog *cat = NULL;
	struct capcat_err err = { 0 };
	const char *paths[] = { dir };
	unsigned char *data;
	size_t len;
	int v1 = -1;
	sqlite3 *raw;

	assert_int_equal(mkdir(dir, 0755), 0);
	data = tu_read_file(src, &len);
	tu_write_file(moved, data, len);
	/* stored by capcat 8 under its old name, one folder up */
	snprintf(rows, sizeof(rows), "INSERT INTO folder(id, path) VALUES (1, '%s');"
		 "INSERT INTO photo(id, folder_id, path, name, size, mtime_ns, fingerprint, mime,"
		 " added_at, read_at) VALUES (7, 1, '%s', 'IMG_0001.jpg', %zu, 1, %lld,"
		 " 'image/jpeg', 'now', 'now');"
		 "INSERT INTO photo_key(id) VALUES (7);"
		 "INSERT INTO user_field(photo_id, field, value, edited_at)"
		 " VALUES (7, 'caption', 'said by a user', 'now');", dir, gone, len,
		 (long long)capcat_fingerprint_v1_of(data, len < 65536 ? len : 65536, (int64_t)len));
	raw = old_catalog(db, 8, rows);
	sqlite3_close(raw);

	assert_int_equal(capcat_catalog_open(&cat, db, &err), 0);
	assert_int_equal(capcat_catalog_has_v1_fingerprints(cat, &v1, &err), 0);
	assert_int_equal(v1, 1);
	assert_int_equal(capcat_import(cat, paths, 1, &opts, &st, &err), 0);
	assert_int_equal(st.moved, 1);
	assert_int_equal(st.added, 0);
	assert_int_equal(capcat_catalog_has_v1_fingerprints(cat, &v1, &err), 0);
	assert_int_equal(v1, 0);
	capcat_catalog_close(cat);

	raw = NULL;
	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM photo p JOIN user_field u"
				   " ON u.photo_id = p.id WHERE p.id = 7 AND p.name = 'renamed.jpg'"),
			 1);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM photo"), 1);
	sqlite3_close(raw);
	free(data);
	free(src);
	free(moved);
	free(gone);
	free(dir);
	free(db);
}

/* A photo deleted by hand with foreign keys off (the sqlite3 shell's
 * default) takes the rows its id keyed with it (the photo_gone trigger),
 * so that a new photo SQLite gives the same id is stored. */
static void test_catalog__deleted_by_hand(void **state)
{
	static const char caption[] = "People walk in a market on September 11, 2024. "
				      "(Hadi Mizban / AP)";
	static const char rows[] =
		"SELECT (SELECT count(*) FROM photo_key) + (SELECT count(*) FROM caption_date) +"
		" (SELECT count(*) FROM credit) + (SELECT count(*) FROM credit_photographer) +"
		" (SELECT count(*) FROM file_field) + (SELECT count(*) FROM thumbnail)";
	struct fx *f = *state;
	struct capcat_photo ph;
	sqlite3 *raw = NULL;
	int64_t id;

	full(&ph, "/h/a.jpg");
	assert_int_equal(capcat_meta_add(&ph.meta, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC, caption,
					 strlen(caption)), 0);
	id = put_new(f->cat, &ph);
	assert_int_equal(sqlite3_open(f->db, &raw), SQLITE_OK);
	assert_int_equal(raw_count(raw, rows), 6);
	assert_int_equal(sqlite3_exec(raw, "DELETE FROM photo", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(raw_count(raw, rows), 0);
	sqlite3_close(raw);
	free(ph.path);
	ph.path = dup_or_null("/h/b.jpg");
	assert_int_equal(put_new(f->cat, &ph), id);
	capcat_photo_release(&ph);
}

static void test_catalog__newer_schema_refused(void **state)
{
	const char *dir = *state;
	char *db = tu_join(dir, "future.db");
	struct capcat_catalog *cat = NULL;
	struct capcat_err err = { 0 };
	sqlite3 *raw = NULL;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t(x); PRAGMA user_version = 99",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(capcat_catalog_open(&cat, db, &err), CAPCAT_EDB);
	assert_null(cat);
	assert_int_equal(err.code, CAPCAT_EDB);
	assert_non_null(strstr(err.msg, "99"));
	/* and the catalog is left as it was */
	raw = NULL;
	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	{
		sqlite3_stmt *s = NULL;
		assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &s, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 99);
		sqlite3_finalize(s);
	}
	sqlite3_close(raw);
	free(db);
}

static void test_catalog__not_a_database_is_edb(void **state)
{
	const char *dir = *state;
	char *db = tu_join(dir, "junk.db");
	struct capcat_catalog *cat = NULL;
	struct capcat_err err = { 0 };
	char junk[4096];

	memset(junk, 'x', sizeof(junk));
	tu_write_file(db, junk, sizeof(junk));
	assert_int_equal(capcat_catalog_open(&cat, db, &err), CAPCAT_EDB);
	assert_null(cat);
	assert_string_equal(err.path, db);
	free(db);
}

static void test_catalog__put_get_roundtrip_every_field(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_record rec;
	struct capcat_err err = { 0 };
	char *path = tu_join(f->dir, "photos/IMG_0001.CR3");
	int64_t id;

	full(&ph, path);
	id = put_new(f->cat, &ph);
	capcat_record_init(&rec);
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, &err), 0);
	assert_int_equal(rec.id, id);
	assert_string_equal(rec.ph.path, path);
	assert_int_equal(rec.ph.size, 123456789012LL);
	assert_int_equal(rec.ph.mtime_ns, 1700000000123456789LL);
	assert_true(rec.ph.fingerprint == 0xFEDCBA9876543210ULL);  /* all 64 bits */
	assert_string_equal(rec.ph.mime, "image/x-canon-cr3");
	assert_int_equal(rec.ph.width, 6000);
	assert_int_equal(rec.ph.height, 4000);
	assert_int_equal(rec.ph.orientation, 8);
	assert_string_equal(rec.ph.taken, "2018-02-21T12:08:56");
	assert_int_equal(rec.ph.has_offset, 1);
	assert_int_equal(rec.ph.offset_min, -330);
	assert_string_equal(rec.ph.make, "Canon");
	assert_string_equal(rec.ph.model, "Canon EOS M50");
	assert_string_equal(rec.ph.lens, "EF-M15-45mm f/3.5-6.3 IS STM");
	assert_true(rec.ph.exposure_time == 0.0125);
	assert_true(rec.ph.fnumber == 3.5);
	assert_int_equal(rec.ph.iso, 12800);
	assert_true(rec.ph.focal_length == 15.5);
	assert_int_equal(rec.ph.has_gps, 1);
	assert_true(rec.ph.gps_lat == -33.856784);
	assert_true(rec.ph.gps_lon == 151.215297);
	assert_int_equal(rec.ph.has_alt, 1);
	assert_true(rec.ph.gps_alt == -12.5);
	assert_string_equal(rec.ph.warnings, "first warning\nsecond warning");
	assert_int_equal(rec.missing, 0);
	assert_non_null(rec.thumb_source);
	assert_string_equal(rec.thumb_source, "exif");
	assert_int_equal(rec.thumb_width, 9);
	assert_int_equal(rec.thumb_height, 6);
	assert_null(rec.ph.thumb);              /* the bytes are not loaded */
	assert_string_equal(rec.added_at, NOW1);
	assert_string_equal(rec.read_at, NOW1);
	/* get releases what 'rec' held before */
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, &err), 0);
	assert_string_equal(rec.ph.make, "Canon");
	capcat_record_release(&rec);
	capcat_photo_release(&ph);
	free(path);
}

static void test_catalog__unknown_values_stay_unknown(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_record rec;
	int64_t id, id2;

	minimal(&ph, "/x/plain.jpg", 42, 1000);
	id = put_new(f->cat, &ph);
	capcat_record_init(&rec);
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, NULL), 0);
	assert_null(rec.ph.taken);
	assert_null(rec.ph.make);
	assert_null(rec.ph.model);
	assert_null(rec.ph.lens);
	assert_null(rec.ph.warnings);
	assert_null(rec.thumb_source);
	assert_int_equal(rec.ph.has_offset, 0);
	assert_int_equal(rec.ph.has_gps, 0);
	assert_int_equal(rec.ph.has_alt, 0);
	assert_int_equal(rec.ph.width, 0);
	assert_int_equal(rec.ph.orientation, 0);
	assert_int_equal(rec.ph.iso, 0);
	assert_true(rec.ph.exposure_time == 0);
	assert_true(rec.ph.fingerprint == 42);
	capcat_photo_release(&ph);

	/* zero is a value when the flag says so: UTC, the equator, sea level */
	minimal(&ph, "/x/zero.jpg", 43, 1000);
	ph.has_offset = 1;
	ph.offset_min = 0;
	ph.has_gps = 1;
	ph.gps_lat = 0;
	ph.gps_lon = 0;
	ph.has_alt = 1;
	ph.gps_alt = 0;
	id2 = put_new(f->cat, &ph);
	assert_true(id2 != id);
	assert_int_equal(capcat_catalog_get(f->cat, id2, &rec, NULL), 0);
	assert_int_equal(rec.ph.has_offset, 1);
	assert_int_equal(rec.ph.offset_min, 0);
	assert_int_equal(rec.ph.has_gps, 1);
	assert_int_equal(rec.ph.has_alt, 1);
	assert_true(rec.ph.gps_lat == 0 && rec.ph.gps_lon == 0 && rec.ph.gps_alt == 0);
	capcat_record_release(&rec);
	capcat_photo_release(&ph);
}

static void test_catalog__lookup(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_known k = { 0 };
	int64_t id;

	minimal(&ph, "/photos/2024/a.jpg", 7, 31337);
	id = put_new(f->cat, &ph);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/photos/2024/a.jpg", &k, NULL), 0);
	assert_int_equal(k.id, id);
	assert_int_equal(k.size, 31337);
	assert_int_equal(k.mtime_ns, 1700000000123456789LL);
	assert_int_equal(k.missing, 0);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/photos/2024/b.jpg", &k, NULL),
			 CAPCAT_ENOTFOUND);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/photos/2024", &k, NULL),
			 CAPCAT_ENOTFOUND);
	/* a path with a quote is a value, not SQL */
	capcat_photo_release(&ph);
	minimal(&ph, "/photos/it's \"here\"; DROP TABLE photo;--.jpg", 8, 1);
	id = put_new(f->cat, &ph);
	assert_int_equal(capcat_catalog_lookup(f->cat, ph.path, &k, NULL), 0);
	assert_int_equal(k.id, id);
	capcat_photo_release(&ph);
}

static void test_catalog__update_keeps_id(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_record rec;
	struct capcat_known k;
	struct capcat_stats st;
	int64_t id, out = 0;

	full(&ph, "/old/place/p.jpg");
	id = put_new(f->cat, &ph);
	/* later, in a transaction of its own: moved, re-read, thumbnail gone */
	setenv("CAPCAT_NOW", NOW2, 1);
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	free(ph.path);
	ph.path = dup_or_null("/new/place/p.jpg");
	free(ph.make);
	ph.make = dup_or_null("Nikon");
	free(ph.thumb);
	ph.thumb = NULL;
	ph.thumb_len = 0;
	ph.has_gps = 0;
	assert_int_equal(capcat_catalog_put(f->cat, &ph, id, &out, NULL), 0);
	assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
	assert_int_equal(out, id);
	capcat_record_init(&rec);
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, NULL), 0);
	assert_string_equal(rec.ph.path, "/new/place/p.jpg");
	assert_string_equal(rec.ph.make, "Nikon");
	assert_int_equal(rec.ph.has_gps, 0);
	assert_null(rec.thumb_source);          /* the old exif thumbnail is gone */
	assert_string_equal(rec.added_at, NOW1);        /* kept */
	assert_string_equal(rec.read_at, NOW2);         /* refreshed */
	assert_int_equal(capcat_catalog_lookup(f->cat, "/old/place/p.jpg", &k, NULL),
			 CAPCAT_ENOTFOUND);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/new/place/p.jpg", &k, NULL), 0);
	assert_int_equal(k.id, id);
	assert_int_equal(capcat_catalog_stats(f->cat, &st, NULL), 0);
	assert_int_equal(st.photos, 1);
	capcat_stats_release(&st);
	capcat_record_release(&rec);
	capcat_photo_release(&ph);
}

static void test_catalog__update_marks_present(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_known k;
	int64_t id;

	minimal(&ph, "/a/b.jpg", 1, 10);
	id = put_new(f->cat, &ph);
	assert_int_equal(capcat_catalog_set_missing(f->cat, id, 1, NULL), 0);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/a/b.jpg", &k, NULL), 0);
	assert_int_equal(k.missing, 1);
	assert_int_equal(capcat_catalog_put(f->cat, &ph, id, NULL, NULL), 0);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/a/b.jpg", &k, NULL), 0);
	assert_int_equal(k.missing, 0);
	capcat_photo_release(&ph);
}

/* A person first met in a transaction rolled back is added again by the
 * next one: the catalog must not remember the id it had been given. */
static void test_catalog__rollback_forgets_new_people(void **state)
{
	struct fx *f = *state;
	struct capcat_photo a, b;
	struct capcat_record rec;
	int64_t id;

	minimal(&a, "/r/a.jpg", 5, 5);
	minimal(&b, "/r/b.jpg", 6, 6);
	assert_int_equal(capcat_meta_add(&a.meta, CAPCAT_F_PERSON, CAPCAT_SRC_XMP, "Ada Lovelace", 12), 0);
	assert_int_equal(capcat_meta_add(&b.meta, CAPCAT_F_PERSON, CAPCAT_SRC_XMP, "Ada Lovelace", 12), 0);
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	(void)put_new(f->cat, &a);
	capcat_catalog_rollback(f->cat);
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	id = put_new(f->cat, &b);
	(void)put_new(f->cat, &a);
	assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
	capcat_record_init(&rec);
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, NULL), 0);
	assert_int_equal(rec.npeople, 1);
	assert_string_equal(rec.people[0], "Ada Lovelace");
	capcat_record_release(&rec);
	capcat_photo_release(&a);
	capcat_photo_release(&b);
}

static int64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

/* In bulk mode the writer copies nothing into the database file itself:
 * that the file grows while the catalog holds the rows shows the thread
 * did it.  Foreign keys are not checked meanwhile (a thumbnail of a photo
 * that does not exist is taken, in a transaction rolled back), and are
 * again after _end(). */
static void test_catalog__bulk_mode(void **state)
{
	struct fx *f = *state;
	char path[64], *wal = tu_join(f->dir, "catalog.db-wal");
	int64_t before = file_size(f->db), after;
	struct capcat_known k;

	assert_int_equal(capcat_catalog_bulk_begin(f->cat, NULL), 0);
	assert_int_equal(capcat_catalog_bulk_begin(f->cat, NULL), 0);   /* once */
	for (int t = 0; t < 4; t++) {
		assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
		for (int i = 0; i < 300; i++) {
			struct capcat_photo ph;
			snprintf(path, sizeof(path), "/bg/%d/%03d.jpg", t, i);
			full(&ph, path);
			(void)put_new(f->cat, &ph);
			capcat_photo_release(&ph);
		}
		assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
	}
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	assert_int_equal(capcat_catalog_thumb_put(f->cat, 987654, "none", NULL, 0, 0, 0, NULL), 0);
	capcat_catalog_rollback(f->cat);
	capcat_catalog_bulk_end(f->cat);
	capcat_catalog_bulk_end(f->cat);        /* none running: a no-op */
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	assert_int_equal(capcat_catalog_thumb_put(f->cat, 987654, "none", NULL, 0, 0, 0, NULL),
			 CAPCAT_EDB);
	capcat_catalog_rollback(f->cat);
	after = file_size(f->db);
	assert_true(after > before + 300 * 1024);
	assert_true(file_size(wal) > 0);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/bg/3/299.jpg", &k, NULL), 0);
	free(wal);
}

/* A thumbnail of its own for photo n: a few pages, bytes that tell where
 * each came from. */
static void big_thumb(struct capcat_photo *ph, int n)
{
	size_t len = 5000 + (size_t)(n % 100) * 37;

	free(ph->thumb);
	ph->thumb = malloc(len);
	assert_non_null(ph->thumb);
	for (size_t k = 0; k < len; k++)
		ph->thumb[k] = (unsigned char)(n * 13 + (int)(k * 7));
	ph->thumb_len = len;
}

/* The catalog's VFS gathers a checkpoint's page writes to the database and
 * reads the WAL ahead: while an import's checkpoints run beside it, another
 * connection (SQLite's default VFS) reads every commit, and once the WAL
 * is emptied into the database every page of every thumbnail is there. */
static void test_catalog__checkpoints_copy_every_page(void **state)
{
	struct fx *f = *state;
	sqlite3 *raw = NULL;
	sqlite3_stmt *s = NULL;
	char path[64];
	int n = 0, ckpt_busy = -1, checked = 0;

	assert_int_equal(capcat_catalog_bulk_begin(f->cat, NULL), 0);
	assert_int_equal(sqlite3_open_v2(f->db, &raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	for (int t = 0; t < 3; t++) {
		assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
		for (int i = 0; i < 700; i++, n++) {
			struct capcat_photo ph;
			snprintf(path, sizeof(path), "/ck/%05d.jpg", n);
			full(&ph, path);
			big_thumb(&ph, n);
			(void)put_new(f->cat, &ph);
			capcat_photo_release(&ph);
		}
		assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
		assert_int_equal(raw_count(raw, "SELECT count(*) FROM photo WHERE path LIKE '/ck/%'"), n);
	}
	capcat_catalog_bulk_end(f->cat);        /* after its last checkpoint */
	assert_int_equal(sqlite3_wal_checkpoint_v2(raw, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
						   &ckpt_busy), SQLITE_OK);
	assert_int_equal(ckpt_busy, 0);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT p.path, t.jpeg FROM photo p JOIN thumbnail t"
					    " ON t.photo_id = p.id WHERE p.path LIKE '/ck/%'",
					    -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct capcat_photo want;
		int i = atoi((const char *)sqlite3_column_text(s, 0) + 4);
		memset(&want, 0, sizeof(want));
		big_thumb(&want, i);
		assert_int_equal(sqlite3_column_bytes(s, 1), (int)want.thumb_len);
		assert_memory_equal(sqlite3_column_blob(s, 1), want.thumb, want.thumb_len);
		free(want.thumb);
		checked++;
	}
	sqlite3_finalize(s);
	assert_int_equal(checked, n);
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM pragma_integrity_check"
				   " WHERE integrity_check = 'ok'"), 1);
	sqlite3_close(raw);
}

/* The import looks a path up again before storing it only when another
 * capcat committed meanwhile: the number changes with others' commits,
 * not with this handle's own. */
static void test_catalog__others_version(void **state)
{
	struct fx *f = *state;
	struct capcat_catalog *other = NULL;
	struct capcat_photo a, b;
	int64_t v;

	minimal(&a, "/v/a.jpg", 5, 5);
	minimal(&b, "/v/b.jpg", 6, 6);
	assert_int_equal(capcat_catalog_open(&other, f->db, NULL), 0);
	v = capcat_catalog_others_version(f->cat);
	assert_true(v >= 0);
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	(void)put_new(f->cat, &a);
	assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
	assert_int_equal(capcat_catalog_others_version(f->cat), v);
	assert_int_equal(capcat_catalog_begin(other, NULL), 0);
	(void)put_new(other, &b);
	assert_int_equal(capcat_catalog_commit(other, NULL), 0);
	assert_true(capcat_catalog_others_version(f->cat) != v);
	capcat_catalog_close(other);
	capcat_photo_release(&a);
	capcat_photo_release(&b);
}

/* The catalog's VFS gathers the WAL's writes: what a commit wrote is in
 * the WAL when the commit returns, for another connection (here SQLite's
 * default VFS) to read while the catalog stays open, through transactions
 * of a few pages and of many times the gathering buffer. */
static void test_catalog__commits_visible_to_others(void **state)
{
	struct fx *f = *state;
	sqlite3 *raw = NULL;
	char path[64];

	assert_int_equal(sqlite3_open_v2(f->db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (int t = 0, n = 1; t < 3; t++, n *= 40) {
		assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
		for (int i = 0; i < n; i++) {
			struct capcat_photo ph;
			snprintf(path, sizeof(path), "/seen/%d/%04d.jpg", t, i);
			full(&ph, path);
			(void)put_new(f->cat, &ph);
			capcat_photo_release(&ph);
		}
		assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
		snprintf(path, sizeof(path), "SELECT count(*) FROM photo WHERE path LIKE '/seen/%d/%%'",
			 t);
		assert_int_equal(raw_count(raw, path), n);
		assert_int_equal(raw_count(raw, "SELECT count(*) FROM thumbnail t JOIN photo p"
					   " ON p.id = t.photo_id WHERE p.path LIKE '/seen/%'"),
				 t == 0 ? 1 : t == 1 ? 41 : 1641);
	}
	assert_int_equal(raw_count(raw, "SELECT count(*) FROM pragma_integrity_check"
				   " WHERE integrity_check = 'ok'"), 1);
	sqlite3_close(raw);
}

static void test_catalog__rollback_discards(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_known k;

	minimal(&ph, "/r/rolled-back.jpg", 5, 5);
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	(void)put_new(f->cat, &ph);
	assert_int_equal(capcat_catalog_lookup(f->cat, ph.path, &k, NULL), 0);
	capcat_catalog_rollback(f->cat);
	assert_int_equal(capcat_catalog_lookup(f->cat, ph.path, &k, NULL), CAPCAT_ENOTFOUND);
	capcat_catalog_rollback(f->cat);        /* outside a transaction: harmless */
	assert_int_equal(capcat_catalog_begin(f->cat, NULL), 0);
	(void)put_new(f->cat, &ph);
	assert_int_equal(capcat_catalog_commit(f->cat, NULL), 0);
	assert_int_equal(capcat_catalog_lookup(f->cat, ph.path, &k, NULL), 0);
	capcat_photo_release(&ph);
}

static void test_catalog__find_moved(void **state)
{
	struct fx *f = *state;
	struct capcat_photo gone, here;
	char *gone_path = tu_join(f->dir, "gone.jpg"), *here_path = tu_join(f->dir, "here.jpg");
	int64_t gone_id, here_id, id = 0;

	tu_write_file(here_path, "x", 1);       /* this one's file exists */
	minimal(&gone, gone_path, 0xAAAA, 500);
	minimal(&here, here_path, 0xBBBB, 600);
	gone_id = put_new(f->cat, &gone);
	here_id = put_new(f->cat, &here);
	/* no longer at its path: moved */
	assert_int_equal(capcat_catalog_find_moved(f->cat, 0xAAAA, 500, &id, NULL), 0);
	assert_int_equal(id, gone_id);
	/* same fingerprint, other size: another file */
	assert_int_equal(capcat_catalog_find_moved(f->cat, 0xAAAA, 501, &id, NULL),
			 CAPCAT_ENOTFOUND);
	assert_int_equal(capcat_catalog_find_moved(f->cat, 0xCCCC, 500, &id, NULL),
			 CAPCAT_ENOTFOUND);
	/* still in place: a copy, not a move */
	id = 0;
	assert_int_equal(capcat_catalog_find_moved(f->cat, 0xBBBB, 600, &id, NULL),
			 CAPCAT_ENOTFOUND);
	/* marked missing: moved, even though something is at its path */
	assert_int_equal(capcat_catalog_set_missing(f->cat, here_id, 1, NULL), 0);
	assert_int_equal(capcat_catalog_find_moved(f->cat, 0xBBBB, 600, &id, NULL), 0);
	assert_int_equal(id, here_id);
	/* fingerprints with the top bit set match too */
	{
		struct capcat_photo big;
		char *p = tu_join(f->dir, "big-gone.jpg");
		int64_t big_id;
		minimal(&big, p, 0x8000000000000001ULL, 700);
		big_id = put_new(f->cat, &big);
		assert_int_equal(capcat_catalog_find_moved(f->cat, 0x8000000000000001ULL, 700,
							   &id, NULL), 0);
		assert_int_equal(id, big_id);
		capcat_photo_release(&big);
		free(p);
	}
	capcat_photo_release(&gone);
	capcat_photo_release(&here);
	free(gone_path);
	free(here_path);
}

static void test_catalog__set_missing(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_record rec;
	struct capcat_known k;
	int64_t id;

	minimal(&ph, "/m/one.jpg", 9, 9);
	id = put_new(f->cat, &ph);
	assert_int_equal(capcat_catalog_set_missing(f->cat, id, 1, NULL), 0);
	capcat_record_init(&rec);
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, NULL), 0);
	assert_int_equal(rec.missing, 1);
	assert_int_equal(capcat_catalog_lookup(f->cat, "/m/one.jpg", &k, NULL), 0);
	assert_int_equal(k.missing, 1);
	assert_int_equal(capcat_catalog_set_missing(f->cat, id, 0, NULL), 0);
	assert_int_equal(capcat_catalog_get(f->cat, id, &rec, NULL), 0);
	assert_int_equal(rec.missing, 0);
	capcat_record_release(&rec);
	capcat_photo_release(&ph);
}

struct seen {
	char paths[16][64];
	int n;
	int stop_after;         /* 0: never */
};

static int collect(void *payload, int64_t id, const char *path)
{
	struct seen *s = payload;

	assert_true(id > 0);
	assert_true(s->n < 16);
	snprintf(s->paths[s->n++], sizeof(s->paths[0]), "%s", path);
	return s->stop_after && s->n >= s->stop_after ? 77 : 0;
}

static int seen_has(const struct seen *s, const char *path)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->paths[i], path))
			return 1;
	return 0;
}

/* each_under and any_under: what the import lists to find vanished files
 * (and whether there is anything to list); is_empty. */
static void test_catalog__each_under(void **state)
{
	static const char *const paths[] = {
		"/x/a/1.jpg", "/x/a/sub/2.jpg", "/x/ab/3.jpg", "/x/a.jpg", "/x/a-b/4.jpg",
		"/y/5.jpg", "/x/a/gone.jpg",
	};
	struct fx *f = *state;
	struct capcat_photo ph;
	struct seen s;
	int64_t ids[7];
	int empty = -1;

	assert_int_equal(capcat_catalog_is_empty(f->cat, &empty, NULL), 0);
	assert_int_equal(empty, 1);
	for (int i = 0; i < 7; i++) {
		minimal(&ph, paths[i], (capcat_fingerprint)i + 1, 100);
		ids[i] = put_new(f->cat, &ph);
		capcat_photo_release(&ph);
	}
	assert_int_equal(capcat_catalog_set_missing(f->cat, ids[6], 1, NULL), 0);
	assert_int_equal(capcat_catalog_is_empty(f->cat, &empty, NULL), 0);
	assert_int_equal(empty, 0);

	/* a folder: itself and below, not a sibling that shares the prefix */
	memset(&s, 0, sizeof(s));
	assert_int_equal(capcat_catalog_each_under(f->cat, "/x/a", collect, &s, NULL), 0);
	assert_int_equal(s.n, 3);
	assert_true(seen_has(&s, "/x/a/1.jpg"));
	assert_true(seen_has(&s, "/x/a/sub/2.jpg"));
	assert_false(seen_has(&s, "/x/ab/3.jpg"));
	assert_false(seen_has(&s, "/x/a.jpg"));
	assert_true(seen_has(&s, "/x/a/gone.jpg"));     /* missing ones too */
	/* a trailing slash changes nothing */
	memset(&s, 0, sizeof(s));
	assert_int_equal(capcat_catalog_each_under(f->cat, "/x/a/", collect, &s, NULL), 0);
	assert_int_equal(s.n, 3);
	/* the sibling folder on its own */
	memset(&s, 0, sizeof(s));
	assert_int_equal(capcat_catalog_each_under(f->cat, "/x/ab", collect, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	assert_true(seen_has(&s, "/x/ab/3.jpg"));
	/* the root: every photo, present or missing */
	memset(&s, 0, sizeof(s));
	assert_int_equal(capcat_catalog_each_under(f->cat, "/", collect, &s, NULL), 0);
	assert_int_equal(s.n, 7);
	assert_true(seen_has(&s, "/y/5.jpg"));
	assert_true(seen_has(&s, "/x/a-b/4.jpg"));
	/* a file: itself */
	memset(&s, 0, sizeof(s));
	assert_int_equal(capcat_catalog_each_under(f->cat, "/x/a.jpg", collect, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	assert_true(seen_has(&s, "/x/a.jpg"));
	/* nothing there */
	memset(&s, 0, sizeof(s));
	assert_int_equal(capcat_catalog_each_under(f->cat, "/z", collect, &s, NULL), 0);
	assert_int_equal(s.n, 0);
	/* the callback stops the walk with its code */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_int_equal(capcat_catalog_each_under(f->cat, "/", collect, &s, NULL), 77);
	assert_int_equal(s.n, 1);

	/* any_under: the same ranges, present photos only */
	static const struct { const char *root; int any; } any[] = {
		{ "/x/a", 1 }, { "/x/a/", 1 }, { "/x/a.jpg", 1 }, { "/", 1 }, { "/y", 1 },
		{ "/z", 0 }, { "/x/a/gone.jpg", 0 }, { "/x/a/s", 0 }, { "/x/a/sub", 1 },
	};
	for (size_t i = 0; i < sizeof(any) / sizeof(any[0]); i++) {
		int got = -1;
		assert_int_equal(capcat_catalog_any_under(f->cat, any[i].root, &got, NULL), 0);
		assert_int_equal(got, any[i].any);
	}
}

static void test_catalog__other_files(void **state)
{
	struct fx *f = *state;
	const char *p = "/docs/readme.txt";
	int64_t size = 0, mtime = 0;

	assert_int_equal(capcat_catalog_other_get(f->cat, p, &size, &mtime, NULL), CAPCAT_ENOTFOUND);
	assert_int_equal(capcat_catalog_other_put(f->cat, p, 10, 1000, "text/plain", NULL), 0);
	assert_int_equal(capcat_catalog_other_get(f->cat, p, &size, &mtime, NULL), 0);
	assert_int_equal(size, 10);
	assert_int_equal(mtime, 1000);
	assert_int_equal(capcat_catalog_other_get(f->cat, "/docs/other.txt", &size, &mtime, NULL),
			 CAPCAT_ENOTFOUND);
	/* the file changed: put again replaces */
	assert_int_equal(capcat_catalog_other_put(f->cat, p, 12, 2000, NULL, NULL), 0);
	assert_int_equal(capcat_catalog_other_get(f->cat, p, &size, &mtime, NULL), 0);
	assert_int_equal(size, 12);
	assert_int_equal(mtime, 2000);
}

static void test_catalog__resolve(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	char *real = tu_join(f->dir, "real.jpg"), *link = tu_join(f->dir, "link.jpg");
	char cwd[PATH_MAX];
	int64_t id, got = 0;

	tu_write_file(real, "x", 1);
	assert_int_equal(symlink(real, link), 0);
	minimal(&ph, real, 3, 1);
	id = put_new(f->cat, &ph);
	/* by id */
	{
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)id);
		assert_int_equal(capcat_catalog_resolve(f->cat, num, &got, &err), 0);
		assert_int_equal(got, id);
	}
	/* by absolute path */
	got = 0;
	assert_int_equal(capcat_catalog_resolve(f->cat, real, &got, &err), 0);
	assert_int_equal(got, id);
	/* by a path with . and .. in it */
	{
		char *messy = tu_join(f->dir, "./sub/../real.jpg");
		got = 0;
		assert_int_equal(capcat_catalog_resolve(f->cat, messy, &got, &err), 0);
		assert_int_equal(got, id);
		free(messy);
	}
	/* through a symlink */
	got = 0;
	assert_int_equal(capcat_catalog_resolve(f->cat, link, &got, &err), 0);
	assert_int_equal(got, id);
	/* relative to the working folder */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	got = 0;
	assert_int_equal(capcat_catalog_resolve(f->cat, "real.jpg", &got, &err), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(got, id);
	/* unknown path */
	assert_int_equal(capcat_catalog_resolve(f->cat, "/no/such/photo.jpg", &got, &err),
			 CAPCAT_ENOTFOUND);
	assert_int_equal(err.code, CAPCAT_ENOTFOUND);
	assert_string_equal(err.path, "/no/such/photo.jpg");
	/* an id no photo has: "CAPCAT_ENOTFOUND when no photo matches" */
	{
		int rc = capcat_catalog_resolve(f->cat, "999999", &got, &err);
		assert_int_equal(rc, CAPCAT_ENOTFOUND);
	}
	/* the id lookup itself then fails cleanly */
	{
		struct capcat_record rec;
		capcat_record_init(&rec);
		assert_int_equal(capcat_catalog_get(f->cat, 999999, &rec, &err), CAPCAT_ENOTFOUND);
		capcat_record_release(&rec);
	}
	capcat_photo_release(&ph);
	free(real);
	free(link);
}

/* Between read_begin and read_end a handle sees one snapshot: what
 * another handle commits meanwhile shows only after read_end. */
static void test_catalog__read_snapshot(void **state)
{
	struct fx *f = *state;
	struct capcat_catalog *other = NULL;
	struct capcat_photo ph;
	struct capcat_stats st;
	struct capcat_err err = { 0 };

	minimal(&ph, "/r/a.jpg", 1, 10);
	(void)put_new(f->cat, &ph);
	capcat_photo_release(&ph);
	assert_int_equal(capcat_catalog_open(&other, f->db, &err), 0);

	assert_int_equal(capcat_catalog_read_begin(f->cat, &err), 0);
	assert_int_equal(capcat_catalog_stats(f->cat, &st, NULL), 0);
	assert_int_equal(st.photos, 1);
	capcat_stats_release(&st);
	/* a writer is not held up by the reader (WAL) */
	minimal(&ph, "/r/b.jpg", 2, 20);
	assert_int_equal(capcat_catalog_begin(other, &err), 0);
	(void)put_new(other, &ph);
	assert_int_equal(capcat_catalog_commit(other, &err), 0);
	capcat_photo_release(&ph);
	assert_int_equal(capcat_catalog_stats(f->cat, &st, NULL), 0);
	assert_int_equal(st.photos, 1);
	capcat_stats_release(&st);
	capcat_catalog_read_end(f->cat);

	assert_int_equal(capcat_catalog_stats(f->cat, &st, NULL), 0);
	assert_int_equal(st.photos, 2);
	capcat_stats_release(&st);
	capcat_catalog_read_end(f->cat);        /* none begun: a no-op */
	capcat_catalog_close(other);
}

/* Two capcats creating the same catalog at once: the second must not run
 * a migration the first has done ("table folder already exists"). */
struct opener {
	const char *db;
	pthread_barrier_t *start;
	int rc;
	struct capcat_err err;
};

static void *open_at_once(void *arg)
{
	struct opener *o = arg;
	struct capcat_catalog *cat = NULL;

	pthread_barrier_wait(o->start);
	o->rc = capcat_catalog_open(&cat, o->db, &o->err);
	capcat_catalog_close(cat);
	return NULL;
}

static void test_catalog__new_catalog_opened_twice_at_once(void **state)
{
	const char *dir = *state;
	char name[32];

	for (int round = 0; round < 8; round++) {
		struct opener o[2] = { { 0 } };
		pthread_barrier_t start;
		pthread_t t[2];
		char *db;

		snprintf(name, sizeof(name), "new-%d.db", round);
		db = tu_join(dir, name);
		assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
		for (int i = 0; i < 2; i++) {
			o[i].db = db;
			o[i].start = &start;
			assert_int_equal(pthread_create(&t[i], NULL, open_at_once, &o[i]), 0);
		}
		for (int i = 0; i < 2; i++) {
			pthread_join(t[i], NULL);
			if (o[i].rc)
				fail_msg("round %d, opener %d: %s", round, i, o[i].err.msg);
		}
		pthread_barrier_destroy(&start);
		free(db);
	}
}

static void test_catalog__stats(void **state)
{
	struct fx *f = *state;
	struct capcat_photo ph;
	struct capcat_stats st;
	int64_t id;

	/* empty */
	assert_int_equal(capcat_catalog_stats(f->cat, &st, NULL), 0);
	assert_int_equal(st.photos, 0);
	assert_int_equal(st.bytes, 0);
	assert_null(st.first_taken);
	assert_int_equal(st.nmime, 0);
	assert_int_equal(st.schema_version, CAPCAT_SCHEMA_VERSION);
	capcat_stats_release(&st);

	/* a full CR3 in /s/one, two plain JPEGs in /s/two, one of them missing */
	full(&ph, "/s/one/a.cr3");
	(void)put_new(f->cat, &ph);
	capcat_photo_release(&ph);
	minimal(&ph, "/s/two/b.jpg", 2, 1000);
	ph.taken = dup_or_null("2001-01-01T00:00:00");
	ph.make = dup_or_null("Canon");
	(void)put_new(f->cat, &ph);
	capcat_photo_release(&ph);
	minimal(&ph, "/s/two/c.jpg", 3, 24);
	id = put_new(f->cat, &ph);
	capcat_photo_release(&ph);
	assert_int_equal(capcat_catalog_set_missing(f->cat, id, 1, NULL), 0);

	assert_int_equal(capcat_catalog_stats(f->cat, &st, NULL), 0);
	assert_int_equal(st.schema_version, CAPCAT_SCHEMA_VERSION);
	assert_int_equal(st.photos, 2);
	assert_int_equal(st.missing, 1);
	assert_int_equal(st.folders, 2);
	assert_int_equal(st.bytes, 123456789012LL + 1000 + 24);
	assert_int_equal(st.with_gps, 1);
	assert_int_equal(st.with_date, 2);
	assert_int_equal(st.with_thumb, 1);
	assert_int_equal(st.with_warnings, 1);
	assert_string_equal(st.first_taken, "2001-01-01T00:00:00");
	assert_string_equal(st.last_taken, "2018-02-21T12:08:56");
	/* by count, most first */
	assert_int_equal(st.nmime, 2);
	assert_string_equal(st.by_mime[0].name, "image/jpeg");
	assert_int_equal(st.by_mime[0].n, 2);
	assert_string_equal(st.by_mime[1].name, "image/x-canon-cr3");
	assert_int_equal(st.by_mime[1].n, 1);
	assert_int_equal(st.nmake, 1);
	assert_string_equal(st.by_make[0].name, "Canon");
	assert_int_equal(st.by_make[0].n, 2);
	capcat_stats_release(&st);
	assert_int_equal(st.nmime, 0);
	assert_null(st.by_mime);
}

static void test_catalog__default_path(void **state)
{
	const char *keep[3] = { getenv("CAPCAT_CATALOG"), getenv("XDG_DATA_HOME"), getenv("HOME") };
	char *saved[3];
	char *p = NULL;

	(void)state;
	for (int i = 0; i < 3; i++)
		saved[i] = keep[i] ? strdup(keep[i]) : NULL;
	setenv("CAPCAT_CATALOG", "/c/cat.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(capcat_catalog_default_path(&p, NULL), 0);
	assert_string_equal(p, "/c/cat.db");
	free(p);
	unsetenv("CAPCAT_CATALOG");
	assert_int_equal(capcat_catalog_default_path(&p, NULL), 0);
	assert_string_equal(p, "/xdg/capcat/catalog.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	assert_int_equal(capcat_catalog_default_path(&p, NULL), 0);
	assert_string_equal(p, "/home/u/.local/share/capcat/catalog.db");
	free(p);
	unsetenv("HOME");
	p = NULL;
	assert_int_equal(capcat_catalog_default_path(&p, NULL), CAPCAT_EUSAGE);
	assert_null(p);
	if (saved[0]) setenv("CAPCAT_CATALOG", saved[0], 1);
	if (saved[1]) setenv("XDG_DATA_HOME", saved[1], 1);
	if (saved[2]) setenv("HOME", saved[2], 1);
	for (int i = 0; i < 3; i++)
		free(saved[i]);
}

#define FX(t) cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)
#define TMP(t) cmocka_unit_test_setup_teardown(t, tu_tmpdir_setup, tu_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TMP(test_catalog__open_creates_folders_and_schema),
		TMP(test_catalog__v6_checks_become_comparisons),
		TMP(test_catalog__v7_positions_move_to_an_index),
		TMP(test_catalog__v8_fingerprints_still_find_moves),
		TMP(test_catalog__newer_schema_refused),
		FX(test_catalog__deleted_by_hand),
		TMP(test_catalog__not_a_database_is_edb),
		FX(test_catalog__put_get_roundtrip_every_field),
		FX(test_catalog__unknown_values_stay_unknown),
		FX(test_catalog__lookup),
		FX(test_catalog__update_keeps_id),
		FX(test_catalog__update_marks_present),
		FX(test_catalog__bulk_mode),
		FX(test_catalog__checkpoints_copy_every_page),
		FX(test_catalog__others_version),
		FX(test_catalog__commits_visible_to_others),
		FX(test_catalog__rollback_discards),
		FX(test_catalog__rollback_forgets_new_people),
		FX(test_catalog__find_moved),
		FX(test_catalog__set_missing),
		FX(test_catalog__each_under),
		FX(test_catalog__other_files),
		FX(test_catalog__resolve),
		FX(test_catalog__stats),
		FX(test_catalog__read_snapshot),
		TMP(test_catalog__new_catalog_opened_twice_at_once),
		cmocka_unit_test(test_catalog__default_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
