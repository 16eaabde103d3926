/* facts.h - what a photo's fields say, worked out into the rows the
 * catalog stores for search.
 *
 * From a photo's effective fields (user edits over the MWG winners of what
 * its file says), its date and its position come: the credit and its
 * photographers, the people and places the caption and the metadata name
 * (matched against the gazetteer), the place nearest the position, the
 * date the caption gives, and the text of the full-text row.  Working
 * them out takes gazetteer lookups and caption parsing: most of the time
 * of storing a photo.  Import works them out in its reader threads, each
 * with its own gazetteer handle, and hands them to
 * capcat_catalog_put_facts(); the catalog's single writer then only
 * writes.  The catalog works them out itself after an edit, or when the
 * photo has edits the reader could not know of.
 *
 * Ownership: every pointer is owned by the struct (role and origin are
 * static strings); capcat_facts_release() frees and re-initialises.
 */
#ifndef CAPCAT_FACTS_H
#define CAPCAT_FACTS_H

#include "capcat/caption.h"
#include "capcat/err.h"
#include "capcat/meta.h"
#include "capcat/photo.h"
#include "capcat/places.h"

#include <stdint.h>

struct capcat_fact_person {
	char *name;
	char *folded;                   /* capcat_fold() of the name */
	char *position;                 /* "L", "right", ...; NULL */
	const char *origin;             /* "caption", "metadata" or "user" */
};

struct capcat_fact_place {
	char *text;                     /* as written, when from a caption; NULL */
	char *name;                     /* the gazetteer's name, else as written */
	int64_t place_id;               /* gazetteer id; 0: not in it */
	char *region, *country, *country_code;  /* NULL when unknown */
	char *feature;                  /* city, admin1, country, sublocation; NULL */
	char *region_code;              /* the gazetteer's region code: "IQ.11"; NULL */
	char *folded;                   /* capcat_fold() of name */
	const char *role;               /* "mentioned", "shown", "created" or "gps" */
	const char *origin;             /* "caption", "metadata", "gps" or "user" */
};

/* The columns of the full-text row, in photo_fts order. */
enum { CAPCAT_FTS_CAPTION, CAPCAT_FTS_HEADLINE, CAPCAT_FTS_KEYWORDS, CAPCAT_FTS_PEOPLE,
       CAPCAT_FTS_PLACES, CAPCAT_FTS_CREDIT, CAPCAT_FTS_COLUMNS };

struct capcat_facts {
	int made;                       /* 0: nothing worked out yet */
	int has_credit;
	struct capcat_credit credit;
	const char *credit_origin;      /* "user", "caption", "credit_field", "creator" */
	char **photographers_folded;    /* credit.nphotographers of them */
	struct capcat_fact_person *people;      /* in order of mention */
	size_t npeople;
	struct capcat_fact_place *places;       /* caption's, metadata's, then GPS's */
	size_t nplaces;
	char date[11];                  /* the caption's date, or "" */
	char *fts[CAPCAT_FTS_COLUMNS];  /* NULL: empty column */
	int has_gps;
	double lat, lon;
};

void capcat_facts_init(struct capcat_facts *f);
void capcat_facts_release(struct capcat_facts *f);

/* Work out what effective fields 'eff' say of a photo taken 'taken'
 * ("YYYY-MM-DDTHH:MM:SS", NULL: unknown) at lat, lon (when has_gps), with
 * the gazetteer 'pl' (NULL: places only as written, no GPS place).  0, or
 * an error code with 'f' released. */
int capcat_facts_derive(struct capcat_facts *f, const struct capcat_meta *eff, const char *taken,
			int has_gps, double lat, double lon, struct capcat_places *pl,
			struct capcat_err *err);

/* capcat_facts_derive() for photo 'ph' as the catalog sees a photo without
 * edits: its effective fields are the MWG winners of what the file says. */
int capcat_facts_make(struct capcat_facts *f, const struct capcat_photo *ph,
		      struct capcat_places *pl, struct capcat_err *err);

#endif
