/* places_near.c - reverse geocoding without SQL.
 *
 * Every photo with GPS asks for the cities within a box around it.
 * SQLite's R*Tree answers in tens of microseconds (a join to place for
 * each candidate); an import of thousands of photos asks thousands of
 * times.  This index holds the gazetteer's 113,000 cities in memory
 * (4 MB), sorted by strips of latitude and, within a strip, by longitude:
 * a box is a binary search and a short scan in two or three strips.
 */
#include "places_int.h"
#include "capcat/util.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define STRIPS_PER_DEG 4
#define NSTRIPS (180 * STRIPS_PER_DEG)

struct capcat_near_index {
	struct capcat_near_entry *e;    /* by strip, then longitude */
	size_t n;
	size_t start[NSTRIPS + 1];      /* strip s is e[start[s] .. start[s + 1]) */
};

/* Making the index takes 0.1 s: worth it for an import, not for the few
 * positions a caption edit or a small import asks about. */
#define ASKS_BEFORE_INDEX 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct capcat_near_index *shared;        /* made once, never freed */
static int asked, failed, asks_before = ASKS_BEFORE_INDEX;

static int strip_of(double lat)
{
	int s = (int)floor((lat + 90) * STRIPS_PER_DEG);

	return s < 0 ? 0 : s >= NSTRIPS ? NSTRIPS - 1 : s;
}

static int by_strip_lon(const void *pa, const void *pb)
{
	const struct capcat_near_entry *a = pa, *b = pb;

	if (a->strip != b->strip)
		return a->strip < b->strip ? -1 : 1;
	if (a->lon != b->lon)
		return a->lon < b->lon ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static struct capcat_near_index *make(sqlite3 *db)
{
	/* the places of place_geo, read in one pass of place */
	static const char sql[] = "SELECT id, lat, lon, coalesce(population, 0) FROM place"
				  " WHERE feature = 'city'";
	struct capcat_near_index *ix = calloc(1, sizeof(*ix));
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int step = SQLITE_ERROR;

	if (!ix || sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		goto fail;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct capcat_near_entry *e = capcat_grow(ix->e, &cap, ix->n + 1, sizeof(*e), 131072);
		if (!e)
			goto fail;
		ix->e = e;
		e += ix->n++;
		e->id = sqlite3_column_int64(s, 0);
		e->lat = sqlite3_column_double(s, 1);
		e->lon = sqlite3_column_double(s, 2);
		e->population = sqlite3_column_int64(s, 3);
		e->strip = strip_of(e->lat);
	}
	if (step != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	qsort(ix->e, ix->n, sizeof(*ix->e), by_strip_lon);
	for (size_t i = 0, k = 0; k <= NSTRIPS; k++) {
		while (i < ix->n && ix->e[i].strip < (int)k)
			i++;
		ix->start[k] = k == NSTRIPS ? ix->n : i;
	}
	return ix;
fail:
	sqlite3_finalize(s);
	if (ix)
		free(ix->e);
	free(ix);
	return NULL;
}

const struct capcat_near_index *capcat_places__near_index(sqlite3 *db)
{
	struct capcat_near_index *ix;

	pthread_mutex_lock(&lock);
	if (!shared && !failed && ++asked > asks_before && !(shared = make(db)))
		failed = 1;
	ix = shared;
	pthread_mutex_unlock(&lock);
	return ix;
}

void capcat_places__near_after(int asks)
{
	pthread_mutex_lock(&lock);
	asked = 0;
	asks_before = asks;
	pthread_mutex_unlock(&lock);
}

void capcat_places__near_box(const struct capcat_near_index *ix, double lat0, double lat1,
			     double lon0, double lon1,
			     void (*each)(void *payload, const struct capcat_near_entry *e),
			     void *payload)
{
	for (int s = strip_of(lat0), s1 = strip_of(lat1); s <= s1; s++) {
		size_t lo = ix->start[s], hi = ix->start[s + 1];
		while (lo < hi) {               /* the first with lon >= lon0 */
			size_t mid = lo + (hi - lo) / 2;
			if (ix->e[mid].lon < lon0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < ix->start[s + 1] && ix->e[i].lon <= lon1; i++) {
			const struct capcat_near_entry *e = &ix->e[i];
			if (e->lat >= lat0 && e->lat <= lat1)
				each(payload, e);
		}
	}
}
