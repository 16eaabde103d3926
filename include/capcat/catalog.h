/* catalog.h - the SQLite catalog (the only sqlite3 user besides search).
 *
 * One file, WAL journal, foreign keys on, every value bound.  The schema is
 * embedded (catalog/schema.sql) and upgraded by forward migrations when an
 * older catalog is opened; PRAGMA user_version is its version.  A catalog
 * handle is used by one thread at a time.
 */
#ifndef CAPCAT_CATALOG_H
#define CAPCAT_CATALOG_H

#include "capcat/caption.h"
#include "capcat/err.h"
#include "capcat/meta.h"
#include "capcat/photo.h"

#include <stddef.h>
#include <stdint.h>

struct capcat_catalog;

#define CAPCAT_SCHEMA_VERSION 9

/* The catalog path when none is given: $CAPCAT_CATALOG, else
 * $XDG_DATA_HOME/capcat/catalog.db, else ~/.local/share/capcat/catalog.db.
 * *out is malloc'd (caller frees). */
int capcat_catalog_default_path(char **out, struct capcat_err *err);

/* Open or create the catalog at 'path' (creating its folders) and run
 * pending migrations.  *out is owned by the caller; close it with
 * capcat_catalog_close().  CAPCAT_EBUSY when another process holds it
 * longer than the busy timeout; CAPCAT_EDB for anything else SQLite says. */
int capcat_catalog_open(struct capcat_catalog **out, const char *path,
			struct capcat_err *err);
void capcat_catalog_close(struct capcat_catalog *cat);  /* NULL is a no-op */

/* The schema version of the open catalog. */
int capcat_catalog_version(struct capcat_catalog *cat);

int capcat_catalog_begin(struct capcat_catalog *cat, struct capcat_err *err);
int capcat_catalog_commit(struct capcat_catalog *cat, struct capcat_err *err);
void capcat_catalog_rollback(struct capcat_catalog *cat);

/* For a long run of commits that add and re-read photos (an import),
 * outside a transaction: the WAL is checkpointed into the catalog by a
 * thread of its own after each commit, so that the writer never waits for
 * the copy or its fsyncs (when the thread cannot start, the writer
 * checkpoints as usual); and foreign keys are not checked: every row is
 * written right after the photo it belongs to, and nothing is deleted,
 * so the checks (an eighth of storing a photo) never fail.  _end() (also
 * done by close) waits for the last checkpoint and turns both back. */
int capcat_catalog_bulk_begin(struct capcat_catalog *cat, struct capcat_err *err);
void capcat_catalog_bulk_end(struct capcat_catalog *cat);     /* none begun: no-op */

/* Read everything until capcat_catalog_read_end() from one snapshot of the
 * catalog: while an import commits, a search's list of photos and the
 * records it then prints still agree.  Writers are not held up (WAL), and
 * nothing may be written in between.  CAPCAT_EDB when SQLite refuses. */
int capcat_catalog_read_begin(struct capcat_catalog *cat, struct capcat_err *err);
void capcat_catalog_read_end(struct capcat_catalog *cat);       /* none begun: no-op */

/* What the catalog knows of a path, for the incremental check. */
struct capcat_known {
	int64_t id;
	int64_t size;
	int64_t mtime_ns;
	int missing;
};

/* A number that changes whenever another connection (another capcat)
 * commits to the catalog, and only then: what was looked up under one
 * number still holds under the same number.  -1 when it cannot be read. */
int64_t capcat_catalog_others_version(struct capcat_catalog *cat);

/* CAPCAT_ENOTFOUND when the path is not in the catalog. */
int capcat_catalog_lookup(struct capcat_catalog *cat, const char *path,
			  struct capcat_known *out, struct capcat_err *err);

/* Whether the catalog has no photo at all, present or missing, in *empty. */
int capcat_catalog_is_empty(struct capcat_catalog *cat, int *empty, struct capcat_err *err);

/* A cataloged photo with this fingerprint and size whose file is gone
 * (marked missing, or no longer at its path): the same photo, moved.
 * Sets *id and returns 0, or CAPCAT_ENOTFOUND. */
int capcat_catalog_find_moved(struct capcat_catalog *cat, capcat_fingerprint fp,
			      int64_t size, int64_t *id, struct capcat_err *err);
/* The same among photos stored before version 9 and not read since, whose
 * fingerprint is of the old kind (capcat_fingerprint_v1_of). */
int capcat_catalog_find_moved_v1(struct capcat_catalog *cat, capcat_fingerprint fp,
				 int64_t size, int64_t *id, struct capcat_err *err);
/* Whether any such photo is left, in *yes. */
int capcat_catalog_has_v1_fingerprints(struct capcat_catalog *cat, int *yes,
				       struct capcat_err *err);

/* Store what the file says.  id 0 inserts a new photo (its id in *out_id);
 * otherwise updates photo 'id' (path included: a move) and marks it
 * present.  What users said about the photo is never touched. */
int capcat_catalog_put(struct capcat_catalog *cat, const struct capcat_photo *ph,
		       int64_t id, int64_t *out_id, struct capcat_err *err);
/* The same, with what the photo's caption and GPS say already worked out
 * (capcat_facts_make, in import's reader threads); used where it still
 * matches the caption and position that count, else worked out here. */
struct capcat_facts;
int capcat_catalog_put_facts(struct capcat_catalog *cat, const struct capcat_photo *ph,
			     const struct capcat_facts *facts, int64_t id, int64_t *out_id,
			     struct capcat_err *err);

/* Non-image files, remembered so that they are not opened again while
 * their size and mtime stay: 0 and what they were when 'path' was seen,
 * else CAPCAT_ENOTFOUND. */
int capcat_catalog_other_get(struct capcat_catalog *cat, const char *path, int64_t *size,
			     int64_t *mtime_ns, struct capcat_err *err);
int capcat_catalog_other_put(struct capcat_catalog *cat, const char *path, int64_t size,
			     int64_t mtime_ns, const char *mime, struct capcat_err *err);

/* Call fn for each cataloged photo that 'sidecar' (an .xmp path) belongs
 * to: "IMG_1.jpg.xmp" -> IMG_1.jpg; "IMG_1.xmp" -> IMG_1.<any extension>
 * in the same folder. */
int capcat_catalog_each_sidecar_owner(struct capcat_catalog *cat, const char *sidecar,
				      int (*fn)(void *payload, int64_t id, const char *path),
				      void *payload, struct capcat_err *err);

/* The stored thumbnail of photo 'id': *jpeg malloc'd (NULL when there is
 * no image: source "none"), *source malloc'd ("exif", "preview", "made",
 * "none"); CAPCAT_ENOTFOUND when the photo has no thumbnail row. */
int capcat_catalog_thumb_get(struct capcat_catalog *cat, int64_t id, unsigned char **jpeg,
			     size_t *len, int *width, int *height, char **source,
			     struct capcat_err *err);
/* Store a thumbnail capcat made ('jpeg' NULL with source "none" records
 * that none can be made). */
int capcat_catalog_thumb_put(struct capcat_catalog *cat, int64_t id, const char *source,
			     const unsigned char *jpeg, size_t len, int width, int height,
			     struct capcat_err *err);
/* Forget photo 'id''s thumbnail, whatever made it (its file changed and
 * the next one is made later). */
int capcat_catalog_thumb_drop(struct capcat_catalog *cat, int64_t id, struct capcat_err *err);
/* Photos (present) that need a thumbnail for `thumbnail --all`: none yet,
 * an EXIF one smaller than 'size' px on the long side, or one made from
 * the image smaller than 'size' and than the image itself (thumbnails are
 * never enlarged).  One from a raw file's largest preview is final.  Ids,
 * paths and orientations.  Arrays are
 * malloc'd; free each path, then the arrays. */
int capcat_catalog_thumb_missing(struct capcat_catalog *cat, int size, int64_t **ids,
				 char ***paths, int **orientations, size_t *n,
				 struct capcat_err *err);

/* Mark photo 'id' present or missing. */
int capcat_catalog_set_missing(struct capcat_catalog *cat, int64_t id, int missing,
			       struct capcat_err *err);

/* Call fn for every photo under folder 'root' (absolute, itself included
 * when it is a file), present or missing: a range of the path index alone
 * (reading each photo's status cost a row apiece); used to find vanished
 * files. */
int capcat_catalog_each_under(struct capcat_catalog *cat, const char *root,
			      int (*fn)(void *payload, int64_t id, const char *path),
			      void *payload, struct capcat_err *err);
/* Whether there is a present photo under 'root', in *any (0 or 1). */
int capcat_catalog_any_under(struct capcat_catalog *cat, const char *root, int *any,
			     struct capcat_err *err);

/* A place a photo is linked to, for show and export. */
struct capcat_record_place {
	char *text;                     /* as written in the caption, if from it */
	char *name, *region, *country, *country_code;
	char *role;                     /* mentioned, shown, created, gps */
	char *origin;                   /* caption, metadata, gps, user */
	int64_t place_id;               /* gazetteer id, 0 if not in it */
};

/* A photo as the catalog has it, for show and export. */
struct capcat_record {
	int64_t id;
	struct capcat_photo ph;         /* file facts (thumbnail bytes not loaded) */
	int missing;
	char *thumb_source;             /* NULL when no thumbnail row */
	int thumb_width, thumb_height;
	char *added_at, *read_at;
	struct capcat_meta fields;      /* effective values: user edits, else MWG winners */
	int has_credit;
	struct capcat_credit credit;    /* the credit that counts */
	char *credit_origin;            /* "caption", "credit_field", "creator", "user" */
	char **people;                  /* distinct names, caption order first */
	size_t npeople;
	struct capcat_record_place *places;
	size_t nplaces;
	char *caption_date;             /* the date the caption states */
};

void capcat_record_init(struct capcat_record *rec);
void capcat_record_release(struct capcat_record *rec);

/* PHOTO as the user wrote it: a catalog id, or a path (made absolute).
 * Sets *id; CAPCAT_ENOTFOUND when no photo matches. */
int capcat_catalog_resolve(struct capcat_catalog *cat, const char *photo,
			   int64_t *id, struct capcat_err *err);
int capcat_catalog_get(struct capcat_catalog *cat, int64_t id,
		       struct capcat_record *out, struct capcat_err *err);

/* Re-derive all that depends on what photo 'id' says, after an import or
 * an edit: its credit, the people, places and date of its caption and
 * metadata, the place of its GPS position, its full-text row. */
int capcat_catalog_refresh(struct capcat_catalog *cat, int64_t id, struct capcat_err *err);

/* Replace what the user said about field 'f' of photo 'id' with 'values'
 * (n == 0 removes the edit, so the file's value counts again; one empty
 * string clears the field).  Edits are kept apart from file values, win
 * over them, and survive re-import and moves.  Call
 * capcat_catalog_refresh() after the edits of one photo. */
int capcat_catalog_set_user(struct capcat_catalog *cat, int64_t id, enum capcat_field f,
			    const char *const *values, size_t n, struct capcat_err *err);

/* The effective fields of photo 'id', appended to 'out'. */
int capcat_catalog_effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			     struct capcat_err *err);

/* The catalog in numbers. */
struct capcat_count {
	char *name;
	int64_t n;
};
struct capcat_stats {
	int64_t photos, missing, with_gps, with_date, with_thumb, with_warnings, folders;
	int64_t bytes;
	char *first_taken, *last_taken;
	struct capcat_count *by_mime, *by_make;
	size_t nmime, nmake;
	int schema_version;
};
int capcat_catalog_stats(struct capcat_catalog *cat, struct capcat_stats *out,
			 struct capcat_err *err);
void capcat_stats_release(struct capcat_stats *st);

#endif
