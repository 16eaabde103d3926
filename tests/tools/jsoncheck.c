/* jsoncheck.c - is standard input JSON, strictly?
 *
 *   jsoncheck < FILE
 *
 * One or more JSON values separated by white space (a document, or JSON
 * Lines), per RFC 8259, and stricter where consumers break: the whole input
 * is valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF), strings hold no raw control characters, and \u escapes of
 * surrogates come in pairs.  Exits 0 when so, else prints
 * "jsoncheck: byte N: why" and exits 1.  Test tooling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct in {
	const unsigned char *p;
	size_t n, at;
};

static void fail(const struct in *s, const char *why)
{
	printf("jsoncheck: byte %zu: %s\n", s->at, why);
	exit(1);
}

static int peek(const struct in *s)
{
	return s->at < s->n ? s->p[s->at] : -1;
}

static void space(struct in *s)
{
	while (peek(s) == ' ' || peek(s) == '\t' || peek(s) == '\n' || peek(s) == '\r')
		s->at++;
}

static void expect(struct in *s, const char *word)
{
	size_t n = strlen(word);

	if (s->n - s->at < n || memcmp(s->p + s->at, word, n))
		fail(s, "not a JSON value");
	s->at += n;
}

/* One UTF-8 sequence at s->at, strictly. */
static void utf8(struct in *s)
{
	const unsigned char *p = s->p + s->at;
	size_t left = s->n - s->at, len;
	unsigned long c;

	if (p[0] < 0x80) {
		s->at++;
		return;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, c = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, c = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, c = p[0] & 0x07;
	else
		fail(s, "invalid UTF-8 lead byte");
	if (left < len)
		fail(s, "UTF-8 sequence cut short");
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			fail(s, "invalid UTF-8 continuation byte");
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000))
		fail(s, "overlong UTF-8");
	if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		fail(s, "UTF-8 of a surrogate or past U+10FFFF");
	s->at += len;
}

static unsigned hex4(struct in *s)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		int c = peek(s);
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			fail(s, "bad \\u escape");
		s->at++;
	}
	return v;
}

static void escape(struct in *s)
{
	int c = peek(s);
	unsigned u;

	if (c < 0 || !strchr("\"\\/bfnrtu", c))
		fail(s, "bad escape");
	s->at++;
	if (c != 'u')
		return;
	u = hex4(s);
	if (u >= 0xDC00 && u <= 0xDFFF)
		fail(s, "lone low surrogate escape");
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (peek(s) != '\\')
			fail(s, "lone high surrogate escape");
		s->at++;
		if (peek(s) != 'u')
			fail(s, "lone high surrogate escape");
		s->at++;
		u = hex4(s);
		if (u < 0xDC00 || u > 0xDFFF)
			fail(s, "lone high surrogate escape");
	}
}

static void string(struct in *s)
{
	s->at++;                                /* the opening quote */
	for (;;) {
		int c = peek(s);
		if (c < 0)
			fail(s, "unterminated string");
		if (c == '"') {
			s->at++;
			return;
		}
		if (c < 0x20)
			fail(s, "raw control character in a string");
		if (c == '\\') {
			s->at++;
			escape(s);
		} else {
			utf8(s);
		}
	}
}

static void digits(struct in *s)
{
	if (peek(s) < '0' || peek(s) > '9')
		fail(s, "bad number");
	while (peek(s) >= '0' && peek(s) <= '9')
		s->at++;
}

static void number(struct in *s)
{
	if (peek(s) == '-')
		s->at++;
	if (peek(s) == '0')
		s->at++;
	else
		digits(s);
	if (peek(s) == '.') {
		s->at++;
		digits(s);
	}
	if (peek(s) == 'e' || peek(s) == 'E') {
		s->at++;
		if (peek(s) == '+' || peek(s) == '-')
			s->at++;
		digits(s);
	}
}

static void value(struct in *s, int depth);

/* An array or an object: 'close' ends it; objects have "key": before each. */
static void container(struct in *s, int close, int depth)
{
	s->at++;
	space(s);
	if (peek(s) == close) {
		s->at++;
		return;
	}
	for (;;) {
		space(s);
		if (close == '}') {
			if (peek(s) != '"')
				fail(s, "object key is not a string");
			string(s);
			space(s);
			if (peek(s) != ':')
				fail(s, "missing ':' in object");
			s->at++;
		}
		value(s, depth + 1);
		space(s);
		if (peek(s) == close) {
			s->at++;
			return;
		}
		if (peek(s) != ',')
			fail(s, close == '}' ? "missing ',' or '}'" : "missing ',' or ']'");
		s->at++;
	}
}

static void value(struct in *s, int depth)
{
	int c;

	if (depth > 512)
		fail(s, "nested too deep");
	space(s);
	c = peek(s);
	if (c == '{' || c == '[')
		container(s, c == '{' ? '}' : ']', depth);
	else if (c == '"')
		string(s);
	else if (c == '-' || (c >= '0' && c <= '9'))
		number(s);
	else if (c == 't')
		expect(s, "true");
	else if (c == 'f')
		expect(s, "false");
	else if (c == 'n')
		expect(s, "null");
	else
		fail(s, "not a JSON value");
}

int main(void)
{
	struct in s = { 0 };
	size_t cap = 0;
	unsigned char *buf = NULL;
	size_t got;

	do {
		if (s.n == cap && !(buf = realloc(buf, cap = cap ? cap * 2 : 65536))) {
			printf("jsoncheck: out of memory\n");
			return 1;
		}
		got = fread(buf + s.n, 1, cap - s.n, stdin);
		s.n += got;
	} while (got);
	s.p = buf;
	space(&s);
	if (s.at == s.n)
		fail(&s, "no JSON value");
	while (s.at < s.n) {
		value(&s, 0);
		space(&s);
	}
	free(buf);
	return 0;
}
