/* text.c - character set conversions to UTF-8. */
#include "capcat/text.h"
#include "capcat/err.h"

/* cp1252 0x80..0x9F; 0 where the code page leaves a hole (kept as U+FFFD) */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int capcat_utf8_put(struct capcat_buf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	return capcat_buf_add(out, b, n);
}

/* Length of the valid UTF-8 sequence at 's' (at most 'n' bytes), 0 if
 * invalid.  Rejects overlongs, surrogates and values above U+10FFFF. */
size_t capcat_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
	else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
	else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int capcat_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0, k; i < len; i += k)
		if (!(k = capcat_utf8_seq(s + i, len - i)))
			return 0;
	return 1;
}

int capcat_text_has_high(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

int capcat_cp1252_to_utf8(struct capcat_buf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	int rc = 0;

	for (size_t i = 0; i < len && !rc; i++) {
		unsigned c = s[i];
		if (c < 0x80)
			rc = capcat_buf_addch(out, (char)c);
		else if (c < 0xA0)
			rc = capcat_utf8_put(out, cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD);
		else
			rc = capcat_utf8_put(out, c);
	}
	return rc;
}

int capcat_text_to_utf8(struct capcat_buf *out, const char *s, size_t len)
{
	if (capcat_utf8_valid(s, len))
		return capcat_buf_add(out, s, len);
	return capcat_cp1252_to_utf8(out, s, len);
}

int capcat_utf16_to_utf8(struct capcat_buf *out, const unsigned char *s, size_t len, int le)
{
	int rc = 0;

	for (size_t i = 0; i + 1 < len && !rc; i += 2) {
		uint32_t u = le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1]);
		if (u == 0)
			break;
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t lo = le ? (uint32_t)(s[i + 2] | s[i + 3] << 8)
					 : (uint32_t)(s[i + 2] << 8 | s[i + 3]);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		rc = capcat_utf8_put(out, u);
	}
	return rc;
}

uint32_t capcat_utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];

	*len = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xE0) == 0xC0 && c >= 0xC2 && n >= 2 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		return (c & 0x1F) << 6 | (s[1] & 0x3F);
	}
	if ((c & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*len = 3;
		return (c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	}
	if ((c & 0xF8) == 0xF0 && n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		*len = 4;
		return (c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	}
	return 0xFFFD;
}

