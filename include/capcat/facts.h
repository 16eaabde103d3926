/* facts.h - what a photo's caption and position say, worked out before
 * the photo reaches the catalog.
 *
 * Understanding a caption and reverse geocoding take gazetteer lookups:
 * most of the time of storing a new photo.  Import works them out in its
 * reader threads, each with its own gazetteer handle, and hands them to
 * capcat_catalog_put_facts(); the catalog's single writer then only
 * writes.  The catalog uses them only while they still describe the
 * photo: same caption, same date, same position (a user's edit to the
 * caption makes it work the facts out again itself).
 *
 * Ownership: every pointer is owned by the struct; capcat_facts_release()
 * frees and re-initialises.
 */
#ifndef CAPCAT_FACTS_H
#define CAPCAT_FACTS_H

#include "capcat/err.h"
#include "capcat/photo.h"
#include "capcat/places.h"
#include "capcat/understand.h"

struct capcat_facts {
	char *caption;                  /* the caption understood; NULL: none made */
	char *taken;                    /* the date it was understood with; NULL: none */
	struct capcat_understood u;
	int has_gps;                    /* near, near_found are for lat, lon */
	double lat, lon;
	int near_found;
	struct capcat_place near;
};

void capcat_facts_init(struct capcat_facts *f);
void capcat_facts_release(struct capcat_facts *f);

/* Work out what photo 'ph' says as the catalog would for a photo without
 * edits: its caption (the MWG winners' description) understood with the
 * gazetteer 'pl', and the place nearest its GPS.  0, or an error code (the
 * facts are then released: the catalog works them out). */
int capcat_facts_make(struct capcat_facts *f, const struct capcat_photo *ph,
		      struct capcat_places *pl, struct capcat_err *err);

/* Understand 'caption' read with date 'taken' (NULL: none) into f->u, with
 * the gazetteer 'pl' (NULL: none); f->caption and f->taken record what it
 * was made from.  The catalog's own way when no facts came with a photo. */
int capcat_facts_understand(struct capcat_facts *f, const char *caption, const char *taken,
			    struct capcat_places *pl, struct capcat_err *err);

/* The understanding of 'caption' read with date 'taken' (NULL: none), if
 * 'f' holds it; else NULL. */
const struct capcat_understood *capcat_facts_caption(const struct capcat_facts *f,
						      const char *caption, const char *taken);

/* The place nearest lat, lon, if 'f' holds it: 1 with *found set, else 0. */
int capcat_facts_near(const struct capcat_facts *f, double lat, double lon,
		      const struct capcat_place **near, int *found);

#endif
