/* describe.h - the credit a photo carries, from all that it says.
 *
 * A credit can be written in several places: the credit line of the
 * caption, the IPTC/XMP Credit field (often just "AFP"), the By-line /
 * creator, or a user's edit.  capcat_describe_credit() picks and combines
 * them the way a photo editor reads them.
 */
#ifndef CAPCAT_DESCRIBE_H
#define CAPCAT_DESCRIBE_H

#include "capcat/caption.h"
#include "capcat/err.h"
#include "capcat/meta.h"

/* 'eff' holds the effective values of a photo (see capcat_meta_effective;
 * as loaded from the catalog's photo_field view).  In order: a user's
 * credit line; else the credit of the caption (or of the EXIF comment when
 * there is no caption); else the Credit field, with the creators as
 * photographers when it names none; else the creators alone, with the
 * Source field as agency when it is one.  On success *found says whether
 * any credit was found, *origin (static) says which rule gave it:
 * "user", "caption", "credit_field" or "creator".  'cap' is the effective
 * caption (capcat_describe_caption) as capcat_caption_parse() gave it, or
 * NULL when there is none: parsed once by the caller, which also
 * understands it; its credit is taken over (moved to *out) when chosen. */
int capcat_describe_credit(struct capcat_credit *out, int *found, const char **origin,
			   const struct capcat_meta *eff, struct capcat_caption *cap,
			   struct capcat_err *err);

/* The effective caption: the caption field, else the EXIF comment; NULL. */
const char *capcat_describe_caption(const struct capcat_meta *eff);

#endif
