/* search.c - queries over the catalog.
 *
 * Each filter is one SELECT of photo ids with every value bound; the sets
 * meet as bitmaps in memory, and the photos left are put in date order by
 * the keys of photo_order (order.c), so the cost of a query is that of
 * its filters' index scans, not of joins or of sorting in SQL. */
#include "capcat/search.h"
#include "catalog_int.h"
#include "capcat/buf.h"
#include "capcat/caption.h"
#include "capcat/understand.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_BINDS 64

/* ---- query arguments ---- */

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* "YYYY[-MM[-DD]]" -> its length (4, 7, 10), or 0 if it is not a date. */
static int date_shape(const char *s)
{
	int y, m = 1, d = 1, n = (int)strlen(s);

	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (int i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	y = atoi(s);
	if (n >= 7)
		m = atoi(s + 5);
	if (n == 10)
		d = atoi(s + 8);
	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return 0;
	return n;
}

/* The first string after every date that starts with 's': "2024-09" ->
 * "2024-09~" ('~' sorts after any date and time). */
static void after(char out[12], const char *s)
{
	snprintf(out, 12, "%s~", s);
}

static int bad_date(struct capcat_err *err, const char *opt, const char *s)
{
	return capcat_err_set(err, CAPCAT_EUSAGE, "%s wants a date as 2024, 2024-09 or 2024-09-11, "
			      "not '%s'", opt, s);
}

int capcat_query_date(struct capcat_query *q, const char *date, struct capcat_err *err)
{
	if (!date_shape(date))
		return bad_date(err, "--date", date);
	snprintf(q->date_lo, sizeof(q->date_lo), "%s", date);
	after(q->date_hi, date);
	return 0;
}

int capcat_query_from(struct capcat_query *q, const char *date, struct capcat_err *err)
{
	if (!date_shape(date))
		return bad_date(err, "--from", date);
	snprintf(q->date_lo, sizeof(q->date_lo), "%s", date);
	return 0;
}

int capcat_query_to(struct capcat_query *q, const char *date, struct capcat_err *err)
{
	if (!date_shape(date))
		return bad_date(err, "--to", date);
	after(q->date_hi, date);
	return 0;
}

int capcat_query_near(struct capcat_query *q, const char *spec, struct capcat_err *err)
{
	double lat, lon, km = 10;
	char extra;
	int n = sscanf(spec, "%lf,%lf,%lf%c", &lat, &lon, &km, &extra);

	if ((n != 2 && n != 3) || fabs(lat) > 90 || fabs(lon) > 180 || !(km > 0) || km > 20000)
		return capcat_err_set(err, CAPCAT_EUSAGE, "--near wants LAT,LON[,KM] such as "
				      "33.31,44.36,5, not '%s'", spec);
	q->has_near = 1;
	q->near_lat = lat;
	q->near_lon = lon;
	q->near_km = km;
	return 0;
}

int capcat_query_missing(struct capcat_query *q, const char *what, struct capcat_err *err)
{
	static const char *const names[] = { "caption", "credit", "place", "date", "people" };

	for (unsigned i = 0; i < 5; i++)
		if (!strcmp(what, names[i])) {
			q->missing |= 1u << i;
			return 0;
		}
	return capcat_err_set(err, CAPCAT_EUSAGE, "--missing is caption, credit, place, date or "
			      "people, not '%s'", what);
}

/* ---- building the SELECT ---- */

struct bind {
	int is_num;
	double num;
	char *text;
};

struct builder {
	struct capcat_catalog *cat;
	struct capcat_buf sql;
	struct bind binds[MAX_BINDS];
	int nbinds;
	int oom;
	struct capcat_err *err;
};

/* Append SQL with '?' for each value that follows in the variadic list of
 * strings (NULL-terminated); returns 0 or CAPCAT_ENOMEM. */
static int add_text(struct builder *b, const char *v)
{
	if (b->nbinds == MAX_BINDS || !(b->binds[b->nbinds].text = strdup(v ? v : ""))) {
		b->oom = 1;
		return -1;
	}
	b->binds[b->nbinds].is_num = 0;
	return ++b->nbinds;
}

static int add_num(struct builder *b, double v)
{
	if (b->nbinds == MAX_BINDS) {
		b->oom = 1;
		return -1;
	}
	b->binds[b->nbinds].is_num = 1;
	b->binds[b->nbinds].num = v;
	b->binds[b->nbinds].text = NULL;
	return ++b->nbinds;
}

static void sql(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sql(struct builder *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (capcat_buf_adds(&b->sql, tmp))
		b->oom = 1;
}

/* A folded name column matches 'q' whole or as whole words of it.  instr(),
 * not LIKE: nothing in a name is a wildcard, and SQLite refuses a LIKE
 * pattern longer than 50,000 bytes with an error. */
static void name_match(struct builder *b, const char *col, const char *q)
{
	char *folded = NULL;
	int i;

	if (capcat_fold(&folded, q, NULL)) {
		b->oom = 1;
		return;
	}
	i = add_text(b, folded);
	sql(b, "(%s = ?%d OR instr(' ' || %s || ' ', ' ' || ?%d || ' ') > 0)", col, i, col, i);
	free(folded);
}

/* Each filter is one SELECT of photo ids, read into a set (below); a
 * filter never joins another, so each is an index scan of what it
 * matches and the sets meet in memory. */
static void person_filter(struct builder *b, const char *person)
{
	/* the few matching people first, then their photos by index */
	sql(b, "SELECT photo_id FROM photo_person WHERE person_id IN (SELECT id FROM person WHERE ");
	name_match(b, "folded", person);
	sql(b, ")");
}

static void photographer_filter(struct builder *b, const char *who)
{
	sql(b, "SELECT photo_id FROM credit_photographer WHERE ");
	name_match(b, "folded", who);
}

static void agency_filter(struct builder *b, const char *agency)
{
	const char *norm = capcat_agency_normalise(agency, strlen(agency));
	int i = add_text(b, norm ? norm : agency);

	/* UNION ALL of index scans: an OR would read rows, UNION sort them */
	sql(b, "SELECT photo_id FROM credit WHERE agency = ?%d COLLATE NOCASE"
	    " UNION ALL SELECT photo_id FROM credit WHERE via = ?%d COLLATE NOCASE"
	    " UNION ALL SELECT photo_id FROM credit WHERE provider = ?%d COLLATE NOCASE"
	    " UNION ALL SELECT photo_id FROM credit WHERE issuer = ?%d COLLATE NOCASE", i, i, i, i);
}

/* In make or model, ignoring ASCII case (as LIKE did, without its
 * wildcards and its limit on pattern length). */
static void camera_filter(struct builder *b, const char *camera)
{
	int i = add_text(b, camera);

	sql(b, "SELECT id FROM photo WHERE instr(lower(make), lower(?%d)) > 0"
	    " OR instr(lower(model), lower(?%d)) > 0", i, i);
}

static void date_filter(struct builder *b, const struct capcat_query *q)
{
	int lo = add_text(b, q->date_lo[0] ? q->date_lo : "0");
	int hi = add_text(b, q->date_hi[0] ? q->date_hi : "~");

	/* the photo's own date, or the date its caption states */
	sql(b, "SELECT id FROM photo WHERE taken >= ?%d AND taken < ?%d"
	    " UNION ALL SELECT photo_id FROM caption_date WHERE date >= ?%d AND date < ?%d",
	    lo, hi, lo, hi);
}

static void near_filter(struct builder *b, const struct capcat_query *q)
{
	double dlat = q->near_km / 111.0;
	double dlon = q->near_km / (111.0 * fmax(cos(q->near_lat * M_PI / 180), 0.01));
	int la = add_num(b, q->near_lat), lo = add_num(b, q->near_lon), km = add_num(b, q->near_km);

	/* a range of the photo_gps index, whose entries hold the longitude */
	sql(b, "SELECT id FROM photo WHERE gps_lat BETWEEN ?%d - %.6f AND ?%d + %.6f"
	    " AND gps_lon BETWEEN ?%d - %.6f AND ?%d + %.6f"
	    " AND capcat_km(gps_lat, gps_lon, ?%d, ?%d) <= ?%d",
	    la, dlat, la, dlat, lo, dlon, lo, dlon, la, lo, km);
}

/* --missing X: the photos that have X, taken away from the result. */
static const char *const have_sql[] = {
	/* photo_field spelled out, so that file_field_caption serves it */
	[0] = "SELECT photo_id FROM user_field WHERE field IN ('caption', 'comment') AND value <> ''"
	      " UNION ALL SELECT f.photo_id FROM file_field f WHERE f.chosen"
	      " AND f.field IN ('caption', 'comment') AND f.value <> ''"
	      " AND NOT EXISTS (SELECT 1 FROM user_field u WHERE u.photo_id = f.photo_id"
	      " AND u.field = f.field)",
	[1] = "SELECT photo_id FROM credit",
	[2] = "SELECT photo_id FROM photo_place",
	[3] = NULL,                     /* date: the order key says, see gather() */
	[4] = "SELECT photo_id FROM photo_person",
};

static void split_hint(const char *place, char *name, size_t n, const char **hint)
{
	const char *comma = strrchr(place, ',');

	snprintf(name, n, "%.*s", comma ? (int)(comma - place) : (int)strlen(place), place);
	*hint = comma ? comma + 1 : NULL;
	while (*hint && **hint == ' ')
		(*hint)++;
}

static int in_country(const struct capcat_place *p, const char *hint)
{
	char *a = NULL, *b = NULL;
	int same;

	if (!hint || !*hint)
		return 1;
	if (p->country_code && !strcasecmp(p->country_code, hint))
		return 1;
	if (!p->country || capcat_fold(&a, p->country, NULL) || capcat_fold(&b, hint, NULL)) {
		free(a);
		return 0;
	}
	same = !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

/* Gazetteer places named 'name' as SQL conditions on photo_place: a
 * country takes in all it contains, a region its cities. */
static void place_terms(struct builder *b, struct capcat_places *pl, const char *name,
			const char *hint)
{
	struct capcat_place *v = NULL;
	size_t n = 0;
	int countries = 0;

	if (!pl || capcat_places_lookup(pl, name, &v, &n, NULL))
		return;
	for (size_t i = 0; i < n; i++)
		countries += in_country(&v[i], hint) && v[i].feature && !strcmp(v[i].feature, "country");
	for (size_t i = 0; i < n && b->nbinds < MAX_BINDS - 8; i++) {
		const char *f = v[i].feature ? v[i].feature : "";
		char code[24];
		if (!in_country(&v[i], hint) || (countries && strcmp(f, "country")))
			continue;       /* "Iraq" the country, not a town it also names */
		/* a UNION ALL of index scans: an OR across columns would read rows */
		if (!strcmp(f, "country")) {
			sql(b, " UNION ALL SELECT photo_id FROM photo_place WHERE country_code = ?%d",
			    add_text(b, v[i].country_code));
		} else if (!strcmp(f, "admin1") && !capcat_places_region_code(pl, v[i].id, code, NULL)) {
			/* photo_place_area: the region within its country */
			int cc = add_text(b, v[i].country_code);
			sql(b, " UNION ALL SELECT photo_id FROM photo_place WHERE country_code = ?%d"
			    " AND region_code = ?%d", cc, add_text(b, code));
		} else {
			sql(b, " UNION ALL SELECT photo_id FROM photo_place WHERE place_id = ?%d",
			    add_num(b, (double)v[i].id));
		}
	}
	for (size_t i = 0; i < n; i++)
		capcat_place_release(&v[i]);
	free(v);
}

/* Users type "it's" and "al-Sudani": FTS5 barewords allow neither, so
 * each word with other characters is quoted (a trailing * stays outside).
 * Phrases in double quotes, OR, AND, NOT, NEAR and parentheses pass. */
static char *fts_text(const char *q)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	const char *s = q;

	while (*s) {
		const char *e;
		int plain = 1;
		size_t n;
		if (*s == ' ' || *s == '(' || *s == ')') {
			capcat_buf_addch(&b, *s++);
			continue;
		}
		if (*s == '"') {                /* a phrase, as written */
			e = strchr(s + 1, '"');
			e = e ? e + 1 : s + strlen(s);
			capcat_buf_add(&b, s, (size_t)(e - s));
			s = e;
			continue;
		}
		for (e = s; *e && *e != ' ' && *e != '(' && *e != ')' && *e != '"'; e++)
			if (!isalnum((unsigned char)*e) && *e != '_' && !((unsigned char)*e & 0x80) &&
			    !(*e == '*' && (e[1] == ' ' || !e[1] || e[1] == ')')))
				plain = 0;
		n = (size_t)(e - s);
		if (plain) {
			capcat_buf_add(&b, s, n);
		} else {
			int star = s[n - 1] == '*';
			capcat_buf_addch(&b, '"');
			capcat_buf_add(&b, s, n - (size_t)star);
			capcat_buf_addch(&b, '"');
			if (star)
				capcat_buf_addch(&b, '*');
		}
		s = e;
	}
	return capcat_buf_detach(&b, NULL);
}

static void place_filter(struct builder *b, const char *place)
{
	char name[256], *folded = NULL;
	const char *hint;

	split_hint(place, name, sizeof(name), &hint);
	if (capcat_fold(&folded, name, NULL)) {
		b->oom = 1;
		return;
	}
	/* a venue not in the gazetteer matches by its name */
	sql(b, "SELECT photo_id FROM photo_place WHERE folded = ?%d", add_text(b, folded));
	free(folded);
	place_terms(b, capcat_catalog__places(b->cat, NULL), name, hint);
}

static void text_filter(struct builder *b, const struct capcat_query *q)
{
	char *t = fts_text(q->text);

	sql(b, "SELECT rowid%s FROM photo_fts WHERE photo_fts MATCH ?%d",
	    q->sort == CAPCAT_SORT_RELEVANCE ? ", bm25(photo_fts)" : "", add_text(b, t ? t : q->text));
	free(t);
}

static void builder_reset(struct builder *b)
{
	for (int i = 0; i < b->nbinds; i++)
		free(b->binds[i].text);
	b->nbinds = 0;
	b->sql.len = 0;
	if (b->sql.data)
		b->sql.data[0] = '\0';
}

/* Prepare and bind; the FTS5 syntax errors surface at step, see run(). */
static int prepare(struct builder *b, sqlite3_stmt **out)
{
	int r = 0;

	if (b->oom)
		return capcat_err_set(b->err, CAPCAT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(b->cat->db, b->sql.data, -1, out, NULL))
		return capcat_catalog__err(b->cat, b->err, "search");
	for (int i = 0; i < b->nbinds; i++)
		r |= b->binds[i].is_num ? sqlite3_bind_double(*out, i + 1, b->binds[i].num)
					: sqlite3_bind_text(*out, i + 1, b->binds[i].text, -1, SQLITE_STATIC);
	return r ? capcat_catalog__err(b->cat, b->err, "search") : 0;
}

/* An error of the user's text query, in plain words. */
static int step_error(struct builder *b, const struct capcat_query *q)
{
	/* with a text query, a plain SQL error is FTS5 refusing the query */
	if (q->text && sqlite3_errcode(b->cat->db) == SQLITE_ERROR)
		return capcat_err_set(b->err, CAPCAT_EUSAGE, "cannot read the text query '%s': put "
				      "phrases in double quotes, and use OR, NOT and * between and after "
				      "words", q->text);
	return capcat_catalog__err(b->cat, b->err, "query");
}

/* ---- sets of photo ids ---- */

/* One bit per photo id, ids 0 .. nw * 64 - 1: a million photos are
 * 125 KB, and AND of two sets is a pass over words. */
struct idset {
	uint64_t *w;
	size_t nw;
};

#define WORDS_PER_CHUNK (CAPCAT_ORDER_CHUNK / 64)

static int set_new(struct idset *s, size_t nw, int full)
{
	s->nw = nw;
	if (!(s->w = malloc(nw * sizeof(*s->w) + 1)))
		return -1;
	memset(s->w, full ? 0xff : 0, nw * sizeof(*s->w));
	return 0;
}

static void set_add(struct idset *s, int64_t id)
{
	if (id >= 0 && (uint64_t)id / 64 < s->nw)
		s->w[id / 64] |= 1ull << (id % 64);
}

/* What one search computes: the set so far, and the text's scores when
 * the order is by relevance. */
struct run {
	struct builder b;
	const struct capcat_query *q;
	struct idset set;
	int64_t *scored_ids;            /* ascending, with scores[] */
	double *scores;
	size_t nscored, cap_scored;
};

static int keep_score(struct run *r, int64_t id, double score)
{
	if (r->nscored == r->cap_scored) {
		size_t cap = r->cap_scored ? r->cap_scored * 2 : 1024;
		int64_t *i = realloc(r->scored_ids, cap * sizeof(*i));
		double *s = i ? realloc(r->scores, cap * sizeof(*s)) : NULL;
		if (i)
			r->scored_ids = i;
		if (!s)
			return -1;
		r->scores = s;
		r->cap_scored = cap;
	}
	r->scored_ids[r->nscored] = id;
	r->scores[r->nscored++] = score;
	return 0;
}

/* Run the SELECT in r->b and meet its ids with the set: keep only them,
 * or ('subtract') take them away. */
static int apply(struct run *r, int subtract)
{
	struct idset got = { 0 };
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = prepare(&r->b, &s)))
		goto cleanup;
	if (set_new(&got, r->set.nw, 0)) {
		rc = capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		set_add(&got, id);
		if (sqlite3_column_count(s) > 1 && keep_score(r, id, sqlite3_column_double(s, 1))) {
			rc = capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory");
			goto cleanup;
		}
	}
	if (step != SQLITE_DONE) {
		rc = step_error(&r->b, r->q);
		goto cleanup;
	}
	for (size_t i = 0; i < r->set.nw; i++)
		r->set.w[i] = subtract ? r->set.w[i] & ~got.w[i] : r->set.w[i] & got.w[i];
cleanup:
	sqlite3_finalize(s);
	free(got.w);
	builder_reset(&r->b);
	return rc;
}

/* The set of every filter of the query, one after the other. */
static int filter_all(struct run *r)
{
	const struct capcat_query *q = r->q;
	int rc = 0;

#define FILTER(cond, emit) \
	if (!rc && (cond)) { emit; rc = apply(r, 0); }
	FILTER(q->text, text_filter(&r->b, q));
	FILTER(q->person, person_filter(&r->b, q->person));
	FILTER(q->place, place_filter(&r->b, q->place));
	FILTER(q->agency, agency_filter(&r->b, q->agency));
	FILTER(q->photographer, photographer_filter(&r->b, q->photographer));
	FILTER(q->camera, camera_filter(&r->b, q->camera));
	FILTER(q->date_lo[0] || q->date_hi[0], date_filter(&r->b, q));
	FILTER(q->has_near, near_filter(&r->b, q));
#undef FILTER
	for (unsigned i = 0; !rc && i < sizeof(have_sql) / sizeof(have_sql[0]); i++)
		if ((q->missing & (1u << i)) && have_sql[i]) {
			sql(&r->b, "%s", have_sql[i]);
			rc = apply(r, 1);
		}
	return rc;
}

/* ---- order ---- */

struct hit {
	int64_t key, id;                /* key: the date order, or the score's */
};

static int by_key(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->id > y->id) - (x->id < y->id);
}

/* Stable LSD radix sort on the low 48 bits of the keys (dates are under
 * 2^47; "no date" is clamped to the top): 83,000 hits in a few ms where
 * qsort takes tens.  Ties keep their order, that of the ids. */
static int radix_sort(struct hit *v, size_t n)
{
	const int64_t top = ((int64_t)1 << 48) - 1;
	struct hit *tmp, *from = v, *to;
	size_t *count;

	if (n < 2)
		return 0;
	tmp = to = malloc(n * sizeof(*tmp));
	count = calloc(65536, sizeof(*count));
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	for (int pass = 0; pass < 3; pass++) {
		int shift = 16 * pass;
		size_t sum = 0;
		memset(count, 0, 65536 * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[(from[i].key < top ? from[i].key : top) >> shift & 0xffff]++;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[(from[i].key < top ? from[i].key : top) >> shift & 0xffff]++] = from[i];
		struct hit *t = from;
		from = to;
		to = t;
	}
	if (from != v)                  /* an odd number of passes ends in tmp */
		memcpy(v, from, n * sizeof(*v));
	free(tmp);
	free(count);
	return 0;
}

/* The photos of the set that are present, with their date keys (the set
 * loses the others): one read of photo_order per 1,024 ids that have any
 * photo in the set. */
static int gather(struct run *r, struct hit **out, size_t *n)
{
	unsigned char keys[CAPCAT_ORDER_CHUNK * 8];
	struct hit *v = NULL;
	size_t cap = 0;
	int nodate = (r->q->missing & CAPCAT_MISSING_DATE) != 0, rc = 0;

	for (size_t c = 0; c * WORDS_PER_CHUNK < r->set.nw; c++) {
		uint64_t *w = r->set.w + c * WORDS_PER_CHUNK, any = 0;
		for (int i = 0; i < WORDS_PER_CHUNK; i++)
			any |= w[i];
		if (!any)
			continue;
		if ((rc = capcat_order__chunk(r->b.cat, (int64_t)c, keys, r->b.err)))
			break;
		for (int i = 0; i < CAPCAT_ORDER_CHUNK; i++) {
			int64_t key;
			if (!(w[i / 64] & (1ull << (i % 64))))
				continue;
			key = capcat_order__get(keys, i);
			if (!key || (nodate && key != CAPCAT_ORDER_NODATE)) {
				w[i / 64] &= ~(1ull << (i % 64));
				continue;
			}
			if (*n == cap) {
				struct hit *p = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof(*v));
				if (!p) {
					rc = capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory");
					goto cleanup;
				}
				v = p;
			}
			v[(*n)++] = (struct hit){ key, (int64_t)c * CAPCAT_ORDER_CHUNK + i };
		}
	}
cleanup:
	*out = v;
	return rc;
}

/* bm25's score (lower is better) as a key that sorts the same way. */
static int64_t score_key(const struct run *r, int64_t id)
{
	size_t lo = 0, hi = r->nscored;
	double score = 0;
	uint64_t bits;

	while (lo < hi) {               /* FTS5 gives rowids in order */
		size_t mid = lo + (hi - lo) / 2;
		if (r->scored_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->nscored && r->scored_ids[lo] == id)
		score = r->scores[lo];
	memcpy(&bits, &score, sizeof(bits));
	bits = bits >> 63 ? ~bits : bits | 1ull << 63;  /* IEEE order as unsigned */
	return (int64_t)(bits ^ 1ull << 63);            /* ... and as signed */
}

struct path_hit {
	char *path;
	int64_t id;
};

static int by_path(const void *a, const void *b)
{
	const struct path_hit *x = a, *y = b;
	int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int sort_by_path(struct run *r, struct hit *v, size_t n)
{
	struct path_hit *p = calloc(n + 1, sizeof(*p));
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (!p)
		return capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(r->b.cat->db, "SELECT path FROM photo WHERE id = ?1", -1, &s, NULL))
		rc = capcat_catalog__err(r->b.cat, r->b.err, "search");
	for (size_t i = 0; i < n && !rc; i++) {
		p[i].id = v[i].id;
		sqlite3_bind_int64(s, 1, v[i].id);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
		    !(p[i].path = strdup((const char *)sqlite3_column_text(s, 0))))
			rc = capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory");
		sqlite3_reset(s);
	}
	if (!rc)
		qsort(p, n, sizeof(*p), by_path);
	for (size_t i = 0; i < n; i++) {
		v[i].id = rc ? v[i].id : p[i].id;
		free(p[i].path);
	}
	sqlite3_finalize(s);
	free(p);
	return rc;
}

/* Sort the hits as the query asks. */
static int order(struct run *r, struct hit *v, size_t n)
{
	if (r->q->sort == CAPCAT_SORT_PATH)
		return sort_by_path(r, v, n);
	if (r->q->sort == CAPCAT_SORT_RELEVANCE && r->q->text) {
		for (size_t i = 0; i < n; i++)
			v[i].key = score_key(r, v[i].id);
		qsort(v, n, sizeof(*v), by_key);
		return 0;
	}
	return radix_sort(v, n) ? capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory") : 0;
}

/* ---- running a query ---- */

/* The set to start from: every photo id the catalog has. */
static int start(struct run *r)
{
	sqlite3_stmt *s = NULL;
	int64_t max = -1;
	size_t chunks;
	int rc = 0;

	if (sqlite3_prepare_v2(r->b.cat->db, "SELECT max(id) FROM photo_key", -1, &s, NULL) ||
	    sqlite3_step(s) != SQLITE_ROW)
		rc = capcat_catalog__err(r->b.cat, r->b.err, "search");
	else if (sqlite3_column_type(s, 0) != SQLITE_NULL)
		max = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	chunks = max < 0 ? 0 : (size_t)(max / CAPCAT_ORDER_CHUNK) + 1;
	if (!rc && set_new(&r->set, chunks * WORDS_PER_CHUNK, 1))
		rc = capcat_err_set(r->b.err, CAPCAT_ENOMEM, "out of memory");
	return rc;
}

static void run_release(struct run *r)
{
	builder_reset(&r->b);
	capcat_buf_release(&r->b.sql);
	free(r->set.w);
	free(r->scored_ids);
	free(r->scores);
}

/* The query's hits, sorted, before the limit; r->set holds them too.
 * One read transaction for all its statements: every filter sees the
 * same catalog while an import writes, and SQLite takes its locks once,
 * not once per statement (a thousand order chunks are read). */
static int run_query(struct run *r, struct hit **v, size_t *n)
{
	sqlite3 *db = r->b.cat->db;
	int own = sqlite3_get_autocommit(db), rc;

	*v = NULL;
	*n = 0;
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))
		return capcat_catalog__err(r->b.cat, r->b.err, "search");
	if (!(rc = start(r)) && !(rc = filter_all(r)) && !(rc = gather(r, v, n)))
		rc = order(r, *v, *n);
	if (own)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

int capcat_search(struct capcat_catalog *cat, const struct capcat_query *q,
		  int64_t **ids, size_t *n, struct capcat_err *err)
{
	struct run r = { .b = { .cat = cat, .err = err }, .q = q };
	struct hit *v = NULL;
	size_t nv = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	capcat_buf_init(&r.b.sql);
	if ((rc = run_query(&r, &v, &nv)))
		goto cleanup;
	if (q->limit > 0 && (size_t)q->limit < nv)
		nv = (size_t)q->limit;
	if (!(*ids = malloc(nv * sizeof(**ids) + 1))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < nv; i++)
		(*ids)[i] = v[i].id;
	*n = nv;
cleanup:
	free(v);
	run_release(&r);
	return rc;
}

/* capcat_in(SET, id): whether photo 'id' is in a set bound as a pointer,
 * so that facets count over exactly what search found. */
static void sql_in(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const struct idset *s = sqlite3_value_pointer(v[0], "capcat_idset");
	int64_t id = sqlite3_value_int64(v[1]);

	(void)argc;
	sqlite3_result_int(ctx, s && id >= 0 && (uint64_t)id / 64 < s->nw &&
			   (s->w[id / 64] >> (id % 64) & 1));
}

int capcat_search__register(sqlite3 *db)
{
	return sqlite3_create_function(db, "capcat_in", 2, SQLITE_UTF8, NULL, sql_in, NULL, NULL);
}

static const char *facet_sql(const char *kind)
{
	if (!strcmp(kind, "people"))
		return "SELECT pe.name, count(DISTINCT pp.photo_id) AS c FROM photo_person pp"
		       " JOIN person pe ON pe.id = pp.person_id WHERE capcat_in(?1, pp.photo_id)";
	if (!strcmp(kind, "places"))
		return "SELECT name || coalesce(', ' || nullif(country, name), ''),"
		       " count(DISTINCT photo_id) AS c FROM photo_place WHERE capcat_in(?1, photo_id)";
	if (!strcmp(kind, "agencies"))
		return "SELECT agency, count(*) AS c FROM credit WHERE agency IS NOT NULL"
		       " AND capcat_in(?1, photo_id)";
	return NULL;
}

static int add_facet(struct capcat_facet **v, size_t *n, size_t *cap, const char *name,
		     int64_t photos)
{
	if (*n == *cap) {
		struct capcat_facet *p = realloc(*v, (*cap = *cap ? *cap * 2 : 64) * sizeof(**v));
		if (!p)
			return -1;
		*v = p;
	}
	if (!((*v)[*n].name = strdup(name ? name : "")))
		return -1;
	(*v)[(*n)++].photos = photos;
	return 0;
}

int capcat_facets(struct capcat_catalog *cat, const char *kind, const struct capcat_query *q,
		  struct capcat_facet **out, size_t *n, struct capcat_err *err)
{
	struct run r = { .b = { .cat = cat, .err = err }, .q = q };
	const char *base = facet_sql(kind);
	struct capcat_facet *v = NULL;
	struct hit *hits = NULL;
	sqlite3_stmt *s = NULL;
	size_t nhits = 0, cap = 0;
	int step, rc;

	*out = NULL;
	*n = 0;
	if (!base)
		return capcat_err_set(err, CAPCAT_EUSAGE, "no facet '%s'", kind);
	capcat_buf_init(&r.b.sql);
	if ((rc = run_query(&r, &hits, &nhits)))
		goto cleanup;
	sql(&r.b, "%s GROUP BY 1 ORDER BY c DESC, 1", base);
	if (q->limit > 0)
		sql(&r.b, " LIMIT %lld", (long long)q->limit);
	if ((rc = prepare(&r.b, &s)) ||
	    (sqlite3_bind_pointer(s, 1, &r.set, "capcat_idset", NULL) &&
	     (rc = capcat_catalog__err(cat, err, "facets"))))
		goto cleanup;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if (add_facet(&v, n, &cap, (const char *)sqlite3_column_text(s, 0),
			      sqlite3_column_int64(s, 1))) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			goto cleanup;
		}
	if (step != SQLITE_DONE)
		rc = capcat_catalog__err(cat, err, "facets");
cleanup:
	sqlite3_finalize(s);
	free(hits);
	run_release(&r);
	if (rc) {
		capcat_facets_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

void capcat_facets_free(struct capcat_facet *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i].name);
	free(f);
}
