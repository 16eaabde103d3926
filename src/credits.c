/* credits.c - credit lists: group the credits of selected photos. */
#include "capcat/credits.h"
#include "catalog_int.h"
#include "capcat/csv.h"
#include "capcat/understand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char photo_credit_sql[] =
	"SELECT c.photo_id IS NOT NULL, c.agency, c.provider, c.via, c.pool, c.handout, c.issuer,"
	" c.file, coalesce(substr(p.taken, 1, 10), d.date), p.path,"
	" (SELECT group_concat(name, char(31)) FROM (SELECT name FROM credit_photographer"
	"  WHERE photo_id = p.id ORDER BY seq))"
	" FROM photo p LEFT JOIN credit c ON c.photo_id = p.id"
	" LEFT JOIN caption_date d ON d.photo_id = p.id WHERE p.id = ?1";

void capcat_credit_list_init(struct capcat_credit_list *l)
{
	memset(l, 0, sizeof(*l));
}

static void line_release(struct capcat_credit_line *c)
{
	free(c->agency);
	free(c->photographer);
	free(c->provider);
	free(c->via);
	free(c->issuer);
}

void capcat_credit_list_release(struct capcat_credit_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		line_release(&l->lines[i]);
	free(l->lines);
	for (size_t i = 0; i < l->nuncredited; i++)
		free(l->uncredited[i]);
	free(l->uncredited);
	capcat_credit_list_init(l);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcasecmp(a, b));
}

static char *col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v && *v ? strdup(v) : NULL;
}

/* Count one photo for the line that matches 'k', adding the line if new. */
static int count(struct capcat_credit_list *l, struct capcat_credit_line *k, const char *date)
{
	struct capcat_credit_line *c = NULL, *p;

	for (size_t i = 0; i < l->n && !c; i++) {
		p = &l->lines[i];
		if (same(p->agency, k->agency) && same(p->photographer, k->photographer) &&
		    same(p->provider, k->provider) && same(p->via, k->via) &&
		    same(p->issuer, k->issuer) && p->pool == k->pool && p->handout == k->handout &&
		    p->file == k->file)
			c = p;
	}
	if (c) {
		line_release(k);
	} else {
		if (!(p = realloc(l->lines, (l->n + 1) * sizeof(*p)))) {
			line_release(k);
			return CAPCAT_ENOMEM;
		}
		l->lines = p;
		c = &l->lines[l->n];
		*c = *k;
		c->seq = l->n++;
	}
	c->photos++;
	if (date && strlen(date) >= 4) {
		if (!c->first_date[0] || strcmp(date, c->first_date) < 0)
			snprintf(c->first_date, sizeof(c->first_date), "%.10s", date);
		if (strcmp(date, c->last_date) > 0)
			snprintf(c->last_date, sizeof(c->last_date), "%.10s", date);
	}
	return 0;
}

/* One photo: a line per photographer, or one for the agency or issuer. */
static int add_photo(struct capcat_credit_list *l, sqlite3_stmt *s)
{
	const char *names = (const char *)sqlite3_column_text(s, 10);
	const char *date = (const char *)sqlite3_column_text(s, 8);
	int rc = 0;

	if (!sqlite3_column_int(s, 0)) {
		char **p = realloc(l->uncredited, (l->nuncredited + 1) * sizeof(*p));
		if (!p || !(p[l->nuncredited] = col(s, 9)))
			return CAPCAT_ENOMEM;
		l->uncredited = p;
		l->nuncredited++;
		return 0;
	}
	do {
		const char *end = names ? strchr(names, '\x1f') : NULL;
		struct capcat_credit_line k = { 0 };
		k.agency = col(s, 1);
		k.provider = col(s, 2);
		k.via = col(s, 3);
		k.pool = sqlite3_column_int(s, 4);
		k.handout = sqlite3_column_int(s, 5);
		k.issuer = col(s, 6);
		k.file = sqlite3_column_int(s, 7);
		if (names)
			k.photographer = end ? strndup(names, (size_t)(end - names)) : strdup(names);
		rc = count(l, &k, date);
		names = end ? end + 1 : NULL;
	} while (!rc && names);
	return rc;
}

static int64_t agency_total(const struct capcat_credit_list *l, const char *agency)
{
	int64_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (same(l->lines[i].agency, agency))
			n += l->lines[i].photos;
	return n;
}

static const struct capcat_credit_list *sorting;

/* Agencies by photos (none last), then photographers before handouts, by
 * photos, then in the order they were met. */
static int cmp_lines(const void *pa, const void *pb)
{
	const struct capcat_credit_line *a = pa, *b = pb;
	int64_t ta = agency_total(sorting, a->agency), tb = agency_total(sorting, b->agency);

	if (!a->agency != !b->agency)
		return a->agency ? -1 : 1;
	if (ta != tb)
		return ta > tb ? -1 : 1;
	if (!same(a->agency, b->agency))
		return strcasecmp(a->agency, b->agency);
	if (!a->photographer != !b->photographer)
		return a->photographer ? -1 : 1;
	if (a->photos != b->photos)
		return a->photos > b->photos ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int capcat_credits(struct capcat_catalog *cat, const struct capcat_query *q,
		   struct capcat_credit_list *out, struct capcat_err *err)
{
	sqlite3_stmt *s = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	capcat_credit_list_init(out);
	if ((rc = capcat_search(cat, q, &ids, &n, err)))
		return rc;
	if (sqlite3_prepare_v2(cat->db, photo_credit_sql, -1, &s, NULL)) {
		rc = capcat_catalog__err(cat, err, "credits");
		goto cleanup;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_reset(s);
		if (sqlite3_bind_int64(s, 1, ids[i]) || sqlite3_step(s) != SQLITE_ROW)
			rc = capcat_catalog__err(cat, err, "credits");
		else if (add_photo(out, s))
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	}
	/* qsort keeps no order among equals: the index of first meeting does */
	sorting = out;
	if (!rc && out->n)
		qsort(out->lines, out->n, sizeof(*out->lines), cmp_lines);
cleanup:
	sqlite3_finalize(s);
	free(ids);
	if (rc)
		capcat_credit_list_release(out);
	return rc;
}

/* ---- formats ---- */

/* "(pool, file)", "(dpa)", "(handout)": what a reader must know. */
static void notes(struct capcat_buf *b, const struct capcat_credit_line *c)
{
	const char *v[5];
	int n = 0;

	if (c->provider)
		v[n++] = c->provider;
	if (c->via && !same(c->via, c->agency))
		v[n++] = c->via;
	if (c->pool)
		v[n++] = "pool";
	if (c->handout)
		v[n++] = "handout";
	if (c->file)
		v[n++] = "file";
	for (int i = 0; i < n; i++)
		capcat_buf_printf(b, "%s%s", i ? ", " : " (", v[i]);
	if (n)
		capcat_buf_addch(b, ')');
}

static const char *who(const struct capcat_credit_line *c)
{
	return c->photographer ? c->photographer : c->issuer ? c->issuer :
	       c->agency ? "staff" : "unknown";
}

static void text(struct capcat_buf *b, const struct capcat_credit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct capcat_credit_line *c = &l->lines[i];
		int first = !i || !same(l->lines[i - 1].agency, c->agency);
		if (first)
			capcat_buf_printf(b, "%s%s: ", i ? ". " : "", c->agency ? c->agency : "Other");
		else
			capcat_buf_adds(b, !c->photographer && l->lines[i - 1].photographer ? "; " : ", ");
		capcat_buf_adds(b, who(c));
		notes(b, c);
	}
	if (l->n)
		capcat_buf_adds(b, ".\n");
	for (size_t i = 0; i < l->nuncredited; i++)
		capcat_buf_printf(b, "%s%s", i ? ", " : "No credit: ", l->uncredited[i]);
	if (l->nuncredited)
		capcat_buf_adds(b, ".\n");
}

static void markdown(struct capcat_buf *b, const struct capcat_credit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct capcat_credit_line *c = &l->lines[i];
		if (!i || !same(l->lines[i - 1].agency, c->agency))
			capcat_buf_printf(b, "%s## %s\n\n| Credit | Photos | Dates |\n|---|---:|---|\n",
					  i ? "\n" : "", c->agency ? c->agency : "Other");
		capcat_buf_printf(b, "| %s", who(c));
		notes(b, c);
		capcat_buf_printf(b, " | %lld | %s%s%s |\n", (long long)c->photos, c->first_date,
				  strcmp(c->first_date, c->last_date) ? " to " : "",
				  strcmp(c->first_date, c->last_date) ? c->last_date : "");
	}
	if (l->nuncredited)
		capcat_buf_printf(b, "%s## No credit\n\n", l->n ? "\n" : "");
	for (size_t i = 0; i < l->nuncredited; i++)
		capcat_buf_printf(b, "- %s\n", l->uncredited[i]);
}

static void csv(struct capcat_buf *b, const struct capcat_credit_list *l)
{
	capcat_buf_adds(b, "agency,photographer,provider,via,pool,handout,issuer,file,photos,"
			"first_date,last_date\r\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct capcat_credit_line *c = &l->lines[i];
		const char *f[] = { c->agency, c->photographer, c->provider, c->via };
		for (int k = 0; k < 4; k++) {
			capcat_csv_quote(b, f[k]);
			capcat_buf_addch(b, ',');
		}
		capcat_buf_printf(b, "%d,%d,", c->pool, c->handout);
		capcat_csv_quote(b, c->issuer);
		capcat_buf_printf(b, ",%d,%lld,%s,%s\r\n", c->file, (long long)c->photos,
				  c->first_date, c->last_date);
	}
	/* the photos to fix, counted on a line of their own */
	if (l->nuncredited)
		capcat_buf_printf(b, ",(no credit),,,0,0,,0,%zu,,\r\n", l->nuncredited);
}

static void json(struct capcat_buf *b, const struct capcat_credit_list *l)
{
	capcat_buf_adds(b, "{\"credits\": [");
	for (size_t i = 0; i < l->n; i++) {
		const struct capcat_credit_line *c = &l->lines[i];
		capcat_buf_adds(b, i ? ",\n  {\"agency\": " : "\n  {\"agency\": ");
		capcat_buf_json_str(b, c->agency);
		capcat_buf_adds(b, ", \"photographer\": ");
		capcat_buf_json_str(b, c->photographer);
		capcat_buf_adds(b, ", \"provider\": ");
		capcat_buf_json_str(b, c->provider);
		capcat_buf_adds(b, ", \"via\": ");
		capcat_buf_json_str(b, c->via);
		capcat_buf_printf(b, ", \"pool\": %s, \"handout\": %s, \"issuer\": ",
				  c->pool ? "true" : "false", c->handout ? "true" : "false");
		capcat_buf_json_str(b, c->issuer);
		capcat_buf_printf(b, ", \"file\": %s, \"photos\": %lld, \"first_date\": ",
				  c->file ? "true" : "false", (long long)c->photos);
		capcat_buf_json_str(b, c->first_date[0] ? c->first_date : NULL);
		capcat_buf_adds(b, ", \"last_date\": ");
		capcat_buf_json_str(b, c->last_date[0] ? c->last_date : NULL);
		capcat_buf_addch(b, '}');
	}
	capcat_buf_adds(b, l->n ? "\n], \"uncredited\": [" : "], \"uncredited\": [");
	for (size_t i = 0; i < l->nuncredited; i++) {
		capcat_buf_adds(b, i ? ", " : "");
		capcat_buf_json_str(b, l->uncredited[i]);
	}
	capcat_buf_adds(b, "]}\n");
}

int capcat_credits_format(struct capcat_buf *out, const struct capcat_credit_list *l,
			  const char *format, struct capcat_err *err)
{
	if (!strcmp(format, "text"))
		text(out, l);
	else if (!strcmp(format, "markdown"))
		markdown(out, l);
	else if (!strcmp(format, "csv"))
		csv(out, l);
	else if (!strcmp(format, "json"))
		json(out, l);
	else
		return capcat_err_set(err, CAPCAT_EUSAGE, "--format is text, markdown, csv or json, "
				      "not '%s'", format);
	return 0;
}
