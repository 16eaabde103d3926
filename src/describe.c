/* describe.c - which credit counts for a photo. */
#include "capcat/describe.h"
#include "capcat/buf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CREATORS 16

const char *capcat_describe_caption(const struct capcat_meta *eff)
{
	const char *c = capcat_meta_first(eff, CAPCAT_F_CAPTION, NULL);

	return c && *c ? c : capcat_meta_first(eff, CAPCAT_F_COMMENT, NULL);
}

static size_t creators(const struct capcat_meta *m, const char **out)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n && n < MAX_CREATORS; i++)
		if (m->v[i].field == CAPCAT_F_CREATOR && *m->v[i].value)
			out[n++] = m->v[i].value;
	return n;
}

/* The photographers are the creators, unless a creator is an agency
 * ("Getty Images" as By-line is the agency, not a person). */
static int set_photographers(struct capcat_credit *c, const char **who, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char **p;
		if (capcat_agency_normalise(who[i], strlen(who[i]))) {
			if (!c->agency && !(c->agency = strdup(capcat_agency_normalise(who[i], strlen(who[i])))))
				return CAPCAT_ENOMEM;
			continue;
		}
		p = realloc(c->photographers, (c->nphotographers + 1) * sizeof(*p));
		if (!p)
			return CAPCAT_ENOMEM;
		c->photographers = p;
		if (!(p[c->nphotographers] = strdup(who[i])))
			return CAPCAT_ENOMEM;
		c->nphotographers++;
	}
	return 0;
}

/* No credit line anywhere: the creators, and the Source as agency. */
static int from_creators(struct capcat_credit *out, const char **who, size_t n,
			 const char *source)
{
	struct capcat_buf line = CAPCAT_BUF_INIT;
	const char *agency = source ? capcat_agency_normalise(source, strlen(source)) : NULL;
	int rc;

	/* built directly: "A, B" would read as an AP comma credit */
	for (size_t i = 0; i < n; i++) {
		capcat_buf_adds(&line, i ? ", " : "");
		capcat_buf_adds(&line, who[i]);
	}
	if (agency) {
		capcat_buf_adds(&line, " / ");
		capcat_buf_adds(&line, agency);
	}
	rc = set_photographers(out, who, n);
	if (!rc && agency && !out->agency && !(out->agency = strdup(agency)))
		rc = CAPCAT_ENOMEM;
	if (!rc && !(out->line = capcat_buf_detach(&line, NULL)))
		rc = CAPCAT_ENOMEM;
	capcat_buf_release(&line);
	return rc;
}

/* The IPTC/XMP Credit field: a whole credit line ("Hadi Mizban / AP"), or,
 * as wires fill it, only who supplies the picture ("AP", "My Agency"): a
 * single part is the agency, and the creators are the photographers. */
static int credit_field(struct capcat_credit *out, const char *credit, const char **who,
			size_t nwho, struct capcat_err *err)
{
	int single = !strchr(credit, '/') && !strstr(credit, " via ");
	const char *agency;
	int rc = capcat_credit_parse(out, credit, err);

	if (rc)
		return rc;
	if (single && !out->agency && !out->handout) {
		agency = capcat_agency_normalise(credit, strlen(credit));
		for (size_t i = 0; i < out->nphotographers; i++)
			free(out->photographers[i]);
		free(out->photographers);
		out->photographers = NULL;
		out->nphotographers = 0;
		if (!(out->agency = strdup(agency ? agency : credit)))
			return CAPCAT_ENOMEM;
	}
	if (!out->nphotographers && nwho)
		rc = set_photographers(out, who, nwho);
	return rc;
}

int capcat_describe_credit(struct capcat_credit *out, int *found, const char **origin,
			   const struct capcat_meta *eff, struct capcat_caption *cap,
			   struct capcat_err *err)
{
	enum capcat_source src = CAPCAT_SRC_COUNT;
	const char *credit = capcat_meta_first(eff, CAPCAT_F_CREDIT, &src);
	const char *who[MAX_CREATORS];
	size_t nwho = creators(eff, who);
	int rc = 0;

	capcat_credit_release(out);
	*found = 0;
	*origin = NULL;
	if (credit && *credit && src == CAPCAT_SRC_USER) {
		rc = capcat_credit_parse(out, credit, err);
		*origin = "user";
	} else if (cap && cap->has_credit) {
		*out = cap->credit;             /* take it over */
		capcat_credit_init(&cap->credit);
		cap->has_credit = 0;
		*origin = "caption";
	} else if (credit && *credit) {
		rc = credit_field(out, credit, who, nwho, err);
		*origin = "credit_field";
	} else if (!rc && nwho) {
		rc = from_creators(out, who, nwho, capcat_meta_first(eff, CAPCAT_F_SOURCE, NULL));
		*origin = "creator";
	}
	if (rc)
		return capcat_err_set(err, rc, "out of memory");
	*found = *origin != NULL;
	return 0;
}
