/* catalog_facts.c - what a photo's fields say, stored for search.
 *
 * After an import or an edit, capcat_catalog_refresh() derives from the
 * effective fields: the credit (describe.c), the people, places and date of
 * the caption (understand.c), the people and places the metadata names,
 * the place of the GPS position (places.c), the full-text row and the
 * spatial row.  All of it is rebuilt from scratch each time, so nothing
 * stale survives an edit.
 */
#include "catalog_int.h"
#include "capcat/buf.h"
#include "capcat/describe.h"
#include "capcat/understand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	F_PHOTO = CAPCAT_SLOT_FACTS, F_DEL_PERSON, F_DEL_PLACE, F_DEL_DATE, F_PERSON_ADD,
	F_PERSON_ID, F_PHOTO_PERSON, F_PLACE_ADD, F_DATE_ADD, F_FTS_DEL, F_FTS_ADD, F_GEO_DEL,
	F_GEO_ADD, F_KEY, F_LAST
};
_Static_assert((int)F_LAST <= (int)CAPCAT_SLOT_SEARCH, "statement slots overlap");

static const char *const sql[F_LAST - F_PHOTO] = {
	"SELECT taken, gps_lat, gps_lon FROM photo WHERE id = ?1",
	"DELETE FROM photo_person WHERE photo_id = ?1",
	"DELETE FROM photo_place WHERE photo_id = ?1",
	"DELETE FROM caption_date WHERE photo_id = ?1",
	"INSERT OR IGNORE INTO person(name, folded) VALUES (?1, ?2)",
	"SELECT id FROM person WHERE name = ?1",
	"INSERT OR IGNORE INTO photo_person(photo_id, person_id, position, origin, seq)"
	" VALUES (?1, ?2, ?3, ?4, ?5)",
	"INSERT INTO photo_place(photo_id, seq, text, name, place_id, region, country,"
	" country_code, role, origin, feature, region_code, folded)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	"INSERT OR REPLACE INTO caption_date(photo_id, date, origin) VALUES (?1, ?2, ?3)",
	"DELETE FROM photo_fts WHERE rowid = ?1",
	"INSERT INTO photo_fts(rowid, caption, headline, keywords, people, places, credit)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"DELETE FROM photo_geo WHERE id = ?1",
	"INSERT INTO photo_geo(id, min_lat, max_lat, min_lon, max_lon) VALUES (?1, ?2, ?2, ?3, ?3)",
	"INSERT OR REPLACE INTO photo_key(id, sort_date, present) SELECT p.id,"
	" coalesce(p.taken, (SELECT date FROM caption_date WHERE photo_id = p.id)),"
	" p.status = 'present' FROM photo p WHERE p.id = ?1",
};

static sqlite3_stmt *st(struct capcat_catalog *cat, int which)
{
	return capcat_catalog__stmt(cat, which, sql[which - F_PHOTO]);
}

/* What is being built for one photo. */
struct facts {
	struct capcat_catalog *cat;
	int64_t id;
	int nplace;                     /* next photo_place seq */
	int nperson;                    /* next photo_person seq */
	struct capcat_buf people, places;       /* for the full-text row */
	const struct capcat_facts *pre; /* worked out ahead, or NULL */
	struct capcat_err *err;
};

static int bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	return v && *v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

static int run(struct facts *f, sqlite3_stmt *s, const char *what)
{
	if (!s || sqlite3_step(s) != SQLITE_DONE)
		return capcat_catalog__err(f->cat, f->err, what);
	sqlite3_reset(s);
	return 0;
}

static int run_id(struct facts *f, int which)
{
	sqlite3_stmt *s = st(f->cat, which);

	if (!s || sqlite3_bind_int64(s, 1, f->id))
		return capcat_catalog__err(f->cat, f->err, "facts");
	return run(f, s, "facts");
}

static int add_person(struct facts *f, const char *name, const char *position, const char *origin)
{
	sqlite3_stmt *s = st(f->cat, F_PERSON_ADD);
	char *folded = NULL;
	int64_t pid = 0;
	int rc;

	if (!*name)
		return 0;
	if ((rc = capcat_fold(&folded, name, f->err)))
		return rc;
	rc = !s || sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT) ||
	     sqlite3_bind_text(s, 2, folded, -1, SQLITE_TRANSIENT) ? -1 : run(f, s, "person");
	free(folded);
	if (rc || !(s = st(f->cat, F_PERSON_ID)) || sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT))
		return rc ? rc : capcat_catalog__err(f->cat, f->err, "person");
	if (sqlite3_step(s) == SQLITE_ROW)
		pid = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	s = st(f->cat, F_PHOTO_PERSON);
	if (!s || sqlite3_bind_int64(s, 1, f->id) || sqlite3_bind_int64(s, 2, pid) ||
	    bind_opt(s, 3, position) || sqlite3_bind_text(s, 4, origin, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int(s, 5, f->nperson++))
		return capcat_catalog__err(f->cat, f->err, "person");
	if ((rc = run(f, s, "person")))
		return rc;
	capcat_buf_adds(&f->people, f->people.len ? "; " : "");
	return capcat_buf_adds(&f->people, name) ? CAPCAT_ENOMEM : 0;
}

static int add_place(struct facts *f, const char *text, const struct capcat_place *p,
		     const char *feature, const char *role, const char *origin)
{
	struct capcat_places *pl = p->id ? capcat_catalog__places(f->cat, NULL) : NULL;
	sqlite3_stmt *s = st(f->cat, F_PLACE_ADD);
	const char *name = p->name && *p->name ? p->name : text;
	char code[24] = "", *folded = NULL;
	int r = 0, rc;

	if (!name || !*name)
		return 0;
	if (pl)
		capcat_places_region_code(pl, p->id, code, NULL);
	if ((rc = capcat_fold(&folded, name, f->err)))
		return rc;
	if (!s) {
		free(folded);
		return capcat_catalog__err(f->cat, f->err, "place");
	}
	r |= sqlite3_bind_int64(s, 1, f->id);
	r |= sqlite3_bind_int(s, 2, f->nplace++);
	r |= bind_opt(s, 3, text);
	r |= sqlite3_bind_text(s, 4, name, -1, SQLITE_TRANSIENT);
	r |= p->id ? sqlite3_bind_int64(s, 5, p->id) : sqlite3_bind_null(s, 5);
	r |= bind_opt(s, 6, p->region);
	r |= bind_opt(s, 7, p->country);
	r |= bind_opt(s, 8, p->country_code);
	r |= sqlite3_bind_text(s, 9, role, -1, SQLITE_STATIC);
	r |= sqlite3_bind_text(s, 10, origin, -1, SQLITE_STATIC);
	r |= bind_opt(s, 11, feature ? feature : p->feature);
	r |= bind_opt(s, 12, code);
	r |= sqlite3_bind_text(s, 13, folded, -1, SQLITE_TRANSIENT);
	free(folded);
	rc = r ? capcat_catalog__err(f->cat, f->err, "place") : run(f, s, "place");
	/* the full-text row knows every name it can be searched by */
	capcat_buf_adds(&f->places, f->places.len ? "; " : "");
	if (text && strcmp(text, name))
		capcat_buf_printf(&f->places, "%s ", text);
	capcat_buf_adds(&f->places, name);
	if (p->region && strcmp(p->region, name))
		capcat_buf_printf(&f->places, ", %s", p->region);
	if (p->country && strcmp(p->country, name))
		capcat_buf_printf(&f->places, ", %s", p->country);
	return rc;
}

/* The best gazetteer match for a name: in 'country' (a name or code) when
 * given, else the first (countries first, then by population).  0 and an
 * empty place when nothing matches. */
static int resolve(struct facts *f, const char *name, const char *country, const char *feature,
		   struct capcat_place *out)
{
	struct capcat_places *pl = capcat_catalog__places(f->cat, NULL);
	struct capcat_place *v = NULL;
	size_t n = 0, pick = 0;
	int rc;

	capcat_place_init(out);
	if (!pl || !name || !*name)
		return 0;
	if ((rc = capcat_places_lookup(pl, name, &v, &n, f->err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		int in_country = !country || (v[i].country_code && !strcasecmp(v[i].country_code, country)) ||
				 (v[i].country && !strcasecmp(v[i].country, country));
		int right_kind = !feature || (v[i].feature && !strcmp(v[i].feature, feature));
		if (in_country && right_kind) {
			pick = i + 1;
			break;
		}
	}
	if (pick)
		rc = capcat_place_copy(out, &v[pick - 1]);
	for (size_t i = 0; i < n; i++)
		capcat_place_release(&v[i]);
	free(v);
	return rc;
}

static const char *first(const struct capcat_meta *m, enum capcat_field fld)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].field == fld)
			return m->v[i].value;
	return NULL;
}

/* A place named by fields: the city, else the region, else the country;
 * and the venue (sublocation) within it. */
static int named_place(struct facts *f, const char *city, const char *sub, const char *region,
		       const char *country, const char *code, const char *role, const char *origin)
{
	const char *hint = code && *code ? code : country;
	const char *name = city ? city : region ? region : country;
	const char *kind = city ? "city" : region ? "admin1" : "country";
	struct capcat_place p;
	int rc;

	if (!name && !sub)
		return 0;
	rc = resolve(f, name, city || region ? hint : NULL, kind, &p);
	if (!rc && !p.id && name) {             /* not in the gazetteer: as written */
		p.region = region && name != region ? strdup(region) : NULL;
		p.country = country ? strdup(country) : NULL;
		p.country_code = code ? strdup(code) : NULL;
	}
	if (!rc && name)
		rc = add_place(f, name, &p, kind, role, origin);
	if (!rc && sub) {
		struct capcat_place venue;
		capcat_place_init(&venue);
		venue.region = p.region;
		venue.country = p.country;
		venue.country_code = p.country_code;
		rc = add_place(f, sub, &venue, "sublocation", role, origin);
	}
	capcat_place_release(&p);
	return rc;
}

/* IPTC Extension LocationShown / LocationCreated: one place per struct. */
static int struct_places(struct facts *f, const struct capcat_meta *m, enum capcat_field base,
			 const char *role)
{
	int rc = 0;

	for (int seq = 0; seq < 16 && !rc; seq++) {
		const char *v[5] = { NULL };
		int any = 0;
		for (size_t i = 0; i < m->n; i++) {
			int k = (int)m->v[i].field - (int)base;
			if (k >= 0 && k < 5 && m->v[i].seq == seq) {
				v[k] = m->v[i].value;
				any = 1;
			}
		}
		if (!any)
			break;
		/* member order: sublocation, city, region, country, code */
		rc = named_place(f, v[1], v[0], v[2], v[3], v[4], role, "metadata");
	}
	return rc;
}

static int metadata_facts(struct facts *f, const struct capcat_meta *m)
{
	int rc = 0;

	for (size_t i = 0; i < m->n && !rc; i++) {
		const struct capcat_meta_value *v = &m->v[i];
		const char *origin = v->source == CAPCAT_SRC_USER ? "user" : "metadata";
		struct capcat_place p;
		if (v->field == CAPCAT_F_PERSON) {
			rc = add_person(f, v->value, NULL, origin);
		} else if (v->field == CAPCAT_F_PLACE && !(rc = resolve(f, v->value, NULL, NULL, &p))) {
			rc = add_place(f, v->value, &p, NULL, "shown", origin);
			capcat_place_release(&p);
		}
	}
	if (!rc)
		rc = named_place(f, first(m, CAPCAT_F_CITY), first(m, CAPCAT_F_SUBLOCATION),
				 first(m, CAPCAT_F_REGION), first(m, CAPCAT_F_COUNTRY),
				 first(m, CAPCAT_F_COUNTRY_CODE), "shown", "metadata");
	if (!rc)
		rc = struct_places(f, m, CAPCAT_F_SHOWN_SUBLOCATION, "shown");
	if (!rc)
		rc = struct_places(f, m, CAPCAT_F_CREATED_SUBLOCATION, "created");
	return rc;
}

/* The people, places and date of the caption: as the reader threads
 * worked them out when they still apply, else worked out here. */
static int caption_facts(struct facts *f, const struct capcat_meta *m, const char *taken)
{
	const char *text = capcat_describe_caption(m);
	const struct capcat_understood *u = capcat_facts_caption(f->pre, text, taken);
	struct capcat_facts mine;
	int rc = 0;

	if (!text || !*text)
		return 0;
	capcat_facts_init(&mine);
	if (!u && !(rc = capcat_facts_understand(&mine, text, taken,
						 capcat_catalog__places(f->cat, NULL), f->err)))
		u = &mine.u;
	for (size_t i = 0; !rc && i < u->npeople; i++)
		rc = add_person(f, u->people[i].name, u->people[i].position, "caption");
	for (size_t i = 0; !rc && i < u->nplaces; i++)
		rc = add_place(f, u->places[i].text, &u->places[i].place, u->places[i].kind,
			       "mentioned", "caption");
	if (!rc && u->date[0]) {
		sqlite3_stmt *s = st(f->cat, F_DATE_ADD);
		rc = !s || sqlite3_bind_int64(s, 1, f->id) ||
		     sqlite3_bind_text(s, 2, u->date, -1, SQLITE_TRANSIENT) ||
		     sqlite3_bind_text(s, 3, "caption", -1, SQLITE_STATIC)
			     ? capcat_catalog__err(f->cat, f->err, "date") : run(f, s, "date");
	}
	capcat_facts_release(&mine);
	return rc;
}

static int gps_facts(struct facts *f, double lat, double lon)
{
	struct capcat_places *pl = capcat_catalog__places(f->cat, NULL);
	const struct capcat_place *near = NULL;
	struct capcat_place p;
	sqlite3_stmt *s = st(f->cat, F_GEO_ADD);
	int found = 0, rc = 0;

	if (!s || sqlite3_bind_int64(s, 1, f->id) || sqlite3_bind_double(s, 2, lat) ||
	    sqlite3_bind_double(s, 3, lon))
		return capcat_catalog__err(f->cat, f->err, "position");
	if ((rc = run(f, s, "position")))
		return rc;
	capcat_place_init(&p);
	if (capcat_facts_near(f->pre, lat, lon, &near, &found))
		;               /* worked out by a reader thread */
	else if (pl && !(rc = capcat_places_nearest(pl, lat, lon, &p, &found, f->err)))
		near = &p;
	if (!rc && found && near)
		rc = add_place(f, NULL, near, NULL, "gps", "gps");
	capcat_place_release(&p);
	return rc;
}

/* Every value of a field, joined for the full-text row. */
static void join_field(struct capcat_buf *b, const struct capcat_meta *m, enum capcat_field fld)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].field == fld) {
			capcat_buf_adds(b, b->len ? "; " : "");
			capcat_buf_adds(b, m->v[i].value);
		}
}

static int fts_row(struct facts *f, const struct capcat_meta *m, const struct capcat_credit *c)
{
	struct capcat_buf kw = CAPCAT_BUF_INIT, cr = CAPCAT_BUF_INIT;
	sqlite3_stmt *s;
	int rc = run_id(f, F_FTS_DEL);

	join_field(&kw, m, CAPCAT_F_KEYWORD);
	if (c) {
		capcat_buf_adds(&cr, c->line ? c->line : "");
		for (size_t i = 0; i < c->nphotographers; i++)
			capcat_buf_printf(&cr, "; %s", c->photographers[i]);
		if (c->agency)
			capcat_buf_printf(&cr, "; %s", c->agency);
		if (c->issuer)
			capcat_buf_printf(&cr, "; %s", c->issuer);
	}
	s = st(f->cat, F_FTS_ADD);
	if (!rc && (!s || sqlite3_bind_int64(s, 1, f->id) ||
		    bind_opt(s, 2, capcat_describe_caption(m)) ||
		    bind_opt(s, 3, first(m, CAPCAT_F_HEADLINE)) || bind_opt(s, 4, kw.data) ||
		    bind_opt(s, 5, f->people.data) || bind_opt(s, 6, f->places.data) ||
		    bind_opt(s, 7, cr.data)))
		rc = capcat_catalog__err(f->cat, f->err, "full-text index");
	if (!rc)
		rc = run(f, s, "full-text index");
	capcat_buf_release(&kw);
	capcat_buf_release(&cr);
	return rc;
}

int capcat_catalog__facts(struct capcat_catalog *cat, int64_t id, const struct capcat_meta *eff,
			  const struct capcat_credit *credit, const struct capcat_facts *pre,
			  struct capcat_err *err)
{
	struct facts f = { .cat = cat, .id = id, .pre = pre, .err = err };
	sqlite3_stmt *s = st(cat, F_PHOTO);
	char taken[32] = "";
	int has_gps = 0, rc;
	double lat = 0, lon = 0;

	capcat_buf_init(&f.people);
	capcat_buf_init(&f.places);
	if (!s || sqlite3_bind_int64(s, 1, id))
		return capcat_catalog__err(cat, err, "facts");
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_text(s, 0))
			snprintf(taken, sizeof(taken), "%s", (const char *)sqlite3_column_text(s, 0));
		has_gps = sqlite3_column_type(s, 1) != SQLITE_NULL;
		lat = sqlite3_column_double(s, 1);
		lon = sqlite3_column_double(s, 2);
	}
	sqlite3_reset(s);
	rc = run_id(&f, F_DEL_PERSON);
	if (!rc) rc = run_id(&f, F_DEL_PLACE);
	if (!rc) rc = run_id(&f, F_DEL_DATE);
	if (!rc) rc = run_id(&f, F_GEO_DEL);
	if (!rc) rc = caption_facts(&f, eff, taken[0] ? taken : NULL);
	if (!rc) rc = metadata_facts(&f, eff);
	if (!rc && has_gps) rc = gps_facts(&f, lat, lon);
	if (!rc) rc = fts_row(&f, eff, credit);
	if (!rc) rc = run_id(&f, F_KEY);
	capcat_buf_release(&f.people);
	capcat_buf_release(&f.places);
	return rc;
}
