/* places.c - the embedded gazetteer, indexed in a cached SQLite file. */
#include "capcat/places.h"
#include "capcat/buf.h"
#include "capcat/util.h"
#include "places_int.h"
#include "sqlite_int.h"

#include <sqlite3.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char capcat_embed_places[];
extern const char capcat_embed_places_end[];

/* Bump when the index layout changes: a new cache file is built. */
#define INDEX_VERSION 2
#define REGION_BASE 10000000000LL       /* ids of countries and regions */
#define CAPCAT_XSTR(x) #x
#define CAPCAT_STR(x) CAPCAT_XSTR(x)

/* Names looked up lately, with what the gazetteer said (nothing, often:
 * every capitalised word of a caption is asked about).  The index never
 * changes, so a remembered answer is the answer. */
#define REMEMBERED 1024

struct remembered {
	char *folded;                   /* NULL: empty slot */
	struct capcat_place *v;
	size_t n;
};

/* Region codes of places met lately, by place id (the same few places
 * come back photo after photo). */
#define REGIONS 256

struct region_memo {
	int64_t id;                     /* 0: empty slot */
	char code[24];
};

/* Places got by id lately (the nearest city of a photo's GPS position is
 * that of the photo before, more often than not). */
#define GOT 256

struct capcat_places {
	sqlite3 *db;
	char path[1024];
	sqlite3_stmt *lookup, *get, *near, *region;
	struct remembered names[REMEMBERED];
	struct region_memo regions[REGIONS];
	struct capcat_place got[GOT];   /* id 0: empty slot */
};

static const char index_sql[] =
	"CREATE TABLE place (id INTEGER PRIMARY KEY, gid TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, feature TEXT NOT NULL, country_code TEXT NOT NULL,"
	" region_gid TEXT, lat REAL, lon REAL, population INTEGER);"
	"CREATE TABLE place_name (folded TEXT NOT NULL, place_id INTEGER NOT NULL,"
	" PRIMARY KEY (folded, place_id)) WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE place_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);";

static int pl_err(struct capcat_places *pl, struct capcat_err *err, const char *what)
{
	return capcat_err_set(err, CAPCAT_EDB, "gazetteer: %s: %s", what,
			      pl->db ? sqlite3_errmsg(pl->db) : "no database");
}

/* A stable id: a city's GeoNames id, else a hash of the code. */
static int64_t place_id(const char *gid)
{
	uint32_t h = 2166136261u;
	char *end;
	long long n = strtoll(gid, &end, 10);

	if (*gid && !*end && n > 0)
		return n;
	for (const char *s = gid; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return REGION_BASE + h;
}


/* Split one TSV line in place into at most 'max' fields. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *s = line; *s && n < max; s++)
		if (*s == '\t') {
			*s = '\0';
			f[n++] = s + 1;
		}
	return n;
}

static int add_name(struct capcat_places *pl, sqlite3_stmt *st, const char *name, int64_t id)
{
	char *folded = NULL;
	int rc = 0;

	if (!*name || capcat_fold(&folded, name, NULL))
		return 0;
	if (*folded && (sqlite3_reset(st), sqlite3_bind_text(st, 1, folded, -1, SQLITE_TRANSIENT),
			sqlite3_bind_int64(st, 2, id), sqlite3_step(st)) != SQLITE_DONE)
		rc = -1;
	sqlite3_reset(st);
	free(folded);
	(void)pl;
	return rc;
}

/* One gazetteer row: id name ascii alternates feature cc admin1 lat lon pop */
static int add_row(struct capcat_places *pl, sqlite3_stmt *ins, sqlite3_stmt *nm,
		   sqlite3_stmt *geo, char **f)
{
	int64_t id = place_id(f[0]);
	int city = !strcmp(f[4], "city");
	char region[64] = "";
	int r = 0;

	if (strcmp(f[4], "country"))
		snprintf(region, sizeof(region), "%s%s%s", city ? f[5] : f[0],
			 city && *f[6] ? "." : "", city ? f[6] : "");
	if (city && !*f[6])
		region[0] = '\0';
	sqlite3_reset(ins);
	r |= sqlite3_bind_int64(ins, 1, id);
	r |= sqlite3_bind_text(ins, 2, f[0], -1, SQLITE_STATIC);
	r |= sqlite3_bind_text(ins, 3, f[1], -1, SQLITE_STATIC);
	r |= sqlite3_bind_text(ins, 4, f[4], -1, SQLITE_STATIC);
	r |= sqlite3_bind_text(ins, 5, f[5], -1, SQLITE_STATIC);
	r |= *region ? sqlite3_bind_text(ins, 6, region, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(ins, 6);
	r |= sqlite3_bind_double(ins, 7, atof(f[7]));
	r |= sqlite3_bind_double(ins, 8, atof(f[8]));
	r |= *f[9] ? sqlite3_bind_int64(ins, 9, atoll(f[9])) : sqlite3_bind_null(ins, 9);
	if (r || sqlite3_step(ins) != SQLITE_DONE)
		return -1;
	if (add_name(pl, nm, f[1], id) || add_name(pl, nm, f[2], id))
		return -1;
	for (char *a = f[3]; a && *a;) {
		char *comma = strchr(a, ',');
		if (comma)
			*comma = '\0';
		if (add_name(pl, nm, a, id))
			return -1;
		a = comma ? comma + 1 : NULL;
	}
	if (!city)
		return 0;
	sqlite3_reset(geo);
	if (sqlite3_bind_int64(geo, 1, id) || sqlite3_bind_double(geo, 2, atof(f[7])) ||
	    sqlite3_bind_double(geo, 3, atof(f[8])) || sqlite3_step(geo) != SQLITE_DONE)
		return -1;
	return 0;
}

/* Load the embedded TSV into an empty database. */
static int build(struct capcat_places *pl, struct capcat_err *err)
{
	sqlite3_stmt *ins = NULL, *nm = NULL, *geo = NULL;
	size_t len = (size_t)(capcat_embed_places_end - capcat_embed_places);
	char *copy = malloc(len + 1), *line, *next;
	int rc = 0;

	if (!copy)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	memcpy(copy, capcat_embed_places, len);
	copy[len] = '\0';
	if (sqlite3_exec(pl->db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;", 0, 0, 0) ||
	    sqlite3_exec(pl->db, index_sql, 0, 0, 0) || sqlite3_exec(pl->db, "BEGIN", 0, 0, 0) ||
	    sqlite3_prepare_v2(pl->db, "INSERT INTO place VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", -1, &ins, 0) ||
	    sqlite3_prepare_v2(pl->db, "INSERT OR IGNORE INTO place_name VALUES (?1, ?2)", -1, &nm, 0) ||
	    sqlite3_prepare_v2(pl->db, "INSERT INTO place_geo VALUES (?1, ?2, ?2, ?3, ?3)", -1, &geo, 0)) {
		rc = pl_err(pl, err, "cannot build the index");
		goto cleanup;
	}
	line = strchr(copy, '\n');              /* skip the header */
	for (line = line ? line + 1 : NULL; line && *line && !rc; line = next) {
		char *f[10];
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (split_tabs(line, f, 10) == 10 && add_row(pl, ins, nm, geo, f))
			rc = pl_err(pl, err, "cannot build the index");
	}
	if (!rc && capcat_places__near_store(pl->db))
		rc = pl_err(pl, err, "cannot build the index");
	if (!rc && sqlite3_exec(pl->db, "COMMIT; PRAGMA user_version = " CAPCAT_STR(INDEX_VERSION),
				0, 0, 0))
		rc = pl_err(pl, err, "cannot build the index");
cleanup:
	sqlite3_finalize(ins);
	sqlite3_finalize(nm);
	sqlite3_finalize(geo);
	free(copy);
	return rc;
}

static const char select_place[] =
	"SELECT p.id, p.name, p.feature, r.name, c.name, p.country_code, p.lat, p.lon,"
	" p.population FROM place p LEFT JOIN place r ON r.gid = p.region_gid"
	" LEFT JOIN place c ON c.gid = p.country_code ";

static int prepare(struct capcat_places *pl, struct capcat_err *err)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "%s JOIN place_name n ON n.place_id = p.id WHERE n.folded = ?1"
		 " ORDER BY p.feature = 'country' DESC, coalesce(p.population, 0) DESC, p.id"
		 " LIMIT 64", select_place);
	if (sqlite3_prepare_v2(pl->db, sql, -1, &pl->lookup, NULL))
		return pl_err(pl, err, "lookup");
	snprintf(sql, sizeof(sql), "%s WHERE p.id = ?1", select_place);
	if (sqlite3_prepare_v2(pl->db, sql, -1, &pl->get, NULL))
		return pl_err(pl, err, "lookup");
	if (sqlite3_prepare_v2(pl->db,
			       "SELECT p.id, p.lat, p.lon, coalesce(p.population, 0) FROM place_geo g"
			       " JOIN place p ON p.id = g.id WHERE g.min_lat >= ?1 AND g.max_lat <= ?2"
			       " AND g.min_lon >= ?3 AND g.max_lon <= ?4", -1, &pl->near, NULL) ||
	    sqlite3_prepare_v2(pl->db, "SELECT region_gid FROM place WHERE id = ?1", -1,
			       &pl->region, NULL))
		return pl_err(pl, err, "lookup");
	return 0;
}

/* An index that is there and complete? */
static int usable(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int ok = 0;

	if (access(path, R_OK) == 0 &&
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		ok = sqlite3_column_int(s, 0) == INDEX_VERSION;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ok;
}

static int cache_path(char *out, size_t n)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return snprintf(out, n, "%s/capcat/places-%.16s.db", xdg, CAPCAT_PLACES_HASH) < (int)n ? 0 : -1;
	if (home && *home)
		return snprintf(out, n, "%s/.cache/capcat/places-%.16s.db", home, CAPCAT_PLACES_HASH) < (int)n ? 0 : -1;
	return -1;
}

/* Build into a temporary file next to 'path', then rename it in place. */
static int build_file(struct capcat_places *pl, const char *path, struct capcat_err *err)
{
	char tmp[1100], *dir = capcat_path_dir(path);
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid());
	rc = dir && capcat_mkdirs(dir) == 0 ? 0 : -1;
	free(dir);
	if (rc || sqlite3_open_v2(tmp, &pl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				  SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(pl->db);
		pl->db = NULL;
		return -1;              /* not writable: the caller builds in memory */
	}
	rc = build(pl, err);
	sqlite3_close(pl->db);
	pl->db = NULL;
	if (rc || rename(tmp, path) != 0) {
		unlink(tmp);
		return rc ? rc : -1;
	}
	return 0;
}

/* The index never changes once renamed into place: opened immutable,
 * SQLite takes no locks and checks for no journal on each query (the
 * lookups of an import would otherwise cost a dozen system calls each). */
static int open_immutable(struct capcat_places *pl)
{
	char *uri = sqlite3_mprintf("file:%s?immutable=1", pl->path);
	int rc;

	if (!uri)
		return SQLITE_NOMEM;
	rc = sqlite3_open_v2(uri, &pl->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX |
			     SQLITE_OPEN_URI, NULL);
	sqlite3_free(uri);
	/* a page cache that holds what reverse geocoding and lookups touch
	 * (a pread() per miss otherwise); bounded, unlike a mapping, so that
	 * memory does not grow with the places an import meets */
	if (rc == SQLITE_OK)
		sqlite3_exec(pl->db, "PRAGMA cache_size = -4096", NULL, NULL, NULL);
	return rc;
}

/* The import's threads open the gazetteer at once: one builds a missing
 * file while the others wait for it (two building into the same
 * temporary file spoilt both, and each then built one in memory). */
static int usable_or_built(struct capcat_places *pl, struct capcat_err *err)
{
	static pthread_mutex_t building = PTHREAD_MUTEX_INITIALIZER;
	int ok;

	pthread_mutex_lock(&building);
	ok = usable(pl->path) || build_file(pl, pl->path, err) == 0;
	pthread_mutex_unlock(&building);
	return ok;
}

int capcat_places_open(struct capcat_places **out, struct capcat_err *err)
{
	struct capcat_places *pl = calloc(1, sizeof(*pl));
	int rc = 0;

	if (!pl)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	capcat_sqlite__setup();
	if (cache_path(pl->path, sizeof(pl->path)) == 0 && usable_or_built(pl, err) &&
	    open_immutable(pl) == SQLITE_OK) {
		rc = prepare(pl, err);
	} else {
		/* no usable cache folder: an index for this run only */
		sqlite3_close(pl->db);
		pl->db = NULL;
		pl->path[0] = '\0';
		if (sqlite3_open(":memory:", &pl->db) != SQLITE_OK)
			rc = pl_err(pl, err, "cannot open");
		else if (!(rc = build(pl, err)))
			rc = prepare(pl, err);
	}
	if (rc) {
		capcat_places_close(pl);
		return rc;
	}
	*out = pl;
	return 0;
}

void capcat_places_close(struct capcat_places *pl)
{
	if (!pl)
		return;
	sqlite3_finalize(pl->lookup);
	sqlite3_finalize(pl->get);
	sqlite3_finalize(pl->near);
	sqlite3_finalize(pl->region);
	sqlite3_close(pl->db);
	for (int i = 0; i < GOT; i++)
		capcat_place_release(&pl->got[i]);
	for (int i = 0; i < REMEMBERED; i++) {
		for (size_t k = 0; k < pl->names[i].n; k++)
			capcat_place_release(&pl->names[i].v[k]);
		free(pl->names[i].v);
		free(pl->names[i].folded);
	}
	free(pl);
}

const char *capcat_places_path(const struct capcat_places *pl)
{
	return pl->path;
}

static int dup_col(sqlite3_stmt *s, int i, char **out)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	*out = NULL;
	return v && !(*out = strdup(v)) ? CAPCAT_ENOMEM : 0;
}

/* A row of select_place into 'p'. */
static int read_place(sqlite3_stmt *s, struct capcat_place *p)
{
	int r = 0;

	capcat_place_init(p);
	p->id = sqlite3_column_int64(s, 0);
	r |= dup_col(s, 1, &p->name);
	r |= dup_col(s, 2, &p->feature);
	r |= dup_col(s, 3, &p->region);
	r |= dup_col(s, 4, &p->country);
	r |= dup_col(s, 5, &p->country_code);
	p->lat = sqlite3_column_double(s, 6);
	p->lon = sqlite3_column_double(s, 7);
	p->population = sqlite3_column_int64(s, 8);
	if (p->feature && !strcmp(p->feature, "country")) {
		free(p->country);       /* a country is its own country */
		p->country = p->name ? strdup(p->name) : NULL;
	}
	if (r)
		capcat_place_release(p);
	return r ? CAPCAT_ENOMEM : 0;
}

static struct remembered *slot_for(struct capcat_places *pl, const char *folded)
{
	uint32_t h = 2166136261u;       /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)folded; *p; p++)
		h = (h ^ *p) * 16777619u;
	return &pl->names[h % REMEMBERED];
}

/* A deep copy of n places; 0 or CAPCAT_ENOMEM (nothing allocated). */
static int copy_places(struct capcat_place **out, const struct capcat_place *v, size_t n)
{
	size_t i;

	*out = NULL;
	if (!n)
		return 0;
	if (!(*out = calloc(n, sizeof(**out))))
		return CAPCAT_ENOMEM;
	for (i = 0; i < n; i++)
		if (capcat_place_copy(&(*out)[i], &v[i]))
			break;
	if (i == n)
		return 0;
	while (i--)
		capcat_place_release(&(*out)[i]);
	free(*out);
	*out = NULL;
	return CAPCAT_ENOMEM;
}

/* Remember what 'folded' gave, in place of what its slot held. */
static void remember(struct capcat_places *pl, char *folded, const struct capcat_place *v,
		     size_t n)
{
	struct remembered *r = slot_for(pl, folded), fresh = { folded, NULL, n };

	if (copy_places(&fresh.v, v, n)) {
		free(folded);
		return;
	}
	for (size_t k = 0; k < r->n; k++)
		capcat_place_release(&r->v[k]);
	free(r->v);
	free(r->folded);
	*r = fresh;
}

/* Whether p's own name folds to 'folded' (else an alternate name matched):
 * worked out once here, not for every lookup the answer is remembered for. */
static int by_name(struct capcat_place *p, const char *folded, struct capcat_err *err)
{
	char *f = NULL;
	int rc = p->name ? capcat_fold(&f, p->name, err) : 0;

	p->by_name = f && !strcmp(f, folded);
	free(f);
	if (rc)
		capcat_place_release(p);
	return rc;
}

static int query(struct capcat_places *pl, const char *folded, struct capcat_place **out,
		 size_t *n, struct capcat_err *err)
{
	struct capcat_place *v = NULL;
	size_t cap = 0;
	int rc = 0;

	sqlite3_reset(pl->lookup);
	if (sqlite3_bind_text(pl->lookup, 1, folded, -1, SQLITE_TRANSIENT))
		return pl_err(pl, err, "lookup");
	while (!rc && sqlite3_step(pl->lookup) == SQLITE_ROW) {
		if (*n == cap) {
			struct capcat_place *p = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof(*v));
			if (!p) {
				rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
				break;
			}
			v = p;
		}
		if (!(rc = read_place(pl->lookup, &v[*n])) &&
		    !(rc = by_name(&v[*n], folded, err)))
			(*n)++;
	}
	sqlite3_reset(pl->lookup);
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			capcat_place_release(&v[i]);
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int capcat_places_lookup(struct capcat_places *pl, const char *name,
			 struct capcat_place **out, size_t *n, struct capcat_err *err)
{
	struct remembered *r;
	char *folded = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = capcat_fold(&folded, name, err)))
		return rc;
	r = slot_for(pl, folded);
	if (r->folded && !strcmp(r->folded, folded)) {
		free(folded);
		if (copy_places(out, r->v, r->n))
			return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		*n = r->n;
		return 0;
	}
	if ((rc = query(pl, folded, out, n, err))) {
		free(folded);
		return rc;
	}
	remember(pl, folded, *out, *n);         /* takes 'folded' */
	return 0;
}

int capcat_places_get(struct capcat_places *pl, int64_t id, struct capcat_place *out,
		      struct capcat_err *err)
{
	struct capcat_place *g = &pl->got[(uint64_t)id % GOT];
	int rc;

	if (id && g->id == id)
		return capcat_place_copy(out, g) ? capcat_err_set(err, CAPCAT_ENOMEM, "out of memory") : 0;
	sqlite3_reset(pl->get);
	if (sqlite3_bind_int64(pl->get, 1, id))
		return pl_err(pl, err, "lookup");
	if (sqlite3_step(pl->get) != SQLITE_ROW)
		rc = capcat_err_set(err, CAPCAT_ENOTFOUND, "no place %lld", (long long)id);
	else if ((rc = read_place(pl->get, out)))
		capcat_err_set(err, rc, "out of memory");
	sqlite3_reset(pl->get);
	if (!rc && out->id == id) {
		capcat_place_release(g);
		if (capcat_place_copy(g, out))
			capcat_place_init(g);   /* not remembered: no harm */
	}
	return rc;
}

int capcat_places_lookup_cb(void *payload, const char *name, struct capcat_place **out,
			    size_t *n)
{
	return capcat_places_lookup(payload, name, out, n, NULL);
}

static double km_between(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0, d2r = M_PI / 180;
	double dlat = (lat2 - lat1) * d2r, dlon = (lon2 - lon1) * d2r;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * d2r) * cos(lat2 * d2r) * sin(dlon / 2) * sin(dlon / 2);

	return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

/* How far a city reaches: 3 km for a village, about 20 km for 10 million. */
#define MAX_REACH_KM 26.0     /* reach_km() of the largest population it counts */

static double reach_km(int64_t population)
{
	double p = population > 1000 ? (double)population : 1000;

	if (p > 1e8)
		p = 1e8;
	return 3 + 4.5 * log10(p / 1000);       /* at most 25.5 km */
}

/* The best city whose reach covers the point and the nearest city so
 * far.  Ties go to the smaller id, so that the order places come in
 * (the R*Tree's or the index's) does not matter. */
struct near_scan {
	double lat, lon;
	double best, nearest;
	int64_t city, near;
	double cos_lat, cos_min;        /* of the point's latitude; the least in the box */
};

/* A lower bound of the distance in km, squared, without trigonometry: the
 * haversine formula, sin^2(d/2R) = sin^2(dlat/2) + cos(lat1) cos(lat2)
 * sin^2(dlon/2), with sin x >= x - x^3/6, cos(lat2) >= cos_min, and
 * d >= 2R sin(d/2R). */
static double km2_at_least(const struct near_scan *ns, double lat, double lon)
{
	const double d2r = M_PI / 180, two_r = 2 * 6371.0;
	double y = fabs(lat - ns->lat) * d2r / 2, x = fabs(lon - ns->lon) * d2r / 2;
	double sy = y - y * y * y / 6, sx = x - x * x * x / 6;

	sy = sy > 0 ? sy : 0;
	sx = sx > 0 ? sx : 0;
	return two_r * two_r * (sy * sy + ns->cos_lat * ns->cos_min * sx * sx);
}

static void consider(struct near_scan *ns, int64_t id, double lat, double lon, int64_t population)
{
	/* a city counts only as near as the nearest so far, or within its
	 * reach (at most MAX_REACH_KM) times the best score: most of a box's
	 * cities are ruled out before any sine is taken */
	double most = fmax(ns->nearest, ns->best * MAX_REACH_KM) * (1 + 1e-9) + 1e-9;
	double km, score;

	if (km2_at_least(ns, lat, lon) > most * most)
		return;
	km = km_between(ns->lat, ns->lon, lat, lon);
	score = km / reach_km(population);

	if (score < ns->best || (score == ns->best && (!ns->city || id < ns->city))) {
		ns->best = score;
		ns->city = id;
	}
	if (km < ns->nearest || (km == ns->nearest && (!ns->near || id < ns->near))) {
		ns->nearest = km;
		ns->near = id;
	}
}

static void consider_entry(void *payload, const struct capcat_near_entry *e)
{
	consider(payload, e->id, e->lat, e->lon, e->population);
}

/* Scan the cities within 'box_km' of the point: the best one whose reach
 * covers it (*city), and the nearest of all (*near), by id; 0 if none. */
static int scan_near(struct capcat_places *pl, double lat, double lon, double box_km,
		     int64_t *city, int64_t *near, struct capcat_err *err)
{
	double dlat = box_km / 111.0, dlon = box_km / (111.0 * fmax(cos(lat * M_PI / 180), 0.05));
	struct near_scan ns = { lat, lon, 1.0, box_km, 0, 0, cos(lat * M_PI / 180),
				cos(fmin(fabs(lat) + dlat, 90) * M_PI / 180) };
	const struct capcat_near_index *ix = capcat_places__near_index(pl->db);
	int step = SQLITE_DONE;

	if (ix) {
		capcat_places__near_box(ix, lat - dlat, lat + dlat, lon - dlon, lon + dlon,
					consider_entry, &ns);
	} else {                        /* no memory for the index: SQLite's R*Tree */
		sqlite3_reset(pl->near);
		if (sqlite3_bind_double(pl->near, 1, lat - dlat) ||
		    sqlite3_bind_double(pl->near, 2, lat + dlat) ||
		    sqlite3_bind_double(pl->near, 3, lon - dlon) ||
		    sqlite3_bind_double(pl->near, 4, lon + dlon))
			return pl_err(pl, err, "nearest");
		while ((step = sqlite3_step(pl->near)) == SQLITE_ROW)
			consider(&ns, sqlite3_column_int64(pl->near, 0),
				 sqlite3_column_double(pl->near, 1), sqlite3_column_double(pl->near, 2),
				 sqlite3_column_int64(pl->near, 3));
		sqlite3_reset(pl->near);
	}
	*city = ns.city;
	*near = ns.near;
	return step == SQLITE_DONE ? 0 : pl_err(pl, err, "nearest");
}

int capcat_places_nearest(struct capcat_places *pl, double lat, double lon,
			  struct capcat_place *out, int *found, struct capcat_err *err)
{
	struct capcat_place c;
	int64_t city = 0, near = 0;
	int rc;

	*found = 0;
	if (!(fabs(lat) <= 90 && fabs(lon) <= 180))
		return 0;
	/* a city whose reach covers the point lies within MAX_REACH_KM: a small
	 * box first (a 100 km box holds thousands of towns in Europe), the
	 * large one only for the nearest town when no city covers it */
	if ((rc = scan_near(pl, lat, lon, MAX_REACH_KM, &city, &near, err)) ||
	    (!city && (rc = scan_near(pl, lat, lon, 100, &city, &near, err))))
		return rc;
	if (city)
		rc = capcat_places_get(pl, city, out, err);
	else if (near && !(rc = capcat_places_get(pl, near, &c, err))) {
		/* near a town but not in it: its region and country */
		char code[24];
		capcat_place_init(out);
		out->lat = lat;
		out->lon = lon;
		out->country_code = c.country_code ? strdup(c.country_code) : NULL;
		out->country = c.country ? strdup(c.country) : NULL;
		out->region = c.region ? strdup(c.region) : NULL;
		if ((out->name = strdup(out->region ? out->region : out->country ? out->country : "")) &&
		    (out->feature = strdup(out->region ? "admin1" : "country")) &&
		    !capcat_places_region_code(pl, c.id, code, NULL) && *code)
			out->id = place_id(code);
		capcat_place_release(&c);
		if (!out->name || !out->feature)
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	} else {
		return 0;
	}
	*found = !rc && (city || near);
	return rc;
}

int capcat_places_region_code(struct capcat_places *pl, int64_t id, char out[24],
			      struct capcat_err *err)
{
	sqlite3_stmt *s = pl->region;   /* prepared once: called for every place of an import */
	struct region_memo *m = &pl->regions[(uint64_t)id % REGIONS];
	int rc = 0;

	if (id && m->id == id) {
		memcpy(out, m->code, sizeof(m->code));
		return 0;
	}
	out[0] = '\0';
	sqlite3_reset(s);
	if (sqlite3_bind_int64(s, 1, id))
		rc = pl_err(pl, err, "region");
	else if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, 24, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (!rc && id) {
		m->id = id;
		memcpy(m->code, out, sizeof(m->code));
	}
	return rc;
}
