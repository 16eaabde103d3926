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

#include <sqlite3.h>

#define CAPCAT_CATALOG_CACHED 64        /* statements prepared once per handle */

struct capcat_catalog {
	sqlite3 *db;
	sqlite3_stmt *st[CAPCAT_CATALOG_CACHED];
	char now[32];
	struct capcat_places *places;   /* opened on first need */
	int places_failed;              /* and not retried after a failure */
};

/* SQLite's message into err; CAPCAT_EBUSY for a locked catalog. */
int capcat_catalog__err(struct capcat_catalog *cat, struct capcat_err *err, const char *what);

/* Statement number 'slot' (from the caller's own range), prepared from
 * 'sql' on first use, reset with its bindings cleared; NULL on error. */
sqlite3_stmt *capcat_catalog__stmt(struct capcat_catalog *cat, int slot, const char *sql);

/* The effective fields of photo 'id' (user edits over MWG winners). */
int capcat_catalog__effective(struct capcat_catalog *cat, int64_t id, struct capcat_meta *out,
			      struct capcat_err *err);

/* Rebuild the people, places, caption date, full-text and position rows
 * of photo 'id' from its effective fields and credit (catalog_facts.c). */
int capcat_catalog__facts(struct capcat_catalog *cat, int64_t id, const struct capcat_meta *eff,
			  const struct capcat_credit *credit, struct capcat_err *err);

/* The gazetteer, opened on first use; NULL when it cannot be (the reason
 * was reported once in err). */
struct capcat_places *capcat_catalog__places(struct capcat_catalog *cat, struct capcat_err *err);

/* Slots: catalog.c's writes 0..23, catalog_facts.c 24..39, (40..47 free),
 * catalog.c's record reads 48..63 */
enum { CAPCAT_SLOT_FACTS = 24, CAPCAT_SLOT_SEARCH = 40, CAPCAT_SLOT_RECORD = 48 };

#endif
