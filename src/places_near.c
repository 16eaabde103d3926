/* places_near.c - reverse geocoding without SQL.
 *
 * Every photo with GPS asks for the cities within a box around it.
 * SQLite's R*Tree answers in tens of microseconds (a join to place for
 * each candidate); an import of thousands of photos asks thousands of
 * times.  This index holds the gazetteer's 113,000 cities in memory
 * (4 MB), sorted by strips of latitude and, within a strip, by longitude:
 * a box is a binary search and a short scan in two or three strips.
 * The gazetteer file keeps a copy of the sorted entries (place_near),
 * made when the file is built, so that a process loads it in one read.
 */
#include "places_int.h"
#include "capcat/util.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STRIPS_PER_DEG 4
#define NSTRIPS (180 * STRIPS_PER_DEG)

struct capcat_near_index {
	struct capcat_near_entry *e;    /* by strip, then longitude */
	size_t n;
	size_t start[NSTRIPS + 1];      /* strip s is e[start[s] .. start[s + 1]) */
};

/* Loading the index takes a few milliseconds (making it from the place
 * table, when the gazetteer file has no copy, 0.1 s): worth it for an
 * import, not for the few positions a caption edit asks about. */
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

static void index_strips(struct capcat_near_index *ix)
{
	for (size_t i = 0, k = 0; k <= NSTRIPS; k++) {
		while (i < ix->n && ix->e[i].strip < (int)k)
			i++;
		ix->start[k] = k == NSTRIPS ? ix->n : i;
	}
}

static void index_free(struct capcat_near_index *ix)
{
	if (ix)
		free(ix->e);
	free(ix);
}

/* The index made from the gazetteer's place table: a scan of 113,000
 * rows and a sort, a tenth of a second. */
static struct capcat_near_index *make_from_places(sqlite3 *db)
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
		memset(e, 0, sizeof(*e));       /* padding too: the entries are stored as bytes */
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
	index_strips(ix);
	return ix;
fail:
	sqlite3_finalize(s);
	index_free(ix);
	return NULL;
}

/* The entries as the gazetteer file stores them (table place_near, made
 * with the file): a header, then the sorted entries as this build of
 * capcat lays them out. */
struct blob_head {
	char magic[4];                  /* "CCNI" */
	uint32_t entry_size;            /* sizeof(struct capcat_near_entry) */
	uint64_t n;
};

static struct capcat_near_index *make_from_blob(sqlite3 *db)
{
	struct capcat_near_index *ix = NULL;
	sqlite3_stmt *s = NULL;
	struct blob_head h;
	const unsigned char *p;
	size_t len;

	if (sqlite3_prepare_v2(db, "SELECT data FROM place_near", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		goto done;
	p = sqlite3_column_blob(s, 0);
	len = (size_t)sqlite3_column_bytes(s, 0);
	if (!p || len < sizeof(h))
		goto done;
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.magic, "CCNI", 4) || h.entry_size != sizeof(struct capcat_near_entry) ||
	    h.n == 0 || h.n != (len - sizeof(h)) / sizeof(struct capcat_near_entry) ||
	    (len - sizeof(h)) % sizeof(struct capcat_near_entry))
		goto done;
	if (!(ix = calloc(1, sizeof(*ix))) || !(ix->e = malloc(len - sizeof(h)))) {
		index_free(ix);
		ix = NULL;
		goto done;
	}
	memcpy(ix->e, p + sizeof(h), len - sizeof(h));
	ix->n = (size_t)h.n;
	index_strips(ix);
done:
	sqlite3_finalize(s);
	return ix;
}

int capcat_places__near_store(sqlite3 *db)
{
	struct capcat_near_index *ix = make_from_places(db);
	struct blob_head h = { { 'C', 'C', 'N', 'I' }, sizeof(struct capcat_near_entry), 0 };
	sqlite3_stmt *s = NULL;
	unsigned char *buf = NULL;
	size_t len;
	int rc = -1;

	if (!ix)
		return -1;
	h.n = ix->n;
	len = sizeof(h) + ix->n * sizeof(*ix->e);
	if (len > INT32_MAX || !(buf = malloc(len)))
		goto done;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), ix->e, ix->n * sizeof(*ix->e));
	if (sqlite3_exec(db, "CREATE TABLE place_near (data BLOB NOT NULL)", NULL, NULL, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO place_near VALUES (?1)", -1, &s, NULL) ||
	    sqlite3_bind_blob(s, 1, buf, (int)len, SQLITE_STATIC) || sqlite3_step(s) != SQLITE_DONE)
		goto done;
	rc = 0;
done:
	sqlite3_finalize(s);
	free(buf);
	index_free(ix);
	return rc;
}

const struct capcat_near_index *capcat_places__near_index(sqlite3 *db)
{
	struct capcat_near_index *ix;

	pthread_mutex_lock(&lock);
	if (!shared && !failed && ++asked > asks_before &&
	    !(shared = make_from_blob(db)) && !(shared = make_from_places(db)))
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
