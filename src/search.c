/* search.c - queries over the catalog: one SELECT built from the filters,
 * every value bound. */
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

static void person_filter(struct builder *b, const char *person)
{
	/* the few matching people first, then their photos by index */
	sql(b, " AND k.id IN (SELECT photo_id FROM photo_person WHERE person_id IN"
	    " (SELECT id FROM person WHERE ");
	name_match(b, "folded", person);
	sql(b, "))");
}

static void photographer_filter(struct builder *b, const char *who)
{
	sql(b, " AND k.id IN (SELECT photo_id FROM credit_photographer WHERE ");
	name_match(b, "folded", who);
	sql(b, ")");
}

static void agency_filter(struct builder *b, const char *agency)
{
	const char *norm = capcat_agency_normalise(agency, strlen(agency));
	int i = add_text(b, norm ? norm : agency);

	sql(b, " AND k.id IN (SELECT photo_id FROM credit WHERE agency = ?%d COLLATE NOCASE"
	    " UNION SELECT photo_id FROM credit WHERE via = ?%d COLLATE NOCASE"
	    " UNION SELECT photo_id FROM credit WHERE provider = ?%d COLLATE NOCASE"
	    " UNION SELECT photo_id FROM credit WHERE issuer = ?%d COLLATE NOCASE)", i, i, i, i);
}

/* In make or model, ignoring ASCII case (as LIKE did, without its
 * wildcards and its limit on pattern length). */
static void camera_filter(struct builder *b, const char *camera)
{
	int i = add_text(b, camera);

	sql(b, " AND k.id IN (SELECT id FROM photo WHERE instr(lower(make), lower(?%d)) > 0"
	    " OR instr(lower(model), lower(?%d)) > 0)", i, i);
}

static void date_filter(struct builder *b, const struct capcat_query *q)
{
	int lo = add_text(b, q->date_lo[0] ? q->date_lo : "0");
	int hi = add_text(b, q->date_hi[0] ? q->date_hi : "~");

	/* the photo's own date, or the date its caption states */
	sql(b, " AND k.id IN (SELECT id FROM photo WHERE taken >= ?%d AND taken < ?%d"
	    " UNION SELECT photo_id FROM caption_date WHERE date >= ?%d AND date < ?%d)",
	    lo, hi, lo, hi);
}

static void near_filter(struct builder *b, const struct capcat_query *q)
{
	double dlat = q->near_km / 111.0;
	double dlon = q->near_km / (111.0 * fmax(cos(q->near_lat * M_PI / 180), 0.01));
	int la = add_num(b, q->near_lat), lo = add_num(b, q->near_lon), km = add_num(b, q->near_km);

	sql(b, " AND k.id IN (SELECT id FROM photo_geo WHERE min_lat >= ?%d - %.6f AND max_lat <= ?%d + %.6f"
	    " AND min_lon >= ?%d - %.6f AND max_lon <= ?%d + %.6f"
	    " AND capcat_km(min_lat, min_lon, ?%d, ?%d) <= ?%d)",
	    la, dlat, la, dlat, lo, dlon, lo, dlon, la, lo, km);
}

static void missing_filter(struct builder *b, unsigned m)
{
	if (m & CAPCAT_MISSING_CAPTION)
		sql(b, " AND NOT EXISTS (SELECT 1 FROM photo_field f WHERE f.photo_id = k.id"
		    " AND f.field IN ('caption', 'comment') AND f.value <> '')");
	if (m & CAPCAT_MISSING_CREDIT)
		sql(b, " AND NOT EXISTS (SELECT 1 FROM credit c WHERE c.photo_id = k.id)");
	if (m & CAPCAT_MISSING_PLACE)
		sql(b, " AND NOT EXISTS (SELECT 1 FROM photo_place pl WHERE pl.photo_id = k.id)");
	if (m & CAPCAT_MISSING_DATE)
		sql(b, " AND k.sort_date IS NULL");
	if (m & CAPCAT_MISSING_PEOPLE)
		sql(b, " AND NOT EXISTS (SELECT 1 FROM photo_person pp WHERE pp.photo_id = k.id)");
}

/* "Tripoli, Lebanon" -> name "Tripoli", hint "Lebanon". */
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
		/* a UNION of index scans: an OR across columns would read rows */
		if (!strcmp(f, "country"))
			sql(b, " UNION SELECT photo_id FROM photo_place WHERE country_code = ?%d",
			    add_text(b, v[i].country_code));
		else if (!strcmp(f, "admin1") && !capcat_places_region_code(pl, v[i].id, code, NULL))
			sql(b, " UNION SELECT photo_id FROM photo_place WHERE region_code = ?%d",
			    add_text(b, code));
		else
			sql(b, " UNION SELECT photo_id FROM photo_place WHERE place_id = ?%d",
			    add_num(b, (double)v[i].id));
	}
	for (size_t i = 0; i < n; i++)
		capcat_place_release(&v[i]);
	free(v);
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
	sql(b, " AND k.id IN (SELECT photo_id FROM photo_place WHERE folded = ?%d",
	    add_text(b, folded));
	free(folded);
	place_terms(b, capcat_catalog__places(b->cat, NULL), name, hint);
	sql(b, ")");
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

/* SELECT p.id FROM ... WHERE ...: the photos 'q' selects, unordered. */
static void select_ids(struct builder *b, const struct capcat_query *q)
{
	/* photo_key: a few bytes a photo, where photo rows are wide */
	sql(b, "SELECT k.id FROM photo_key k");
	if (q->text)
		sql(b, " JOIN photo_fts ON photo_fts.rowid = k.id");
	sql(b, " WHERE k.present");
	if (q->text) {
		char *t = fts_text(q->text);
		sql(b, " AND photo_fts MATCH ?%d", add_text(b, t ? t : q->text));
		free(t);
	}
	if (q->person)
		person_filter(b, q->person);
	if (q->place)
		place_filter(b, q->place);
	if (q->agency)
		agency_filter(b, q->agency);
	if (q->photographer)
		photographer_filter(b, q->photographer);
	if (q->camera)
		camera_filter(b, q->camera);
	if (q->date_lo[0] || q->date_hi[0])
		date_filter(b, q);
	if (q->has_near)
		near_filter(b, q);
	missing_filter(b, q->missing);
}

static void order_by(struct builder *b, const struct capcat_query *q)
{
	if (q->sort == CAPCAT_SORT_RELEVANCE && q->text)
		sql(b, " ORDER BY bm25(photo_fts), k.id");
	else if (q->sort == CAPCAT_SORT_PATH)
		sql(b, " ORDER BY (SELECT path FROM photo WHERE id = k.id)");
	else
		sql(b, " ORDER BY coalesce(k.sort_date, '~'), k.id");
	if (q->limit > 0)
		sql(b, " LIMIT %lld", (long long)q->limit);
}

static void builder_release(struct builder *b)
{
	for (int i = 0; i < b->nbinds; i++)
		free(b->binds[i].text);
	capcat_buf_release(&b->sql);
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

int capcat_search(struct capcat_catalog *cat, const struct capcat_query *q,
		  int64_t **ids, size_t *n, struct capcat_err *err)
{
	struct builder b = { .cat = cat, .err = err };
	sqlite3_stmt *s = NULL;
	int64_t *v = NULL;
	size_t cap = 0;
	int step, rc;

	*ids = NULL;
	*n = 0;
	capcat_buf_init(&b.sql);
	select_ids(&b, q);
	order_by(&b, q);
	if ((rc = prepare(&b, &s)))
		goto cleanup;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *p = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof(*v));
			if (!p) {
				rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
				goto cleanup;
			}
			v = p;
		}
		v[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (step != SQLITE_DONE)
		rc = step_error(&b, q);
cleanup:
	sqlite3_finalize(s);
	builder_release(&b);
	if (rc) {
		free(v);
		*n = 0;
		return rc;
	}
	*ids = v;
	return 0;
}

int capcat_facets(struct capcat_catalog *cat, const char *kind, const struct capcat_query *q,
		  struct capcat_facet **out, size_t *n, struct capcat_err *err)
{
	struct builder b = { .cat = cat, .err = err };
	sqlite3_stmt *s = NULL;
	struct capcat_facet *v = NULL;
	size_t cap = 0;
	int step, rc = 0;

	*out = NULL;
	*n = 0;
	capcat_buf_init(&b.sql);
	if (!strcmp(kind, "people"))
		sql(&b, "SELECT pe.name, count(DISTINCT pp.photo_id) AS c FROM photo_person pp"
		    " JOIN person pe ON pe.id = pp.person_id WHERE pp.photo_id IN (");
	else if (!strcmp(kind, "places"))
		sql(&b, "SELECT name || coalesce(', ' || nullif(country, name), ''),"
		    " count(DISTINCT photo_id) AS c FROM photo_place WHERE photo_id IN (");
	else if (!strcmp(kind, "agencies"))
		sql(&b, "SELECT agency, count(*) AS c FROM credit WHERE agency IS NOT NULL"
		    " AND photo_id IN (");
	else
		return capcat_err_set(err, CAPCAT_EUSAGE, "no facet '%s'", kind);
	select_ids(&b, q);
	sql(&b, ") GROUP BY 1 ORDER BY c DESC, 1");
	if (q->limit > 0)
		sql(&b, " LIMIT %lld", (long long)q->limit);
	if ((rc = prepare(&b, &s)))
		goto cleanup;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (*n == cap) {
			struct capcat_facet *p = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));
			if (!p) {
				rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
				goto cleanup;
			}
			v = p;
		}
		if (!(v[*n].name = strdup(name ? name : ""))) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			goto cleanup;
		}
		v[(*n)++].photos = sqlite3_column_int64(s, 1);
	}
	if (step != SQLITE_DONE)
		rc = step_error(&b, q);
cleanup:
	sqlite3_finalize(s);
	builder_release(&b);
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
