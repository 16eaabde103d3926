/* caption.c - whole captions: parse them apart, and put one together.
 *
 * Parsing takes a caption apart in this order (docs/caption-style.md 1.4
 * and 2): a Shutterstock "Mandatory Credit:" first line; prefixes at the
 * start (FILE –, FILE PHOTO:, (FILES), TOPSHOT -, epaNNNNNNNN, EDITOR'S
 * NOTE: ...); restriction blocks anywhere (RESTRICTED TO EDITORIAL USE ...,
 * THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.) and web junk; then the
 * credit: the last bracket group (two when adjacent), else an unbracketed
 * REUTERS/EPA/AFP PHOTO credit after the last sentence, else a bracket group
 * inside the text that reads only as a credit.  What is left is the text.
 *
 * The caption is copied once into a work buffer and pieces are cut out of
 * it in place; every index stays below the buffer's length.  Credit lines
 * themselves are parsed in credit.c and formatted in credit_format.c.
 */
#include "caption_int.h"
#include "capcat/buf.h"

#include <stdlib.h>
#include <string.h>

#define SPAN CAPCAT_SPAN
#define NPOS CAPCAT_NPOS
#define trim capcat_span__trim
#define istarts capcat_span__istarts
#define iends capcat_span__iends

static int is_space(char c)
{
	return capcat_text__is_space((unsigned char)c);
}

static int is_word_byte(char ch)
{
	unsigned char c = (unsigned char)ch;

	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static struct capcat_span span_of(const char *s)
{
	return SPAN(s, s ? strlen(s) : 0);
}

static int has(const char *s)
{
	return s && *s;
}

/* ---- lifecycle ---------------------------------------------------------- */

void capcat_caption_init(struct capcat_caption *c)
{
	memset(c, 0, sizeof(*c));
	capcat_credit_init(&c->credit);
}

void capcat_caption_release(struct capcat_caption *c)
{
	if (!c)
		return;
	free(c->caption);
	free(c->prefix);
	free(c->text);
	free(c->instructions);
	capcat_credit_release(&c->credit);
	capcat_caption_init(c);
}

/* ---- the work buffer ---------------------------------------------------- */

struct work {
	char *s;
	size_t n;
	struct capcat_buf prefix, notes;
	int file;
	int have;                   /* a credit was found */
	struct capcat_credit credit;
};

/* Remove s[a, b) and the blanks around it; the two sides, if both are
 * left, are joined by one space. */
static void cut(struct work *w, size_t a, size_t b)
{
	size_t l = a, r = b;

	if (b <= a || b > w->n)
		return;
	while (l > 0 && is_space(w->s[l - 1]))
		l--;
	while (r < w->n && is_space(w->s[r]))
		r++;
	if (l > 0 && r < w->n)
		w->s[l++] = ' ';
	memmove(w->s + l, w->s + r, w->n - r);
	w->n = l + (w->n - r);
	w->s[w->n] = '\0';
}

static int is_decor(char c)
{
	return c == '=' || c == '/' || is_space(c);
}

/* Keep 's' as an instruction (special instructions, IIM 2:40), without the
 * "===" and "/" that AFP puts around its blocks. */
static int add_note(struct work *w, struct capcat_span s)
{
	while (s.n && is_decor(s.p[0]))
		s.p++, s.n--;
	while (s.n && is_decor(s.p[s.n - 1]))
		s.n--;
	if (!s.n)
		return 0;
	if ((w->notes.len && capcat_buf_addch(&w->notes, ' ')) ||
	    capcat_buf_add(&w->notes, s.p, s.n))
		return CAPCAT_ENOMEM;
	return 0;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

/* ---- prefixes ----------------------------------------------------------- */

/* '-', "--", U+2013, U+2014 or ':' at p. */
static size_t dash_len(const char *p, size_t n)
{
	if (n >= 3 && !memcmp(p, "\xE2\x80", 2) && (p[2] == '\x93' || p[2] == '\x94'))
		return 3;
	if (n >= 2 && p[0] == '-' && p[1] == '-')
		return 2;
	return n >= 1 && (p[0] == '-' || p[0] == ':');
}

/* After a marker word at p[at]: blanks, a dash or colon, then blanks (at
 * least one unless the caption ends).  Length through them, or 0. */
static size_t after_marker(const char *p, size_t n, size_t at)
{
	size_t i = at, d, j;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (!(d = dash_len(p + i, n - i)))
		return 0;
	i += d;
	j = skip_space(p, n, i);
	return (j == i && j < n) ? 0 : j;
}

static size_t after_blank(const char *p, size_t n, size_t at)
{
	size_t j = skip_space(p, n, at);

	return (j == at && j < n) ? 0 : j;
}

static size_t epa_id(const char *p, size_t n)
{
	size_t i = 3;

	if (!istarts(SPAN(p, n), "epa"))
		return 0;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	return i - 3 >= 5 ? after_blank(p, n, i) : 0;
}

/* Length of the prefix at the start of p (with its blanks), 0 if none. */
static size_t match_prefix(const char *p, size_t n, int *file)
{
	struct capcat_span s = SPAN(p, n);
	size_t k = 0;

	*file = 1;
	if (istarts(s, "FILE PHOTO") && (k = after_marker(p, n, 10)))
		return k;
	if (istarts(s, "FILE") && (k = after_marker(p, n, 4)))
		return k;
	if (istarts(s, "(FILES)") && (k = after_blank(p, n, 7)))
		return k;
	if (istarts(s, "(FILE)") && (k = after_blank(p, n, 6)))
		return k;
	*file = 0;
	if (istarts(s, "TOPSHOT") && (k = after_marker(p, n, 7)))
		return k;
	if (istarts(s, "Illustrative:") && (k = after_blank(p, n, 13)))
		return k;
	return epa_id(p, n);
}

static const char *const note_leads[] = {
	"EDITOR'S NOTE:", "EDITORS NOTE:", "EDITOR\xE2\x80\x99S NOTE:", NULL
};

/* "EDITOR'S NOTE: ..." up to the end of its sentence or line. */
static size_t match_note(const char *p, size_t n)
{
	size_t i, k;

	for (i = 0; note_leads[i]; i++)
		if (istarts(SPAN(p, n), note_leads[i]))
			break;
	if (!note_leads[i])
		return 0;
	for (k = strlen(note_leads[i]); k < n; k++) {
		if (p[k] == '\n')
			return k;
		if (p[k] == '.' && (k + 1 == n || is_space(p[k + 1])) &&
		    capcat_text__sentence_end(p, k))
			return k + 1;
	}
	return n;
}

static int take_prefixes(struct work *w)
{
	size_t round, start, len;
	int file;

	for (round = 0; round < 8; round++) {
		start = skip_space(w->s, w->n, 0);
		if ((len = match_prefix(w->s + start, w->n - start, &file))) {
			if (capcat_buf_add(&w->prefix, w->s + start, len))
				return CAPCAT_ENOMEM;
			w->file |= file;
		} else if ((len = match_note(w->s + start, w->n - start))) {
			if (add_note(w, SPAN(w->s + start, len)))
				return CAPCAT_ENOMEM;
		} else {
			break;
		}
		cut(w, 0, start + len);
	}
	return 0;
}

/* Old AP: "In this Feb. 8, 2024, file photo, ..." */
static int in_this_file_photo(struct capcat_span t)
{
	if (!istarts(t, "In this "))
		return 0;
	if (t.n > 80)
		t.n = 80;
	return capcat_span__ifind(t, " file photo") != NPOS;
}

/* ---- restrictions and junk ---------------------------------------------- */

/* Upper-case phrases that start a block of usage terms; the block runs on
 * while its words have no lower-case letter. */
static const char *const triggers[] = {
	"RESTRICTED TO EDITORIAL USE", "FOR EDITORIAL USE ONLY", "EDITORIAL USE ONLY",
	"ATTENTION EDITORS", "MANDATORY CREDIT", "NO RESALES", "NO ARCHIVES",
	"NO MARKETING", "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY",
	"THIS IMAGE HAS BEEN PROVIDED BY A THIRD PARTY",
	"THIS IMAGE WAS PROVIDED BY A THIRD PARTY",
	"THIS PICTURE WAS PROVIDED BY A THIRD PARTY",
	"THIS PICTURE WAS SUPPLIED BY A THIRD PARTY", "TPX IMAGES OF THE DAY",
	"SEARCH \"", NULL
};

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* The first trigger at the start of a word, from 'from' on.  Every trigger
 * starts with two upper-case letters: one pass over the text, comparing
 * only there (fifteen memmem() passes were a fifth of parsing a caption). */
static size_t find_trigger(const struct work *w, size_t from)
{
	for (size_t k = from; k + 1 < w->n; k++) {
		if (!is_upper(w->s[k]) || !is_upper(w->s[k + 1]) ||
		    (k > 0 && is_word_byte(w->s[k - 1])))
			continue;
		for (size_t i = 0; triggers[i]; i++) {
			size_t len;
			if (triggers[i][0] != w->s[k] || triggers[i][1] != w->s[k + 1])
				continue;
			len = strlen(triggers[i]);
			if (len <= w->n - k && !memcmp(w->s + k, triggers[i], len))
				return k;
		}
	}
	return NPOS;
}

/* One word of a block: no lower-case letter, no bracket, and no '/' glued to
 * other characters outside quotes ("REUTERS/Name" starts a credit). */
static int block_word(const char *s, size_t a, size_t b, int *quoted)
{
	size_t i;
	int q = *quoted, slash = 0;

	for (i = a; i < b; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '(' || s[i] == ')')
			return 0;
		if (s[i] == '"' || (i + 2 < b && !memcmp(s + i, "\xE2\x80", 2) &&
				    (s[i + 2] == '\x9C' || s[i + 2] == '\x9D')))
			q = !q;
		else if (s[i] == '/' && !q)
			slash = 1;
	}
	if (slash && b - a > 1)
		return 0;
	*quoted = q;
	return 1;
}

static size_t block_end(const char *s, size_t n, size_t i)
{
	size_t end = i, w;
	int quoted = 0;

	while ((i = skip_space(s, n, i)) < n) {
		w = i;
		while (i < n && !is_space(s[i]))
			i++;
		if (!block_word(s, w, i, &quoted))
			break;
		end = i;
	}
	return end;
}

static int take_block(struct work *w, size_t k, size_t *next)
{
	size_t start = k, end = block_end(w->s, w->n, k), j, l;

	if (add_note(w, SPAN(w->s + k, end - k)))
		return CAPCAT_ENOMEM;
	while (start > 0 && is_decor(w->s[start - 1]))
		start--;
	j = skip_space(w->s, w->n, end);
	if (j < w->n && w->s[j] == '=') {
		while (j < w->n && w->s[j] == '=')
			j++;
		end = j;
	}
	l = start;
	while (l > 0 && is_space(w->s[l - 1]))
		l--;
	j = skip_space(w->s, w->n, end);
	if (l > 0 && w->s[l - 1] == '(' && j < w->n && w->s[j] == ')')
		start = l - 1, end = j + 1;
	cut(w, start, end);
	*next = start;
	return 0;
}

/* "(EDITORS NOTE: Graphic content.)" anywhere. */
static int take_bracket_note(struct work *w)
{
	size_t i, k, depth;

	for (i = 0; i < w->n; i++) {
		if (w->s[i] != '(' || !match_note(w->s + i + 1, w->n - i - 1))
			continue;
		for (k = i, depth = 0; k < w->n; k++) {
			if (w->s[k] == '(')
				depth++;
			else if (w->s[k] == ')' && --depth == 0)
				break;
		}
		if (k == w->n)
			return 0;
		if (add_note(w, SPAN(w->s + i + 1, k - i - 1)))
			return CAPCAT_ENOMEM;
		cut(w, i, k + 1);
		return 0;
	}
	return 0;
}

static void drop_junk(struct work *w)
{
	static const char junk[] = "Purchase Licensing Rights";
	static const char tab[] = ", opens new tab";
	size_t round, k, end;

	for (round = 0; round < 4; round++) {
		k = capcat_span__ifind(SPAN(w->s, w->n), junk);
		if (k == NPOS)
			return;
		end = k + sizeof(junk) - 1;
		if (istarts(SPAN(w->s + end, w->n - end), tab))
			end += sizeof(tab) - 1;
		cut(w, k, end);
	}
}

static int take_restrictions(struct work *w)
{
	size_t round, at = 0, k;

	for (round = 0; round < 16; round++) {
		if ((k = find_trigger(w, at)) == NPOS)
			break;
		if (take_block(w, k, &at))
			return CAPCAT_ENOMEM;
	}
	for (round = 0; round < 4; round++) {
		size_t before = w->n;

		if (take_bracket_note(w))
			return CAPCAT_ENOMEM;
		if (w->n == before)
			break;
	}
	drop_junk(w);
	return 0;
}

/* ---- the credit --------------------------------------------------------- */

static int parse_at(struct work *w, struct capcat_credit *c, size_t a, size_t b,
		    struct capcat_credit_evidence *ev, struct capcat_err *err)
{
	capcat_credit_init(c);
	return capcat_credit__parse_span(c, SPAN(w->s + a, b - a), ev, err);
}

/* Shutterstock puts the whole credit on the first line. */
static int take_mandatory_line(struct work *w, struct capcat_err *err)
{
	size_t start = skip_space(w->s, w->n, 0), eol;
	const char *nl;
	int rc;

	if (!istarts(SPAN(w->s + start, w->n - start), "Mandatory Credit:"))
		return 0;
	nl = memchr(w->s + start, '\n', w->n - start);
	eol = nl ? (size_t)(nl - w->s) : w->n;
	if ((rc = parse_at(w, &w->credit, start, eol, NULL, err)))
		return rc;
	w->have = 1;
	cut(w, 0, eol);
	return 0;
}

static size_t end_of_text(const struct work *w)
{
	size_t e = w->n;

	while (e && (is_space(w->s[e - 1]) || w->s[e - 1] == '.'))
		e--;
	return e;
}

/* The last bracket group, and the one right before it if both are
 * credits: "(Photo by Lena MOREAU / AFP) (Photo by LENA MOREAU/AFP via
 * Getty Images)". */
static int take_trailing_groups(struct work *w, struct capcat_err *err)
{
	struct capcat_credit g2, g1;
	struct capcat_credit_evidence ev;
	size_t e = end_of_text(w), o, t, o1;
	int rc;

	if (!e || w->s[e - 1] != ')' || (o = capcat_text__match_open(w->s, e - 1)) == NPOS)
		return 0;
	if ((rc = parse_at(w, &g2, o + 1, e - 1, &ev, err)))
		return rc;
	if (!ev.strong) {
		capcat_credit_release(&g2);
		return 0;
	}
	t = o;
	while (t && is_space(w->s[t - 1]))
		t--;
	if (t && w->s[t - 1] == ')' && (o1 = capcat_text__match_open(w->s, t - 1)) != NPOS) {
		if ((rc = parse_at(w, &g1, o1 + 1, t - 1, &ev, err))) {
			capcat_credit_release(&g2);
			return rc;
		}
		if (!ev.strong) {
			capcat_credit_release(&g1);
		} else if ((rc = capcat_credit__merge(&g1, &g2, err))) {
			capcat_credit_release(&g1);
			return rc;
		} else {
			g2 = g1;
			o = o1;
		}
	}
	w->credit = g2;
	w->have = 1;
	cut(w, o, w->n);
	return 0;
}

/* Wire credits written without brackets: "REUTERS/Name", "EPA/NAME",
 * "AFP PHOTO / NAME", "REUTERS via AP", or "REUTERS" alone. */
static int wire_token(const char *p, size_t n)
{
	static const char *const toks[] = {
		"REUTERS", "Reuters", "EPA-EFE", "epa-efe", "EPA", "epa", NULL
	};
	struct capcat_span rest;
	size_t i, len;

	if (n >= 9 && !memcmp(p, "AFP PHOTO", 9))
		return 1;
	for (i = 0; toks[i]; i++) {
		len = strlen(toks[i]);
		if (n < len || memcmp(p, toks[i], len))
			continue;
		rest = SPAN(p + len, n - len);
		if (!rest.n || rest.p[0] == '/' || istarts(rest, " via ") ||
		    istarts(rest, " for "))
			return 1;
	}
	return 0;
}

static int sentence_start(const char *s, size_t i)
{
	size_t j = i;

	while (j && is_space(s[j - 1])) {
		if (s[j - 1] == '\n')
			return 1;
		j--;
	}
	if (!j)
		return 1;
	if (j == i)
		return 0;
	if (s[j - 1] == '!' || s[j - 1] == '?')
		return 1;
	return s[j - 1] == '.' && capcat_text__sentence_end(s, j - 1);
}

static int has_sentence_end(const char *s, size_t a, size_t b)
{
	size_t k;

	for (k = a; k + 1 < b; k++)
		if (s[k] == '.' && is_space(s[k + 1]) && capcat_text__sentence_end(s, k))
			return 1;
	return 0;
}

/* Start of the last sentence of s[0, e). */
static size_t last_sentence(const char *s, size_t e)
{
	size_t k;

	for (k = e; k-- > 0;) {
		if (s[k] == '\n' ||
		    (s[k] == '.' && k + 1 < e && is_space(s[k + 1]) &&
		     capcat_text__sentence_end(s, k)))
			return skip_space(s, e, k + 1);
	}
	return skip_space(s, e, 0);
}

static size_t find_wire_credit(const struct work *w, size_t e)
{
	struct capcat_span t = SPAN(w->s, e);
	size_t i, start, words = 0;

	for (i = e; i-- > 0;) {
		if (i > 0 && !is_space(w->s[i - 1]))
			continue;
		if (!wire_token(w->s + i, e - i))
			continue;
		if (sentence_start(w->s, i) && !has_sentence_end(w->s, i, e))
			return i;
		break;
	}
	if (!iends(t, " via REUTERS") && !iends(t, " via REUTERS/File Photo") &&
	    !iends(t, "/via REUTERS") && !iends(t, "/via REUTERS/File Photo"))
		return NPOS;
	start = last_sentence(w->s, e);
	for (i = start; i < e; i++)
		if (!is_space(w->s[i]) && (i == start || is_space(w->s[i - 1])))
			words++;
	return words <= 24 ? start : NPOS;
}

static int take_wire_credit(struct work *w, struct capcat_err *err)
{
	struct capcat_credit c;
	size_t e = end_of_text(w), start;
	int rc;

	if (!e || (start = find_wire_credit(w, e)) == NPOS)
		return 0;
	if ((rc = parse_at(w, &c, start, e, NULL, err)))
		return rc;
	if (!c.agency && !c.via) {
		capcat_credit_release(&c);
		return 0;
	}
	w->credit = c;
	w->have = 1;
	cut(w, start, w->n);
	return 0;
}

/* The last top-level group (o, cl) ending before 'end'. */
static int prev_group(const char *s, size_t end, size_t *o, size_t *cl)
{
	size_t i = end, depth = 0, close = 0;

	while (i-- > 0) {
		if (s[i] == ')') {
			if (!depth)
				close = i;
			depth++;
		} else if (s[i] == '(' && depth && --depth == 0) {
			*o = i;
			*cl = close;
			return 1;
		}
	}
	return 0;
}

/* A credit inside the text sits between sentences: "Rome. (Name/LaPresse
 * via AP) Fans celebrated late." */
static int between_sentences(const struct work *w, size_t o, size_t cl)
{
	size_t j = o, a = skip_space(w->s, w->n, cl + 1);
	char c;

	while (j && is_space(w->s[j - 1]))
		j--;
	c = j ? w->s[j - 1] : '.';
	if (c == '.' || c == '!' || c == '?' || c == '"')
		return 1;
	return a == w->n || (w->s[a] >= 'A' && w->s[a] <= 'Z');
}

static int take_middle_group(struct work *w, struct capcat_err *err)
{
	struct capcat_credit c;
	struct capcat_credit_evidence ev;
	size_t end = w->n, o, cl, round;
	int rc;

	for (round = 0; round < 64 && prev_group(w->s, end, &o, &cl); round++) {
		if ((rc = parse_at(w, &c, o + 1, cl, &ev, err)))
			return rc;
		if (ev.strong && ev.shaped && (c.agency || c.via) &&
		    between_sentences(w, o, cl)) {
			w->credit = c;
			w->have = 1;
			cut(w, o, cl + 1);
			return 0;
		}
		capcat_credit_release(&c);
		end = o;
	}
	return 0;
}

static int take_credit(struct work *w, struct capcat_err *err)
{
	int rc = 0;

	if (!w->have)
		rc = take_trailing_groups(w, err);
	if (!rc && !w->have)
		rc = take_wire_credit(w, err);
	if (!rc && !w->have)
		rc = take_middle_group(w, err);
	return rc;
}

/* ---- parse -------------------------------------------------------------- */

static char *detach_or_null(struct capcat_buf *b)
{
	if (!b->len) {
		capcat_buf_release(b);
		return NULL;
	}
	return capcat_buf_detach(b, NULL);
}

static int finish_caption(struct work *w, struct capcat_caption *cap)
{
	struct capcat_span t = trim(SPAN(w->s, w->n));

	if (t.n && !(cap->text = capcat_span__dup(t)))
		return CAPCAT_ENOMEM;
	if (w->have && w->credit.file)
		w->file = 1;
	if (in_this_file_photo(t))
		w->file = 1;
	if (w->have && w->file)
		w->credit.file = 1;
	cap->file = w->file;
	cap->has_credit = w->have;
	cap->credit = w->credit;
	capcat_credit_init(&w->credit);
	w->have = 0;
	if (w->prefix.len && !(cap->prefix = detach_or_null(&w->prefix)))
		return CAPCAT_ENOMEM;
	if (w->notes.len && !(cap->instructions = detach_or_null(&w->notes)))
		return CAPCAT_ENOMEM;
	return 0;
}

int capcat_caption_parse(struct capcat_caption *out, const char *caption,
			 struct capcat_err *err)
{
	struct capcat_caption cap;
	struct work w;
	int rc = CAPCAT_ENOMEM;

	if (!out || !caption)
		return capcat_err_set(err, CAPCAT_EUSAGE, "no caption to parse");
	capcat_caption_init(&cap);
	memset(&w, 0, sizeof(w));
	capcat_buf_init(&w.prefix);
	capcat_buf_init(&w.notes);
	capcat_credit_init(&w.credit);
	if (!(cap.caption = strdup(caption)) || !(w.s = strdup(caption)))
		goto cleanup;
	w.n = strlen(w.s);
	if ((rc = take_mandatory_line(&w, err)) || (rc = take_prefixes(&w)) ||
	    (rc = take_restrictions(&w)) || (rc = take_credit(&w, err)) ||
	    (rc = finish_caption(&w, &cap)))
		goto cleanup;
	*out = cap;
	capcat_caption_init(&cap);
cleanup:
	free(w.s);
	capcat_buf_release(&w.prefix);
	capcat_buf_release(&w.notes);
	capcat_credit_release(&w.credit);
	capcat_caption_release(&cap);
	if (rc)
		return capcat_err_set(err, rc, "cannot parse caption: out of memory");
	return 0;
}

/* ---- caption formatting ------------------------------------------------- */

static const char *const file_prefixes[CAPCAT_STYLE_COUNT] = {
	[CAPCAT_STYLE_ARTICLE] = "FILE \xE2\x80\x93 ",
	[CAPCAT_STYLE_AP] = "FILE \xE2\x80\x93 ",
	[CAPCAT_STYLE_AFP] = "(FILES) ",
	[CAPCAT_STYLE_REUTERS] = "FILE PHOTO: ",
	[CAPCAT_STYLE_GETTY] = "FILE PHOTO: ",
};

static int ends_sentence(struct capcat_span t)
{
	char c;

	while (t.n && (t.p[t.n - 1] == '"' || t.p[t.n - 1] == '\''))
		t.n--;
	if (t.n >= 3 && !memcmp(t.p + t.n - 3, "\xE2\x80", 2) &&
	    (t.p[t.n - 1] == '\x9D' || t.p[t.n - 1] == '\x99'))
		t.n -= 3;
	c = t.n ? t.p[t.n - 1] : '.';
	return c == '.' || c == '!' || c == '?';
}

static int join_caption(struct capcat_buf *b, struct capcat_span t, const char *credit,
			const struct capcat_credit *c, enum capcat_credit_style style)
{
	int rc = capcat_buf_add(b, t.p, t.n);

	if (rc || !has(credit))
		return rc;
	if (style == CAPCAT_STYLE_REUTERS && capcat_credit__is_reuters(c)) {
		/* Reuters: no brackets, after the last full stop */
		if (t.n && !ends_sentence(t))
			rc = capcat_buf_addch(b, '.');
		if (!rc && t.n)
			rc = capcat_buf_addch(b, ' ');
		return rc ? rc : capcat_buf_adds(b, credit);
	}
	if (t.n && capcat_buf_addch(b, ' '))
		return CAPCAT_ENOMEM;
	if (capcat_buf_addch(b, '(') || capcat_buf_adds(b, credit) || capcat_buf_addch(b, ')'))
		return CAPCAT_ENOMEM;
	return 0;
}

int capcat_caption_format(char **out, const char *text, const struct capcat_credit *c,
			  enum capcat_credit_style style, struct capcat_err *err)
{
	struct capcat_buf b;
	struct capcat_span t = trim(span_of(text));
	char *credit = NULL, *s = NULL;
	int rc;

	if (!out || (unsigned)style >= CAPCAT_STYLE_COUNT)
		return capcat_err_set(err, CAPCAT_EUSAGE, "no such credit style");
	capcat_buf_init(&b);
	if (c && (rc = capcat_credit_format(&credit, c, style, err)))
		return rc;
	rc = CAPCAT_ENOMEM;
	if (c && c->file && capcat_buf_adds(&b, file_prefixes[style]))
		goto cleanup;
	if (join_caption(&b, t, credit, c, style) || !(s = capcat_buf_detach(&b, NULL)))
		goto cleanup;
	*out = s;
	rc = 0;
cleanup:
	free(credit);
	capcat_buf_release(&b);
	if (rc)
		return capcat_err_set(err, rc, "cannot format caption: out of memory");
	return 0;
}
