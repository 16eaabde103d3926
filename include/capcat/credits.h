/* credits.h - who to credit, and how, for a set of photos.
 *
 * The credits of the photos a query selects, grouped by agency and then by
 * photographer (or issuer, for handouts), with the number of photos, the
 * flags (pool, handout, file) and the first and last date; the photos with
 * no credit at all are listed apart: they are the ones an editor must fix.
 */
#ifndef CAPCAT_CREDITS_H
#define CAPCAT_CREDITS_H

#include "capcat/buf.h"
#include "capcat/catalog.h"
#include "capcat/search.h"

#include <stddef.h>
#include <stdint.h>

struct capcat_credit_line {
	char *agency;           /* NULL: no agency named */
	char *photographer;     /* NULL for a handout credited to its issuer */
	char *provider, *via, *issuer;
	int pool, handout, file;
	int64_t photos;
	char first_date[11], last_date[11];     /* "" when the photos have no date */
	size_t seq;             /* the order it was first met in */
};

struct capcat_credit_list {
	struct capcat_credit_line *lines;       /* agencies by photos, then names */
	size_t n;
	char **uncredited;                      /* paths of photos without a credit */
	size_t nuncredited;
};

void capcat_credit_list_init(struct capcat_credit_list *l);
void capcat_credit_list_release(struct capcat_credit_list *l);

/* The credit list of the photos 'q' selects. */
int capcat_credits(struct capcat_catalog *cat, const struct capcat_query *q,
		   struct capcat_credit_list *out, struct capcat_err *err);

/* Formats: "text" (a paragraph ready to paste: "AFP: Murtada AL-SUDANI
 * (pool), SAFIN HAMED; Iraqi Presidency Media Office (handout). AP: Hadi
 * Mizban (file)."), "markdown", "csv" (agency, photographer, provider, via,
 * pool, handout, issuer, file, photos, first_date, last_date) and "json".
 * Appends to 'out'; CAPCAT_EUSAGE for an unknown format. */
int capcat_credits_format(struct capcat_buf *out, const struct capcat_credit_list *l,
			  const char *format, struct capcat_err *err);

#endif
