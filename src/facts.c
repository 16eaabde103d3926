/* facts.c - what a photo's fields say, worked out for the catalog (see
 * facts.h).  Pure: reads the gazetteer, writes nothing, so import's
 * reader threads run it side by side. */
#include "capcat/facts.h"
#include "capcat/buf.h"
#include "capcat/caption.h"
#include "capcat/describe.h"
#include "capcat/understand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void capcat_facts_init(struct capcat_facts *f)
{
	memset(f, 0, sizeof(*f));
	capcat_credit_init(&f->credit);
}

void capcat_facts_release(struct capcat_facts *f)
{
	for (size_t i = 0; i < f->credit.nphotographers && f->photographers_folded; i++)
		free(f->photographers_folded[i]);
	free(f->photographers_folded);
	capcat_credit_release(&f->credit);
	for (size_t i = 0; i < f->npeople; i++) {
		struct capcat_fact_person *p = &f->people[i];
		free(p->name);
		free(p->folded);
		free(p->position);
	}
	free(f->people);
	for (size_t i = 0; i < f->nplaces; i++) {
		struct capcat_fact_place *p = &f->places[i];
		free(p->text);
		free(p->name);
		free(p->region);
		free(p->country);
		free(p->country_code);
		free(p->feature);
		free(p->region_code);
		free(p->folded);
	}
	free(f->places);
	for (int i = 0; i < CAPCAT_FTS_COLUMNS; i++)
		free(f->fts[i]);
	capcat_facts_init(f);
}

/* What is being worked out for one photo. */
struct work {
	struct capcat_facts *f;
	struct capcat_places *pl;       /* may be NULL */
	struct capcat_buf people, places;       /* for the full-text row */
	struct capcat_err *err;
};

static char *dup_opt(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Grow array *v of *n elements of 'size' bytes by one zeroed element. */
static void *push(void *v, size_t *n, size_t size)
{
	char *p = realloc(*(void **)v, (*n + 1) * size);

	if (!p)
		return NULL;
	*(void **)v = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

static int oom(struct work *w)
{
	return capcat_err_set(w->err, CAPCAT_ENOMEM, "out of memory");
}

static int add_person(struct work *w, const char *name, const char *position, const char *origin)
{
	struct capcat_fact_person *p;
	int rc;

	if (!*name)
		return 0;
	if (!(p = push(&w->f->people, &w->f->npeople, sizeof(*p))))
		return oom(w);
	p->origin = origin;
	if ((rc = capcat_fold(&p->folded, name, w->err)))
		return rc;
	if (!(p->name = strdup(name)) || (position && !(p->position = strdup(position))))
		return oom(w);
	capcat_buf_adds(&w->people, w->people.len ? "; " : "");
	return capcat_buf_adds(&w->people, name) ? oom(w) : 0;
}

static int add_place(struct work *w, const char *text, const struct capcat_place *p,
		     const char *feature, const char *role, const char *origin)
{
	const char *name = p->name && *p->name ? p->name : text;
	struct capcat_fact_place *r;
	char code[24] = "";
	int rc;

	if (!name || !*name)
		return 0;
	if (p->id && w->pl)
		capcat_places_region_code(w->pl, p->id, code, NULL);
	if (!(r = push(&w->f->places, &w->f->nplaces, sizeof(*r))))
		return oom(w);
	r->place_id = p->id;
	r->role = role;
	r->origin = origin;
	if ((rc = capcat_fold(&r->folded, name, w->err)))
		return rc;
	r->text = dup_opt(text);
	r->name = strdup(name);
	r->region = dup_opt(p->region);
	r->country = dup_opt(p->country);
	r->country_code = dup_opt(p->country_code);
	r->feature = dup_opt(feature ? feature : p->feature);
	r->region_code = dup_opt(code);
	if (!r->name)
		return oom(w);
	/* the full-text row knows every name it can be searched by */
	capcat_buf_adds(&w->places, w->places.len ? "; " : "");
	if (text && strcmp(text, name)) {
		capcat_buf_adds(&w->places, text);
		capcat_buf_addch(&w->places, ' ');
	}
	capcat_buf_adds(&w->places, name);
	if (p->region && strcmp(p->region, name)) {
		capcat_buf_adds(&w->places, ", ");
		capcat_buf_adds(&w->places, p->region);
	}
	if (p->country && strcmp(p->country, name)) {
		capcat_buf_adds(&w->places, ", ");
		capcat_buf_adds(&w->places, p->country);
	}
	return 0;
}

/* The best gazetteer match for a name: in 'country' (a name or code) when
 * given, else the first (countries first, then by population).  0 and an
 * empty place when nothing matches. */
static int resolve(struct work *w, const char *name, const char *country, const char *feature,
		   struct capcat_place *out)
{
	struct capcat_place *v = NULL;
	size_t n = 0, pick = 0;
	int rc;

	capcat_place_init(out);
	if (!w->pl || !name || !*name)
		return 0;
	if ((rc = capcat_places_lookup(w->pl, name, &v, &n, w->err)))
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

/* A place named by fields: the city, else the region, else the country;
 * and the venue (sublocation) within it. */
static int named_place(struct work *w, const char *city, const char *sub, const char *region,
		       const char *country, const char *code, const char *role, const char *origin)
{
	const char *hint = code && *code ? code : country;
	const char *name = city ? city : region ? region : country;
	const char *kind = city ? "city" : region ? "admin1" : "country";
	struct capcat_place p;
	int rc;

	if (!name && !sub)
		return 0;
	rc = resolve(w, name, city || region ? hint : NULL, kind, &p);
	if (!rc && !p.id && name) {             /* not in the gazetteer: as written */
		p.region = region && name != region ? strdup(region) : NULL;
		p.country = country ? strdup(country) : NULL;
		p.country_code = code ? strdup(code) : NULL;
	}
	if (!rc && name)
		rc = add_place(w, name, &p, kind, role, origin);
	if (!rc && sub) {
		struct capcat_place venue;
		capcat_place_init(&venue);
		venue.region = p.region;
		venue.country = p.country;
		venue.country_code = p.country_code;
		rc = add_place(w, sub, &venue, "sublocation", role, origin);
	}
	capcat_place_release(&p);
	return rc;
}

/* IPTC Extension LocationShown / LocationCreated: one place per struct. */
static int struct_places(struct work *w, const struct capcat_meta *m, enum capcat_field base,
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
		rc = named_place(w, v[1], v[0], v[2], v[3], v[4], role, "metadata");
	}
	return rc;
}

static int metadata_facts(struct work *w, const struct capcat_meta *m)
{
	int rc = 0;

	for (size_t i = 0; i < m->n && !rc; i++) {
		const struct capcat_meta_value *v = &m->v[i];
		const char *origin = v->source == CAPCAT_SRC_USER ? "user" : "metadata";
		struct capcat_place p;
		if (v->field == CAPCAT_F_PERSON) {
			rc = add_person(w, v->value, NULL, origin);
		} else if (v->field == CAPCAT_F_PLACE && !(rc = resolve(w, v->value, NULL, NULL, &p))) {
			rc = add_place(w, v->value, &p, NULL, "shown", origin);
			capcat_place_release(&p);
		}
	}
	if (!rc)
		rc = named_place(w, capcat_meta_first(m, CAPCAT_F_CITY, NULL),
				 capcat_meta_first(m, CAPCAT_F_SUBLOCATION, NULL),
				 capcat_meta_first(m, CAPCAT_F_REGION, NULL),
				 capcat_meta_first(m, CAPCAT_F_COUNTRY, NULL),
				 capcat_meta_first(m, CAPCAT_F_COUNTRY_CODE, NULL), "shown", "metadata");
	if (!rc)
		rc = struct_places(w, m, CAPCAT_F_SHOWN_SUBLOCATION, "shown");
	if (!rc)
		rc = struct_places(w, m, CAPCAT_F_CREATED_SUBLOCATION, "created");
	return rc;
}

/* The people, places and date the caption ('cap', parsed) gives. */
static int caption_facts(struct work *w, const struct capcat_caption *cap, const char *taken)
{
	struct capcat_gazetteer_cb gz = { capcat_places_lookup_cb, w->pl };
	struct capcat_understood u;
	int rc;

	capcat_understood_init(&u);
	rc = capcat_understand(&u, cap, taken, w->pl ? &gz : NULL, w->err);
	for (size_t i = 0; !rc && i < u.npeople; i++)
		rc = add_person(w, u.people[i].name, u.people[i].position, "caption");
	for (size_t i = 0; !rc && i < u.nplaces; i++)
		rc = add_place(w, u.places[i].text, &u.places[i].place, u.places[i].kind,
			       "mentioned", "caption");
	if (!rc)
		memcpy(w->f->date, u.date, sizeof(w->f->date));
	capcat_understood_release(&u);
	return rc;
}

static int gps_facts(struct work *w, double lat, double lon)
{
	struct capcat_place p;
	int found = 0, rc = 0;

	w->f->has_gps = 1;
	w->f->lat = lat;
	w->f->lon = lon;
	if (!w->pl)
		return 0;
	capcat_place_init(&p);
	rc = capcat_places_nearest(w->pl, lat, lon, &p, &found, w->err);
	if (!rc && found)
		rc = add_place(w, NULL, &p, NULL, "gps", "gps");
	capcat_place_release(&p);
	return rc;
}

static int credit_facts(struct work *w, const struct capcat_meta *eff, struct capcat_caption *cap)
{
	struct capcat_facts *f = w->f;
	int rc = capcat_describe_credit(&f->credit, &f->has_credit, &f->credit_origin, eff, cap,
					w->err);
	size_t n = f->credit.nphotographers;

	if (rc || !f->has_credit || !n)
		return rc;
	if (!(f->photographers_folded = calloc(n, sizeof(char *))))
		return oom(w);
	for (size_t i = 0; !rc && i < n; i++)
		rc = capcat_fold(&f->photographers_folded[i], f->credit.photographers[i], w->err);
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

/* The full-text row; the people and places columns take over w's buffers. */
static int fts_facts(struct work *w, const struct capcat_meta *eff)
{
	struct capcat_facts *f = w->f;
	const struct capcat_credit *c = &f->credit;
	struct capcat_buf kw = CAPCAT_BUF_INIT, cr = CAPCAT_BUF_INIT;

	join_field(&kw, eff, CAPCAT_F_KEYWORD);
	if (f->has_credit) {
		capcat_buf_adds(&cr, c->line ? c->line : "");
		for (size_t i = 0; i < c->nphotographers; i++)
			capcat_buf_printf(&cr, "; %s", c->photographers[i]);
		if (c->agency)
			capcat_buf_printf(&cr, "; %s", c->agency);
		if (c->issuer)
			capcat_buf_printf(&cr, "; %s", c->issuer);
	}
	f->fts[CAPCAT_FTS_CAPTION] = dup_opt(capcat_describe_caption(eff));
	f->fts[CAPCAT_FTS_HEADLINE] = dup_opt(capcat_meta_first(eff, CAPCAT_F_HEADLINE, NULL));
	f->fts[CAPCAT_FTS_KEYWORDS] = dup_opt(kw.data);
	f->fts[CAPCAT_FTS_PEOPLE] = dup_opt(w->people.data);
	f->fts[CAPCAT_FTS_PLACES] = dup_opt(w->places.data);
	f->fts[CAPCAT_FTS_CREDIT] = dup_opt(cr.data);
	capcat_buf_release(&kw);
	capcat_buf_release(&cr);
	return 0;
}

int capcat_facts_derive(struct capcat_facts *f, const struct capcat_meta *eff, const char *taken,
			int has_gps, double lat, double lon, struct capcat_places *pl,
			struct capcat_err *err)
{
	struct work w = { .f = f, .pl = pl, .err = err };
	const char *text = capcat_describe_caption(eff);
	struct capcat_caption cap;
	int rc = 0, parsed = text && *text;

	capcat_facts_release(f);
	capcat_buf_init(&w.people);
	capcat_buf_init(&w.places);
	capcat_caption_init(&cap);
	/* once, for both: understanding it, then perhaps its credit line */
	if (parsed)
		rc = capcat_caption_parse(&cap, text, err);
	if (!rc && parsed)
		rc = caption_facts(&w, &cap, taken);
	if (!rc)
		rc = credit_facts(&w, eff, parsed ? &cap : NULL);
	if (!rc)
		rc = metadata_facts(&w, eff);
	if (!rc && has_gps)
		rc = gps_facts(&w, lat, lon);
	if (!rc)
		rc = fts_facts(&w, eff);
	capcat_caption_release(&cap);
	capcat_buf_release(&w.people);
	capcat_buf_release(&w.places);
	if (rc)
		capcat_facts_release(f);
	else
		f->made = 1;
	return rc;
}

int capcat_facts_make(struct capcat_facts *f, const struct capcat_photo *ph,
		      struct capcat_places *pl, struct capcat_err *err)
{
	struct capcat_meta eff;
	int rc;

	capcat_meta_init(&eff);
	if ((rc = capcat_meta_winners(&eff, &ph->meta)))
		rc = capcat_err_set(err, rc, "out of memory");
	else
		rc = capcat_facts_derive(f, &eff, ph->taken, ph->has_gps, ph->gps_lat, ph->gps_lon,
					 pl, err);
	capcat_meta_release(&eff);
	return rc;
}
