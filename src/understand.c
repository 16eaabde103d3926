/* understand.c - who, where and when a caption says: the entry point, the
 * result lists and the gazetteer calls shared by the steps.
 *
 * The work is split by question: understand_text.c cuts the description
 * into tokens, understand_date.c finds the date, understand_places.c the
 * places (and the countries a caption names, which decide between places
 * of the same name), understand_people.c the people.  The lists of words
 * they rely on are in understand_words.c.
 */
#include "understand_int.h"
#include "caption_int.h"          /* capcat_name__eq */

#include <stdlib.h>
#include <string.h>

void capcat_understood_init(struct capcat_understood *u)
{
	memset(u, 0, sizeof(*u));
}

void capcat_understood_release(struct capcat_understood *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->npeople; i++) {
		free(u->people[i].name);
		free(u->people[i].position);
	}
	for (i = 0; i < u->nplaces; i++) {
		free(u->places[i].text);
		free(u->places[i].kind);
		capcat_place_release(&u->places[i].place);
	}
	free(u->people);
	free(u->places);
	capcat_understood_init(u);
}

int capcat_und__oom(struct und_cx *cx)
{
	return capcat_err_set(cx->err, CAPCAT_ENOMEM, "cannot understand caption: out of memory");
}

/* ---- folded comparison ------------------------------------------------------ */

int capcat_und__same(const char *a, const char *b, int *eq)
{
	char *fa = NULL, *fb = NULL;
	int rc = 0;

	*eq = 0;
	if (!a || !b)
		return 0;
	if (!(rc = capcat_fold(&fa, a, NULL)) && !(rc = capcat_fold(&fb, b, NULL)))
		*eq = !strcmp(fa, fb);
	free(fa);
	free(fb);
	return rc;
}

/* ---- countries the caption names ---------------------------------------------- */

void capcat_und__add_ctx(struct und_cx *cx, const char *cc)
{
	if (!cc || strlen(cc) != 2 || capcat_und__has_ctx(cx, cc) || cx->nctx >= UND_MAX_CTX)
		return;
	memcpy(cx->ctx[cx->nctx], cc, 3);
	cx->nctx++;
}

int capcat_und__has_ctx(const struct und_cx *cx, const char *cc)
{
	size_t i;

	if (!cc)
		return 0;
	for (i = 0; i < cx->nctx; i++)
		if (!strcasecmp(cx->ctx[i], cc))
			return 1;
	return 0;
}

/* ---- gazetteer -------------------------------------------------------------------- */

void capcat_und__cands_release(struct und_cands *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		capcat_place_release(&c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* Keep the candidates that match by their name, or by an alternate name
 * long enough to be trusted ("Irbil", not "Sham").  Takes 'v' over. */
static int keep_trusted(struct capcat_place *v, size_t n, const char *name,
			struct und_cands *out)
{
	size_t i, k = 0, qlen = 0;
	char *fq = NULL;
	int rc, eq;

	if (!(rc = capcat_fold(&fq, name, NULL)))
		qlen = strlen(fq);
	for (i = 0; i < n && !rc; i++) {
		eq = v[i].by_name;
		if (k < UND_MAX_CANDS && qlen && (eq || qlen > 4)) {
			if (k != i) {
				v[k] = v[i];
				capcat_place_init(&v[i]);
			}
			out->exact[k++] = (unsigned char)eq;
		} else {
			capcat_place_release(&v[i]);
		}
	}
	free(fq);
	if (rc) {
		for (i = 0; i < n; i++)
			capcat_place_release(&v[i]);
		free(v);
		return rc;
	}
	out->v = v;
	out->n = k;
	return 0;
}

int capcat_und__lookup(struct und_cx *cx, const char *name, struct und_cands *out)
{
	struct capcat_place *v = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!cx->gz || !cx->gz->lookup || !name || !*name || cx->lookups >= UND_MAX_LOOKUPS)
		return 0;
	cx->lookups++;
	if ((rc = cx->gz->lookup(cx->gz->payload, name, &v, &n))) {
		if (rc == CAPCAT_ENOMEM)
			return capcat_und__oom(cx);
		return capcat_err_set(cx->err, rc,
				      "cannot understand caption: gazetteer lookup failed");
	}
	if (!v || !n) {
		free(v);
		return 0;
	}
	if ((rc = keep_trusted(v, n, name, out)))
		return capcat_und__oom(cx);
	return 0;
}

/* ---- results ------------------------------------------------------------------------ */

static int same_name(const char *a, const char *b)
{
	return capcat_name__eq(a, strlen(a), b, strlen(b));
}

/* The photographers, agency and issuer of the credit are never people of
 * the caption, even when the text repeats their names. */
static int in_credit(const struct capcat_credit *c, const char *name)
{
	const char *orgs[] = { c->agency, c->provider, c->via, c->pool_org, c->issuer,
			       c->for_client };
	size_t i;

	for (i = 0; i < c->nphotographers; i++)
		if (c->photographers[i] && same_name(c->photographers[i], name))
			return 1;
	for (i = 0; i < sizeof(orgs) / sizeof(orgs[0]); i++)
		if (orgs[i] && same_name(orgs[i], name))
			return 1;
	return 0;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	if (!(p = realloc(*v, ncap * size)))
		return CAPCAT_ENOMEM;
	*v = p;
	*cap = ncap;
	return 0;
}

int capcat_und__add_person(struct und_cx *cx, char *name, const char *position)
{
	struct capcat_understood *u = cx->out;
	struct capcat_person_mention *p;
	size_t i;

	if (!name)
		return capcat_und__oom(cx);
	if (!*name || in_credit(&cx->cap->credit, name) || u->npeople >= UND_MAX_RESULTS)
		goto drop;
	for (i = 0; i < u->npeople; i++) {
		if (!same_name(u->people[i].name, name))
			continue;
		/* named twice: keep the first mention, and a marker from either */
		if (!u->people[i].position && position &&
		    !(u->people[i].position = strdup(position)))
			goto oom;
		goto drop;
	}
	if (grow((void **)&u->people, &cx->people_cap, u->npeople, sizeof(*u->people)))
		goto oom;
	p = &u->people[u->npeople];
	p->name = name;
	p->position = NULL;
	if (position && !(p->position = strdup(position)))
		goto oom;
	u->npeople++;
	return 0;
drop:
	free(name);
	return 0;
oom:
	free(name);
	return capcat_und__oom(cx);
}

static void mention_release(struct capcat_place_mention *m)
{
	free(m->text);
	free(m->kind);
	capcat_place_release(&m->place);
	memset(m, 0, sizeof(*m));
}

/* Is m listed already (the same gazetteer place, or the same name as
 * written)?  *idx: where. */
static int listed(const struct capcat_understood *u, const struct capcat_place_mention *m,
		  int *dup, size_t *idx)
{
	size_t i;
	int rc = 0, eq = 0;

	*dup = 0;
	for (i = 0; i < u->nplaces && !rc; i++) {
		const struct capcat_place_mention *o = &u->places[i];
		if (m->place.id || o->place.id)
			eq = m->place.id == o->place.id;
		else
			rc = capcat_und__same(o->place.name ? o->place.name : o->text,
					      m->place.name ? m->place.name : m->text, &eq);
		if (!rc && eq) {
			*dup = 1;
			*idx = i;
			break;
		}
	}
	return rc;
}

int capcat_und__add_place(struct und_cx *cx, struct capcat_place_mention *m, size_t *idx)
{
	struct capcat_understood *u = cx->out;
	int dup;

	if (!m->text || !m->kind || listed(u, m, &dup, idx))
		goto oom;
	if (dup || u->nplaces >= UND_MAX_RESULTS) {
		mention_release(m);
		if (!dup)
			*idx = UND_NOT_LISTED;
		return 0;
	}
	if (grow((void **)&u->places, &cx->places_cap, u->nplaces, sizeof(*u->places)))
		goto oom;
	*idx = u->nplaces;
	u->places[u->nplaces++] = *m;
	memset(m, 0, sizeof(*m));
	return 0;
oom:
	mention_release(m);
	return capcat_und__oom(cx);
}

/* ---- entry point ---------------------------------------------------------------------- */

/* The length read: all of it up to UND_MAX_TEXT, cut back to the start of
 * a UTF-8 character. */
static size_t text_len(const char *s)
{
	size_t n = strnlen(s, UND_MAX_TEXT);

	if (n == UND_MAX_TEXT)
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return n;
}

int capcat_understand(struct capcat_understood *out, const struct capcat_caption *cap,
		      const char *ref_date, const struct capcat_gazetteer_cb *gz,
		      struct capcat_err *err)
{
	struct capcat_understood u;
	struct und_cx cx;
	int rc;

	if (!out || !cap)
		return capcat_err_set(err, CAPCAT_EUSAGE, "no caption to understand");
	capcat_understood_init(&u);
	memset(&cx, 0, sizeof(cx));
	cx.cap = cap;
	cx.gz = gz;
	cx.ref_date = ref_date;
	cx.out = &u;
	cx.err = err;
	cx.s = cap->text ? cap->text : "";
	cx.n = text_len(cx.s);
	if ((rc = capcat_und__tokenize(&cx))) {
		rc = capcat_und__oom(&cx);
		goto cleanup;
	}
	if ((rc = capcat_und__date(&cx)) || (rc = capcat_und__context(&cx)) ||
	    (rc = capcat_und__places(&cx)) || (rc = capcat_und__people(&cx)))
		goto cleanup;
	*out = u;
	capcat_understood_init(&u);
cleanup:
	free(cx.t);
	capcat_understood_release(&u);
	return rc;
}
