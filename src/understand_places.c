/* understand_places.c - where a caption says the photo was taken.
 *
 * A place is read only where captions put one (caption-style.md section
 * 2): after "in", "at", "near", "outside", "next to", "the city of",
 * "north of" ...; as a chain "City[, Region][, Country]" after them; and
 * in a dateline at the start ("BAGHDAD (AP) -", "WASHINGTON, DC - MARCH
 * 5:").  Anything else - a possessive ("Iraq's President"), an origin
 * ("from Iran"), an adjective ("Iraqi", "a US airstrike"), a capitalised
 * word at a sentence start - is never a place.  A name followed by a
 * lower-case word that is not a function word, verb or place noun ("in
 * US airstrikes") reads as an adjective and is skipped.
 *
 * A chain's later parts are containers: "in Baghdad, Iraq" is one place,
 * Baghdad, chosen among the Baghdads in Iraq; the country is not listed
 * again.  A name the gazetteer does not know is kept (id 0) only when a
 * container vouches for it ("Qlayaa, Lebanon") or there is no gazetteer.
 * A venue ("Palestine Square", "Baghdad International Airport") is a
 * sublocation, not looked up (the gazetteer would find "Palestine"), and
 * takes the region and country of the place it is in.
 *
 * Between places of one name: a container's country or region; then a
 * country the caption names (also by a demonym or a possessive:
 * "Lebanese", "Lebanon's"); then the name itself over an alternate; then
 * the most populous.  A country beats a city of its name ("in Jordan");
 * a city of 100,000 or more, or the only match by name, beats a region of
 * its name ("Baghdad" the city, not the governorate).
 */
#include "understand_int.h"
#include "caption_int.h"          /* capcat_name__eq */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LINKS 3
#define MAX_SEEN 64
#define BIG_CITY 100000

static const char *const preps[] = {
	"in", "at", "near", "outside", "inside", "across", "around", "throughout", "into",
	"within", NULL
};

/* "<noun> of X": "the city of Mosul", "the outskirts of Baghdad". */
static const char *const of_nouns[] = {
	"outskirts", "streets", "city", "town", "village", "province", "governorate",
	"region", "district", "suburb", "suburbs", "neighbourhood", "neighborhood", "heart",
	"centre", "center", "north", "south", "east", "west", "northeast", "northwest",
	"southeast", "southwest", "front", "outside", "port", "homeport", "area", NULL
};

/* Lower-case words that may follow a place name. */
static const char *const follow_ok[] = {
	"on", "in", "at", "as", "after", "before", "during", "while", "where", "when", "with",
	"and", "or", "to", "for", "from", "near", "amid", "ahead", "following", "since",
	"until", "under", "over", "last", "this", "earlier", "late", "overnight",
	"yesterday", "today", "early", "by", "via", "of", "that", "which", "who", "is",
	"are", "was", "were", "has", "have", "had", "the", "a", "an", "but", "than", "onto",
	"outside", "inside", "between", "against", "about", "across", "around", "through",
	"toward", "towards", "within", "despite", "ago", "now", "then", "again", "back",
	"out", "up", "down", "off", "away", "together", "alongside", "province",
	"governorate", "region", "state", "city", "district", "county", "area", "town",
	"village", "walk", "walks", "gather", "gathers", "stand", "stands", "celebrate",
	"celebrates", "attend", "attends", "pray", "prays", "pose", "poses", "look",
	"looks", "take", "takes", "inspect", "inspects", "hold", "holds", "mourn", "mourns",
	"react", "reacts", "sit", "sits", "wait", "waits", "march", "marches", "protest",
	"protests", "rally", "rallies", "ride", "rides", "play", "plays", "watch",
	"watches", "speak", "speaks", "arrive", "arrives", "leave", "leaves", "meet",
	"meets", "visit", "visits", "work", "works", "wave", "waves", "carry", "carries",
	"queue", "queues", "chant", "chants", "said", "says", "show", "shows", "shown",
	"seen", "taken", "killed", "held", "gathered", "stood", "lie", "lies", "burn",
	"burns", "rise", "rises", NULL
};

/* "the town of X": X is a place even when the gazetteer does not know it. */
static const char *const named_nouns[] = {
	"city", "town", "village", "province", "governorate", "region", "district", "suburb",
	"neighbourhood", "neighborhood", NULL
};

enum { PA_THE = 1, PA_NAMED = 2 };

static const char *const admin_nouns[] = {
	"province", "governorate", "region", "state", "county", NULL
};

/* A part of "City, Region, Country". */
struct link {
	size_t a, b;                    /* tokens */
	char *text;
	struct und_cands c;
	const char *state, *state_cc;   /* a two-letter region ("DC") */
};

/* What the containers of a chain say. */
struct box {
	const char *country, *cc, *region;
	int any;
};

struct filter {
	const char *cc, *region;
	int prefer_admin;
};

/* Places found in this pass, by token, for venues to take their city. */
struct seen {
	size_t idx, a, b;
	int venue;
};

struct pl {
	struct und_cx *cx;
	struct seen v[MAX_SEEN];
	size_t n;
};

static int is_feature(const struct capcat_place *p, const char *f)
{
	return p->feature && !strcmp(p->feature, f);
}

static int same_name(const char *a, const char *b)
{
	return a && b && capcat_name__eq(a, strlen(a), b, strlen(b));
}

/* ---- chunks ------------------------------------------------------------------ */

/* End of the capitalised name starting at i: capitalised words, joined by
 * particles, "of" ("District of Columbia") or an abbreviation's full stop
 * ("U.S. Capitol"); a possessive ends it unless a venue word follows. */
static size_t chunk_end(const struct und_cx *cx, size_t i)
{
	size_t j = i;

	while (j < cx->nt && j - i < 8) {
		if (capcat_und__free_cap(cx, j)) {
			/* "Tehran's | Palestine Square", but "St. Peter's Square" */
			if ((cx->t[j++].flags & UF_POSS) && !capcat_und__venue(cx, j))
				break;
		} else if (j > i && capcat_und__inner_dot(cx, j)) {
			j++;
		} else if (j > i && (capcat_und__particle(cx, j) || capcat_und__eq(cx, j, "of")) &&
			   capcat_und__free_cap(cx, j + 1)) {
			j++;
		} else {
			break;
		}
	}
	return j;
}

static int any_word(const struct und_cx *cx, size_t a, size_t b,
		    int (*pred)(const struct und_cx *, size_t))
{
	size_t i;

	for (i = a; i < b; i++)
		if (pred(cx, i))
			return 1;
	return 0;
}

/* A name that cannot be a place (1): a title, a people's name, a holiday,
 * a sea or river, a one-word organisation ("Hamas", "Media").  2: words of
 * an organisation, which only the gazetteer's own name makes a place
 * ("United States", "United Kingdom", not "Kataib Hezbollah"). */
static int not_a_place(const struct und_cx *cx, size_t a, size_t b)
{
	const char *cc;

	if (capcat_und__title(cx, a) == 2 || any_word(cx, a, b, capcat_und__natural))
		return 1;
	if (b - a == 1 && (capcat_und__demonym(cx, a, &cc) || capcat_und__common(cx, a)))
		return 1;
	if (!any_word(cx, a, b, capcat_und__org) || any_word(cx, a, b, capcat_und__venue) ||
	    any_word(cx, a, b, capcat_und__place_noun))
		return 0;
	return b - a == 1 ? 1 : 2;
}

static int has_exact(const struct link *l)
{
	size_t k;

	for (k = 0; k < l->c.n; k++)
		if (l->c.exact[k])
			return 1;
	return 0;
}

/* The name is followed by something a place can be followed by. */
static int follows_ok(const struct und_cx *cx, size_t j)
{
	if (j >= cx->nt || cx->t[j].kind != UK_WORD)
		return 1;
	if (cx->t[j].flags & (UF_DATE | UF_CAP))
		return 1;
	return capcat_und__in(cx, j, follow_ok);
}

/* ---- candidates -------------------------------------------------------------- */

static int passes(const struct capcat_place *p, const struct filter *f, int use_region)
{
	if (f->cc && (!p->country_code || strcasecmp(p->country_code, f->cc)))
		return 0;
	if (use_region && f->region)
		return is_feature(p, "city") && same_name(p->region, f->region);
	return 1;
}

/* Is candidate k better than 'best'?  A named country, then the name
 * itself over an alternate, then population. */
static int better(const struct und_cx *cx, const struct und_cands *c, size_t k, long best)
{
	int kc = capcat_und__has_ctx(cx, c->v[k].country_code), bc;

	if (best < 0)
		return 1;
	bc = capcat_und__has_ctx(cx, c->v[best].country_code);
	if (kc != bc)
		return kc > bc;
	if (c->exact[k] != c->exact[best])
		return c->exact[k] > c->exact[best];
	return c->v[k].population > c->v[best].population;
}

static long best_of(const struct und_cx *cx, const struct und_cands *c, const struct filter *f,
		    int use_region, const char *feature)
{
	long best = -1;
	size_t k;

	for (k = 0; k < c->n; k++)
		if (is_feature(&c->v[k], feature) && passes(&c->v[k], f, use_region) &&
		    better(cx, c, k, best))
			best = (long)k;
	return best;
}

/* Several regions share an alias ("Kurdistan Region" on four
 * governorates): none of them is meant. */
static int shared_alias(const struct und_cands *c, const struct filter *f, long admin)
{
	size_t k;

	if (c->exact[admin])
		return 0;
	for (k = 0; k < c->n; k++)
		if ((long)k != admin && is_feature(&c->v[k], "admin1") && passes(&c->v[k], f, 0) &&
		    c->v[k].id != c->v[admin].id)
			return 1;
	return 0;
}

/* The candidate meant, -1 for none, -2 for a region alias shared by
 * several regions. */
static long pick(const struct und_cx *cx, const struct und_cands *c, const struct filter *f)
{
	int use_region = f->region != NULL;
	long city, admin;
	size_t k;

	if (!f->cc && !f->region && !f->prefer_admin)
		for (k = 0; k < c->n; k++)
			if (is_feature(&c->v[k], "country") && c->exact[k])
				return (long)k;
	city = best_of(cx, c, f, use_region, "city");
	admin = best_of(cx, c, f, use_region, "admin1");
	if (use_region && city < 0 && admin < 0) {
		city = best_of(cx, c, f, 0, "city");
		admin = best_of(cx, c, f, 0, "admin1");
	}
	if (city >= 0 && !(f->prefer_admin && admin >= 0) &&
	    (admin < 0 || c->v[city].population >= BIG_CITY ||
	     (c->exact[city] && !c->exact[admin])))
		return city;
	if (admin >= 0)
		return shared_alias(c, f, admin) ? -2 : admin;
	for (k = 0; k < c->n; k++)
		if (is_feature(&c->v[k], "country") && passes(&c->v[k], f, 0))
			return (long)k;
	return -1;
}

/* ---- links and containers -------------------------------------------------- */

static void links_release(struct link *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].text);
		capcat_und__cands_release(&l[i].c);
	}
}

static int link_fill(struct und_cx *cx, struct link *l, size_t a, size_t b, int may_state)
{
	memset(l, 0, sizeof(*l));
	l->a = a;
	l->b = b;
	if (!(l->text = capcat_und__text(cx, a, b)))
		return capcat_und__oom(cx);
	if (may_state && b == a + 1 && (l->state = capcat_und__state(cx, a, &l->state_cc)))
		return 0;
	return capcat_und__lookup(cx, l->text, &l->c);
}

static const char *country_of_cc(const char *cc)
{
	return !strcmp(cc, "US") ? "United States" : "Canada";
}

/* Candidate c of a container holds one of the main link's candidates
 * (same country; for a region, the city's region). */
static int holds(const struct link *main, const struct capcat_place *c)
{
	size_t k;

	for (k = 0; k < main->c.n; k++) {
		const struct capcat_place *p = &main->c.v[k];
		if (!p->country_code || !c->country_code ||
		    strcasecmp(p->country_code, c->country_code))
			continue;
		if (is_feature(c, "country") || same_name(p->region, c->name))
			return 1;
	}
	return 0;
}

/* The best container reading of link l: an exact country, an exact
 * region, a country by an alternate name; within each, one that holds the
 * main place ("Florida" the US state, not Puerto Rico's municipio). */
static long box_pick(const struct link *main, const struct link *l)
{
	static const char *const order[3] = { "country", "admin1", "country" };
	size_t k, pass;
	long first;

	for (pass = 0; pass < 3; pass++) {
		first = -1;
		for (k = 0; k < l->c.n; k++) {
			if (!is_feature(&l->c.v[k], order[pass]) || (pass < 2 && !l->c.exact[k]))
				continue;
			if (holds(main, &l->c.v[k]))
				return (long)k;
			if (first < 0)
				first = (long)k;
		}
		if (first >= 0)
			return first;
	}
	return -1;
}

/* What link l says as a container of 'main'; 0 when it is not one (a
 * city). */
static int as_box(const struct und_cx *cx, const struct link *main, const struct link *l,
		  int last, struct box *bx)
{
	long k;

	if (l->state) {
		bx->region = l->state;
		bx->cc = l->state_cc;
		bx->country = country_of_cc(l->state_cc);
		return bx->any = 1;
	}
	if (!cx->gz) {
		*(last ? &bx->country : &bx->region) = l->text;
		return bx->any = 1;
	}
	if ((k = box_pick(main, l)) < 0)
		return 0;
	if (is_feature(&l->c.v[k], "country")) {
		bx->country = l->c.v[k].name;
	} else {
		bx->region = l->c.v[k].name;
		if (!bx->country)
			bx->country = l->c.v[k].country;
	}
	bx->cc = l->c.v[k].country_code;
	return bx->any = 1;
}

/* ---- emitting ---------------------------------------------------------------- */

static int dup_opt(char **dst, const char *src)
{
	*dst = NULL;
	return src && !(*dst = strdup(src)) ? CAPCAT_ENOMEM : 0;
}

static const char *kind_of(const struct capcat_place *p)
{
	if (is_feature(p, "country"))
		return "country";
	if (is_feature(p, "admin1"))
		return "region";
	return "city";
}

static int remember(struct pl *st, size_t idx, size_t a, size_t b, int venue)
{
	if (st->n < MAX_SEEN) {
		st->v[st->n].idx = idx;
		st->v[st->n].a = a;
		st->v[st->n].b = b;
		st->v[st->n].venue = venue;
		st->n++;
	}
	return 0;
}

static void mark(struct und_cx *cx, size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b && i < cx->nt; i++)
		cx->t[i].flags |= UF_PLACE;
}

/* Hand m over to the results and remember where it was written. */
static int emit(struct pl *st, struct capcat_place_mention *m, size_t a, size_t b, int venue)
{
	struct und_cx *cx = st->cx;
	size_t idx;
	int rc;

	if ((rc = capcat_und__add_place(cx, m, &idx)))
		return rc;
	mark(cx, a, b);
	return idx == UND_NOT_LISTED ? 0 : remember(st, idx, a, b, venue);
}

/* "in Rafah in the southern Gaza Strip": a region or country right after
 * the city it holds says where the city is, and is no place of its own. */
static int holds_previous(const struct pl *st, const struct link *l,
			  const struct capcat_place *p)
{
	const struct und_cx *cx = st->cx;
	const struct capcat_place *prev;
	size_t i;

	if (!st->n || st->v[st->n - 1].venue || is_feature(p, "city") || !p->country_code)
		return 0;
	for (i = st->v[st->n - 1].b; i < l->a; i++)
		if (!capcat_und__eq(cx, i, "in") && !capcat_und__eq(cx, i, "the") &&
		    !capcat_und__compass(cx, i))
			return 0;
	prev = &cx->out->places[st->v[st->n - 1].idx].place;
	if (!is_feature(prev, "city") || !prev->country_code ||
	    strcasecmp(prev->country_code, p->country_code))
		return 0;
	return is_feature(p, "country") || same_name(prev->region, p->name);
}

static int emit_found(struct pl *st, const struct link *l, const struct capcat_place *p)
{
	struct capcat_place_mention m;

	if (holds_previous(st, l, p)) {
		mark(st->cx, l->a, l->b);
		return 0;
	}
	memset(&m, 0, sizeof(m));
	if (!(m.text = strdup(l->text)) || !(m.kind = strdup(kind_of(p))) ||
	    capcat_place_copy(&m.place, p)) {
		free(m.text);
		free(m.kind);
		return capcat_und__oom(st->cx);
	}
	capcat_und__add_ctx(st->cx, p->country_code);
	return emit(st, &m, l->a, l->b, 0);
}

/* A place the gazetteer does not have (or cannot tell), as written, with
 * what its containers say. */
static int emit_written(struct pl *st, const struct link *l, const char *kind,
			const struct box *bx, const char *feature)
{
	struct capcat_place_mention m;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	capcat_place_init(&m.place);
	rc |= dup_opt(&m.text, l->text);
	rc |= dup_opt(&m.kind, kind);
	rc |= dup_opt(&m.place.name, l->text);
	rc |= dup_opt(&m.place.feature, feature);
	rc |= dup_opt(&m.place.region, bx->region);
	rc |= dup_opt(&m.place.country, bx->country);
	rc |= dup_opt(&m.place.country_code, bx->cc);
	if (rc) {
		free(m.text);
		free(m.kind);
		capcat_place_release(&m.place);
		return capcat_und__oom(st->cx);
	}
	return emit(st, &m, l->a, l->b, !strcmp(kind, "sublocation"));
}

/* The common country of a shared region alias, or NULL. */
static const char *alias_cc(const struct und_cands *c, const char **country)
{
	const char *cc = NULL;
	size_t k;

	*country = NULL;
	for (k = 0; k < c->n; k++) {
		if (!is_feature(&c->v[k], "admin1") || !c->v[k].country_code)
			continue;
		if (cc && strcmp(cc, c->v[k].country_code))
			return NULL;
		cc = c->v[k].country_code;
		*country = c->v[k].country;
	}
	return cc;
}

/* The first link of a chain, the others being its containers. */
static int emit_main(struct pl *st, const struct link *l, const struct box *bx,
		     int prefer_admin, int named)
{
	struct filter f = { bx->cc, bx->region, prefer_admin };
	struct box alias = { 0 };
	long k = pick(st->cx, &l->c, &f);

	if (k >= 0)
		return emit_found(st, l, &l->c.v[k]);
	if (k == -2) {
		alias.cc = alias_cc(&l->c, &alias.country);
		if (!alias.cc)
			alias.country = NULL;
		return emit_written(st, l, "region", &alias, "admin1");
	}
	if (bx->any || !st->cx->gz || named)
		return emit_written(st, l, "city", bx, NULL);
	return 0;
}

/* ---- chains ------------------------------------------------------------------ */

/* "the Kurdistan Region of Iraq": when the whole name is unknown, what
 * comes after "of" is its container. */
static int split_of(struct und_cx *cx, struct link *l, size_t *n)
{
	size_t a = l[0].a, b = l[0].b, o;
	int rc;

	for (o = a + 1; o + 1 < b && !capcat_und__eq(cx, o, "of"); o++)
		;
	if (!cx->gz || o + 1 >= b || !capcat_und__lower(cx, o))
		return 0;
	links_release(l, 1);
	memset(&l[1], 0, sizeof(l[1]));
	*n = 2;
	if ((rc = link_fill(cx, &l[0], a, o, 0)))
		return rc;
	return link_fill(cx, &l[1], o + 1, b, 1);
}

/* Read "A[, B[, C]]" from token a; n links, *end after the last one used. */
static int read_chain(struct und_cx *cx, size_t a, size_t b, struct link *l, size_t *n,
		      size_t *end)
{
	int rc;

	*n = 1;         /* a link is released even when filling it failed */
	*end = b;
	if ((rc = link_fill(cx, &l[0], a, b, 0)))
		return rc;
	if (!l[0].c.n && (rc = split_of(cx, l, n)))
		return rc;
	while (*n < MAX_LINKS && !(cx->t[*end - 1].flags & UF_POSS) &&
	       capcat_und__punct(cx, *end, ',')) {
		size_t s = *end + 1 + capcat_und__compass(cx, *end + 1), e;
		if (!capcat_und__free_cap(cx, s))
			break;
		e = chunk_end(cx, s);
		if (not_a_place(cx, s, e) == 1)
			break;
		(*n)++;
		*end = e;
		if ((rc = link_fill(cx, &l[*n - 1], s, e, 1)))
			return rc;
		/* "Bakhmut, Donetsk region, Ukraine" */
		if (capcat_und__lower(cx, e) && capcat_und__in(cx, e, admin_nouns) &&
		    capcat_und__punct(cx, e + 1, ','))
			*end = e + 1;
	}
	return 0;
}

/* Resolve a chain: its leading place, with the links after it as
 * containers while they are ones. */
static int resolve_chain(struct pl *st, struct link *l, size_t n, int prefer_admin, int named,
			 size_t *used)
{
	struct box bx = { 0 };
	size_t k;
	int rc;

	for (k = 1; k < n; k++)
		if (!as_box(st->cx, &l[0], &l[k], k == n - 1, &bx))
			break;
	*used = k;
	if ((rc = emit_main(st, l, &bx, prefer_admin, named)))
		return rc;
	if (bx.any)
		mark(st->cx, l[1].a, l[k - 1].b);
	return 0;
}

static int venue_at(struct pl *st, size_t a, size_t b)
{
	struct link l = { 0 };
	struct box none = { 0 };
	int rc;

	l.a = a;
	l.b = b;
	if (!(l.text = capcat_und__text(st->cx, a, b)))
		return capcat_und__oom(st->cx);
	rc = emit_written(st, &l, "sublocation", &none, NULL);
	free(l.text);
	return rc;
}

/* A name with a venue word, not after "the": a town of that very name
 * ("West Palm Beach", "Port Said") reads as a place (1); else it is a
 * venue (0 once listed).  Only the name itself counts: alternates name
 * buildings too ("White House" is an alternate of Casablanca), and "the
 * White House" is never the town in Tennessee. */
static int venue_or_town(struct pl *st, size_t a, size_t b)
{
	struct link l;
	int rc, town;

	if ((rc = link_fill(st->cx, &l, a, b, 0))) {
		links_release(&l, 1);
		return rc;
	}
	town = has_exact(&l);
	links_release(&l, 1);
	return town ? 1 : venue_at(st, a, b);
}

/* The place named from token a on; *end: the token after it.  'how':
 * PA_THE after "the", PA_NAMED after "the town of" (a place even when the
 * gazetteer does not know it). */
static int place_at(struct pl *st, size_t a, int how, size_t *end)
{
	struct und_cx *cx = st->cx;
	struct link l[MAX_LINKS];
	size_t b = chunk_end(cx, a), n = 0, used = 0, stop;
	int rc, prefer_admin, org;

	*end = a + 1;
	if (b == a || (org = not_a_place(cx, a, b)) == 1)
		return 0;
	*end = b;
	mark(cx, a, b);         /* read as a place: no person, found or not */
	if (!org && any_word(cx, a, b, capcat_und__venue) &&
	    (rc = (how & PA_THE) ? venue_at(st, a, b) : venue_or_town(st, a, b)) <= 0)
		return rc;
	if ((rc = read_chain(cx, a, b, l, &n, &stop)))
		goto cleanup;
	if (org && !has_exact(&l[0]))
		goto cleanup;
	prefer_admin = n == 1 && stop < cx->nt && capcat_und__in(cx, stop, admin_nouns);
	if (!(cx->t[stop - 1].flags & UF_POSS) && !follows_ok(cx, stop))
		goto cleanup;
	if ((how & PA_THE) && !cx->gz)
		goto cleanup;   /* "in the Red Sea": only what the gazetteer knows */
	if ((rc = resolve_chain(st, l, n, prefer_admin, how & PA_NAMED, &used)))
		goto cleanup;
	*end = l[used - 1].b;
cleanup:
	links_release(l, n);
	return rc;
}

/* ---- where places are named ---------------------------------------------------- */

/* The first token of a name that an introducer at i leads to ("in X",
 * "next to X", "the city of X", "in the X"), or 0; *how: PA_* flags. */
static size_t introduced(const struct und_cx *cx, size_t i, int *how)
{
	size_t j;

	*how = 0;
	if (capcat_und__in(cx, i, preps) && !(cx->t[i].flags & UF_UPPER))
		j = i + 1;
	else if ((capcat_und__eq(cx, i, "next") || capcat_und__eq(cx, i, "close")) &&
		 capcat_und__eq(cx, i + 1, "to"))
		j = i + 2;
	else if (capcat_und__lower(cx, i) && capcat_und__in(cx, i, of_nouns) &&
		 capcat_und__eq(cx, i + 1, "of"))
		j = i + 2, *how = capcat_und__in(cx, i, named_nouns) ? PA_NAMED : 0;
	else
		return 0;
	if (capcat_und__eq(cx, j, "the") && capcat_und__lower(cx, j)) {
		*how |= PA_THE;
		j++;
	}
	j += capcat_und__compass(cx, j);
	return capcat_und__free_cap(cx, j) ? j : 0;
}

/* After a place: "Tehran's Palestine Square" (what the possessive owns) and
 * "in Baghdad and Erbil" (a list). */
static int more_places(struct pl *st, size_t *end)
{
	struct und_cx *cx = st->cx;
	size_t round, at;
	int rc;

	for (round = 0; round < 4; round++) {
		size_t last = *end - 1;
		if (last >= cx->nt || !st->n || st->v[st->n - 1].b != *end)
			return 0;       /* what came before was not listed */
		if ((cx->t[last].flags & UF_POSS) && capcat_und__free_cap(cx, *end))
			at = *end;
		else if (cx->gz && capcat_und__free_cap(cx, *end + 1) &&
			 (capcat_und__eq(cx, *end, "and") || capcat_und__eq(cx, *end, "or")))
			at = *end + 1;
		else
			return 0;
		if ((rc = place_at(st, at, 0, end)))
			return rc;
	}
	return 0;
}

/* "(AP)", "(Reuters)" after a dateline's city: up to ')' over words. */
static size_t agency_paren(const struct und_cx *cx, size_t k)
{
	size_t j;

	if (!capcat_und__punct(cx, k, '('))
		return 0;
	for (j = k + 1; j < cx->nt && j < k + 6; j++) {
		if (capcat_und__punct(cx, j, ')'))
			return j > k + 1 ? j + 1 - k : 0;
		if (cx->t[j].kind != UK_WORD && !capcat_und__punct(cx, j, '/'))
			return 0;
	}
	return 0;
}

/* "BAGHDAD (AP) -", "WASHINGTON, DC - MARCH 5:", "JERUSALEM, Israel -". */
static int dateline(struct pl *st)
{
	struct und_cx *cx = st->cx;
	struct link l[2];
	size_t b = 0, k, rs = 0, re = 0, n = 0, used, ag;
	int rc = 0;

	while (b < cx->nt && b < 5 && cx->t[b].kind == UK_WORD &&
	       (cx->t[b].flags & UF_UPPER) && !(cx->t[b].flags & UF_DATE))
		b++;
	if (!b || not_a_place(cx, 0, b) == 1)
		return 0;
	k = b;
	if (capcat_und__punct(cx, k, ',') && capcat_und__free_cap(cx, k + 1)) {
		rs = k + 1;
		k = re = chunk_end(cx, rs);
	}
	k += ag = agency_paren(cx, k);
	if (!capcat_und__punct(cx, k, '-') && !capcat_und__punct(cx, k, ':'))
		return 0;
	if (!cx->gz && !ag && !rs)
		return 0;       /* "UPDATE -" is no dateline */
	if ((rc = link_fill(cx, &l[n++], 0, b, 0)) ||
	    (rs && (rc = link_fill(cx, &l[n++], rs, re, 1))))
		goto cleanup;
	if ((rc = resolve_chain(st, l, n, 0, 0, &used)))
		goto cleanup;
	for (b = 0; b <= k; b++)
		cx->t[b].flags |= UF_DATELINE;
cleanup:
	links_release(l, n);
	return rc;
}

/* ---- venues take their city ---------------------------------------------------- */

static int parent_into(struct capcat_place *venue, const struct capcat_place *p)
{
	const char *region = is_feature(p, "admin1") ? p->name : p->region;
	const char *country = is_feature(p, "country") ? p->name : p->country;

	if (venue->country || venue->country_code || venue->region)
		return 0;
	if (dup_opt(&venue->region, is_feature(p, "country") ? NULL : region) ||
	    dup_opt(&venue->country, country) || dup_opt(&venue->country_code, p->country_code))
		return CAPCAT_ENOMEM;
	return 0;
}

/* The token after "in [the] [central]" at i, or i. */
static size_t after_in(const struct und_cx *cx, size_t i)
{
	size_t j = i;

	if (!capcat_und__eq(cx, j++, "in"))
		return i;
	j += capcat_und__eq(cx, j, "the");
	return j + capcat_und__compass(cx, j);
}

/* "Palestine Square in Tehran", "Tehran's Palestine Square in central
 * Baghdad". */
static int fill_venues(struct pl *st)
{
	struct und_cx *cx = st->cx;
	size_t i, k;

	for (i = 0; i < st->n; i++) {
		const struct seen *v = &st->v[i], *c = NULL;
		if (!v->venue)
			continue;
		for (k = 0; k < st->n && !c; k++) {
			const struct seen *o = &st->v[k];
			if (o->venue)
				continue;
			if ((o->a == after_in(cx, v->b) && o->a != v->b) ||
			    (v->a && o->b == v->a && (cx->t[v->a - 1].flags & UF_POSS)))
				c = o;
		}
		if (c && parent_into(&cx->out->places[v->idx].place,
				     &cx->out->places[c->idx].place))
			return capcat_und__oom(cx);
	}
	return 0;
}

int capcat_und__places(struct und_cx *cx)
{
	struct pl st;
	size_t i, a, end;
	int how, rc;

	memset(&st, 0, sizeof(st));
	st.cx = cx;
	if ((rc = dateline(&st)))
		return rc;
	for (i = 0; i < cx->nt; i = end) {
		end = i + 1;
		if (!(a = introduced(cx, i, &how)))
			continue;
		if ((rc = place_at(&st, a, how, &end)) || (rc = more_places(&st, &end)))
			return rc;
	}
	return fill_venues(&st);
}

/* ---- countries the caption names ------------------------------------------------ */

static int country_named(struct und_cx *cx, size_t i)
{
	struct und_cands c;
	char *text = capcat_und__text(cx, i, i + 1);
	size_t k;
	int rc;

	if (!text)
		return capcat_und__oom(cx);
	rc = capcat_und__lookup(cx, text, &c);
	free(text);
	for (k = 0; !rc && k < c.n; k++)
		if (is_feature(&c.v[k], "country") && c.exact[k])
			capcat_und__add_ctx(cx, c.v[k].country_code);
	capcat_und__cands_release(&c);
	return rc;
}

/* Countries named as adjectives, owners or origins ("Lebanese", "Lebanon's
 * army", "from Lebanon"): not places of the photo, but they decide which
 * Tripoli is meant. */
int capcat_und__context(struct und_cx *cx)
{
	unsigned budget = 8;
	const char *cc;
	size_t i;
	int rc;

	for (i = 0; i < cx->nt; i++) {
		if (!capcat_und__free_cap(cx, i))
			continue;
		if (capcat_und__demonym(cx, i, &cc)) {
			capcat_und__add_ctx(cx, cc);
			continue;
		}
		if (!budget || capcat_und__title(cx, i) ||
		    !((cx->t[i].flags & UF_POSS) || (i && capcat_und__eq(cx, i - 1, "from"))))
			continue;
		budget--;
		if ((rc = country_named(cx, i)))
			return rc;
	}
	return 0;
}
