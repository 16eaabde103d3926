/* csv.c - RFC 4180 reader and field quoting.
 *
 * The parser walks the bytes once with an explicit end pointer (the input
 * need not be NUL-terminated) and builds the table aside; 'out' is filled
 * only when every row parsed, so callers never see half a file.
 */
#include "capcat/csv.h"
#include "capcat/buf.h"
#include "capcat/err.h"
#include "capcat/text.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p, *end;
	size_t line;                    /* physical line of p, 1-based */
	struct capcat_buf field;        /* unescaped text of a quoted field */
	struct capcat_csv_row row;      /* the row being read */
	size_t row_cap;
	struct capcat_csv tab;
	size_t tab_cap;
	struct capcat_err *err;
};

void capcat_csv_init(struct capcat_csv *t)
{
	t->rows = NULL;
	t->n = 0;
}

static void row_release(struct capcat_csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->n = 0;
}

void capcat_csv_release(struct capcat_csv *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		row_release(&t->rows[i]);
	free(t->rows);
	capcat_csv_init(t);
}

static int fail(const struct parser *ps, size_t line, const char *why)
{
	return capcat_err_set(ps->err, CAPCAT_EFORMAT, "line %zu: %s", line, why);
}

static int nomem(const struct parser *ps)
{
	return capcat_err_set(ps->err, CAPCAT_ENOMEM, "out of memory");
}

/* Doubled capacity for elements of 'size' bytes; 0 when it would overflow. */
static size_t next_cap(size_t cap, size_t size)
{
	if (!cap)
		return 8;
	if (cap > SIZE_MAX / 2 / size)
		return 0;
	return cap * 2;
}

/* Append a copy of the n bytes at s to the current row. */
static int push_field(struct parser *ps, const char *s, size_t n)
{
	char *f;

	if (ps->row.n == ps->row_cap) {
		size_t cap = next_cap(ps->row_cap, sizeof(char *));
		char **v = cap ? realloc(ps->row.fields, cap * sizeof(char *)) : NULL;
		if (!v)
			return nomem(ps);
		ps->row.fields = v;
		ps->row_cap = cap;
	}
	f = malloc(n + 1);
	if (!f)
		return nomem(ps);
	if (n)
		memcpy(f, s, n);
	f[n] = '\0';
	ps->row.fields[ps->row.n++] = f;
	return 0;
}

static int push_row(struct parser *ps)
{
	if (ps->tab.n == ps->tab_cap) {
		size_t cap = next_cap(ps->tab_cap, sizeof(struct capcat_csv_row));
		struct capcat_csv_row *v =
			cap ? realloc(ps->tab.rows, cap * sizeof(*v)) : NULL;
		if (!v)
			return nomem(ps);
		ps->tab.rows = v;
		ps->tab_cap = cap;
	}
	ps->tab.rows[ps->tab.n++] = ps->row;
	memset(&ps->row, 0, sizeof(ps->row));
	ps->row_cap = 0;
	return 0;
}

/* Length of the line end at p: 1 for LF, 2 for CRLF, 0 for anything else. */
static size_t eol_len(const struct parser *ps)
{
	size_t left = (size_t)(ps->end - ps->p);

	if (left >= 1 && ps->p[0] == '\n')
		return 1;
	if (left >= 2 && ps->p[0] == '\r' && ps->p[1] == '\n')
		return 2;
	return 0;
}

/* Byte length (1..4) of the character at p, which must not be NUL (fields
 * are C strings, so a NUL would silently cut one short) and must be valid
 * UTF-8; a negative code with err set otherwise. */
static int char_len(const struct parser *ps)
{
	unsigned char c = (unsigned char)*ps->p;
	size_t n, left = (size_t)(ps->end - ps->p);

	if (c == 0)
		return fail(ps, ps->line, "NUL byte");
	if (c < 0x80)
		return 1;
	n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (n > left || !capcat_utf8_valid(ps->p, n))
		return fail(ps, ps->line, "invalid UTF-8");
	return (int)n;
}

/* An unquoted field: its bytes are the field, so no copy is needed. */
static int parse_plain(struct parser *ps)
{
	const char *start = ps->p;
	int n;

	while (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n') {
		if (*ps->p == '\r') {
			if (eol_len(ps))
				break;
			/* a lone CR is an old Mac line end or a stray byte;
			 * either way the rows would come out wrong */
			return fail(ps, ps->line, "CR without LF");
		}
		if (*ps->p == '"')
			return fail(ps, ps->line, "quote in unquoted field");
		n = char_len(ps);
		if (n < 0)
			return n;
		ps->p += n;
	}
	return push_field(ps, start, (size_t)(ps->p - start));
}

/* The text of a quoted field up to its closing quote, unescaped into
 * ps->field; p is left just after the closing quote. */
static int read_quoted(struct parser *ps)
{
	size_t open_line = ps->line;
	const char *span;
	int n;

	ps->p++;
	span = ps->p;
	for (;;) {
		if (ps->p == ps->end)
			return fail(ps, open_line, "unterminated quoted field");
		if (*ps->p == '"') {
			/* the span ends with the first quote of a "" pair */
			if (capcat_buf_add(&ps->field, span, (size_t)(ps->p - span + 1)))
				return nomem(ps);
			if (ps->end - ps->p > 1 && ps->p[1] == '"') {
				ps->p += 2;
				span = ps->p;
				continue;
			}
			ps->field.data[--ps->field.len] = '\0';
			ps->p++;
			return 0;
		}
		if (*ps->p == '\n')
			ps->line++;
		n = char_len(ps);
		if (n < 0)
			return n;
		ps->p += n;
	}
}

static int parse_quoted(struct parser *ps)
{
	int rc;

	capcat_buf_reset(&ps->field);
	rc = read_quoted(ps);
	if (rc)
		return rc;
	if (ps->p < ps->end && *ps->p != ',' && !eol_len(ps))
		return fail(ps, ps->line, "text after closing quote");
	return push_field(ps, ps->field.data, ps->field.len);
}

/* One row starting at p (not at a line end); consumes its line end. */
static int parse_row(struct parser *ps)
{
	int rc;

	ps->row.line = ps->line;
	for (;;) {
		if (ps->p < ps->end && *ps->p == '"')
			rc = parse_quoted(ps);
		else
			rc = parse_plain(ps);
		if (rc)
			return rc;
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		/* the field parsers stop only at a comma, a line end or the end */
		ps->p += eol_len(ps);
		ps->line++;
		return push_row(ps);
	}
}

int capcat_csv_parse(struct capcat_csv *out, const char *data, size_t len,
		     struct capcat_err *err)
{
	struct parser ps;
	int rc = 0;

	assert(out && (data || !len));
	memset(&ps, 0, sizeof(ps));
	capcat_buf_init(&ps.field);
	ps.line = 1;
	ps.err = err;
	if (!len)
		data = "";       /* NULL + 0 is undefined behaviour */
	ps.p = data;
	ps.end = data + len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		ps.p += 3;
	while (ps.p < ps.end) {
		size_t eol = eol_len(&ps);
		if (eol) {
			ps.p += eol;      /* an empty line */
			ps.line++;
			continue;
		}
		rc = parse_row(&ps);
		if (rc)
			goto cleanup;
	}
	*out = ps.tab;
	capcat_csv_init(&ps.tab);
cleanup:
	row_release(&ps.row);
	capcat_csv_release(&ps.tab);
	capcat_buf_release(&ps.field);
	return rc;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n)
{
	const char *b = *s, *e = b + strlen(b);

	while (b < e && is_space(*b))
		b++;
	while (e > b && is_space(e[-1]))
		e--;
	*s = b;
	*n = (size_t)(e - b);
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII-only case folding, so the result does not depend on the locale. */
static int same_ci(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

int capcat_csv_column(const struct capcat_csv *t, const char *name)
{
	const struct capcat_csv_row *h;
	size_t n, m;

	if (!t || !t->n || !name)
		return -1;
	trim(&name, &n);
	h = &t->rows[0];
	for (size_t i = 0; i < h->n && i <= INT_MAX; i++) {
		const char *s = h->fields[i];
		trim(&s, &m);
		if (m == n && same_ci(s, name, n))
			return (int)i;
	}
	return -1;
}

int capcat_csv_quote(struct capcat_buf *out, const char *field)
{
	size_t n, quotes = 0;
	int need;
	char *d;

	if (!field)
		field = "";
	n = strlen(field);
	/* spreadsheets trim unquoted fields, so edge blanks need quotes */
	need = n && (field[0] == ' ' || field[0] == '\t' ||
		     field[n - 1] == ' ' || field[n - 1] == '\t');
	/* a leading U+FEFF, written first in a file, would be read as a BOM */
	if (n >= 3 && memcmp(field, "\xEF\xBB\xBF", 3) == 0)
		need = 1;
	for (size_t i = 0; i < n; i++) {
		char c = field[i];
		if (c == '"')
			quotes++;
		if (c == ',' || c == '"' || c == '\r' || c == '\n')
			need = 1;
	}
	if (!need)
		return capcat_buf_add(out, field, n);
	/* reserve everything first so a failure appends nothing */
	if (n > SIZE_MAX - quotes - 2 || capcat_buf_grow(out, n + quotes + 2))
		return CAPCAT_ENOMEM;
	d = out->data + out->len;
	*d++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (field[i] == '"')
			*d++ = '"';
		*d++ = field[i];
	}
	*d++ = '"';
	*d = '\0';
	out->len = (size_t)(d - out->data);
	return 0;
}
