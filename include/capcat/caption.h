/* caption.h - news captions and credit lines: parse and format (no I/O).
 *
 * A caption is [PREFIX] description [CREDIT] [trailing text/restrictions].
 * capcat_caption_parse() splits it and parses the credit into its parts
 * following docs/caption-style.md (AP, AFP, Reuters, Getty, EPA, Rex/
 * Shutterstock, Flash90/GPO, Courtesy, organisation-only handouts, labels).
 * capcat_credit_format() writes a credit line back in a house style.
 *
 * Ownership: every char * inside the structs is malloc'd and owned by the
 * struct; release with the matching _release(), which also re-initialises
 * (so a released struct can be parsed into again).  Functions return 0,
 * CAPCAT_ENOMEM, or CAPCAT_EUSAGE for an unknown style name.
 */
#ifndef CAPCAT_CAPTION_H
#define CAPCAT_CAPTION_H

#include "capcat/err.h"

#include <stddef.h>

enum capcat_credit_style {
	CAPCAT_STYLE_ARTICLE = 0,  /* per agency, as news sites print them (default) */
	CAPCAT_STYLE_AP,
	CAPCAT_STYLE_AFP,
	CAPCAT_STYLE_REUTERS,
	CAPCAT_STYLE_GETTY,
	CAPCAT_STYLE_COUNT
};

/* Values of capcat_credit.anonymous: the stand-in a credit used for a
 * photographer it does not name (0 = none; any other value is true). */
enum capcat_credit_anon {
	CAPCAT_ANON_NONE = 0,
	CAPCAT_ANON_STR,            /* "STR" */
	CAPCAT_ANON_STRINGER,       /* "STRINGER" */
	CAPCAT_ANON_DASH,           /* "-" ("Photo by -/CCTV/AFP via Getty Images") */
	CAPCAT_ANON_UNNAMED         /* "Photo by AFP": nobody named, no token */
};

/* How the parsed line was written (lets the formatter round-trip). */
enum capcat_credit_shape {
	CAPCAT_SHAPE_GENERIC = 0, CAPCAT_SHAPE_AP, CAPCAT_SHAPE_AFP, CAPCAT_SHAPE_AFP_OLD,
	CAPCAT_SHAPE_REUTERS, CAPCAT_SHAPE_GETTY, CAPCAT_SHAPE_EPA
};

struct capcat_credit {
	char *line;                 /* the credit as found, without brackets */
	char **photographers;       /* as written in the first group */
	size_t nphotographers;
	char *agency;               /* normalised: AP, AFP, Reuters, Getty Images, EPA,
				       EPA-EFE, Flash90, GPO, Shutterstock, ... */
	char *provider;             /* partner between photographer and agency */
	char *via;                  /* distributor after "via" (normalised) */
	char *pool_org;             /* "Kremlin Pool" */
	char *issuer;               /* who handed the picture out */
	char *for_client;           /* Getty "... for <client>" */
	char *supplier_ref;         /* Shutterstock "(16507315bs)" */
	int pool, handout, file, illustration;
	int anonymous;              /* enum capcat_credit_anon: STR, STRINGER, "-" */
	enum capcat_credit_shape shape;
};

struct capcat_caption {
	char *caption;              /* as given */
	char *prefix;               /* "FILE – ", "FILE PHOTO: ", "(FILES) ", "TOPSHOT - ",
				       "epa11602345 ", ...; NULL if none */
	char *text;                 /* the description: no prefix, credit, restrictions */
	char *instructions;         /* restriction or editor's note moved out of the text */
	int file;                   /* a file photo (prefix or credit flag) */
	int has_credit;             /* 0: the caption has no credit */
	struct capcat_credit credit;
};

void capcat_credit_init(struct capcat_credit *c);
void capcat_credit_release(struct capcat_credit *c);
void capcat_caption_init(struct capcat_caption *c);
void capcat_caption_release(struct capcat_caption *c);

/* Split and parse a whole caption.  A caption without a credit is not an
 * error: out->has_credit is 0. */
int capcat_caption_parse(struct capcat_caption *out, const char *caption,
			 struct capcat_err *err);

/* Parse a bare credit line ("Murtada AL-SUDANI / POOL / AFP", "AP Photo/Hadi
 * Mizban, File", "REUTERS/Kevin Lamarque", with or without brackets and
 * labels such as "Photo:" or "Credit:"), as found in IPTC Credit or given
 * with --credit. */
int capcat_credit_parse(struct capcat_credit *out, const char *line,
			struct capcat_err *err);

/* Write 'c' as a credit line in 'style', without brackets; *out is
 * malloc'd.  ARTICLE: "Name / AFP", "Name / POOL / AFP", "Issuer / AFP"
 * (handout), "AP Photo/Name[, Pool][, File]", "REUTERS/Name", "Name/Getty
 * Images", "Name/Flash90", "Name/Provider via AP".  AP, AFP ("Photo by
 * Name / AFP"), REUTERS and GETTY ("Photo by Name/Getty Images") follow
 * caption-style.md section 1.5. */
int capcat_credit_format(char **out, const struct capcat_credit *c,
			 enum capcat_credit_style style, struct capcat_err *err);

/* A whole caption: text + credit in 'style' ("FILE – " prefix for file
 * photos in ARTICLE and AP, "FILE PHOTO: " for Reuters; brackets except
 * for Reuters, which puts the credit after the last full stop). */
int capcat_caption_format(char **out, const char *text, const struct capcat_credit *c,
			  enum capcat_credit_style style, struct capcat_err *err);

/* "article", "ap", "afp", "reuters", "getty" -> style; CAPCAT_EUSAGE if unknown. */
int capcat_credit_style_from_name(enum capcat_credit_style *out, const char *name);
const char *capcat_credit_style_name(enum capcat_credit_style style);

/* Normalise an agency name: "Associated Press" -> "AP", "REUTERS" -> "Reuters",
 * "AFP PHOTO" -> "AFP", "Getty" -> "Getty Images"; NULL if not a known
 * agency.  Returns a static string. */
const char *capcat_agency_normalise(const char *name, size_t len);

#endif
