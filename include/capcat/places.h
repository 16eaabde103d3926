/* places.h - the offline gazetteer: countries, first-level regions and
 * 113k cities with their alternate names (catalog/places.tsv, GeoNames,
 * CC BY 4.0, embedded in the binary).
 *
 * The first use builds an indexed SQLite copy (folded names, region and
 * country of each city, an R*Tree of city positions) in
 * $XDG_CACHE_HOME/capcat/places-<hash>.db (~/.cache/capcat); later uses
 * open it read-only in milliseconds.  The build writes a temporary file and
 * renames it, so concurrent first uses are safe.  When no cache folder is
 * writable the index is built in memory for this run.
 *
 * Place ids are stable: a city's GeoNames id; for countries and regions a
 * number derived from their code ("IQ", "IQ.11").
 */
#ifndef CAPCAT_PLACES_H
#define CAPCAT_PLACES_H

#include "capcat/err.h"
#include "capcat/understand.h"

#include <stddef.h>
#include <stdint.h>

struct capcat_places;

/* Open (building it on first use) the gazetteer index.  *out is owned by
 * the caller; close with capcat_places_close().  One handle per thread. */
int capcat_places_open(struct capcat_places **out, struct capcat_err *err);
void capcat_places_close(struct capcat_places *pl);       /* NULL is a no-op */

/* The file the index lives in ("" when it is in memory). */
const char *capcat_places_path(const struct capcat_places *pl);

/* Every place named 'name' (name, ASCII name or alternate name, compared
 * folded), countries first, then by population.  *out is malloc'd (free
 * each with capcat_place_release(), then the array).  0 or a CAPCAT_E*. */
int capcat_places_lookup(struct capcat_places *pl, const char *name,
			 struct capcat_place **out, size_t *n, struct capcat_err *err);

/* The place with this id; CAPCAT_ENOTFOUND. */
int capcat_places_get(struct capcat_places *pl, int64_t id, struct capcat_place *out,
		      struct capcat_err *err);

/* Reverse geocoding: the nearest city whose reach (a few km for a village,
 * about 20 km for a city of millions) covers the point; else the region and
 * country of the nearest city within 100 km (out->feature "admin1", or
 * "country" when the region is unknown); else *found = 0 (at sea, in the
 * desert). */
int capcat_places_nearest(struct capcat_places *pl, double lat, double lon,
			  struct capcat_place *out, int *found, struct capcat_err *err);

/* The code of the first-level region a place lies in ("IQ.11"), or of the
 * region itself; "" for a country.  'out' has room for 24 bytes. */
int capcat_places_region_code(struct capcat_places *pl, int64_t id, char out[24],
			      struct capcat_err *err);

/* A lookup callback for capcat_understand() over this gazetteer. */
int capcat_places_lookup_cb(void *payload, const char *name, struct capcat_place **out,
			    size_t *n);

#endif
