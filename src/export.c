/* export.c - JSON, CSV and HTML contact sheets of catalog photos. */
#include "capcat/export.h"
#include "capcat/buf.h"
#include "capcat/csv.h"
#include "capcat/describe.h"
#include "capcat/json.h"
#include "capcat/thumb.h"
#include "capcat/util.h"

#include <stdlib.h>
#include <string.h>

int capcat_html_escape(struct capcat_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		switch (*s) {
		case '&': rc = capcat_buf_adds(b, "&amp;"); break;
		case '<': rc = capcat_buf_adds(b, "&lt;"); break;
		case '>': rc = capcat_buf_adds(b, "&gt;"); break;
		case '"': rc = capcat_buf_adds(b, "&quot;"); break;
		case '\'': rc = capcat_buf_adds(b, "&#39;"); break;
		default:
			/* control characters have no business in a page */
			rc = (unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' ?
			     capcat_buf_addch(b, ' ') : capcat_buf_addch(b, *s);
		}
	}
	return rc;
}

int capcat_base64(struct capcat_buf *b, const unsigned char *p, size_t len)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];
	int rc = 0;

	for (size_t i = 0; i < len && !rc; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < len ? p[i + 2] : 0);
		q[0] = t[v >> 18 & 63];
		q[1] = t[v >> 12 & 63];
		q[2] = i + 1 < len ? t[v >> 6 & 63] : '=';
		q[3] = i + 2 < len ? t[v & 63] : '=';
		rc = capcat_buf_add(b, q, 4);
	}
	return rc;
}

/* Values joined by "; " into 'b' (reset first). */
static const char *joined(struct capcat_buf *b, char *const *v, size_t n)
{
	capcat_buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		capcat_buf_adds(b, i ? "; " : "");
		capcat_buf_adds(b, v[i]);
	}
	return b->data;
}

static void csv_row(struct capcat_buf *b, const struct capcat_record *r)
{
	struct capcat_buf t = CAPCAT_BUF_INIT;
	const char *cells[16];
	int n = 0;

	capcat_buf_printf(b, "%lld", (long long)r->id);
	cells[n++] = r->ph.path;
	cells[n++] = r->ph.taken;
	cells[n++] = r->ph.make;
	cells[n++] = r->ph.model;
	cells[n++] = capcat_describe_caption(&r->fields);
	cells[n++] = capcat_meta_first(&r->fields, CAPCAT_F_HEADLINE, NULL);
	cells[n++] = r->has_credit ? r->credit.line : NULL;
	cells[n++] = r->has_credit ? r->credit.agency : NULL;
	for (int i = 0; i < n; i++) {
		capcat_buf_addch(b, ',');
		capcat_csv_quote(b, cells[i]);
	}
	capcat_buf_addch(b, ',');
	capcat_csv_quote(b, joined(&t, r->credit.photographers, r->has_credit ? r->credit.nphotographers : 0));
	capcat_buf_addch(b, ',');
	capcat_csv_quote(b, joined(&t, r->people, r->npeople));
	capcat_buf_reset(&t);
	for (size_t i = 0; i < r->nplaces; i++)
		capcat_buf_printf(&t, "%s%s", i ? "; " : "", r->places[i].name);
	capcat_buf_addch(b, ',');
	capcat_csv_quote(b, t.data);
	capcat_buf_reset(&t);
	for (size_t i = 0; i < r->fields.n; i++)
		if (r->fields.v[i].field == CAPCAT_F_KEYWORD)
			capcat_buf_printf(&t, "%s%s", t.len ? "; " : "", r->fields.v[i].value);
	capcat_buf_addch(b, ',');
	capcat_csv_quote(b, t.data);
	if (r->ph.has_gps)
		capcat_buf_printf(b, ",%.7f,%.7f\r\n", r->ph.gps_lat, r->ph.gps_lon);
	else
		capcat_buf_adds(b, ",,\r\n");
	capcat_buf_release(&t);
}

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
static const char html_style[] =
	"</title>\n<style>\n"
	"body{font:14px/1.35 system-ui,sans-serif;margin:24px;color:#222;background:#fff}\n"
	"h1{font-size:18px;margin:0 0 16px}\n"
	".sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:18px}\n"
	"figure{margin:0;border:1px solid #ddd;padding:8px;break-inside:avoid;page-break-inside:avoid}\n"
	"figure img,.none{display:block;width:100%;height:170px;object-fit:contain;background:#f4f4f4}\n"
	".none{line-height:170px;text-align:center;color:#999}\n"
	"figcaption{font-size:12px;margin-top:6px}\n"
	".headline{font-weight:600}.credit{color:#555}.meta{color:#777;font-size:11px}\n"
	"@media print{body{margin:0}.sheet{grid-template-columns:repeat(4,1fr);gap:8px}"
	"figure{border-color:#999}}\n"
	"</style></head><body>\n<h1>";

/* The thumbnail of a photo that has none yet (the import leaves those of
 * full-size photos for later), made from its file for this sheet.  Not
 * stored: an export reads the catalog in one snapshot and never writes
 * it ('capcat thumbnail --all' stores them).  0 and *jpeg malloc'd, or
 * nonzero: no thumbnail. */
static int thumb_now(const struct capcat_record *r, unsigned char **jpeg, size_t *len)
{
	struct capcat_thumb t;
	int rc;

	capcat_thumb_init(&t);
	rc = capcat_thumb_make(&t, r->ph.path, r->ph.orientation, CAPCAT_THUMB_SIZE, NULL);
	if (!rc) {
		*jpeg = t.jpeg;         /* handed over */
		*len = t.len;
		t.jpeg = NULL;
	}
	capcat_thumb_release(&t);
	return rc;
}

/* One figure: the thumbnail inline, then what an editor checks. */
static void html_figure(struct capcat_buf *b, struct capcat_catalog *cat, const struct capcat_record *r)
{
	unsigned char *jpeg = NULL;
	char *source = NULL;
	size_t len = 0;
	int w = 0, h = 0, rc;
	const char *headline = capcat_meta_first(&r->fields, CAPCAT_F_HEADLINE, NULL);
	const char *slash = strrchr(r->ph.path, '/');

	capcat_buf_printf(b, "<figure id=\"photo-%lld\">", (long long)r->id);
	rc = capcat_catalog_thumb_get(cat, r->id, &jpeg, &len, &w, &h, &source, NULL);
	if (rc == CAPCAT_ENOTFOUND && r->ph.path)
		rc = thumb_now(r, &jpeg, &len);
	if (!rc && jpeg) {
		capcat_buf_adds(b, "<img alt=\"\" src=\"data:image/jpeg;base64,");
		capcat_base64(b, jpeg, len);
		capcat_buf_adds(b, "\">");
	} else {
		capcat_buf_adds(b, "<div class=\"none\">no thumbnail</div>");
	}
	capcat_buf_adds(b, "<figcaption>");
	if (headline) {
		capcat_buf_adds(b, "<div class=\"headline\">");
		capcat_html_escape(b, headline);
		capcat_buf_adds(b, "</div>");
	}
	capcat_buf_adds(b, "<div class=\"caption\">");
	capcat_html_escape(b, capcat_describe_caption(&r->fields));
	capcat_buf_adds(b, "</div><div class=\"credit\">");
	capcat_html_escape(b, r->has_credit ? r->credit.line : "no credit");
	capcat_buf_adds(b, "</div><div class=\"meta\">");
	capcat_html_escape(b, r->ph.taken ? r->ph.taken : r->caption_date);
	if (r->nplaces) {
		capcat_buf_adds(b, " &middot; ");
		capcat_html_escape(b, r->places[0].name);
		if (r->places[0].country && strcmp(r->places[0].country, r->places[0].name)) {
			capcat_buf_adds(b, ", ");
			capcat_html_escape(b, r->places[0].country);
		}
	}
	capcat_buf_adds(b, " &middot; ");
	capcat_html_escape(b, slash ? slash + 1 : r->ph.path);
	capcat_buf_adds(b, "</div></figcaption></figure>\n");
	free(jpeg);
	free(source);
}

static int flush(struct capcat_buf *b, FILE *out, struct capcat_err *err)
{
	if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
		return capcat_err_set(err, CAPCAT_EIO, "cannot write the export");
	capcat_buf_reset(b);
	return 0;
}

int capcat_export(struct capcat_catalog *cat, const int64_t *ids, size_t n, const char *format,
		  const char *title, FILE *out, struct capcat_err *err)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	struct capcat_record rec;
	int json = !strcmp(format, "json"), csv = !strcmp(format, "csv"), html = !strcmp(format, "html");
	int rc = 0;

	if (!json && !csv && !html)
		return capcat_err_set(err, CAPCAT_EUSAGE, "--format is json, csv or html, not '%s'", format);
	capcat_record_init(&rec);
	if (csv)
		capcat_buf_adds(&b, "id,path,taken,make,model,caption,headline,credit,agency,"
				"photographers,people,places,keywords,gps_lat,gps_lon\r\n");
	if (html) {
		capcat_buf_adds(&b, html_head);
		capcat_html_escape(&b, title);
		capcat_buf_adds(&b, html_style);
		capcat_html_escape(&b, title);
		capcat_buf_printf(&b, " &middot; %zu photos</h1>\n<div class=\"sheet\">\n", n);
	}
	if (json)
		capcat_buf_adds(&b, n ? "[\n" : "[");
	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = capcat_catalog_get(cat, ids[i], &rec, err)))
			break;
		if (json) {
			capcat_json_photo(&b, &rec);
			capcat_buf_adds(&b, i + 1 < n ? ",\n" : "\n");
		} else if (csv) {
			csv_row(&b, &rec);
		} else {
			html_figure(&b, cat, &rec);
		}
		if (b.len > (1u << 20))
			rc = flush(&b, out, err);
	}
	if (!rc) {
		capcat_buf_adds(&b, json ? "]\n" : html ? "</div>\n</body></html>\n" : "");
		rc = flush(&b, out, err);
	}
	capcat_record_release(&rec);
	capcat_buf_release(&b);
	return rc;
}
