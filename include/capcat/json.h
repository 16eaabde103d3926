/* json.h - photo records as JSON, in the shape of docs/product.md.
 *
 * Unknown values are null, never empty strings or zeros; strings are
 * escaped (invalid UTF-8 becomes U+FFFD), so any catalog content gives
 * valid JSON.
 */
#ifndef CAPCAT_JSON_H
#define CAPCAT_JSON_H

#include "capcat/buf.h"
#include "capcat/catalog.h"

/* Append the JSON object of 'rec' to 'out' (no trailing newline).
 * Returns 0 or CAPCAT_ENOMEM. */
int capcat_json_photo(struct capcat_buf *out, const struct capcat_record *rec);

/* "1/250", "2", "0.3": exposure time the way photographers write it
 * (ExifTool's rule); 'out' gets "" when t <= 0. */
void capcat_json_shutter(char out[32], double t);

#endif
