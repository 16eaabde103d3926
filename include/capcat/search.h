/* search.h - find photos by text, person, place, date, credit, camera,
 * position and what is missing; facets with counts.
 *
 * Filters combine with AND.  Text is FTS5 syntax over caption, headline,
 * keywords, people, places and credit ("exact phrase", prefix*, OR, NOT),
 * case and accent folded.  A person matches by full name or by any whole
 * part of it ("Pezeshkian").  A place is looked up in the gazetteer with its
 * alternate names: a country takes in its regions and cities, a region its
 * cities ("Iraq" finds Baghdad and Erbil; "Irbil" finds Erbil); "Tripoli,
 * Lebanon" picks one of several; a venue not in the gazetteer matches by
 * name.  Dates match the photo's own date or the date its caption states.
 */
#ifndef CAPCAT_SEARCH_H
#define CAPCAT_SEARCH_H

#include "capcat/catalog.h"
#include "capcat/err.h"

#include <stddef.h>
#include <stdint.h>

enum capcat_sort { CAPCAT_SORT_DATE, CAPCAT_SORT_RELEVANCE, CAPCAT_SORT_PATH };

enum {
	CAPCAT_MISSING_CAPTION = 1, CAPCAT_MISSING_CREDIT = 2, CAPCAT_MISSING_PLACE = 4,
	CAPCAT_MISSING_DATE = 8, CAPCAT_MISSING_PEOPLE = 16
};

struct capcat_query {
	const char *text;               /* FTS5 query, or NULL */
	const char *person, *place, *agency, *photographer, *camera;   /* or NULL */
	char date_lo[11], date_hi[12];  /* [lo, hi) as strings; "" = open */
	int has_near;
	double near_lat, near_lon, near_km;
	unsigned missing;               /* CAPCAT_MISSING_* bits */
	enum capcat_sort sort;
	int64_t limit;                  /* 0: all */
};

#define CAPCAT_QUERY_INIT { 0 }

/* --date: "2024", "2024-09" or "2024-09-11" (a real calendar date).
 * CAPCAT_EUSAGE with a plain-words message otherwise. */
int capcat_query_date(struct capcat_query *q, const char *date, struct capcat_err *err);
/* --from / --to (inclusive): "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
int capcat_query_from(struct capcat_query *q, const char *date, struct capcat_err *err);
int capcat_query_to(struct capcat_query *q, const char *date, struct capcat_err *err);
/* --near "LAT,LON[,KM]" (KM defaults to 10). */
int capcat_query_near(struct capcat_query *q, const char *spec, struct capcat_err *err);
/* --missing "caption|credit|place|date|people" (may be given several times). */
int capcat_query_missing(struct capcat_query *q, const char *what, struct capcat_err *err);

/* The ids of the matching photos (present files only), in the query's
 * order.  *ids is malloc'd (caller frees).  CAPCAT_EUSAGE with a plain
 * message for a text query FTS5 cannot read. */
int capcat_search(struct capcat_catalog *cat, const struct capcat_query *q,
		  int64_t **ids, size_t *n, struct capcat_err *err);

struct capcat_facet {
	char *name;                     /* "Masoud Pezeshkian", "Baghdad, Iraq", "AFP" */
	int64_t photos;
};

/* Counts by "people", "places" or "agencies" over the photos the query
 * selects, most first.  *out is malloc'd; free with capcat_facets_free(). */
int capcat_facets(struct capcat_catalog *cat, const char *kind, const struct capcat_query *q,
		  struct capcat_facet **out, size_t *n, struct capcat_err *err);
void capcat_facets_free(struct capcat_facet *f, size_t n);

#endif
