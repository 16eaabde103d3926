/* credit_format.c - credit lines written in a house style
 * (caption-style.md 1.5): ARTICLE (as news sites print each agency), AP,
 * AFP, REUTERS and GETTY.
 *
 * Every form is one the parser in credit.c reads back to the same fields:
 * parse(format(c)) == c, and format(parse(line)) == line for a line already
 * in the style.  Where a style cannot say something (a file photo in AFP
 * and Getty credits) the caption prefix says it.
 */
#include "caption_int.h"
#include "capcat/buf.h"

#include <stdlib.h>
#include <string.h>

#define SPAN CAPCAT_SPAN
#define trim capcat_span__trim
#define iends capcat_span__iends

static int is_space(char c)
{
	return capcat_text__is_space((unsigned char)c);
}

static struct capcat_span span_of(const char *s)
{
	return SPAN(s, s ? strlen(s) : 0);
}

static int has(const char *s)
{
	return s && *s;
}

enum ho_mode { HO_GENERIC, HO_AFP, HO_REUTERS, HO_COURTESY };

struct fm {
	struct capcat_buf b;
	const struct capcat_credit *c;
	const char *sep;
	size_t nput;                /* parts written */
	int afp_case;               /* AFP: given name, SURNAME */
	int rc;
};

static void fm_raw(struct fm *f, const char *s, size_t n)
{
	if (!f->rc && capcat_buf_add(&f->b, s, n))
		f->rc = CAPCAT_ENOMEM;
}

static void fm_str(struct fm *f, const char *s)
{
	fm_raw(f, s, strlen(s));
}

static void fm_part(struct fm *f, const char *s)
{
	if (f->nput++)
		fm_str(f, f->sep);
	fm_str(f, s);
}

static int is_agency(const char *field, const char *name)
{
	const char *n = field ? capcat_agency_normalise(field, strlen(field)) : NULL;

	return n && !strcmp(n, name);
}

/* Agencies as credits print them: Reuters writes itself in capitals. */
static const char *display(const char *field)
{
	const char *n = capcat_agency_normalise(field, strlen(field));

	if (!n)
		return field;
	return strcmp(n, "Reuters") ? n : "REUTERS";
}

static unsigned upper_cp(unsigned cp)
{
	if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
		return cp - 0x20;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return cp & ~1u;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return (cp & 1) ? cp : cp - 1;
	return cp;
}

/* Upper-case ASCII and Latin-1/Latin Extended-A letters; other bytes are
 * copied, so no sequence is split or changes length. */
static void fm_upper(struct fm *f, struct capcat_span s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0;
	unsigned cp;
	char b[2];

	while (i < s.n) {
		if (p[i] >= 'a' && p[i] <= 'z') {
			b[0] = (char)(p[i] - 32);
			fm_raw(f, b, 1);
			i++;
		} else if (i + 1 < s.n && p[i] >= 0xC3 && p[i] <= 0xC5 &&
			   (p[i + 1] & 0xC0) == 0x80) {
			cp = upper_cp(((unsigned)(p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F));
			b[0] = (char)(0xC0 | (cp >> 6));
			b[1] = (char)(0x80 | (cp & 0x3F));
			fm_raw(f, b, 2);
			i += 2;
		} else {
			fm_raw(f, s.p + i, 1);
			i++;
		}
	}
}

static int all_caps_word(struct capcat_span w)
{
	size_t i, letters = 0;

	for (i = 0; i < w.n; i++) {
		unsigned char c = (unsigned char)w.p[i];

		if (c >= 'a' && c <= 'z')
			return 0;
		if (c == 0xC3 && i + 1 < w.n && (unsigned char)w.p[i + 1] >= 0xA0)
			return 0;
		letters += (c >= 'A' && c <= 'Z');
	}
	return letters >= 2;
}

static const char *const particles[] = {
	"al", "el", "bin", "ibn", "abu", "ben", "de", "del", "della", "der", "den",
	"van", "von", "da", "di", "du", "dos", "das", "la", "le", NULL
};

static int is_particle(struct capcat_span w)
{
	size_t i;

	for (i = 0; particles[i]; i++)
		if (capcat_span__ieq(w, particles[i]))
			return 1;
	return 0;
}

/* AFP: "Hadi Mizban" -> "Hadi MIZBAN", "Oscar del Pozo" -> "Oscar DEL POZO";
 * a name that already has a word in capitals is kept as written. */
static void fm_afp_name(struct fm *f, const char *name)
{
	struct capcat_span s = span_of(name);
	size_t starts[64], nw = 0, i, sur;

	for (i = 0; i < s.n; i++) {
		if (is_space(s.p[i]) || (i && !is_space(s.p[i - 1])))
			continue;
		if (nw == 64)
			break;
		starts[nw++] = i;
	}
	for (i = 0; i < nw; i++) {
		size_t e = starts[i];

		while (e < s.n && !is_space(s.p[e]))
			e++;
		if (all_caps_word(SPAN(s.p + starts[i], e - starts[i])) || nw == 64) {
			fm_str(f, name);
			return;
		}
	}
	if (nw < 2) {
		/* one word: no given name to tell the surname from */
		fm_str(f, name);
		return;
	}
	sur = nw - 1;
	while (sur > 1 && is_particle(trim(SPAN(s.p + starts[sur - 1],
						starts[sur] - starts[sur - 1]))))
		sur--;
	fm_raw(f, s.p, starts[sur]);
	fm_upper(f, SPAN(s.p + starts[sur], s.n - starts[sur]));
}

static int has_people(const struct capcat_credit *c)
{
	size_t i;

	for (i = 0; i < c->nphotographers; i++)
		if (has(c->photographers[i]))
			return 1;
	return 0;
}

static const char *anon_token(int anonymous)
{
	switch (anonymous) {
	case CAPCAT_ANON_STR: return "STR";
	case CAPCAT_ANON_STRINGER: return "STRINGER";
	case CAPCAT_ANON_DASH: return "-";
	default: return NULL;
	}
}

/* Photographers joined by " and ", else the stringer token; returns
 * whether anyone was named. */
static int fm_people(struct fm *f)
{
	const struct capcat_credit *c = f->c;
	size_t i;
	int any = 0;

	for (i = 0; i < c->nphotographers; i++) {
		if (!has(c->photographers[i]))
			continue;
		if (any)
			fm_str(f, " and ");
		else if (f->nput++)
			fm_str(f, f->sep);
		any = 1;
		if (f->afp_case)
			fm_afp_name(f, c->photographers[i]);
		else
			fm_str(f, c->photographers[i]);
	}
	if (!any && anon_token(c->anonymous))
		fm_part(f, anon_token(c->anonymous));
	return any;
}

static void fm_pool(struct fm *f, const char *word)
{
	const struct capcat_credit *c = f->c;

	if (has(c->pool_org)) {
		fm_part(f, c->pool_org);
		if (!iends(span_of(c->pool_org), " Pool") && !capcat_span__ieq(span_of(c->pool_org), "Pool"))
			fm_str(f, " Pool");
	} else if (c->pool) {
		fm_part(f, word);
	}
}

/* The handout and its issuer, written so the parser finds them again:
 * an organisation credited alone ("Iraqi Presidency Media Office / AFP"),
 * AFP's "Handout / Issuer", Reuters' "Issuer/Handout" or "Name/Courtesy of
 * Issuer/Handout", and "Courtesy [of Issuer]" when no agency is named. */
/* An organisation credited on its own: "Iraqi Presidency Media Office /
 * AFP".  Without an agency, alone in brackets, it would read as an aside. */
static int org_only(const struct capcat_credit *c, enum ho_mode mode, int people)
{
	return mode == HO_GENERIC && !people && has(c->issuer) &&
	       capcat_credit__org_like(c->issuer, 0) && (has(c->agency) || has(c->via));
}

static void fm_handout(struct fm *f, enum ho_mode mode, int people)
{
	const struct capcat_credit *c = f->c;
	const char *is = has(c->issuer) ? c->issuer : NULL;

	if (!c->handout && !is)
		return;
	if (mode == HO_REUTERS || mode == HO_COURTESY) {
		if (is && mode == HO_REUTERS && !people && capcat_credit__org_like(is, 1)) {
			fm_part(f, is);
		} else if (is) {
			fm_part(f, "Courtesy of ");
			fm_str(f, is);
		} else if (mode == HO_COURTESY) {
			fm_part(f, "Courtesy");
		}
		if (mode == HO_REUTERS)
			fm_part(f, "Handout");
	} else {
		fm_part(f, "Handout");
		if (is)
			fm_part(f, is);
	}
}

static void fm_agency(struct fm *f)
{
	const struct capcat_credit *c = f->c;

	if (!has(c->agency))
		return;
	fm_part(f, display(c->agency));
	if (has(c->for_client)) {
		fm_str(f, " for ");
		fm_str(f, c->for_client);
	}
}

static void fm_body(struct fm *f, enum ho_mode ho, const char *pool_word, int agency)
{
	const struct capcat_credit *c = f->c;
	int people = fm_people(f);

	fm_pool(f, pool_word);
	/* the parser takes the first organisation for the issuer, and a name
	 * right after "Handout" too: the provider goes between */
	if (org_only(c, ho, people))
		fm_part(f, c->issuer);
	if (has(c->provider))
		fm_part(f, display(c->provider));
	if (!org_only(c, ho, people))
		fm_handout(f, ho, people);
	if (c->illustration)
		fm_part(f, "Illustration");
	if (agency)
		fm_agency(f);
}

static void fm_via(struct fm *f)
{
	if (!has(f->c->via))
		return;
	fm_str(f, f->nput ? " via " : "via ");
	fm_str(f, display(f->c->via));
	f->nput++;
}

/* ", File" (AP and most outlets) or "/File Photo" (Reuters). */
static void fm_file(struct fm *f, const char *suffix)
{
	if (!f->c->file)
		return;
	fm_str(f, f->nput ? suffix : suffix + (suffix[0] == ',' ? 2 : 1));
	f->nput++;
}

static int has_pre(const struct capcat_credit *c)
{
	return has_people(c) || anon_token(c->anonymous) || c->pool || has(c->pool_org) ||
	       c->handout || has(c->issuer) || c->illustration || has(c->provider);
}

static int unnamed_lead(const struct capcat_credit *c)
{
	return c->anonymous == CAPCAT_ANON_UNNAMED && !has_pre(c);
}

static const char *pool_word(const struct capcat_credit *c, const char *dflt)
{
	return is_agency(c->via, "AP") ? "Pool Photo" : dflt;
}

static void fm_generic(struct fm *f, const char *sep, enum ho_mode ho,
		       const char *pool, const char *file_suffix, int lead)
{
	f->sep = sep;
	/* nobody to hand out for: a family snapshot is "Courtesy of ..." */
	if (ho == HO_GENERIC && !has(f->c->agency) && !has(f->c->via))
		ho = HO_COURTESY;
	if (lead)
		fm_str(f, "Photo by ");
	fm_body(f, ho, pool, 1);
	fm_via(f);
	if (file_suffix)
		fm_file(f, file_suffix);
}

/* "AP Photo/Name[, Pool][, File]": AP's own pictures. */
static int ap_photo_ok(const struct capcat_credit *c)
{
	return is_agency(c->agency, "AP") && !has(c->via) && !c->handout && !has(c->issuer) &&
	       !c->anonymous && !has(c->pool_org) && !c->illustration &&
	       !has(c->provider) && !has(c->for_client);
}

static void fm_ap_photo(struct fm *f)
{
	f->sep = "/";
	fm_part(f, "AP Photo");
	fm_people(f);
	if (f->c->pool)
		fm_str(f, ", Pool");
	fm_file(f, ", File");
}

static int plain(const char *s)
{
	return !s || !strpbrk(s, "/,");
}

/* "Name, Sputnik, Kremlin Pool Photo via AP": AP's comma form. */
static int ap_comma_ok(const struct capcat_credit *c)
{
	size_t i;

	if (!is_agency(c->via, "AP") || !iends(span_of(c->pool_org), " Pool") ||
	    has(c->agency) || c->handout || has(c->issuer) || c->illustration ||
	    c->anonymous || !has_people(c) || !plain(c->provider) || !plain(c->pool_org))
		return 0;
	for (i = 0; i < c->nphotographers; i++)
		if (!plain(c->photographers[i]))
			return 0;
	return 1;
}

static void fm_ap_comma(struct fm *f)
{
	f->sep = ", ";
	fm_people(f);
	if (has(f->c->provider))
		fm_part(f, f->c->provider);
	fm_part(f, f->c->pool_org);
	fm_str(f, " Photo");
	fm_via(f);
	fm_file(f, ", File");
}

int capcat_credit__is_reuters(const struct capcat_credit *c)
{
	return is_agency(c->agency, "Reuters") || is_agency(c->via, "Reuters");
}

/* "REUTERS/Name[/Illustration][/File Photo]", "Name/Pool via REUTERS",
 * "Issuer/Handout via REUTERS". */
static void fm_reuters(struct fm *f)
{
	f->sep = "/";
	if (is_agency(f->c->agency, "Reuters")) {
		fm_agency(f);
		fm_body(f, HO_GENERIC, "Pool", 0);
	} else {
		fm_body(f, HO_REUTERS, "Pool", 1);
	}
	fm_via(f);
	fm_file(f, "/File Photo");
}

/* "EPA/NAME": EPA's agency-first order. */
static void fm_agency_first(struct fm *f)
{
	f->sep = "/";
	fm_agency(f);
	fm_body(f, HO_GENERIC, "Pool", 0);
	fm_via(f);
	fm_file(f, ", File");
}

/* "EPA/Name/Provider" reads back only when the provider is no wire: the
 * parser takes the last wire for the agency. */
static int agency_first_ok(const struct capcat_credit *c)
{
	return !has(c->provider) || !capcat_agency__is_wire(c->provider);
}

static void style_article(struct fm *f)
{
	const struct capcat_credit *c = f->c;
	int afp = is_agency(c->agency, "AFP");

	if (ap_photo_ok(c))
		fm_ap_photo(f);
	else if (capcat_credit__is_reuters(c) && agency_first_ok(c))
		fm_reuters(f);
	else if ((is_agency(c->agency, "EPA") || is_agency(c->agency, "EPA-EFE")) &&
		 agency_first_ok(c))
		fm_agency_first(f);
	else if (ap_comma_ok(c))
		fm_ap_comma(f);
	else
		fm_generic(f, afp ? " / " : "/", HO_GENERIC,
			   pool_word(c, afp ? "POOL" : "Pool"), ", File", unnamed_lead(c));
}

static void style_ap(struct fm *f)
{
	const struct capcat_credit *c = f->c;

	if (ap_photo_ok(c))
		fm_ap_photo(f);
	else if (ap_comma_ok(c))
		fm_ap_comma(f);
	else
		fm_generic(f, "/", HO_GENERIC, pool_word(c, "Pool"), ", File",
			   unnamed_lead(c) || (is_agency(c->agency, "AP") &&
					       has(c->provider) && has_people(c)));
}

static void format_style(struct fm *f, enum capcat_credit_style style)
{
	const struct capcat_credit *c = f->c;
	int lead = has_pre(c) || c->anonymous == CAPCAT_ANON_UNNAMED;

	switch (style) {
	case CAPCAT_STYLE_ARTICLE: style_article(f); break;
	case CAPCAT_STYLE_AP: style_ap(f); break;
	case CAPCAT_STYLE_AFP:
		f->afp_case = 1;
		fm_generic(f, " / ", HO_AFP, "POOL", NULL, lead);
		break;
	case CAPCAT_STYLE_REUTERS:
		if (capcat_credit__is_reuters(c) && agency_first_ok(c))
			fm_reuters(f);
		else
			fm_generic(f, "/", HO_GENERIC, "Pool", "/File Photo", unnamed_lead(c));
		break;
	case CAPCAT_STYLE_GETTY:
		fm_generic(f, "/", HO_GENERIC, pool_word(c, "Pool"), NULL, lead);
		break;
	case CAPCAT_STYLE_COUNT: break;
	}
	if (has(c->supplier_ref)) {
		fm_str(f, f->nput ? " (" : "(");
		fm_str(f, c->supplier_ref);
		fm_str(f, ")");
	}
}

int capcat_credit_format(char **out, const struct capcat_credit *c,
			 enum capcat_credit_style style, struct capcat_err *err)
{
	struct fm f;
	char *s;

	if (!out || !c || (unsigned)style >= CAPCAT_STYLE_COUNT)
		return capcat_err_set(err, CAPCAT_EUSAGE, "no credit or no such style");
	memset(&f, 0, sizeof(f));
	capcat_buf_init(&f.b);
	f.c = c;
	f.sep = "/";
	format_style(&f, style);
	if (f.rc || !(s = capcat_buf_detach(&f.b, NULL))) {
		capcat_buf_release(&f.b);
		return capcat_err_set(err, CAPCAT_ENOMEM, "cannot format credit: out of memory");
	}
	*out = s;
	return 0;
}

/* ---- styles ------------------------------------------------------------- */

static const char *const style_names[CAPCAT_STYLE_COUNT] = {
	[CAPCAT_STYLE_ARTICLE] = "article", [CAPCAT_STYLE_AP] = "ap",
	[CAPCAT_STYLE_AFP] = "afp", [CAPCAT_STYLE_REUTERS] = "reuters",
	[CAPCAT_STYLE_GETTY] = "getty",
};

int capcat_credit_style_from_name(enum capcat_credit_style *out, const char *name)
{
	size_t i;

	if (!out || !name)
		return CAPCAT_EUSAGE;
	for (i = 0; i < CAPCAT_STYLE_COUNT; i++) {
		if (capcat_span__ieq(span_of(name), style_names[i])) {
			*out = (enum capcat_credit_style)i;
			return 0;
		}
	}
	return CAPCAT_EUSAGE;
}

const char *capcat_credit_style_name(enum capcat_credit_style style)
{
	return (unsigned)style < CAPCAT_STYLE_COUNT ? style_names[style] : NULL;
}
