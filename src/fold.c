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
	if (p->block) {
		free(p->block);
	} else {
		free(p->name);
		free(p->feature);
		free(p->region);
		free(p->country);
		free(p->country_code);
	}
	capcat_place_init(p);
}

/* Copy 's' (or leave NULL) at *at, moving *at past it. */
static char *pack(char **at, const char *s, size_t n)
{
	char *out = *at;

	if (!s)
		return NULL;
	memcpy(out, s, n + 1);
	*at += n + 1;
	return out;
}

/* One block for the five strings: places are copied out of the gazetteer's
 * memory for every name a caption is asked about, 60 strings a photo. */
int capcat_place_copy(struct capcat_place *dst, const struct capcat_place *src)
{
	const char *s[5] = { src->name, src->feature, src->region, src->country,
			     src->country_code };
	size_t n[5], total = 1;
	char *at;

	capcat_place_init(dst);
	dst->id = src->id;
	dst->lat = src->lat;
	dst->lon = src->lon;
	dst->population = src->population;
	dst->by_name = src->by_name;
	for (int i = 0; i < 5; i++)
		total += (n[i] = s[i] ? strlen(s[i]) : 0) + (s[i] != NULL);
	if (!(dst->block = at = malloc(total)))
		return CAPCAT_ENOMEM;
	dst->name = pack(&at, s[0], n[0]);
	dst->feature = pack(&at, s[1], n[1]);
	dst->region = pack(&at, s[2], n[2]);
	dst->country = pack(&at, s[3], n[3]);
	dst->country_code = pack(&at, s[4], n[4]);
	return 0;
}
