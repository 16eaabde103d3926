/* fold.c - folding names for matching, and struct capcat_place.
 *
 * Folding covers the Latin letters of Latin-1 Supplement and Latin
 * Extended-A (the gazetteer's alternate names are Latin-script); other
 * scripts pass through unchanged.
 */
#include "capcat/understand.h"
#include "capcat/buf.h"
#include "capcat/text.h"

#include <stdlib.h>
#include <string.h>

/* U+00C0..U+017F folded to ASCII ("" for none: the letter is dropped) */
static const char *const latin[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   /* C0 */
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",  /* D0 */
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   /* E0 */
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",   /* F0 */
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",    /* 100 */
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",    /* 110 */
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",    /* 120 */
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  /* 130 */
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",    /* 140 */
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  /* 150 */
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",    /* 160 */
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",    /* 170 */
};

/* Append the folded form of one code point; 1 when it is a separator. */
static int fold_cp(struct capcat_buf *b, uint32_t c, const unsigned char *raw, size_t len)
{
	if (c >= 'A' && c <= 'Z')
		return capcat_buf_addch(b, (char)(c + 32)), 0;
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '\'')
		return capcat_buf_addch(b, (char)c), 0;
	if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02BB)   /* ’ ‘ ʼ ʻ */
		return capcat_buf_addch(b, '\''), 0;
	if (c == 0x2010 || c == 0x2011)
		return capcat_buf_addch(b, '-'), 0;
	if (c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7)
		return capcat_buf_adds(b, latin[c - 0xC0]), 0;
	if (c == 0x0131)
		return capcat_buf_addch(b, 'i'), 0;
	if (c < 0x80 || c == 0xFFFD || (c >= 0x2000 && c <= 0x206F) || c == 0xA0)
		return 1;       /* blank or punctuation: a word break */
	if (c >= 0x300 && c <= 0x36F)
		return 0;       /* a combining accent: dropped */
	capcat_buf_add(b, raw, len);
	return 0;
}

int capcat_fold(char **out, const char *s, struct capcat_err *err)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	int gap = 0;

	while (n) {
		uint32_t c = capcat_utf8_next(p, n, &len);
		size_t before = b.len;
		if (fold_cp(&b, c, p, len)) {
			gap = b.len > 0;
		} else if (b.len > before && gap) {
			/* put the pending space before what was just added */
			capcat_buf_addch(&b, ' ');
			memmove(b.data + before + 1, b.data + before, b.len - before - 1);
			b.data[before] = ' ';
			gap = 0;
		}
		p += len;
		n -= len;
	}
	if (!(*out = capcat_buf_detach(&b, NULL)))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	return 0;
}

void capcat_place_init(struct capcat_place *p)
{
	memset(p, 0, sizeof(*p));
}

void capcat_place_release(struct capcat_place *p)
{
	free(p->name);
	free(p->feature);
	free(p->region);
	free(p->country);
	free(p->country_code);
	capcat_place_init(p);
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = NULL;
	return src && !(*dst = strdup(src)) ? CAPCAT_ENOMEM : 0;
}

int capcat_place_copy(struct capcat_place *dst, const struct capcat_place *src)
{
	int rc = 0;

	capcat_place_init(dst);
	dst->id = src->id;
	dst->lat = src->lat;
	dst->lon = src->lon;
	dst->population = src->population;
	rc |= dup_or_null(&dst->name, src->name);
	rc |= dup_or_null(&dst->feature, src->feature);
	rc |= dup_or_null(&dst->region, src->region);
	rc |= dup_or_null(&dst->country, src->country);
	rc |= dup_or_null(&dst->country_code, src->country_code);
	if (rc)
		capcat_place_release(dst);
	return rc ? CAPCAT_ENOMEM : 0;
}
