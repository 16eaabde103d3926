/* catalog.c - the SQLite catalog: open, migrate, store and load photos. */
#include "capcat/catalog.h"
#include "catalog_int.h"
#include "capcat/facts.h"
#include "capcat/buf.h"
#include "capcat/util.h"
#include "sqlite_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

extern const char capcat_embed_schema_v1[];
extern const char capcat_embed_migration_2[];
extern const char capcat_embed_migration_3[];
extern const char capcat_embed_migration_4[];
extern const char capcat_embed_migration_5[];
extern const char capcat_embed_migration_6[];
extern const char capcat_embed_migration_7[];
extern const char capcat_embed_migration_8[];
extern const char capcat_embed_migration_9[];

/* Forward migrations: entry i upgrades a catalog of version i to i + 1.
 * Version 0 is an empty file; catalog/schema.sql is version 1 and each
 * catalog/migrations/NNNN-*.sql brings one more version. */
static const char *const migrations[] = {
	capcat_embed_schema_v1,
	capcat_embed_migration_2,
	capcat_embed_migration_3,
	capcat_embed_migration_4,
	capcat_embed_migration_5,
	capcat_embed_migration_6,
	capcat_embed_migration_7,
	capcat_embed_migration_8,
	capcat_embed_migration_9,
};
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == CAPCAT_SCHEMA_VERSION,
	       "one migration per schema version");

/* Page caches: 16 MiB, and 64 MiB while an import writes (bulk_begin). */
#define CACHE_SIZE "PRAGMA cache_size = -16384"
#define BULK_CACHE_SIZE "PRAGMA cache_size = -65536"

/* How long a writer waits for another before "the catalog is busy". */
#define BUSY_MS 10000

enum { ST_LOOKUP, ST_FOLDER_GET, ST_FOLDER_ADD, ST_INSERT, ST_UPDATE, ST_THUMB_PUT,
       ST_THUMB_DEL, ST_THUMB_DROP, ST_MOVED, ST_MOVED_V1, ST_HAS_V1, ST_MISSING, ST_OTHER_GET,
       ST_OTHER_PUT, ST_DATA_VERSION, ST_FIELD_DEL, ST_EFFECTIVE, ST_USER_DEL, ST_USER_ADD,
       ST_KEY_PRESENT, ST_PHOTO_ROW, ST_COUNT };

static const char *const stmt_sql[ST_COUNT] = {
	[ST_LOOKUP] = "SELECT id, size, mtime_ns, status = 'missing' FROM photo WHERE path = ?1",
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_FOLDER_GET] = "SELECT id FROM folder WHERE path = ?1",
	[ST_FOLDER_ADD] = "INSERT INTO folder(path) VALUES (?1)",
	[ST_INSERT] =
		"INSERT INTO photo(folder_id, path, name, size, mtime_ns, fingerprint, mime,"
		" width, height, orientation, taken, taken_offset, make, model, lens,"
		" exposure_time, fnumber, iso, focal_length, gps_lat, gps_lon, gps_alt,"
		" warnings, status, added_at, read_at, fingerprint_v1) VALUES (?1, ?2, ?3,"
		" ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
		" ?20, ?21, ?22, ?23, 'present', ?24, ?24, 0)",
	[ST_UPDATE] =
		"UPDATE photo SET folder_id = ?1, path = ?2, name = ?3, size = ?4,"
		" mtime_ns = ?5, fingerprint = ?6, mime = ?7, width = ?8, height = ?9,"
		" orientation = ?10, taken = ?11, taken_offset = ?12, make = ?13,"
		" model = ?14, lens = ?15, exposure_time = ?16, fnumber = ?17, iso = ?18,"
		" focal_length = ?19, gps_lat = ?20, gps_lon = ?21, gps_alt = ?22,"
		" warnings = ?23, status = 'present', read_at = ?24, fingerprint_v1 = 0"
		" WHERE id = ?25",
	/* an upsert: INSERT OR REPLACE costs two to three times an insert */
	[ST_THUMB_PUT] = "INSERT INTO thumbnail(photo_id, source, width, height, jpeg)"
			 " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(photo_id) DO UPDATE SET"
			 " source = excluded.source, width = excluded.width,"
			 " height = excluded.height, jpeg = excluded.jpeg",
	[ST_THUMB_DEL] = "DELETE FROM thumbnail WHERE photo_id = ?1 AND source <> 'made'",
	[ST_THUMB_DROP] = "DELETE FROM thumbnail WHERE photo_id = ?1",
	/* each candidate still present costs a stat(): a folder of thousands
	 * of copies of one file would cost a stat of every earlier copy for
	 * each new one.  Past 64 copies, which one moved is anyone's guess. */
	[ST_MOVED] = "SELECT id, path, status = 'missing' FROM photo"
		     " WHERE fingerprint = ?1 AND size = ?2 AND NOT fingerprint_v1"
		     " ORDER BY id LIMIT 64",
	[ST_MOVED_V1] = "SELECT id, path, status = 'missing' FROM photo"
			" WHERE fingerprint = ?1 AND size = ?2 AND fingerprint_v1"
			" ORDER BY id LIMIT 64",
	[ST_HAS_V1] = "SELECT 1 FROM photo WHERE fingerprint_v1 LIMIT 1",
	[ST_MISSING] = "UPDATE photo SET status = CASE WHEN ?2 THEN 'missing' ELSE 'present' END"
		       " WHERE id = ?1",
	[ST_KEY_PRESENT] = "UPDATE photo_key SET present = NOT ?2 WHERE id = ?1",
	[ST_OTHER_GET] = "SELECT size, mtime_ns FROM other_file WHERE path = ?1",
	[ST_OTHER_PUT] = "INSERT OR REPLACE INTO other_file(path, size, mtime_ns, mime)"
			 " VALUES (?1, ?2, ?3, ?4)",
	[ST_FIELD_DEL] = "DELETE FROM file_field WHERE photo_id = ?1",
	[ST_EFFECTIVE] = "SELECT field, source, value FROM photo_field WHERE photo_id = ?1"
			 " ORDER BY field, seq",
	[ST_USER_DEL] = "DELETE FROM user_field WHERE photo_id = ?1 AND field = ?2",
	[ST_USER_ADD] = "INSERT INTO user_field(photo_id, field, seq, value, edited_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_PHOTO_ROW] = "SELECT taken, gps_lat, gps_lon, status = 'present' FROM photo WHERE id = ?1",
};

_Static_assert((int)ST_COUNT <= (int)CAPCAT_SLOT_FACTS, "statement slots overlap");

static int db_err(struct capcat_catalog *cat, struct capcat_err *err, const char *what)
{
	return capcat_catalog__err(cat, err, what);
}

int capcat_catalog__err(struct capcat_catalog *cat, struct capcat_err *err, const char *what)
{
	int code = sqlite3_errcode(cat->db);
	int rc = (code == SQLITE_BUSY || code == SQLITE_LOCKED) ? CAPCAT_EBUSY : CAPCAT_EDB;

	if (rc == CAPCAT_EBUSY)
		return capcat_err_set(err, rc, "%s: the catalog is busy (another capcat is writing)", what);
	return capcat_err_set(err, rc, "%s: %s", what, sqlite3_errmsg(cat->db));
}

static sqlite3_stmt *stmt(struct capcat_catalog *cat, int which)
{
	return capcat_catalog__stmt(cat, which, stmt_sql[which]);
}

sqlite3_stmt *capcat_catalog__stmt(struct capcat_catalog *cat, int which, const char *sql)
{
	sqlite3_stmt *s = cat->st[which];

	if (!s && sqlite3_prepare_v3(cat->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				     &cat->st[which], NULL) == SQLITE_OK)
		s = cat->st[which];
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	return s;
}

int capcat_catalog_default_path(char **out, struct capcat_err *err)
{
	const char *env = getenv("CAPCAT_CATALOG"), *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *p = NULL;

	if (env && *env)
		p = strdup(env);
	else if (xdg && *xdg == '/')
		p = capcat_strjoin(xdg, "/capcat/catalog.db");
	else if (home && *home)
		p = capcat_strjoin(home, "/.local/share/capcat/catalog.db");
	else
		return capcat_err_set(err, CAPCAT_EUSAGE,
				      "no catalog: set --catalog, CAPCAT_CATALOG or HOME");
	if (!p)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	*out = p;
	return 0;
}

static int exec(struct capcat_catalog *cat, const char *sql, struct capcat_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(cat->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = db_err(cat, err, "catalog");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int capcat_catalog__exec(struct capcat_catalog *cat, const char *sql, struct capcat_err *err)
{
	return exec(cat, sql, err);
}

/* The integer a PRAGMA answers; -1 when it cannot be read. */
static int pragma_int(struct capcat_catalog *cat, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(cat->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int capcat_catalog_version(struct capcat_catalog *cat)
{
	return pragma_int(cat, "PRAGMA user_version");
}

/* Two capcats creating the same catalog at once both ask for WAL while
 * both hold a read lock: SQLite answers one of them SQLITE_BUSY at once
 * rather than wait for a deadlock, so that one waits here, for as long as
 * the busy timeout, until the other is done (WAL then needs no lock). */
static int set_wal(struct capcat_catalog *cat, struct capcat_err *err)
{
	int rc, waited = 0;

	while ((rc = sqlite3_exec(cat->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) ==
	       SQLITE_BUSY && waited < BUSY_MS) {
		sqlite3_sleep(10);
		waited += 10;
	}
	return rc == SQLITE_OK ? 0 : db_err(cat, err, "catalog");
}

static int check_version(struct capcat_catalog *cat, int v, struct capcat_err *err)
{
	if (v < 0)
		return db_err(cat, err, "cannot read the catalog version");
	if (v > CAPCAT_SCHEMA_VERSION)
		return capcat_err_set(err, CAPCAT_EDB, "catalog version %d is newer than this "
				      "capcat understands (%d)", v, CAPCAT_SCHEMA_VERSION);
	return 0;
}

/* A migration may edit table definitions in place (version 7): a new
 * schema version makes every connection, this one too, parse them again. */
static int bump_schema_version(struct capcat_catalog *cat, struct capcat_err *err)
{
	char sql[64];
	int v = pragma_int(cat, "PRAGMA schema_version");

	if (v < 0)
		return db_err(cat, err, "cannot read the schema version");
	snprintf(sql, sizeof(sql), "PRAGMA schema_version = %d", v + 1);
	return exec(cat, sql, err);
}

/* Bring the schema to CAPCAT_SCHEMA_VERSION, one step per transaction.
 * The version is read again once the write lock is held: another capcat
 * opening the same new catalog may have done the step meanwhile, and
 * running it twice fails ("table folder already exists"). */
static int migrate(struct capcat_catalog *cat, struct capcat_err *err)
{
	int v = capcat_catalog_version(cat), rc;
	char sql[64];

	if ((rc = check_version(cat, v, err)))
		return rc;
	while (v < CAPCAT_SCHEMA_VERSION) {
		if ((rc = exec(cat, "BEGIN IMMEDIATE", err)))
			return rc;
		v = capcat_catalog_version(cat);
		if ((rc = check_version(cat, v, err)))
			goto fail;
		if (v == CAPCAT_SCHEMA_VERSION)
			return exec(cat, "COMMIT", err);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((rc = exec(cat, migrations[v], err)) || (rc = exec(cat, sql, err)) ||
		    (rc = bump_schema_version(cat, err)) || (rc = exec(cat, "COMMIT", err)))
			goto fail;
		v++;
	}
	return 0;
fail:
	exec(cat, "ROLLBACK", NULL);
	return rc;
}

/* capcat_km(lat1, lon1, lat2, lon2): great-circle distance, for --near. */
static void sql_km(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const double r = 6371.0, d2r = M_PI / 180;
	double la1, lo1, la2, lo2, a;

	(void)argc;
	for (int i = 0; i < 4; i++)
		if (sqlite3_value_type(v[i]) == SQLITE_NULL) {
			sqlite3_result_null(ctx);
			return;
		}
	la1 = sqlite3_value_double(v[0]) * d2r;
	lo1 = sqlite3_value_double(v[1]) * d2r;
	la2 = sqlite3_value_double(v[2]) * d2r;
	lo2 = sqlite3_value_double(v[3]) * d2r;
	a = sin((la2 - la1) / 2) * sin((la2 - la1) / 2) +
	    cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) * sin((lo2 - lo1) / 2);
	sqlite3_result_double(ctx, 2 * r * atan2(sqrt(a), sqrt(1 - a)));
}

int capcat_catalog_open(struct capcat_catalog **out, const char *path,
			struct capcat_err *err)
{
	struct capcat_catalog *cat = calloc(1, sizeof(*cat));
	char *dir = NULL;
	int rc = 0;

	if (!cat)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	capcat_sqlite__setup();
	dir = capcat_path_dir(path);
	if (dir && strcmp(dir, ".") && capcat_mkdirs(dir) != 0) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, dir, "cannot create the catalog folder: %s",
					 strerror(errno));
		goto cleanup;
	}
	if (sqlite3_open_v2(path, &cat->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, capcat_sqlite__vfs()) != SQLITE_OK) {
		rc = capcat_err_set_path(err, CAPCAT_EDB, path, "cannot open the catalog: %s",
					 cat->db ? sqlite3_errmsg(cat->db) : "out of memory");
		goto cleanup;
	}
	sqlite3_busy_timeout(cat->db, BUSY_MS);
	sqlite3_create_function(cat->db, "capcat_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				sql_km, NULL, NULL);
	capcat_order__register(cat->db);
	capcat_search__register(cat->db);
	sqlite3_extended_result_codes(cat->db, 0);
	/* WAL: readers go on while an import writes; NORMAL: a crash loses at
	 * most the last transactions, never the catalog's integrity */
	if ((rc = set_wal(cat, err)) ||
	    (rc = exec(cat, "PRAGMA synchronous = NORMAL", err)) ||
	    (rc = exec(cat, CACHE_SIZE, err)) ||
	    (rc = exec(cat, "PRAGMA foreign_keys = ON", err)) ||
	    (rc = migrate(cat, err))) {
		if (err && !err->path[0])
			snprintf(err->path, sizeof(err->path), "%s", path);
		goto cleanup;
	}
	*out = cat;
	cat = NULL;
cleanup:
	free(dir);
	capcat_catalog_close(cat);
	return rc;
}

void capcat_catalog_close(struct capcat_catalog *cat)
{
	if (!cat)
		return;
	capcat_catalog_bulk_end(cat);
	for (int i = 0; i < CAPCAT_CATALOG_CACHED; i++)
		sqlite3_finalize(cat->st[i]);
	capcat_places_close(cat->places);
	sqlite3_close(cat->db);
	capcat_catalog__drop_pending(cat);
	free(cat->pending);
	capcat_catalog__forget_persons(cat);
	free(cat->persons);
	free(cat);
}

int capcat_catalog_bulk_begin(struct capcat_catalog *cat, struct capcat_err *err)
{
	int rc;

	if (cat->bulk)
		return 0;
	/* a larger page cache: an import inserts into a dozen indexes in
	 * random order; once their pages outgrew 16 MiB (50,000 photos) each
	 * insert read its page back from the WAL or the file: 100,000 photos
	 * took 9.2 s, 6.7 s with 64 MiB (peak RSS 62 -> 115 MiB) */
	if ((rc = exec(cat, "PRAGMA foreign_keys = OFF", err)) ||
	    (rc = exec(cat, BULK_CACHE_SIZE, err)) ||
	    (rc = capcat_catalog__checkpoints_start(cat, err))) {
		exec(cat, "PRAGMA foreign_keys = ON", NULL);
		exec(cat, CACHE_SIZE, NULL);
		return rc;
	}
	cat->bulk = 1;
	return 0;
}

void capcat_catalog_bulk_end(struct capcat_catalog *cat)
{
	if (!cat || !cat->bulk)
		return;
	capcat_catalog__checkpoints_stop(cat);
	(void)exec(cat, "PRAGMA foreign_keys = ON", NULL);
	(void)exec(cat, CACHE_SIZE, NULL);
	cat->bulk = 0;
}

int capcat_catalog_begin(struct capcat_catalog *cat, struct capcat_err *err)
{
	capcat_now_iso(cat->now);
	capcat_catalog__checkpoint_settle(cat);
	cat->order_dropped = 0;
	return exec(cat, "BEGIN IMMEDIATE", err);
}

int capcat_catalog_commit(struct capcat_catalog *cat, struct capcat_err *err)
{
	int rc = capcat_catalog__write_pending(cat, err);

	if (rc)
		return rc;
	/* the search order is a cache: when it cannot be rebuilt, search
	 * computes it, and the changes are committed all the same */
	(void)capcat_order__fill(cat, NULL);
	if ((rc = exec(cat, "COMMIT", err)))
		return rc;
	capcat_catalog__checkpoint_soon(cat);
	return 0;
}

void capcat_catalog_rollback(struct capcat_catalog *cat)
{
	capcat_catalog__drop_pending(cat);
	capcat_catalog__forget_persons(cat);
	if (!sqlite3_get_autocommit(cat->db))
		exec(cat, "ROLLBACK", NULL);
}

/* Deferred: the snapshot is taken by the first read. */
int capcat_catalog_read_begin(struct capcat_catalog *cat, struct capcat_err *err)
{
	return exec(cat, "BEGIN", err);
}

void capcat_catalog_read_end(struct capcat_catalog *cat)
{
	capcat_catalog_rollback(cat);   /* read only: nothing to keep */
}

int64_t capcat_catalog_others_version(struct capcat_catalog *cat)
{
	sqlite3_stmt *s = stmt(cat, ST_DATA_VERSION);
	int64_t v = -1;

	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return v;
}

int capcat_catalog_lookup(struct capcat_catalog *cat, const char *path,
			  struct capcat_known *out, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_LOOKUP);
	int step;

	if (!s || sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC) != SQLITE_OK)
		return db_err(cat, err, "lookup");
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		sqlite3_reset(s);
		return CAPCAT_ENOTFOUND;
	}
	if (step != SQLITE_ROW)
		return db_err(cat, err, "lookup");
	out->id = sqlite3_column_int64(s, 0);
	out->size = sqlite3_column_int64(s, 1);
	out->mtime_ns = sqlite3_column_int64(s, 2);
	out->missing = sqlite3_column_int(s, 3);
	sqlite3_reset(s);               /* 'path' is bound STATIC: unbind it now */
	return 0;
}

static int find_moved(struct capcat_catalog *cat, int which, capcat_fingerprint fp,
		      int64_t size, int64_t *id, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, which);
	int step, rc = CAPCAT_ENOTFOUND;

	if (!s || sqlite3_bind_int64(s, 1, (sqlite3_int64)fp) ||
	    sqlite3_bind_int64(s, 2, size))
		return db_err(cat, err, "find moved");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(s, 1);
		struct stat st;
		/* a copy leaves the original in place: that is a new photo */
		if (sqlite3_column_int(s, 2) || (old && stat(old, &st) != 0 && errno == ENOENT)) {
			*id = sqlite3_column_int64(s, 0);
			rc = 0;
			break;
		}
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_err(cat, err, "find moved");
	sqlite3_reset(s);
	return rc;
}

int capcat_catalog_find_moved(struct capcat_catalog *cat, capcat_fingerprint fp,
			      int64_t size, int64_t *id, struct capcat_err *err)
{
	return find_moved(cat, ST_MOVED, fp, size, id, err);
}

int capcat_catalog_find_moved_v1(struct capcat_catalog *cat, capcat_fingerprint fp,
				 int64_t size, int64_t *id, struct capcat_err *err)
{
	return find_moved(cat, ST_MOVED_V1, fp, size, id, err);
}

int capcat_catalog_has_v1_fingerprints(struct capcat_catalog *cat, int *yes,
				       struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_HAS_V1);
	int step, rc = 0;

	if (!s)
		return db_err(cat, err, "fingerprints");
	step = sqlite3_step(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_err(cat, err, "fingerprints");
	*yes = step == SQLITE_ROW;
	sqlite3_reset(s);
	return rc;
}

static int folder_id(struct capcat_catalog *cat, const char *path, int64_t *id,
		     struct capcat_err *err)
{
	char *dir = capcat_path_dir(path);
	sqlite3_stmt *s;
	int rc = 0;

	if (!dir)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	s = stmt(cat, ST_FOLDER_GET);
	if (!s || sqlite3_bind_text(s, 1, dir, -1, SQLITE_TRANSIENT)) {
		rc = db_err(cat, err, "folder");
		goto cleanup;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		goto cleanup;
	}
	s = stmt(cat, ST_FOLDER_ADD);
	if (!s || sqlite3_bind_text(s, 1, dir, -1, SQLITE_TRANSIENT) ||
	    sqlite3_step(s) != SQLITE_DONE) {
		rc = db_err(cat, err, "folder");
		goto cleanup;
	}
	*id = sqlite3_last_insert_rowid(cat->db);
cleanup:
	if (s)
		sqlite3_reset(s);
	free(dir);
	return rc;
}

/* Values of the statements that store a photo are bound SQLITE_STATIC
 * (not copied): each statement is stepped to its end before the caller
 * can free what it bound, and capcat_catalog__stmt() clears the bindings
 * before the next use.  Copying them was a malloc, a copy and a free for
 * every value of every photo. */
static int bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

static int bind_pos_double(sqlite3_stmt *s, int i, double v)
{
	return v > 0 ? sqlite3_bind_double(s, i, v) : sqlite3_bind_null(s, i);
}

static int bind_pos_int(sqlite3_stmt *s, int i, int64_t v)
{
	return v > 0 ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i);
}

/* ?1..?24 of ST_INSERT and ST_UPDATE are the same values. */
static int bind_photo(sqlite3_stmt *s, const struct capcat_photo *ph, int64_t folder,
		      const char *now)
{
	const char *name = strrchr(ph->path, '/');
	int r = 0;

	r |= sqlite3_bind_int64(s, 1, folder);
	r |= sqlite3_bind_text(s, 2, ph->path, -1, SQLITE_STATIC);
	r |= sqlite3_bind_text(s, 3, name ? name + 1 : ph->path, -1, SQLITE_STATIC);
	r |= sqlite3_bind_int64(s, 4, ph->size);
	r |= sqlite3_bind_int64(s, 5, ph->mtime_ns);
	r |= sqlite3_bind_int64(s, 6, (sqlite3_int64)ph->fingerprint);
	r |= sqlite3_bind_text(s, 7, ph->mime ? ph->mime : "application/octet-stream", -1,
			       SQLITE_STATIC);
	r |= bind_pos_int(s, 8, ph->width);
	r |= bind_pos_int(s, 9, ph->height);
	r |= bind_pos_int(s, 10, ph->orientation);
	r |= bind_text_or_null(s, 11, ph->taken);
	r |= ph->has_offset ? sqlite3_bind_int(s, 12, ph->offset_min) : sqlite3_bind_null(s, 12);
	r |= bind_text_or_null(s, 13, ph->make);
	r |= bind_text_or_null(s, 14, ph->model);
	r |= bind_text_or_null(s, 15, ph->lens);
	r |= bind_pos_double(s, 16, ph->exposure_time);
	r |= bind_pos_double(s, 17, ph->fnumber);
	r |= bind_pos_int(s, 18, ph->iso);
	r |= bind_pos_double(s, 19, ph->focal_length);
	r |= ph->has_gps ? sqlite3_bind_double(s, 20, ph->gps_lat) : sqlite3_bind_null(s, 20);
	r |= ph->has_gps ? sqlite3_bind_double(s, 21, ph->gps_lon) : sqlite3_bind_null(s, 21);
	r |= ph->has_alt ? sqlite3_bind_double(s, 22, ph->gps_alt) : sqlite3_bind_null(s, 22);
	r |= bind_text_or_null(s, 23, ph->warnings);
	r |= sqlite3_bind_text(s, 24, now, -1, SQLITE_STATIC);
	return r;
}

static int put_fields(struct capcat_catalog *cat, const struct capcat_meta *m, int64_t id,
		      int is_new, struct capcat_err *err);
static int refresh_put(struct capcat_catalog *cat, int64_t id, int is_new,
		       const struct capcat_photo *ph, const struct capcat_facts *facts,
		       struct capcat_err *err);

static int put_thumb(struct capcat_catalog *cat, const struct capcat_photo *ph, int64_t id,
		     int is_new, struct capcat_err *err)
{
	sqlite3_stmt *s = is_new ? NULL : stmt(cat, ST_THUMB_DEL);

	/* a thumbnail capcat made itself stays; the file's own is re-read */
	if (!is_new && (!s || sqlite3_bind_int64(s, 1, id) || sqlite3_step(s) != SQLITE_DONE))
		return db_err(cat, err, "thumbnail");
	if (!ph->thumb)
		return 0;
	s = stmt(cat, ST_THUMB_PUT);
	if (!s || sqlite3_bind_int64(s, 1, id) ||
	    sqlite3_bind_text(s, 2, "exif", -1, SQLITE_STATIC) ||
	    bind_pos_int(s, 3, ph->thumb_width) || bind_pos_int(s, 4, ph->thumb_height) ||
	    sqlite3_bind_blob(s, 5, ph->thumb, (int)ph->thumb_len, SQLITE_STATIC) ||
	    sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "thumbnail");
	return 0;
}

int capcat_catalog_put(struct capcat_catalog *cat, const struct capcat_photo *ph,
		       int64_t id, int64_t *out_id, struct capcat_err *err)
{
	return capcat_catalog_put_facts(cat, ph, NULL, id, out_id, err);
}

int capcat_catalog_put_facts(struct capcat_catalog *cat, const struct capcat_photo *ph,
			     const struct capcat_facts *facts, int64_t id, int64_t *out_id,
			     struct capcat_err *err)
{
	sqlite3_stmt *s;
	int64_t folder = 0;
	int rc, is_new;

	if (!cat->now[0])
		capcat_now_iso(cat->now);
	if ((rc = folder_id(cat, ph->path, &folder, err)))
		return rc;
	s = stmt(cat, id ? ST_UPDATE : ST_INSERT);
	if (!s || bind_photo(s, ph, folder, cat->now) ||
	    (id && sqlite3_bind_int64(s, 25, id)) || sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, ph->path);
	if (id && sqlite3_changes(cat->db) != 1)
		return capcat_err_set(err, CAPCAT_ENOTFOUND, "no photo with id %lld", (long long)id);
	is_new = !id;
	if (!id)
		id = sqlite3_last_insert_rowid(cat->db);
	sqlite3_reset(s);
	if ((rc = put_thumb(cat, ph, id, is_new, err)) ||
	    (rc = put_fields(cat, &ph->meta, id, is_new, err)))
		return rc;
	if ((rc = refresh_put(cat, id, is_new, ph, facts, err)))
		return rc;
	if (out_id)
		*out_id = id;
	return 0;
}

int capcat_catalog_other_get(struct capcat_catalog *cat, const char *path, int64_t *size,
			     int64_t *mtime_ns, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_OTHER_GET);
	int step;

	if (!s || sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC))
		return db_err(cat, err, "lookup");
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*size = sqlite3_column_int64(s, 0);
		*mtime_ns = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);               /* unbinds nothing, but ends the read */
	if (step == SQLITE_ROW)
		return 0;
	if (step == SQLITE_DONE)
		return CAPCAT_ENOTFOUND;
	return db_err(cat, err, "lookup");
}

int capcat_catalog_other_put(struct capcat_catalog *cat, const char *path, int64_t size,
			     int64_t mtime_ns, const char *mime, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_OTHER_PUT);

	if (!s || sqlite3_bind_text(s, 1, path, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_int64(s, 2, size) || sqlite3_bind_int64(s, 3, mtime_ns) ||
	    sqlite3_bind_text(s, 4, mime ? mime : "application/octet-stream", -1,
			      SQLITE_TRANSIENT) ||
	    sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "remember file");
	sqlite3_reset(s);
	return 0;
}

int capcat_catalog_set_missing(struct capcat_catalog *cat, int64_t id, int missing,
			       struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_MISSING);

	if (!s || sqlite3_bind_int64(s, 1, id) || sqlite3_bind_int(s, 2, missing) ||
	    sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "mark missing");
	s = stmt(cat, ST_KEY_PRESENT);
	if (!s || sqlite3_bind_int64(s, 1, id) || sqlite3_bind_int(s, 2, missing) ||
	    sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "mark missing");
	sqlite3_reset(s);
	return 0;
}

/* 'what' of the photos at or under 'root' where 'cond', prepared: a range
 * of the unique path index, root itself and root + "/...". */
static int under_stmt(struct capcat_catalog *cat, const char *what, const char *cond,
		      const char *root, sqlite3_stmt **out, struct capcat_err *err)
{
	char sql[256];
	size_t n = strlen(root);

	while (n > 0 && root[n - 1] == '/')
		n--;                    /* "/" becomes "": every absolute path */
	snprintf(sql, sizeof(sql), "SELECT %s FROM photo WHERE %s"
		 " (path = ?1 OR (path > ?1 || '/' AND path < ?1 || '0'))", what, cond);
	if (sqlite3_prepare_v2(cat->db, sql, -1, out, NULL) ||
	    sqlite3_bind_text(*out, 1, root, (int)n, SQLITE_TRANSIENT))
		return db_err(cat, err, "list folder");
	return 0;
}

int capcat_catalog_each_under(struct capcat_catalog *cat, const char *root,
			      int (*fn)(void *payload, int64_t id, const char *path),
			      void *payload, struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, rc = under_stmt(cat, "id, path", "", root, &s, err);

	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = fn(payload, sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1));
	if (!rc && step != SQLITE_DONE)
		rc = db_err(cat, err, "list folder");
	sqlite3_finalize(s);
	return rc;
}

int capcat_catalog_is_empty(struct capcat_catalog *cat, int *empty, struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*empty = 0;
	if (sqlite3_prepare_v2(cat->db, "SELECT 1 FROM photo LIMIT 1", -1, &s, NULL))
		return db_err(cat, err, "count photos");
	if ((step = sqlite3_step(s)) == SQLITE_DONE)
		*empty = 1;
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : db_err(cat, err, "count photos");
}

int capcat_catalog_any_under(struct capcat_catalog *cat, const char *root, int *any,
			     struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, rc = under_stmt(cat, "1", "status = 'present' AND", root, &s, err);

	*any = 0;
	if (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
		*any = 1;
	else if (!rc && step != SQLITE_DONE)
		rc = db_err(cat, err, "list folder");
	sqlite3_finalize(s);
	return rc;
}

void capcat_record_init(struct capcat_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	capcat_photo_init(&rec->ph);
	capcat_meta_init(&rec->fields);
	capcat_credit_init(&rec->credit);
}

void capcat_record_release(struct capcat_record *rec)
{
	capcat_photo_release(&rec->ph);
	capcat_meta_release(&rec->fields);
	capcat_credit_release(&rec->credit);
	free(rec->credit_origin);
	for (size_t i = 0; i < rec->npeople; i++)
		free(rec->people[i]);
	free(rec->people);
	for (size_t i = 0; i < rec->nplaces; i++) {
		struct capcat_record_place *p = &rec->places[i];
		free(p->text); free(p->name); free(p->region); free(p->country);
		free(p->country_code); free(p->role); free(p->origin);
	}
	free(rec->places);
	free(rec->caption_date);
	free(rec->thumb_source);
	free(rec->added_at);
	free(rec->read_at);
	capcat_record_init(rec);
}

/* Reads of one record run for every photo an export or a search prints:
 * their statements are prepared once per handle. */
static sqlite3_stmt *record_stmt(struct capcat_catalog *cat, int which, const char *sql)
{
	return capcat_catalog__stmt(cat, CAPCAT_SLOT_RECORD + which, sql);
}

static int photo_exists(struct capcat_catalog *cat, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int found;

	if (!(s = record_stmt(cat, 0, "SELECT 1 FROM photo WHERE id = ?1")) ||
	    sqlite3_bind_int64(s, 1, id)) {
		sqlite3_reset(s);
		return 0;
	}
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

int capcat_catalog_resolve(struct capcat_catalog *cat, const char *photo,
			   int64_t *id, struct capcat_err *err)
{
	struct capcat_known k;
	char *end = NULL, *abs;
	long long n;
	int rc;

	errno = 0;
	n = strtoll(photo, &end, 10);
	if (*photo && end && !*end && !errno && n > 0 && photo_exists(cat, n)) {
		*id = n;
		return 0;
	}
	abs = capcat_path_abs(photo);
	if (!abs)
		return capcat_err_set_path(err, CAPCAT_ENOMEM, photo, "out of memory");
	rc = capcat_catalog_lookup(cat, abs, &k, err);
	if (rc == CAPCAT_ENOTFOUND) {
		/* the user may name it through a symlink or a relative path */
		char *real = realpath(photo, NULL);
		if (real && strcmp(real, abs))
			rc = capcat_catalog_lookup(cat, real, &k, err);
		free(real);
	}
	free(abs);
	if (rc == CAPCAT_ENOTFOUND)
		return capcat_err_set_path(err, rc, photo, "not in the catalog");
	if (rc)
		return rc;
	*id = k.id;
	return 0;
}

static int col_str(sqlite3_stmt *s, int i, char **out)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	if (!v)
		return 0;
	*out = strdup(v);
	return *out ? 0 : CAPCAT_ENOMEM;
}

static double col_pos(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? 0 : sqlite3_column_double(s, i);
}

static int load_row(sqlite3_stmt *s, struct capcat_record *rec)
{
	struct capcat_photo *ph = &rec->ph;
	int r = 0;

	rec->id = sqlite3_column_int64(s, 0);
	r |= col_str(s, 1, &ph->path);
	ph->size = sqlite3_column_int64(s, 2);
	ph->mtime_ns = sqlite3_column_int64(s, 3);
	ph->fingerprint = (capcat_fingerprint)sqlite3_column_int64(s, 4);
	r |= col_str(s, 5, &ph->mime);
	ph->width = sqlite3_column_int(s, 6);
	ph->height = sqlite3_column_int(s, 7);
	ph->orientation = sqlite3_column_int(s, 8);
	r |= col_str(s, 9, &ph->taken);
	ph->has_offset = sqlite3_column_type(s, 10) != SQLITE_NULL;
	ph->offset_min = sqlite3_column_int(s, 10);
	r |= col_str(s, 11, &ph->make);
	r |= col_str(s, 12, &ph->model);
	r |= col_str(s, 13, &ph->lens);
	ph->exposure_time = col_pos(s, 14);
	ph->fnumber = col_pos(s, 15);
	ph->iso = sqlite3_column_int(s, 16);
	ph->focal_length = col_pos(s, 17);
	ph->has_gps = sqlite3_column_type(s, 18) != SQLITE_NULL;
	ph->gps_lat = sqlite3_column_double(s, 18);
	ph->gps_lon = sqlite3_column_double(s, 19);
	ph->has_alt = sqlite3_column_type(s, 20) != SQLITE_NULL;
	ph->gps_alt = sqlite3_column_double(s, 20);
	r |= col_str(s, 21, &ph->warnings);
	rec->missing = sqlite3_column_int(s, 22);
	r |= col_str(s, 23, &rec->added_at);
	r |= col_str(s, 24, &rec->read_at);
	r |= col_str(s, 25, &rec->thumb_source);
	rec->thumb_width = sqlite3_column_int(s, 26);
	rec->thumb_height = sqlite3_column_int(s, 27);
	return r ? CAPCAT_ENOMEM : 0;
}

static int load_credit(struct capcat_catalog *cat, int64_t id, struct capcat_record *rec,
		       struct capcat_err *err);
static int load_effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			  struct capcat_err *err);
static int load_facts(struct capcat_catalog *cat, int64_t id, struct capcat_record *rec,
		      struct capcat_err *err);

int capcat_catalog_get(struct capcat_catalog *cat, int64_t id,
		       struct capcat_record *out, struct capcat_err *err)
{
	static const char sql[] =
		"SELECT p.id, path, size, mtime_ns, fingerprint, mime, p.width, p.height,"
		" orientation, taken, taken_offset, make, model, lens, exposure_time,"
		" fnumber, iso, focal_length, gps_lat, gps_lon, gps_alt, warnings,"
		" status = 'missing', added_at, read_at, t.source, t.width, t.height"
		" FROM photo p LEFT JOIN thumbnail t ON t.photo_id = p.id"
		" WHERE p.id = ?1";
	sqlite3_stmt *s = NULL;
	int step, rc = 0;

	capcat_record_release(out);
	if (!(s = record_stmt(cat, 1, sql)) || sqlite3_bind_int64(s, 1, id)) {
		rc = db_err(cat, err, "show");
		goto cleanup;
	}
	step = sqlite3_step(s);
	if (step == SQLITE_DONE)
		rc = capcat_err_set(err, CAPCAT_ENOTFOUND, "no photo with id %lld", (long long)id);
	else if (step != SQLITE_ROW)
		rc = db_err(cat, err, "show");
	else if (load_row(s, out))
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	if (!rc)
		rc = load_effective(cat, id, &out->fields, err);
	if (!rc)
		rc = load_credit(cat, id, out, err);
	if (!rc)
		rc = load_facts(cat, id, out, err);
cleanup:
	sqlite3_reset(s);
	return rc;
}

static int count_list(struct capcat_catalog *cat, const char *sql,
		      struct capcat_count **out, size_t *n, struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(cat->db, sql, -1, &s, NULL))
		return db_err(cat, err, "stats");
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct capcat_count *p = realloc(*out, (*n + 1) * sizeof(**out));
		if (!p) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			break;
		}
		*out = p;
		p[*n].name = NULL;
		p[*n].n = sqlite3_column_int64(s, 1);
		if (col_str(s, 0, &p[*n].name)) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			break;
		}
		(*n)++;
	}
	sqlite3_finalize(s);
	return rc;
}

int capcat_catalog_stats(struct capcat_catalog *cat, struct capcat_stats *out,
			 struct capcat_err *err)
{
	static const char sql[] =
		"SELECT count(*) FILTER (WHERE status = 'present'),"
		" count(*) FILTER (WHERE status = 'missing'),"
		" count(gps_lat), count(taken),"
		" (SELECT count(*) FROM thumbnail WHERE source <> 'none'),"
		" count(warnings), (SELECT count(*) FROM folder),"
		" coalesce(sum(size), 0), min(taken), max(taken) FROM photo";
	sqlite3_stmt *s = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->schema_version = capcat_catalog_version(cat);
	if (sqlite3_prepare_v2(cat->db, sql, -1, &s, NULL) || sqlite3_step(s) != SQLITE_ROW) {
		rc = db_err(cat, err, "stats");
		goto cleanup;
	}
	out->photos = sqlite3_column_int64(s, 0);
	out->missing = sqlite3_column_int64(s, 1);
	out->with_gps = sqlite3_column_int64(s, 2);
	out->with_date = sqlite3_column_int64(s, 3);
	out->with_thumb = sqlite3_column_int64(s, 4);
	out->with_warnings = sqlite3_column_int64(s, 5);
	out->folders = sqlite3_column_int64(s, 6);
	out->bytes = sqlite3_column_int64(s, 7);
	if (col_str(s, 8, &out->first_taken) || col_str(s, 9, &out->last_taken)) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	rc = count_list(cat, "SELECT mime, count(*) FROM photo GROUP BY mime"
			" ORDER BY count(*) DESC, mime", &out->by_mime, &out->nmime, err);
	if (!rc)
		rc = count_list(cat, "SELECT make, count(*) FROM photo WHERE make IS NOT NULL"
				" GROUP BY make ORDER BY count(*) DESC, make LIMIT 10",
				&out->by_make, &out->nmake, err);
cleanup:
	sqlite3_finalize(s);
	return rc;
}

void capcat_stats_release(struct capcat_stats *st)
{
	for (size_t i = 0; i < st->nmime; i++)
		free(st->by_mime[i].name);
	for (size_t i = 0; i < st->nmake; i++)
		free(st->by_make[i].name);
	free(st->by_mime);
	free(st->by_make);
	free(st->first_taken);
	free(st->last_taken);
	memset(st, 0, sizeof(*st));
}

/* ---- descriptive fields and credits ---- */

/* Run a one-id statement to completion (the DELETEs). */
static int step_id(struct capcat_catalog *cat, int which, int64_t id, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, which);

	if (!s || sqlite3_bind_int64(s, 1, id) || sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "update");
	sqlite3_reset(s);
	return 0;
}

sqlite3_stmt *capcat_catalog__rows_stmt(struct capcat_catalog *cat, int slot, const char *head,
					int ncols, int nrows)
{
	struct capcat_buf sql = CAPCAT_BUF_INIT;
	sqlite3_stmt *s = cat->st[slot + nrows - 1];

	if (s)
		return capcat_catalog__stmt(cat, slot + nrows - 1, NULL);
	capcat_buf_adds(&sql, head);
	capcat_buf_adds(&sql, " VALUES ");
	for (int r = 0; r < nrows; r++)
		for (int c = 0; c < ncols; c++)
			capcat_buf_adds(&sql, c ? ",?" : r ? "),(?" : "(?");
	if (!capcat_buf_addch(&sql, ')'))
		s = capcat_catalog__stmt(cat, slot + nrows - 1, sql.data);
	capcat_buf_release(&sql);
	return s;
}

/* A photo has 7 file_field rows on average: 8 a statement at most.
 * (field, source, seq) is unique in a capcat_meta (seq counts the values
 * of a field and source), so INSERT OR IGNORE never ignores a row. */
#define FIELD_ROWS 8

/* What the file says, every copy, with the MWG winner of each field marked. */
static int put_fields(struct capcat_catalog *cat, const struct capcat_meta *m, int64_t id,
		      int is_new, struct capcat_err *err)
{
	enum capcat_source chosen[CAPCAT_F_COUNT];
	unsigned char known[CAPCAT_F_COUNT] = { 0 };    /* chosen[f] worked out */
	int rc = is_new ? 0 : step_id(cat, ST_FIELD_DEL, id, err);

	for (size_t i = 0; !rc && i < m->n;) {
		int n = m->n - i < FIELD_ROWS ? (int)(m->n - i) : FIELD_ROWS, b = 0;
		sqlite3_stmt *s = capcat_catalog__rows_stmt(cat, CAPCAT_SLOT_FIELDS,
				"INSERT OR IGNORE INTO file_field(photo_id, field, source, seq, value, chosen)",
				6, n);
		for (int r = 0; s && r < n; r++, i++) {
			const struct capcat_meta_value *v = &m->v[i];
			if (!known[v->field]) {         /* only the fields the photo has */
				capcat_meta_effective(m, v->field, NULL, 0, &chosen[v->field]);
				known[v->field] = 1;
			}
			if (sqlite3_bind_int64(s, ++b, id) ||
			    sqlite3_bind_text(s, ++b, capcat_field_name(v->field), -1, SQLITE_STATIC) ||
			    sqlite3_bind_text(s, ++b, capcat_source_name(v->source), -1, SQLITE_STATIC) ||
			    sqlite3_bind_int(s, ++b, v->seq) ||
			    sqlite3_bind_text(s, ++b, v->value, -1, SQLITE_STATIC) ||
			    sqlite3_bind_int(s, ++b, chosen[v->field] == v->source))
				s = NULL;
		}
		if (!s || sqlite3_step(s) != SQLITE_DONE)
			rc = db_err(cat, err, "store fields");
	}
	return rc;
}

/* The effective fields of a photo (user edits over file values). */
static int load_effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			  struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_EFFECTIVE);
	int step, rc = 0;

	if (!s || sqlite3_bind_int64(s, 1, id))
		return db_err(cat, err, "load fields");
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		int f = capcat_field_from_name((const char *)sqlite3_column_text(s, 0));
		int src = capcat_source_from_name((const char *)sqlite3_column_text(s, 1));
		const char *v = (const char *)sqlite3_column_text(s, 2);
		if (f < 0 || src < 0 || !v)
			continue;
		/* a user's empty value clears the field: keep it as a marker */
		if (!*v)
			v = "";
		rc = *v ? capcat_meta_add(out, (enum capcat_field)f, (enum capcat_source)src, v, strlen(v))
			: 0;
		if (rc)
			rc = capcat_err_set(err, rc, "out of memory");
	}
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = db_err(cat, err, "load fields");
	sqlite3_reset(s);
	return rc;
}

/* Rebuild the derived rows of photo 'id' from its effective fields as
 * stored: after an edit, or a re-read of a photo that has edits. */
static int refresh_id(struct capcat_catalog *cat, int64_t id, struct capcat_err *err)
{
	struct capcat_row_key key = { 0, NULL, 1 };
	sqlite3_stmt *s = stmt(cat, ST_PHOTO_ROW);
	struct capcat_meta eff;
	struct capcat_facts f;
	char *taken = NULL;
	int has_gps = 0, rc = 0;
	double lat = 0, lon = 0;

	if (!s || sqlite3_bind_int64(s, 1, id))
		return db_err(cat, err, "facts");
	if (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		if (t && !(taken = strdup((const char *)t)))
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		has_gps = sqlite3_column_type(s, 1) != SQLITE_NULL;
		lat = sqlite3_column_double(s, 1);
		lon = sqlite3_column_double(s, 2);
		key.present = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	key.taken = taken;
	capcat_meta_init(&eff);
	capcat_facts_init(&f);
	if (!rc)
		rc = load_effective(cat, id, &eff, err);
	if (!rc)
		rc = capcat_facts_derive(&f, &eff, taken, has_gps, lat, lon,
					 capcat_catalog__places(cat, NULL), err);
	if (!rc)
		rc = capcat_catalog__put_rows(cat, id, &f, &key, err);
	capcat_facts_release(&f);
	capcat_meta_release(&eff);
	free(taken);
	return rc;
}

int capcat_catalog_refresh(struct capcat_catalog *cat, int64_t id, struct capcat_err *err)
{
	return refresh_id(cat, id, err);
}

/* The derived rows of photo 'ph', just stored as 'id': what its file says
 * unless it has edits.  'facts', when made, were worked out from the file
 * alone (a reader thread's): they hold while there are no edits. */
static int refresh_put(struct capcat_catalog *cat, int64_t id, int is_new,
		       const struct capcat_photo *ph, const struct capcat_facts *facts,
		       struct capcat_err *err)
{
	struct capcat_row_key key = { is_new, ph->taken, 1 };
	struct capcat_facts mine;
	int edited = 0, rc = 0;

	if (!is_new && (rc = capcat_catalog__has_edits(cat, id, &edited, err)))
		return rc;
	if (edited)
		return refresh_id(cat, id, err);
	if (facts && facts->made)
		return capcat_catalog__put_rows(cat, id, facts, &key, err);
	capcat_facts_init(&mine);
	rc = capcat_facts_make(&mine, ph, capcat_catalog__places(cat, NULL), err);
	if (!rc)
		rc = capcat_catalog__put_rows(cat, id, &mine, &key, err);
	capcat_facts_release(&mine);
	return rc;
}

int capcat_catalog_set_user(struct capcat_catalog *cat, int64_t id, enum capcat_field f,
			    const char *const *values, size_t n, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_USER_DEL);

	if (!cat->now[0])
		capcat_now_iso(cat->now);
	if (!s || sqlite3_bind_int64(s, 1, id) ||
	    sqlite3_bind_text(s, 2, capcat_field_name(f), -1, SQLITE_STATIC) ||
	    sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "edit");
	for (size_t i = 0; i < n; i++) {
		s = stmt(cat, ST_USER_ADD);
		if (!s || sqlite3_bind_int64(s, 1, id) ||
		    sqlite3_bind_text(s, 2, capcat_field_name(f), -1, SQLITE_STATIC) ||
		    sqlite3_bind_int(s, 3, (int)i) ||
		    sqlite3_bind_text(s, 4, values[i], -1, SQLITE_TRANSIENT) ||
		    sqlite3_bind_text(s, 5, cat->now, -1, SQLITE_TRANSIENT) ||
		    sqlite3_step(s) != SQLITE_DONE)
			return db_err(cat, err, "edit");
	}
	return 0;
}

int capcat_catalog_effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			     struct capcat_err *err)
{
	return load_effective(cat, id, out, err);
}

int capcat_catalog__effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			      struct capcat_err *err)
{
	return load_effective(cat, id, out, err);
}

struct capcat_places *capcat_catalog__places(struct capcat_catalog *cat, struct capcat_err *err)
{
	if (!cat->places && !cat->places_failed && capcat_places_open(&cat->places, err))
		cat->places_failed = 1;
	return cat->places;
}

static int load_photographers(struct capcat_catalog *cat, int64_t id, struct capcat_credit *c,
			      struct capcat_err *err)
{
	static const char sql[] = "SELECT name FROM credit_photographer WHERE photo_id = ?1 ORDER BY seq";
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (!(s = record_stmt(cat, 2, sql)) || sqlite3_bind_int64(s, 1, id)) {
		rc = db_err(cat, err, "credit");
		goto cleanup;
	}
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		char **p = realloc(c->photographers, (c->nphotographers + 1) * sizeof(*p));
		if (!p || !(p[c->nphotographers] = strdup((const char *)sqlite3_column_text(s, 0)))) {
			if (p)
				c->photographers = p;
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			break;
		}
		c->photographers = p;
		c->nphotographers++;
	}
cleanup:
	sqlite3_reset(s);
	return rc;
}

static int load_credit(struct capcat_catalog *cat, int64_t id, struct capcat_record *rec,
		       struct capcat_err *err)
{
	static const char sql[] =
		"SELECT line, agency, provider, via, pool, pool_org, handout, issuer, file,"
		" illustration, for_client, supplier_ref, origin FROM credit WHERE photo_id = ?1";
	struct capcat_credit *c = &rec->credit;
	sqlite3_stmt *s = NULL;
	int r = 0, rc = 0;

	if (!(s = record_stmt(cat, 3, sql)) || sqlite3_bind_int64(s, 1, id)) {
		rc = db_err(cat, err, "credit");
		goto cleanup;
	}
	if (sqlite3_step(s) != SQLITE_ROW)
		goto cleanup;
	rec->has_credit = 1;
	r |= col_str(s, 0, &c->line);
	r |= col_str(s, 1, &c->agency);
	r |= col_str(s, 2, &c->provider);
	r |= col_str(s, 3, &c->via);
	c->pool = sqlite3_column_int(s, 4);
	r |= col_str(s, 5, &c->pool_org);
	c->handout = sqlite3_column_int(s, 6);
	r |= col_str(s, 7, &c->issuer);
	c->file = sqlite3_column_int(s, 8);
	c->illustration = sqlite3_column_int(s, 9);
	r |= col_str(s, 10, &c->for_client);
	r |= col_str(s, 11, &c->supplier_ref);
	r |= col_str(s, 12, &rec->credit_origin);
	if (r)
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	else
		rc = load_photographers(cat, id, c, err);
cleanup:
	sqlite3_reset(s);
	return rc;
}

/* Photos whose path lies in [lo, hi), filtered by 'base' naming rules. */
static int owners_in(struct capcat_catalog *cat, const char *lo, const char *hi, size_t stem,
		     int (*fn)(void *, int64_t, const char *), void *payload,
		     struct capcat_err *err)
{
	static const char sql[] = "SELECT id, path FROM photo WHERE path >= ?1 AND path < ?2";
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(cat->db, sql, -1, &s, NULL) ||
	    sqlite3_bind_text(s, 1, lo, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(s, 2, hi, -1, SQLITE_TRANSIENT)) {
		rc = db_err(cat, err, "sidecar");
		goto cleanup;
	}
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(s, 1);
		/* base naming: "stem.ext" with one extension and no deeper path */
		if (stem && (strchr(p + stem + 1, '.') || strchr(p + stem + 1, '/')))
			continue;
		rc = fn(payload, sqlite3_column_int64(s, 0), p);
	}
cleanup:
	sqlite3_finalize(s);
	return rc;
}

int capcat_catalog_each_sidecar_owner(struct capcat_catalog *cat, const char *sidecar,
				      int (*fn)(void *payload, int64_t id, const char *path),
				      void *payload, struct capcat_err *err)
{
	size_t n = strlen(sidecar);
	char *lo = NULL, *hi = NULL;
	int rc;

	if (n < 5 || strcasecmp(sidecar + n - 4, ".xmp"))
		return 0;
	if (!(lo = malloc(n + 2)) || !(hi = malloc(n + 2))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* full naming: the exact path without ".xmp" */
	memcpy(lo, sidecar, n - 4);
	lo[n - 4] = '\0';
	memcpy(hi, lo, n - 3);
	hi[n - 4] = '\x01';
	hi[n - 3] = '\0';
	rc = owners_in(cat, lo, hi, 0, fn, payload, err);
	if (rc)
		goto cleanup;
	/* base naming: "stem." up to "stem/" (the next byte after '.') */
	lo[n - 4] = '.';
	lo[n - 3] = '\0';
	memcpy(hi, lo, n - 3);
	hi[n - 4] = '/';
	hi[n - 3] = '\0';
	rc = owners_in(cat, lo, hi, n - 4, fn, payload, err);
cleanup:
	free(lo);
	free(hi);
	return rc;
}

static int load_people(struct capcat_catalog *cat, int64_t id, struct capcat_record *rec,
		       struct capcat_err *err)
{
	/* one name once, caption people first (in caption order), then the rest */
	static const char sql[] =
		"SELECT p.name FROM photo_person pp JOIN person p ON p.id = pp.person_id"
		" WHERE pp.photo_id = ?1 GROUP BY p.id"
		" ORDER BY min(CASE pp.origin WHEN 'user' THEN 0 WHEN 'caption' THEN 1 ELSE 2 END),"
		" min(pp.seq)";
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (!(s = record_stmt(cat, 4, sql)) || sqlite3_bind_int64(s, 1, id)) {
		rc = db_err(cat, err, "people");
		goto cleanup;
	}
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		char **p = realloc(rec->people, (rec->npeople + 1) * sizeof(*p));
		if (!p) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			break;
		}
		rec->people = p;
		if ((rc = col_str(s, 0, &p[rec->npeople])))
			rc = capcat_err_set(err, rc, "out of memory");
		else
			rec->npeople++;
	}
cleanup:
	sqlite3_reset(s);
	return rc;
}

static int load_places(struct capcat_catalog *cat, int64_t id, struct capcat_record *rec,
		       struct capcat_err *err)
{
	static const char sql[] =
		"SELECT text, name, region, country, country_code, role, origin, place_id"
		" FROM photo_place WHERE photo_id = ?1 ORDER BY seq";
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (!(s = record_stmt(cat, 5, sql)) || sqlite3_bind_int64(s, 1, id)) {
		rc = db_err(cat, err, "places");
		goto cleanup;
	}
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct capcat_record_place *p = realloc(rec->places, (rec->nplaces + 1) * sizeof(*p));
		int r = 0;
		if (!p) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			break;
		}
		rec->places = p;
		p += rec->nplaces++;
		memset(p, 0, sizeof(*p));
		r |= col_str(s, 0, &p->text);
		r |= col_str(s, 1, &p->name);
		r |= col_str(s, 2, &p->region);
		r |= col_str(s, 3, &p->country);
		r |= col_str(s, 4, &p->country_code);
		r |= col_str(s, 5, &p->role);
		r |= col_str(s, 6, &p->origin);
		p->place_id = sqlite3_column_int64(s, 7);
		if (r)
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	}
cleanup:
	sqlite3_reset(s);
	return rc;
}

static int load_facts(struct capcat_catalog *cat, int64_t id, struct capcat_record *rec,
		      struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = load_people(cat, id, rec, err);

	if (!rc)
		rc = load_places(cat, id, rec, err);
	if (rc)
		return rc;
	if (!(s = record_stmt(cat, 6, "SELECT date FROM caption_date WHERE photo_id = ?1")) ||
	    sqlite3_bind_int64(s, 1, id))
		rc = db_err(cat, err, "date");
	else if (sqlite3_step(s) == SQLITE_ROW && col_str(s, 0, &rec->caption_date))
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	sqlite3_reset(s);
	return rc;
}

/* ---- thumbnails ---- */

int capcat_catalog_thumb_get(struct capcat_catalog *cat, int64_t id, unsigned char **jpeg,
			     size_t *len, int *width, int *height, char **source,
			     struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0;

	*jpeg = NULL;
	*len = 0;
	*source = NULL;
	if (!(s = record_stmt(cat, 7, "SELECT source, width, height, jpeg FROM thumbnail"
			       " WHERE photo_id = ?1")) || sqlite3_bind_int64(s, 1, id)) {
		rc = db_err(cat, err, "thumbnail");
		goto cleanup;
	}
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = capcat_err_set(err, CAPCAT_ENOTFOUND, "no thumbnail");
		goto cleanup;
	}
	*width = sqlite3_column_int(s, 1);
	*height = sqlite3_column_int(s, 2);
	*len = (size_t)sqlite3_column_bytes(s, 3);
	if (col_str(s, 0, source) || (*len && !(*jpeg = malloc(*len)))) {
		free(*source);
		*source = NULL;
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (*len)
		memcpy(*jpeg, sqlite3_column_blob(s, 3), *len);
cleanup:
	sqlite3_reset(s);
	return rc;
}

int capcat_catalog_thumb_put(struct capcat_catalog *cat, int64_t id, const char *source,
			     const unsigned char *jpeg, size_t len, int width, int height,
			     struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_THUMB_PUT);

	if (!s || sqlite3_bind_int64(s, 1, id) ||
	    sqlite3_bind_text(s, 2, source, -1, SQLITE_STATIC) ||
	    bind_pos_int(s, 3, width) || bind_pos_int(s, 4, height) ||
	    (jpeg ? sqlite3_bind_blob(s, 5, jpeg, (int)len, SQLITE_STATIC) : sqlite3_bind_null(s, 5)) ||
	    sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "thumbnail");
	sqlite3_reset(s);
	return 0;
}

int capcat_catalog_thumb_drop(struct capcat_catalog *cat, int64_t id, struct capcat_err *err)
{
	sqlite3_stmt *s = stmt(cat, ST_THUMB_DROP);

	if (!s || sqlite3_bind_int64(s, 1, id) || sqlite3_step(s) != SQLITE_DONE)
		return db_err(cat, err, "thumbnail");
	sqlite3_reset(s);
	return 0;
}

int capcat_catalog_thumb_missing(struct capcat_catalog *cat, int size, int64_t **ids,
				 char ***paths, int **orientations, size_t *n,
				 struct capcat_err *err)
{
	static const char sql[] =
		"SELECT p.id, p.path, coalesce(p.orientation, 1) FROM photo p"
		" LEFT JOIN thumbnail t ON t.photo_id = p.id WHERE p.status = 'present'"
		" AND (t.photo_id IS NULL OR (t.source = 'exif' AND max(coalesce(t.width, 0),"
		" coalesce(t.height, 0)) < ?1) OR (t.source = 'made' AND max(coalesce(t.width, 0),"
		" coalesce(t.height, 0)) < min(?1, coalesce(max(p.width, p.height), ?1))))"
		" ORDER BY p.id";
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = 0;

	*ids = NULL;
	*paths = NULL;
	*orientations = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(cat->db, sql, -1, &s, NULL) || sqlite3_bind_int(s, 1, size)) {
		rc = db_err(cat, err, "thumbnail");
		goto cleanup;
	}
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *a = realloc(*ids, cap * sizeof(**ids));
			char **b = a ? realloc(*paths, cap * sizeof(**paths)) : NULL;
			int *c = b ? realloc(*orientations, cap * sizeof(**orientations)) : NULL;
			if (a) *ids = a;
			if (b) *paths = b;
			if (c) *orientations = c;
			if (!c) {
				rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
				break;
			}
		}
		(*ids)[*n] = sqlite3_column_int64(s, 0);
		(*orientations)[*n] = sqlite3_column_int(s, 2);
		if (col_str(s, 1, &(*paths)[*n]))
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		else
			(*n)++;
	}
cleanup:
	sqlite3_finalize(s);
	return rc;
}
