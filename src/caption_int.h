/* caption_int.h - private helpers shared by caption.c and credit.c.
 *
 * A span is a borrowed byte range of a caller's NUL-terminated string; it
 * never owns memory and is only read within [p, p + n).  All splitting
 * happens at ASCII bytes, which never occur inside a UTF-8 sequence, so a
 * span cut at one of them never splits a character.
 */
#ifndef CAPCAT_CAPTION_INT_H
#define CAPCAT_CAPTION_INT_H

#include "capcat/caption.h"

#include <stddef.h>

struct capcat_span {
	const char *p;
	size_t n;
};

#define CAPCAT_SPAN(ptr, len) ((struct capcat_span){ (ptr), (len) })
#define CAPCAT_NPOS ((size_t)-1)

/* What a credit parse saw besides the fields, so that caption.c can tell
 * "(Party of God)" from "(Photo by Ali NOUR / AFP)". */
struct capcat_credit_evidence {
	int strong;   /* an agency, via, a lead ("Photo by"), or an explicit
			 Handout/Courtesy/POOL/STR/Illustration token */
	int shaped;   /* written like a credit: '/', " via " or a lead */
};

int capcat_text__is_space(int c);
struct capcat_span capcat_span__trim(struct capcat_span s);
int capcat_span__ieq(struct capcat_span s, const char *lit);
int capcat_span__istarts(struct capcat_span s, const char *lit);
int capcat_span__iends(struct capcat_span s, const char *lit);
/* Offset of the first case-insensitive 'lit' in 's', or CAPCAT_NPOS. */
size_t capcat_span__ifind(struct capcat_span s, const char *lit);
/* malloc'd NUL-terminated copy, NULL when out of memory. */
char *capcat_span__dup(struct capcat_span s);

/* Whether the '.' at s[dot] ends a sentence rather than an abbreviation or
 * an initial ("U.S.", "Oct.", "J."); only the bytes before it are read. */
int capcat_text__sentence_end(const char *s, size_t dot);

/* Index of the '(' matching the ')' at s[close], or CAPCAT_NPOS. */
size_t capcat_text__match_open(const char *s, size_t close);

/* An organisation by its words ("Ministry", "Navy", "Media Office"...); with
 * 'acronyms', also a short all-capitals name ("SANA").  NULL gives 0. */
int capcat_credit__org_like(const char *s, int acronyms);

/* Parse the credit in 's' (brackets and labels allowed) into *out, which
 * must be initialised and empty.  'ev' may be NULL.  0 or CAPCAT_ENOMEM. */
int capcat_credit__parse_span(struct capcat_credit *out, struct capcat_span s,
			      struct capcat_credit_evidence *ev, struct capcat_err *err);

/* Fold 'src' (the second of two adjacent credit groups, e.g. a Getty resale
 * credit after the AFP one) into 'dst'; 'src' is left released.  0 or
 * CAPCAT_ENOMEM. */
int capcat_credit__merge(struct capcat_credit *dst, struct capcat_credit *src,
			 struct capcat_err *err);

/* 'name' is, or has among its '/' parts, a wire agency (AP, AFP, Reuters,
 * EPA...) rather than a provider. */
int capcat_agency__is_wire(const char *name);

/* The credit is Reuters' own or distributed by Reuters. */
int capcat_credit__is_reuters(const struct capcat_credit *c);

/* Names equal ignoring ASCII case and Latin accents ("José" == "JOSE"). */
int capcat_name__eq(const char *a, size_t an, const char *b, size_t bn);

#endif
