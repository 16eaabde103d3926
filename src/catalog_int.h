/* catalog_int.h - what the catalog's files share (private).
 *
 * catalog.c opens, migrates and stores photos; catalog_facts.c derives
 * people, places, dates and the full-text row from what a photo says;
 * catalog_search.c answers queries.
 */
#ifndef CAPCAT_CATALOG_INT_H
#define CAPCAT_CATALOG_INT_H

#include "capcat/catalog.h"
#include "capcat/places.h"
#include "capcat/facts.h"

#include <sqlite3.h>
#include <stdint.h>

#define CAPCAT_CATALOG_CACHED 80        /* statements prepared once per handle */

/* A photo's full-text row, written at commit. */
struct capcat_pending {
	int64_t id;
	int replace;                    /* remove the photo's old row first */
	char *fts[CAPCAT_FTS_COLUMNS];
};

/* Person ids by name, as this handle found or added them: persons are
 * never deleted, so an id stays right, unless its transaction is rolled
 * back (then all are forgotten). */
#define CAPCAT_PERSON_SLOTS 4096
struct capcat_person_slot {
	char *name;                     /* NULL: empty */
	int64_t id;
};

struct capcat_catalog {
	sqlite3 *db;
	sqlite3_stmt *st[CAPCAT_CATALOG_CACHED];
	char now[32];
	struct capcat_places *places;   /* opened on first need */
	int places_failed;              /* and not retried after a failure */
	struct capcat_pending *pending; /* this transaction's, in order */
	size_t npending, cappending;
	struct capcat_person_slot *persons;     /* CAPCAT_PERSON_SLOTS, made on first use */
	struct capcat_checkpointer *ckpt;       /* background checkpoints, when on */
	int bulk;                               /* between bulk_begin and bulk_end */
	int64_t order_dropped;  /* search order chunk + 1 dropped in this transaction; 0: none */
};

/* SQLite's message into err; CAPCAT_EBUSY for a locked catalog. */
int capcat_catalog__err(struct capcat_catalog *cat, struct capcat_err *err, const char *what);

/* sqlite3_exec with SQLite's message into err. */
int capcat_catalog__exec(struct capcat_catalog *cat, const char *sql, struct capcat_err *err);

/* Checkpoints in a thread of their own (catalog_checkpoint.c): started
 * by capcat_catalog_bulk_begin(), stopped by _end() (and close). */
int capcat_catalog__checkpoints_start(struct capcat_catalog *cat, struct capcat_err *err);
void capcat_catalog__checkpoints_stop(struct capcat_catalog *cat);

/* After a commit: wake the background checkpointer, if it is on.
 * Before a write transaction: let the WAL start again if it is long. */
void capcat_catalog__checkpoint_soon(struct capcat_catalog *cat);
void capcat_catalog__checkpoint_settle(struct capcat_catalog *cat);

/* Statement number 'slot' (from the caller's own range), prepared from
 * 'sql' on first use, reset with its bindings cleared; NULL on error. */
sqlite3_stmt *capcat_catalog__stmt(struct capcat_catalog *cat, int slot, const char *sql);

/* The effective fields of photo 'id' (user edits over MWG winners). */
int capcat_catalog__effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			      struct capcat_err *err);

/* What the rows of a photo are keyed and sorted by. */
struct capcat_row_key {
	int is_new;                     /* the photo has no rows yet */
	const char *taken;              /* its date, NULL: unknown */
	int present;                    /* its file is where the catalog says */
};

/* Replace the credit, people, places, caption date and search key rows
 * of photo 'id' with those of 'f', and queue its full-text row for
 * capcat_catalog__write_pending() (catalog_facts.c). */
int capcat_catalog__put_rows(struct capcat_catalog *cat, int64_t id, const struct capcat_facts *f,
			     const struct capcat_row_key *key, struct capcat_err *err);
/* Write the queued rows (before COMMIT), or drop them (at ROLLBACK). */
int capcat_catalog__write_pending(struct capcat_catalog *cat, struct capcat_err *err);
void capcat_catalog__drop_pending(struct capcat_catalog *cat);
/* Forget the person ids remembered (at ROLLBACK and close). */
void capcat_catalog__forget_persons(struct capcat_catalog *cat);
/* *out: whether photo 'id' has user edits. */
int capcat_catalog__has_edits(struct capcat_catalog *cat, int64_t id, int *out,
			      struct capcat_err *err);

/* The gazetteer, opened on first use; NULL when it cannot be (the reason
 * was reported once in err). */
struct capcat_places *capcat_catalog__places(struct capcat_catalog *cat, struct capcat_err *err);

/* The date order search sorts by (order.c): photo_order holds one blob
 * of CAPCAT_ORDER_CHUNK keys per run of ids; key 0 is "no present photo". */
#define CAPCAT_ORDER_CHUNK 1024
#define CAPCAT_ORDER_NODATE INT64_MAX

/* The key of a photo_key row: 0 when not present, else the date's digits
 * (to the second) plus one; CAPCAT_ORDER_NODATE when it has no date. */
int64_t capcat_order__key(const unsigned char *sort_date, int present);
/* capcat_order_chunk(), the aggregate the migration and rebuilds use. */
int capcat_order__register(sqlite3 *db);
/* Rebuild the chunks that changes dropped; in a write transaction. */
int capcat_order__fill(struct capcat_catalog *cat, struct capcat_err *err);
/* The CAPCAT_ORDER_CHUNK keys of chunk 'chunk' (ids chunk << 10 ...),
 * 8 bytes each, little-endian; capcat_order__get reads key i. */
int capcat_order__chunk(struct capcat_catalog *cat, int64_t chunk, unsigned char *keys,
			struct capcat_err *err);
int64_t capcat_order__get(const unsigned char *keys, int i);

/* capcat_in(), with which facets count over a search's set (search.c). */
int capcat_search__register(sqlite3 *db);

/* Slots: catalog.c's writes 0..23, catalog_facts.c 24..39, order.c 40..47,
 * catalog.c's record reads 48..63, file_field inserts of 1..8 rows 64..71,
 * photo_person ones of 1..4 rows 72..75, photo_place ones of 1..4 rows 76..79 */
enum { CAPCAT_SLOT_FACTS = 24, CAPCAT_SLOT_SEARCH = 40, CAPCAT_SLOT_RECORD = 48,
       CAPCAT_SLOT_FIELDS = 64, CAPCAT_SLOT_PEOPLE = 72, CAPCAT_SLOT_PLACES = 76 };

/* "head VALUES (?,...),(?,...)": 'nrows' rows of 'ncols' values, one
 * statement, prepared once in slot + nrows - 1 (a statement run has a
 * cost of its own, and photos have several rows of a kind).  Only
 * for INSERT OR IGNORE: a statement of several rows that may abort keeps
 * a statement journal (page images of all it changes, in a file). */
sqlite3_stmt *capcat_catalog__rows_stmt(struct capcat_catalog *cat, int slot, const char *head,
					int ncols, int nrows);

#endif
