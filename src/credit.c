/* credit.c - credit lines: the agency table and the parser.
 *
 * Grammar: docs/caption-style.md section 1.  A credit is a list of parts
 * separated by '/' (", " in AP's comma form), an optional " via
 * <distributor>", AP's trailing ", File" / ", Pool" flags and a Shutterstock
 * supplier reference "(16507315bs)".  A part is an agency, a role token
 * (POOL, Handout, STR, File Photo, Illustration, Courtesy of ...) or a
 * name; a name is a person unless its words make it an organisation, and an
 * organisation that nobody else is credited beside is a handout issuer.
 *
 * Whole captions are in caption.c, the house styles in credit_format.c.
 */
#include "caption_int.h"

#include <stdlib.h>
#include <string.h>

#define SPAN CAPCAT_SPAN
#define MAX_PARTS 24
#define MAX_VIA_PARTS 8

/* ---- spans -------------------------------------------------------------- */

int capcat_text__is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Letters, digits and every byte of a multi-byte character. */
static int is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

struct capcat_span capcat_span__trim(struct capcat_span s)
{
	const unsigned char *p = (const unsigned char *)s.p;

	/* U+00A0 (C2 A0) counts as a blank: captions pasted from web pages */
	for (;;) {
		if (s.n && capcat_text__is_space(p[0])) {
			p++; s.n--;
		} else if (s.n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2; s.n -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (s.n && capcat_text__is_space(p[s.n - 1]))
			s.n--;
		else if (s.n >= 2 && p[s.n - 2] == 0xC2 && p[s.n - 1] == 0xA0)
			s.n -= 2;
		else
			break;
	}
	s.p = (const char *)p;
	return s;
}

static int span_ieq_n(struct capcat_span s, const char *lit, size_t n)
{
	size_t i;

	if (s.n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s.p[i]) != lower((unsigned char)lit[i]))
			return 0;
	return 1;
}

int capcat_span__ieq(struct capcat_span s, const char *lit)
{
	return span_ieq_n(s, lit, strlen(lit));
}

int capcat_span__istarts(struct capcat_span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && span_ieq_n(SPAN(s.p, n), lit, n);
}

int capcat_span__iends(struct capcat_span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && span_ieq_n(SPAN(s.p + s.n - n, n), lit, n);
}

size_t capcat_span__ifind(struct capcat_span s, const char *lit)
{
	size_t i, n = strlen(lit);
	int first;

	if (!n || n > s.n)
		return CAPCAT_NPOS;
	first = lower((unsigned char)lit[0]);
	for (i = 0; i + n <= s.n; i++)
		if (lower((unsigned char)s.p[i]) == first &&
		    span_ieq_n(SPAN(s.p + i, n), lit, n))
			return i;
	return CAPCAT_NPOS;
}

char *capcat_span__dup(struct capcat_span s)
{
	char *p = malloc(s.n + 1);

	if (!p)
		return NULL;
	if (s.n)
		memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

#define trim capcat_span__trim
#define ieq capcat_span__ieq
#define istarts capcat_span__istarts
#define iends capcat_span__iends
#define ifind capcat_span__ifind

static struct capcat_span span_of(const char *s)
{
	return SPAN(s, s ? strlen(s) : 0);
}

/* ---- sentences ---------------------------------------------------------- */

static const char *const abbreviations[] = {
	"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt",
	"capt", "cpl", "maj", "adm", "cmdr", "gov", "sen", "rep", "prof", "rev",
	"pres", "jan", "feb", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
	"no", "vs", "inc", "co", "corp", "ltd", "ave", "mt", "ft", NULL
};

int capcat_text__sentence_end(const char *s, size_t dot)
{
	size_t w = dot, i;
	struct capcat_span word;

	while (w > 0 && !capcat_text__is_space((unsigned char)s[w - 1]) &&
	       s[w - 1] != '(' && s[w - 1] != '"')
		w--;
	word = SPAN(s + w, dot - w);
	if (!word.n || memchr(word.p, '.', word.n))
		return word.n == 0;
	if (word.n == 1 && is_word_byte((unsigned char)word.p[0]) &&
	    !(word.p[0] >= '0' && word.p[0] <= '9'))
		return 0;
	for (i = 0; abbreviations[i]; i++)
		if (ieq(word, abbreviations[i]))
			return 0;
	return 1;
}

/* ---- names -------------------------------------------------------------- */

/* U+00C0..U+017F folded to an ASCII letter; '*' keeps the character. */
static const char fold_latin1[] =
	"AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
static const char fold_latin_a[] =
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLl"
	"NnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

_Static_assert(sizeof(fold_latin1) == 65, "fold_latin1 covers U+00C0..U+00FF");
_Static_assert(sizeof(fold_latin_a) == 129, "fold_latin_a covers U+0100..U+017F");

/* The next comparable unit of a name: a lower-case ASCII letter for an
 * accented Latin letter, else the byte itself, lower-cased. */
static int fold_next(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	unsigned cp;
	char f = '*';

	if (end - p >= 2 && p[0] >= 0xC3 && p[0] <= 0xC5 && (p[1] & 0xC0) == 0x80) {
		cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		if (cp >= 0xC0 && cp <= 0xFF)
			f = fold_latin1[cp - 0xC0];
		else if (cp >= 0x100 && cp <= 0x17F)
			f = fold_latin_a[cp - 0x100];
		if (f != '*') {
			*pp = p + 2;
			return lower(f);
		}
	}
	*pp = p + 1;
	return lower(p[0]);
}

int capcat_name__eq(const char *a, size_t an, const char *b, size_t bn)
{
	const unsigned char *p = (const unsigned char *)a, *pe = p + an;
	const unsigned char *q = (const unsigned char *)b, *qe = q + bn;

	while (p < pe && q < qe)
		if (fold_next(&p, pe) != fold_next(&q, qe))
			return 0;
	return p == pe && q == qe;
}

/* ---- agencies ----------------------------------------------------------- */

enum { WIRE, PROVIDER };

/* Normalised name, kind, and the spellings met in credits ('|'-separated,
 * matched whole and case-insensitively).  Wires own or license the
 * picture; providers are partners credited before a wire or "via". */
struct agency {
	const char *name;
	int kind;
	const char *aliases;
};

static const struct agency agencies[] = {
	{ "AP", WIRE, "AP|AP Photo|AP Photos|AP Images|Associated Press|"
		      "The Associated Press" },
	{ "AFP", WIRE, "AFP|AFP PHOTO|AFP Photos|Agence France-Presse|"
		       "Agence France Presse" },
	{ "Reuters", WIRE, "Reuters|RETUERS|Thomson Reuters" },
	{ "Getty Images", WIRE, "Getty Images|Getty|WireImage|FilmMagic|"
		"Getty Images Europe|Getty Images North America|"
		"Getty Images AsiaPac|Getty Images South America|Hulton Archive" },
	{ "EPA-EFE", WIRE, "EPA-EFE|EPA EFE" },
	{ "EPA", WIRE, "EPA|European Pressphoto Agency" },
	{ "Flash90", WIRE, "Flash90|Flash 90" },
	{ "GPO", WIRE, "GPO|Government Press Office" },
	{ "Shutterstock", WIRE, "Shutterstock|Rex|Rex Features" },
	{ "AAP", WIRE, "AAP|AAP Image|AAP Images|Australian Associated Press" },
	{ "Alamy", WIRE, "Alamy|Alamy Stock Photo|Alamy Live News" },
	{ "PA", WIRE, "PA|PA Wire|PA Images|PA Media|Press Association" },
	{ "ZUMA", WIRE, "ZUMA|ZUMA Press|ZUMA Wire|ZUMA Press Wire|ZUMAPRESS.com" },
	{ "Xinhua", PROVIDER, "Xinhua|Xinhua News Agency" },
	{ "Anadolu", PROVIDER, "Anadolu|Anadolu Agency|Anadolu Ajansi" },
	{ "dpa", PROVIDER, "dpa|dpa picture alliance|picture alliance" },
	{ "Sputnik", PROVIDER, "Sputnik|RIA Novosti" },
	{ "NurPhoto", PROVIDER, "NurPhoto" },
	{ "LaPresse", PROVIDER, "LaPresse|La Presse" },
	{ "Invision", PROVIDER, "Invision" },
	{ "CNP", PROVIDER, "CNP|Consolidated News Photos" },
	{ "SOPA Images", PROVIDER, "SOPA Images|SOPA|LightRocket" },
	{ "Bloomberg", PROVIDER, "Bloomberg|Bloomberg News" },
	{ "Kyodo", PROVIDER, "Kyodo|Kyodo News" },
	{ "Yonhap", PROVIDER, "Yonhap|Yonhap News" },
	{ "TASS", PROVIDER, "TASS|ITAR-TASS" },
};

static const struct agency *agency_find(struct capcat_span s)
{
	size_t i;
	const char *a, *bar;

	s = trim(s);
	if (!s.n)
		return NULL;
	for (i = 0; i < sizeof(agencies) / sizeof(agencies[0]); i++) {
		for (a = agencies[i].aliases; a; a = bar ? bar + 1 : NULL) {
			bar = strchr(a, '|');
			if (span_ieq_n(s, a, bar ? (size_t)(bar - a) : strlen(a)))
				return &agencies[i];
		}
	}
	return NULL;
}

const char *capcat_agency_normalise(const char *name, size_t len)
{
	const struct agency *a;

	if (!name)
		return NULL;
	a = agency_find(SPAN(name, len));
	return a ? a->name : NULL;
}

int capcat_agency__is_wire(const char *name)
{
	struct capcat_span s = span_of(name);
	const struct agency *a;
	const char *slash;

	/* a provider may be "CCTV/EPA-EFE": any wire in it counts */
	while (s.n) {
		slash = memchr(s.p, '/', s.n);
		a = agency_find(SPAN(s.p, slash ? (size_t)(slash - s.p) : s.n));
		if (a && a->kind == WIRE)
			return 1;
		if (!slash)
			break;
		s = SPAN(slash + 1, s.n - (size_t)(slash + 1 - s.p));
	}
	return 0;
}

/* ---- organisations ------------------------------------------------------ */

static const char *const org_words[] = {
	"office", "ministry", "ministries", "presidency", "presidential",
	"press service", "service", "services", "forces", "force", "army", "navy",
	"police", "media", "government", "govt", "defense", "defence", "court",
	"council", "department", "dept", "agency", "authority", "authorities",
	"command", "military", "guard", "guards", "corps", "embassy",
	"parliament", "kremlin", "palace", "committee", "commission",
	"organization", "organisation", "foundation", "museum", "university",
	"brigade", "brigades", "marines", "cabinet", "senate", "congress",
	"municipality", "institute", "mission", "spokesperson", "bureau",
	"directorate", "administration", "secretariat", "hospital", "archive",
	"archives", "white house", "red cross", "red crescent", NULL
};

static int has_word(struct capcat_span s, const char *w)
{
	size_t at = 0, k, n = strlen(w);

	while (at < s.n) {
		k = ifind(SPAN(s.p + at, s.n - at), w);
		if (k == CAPCAT_NPOS)
			return 0;
		k += at;
		if ((k == 0 || !is_word_byte((unsigned char)s.p[k - 1])) &&
		    (k + n == s.n || !is_word_byte((unsigned char)s.p[k + n])))
			return 1;
		at = k + 1;
	}
	return 0;
}

/* Whether word 'w' (lowercase) is the n bytes at p, in any case. */
static int word_is(const char *p, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)p[i]) != (unsigned char)w[i])
			return 0;
	return w[n] == '\0';
}

/* "Iraqi Presidency Media Office", "U.S. Navy", "Lebanese Army": one of
 * its words (a run of word bytes, as has_word() bounds them) is an org
 * word; the words of two are looked for as has_word() does. */
static int is_org(struct capcat_span s)
{
	size_t i = 0, a;

	while (i < s.n) {
		while (i < s.n && !is_word_byte((unsigned char)s.p[i]))
			i++;
		for (a = i; i < s.n && is_word_byte((unsigned char)s.p[i]); i++)
			;
		for (size_t k = 0; i > a && org_words[k]; k++)
			if (word_is(s.p + a, i - a, org_words[k]))
				return 1;
	}
	for (size_t k = 0; org_words[k]; k++)
		if (strchr(org_words[k], ' ') && has_word(s, org_words[k]))
			return 1;
	return 0;
}

/* "SANA", "IRNA", "KCNA": a handout source written as an acronym.  Only
 * trusted next to a Handout token, since "CCTV" may also be a provider. */
static int is_acronym(struct capcat_span s)
{
	size_t i, letters = 0;

	if (s.n < 2 || s.n > 6)
		return 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] >= 'A' && s.p[i] <= 'Z')
			letters++;
		else if (!(s.p[i] >= '0' && s.p[i] <= '9'))
			return 0;
	}
	return letters >= 2;
}

int capcat_credit__org_like(const char *s, int acronyms)
{
	struct capcat_span sp = trim(span_of(s));

	return is_org(sp) || (acronyms && is_acronym(sp));
}

/* ---- parts -------------------------------------------------------------- */

enum pkind {
	PK_NAME, PK_AGENCY, PK_POOL, PK_HANDOUT, PK_ANON, PK_FILE, PK_ILLUS,
	PK_COURTESY
};

struct part {
	struct capcat_span s;     /* as written, trimmed */
	struct capcat_span arg;   /* pool organisation, courtesy issuer, client */
	enum pkind kind;
	const struct agency *ag;
	int anon;                 /* enum capcat_credit_anon for PK_ANON */
	int org;
	int used;
};

struct pstate {
	struct capcat_credit *c;
	struct part v[MAX_PARTS];
	size_t n;
	int lead, lead_by, strong, shaped;
	int afp_old, ap_photo;
};

static const struct { const char *text; int by; } leads[] = {
	{ "Mandatory Credit:", 0 }, { "Photo credit:", 0 }, { "Photos by ", 1 },
	{ "Photo by ", 1 }, { "Photograph by ", 1 }, { "Pictures by ", 1 },
	{ "Picture by ", 1 }, { "Photos:", 0 }, { "Photo:", 0 },
	{ "Photograph:", 0 }, { "Credit:", 0 },
};

static struct capcat_span strip_leads(struct pstate *st, struct capcat_span s)
{
	size_t i, round;
	int hit = 1;

	for (round = 0; round < 4 && hit; round++) {
		hit = 0;
		for (i = 0; i < sizeof(leads) / sizeof(leads[0]) && !hit; i++) {
			size_t n = strlen(leads[i].text);

			/* a part that is only "Photo by" leads to nothing */
			if (leads[i].text[n - 1] == ' ' && span_ieq_n(s, leads[i].text, n - 1))
				n--;
			else if (!istarts(s, leads[i].text))
				continue;
			s = trim(SPAN(s.p + n, s.n - n));
			st->lead = hit = 1;
			st->lead_by |= leads[i].by;
		}
	}
	return s;
}

static int role_token(struct part *pt)
{
	struct capcat_span s = pt->s;

	if (ieq(s, "POOL") || ieq(s, "Pool Photo") || ieq(s, "Pool Photos"))
		pt->kind = PK_POOL;
	else if (ieq(s, "Handout") || ieq(s, "HO") || ieq(s, "Handout Photo"))
		pt->kind = PK_HANDOUT;
	else if (ieq(s, "STR"))
		pt->kind = PK_ANON, pt->anon = CAPCAT_ANON_STR;
	else if (ieq(s, "STRINGER"))
		pt->kind = PK_ANON, pt->anon = CAPCAT_ANON_STRINGER;
	else if (ieq(s, "-") || ieq(s, "\xE2\x80\x93") || ieq(s, "\xE2\x80\x94"))
		pt->kind = PK_ANON, pt->anon = CAPCAT_ANON_DASH;
	else if (ieq(s, "File") || ieq(s, "File Photo") || ieq(s, "Files") ||
		 ieq(s, "File Photos"))
		pt->kind = PK_FILE;
	else if (ieq(s, "Illustration") || ieq(s, "Photo Illustration"))
		pt->kind = PK_ILLUS;
	else if (ieq(s, "Courtesy"))
		pt->kind = PK_COURTESY;
	else if (istarts(s, "Courtesy of "))
		pt->kind = PK_COURTESY, pt->arg = trim(SPAN(s.p + 12, s.n - 12));
	else
		return 0;
	return 1;
}

static void classify(struct part *pt)
{
	struct capcat_span s = pt->s;
	size_t k;

	pt->kind = PK_NAME;
	if (role_token(pt))
		return;
	if ((pt->ag = agency_find(s))) {
		pt->kind = PK_AGENCY;
	} else if ((k = ifind(s, " for ")) != CAPCAT_NPOS &&
		   (pt->ag = agency_find(SPAN(s.p, k)))) {
		/* Getty "Name/Getty Images for Acme Festival" */
		pt->kind = PK_AGENCY;
		pt->arg = trim(SPAN(s.p + k + 5, s.n - k - 5));
	} else if (iends(s, " Pool Photo") || iends(s, " Pool Photos")) {
		pt->kind = PK_POOL;
		pt->arg = trim(SPAN(s.p, s.n - (iends(s, "s") ? 7 : 6)));
	} else if (iends(s, " Pool")) {
		pt->kind = PK_POOL;
		pt->arg = s;
	} else {
		pt->org = is_org(s);
	}
}

static int is_edge_junk(char c)
{
	return c == '(' || c == ')' || c == ',' || capcat_text__is_space((unsigned char)c);
}

/* A part is never bracketed: "(Name" and "AFP)" come from broken lines. */
static struct capcat_span trim_brackets(struct capcat_span s)
{
	s = trim(s);
	while (s.n && is_edge_junk(s.p[0]))
		s.p++, s.n--;
	while (s.n && is_edge_junk(s.p[s.n - 1]))
		s.n--;
	return trim(s);
}

static int has_word_byte(struct capcat_span s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (is_word_byte((unsigned char)s.p[i]))
			return 1;
	return 0;
}

static void add_part(struct pstate *st, struct capcat_span s)
{
	struct part *pt;

	s = strip_leads(st, trim_brackets(s));
	/* hostile lines with hundreds of slashes keep their first parts */
	if (!s.n || st->n >= MAX_PARTS)
		return;
	pt = &st->v[st->n++];
	memset(pt, 0, sizeof(*pt));
	pt->s = s;
	classify(pt);
	/* "," or "..." names nobody; a lone "via" has lost its distributor */
	if (pt->kind == PK_NAME && (!has_word_byte(s) || ieq(s, "via")))
		st->n--;
}

/* "Yuri Gripas - Pool": a spaced hyphen also separates parts. */
static void add_dashed(struct pstate *st, struct capcat_span s)
{
	size_t k;

	s = trim(s);
	while ((k = ifind(s, " - ")) != CAPCAT_NPOS) {
		add_part(st, SPAN(s.p, k));
		s = SPAN(s.p + k + 3, s.n - k - 3);
	}
	add_part(st, s);
}

static void split_parts(struct pstate *st, struct capcat_span s)
{
	char sep = memchr(s.p, '/', s.n) ? '/' : ',';
	size_t i, start = 0;

	if (sep == '/')
		st->shaped = 1;
	for (i = 0; i <= s.n; i++) {
		if (i == s.n || s.p[i] == sep) {
			add_dashed(st, SPAN(s.p + start, i - start));
			start = i + 1;
		}
	}
}

/* ---- filling the credit ------------------------------------------------- */

static int set_str(char **dst, struct capcat_span s)
{
	char *p = capcat_span__dup(s);

	if (!p)
		return CAPCAT_ENOMEM;
	free(*dst);
	*dst = p;
	return 0;
}

static int append_str(char **dst, const char *sep, struct capcat_span s)
{
	size_t old, seplen = strlen(sep);
	char *p;

	if (!*dst)
		return set_str(dst, s);
	old = strlen(*dst);
	p = realloc(*dst, old + seplen + s.n + 1);
	if (!p)
		return CAPCAT_ENOMEM;
	memcpy(p + old, sep, seplen);
	if (s.n)
		memcpy(p + old + seplen, s.p, s.n);
	p[old + seplen + s.n] = '\0';
	*dst = p;
	return 0;
}

static int add_photographer(struct capcat_credit *c, struct capcat_span s)
{
	char **v;
	size_t i;

	s = trim(s);
	if (!s.n)
		return 0;
	for (i = 0; i < c->nphotographers; i++)
		if (capcat_name__eq(c->photographers[i], strlen(c->photographers[i]),
				    s.p, s.n))
			return 0;
	v = realloc(c->photographers, (c->nphotographers + 1) * sizeof(*v));
	if (!v)
		return CAPCAT_ENOMEM;
	c->photographers = v;
	if (!(v[c->nphotographers] = capcat_span__dup(s)))
		return CAPCAT_ENOMEM;
	c->nphotographers++;
	return 0;
}

static size_t count_words(struct capcat_span s)
{
	size_t i, n = 0;

	for (i = 0; i < s.n; i++)
		if (!capcat_text__is_space((unsigned char)s.p[i]) &&
		    (i == 0 || capcat_text__is_space((unsigned char)s.p[i - 1])))
			n++;
	return n;
}

/* Find the next " and " / " & " joining two names of two words or more;
 * "Tom and Jerry" stays one name. */
static size_t next_joint(struct capcat_span s, size_t *jlen)
{
	size_t a = ifind(s, " and "), b = ifind(s, " & ");

	if (b != CAPCAT_NPOS && (a == CAPCAT_NPOS || b < a)) {
		*jlen = 3;
		return b;
	}
	*jlen = 5;
	return a;
}

static int add_people(struct capcat_credit *c, struct capcat_span s)
{
	struct capcat_span rest = s;
	size_t k, jlen, pieces = 0;
	int rc;

	while ((k = next_joint(rest, &jlen)) != CAPCAT_NPOS) {
		if (count_words(SPAN(rest.p, k)) < 2)
			return add_photographer(c, s);
		rest = SPAN(rest.p + k + jlen, rest.n - k - jlen);
		pieces++;
	}
	if (!pieces || count_words(rest) < 2)
		return add_photographer(c, s);
	rest = s;
	while ((k = next_joint(rest, &jlen)) != CAPCAT_NPOS) {
		if ((rc = add_photographer(c, SPAN(rest.p, k))))
			return rc;
		rest = SPAN(rest.p + k + jlen, rest.n - k - jlen);
	}
	return add_photographer(c, rest);
}

static int add_provider(struct capcat_credit *c, const struct part *pt)
{
	return append_str(&c->provider, "/", pt->ag ? span_of(pt->ag->name) : pt->s);
}

/* Role tokens set flags; a Courtesy part names the issuer. */
static void scan_roles(struct pstate *st, size_t *handout_at, size_t *last_wire)
{
	struct capcat_credit *c = st->c;
	size_t i;

	for (i = 0; i < st->n; i++) {
		struct part *pt = &st->v[i];

		switch (pt->kind) {
		case PK_POOL: c->pool = 1; st->strong = 1; break;
		case PK_HANDOUT:
			c->handout = 1; st->strong = 1;
			if (*handout_at == CAPCAT_NPOS)
				*handout_at = i;
			break;
		case PK_ANON: st->strong = 1; break;
		case PK_FILE: c->file = 1; break;
		case PK_ILLUS: c->illustration = 1; st->strong = 1; break;
		case PK_COURTESY: c->handout = 1; st->strong = 1; break;
		case PK_AGENCY:
			st->strong = 1;
			if (pt->ag->kind == WIRE)
				*last_wire = i;
			break;
		case PK_NAME: break;
		}
	}
}

/* The issuer of a handout: "Courtesy of X", "Handout / X / AFP" (AFP),
 * "X/Handout via REUTERS" (Reuters, only when X reads as an organisation,
 * so that "Name/Handout" keeps its photographer). */
static int find_issuer(struct pstate *st, size_t h)
{
	struct capcat_credit *c = st->c;
	struct part *pt = NULL;
	size_t i;

	for (i = 0; i < st->n && !pt; i++)
		if (st->v[i].kind == PK_COURTESY && st->v[i].arg.n)
			pt = &st->v[i];
	if (pt)
		return set_str(&c->issuer, pt->arg);
	if (h == CAPCAT_NPOS)
		return 0;
	if (h + 1 < st->n && st->v[h + 1].kind == PK_NAME)
		pt = &st->v[h + 1];
	else if (h > 0 && st->v[h - 1].kind == PK_NAME &&
		 (st->v[h - 1].org || is_acronym(st->v[h - 1].s)))
		pt = &st->v[h - 1];
	if (!pt)
		return 0;
	pt->used = 1;
	return set_str(&c->issuer, pt->s);
}

static int assign_name(struct pstate *st, struct part *pt, int *person_done)
{
	struct capcat_credit *c = st->c;

	if (pt->org) {
		/* an organisation credited on its own handed the picture out */
		if (c->issuer)
			return add_provider(c, pt);
		c->handout = 1;
		return set_str(&c->issuer, pt->s);
	}
	if (*person_done)
		return add_provider(c, pt);
	*person_done = 1;
	return add_people(c, pt->s);
}

static int assign_agency(struct pstate *st, struct part *pt, size_t i, size_t last_wire)
{
	struct capcat_credit *c = st->c;
	int rc;

	if (pt->ag->kind != WIRE)
		return add_provider(c, pt);
	if (i != last_wire) {
		/* "Rex/Shutterstock" names one agency twice */
		if (pt->ag == st->v[last_wire].ag)
			return 0;
		return add_provider(c, pt);
	}
	if ((rc = set_str(&c->agency, span_of(pt->ag->name))))
		return rc;
	if (pt->arg.n)
		return set_str(&c->for_client, pt->arg);
	return 0;
}

static int assign_parts(struct pstate *st)
{
	struct capcat_credit *c = st->c;
	size_t i, h = CAPCAT_NPOS, last_wire = CAPCAT_NPOS;
	int person_done = 0, rc = 0;

	scan_roles(st, &h, &last_wire);
	if ((rc = find_issuer(st, h)))
		return rc;
	for (i = 0; i < st->n && !rc; i++) {
		struct part *pt = &st->v[i];

		if (pt->used)
			continue;
		if (pt->kind == PK_POOL && pt->arg.n && !c->pool_org)
			rc = set_str(&c->pool_org, pt->arg);
		else if (pt->kind == PK_ANON) {
			if (!c->anonymous)
				c->anonymous = pt->anon;
			person_done = 1;
		} else if (pt->kind == PK_NAME)
			rc = assign_name(st, pt, &person_done);
		else if (pt->kind == PK_AGENCY)
			rc = assign_agency(st, pt, i, last_wire);
	}
	return rc;
}

/* After " via ": the distributor, maybe "/File Photo" (Reuters) or a
 * final wire ("via CNP/Shutterstock": via CNP, agency Shutterstock). */
static int take_via(struct pstate *st, struct capcat_span post)
{
	struct capcat_credit *c = st->c;
	struct capcat_span v[MAX_VIA_PARTS];
	const struct agency *ag;
	size_t i, start = 0, nv = 0;
	int rc = 0;

	for (i = 0; i <= post.n; i++) {
		struct capcat_span s;

		if (i < post.n && post.p[i] != '/')
			continue;
		s = trim_brackets(SPAN(post.p + start, i - start));
		start = i + 1;
		if (ieq(s, "File") || ieq(s, "File Photo"))
			c->file = 1;
		else if (ieq(s, "Illustration"))
			c->illustration = 1;
		else if (s.n && nv < MAX_VIA_PARTS)
			v[nv++] = s;
	}
	if (!nv)
		return 0;
	st->strong = 1;
	if (nv >= 2 && !c->agency && (ag = agency_find(v[nv - 1])) && ag->kind == WIRE) {
		if ((rc = set_str(&c->agency, span_of(ag->name))))
			return rc;
		nv--;
	}
	for (i = 0; i < nv && !rc; i++) {
		ag = agency_find(v[i]);
		rc = append_str(&c->via, "/", ag ? span_of(ag->name) : v[i]);
	}
	return rc;
}

/* ---- the line as a whole ------------------------------------------------ */

size_t capcat_text__match_open(const char *s, size_t close)
{
	size_t i = close + 1, depth = 0;

	while (i-- > 0) {
		if (s[i] == ')')
			depth++;
		else if (s[i] == '(' && depth && --depth == 0)
			return i;
	}
	return CAPCAT_NPOS;
}

static struct capcat_span strip_brackets(struct capcat_span s)
{
	s = trim(s);
	if (s.n >= 2 && s.p[0] == '(' && s.p[s.n - 1] == ')' &&
	    capcat_text__match_open(s.p, s.n - 1) == 0)
		s = trim(SPAN(s.p + 1, s.n - 2));
	return s;
}

/* Shutterstock's "(16507315bs)" at the end. */
static int take_supplier_ref(struct capcat_credit *c, struct capcat_span *s)
{
	size_t o, i, digits = 0;
	struct capcat_span ref;

	if (!s->n || s->p[s->n - 1] != ')')
		return 0;
	o = capcat_text__match_open(s->p, s->n - 1);
	if (o == CAPCAT_NPOS || (o > 0 && !capcat_text__is_space((unsigned char)s->p[o - 1])))
		return 0;
	ref = SPAN(s->p + o + 1, s->n - o - 2);
	if (!ref.n || ref.n > 40)
		return 0;
	for (i = 0; i < ref.n; i++) {
		if (ref.p[i] >= '0' && ref.p[i] <= '9')
			digits++;
		else if (!is_word_byte((unsigned char)ref.p[i]) || (unsigned char)ref.p[i] >= 0x80)
			return 0;
	}
	if (!digits)
		return 0;
	*s = trim(SPAN(s->p, o));
	return set_str(&c->supplier_ref, ref);
}

/* AP's ", File" and ", Pool" at the very end. */
static struct capcat_span strip_flags(struct pstate *st, struct capcat_span s)
{
	size_t round;

	for (round = 0; round < 6; round++) {
		if (iends(s, ", File")) {
			st->c->file = 1;
			s = trim(SPAN(s.p, s.n - 6));
		} else if (iends(s, ", File Photo")) {
			st->c->file = 1;
			s = trim(SPAN(s.p, s.n - 12));
		} else if (iends(s, ", Pool")) {
			st->c->pool = 1;
			st->strong = 1;
			s = trim(SPAN(s.p, s.n - 6));
		} else {
			break;
		}
	}
	return s;
}

static int is_agency(const char *field, const char *name)
{
	const char *n = field ? capcat_agency_normalise(field, strlen(field)) : NULL;

	return n && !strcmp(n, name);
}

static void finish(struct pstate *st)
{
	struct capcat_credit *c = st->c;
	size_t i;

	if (c->nphotographers)
		c->anonymous = CAPCAT_ANON_NONE;    /* "Name/STR" names someone */
	if (st->lead_by && !c->nphotographers && !c->anonymous && !c->handout &&
	    !c->provider && !c->pool && !c->issuer)
		c->anonymous = CAPCAT_ANON_UNNAMED;
	for (i = 0; i < st->n; i++)
		if (ieq(st->v[i].s, "AP Photo"))
			st->ap_photo = 1;
	st->afp_old = st->n && ieq(st->v[0].s, "AFP PHOTO");
	if (st->afp_old)
		c->shape = CAPCAT_SHAPE_AFP_OLD;
	else if (st->ap_photo || is_agency(c->agency, "AP"))
		c->shape = CAPCAT_SHAPE_AP;
	else if (is_agency(c->agency, "AFP"))
		c->shape = CAPCAT_SHAPE_AFP;
	else if (is_agency(c->agency, "Reuters"))
		c->shape = CAPCAT_SHAPE_REUTERS;
	else if (is_agency(c->agency, "Getty Images"))
		c->shape = CAPCAT_SHAPE_GETTY;
	else if (is_agency(c->agency, "EPA") || is_agency(c->agency, "EPA-EFE"))
		c->shape = CAPCAT_SHAPE_EPA;
	else if (is_agency(c->via, "AP"))
		c->shape = CAPCAT_SHAPE_AP;
	else if (is_agency(c->via, "Reuters"))
		c->shape = CAPCAT_SHAPE_REUTERS;
	else if (is_agency(c->via, "Getty Images"))
		c->shape = CAPCAT_SHAPE_GETTY;
}

/* Where the distributor starts: "via " at a word start (after a blank,
 * '/' or ',': Reuters writes "Social Media/via REUTERS") with something
 * after it.  Returns the offset of the separator before "via", or 0 when
 * the line starts with "via "; CAPCAT_NPOS if there is none. */
static size_t find_via(struct capcat_span s, size_t *post)
{
	size_t at = 0, k;
	struct capcat_span rest;

	while (at < s.n && (k = ifind(SPAN(s.p + at, s.n - at), "via ")) != CAPCAT_NPOS) {
		k += at;
		at = k + 1;
		if (k > 0 && !capcat_text__is_space((unsigned char)s.p[k - 1]) &&
		    s.p[k - 1] != '/' && s.p[k - 1] != ',')
			continue;
		rest = trim(SPAN(s.p + k + 4, s.n - k - 4));
		if (!rest.n || rest.p[0] == '/' || rest.p[0] == ',')
			continue;
		*post = k + 4;
		return k ? k - 1 : 0;
	}
	return CAPCAT_NPOS;
}

static int parse_body(struct pstate *st, struct capcat_span s)
{
	struct capcat_span pre = s, post = SPAN(s.p + s.n, 0);
	size_t k, at = 0;
	int rc;

	s = strip_leads(st, s);
	s = strip_flags(st, s);
	if ((k = find_via(s, &at)) != CAPCAT_NPOS) {
		pre = SPAN(s.p, k);
		post = SPAN(s.p + at, s.n - at);
	} else {
		pre = s;
	}
	if (post.n)
		st->shaped = 1;
	split_parts(st, pre);
	if ((rc = assign_parts(st)) || (rc = take_via(st, trim(post))))
		return rc;
	if (st->lead)
		st->strong = st->shaped = 1;
	finish(st);
	return 0;
}

int capcat_credit__parse_span(struct capcat_credit *out, struct capcat_span s,
			      struct capcat_credit_evidence *ev, struct capcat_err *err)
{
	struct pstate st;
	struct capcat_credit c;
	int rc = CAPCAT_ENOMEM;

	capcat_credit_init(&c);
	memset(&st, 0, sizeof(st));
	st.c = &c;
	s = strip_brackets(s);
	if (s.n && !(c.line = capcat_span__dup(s)))
		goto cleanup;
	if (take_supplier_ref(&c, &s))
		goto cleanup;
	if (c.supplier_ref)
		st.strong = 1;
	if ((rc = parse_body(&st, s)))
		goto cleanup;
	if (ev) {
		ev->strong = st.strong;
		ev->shaped = st.shaped;
	}
	*out = c;
	return 0;
cleanup:
	capcat_credit_release(&c);
	return capcat_err_set(err, rc, "cannot parse credit: out of memory");
}

/* "(Photo by X / AFP) (Photo by X/AFP via Getty Images)": two groups
 * that make up the whole line; the first starts at s.p. */
static size_t second_group(struct capcat_span s)
{
	size_t o2, t;

	if (s.n < 4 || s.p[0] != '(' || s.p[s.n - 1] != ')')
		return CAPCAT_NPOS;
	o2 = capcat_text__match_open(s.p, s.n - 1);
	if (o2 == CAPCAT_NPOS || o2 == 0)
		return CAPCAT_NPOS;
	t = o2;
	while (t && capcat_text__is_space((unsigned char)s.p[t - 1]))
		t--;
	if (t < 2 || s.p[t - 1] != ')' || capcat_text__match_open(s.p, t - 1) != 0)
		return CAPCAT_NPOS;
	return o2;
}

int capcat_credit_parse(struct capcat_credit *out, const char *line,
			struct capcat_err *err)
{
	struct capcat_credit first, second;
	struct capcat_span s = trim(span_of(line));
	size_t o2;
	int rc;

	if (!out || !line)
		return capcat_err_set(err, CAPCAT_EUSAGE, "no credit line to parse");
	if ((o2 = second_group(s)) == CAPCAT_NPOS)
		return capcat_credit__parse_span(out, s, NULL, err);
	capcat_credit_init(&first);
	capcat_credit_init(&second);
	if ((rc = capcat_credit__parse_span(&first, SPAN(s.p, o2), NULL, err)) ||
	    (rc = capcat_credit__parse_span(&second, SPAN(s.p + o2, s.n - o2), NULL, err)) ||
	    (rc = capcat_credit__merge(&first, &second, err))) {
		capcat_credit_release(&first);
		capcat_credit_release(&second);
		return rc;
	}
	*out = first;
	return 0;
}

/* ---- lifecycle and merging ---------------------------------------------- */

void capcat_credit_init(struct capcat_credit *c)
{
	memset(c, 0, sizeof(*c));
	c->shape = CAPCAT_SHAPE_GENERIC;
}

void capcat_credit_release(struct capcat_credit *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nphotographers; i++)
		free(c->photographers[i]);
	free(c->photographers);
	free(c->line);
	free(c->agency);
	free(c->provider);
	free(c->via);
	free(c->pool_org);
	free(c->issuer);
	free(c->for_client);
	free(c->supplier_ref);
	capcat_credit_init(c);
}

static void take_if_unset(char **dst, char **src)
{
	if (!*dst) {
		*dst = *src;
		*src = NULL;
	}
}

int capcat_credit__merge(struct capcat_credit *dst, struct capcat_credit *src,
			 struct capcat_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < src->nphotographers && !rc; i++)
		rc = add_photographer(dst, span_of(src->photographers[i]));
	if (!rc && src->line)
		rc = append_str(&dst->line, " ", span_of(src->line));
	/* "(Name / AFP) (Name/Getty Images)": the second agency resold it */
	if (!rc && dst->agency && src->agency && !dst->via &&
	    strcmp(dst->agency, src->agency)) {
		dst->via = src->agency;
		src->agency = NULL;
	}
	take_if_unset(&dst->agency, &src->agency);
	take_if_unset(&dst->provider, &src->provider);
	take_if_unset(&dst->via, &src->via);
	take_if_unset(&dst->pool_org, &src->pool_org);
	take_if_unset(&dst->issuer, &src->issuer);
	take_if_unset(&dst->for_client, &src->for_client);
	take_if_unset(&dst->supplier_ref, &src->supplier_ref);
	dst->pool |= src->pool;
	dst->handout |= src->handout;
	dst->file |= src->file;
	dst->illustration |= src->illustration;
	if (!dst->anonymous || (dst->anonymous == CAPCAT_ANON_UNNAMED && src->anonymous))
		dst->anonymous = src->anonymous;
	if (dst->nphotographers && dst->anonymous == CAPCAT_ANON_UNNAMED)
		dst->anonymous = CAPCAT_ANON_NONE;
	capcat_credit_release(src);
	if (rc)
		return capcat_err_set(err, rc, "cannot merge credits: out of memory");
	return 0;
}
