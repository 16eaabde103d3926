/* codes.c - Photo Mechanic style code replacements.
 *
 * The loader keeps one copy of the file, cut in place into NUL-terminated
 * codes and columns; the codes are sorted so that expansion can bsearch.
 */
#include "capcat/codes.h"
#include "capcat/buf.h"
#include "capcat/err.h"
#include "capcat/text.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CODE_MAX 64             /* longest code token */
#define ALT_DIGITS 9            /* "#N": at most 9 digits, so N fits */

struct code {
	const char *name;       /* points into capcat_codes.text */
	size_t first, n;        /* replacement columns cols[first .. first+n) */
	size_t line;
};

struct capcat_codes {
	char *text;             /* the file, cut into strings */
	struct code *v;         /* sorted by name once loaded */
	size_t n, cap;
	const char **cols;      /* every replacement column, in file order */
	size_t ncols, cols_cap;
};

void capcat_codes_free(struct capcat_codes *c)
{
	if (!c)
		return;
	free(c->text);
	free(c->v);
	free(c->cols);
	free(c);
}

size_t capcat_codes_count(const struct capcat_codes *c)
{
	return c ? c->n : 0;
}

static int is_code_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
}

/* Length of the run of code characters at s, stopping at e. */
static size_t code_span(const char *s, const char *e)
{
	const char *p = s;

	while (p < e && is_code_char(*p))
		p++;
	return (size_t)(p - s);
}

/* 'arr' (n of *cap 'size'-byte elements used) with room for one more: the
 * same or a moved array, or NULL with 'arr' untouched. */
static void *grow_array(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return arr;
	if (*cap > SIZE_MAX / 2 / size)
		return NULL;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(arr, ncap * size);
	if (p)
		*cap = ncap;
	return p;
}

/* Cut the columns after the code's TAB at s (n bytes, NUL after them). */
static int add_columns(struct capcat_codes *c, char *s, size_t n)
{
	char *end = s + n, *tab;

	for (;;) {
		const char **v = grow_array(c->cols, &c->cols_cap, c->ncols, sizeof(*v));
		if (!v)
			return CAPCAT_ENOMEM;
		c->cols = v;
		c->cols[c->ncols++] = s;
		tab = memchr(s, '\t', (size_t)(end - s));
		if (!tab)
			return 0;
		*tab = '\0';
		s = tab + 1;
	}
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* One line of 'n' bytes at s (its line end already replaced by NUL). */
static int load_line(struct capcat_codes *c, char *s, size_t n, size_t line,
		     struct capcat_err *err)
{
	char *tab;
	struct code *e;

	if (is_blank(s, n) || (n >= 2 && s[0] == '/' && s[1] == '/'))
		return 0;
	if (memchr(s, '\0', n))
		return capcat_err_set(err, CAPCAT_EFORMAT, "line %zu: NUL byte", line);
	if (!capcat_utf8_valid(s, n))
		return capcat_err_set(err, CAPCAT_EFORMAT, "line %zu: invalid UTF-8", line);
	tab = memchr(s, '\t', n);
	if (!tab)
		return capcat_err_set(err, CAPCAT_EFORMAT,
				      "line %zu: no TAB after the code", line);
	if (tab == s)
		return capcat_err_set(err, CAPCAT_EFORMAT, "line %zu: empty code", line);
	/* a code that could never match a =token= is a typo worth reporting */
	if (tab - s > CODE_MAX || code_span(s, tab) != (size_t)(tab - s))
		return capcat_err_set(err, CAPCAT_EFORMAT,
				      "line %zu: bad code '%.*s' (1-%d of A-Z a-z 0-9 _ . -)",
				      line, (int)(tab - s > CODE_MAX ? CODE_MAX : tab - s), s,
				      CODE_MAX);
	*tab = '\0';
	e = grow_array(c->v, &c->cap, c->n, sizeof(*e));
	if (!e)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	c->v = e;
	e += c->n;
	e->name = s;
	e->first = c->ncols;
	e->line = line;
	if (add_columns(c, tab + 1, n - (size_t)(tab + 1 - s)))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	e->n = c->ncols - e->first;
	c->n++;
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct code *)a)->name, ((const struct code *)b)->name);
}

/* Sort for bsearch; a code defined twice would make the choice arbitrary. */
static int sort_codes(struct capcat_codes *c, struct capcat_err *err)
{
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_code);
	for (size_t i = 1; i < c->n; i++) {
		const struct code *a = &c->v[i - 1], *b = &c->v[i];
		if (strcmp(a->name, b->name) == 0)
			return capcat_err_set(err, CAPCAT_EFORMAT,
					      "line %zu: duplicate code '%s' (first on line %zu)",
					      a->line > b->line ? a->line : b->line, a->name,
					      a->line < b->line ? a->line : b->line);
	}
	return 0;
}

int capcat_codes_load(struct capcat_codes **out, const char *data, size_t len,
		      struct capcat_err *err)
{
	struct capcat_codes *c = NULL;
	char *p, *end, *eol;
	size_t line = 1;
	int rc = 0;

	assert(out && (data || !len));
	c = calloc(1, sizeof(*c));
	if (!c || len == SIZE_MAX || !(c->text = malloc(len + 1))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (len)
		memcpy(c->text, data, len);
	c->text[len] = '\0';
	p = c->text;
	end = p + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (; p < end; p = eol + 1, line++) {
		size_t n;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		*eol = '\0';
		n = (size_t)(eol - p);
		if (n && p[n - 1] == '\r')
			p[--n] = '\0';
		rc = load_line(c, p, n, line, err);
		if (rc)
			goto cleanup;
	}
	rc = sort_codes(c, err);
	if (rc)
		goto cleanup;
	*out = c;
	c = NULL;
cleanup:
	capcat_codes_free(c);
	return rc;
}

/* Parse the inside of "=...=" ([s, e)) as code['#'N]; 0 when it is not a
 * code token, so that text such as "E = mc2" is left alone. */
static int parse_token(const char *s, const char *e, size_t *name_len, size_t *alt)
{
	size_t n = code_span(s, e), digits;

	if (n == 0 || n > CODE_MAX)
		return 0;
	*name_len = n;
	*alt = 1;
	if (s + n == e)
		return 1;
	if (s[n] != '#')
		return 0;
	s += n + 1;
	digits = (size_t)(e - s);
	if (digits == 0 || digits > ALT_DIGITS)
		return 0;
	*alt = 0;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		*alt = *alt * 10 + (size_t)(*s - '0');
	}
	return 1;
}

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct code *)elem)->name);
}

/* Append the replacement for the token [s, e) (between the '='s). */
static int expand_token(struct capcat_buf *b, const struct capcat_codes *c,
			const char *s, const char *e, size_t name_len, size_t alt,
			struct capcat_err *err)
{
	char key[CODE_MAX + 1];
	const struct code *hit;

	memcpy(key, s, name_len);
	key[name_len] = '\0';
	hit = c->n ? bsearch(key, c->v, c->n, sizeof(*c->v), cmp_key) : NULL;
	if (!hit)
		return capcat_err_set(err, CAPCAT_ENOTFOUND, "unknown code '=%.*s='",
				      (int)(e - s), s);
	if (alt == 0 || alt > hit->n)
		return capcat_err_set(err, CAPCAT_ENOTFOUND,
				      "code '=%.*s=' has no replacement %zu (it has %zu)",
				      (int)(e - s), s, alt, hit->n);
	if (capcat_buf_adds(b, c->cols[hit->first + alt - 1]))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	return 0;
}

/* Append 'text' to b with every token expanded. */
static int expand_into(struct capcat_buf *b, const struct capcat_codes *c,
		       const char *text, struct capcat_err *err)
{
	const char *p = text, *open, *close;
	size_t name_len, alt;
	int rc;

	while ((open = strchr(p, '=')) && (close = strchr(open + 1, '='))) {
		if (!parse_token(open + 1, close, &name_len, &alt)) {
			/* not a token: keep this '=', the next may open one */
			if (capcat_buf_add(b, p, (size_t)(open + 1 - p)))
				return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			p = open + 1;
			continue;
		}
		if (capcat_buf_add(b, p, (size_t)(open - p)))
			return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		rc = expand_token(b, c, open + 1, close, name_len, alt, err);
		if (rc)
			return rc;
		p = close + 1;  /* replacements are not scanned again */
	}
	if (capcat_buf_adds(b, p))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	return 0;
}

int capcat_codes_expand(char **out, const struct capcat_codes *c, const char *text,
			struct capcat_err *err)
{
	struct capcat_buf b;
	char *s = NULL;
	int rc;

	assert(out && c && text);
	capcat_buf_init(&b);
	rc = expand_into(&b, c, text, err);
	if (rc)
		goto cleanup;
	s = capcat_buf_detach(&b, NULL);
	if (!s) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	*out = s;
cleanup:
	capcat_buf_release(&b);
	return rc;
}
