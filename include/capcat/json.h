/* json.h - photo records as JSON, in the shape of docs/product.md.
 *
 * Unknown values are null, never empty strings or zeros; strings are
 * escaped (invalid UTF-8 becomes U+FFFD), so any catalog content gives
 * valid JSON.
 */
#ifndef CAPCAT_JSON_H
#define CAPCAT_JSON_H

#include "capcat/buf.h"
#include "capcat/caption.h"
#include "capcat/catalog.h"
#include "capcat/understand.h"

/* Append the JSON object of 'rec' to 'out' (no trailing newline).
 * Returns 0 or CAPCAT_ENOMEM. */
int capcat_json_photo(struct capcat_buf *out, const struct capcat_record *rec);

/* A credit object: line, photographers, agency, provider, via, pool,
 * handout, issuer, file (product.md), then pool_org, illustration,
 * for_client, supplier_ref. */
int capcat_json_credit(struct capcat_buf *out, const struct capcat_credit *c);

/* The caption parse object of product.md; 'u' (may be NULL: empty lists
 * and a null date) gives its people, places and date. */
int capcat_json_caption(struct capcat_buf *out, const struct capcat_caption *c,
			const struct capcat_understood *u);

/* "1/250", "2", "0.3": exposure time the way photographers write it
 * (ExifTool's rule); 'out' gets "" when t <= 0. */
void capcat_json_shutter(char out[32], double t);

#endif
