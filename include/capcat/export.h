/* export.h - photos out of the catalog: JSON, CSV and an HTML contact sheet.
 *
 * Everything that comes from the catalog is escaped for its format (JSON
 * strings, RFC 4180 fields, HTML text and attributes), so a hostile caption
 * cannot break the output or inject markup.
 */
#ifndef CAPCAT_EXPORT_H
#define CAPCAT_EXPORT_H

#include "capcat/catalog.h"
#include "capcat/err.h"

#include <stdint.h>
#include <stdio.h>

/* Write photos 'ids' to 'out' as "json" (an array of photo objects, as
 * show --json), "csv" (one row per photo, UTF-8, with a header) or "html"
 * (one self-contained page: inline CSS, thumbnails as data: URIs, a grid
 * that prints well).  'title' heads the HTML page.  0, CAPCAT_EUSAGE for an
 * unknown format, CAPCAT_EIO when writing fails. */
int capcat_export(struct capcat_catalog *cat, const int64_t *ids, size_t n, const char *format,
		  const char *title, FILE *out, struct capcat_err *err);

/* Append 's' escaped for HTML text and attribute values. */
struct capcat_buf;
int capcat_html_escape(struct capcat_buf *out, const char *s);
/* Append 'len' bytes as base64. */
int capcat_base64(struct capcat_buf *out, const unsigned char *p, size_t len);

#endif
