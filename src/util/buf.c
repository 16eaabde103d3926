/* buf.c - growable byte buffer. */
#include "capcat/buf.h"
#include "capcat/err.h"
#include "capcat/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty_data[1];

void capcat_buf_init(struct capcat_buf *b)
{
	b->data = empty_data;
	b->len = 0;
	b->cap = 0;
}

void capcat_buf_release(struct capcat_buf *b)
{
	if (b->cap)
		free(b->data);
	capcat_buf_init(b);
}

void capcat_buf_reset(struct capcat_buf *b)
{
	if (!b->data)
		capcat_buf_init(b);
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

int capcat_buf_grow(struct capcat_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (!b->data)
		capcat_buf_init(b);
	if (extra > SIZE_MAX - b->len - 1)
		return CAPCAT_ENOMEM;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (!p)
		return CAPCAT_ENOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
}

int capcat_buf_add(struct capcat_buf *b, const void *data, size_t len)
{
	if (capcat_buf_grow(b, len))
		return CAPCAT_ENOMEM;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int capcat_buf_adds(struct capcat_buf *b, const char *s)
{
	return capcat_buf_add(b, s, strlen(s));
}

int capcat_buf_addch(struct capcat_buf *b, char c)
{
	return capcat_buf_add(b, &c, 1);
}

int capcat_buf_printf(struct capcat_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || capcat_buf_grow(b, (size_t)n))
		return CAPCAT_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int capcat_buf_json_str(struct capcat_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, k;
	int rc = 0;

	if (!s)
		return capcat_buf_adds(b, "null");
	n = strlen(s);
	rc |= capcat_buf_addch(b, '"');
	while (n && !rc) {
		unsigned c = *p;
		if (c == '"' || c == '\\') {
			rc |= capcat_buf_addch(b, '\\');
			rc |= capcat_buf_addch(b, (char)c);
			k = 1;
		} else if (c == '\n') {
			rc |= capcat_buf_adds(b, "\\n"); k = 1;
		} else if (c == '\t') {
			rc |= capcat_buf_adds(b, "\\t"); k = 1;
		} else if (c == '\r') {
			rc |= capcat_buf_adds(b, "\\r"); k = 1;
		} else if (c < 0x20 || c == 0x7F) {
			rc |= capcat_buf_printf(b, "\\u%04x", c); k = 1;
		} else if ((k = capcat_utf8_seq(p, n)) == 0) {
			rc |= capcat_buf_adds(b, "\xEF\xBF\xBD"); k = 1;
		} else {
			rc |= capcat_buf_add(b, p, k);
		}
		p += k;
		n -= k;
	}
	rc |= capcat_buf_addch(b, '"');
	return rc ? CAPCAT_ENOMEM : 0;
}

char *capcat_buf_detach(struct capcat_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (!b->cap) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	} else {
		p = b->data;
	}
	capcat_buf_init(b);
	return p;
}
