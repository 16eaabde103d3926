/* understand_text.c - the description cut into words, numbers and
 * punctuation.
 *
 * A word is a run of letters and digits, joined by an inner hyphen
 * ("al-Sudani"), apostrophe ("Iraq's", "O'Brien") or, after a single
 * letter, a full stop ("U.S", "D.C").  Invalid UTF-8 bytes are punctuation
 * of their own.  Letters outside Latin have no case, so they are never
 * capitalised and never start a name.
 */
#include "understand_int.h"
#include "capcat/text.h"
#include "caption_int.h"          /* capcat_text__sentence_end */

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One code point at s (n bytes left); invalid bytes give U+FFFD, length 1. */
static int is_space_cp(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) ||
	       c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static int is_upper_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c >= 0xC0 && c <= 0xDE)
		return c != 0xD7;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return !(c & 1);
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c & 1;
	return c == 0x178;
}

static int is_lower_cp(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= 0xDF && c <= 0x17F)
		return c != 0xF7 && !is_upper_cp(c);
	return 0;
}

/* Letters and digits: ASCII, and any code point that is not a symbol,
 * punctuation or a replacement for a bad byte. */
static int is_alnum_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE00 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF20) || c >= 0xFFF0)
		return 0;
	return !is_space_cp(c);
}

static char punct_of(uint32_t c)
{
	if (c < 0x80 && strchr("(),.;:!?\"'/", (int)c) && c)
		return (char)c;
	if (c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212)
		return '-';
	if (c == 0x201C || c == 0x201D || c == 0xAB || c == 0xBB)
		return '"';
	if (c == 0x2018 || c == 0x2019)
		return '\'';
	return '*';
}

static int is_joiner(uint32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' || c == 0x2019;
}

/* End of the word starting at i. */
static size_t scan_word(const unsigned char *s, size_t n, size_t i)
{
	size_t len, len2, seg = 0;
	int seg_alpha = 1;
	uint32_t c;

	while (i < n) {
		c = capcat_utf8_next(s + i, n - i, &len);
		if (is_alnum_cp(c)) {
			seg++;
			seg_alpha &= !(c >= '0' && c <= '9');
			i += len;
			continue;
		}
		if (!is_joiner(c) && !(c == '.' && seg == 1 && seg_alpha))
			break;
		if (i + len >= n || !is_alnum_cp(capcat_utf8_next(s + i + len, n - i - len, &len2)))
			break;
		i += len;
		seg = 0;
		seg_alpha = 1;
	}
	return i;
}

/* "al-Sudani", "el-Sisi": an Arabic article before a capitalised name. */
static int article_cap(const unsigned char *s, size_t n)
{
	static const char *const arts[] = {
		"al-", "el-", "ad-", "an-", "ar-", "as-", "ash-", "at-", "az-", "ul-", "ed-",
		"es-", "ez-", "esh-", NULL
	};
	size_t i, k, len;

	if (n < 4 || (s[2] != '-' && s[3] != '-'))
		return 0;               /* most words: not "xx-" nor "xxx-" */
	for (i = 0; arts[i]; i++) {
		k = strlen(arts[i]);
		if (n > k && !memcmp(s, arts[i], k))
			return is_upper_cp(capcat_utf8_next(s + k, n - k, &len));
	}
	return 0;
}

static void word_flags(struct und_tok *t, const unsigned char *s)
{
	size_t i = t->a, len, letters = 0;
	int lower = 0;
	uint32_t c = capcat_utf8_next(s + i, t->b - i, &len);

	t->kind = (c >= '0' && c <= '9') ? UK_NUM : UK_WORD;
	if (is_upper_cp(c) || article_cap(s + i, t->b - i))
		t->flags |= UF_CAP;
	for (; i < t->b; i += len) {
		c = capcat_utf8_next(s + i, t->b - i, &len);
		lower |= is_lower_cp(c);
		letters += is_upper_cp(c);
	}
	if (!lower && letters >= 2)
		t->flags |= UF_UPPER;
	t->e = t->b;
	if (t->b - t->a >= 3 && (s[t->b - 1] | 0x20) == 's') {
		if (s[t->b - 2] == '\'')
			t->e = t->b - 2;
		else if (t->b - t->a >= 5 && !memcmp(s + t->b - 4, "\xE2\x80\x99", 3))
			t->e = t->b - 4;
	}
	if (t->e != t->b)
		t->flags |= UF_POSS;
}

static int push(struct und_cx *cx, size_t *cap, const struct und_tok *t)
{
	if (cx->nt == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct und_tok *p = realloc(cx->t, ncap * sizeof(*p));
		if (!p)
			return CAPCAT_ENOMEM;
		cx->t = p;
		*cap = ncap;
	}
	cx->t[cx->nt++] = *t;
	return 0;
}

/* A word after a sentence end, a colon, a dash or a line break starts a
 * sentence; words between double quotes are quoted (a line break ends an
 * unbalanced quote). */
static void mark_sentences(struct und_cx *cx)
{
	size_t i;
	int quoted = 0;

	for (i = 0; i < cx->nt; i++) {
		struct und_tok *t = &cx->t[i], *p = i ? &cx->t[i - 1] : NULL;
		if (t->flags & UF_NL)
			quoted = 0;
		if (t->kind == UK_PUNCT) {
			quoted ^= t->ch == '"';
			continue;
		}
		if (quoted)
			t->flags |= UF_QUOTED;
		if (!p || (t->flags & UF_NL) || (p->kind == UK_PUNCT &&
		    (p->ch == '!' || p->ch == '?' || p->ch == ':' || p->ch == '-' ||
		     (p->ch == '.' && capcat_text__sentence_end(cx->s, p->a)))))
			t->flags |= UF_SENT;
	}
}

/* FNV-1a of n bytes, ASCII letters lowercased, as ieq_n() compares them. */
static size_t fold_hash(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211u;
	}
	return (size_t)h;
}

int capcat_und__tokenize(struct und_cx *cx)
{
	const unsigned char *s = (const unsigned char *)cx->s;
	size_t i = 0, len, cap = 0;
	unsigned nl = 0;
	uint32_t c;

	while (i < cx->n && cx->nt < UND_MAX_TOKENS) {
		struct und_tok t = { 0 };
		c = capcat_utf8_next(s + i, cx->n - i, &len);
		if (is_space_cp(c)) {
			nl |= c == '\n';
			i += len;
			continue;
		}
		t.a = i;
		t.flags = nl ? UF_NL : 0;
		nl = 0;
		if (is_alnum_cp(c)) {
			t.b = scan_word(s, cx->n, i);
			word_flags(&t, s);
			t.hash = fold_hash(cx->s + t.a, t.e - t.a);
		} else {
			t.b = t.e = i + len;
			t.kind = UK_PUNCT;
			t.ch = punct_of(c);
		}
		if (push(cx, &cap, &t))
			return CAPCAT_ENOMEM;
		i = t.b;
	}
	mark_sentences(cx);
	return 0;
}

/* ---- predicates ------------------------------------------------------------ */

static int ieq_n(const char *p, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char a = (unsigned char)p[i], b = (unsigned char)w[i];
		if (!b)
			return 0;
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (a != b)
			return 0;
	}
	return w[n] == '\0';
}

int capcat_und__eq(const struct und_cx *cx, size_t i, const char *w)
{
	const struct und_tok *t;

	if (i >= cx->nt || cx->t[i].kind == UK_PUNCT)
		return 0;
	t = &cx->t[i];
	return ieq_n(cx->s + t->a, t->e - t->a, w);
}

/* ---- word lists as hash sets ----
 *
 * Every word of a caption is asked about against lists of up to hundreds
 * of words, many times over: scanning them was a tenth of understanding a
 * caption.  A list (NULL-terminated, lowercase, static: every list of
 * capcat's) becomes an open-addressing hash set the first time it is
 * asked about, kept for the process; sets are found by the list's address
 * without a lock. */
#define LISTS 128                       /* distinct lists: capcat has about 40 */

struct wordset {
	size_t mask;
	const char **w;                 /* mask + 1 slots; NULL: empty */
	long *at;                       /* where w[slot] is in its list */
};

static struct {
	_Atomic(const void *) list;     /* stored after 'set' */
	_Atomic(struct wordset *) set;
} lists[LISTS];
static pthread_mutex_t lists_lock = PTHREAD_MUTEX_INITIALIZER;

static struct wordset *set_make(const char *const *list)
{
	struct wordset *ws = calloc(1, sizeof(*ws));
	size_t n = 0, size = 16;

	while (list[n])
		n++;
	while (size < 2 * n)
		size *= 2;
	if (!ws || !(ws->w = calloc(size, sizeof(*ws->w))) || !(ws->at = calloc(size, sizeof(*ws->at)))) {
		if (ws)
			free(ws->w);
		free(ws);
		return NULL;
	}
	ws->mask = size - 1;
	for (size_t k = 0; k < n; k++) {
		size_t h = fold_hash(list[k], strlen(list[k])) & ws->mask;
		while (ws->w[h] && strcmp(ws->w[h], list[k]))
			h = (h + 1) & ws->mask;
		if (!ws->w[h]) {                /* the first of duplicates wins, as in a scan */
			ws->w[h] = list[k];
			ws->at[h] = (long)k;
		}
	}
	return ws;
}

/* The set of 'list'; NULL when there is no memory for it (then scan). */
/* The slot that holds 'list', else the empty one where it would go;
 * LISTS when the table is full. */
static size_t slot_of(const char *const *list)
{
	size_t h = ((uintptr_t)list >> 3) % LISTS;

	for (size_t i = 0; i < LISTS; i++, h = (h + 1) % LISTS) {
		const void *l = atomic_load_explicit(&lists[h].list, memory_order_acquire);
		if (!l || l == list)
			return h;
	}
	return LISTS;
}

static struct wordset *set_of(const char *const *list)
{
	size_t h = slot_of(list);
	struct wordset *ws = NULL;

	if (h < LISTS && atomic_load_explicit(&lists[h].list, memory_order_acquire) == list)
		return atomic_load_explicit(&lists[h].set, memory_order_relaxed);
	pthread_mutex_lock(&lists_lock);        /* made by one thread, once */
	if ((h = slot_of(list)) < LISTS) {
		if (atomic_load_explicit(&lists[h].list, memory_order_relaxed) == list) {
			ws = atomic_load_explicit(&lists[h].set, memory_order_relaxed);
		} else if ((ws = set_make(list))) {
			atomic_store_explicit(&lists[h].set, ws, memory_order_relaxed);
			atomic_store_explicit(&lists[h].list, (const void *)list, memory_order_release);
		}
	}
	pthread_mutex_unlock(&lists_lock);
	return ws;
}

/* Where the n bytes at p are in 'list' (ASCII case ignored), or -1. */
static long list_find_h(const char *const *list, const char *p, size_t n, size_t hash)
{
	struct wordset *ws = set_of(list);

	if (!n)
		return -1;              /* no list holds the empty word */
	if (!ws) {
		for (size_t k = 0; list[k]; k++)
			if (ieq_n(p, n, list[k]))
				return (long)k;
		return -1;
	}
	for (size_t h = hash & ws->mask; ws->w[h]; h = (h + 1) & ws->mask)
		if (ieq_n(p, n, ws->w[h]))
			return ws->at[h];
	return -1;
}

static long list_find(const char *const *list, const char *p, size_t n)
{
	return list_find_h(list, p, n, fold_hash(p, n));
}

long capcat_und__in_at(const struct und_cx *cx, size_t i, const char *const *list)
{
	const struct und_tok *t;

	if (i >= cx->nt || cx->t[i].kind == UK_PUNCT)
		return -1;
	t = &cx->t[i];
	return list_find_h(list, cx->s + t->a, t->e - t->a, t->hash);
}

int capcat_und__in(const struct und_cx *cx, size_t i, const char *const *list)
{
	return capcat_und__in_at(cx, i, list) >= 0;
}

long capcat_und__in_plural_at(const struct und_cx *cx, size_t i, const char *const *list)
{
	const struct und_tok *t;
	size_t n;
	long k;

	if (i >= cx->nt || cx->t[i].kind == UK_PUNCT)
		return -1;
	t = &cx->t[i];
	n = t->e - t->a;
	if ((k = list_find_h(list, cx->s + t->a, n, t->hash)) >= 0 || t->kind != UK_WORD)
		return k;
	if (n < 4 || (cx->s[t->e - 1] | 0x20) != 's')
		return -1;
	return list_find(list, cx->s + t->a, n - 1);
}

int capcat_und__in_plural(const struct und_cx *cx, size_t i, const char *const *list)
{
	return capcat_und__in_plural_at(cx, i, list) >= 0;
}

int capcat_und__punct(const struct und_cx *cx, size_t i, char ch)
{
	return i < cx->nt && cx->t[i].kind == UK_PUNCT && cx->t[i].ch == ch;
}

int capcat_und__lower(const struct und_cx *cx, size_t i)
{
	char c;

	if (i >= cx->nt || cx->t[i].kind != UK_WORD)
		return 0;
	c = cx->s[cx->t[i].a];
	return c >= 'a' && c <= 'z' && !(cx->t[i].flags & UF_CAP);
}

int capcat_und__free_cap(const struct und_cx *cx, size_t i)
{
	return i < cx->nt && cx->t[i].kind == UK_WORD && (cx->t[i].flags & UF_CAP) &&
	       !(cx->t[i].flags & (UF_DATE | UF_PLACE | UF_MARK | UF_DATELINE | UF_CREDIT |
				       UF_RANK));
}

char *capcat_und__text(const struct und_cx *cx, size_t ta, size_t tb)
{
	size_t a, e, i, k = 0;
	char *p;
	int gap = 0;

	if (ta >= tb || tb > cx->nt)
		return NULL;
	a = cx->t[ta].a;
	e = cx->t[tb - 1].e;
	if (!(p = malloc(e - a + 1)))
		return NULL;
	for (i = a; i < e; i++) {
		unsigned char c = (unsigned char)cx->s[i];
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			gap = 1;
			continue;
		}
		if (gap && k)
			p[k++] = ' ';
		gap = 0;
		p[k++] = (char)c;
	}
	p[k] = '\0';
	return p;
}

int capcat_und__number(const struct und_cx *cx, size_t i, int ordinal_ok)
{
	const struct und_tok *t;
	size_t k;
	int v = 0;

	if (i >= cx->nt || cx->t[i].kind != UK_NUM)
		return -1;
	t = &cx->t[i];
	for (k = t->a; k < t->b && cx->s[k] >= '0' && cx->s[k] <= '9'; k++) {
		if (k - t->a >= 4)
			return -1;
		v = v * 10 + (cx->s[k] - '0');
	}
	if (k == t->b)
		return v;
	if (!ordinal_ok || t->b - k != 2)
		return -1;
	if (ieq_n(cx->s + k, 2, "st") || ieq_n(cx->s + k, 2, "nd") ||
	    ieq_n(cx->s + k, 2, "rd") || ieq_n(cx->s + k, 2, "th"))
		return v;
	return -1;
}

int capcat_und__inner_dot(const struct und_cx *cx, size_t j)
{
	const struct und_tok *p;
	size_t len;

	if (!j || !capcat_und__punct(cx, j, '.') || !capcat_und__free_cap(cx, j + 1) ||
	    capcat_und__common(cx, j + 1))
		return 0;
	p = &cx->t[j - 1];
	if (p->kind != UK_WORD || (p->flags & UF_POSS))
		return 0;
	len = p->b - p->a;
	if (len == 1 && (p->flags & UF_CAP))
		return 1;
	if (memchr(cx->s + p->a, '.', len))
		return 1;
	return (len <= 4 && capcat_und__title(cx, j - 1) == 2) || capcat_und__eq(cx, j - 1, "st") ||
	       capcat_und__eq(cx, j - 1, "mt") || capcat_und__eq(cx, j - 1, "ft");
}
