/* understand_people.c - the people a caption names, with their position
 * markers.
 *
 * A name is a run of capitalised words (with particles: "al-Sudani",
 * "bin Salman"; initials: "George W. Bush").  A run is cut at possessives
 * ("Iraq's | President Abdul Latif Rashid") and at titles ("President",
 * "Prime Minister", "Hamas Leader"), which are dropped.  A part is a
 * person when nothing in it is an organisation, venue, place noun,
 * demonym or acronym, and either something vouches for it - a title or a
 * cue word before it ("Hamas leader Yahya Sinwar"), a position marker
 * after it, a "from left" list - or it has two to five words, does not
 * follow "the"/"a"/"in"/"at"..., stands in a sentence (see
 * sentence_context: "Classic View" is a headline, not a person) or ends
 * in a possessive, and the gazetteer has no place of that name.  One
 * capitalised word alone ("Putin", "Hamas", "People") is never taken
 * without a title or marker: precision over recall.
 *
 * Some capitalised words name nobody in the photo and are set aside
 * first: a credit in the text ("U.S. Navy photo by X", "Photo: X",
 * "photographed by X", "(Photo by X / AFP)") and a byline opening a
 * sentence ("By Jane Doe") name the photographer; a rating ("Petty
 * Officer 2nd Class", "Photographer's Mate 3rd Class (AW)") is a title,
 * which vouches for the name after it; and a ship ("USS Ronald Reagan",
 * "HMS Queen Elizabeth", "the aircraft carrier Ronald Reagan") is no
 * person.
 *
 * Markers (caption-style.md section 2): "(L)", "(R)", "(C)" (a marker,
 * never ©), "(2nd L)", "(3rd R)", "(top)", "(back)" and ", left,", ",
 * second from left," are kept as written ("L", "2nd L", "second from
 * left").  Lists take the style of their marker: "(L to R)" / "(L-R)"
 * give "L", "2nd L", "3rd L"...; "from left," / "left to right," give
 * "left", "second from left", "third from left"...; and the same from the
 * right.  An explicit marker after a name in a list wins.
 */
#include "understand_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME_WORDS 5

static const char *const dirs[] = {
	"left", "right", "center", "centre", "top", "bottom", "back", "front", "rear",
	"background", "foreground", "middle", NULL
};

static const char *const dir_extras[] = {
	"from", "row", "far", "second", "third", "fourth", "fifth", "sixth", "seventh",
	"eighth", "ninth", "tenth", "standing", "seated", "up", NULL
};

/* Prepositions after which a name is a place, not a person. */
static const char *const place_preps[] = {
	"in", "at", "near", "on", "outside", "inside", "across", "around", "into",
	"throughout", "to", NULL
};

static const char *const ordinals[] = {
	"", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
	"tenth"
};

struct ppl {
	struct und_cx *cx;
	char list;              /* 'L' or 'R': a list runs from that side */
	int list_ap;            /* "second from left" rather than "2nd L" */
	int list_n;             /* people placed so far */
	int found;              /* the last part read was a person */
};

/* ---- markers ------------------------------------------------------------------ */

static int dir_letter(const struct und_cx *cx, size_t i)
{
	return cx->t[i].kind == UK_WORD && cx->t[i].b - cx->t[i].a == 1 &&
	       (cx->t[i].flags & UF_CAP) && strchr("LRC", cx->s[cx->t[i].a]);
}

/* Tokens [a, b) are a marker's words: "2nd L", "top", "second from left". */
static int marker_words(const struct und_cx *cx, size_t a, size_t b, int lower_only)
{
	size_t i;
	int dir = 0;

	if (b <= a || b - a > 4)
		return 0;
	for (i = a; i < b; i++) {
		if ((!lower_only && dir_letter(cx, i)) || capcat_und__in(cx, i, dirs)) {
			dir = 1;
			if (lower_only && !capcat_und__lower(cx, i))
				return 0;
		} else if (!capcat_und__in(cx, i, dir_extras) &&
			   !(!lower_only && capcat_und__number(cx, i, 1) > 0)) {
			return 0;
		}
	}
	return dir;
}

/* "(L)", "(2nd R)", "(top)" or ", left," / ", second from left." at i;
 * tokens used, and *a, *b: the words. */
static size_t marker_at(const struct und_cx *cx, size_t i, size_t *a, size_t *b)
{
	size_t j;

	if (capcat_und__punct(cx, i, '(')) {
		for (j = i + 1; j < cx->nt && j < i + 6 && !capcat_und__punct(cx, j, ')'); j++)
			;
		if (capcat_und__punct(cx, j, ')') && marker_words(cx, i + 1, j, 0)) {
			*a = i + 1;
			*b = j;
			return j + 1 - i;
		}
		return 0;
	}
	if (!capcat_und__punct(cx, i, ','))
		return 0;
	for (j = i + 1; j < cx->nt && j < i + 6 && cx->t[j].kind == UK_WORD; j++)
		;
	if (!marker_words(cx, i + 1, j, 1))
		return 0;
	if (j < cx->nt && !capcat_und__punct(cx, j, ',') && !capcat_und__punct(cx, j, '.') &&
	    !capcat_und__punct(cx, j, ';') && !capcat_und__punct(cx, j, ')'))
		return 0;
	*a = i + 1;
	*b = j;
	/* the closing comma stays: it separates what follows */
	return j - i;
}

static void mark(struct und_cx *cx, size_t a, size_t b, unsigned flag)
{
	size_t i;

	for (i = a; i < b && i < cx->nt; i++)
		cx->t[i].flags |= flag;
}

/* "(L-R)", "(L to R)", "(from left)", "from left," "left to right:" at i:
 * tokens used, 0 if none. */
static size_t list_marker(struct ppl *st, size_t i)
{
	const struct und_cx *cx = st->cx;
	size_t k = i + capcat_und__punct(cx, i, '('), j = k;
	char side = 0;
	int ap = 0;

	if (capcat_und__eq(cx, j, "l-r") || capcat_und__eq(cx, j, "r-l")) {
		side = (char)(cx->s[cx->t[j].a] & ~0x20);
		j++;
	} else if ((capcat_und__eq(cx, j, "l") || capcat_und__eq(cx, j, "r")) &&
		   (capcat_und__eq(cx, j + 1, "to") || capcat_und__punct(cx, j + 1, '-')) &&
		   (capcat_und__eq(cx, j + 2, "r") || capcat_und__eq(cx, j + 2, "l"))) {
		side = (char)(cx->s[cx->t[j].a] & ~0x20);
		j += 3;
	} else if (capcat_und__eq(cx, j, "from") && capcat_und__lower(cx, j) &&
		   (capcat_und__eq(cx, j + 1, "left") || capcat_und__eq(cx, j + 1, "right"))) {
		side = (char)(cx->s[cx->t[j + 1].a] & ~0x20);
		ap = 1;
		j += 2;
	} else if ((capcat_und__eq(cx, j, "left") || capcat_und__eq(cx, j, "right")) &&
		   capcat_und__lower(cx, j) && capcat_und__eq(cx, j + 1, "to") &&
		   (capcat_und__eq(cx, j + 2, "right") || capcat_und__eq(cx, j + 2, "left"))) {
		side = (char)(cx->s[cx->t[j].a] & ~0x20);
		ap = 1;
		j += 3;
	}
	if (!side || (k > i && !capcat_und__punct(cx, j++, ')')))
		return 0;
	if (k == i && !ap)
		return 0;       /* "L to R" outside brackets is no marker */
	if (capcat_und__punct(cx, j, ',') || capcat_und__punct(cx, j, ':'))
		j++;
	st->list = side;
	st->list_ap = ap;
	st->list_n = 0;
	mark(st->cx, i, j, UF_MARK);
	return j - i;
}

/* The position of the next person of a list. */
static void list_position(const struct ppl *st, char *buf, size_t len)
{
	int n = st->list_n;
	const char *side = st->list == 'L' ? "left" : "right";
	const char *sfx = (n % 100 >= 11 && n % 100 <= 13) ? "th" :
			  n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";

	if (!st->list_ap && n == 1)
		snprintf(buf, len, "%c", st->list);
	else if (!st->list_ap)
		snprintf(buf, len, "%d%s %c", n, sfx, st->list);
	else if (n == 1)
		snprintf(buf, len, "%s", side);
	else if (n <= 10)
		snprintf(buf, len, "%s from %s", ordinals[n], side);
	else
		snprintf(buf, len, "%d%s from %s", n, sfx, side);
}

/* ---- credits, ratings and ships ---------------------------------------------------- */

static const char *const file_words[] = { "file", "handout", "archive", NULL };

static int cap_word(const struct und_cx *cx, size_t i)
{
	return i < cx->nt && cx->t[i].kind == UK_WORD && (cx->t[i].flags & UF_CAP);
}

/* A credit's marker at i: "photo by", "pictures taken by", "Photo:",
 * "photographed by", "filmed by", or "By" opening a sentence (a byline);
 * tokens used, 0 if none.  "FILE PHOTO:" is a label, not a credit. */
static size_t credit_marker(const struct und_cx *cx, size_t i)
{
	size_t j = i + 1;

	if (capcat_und__photo_noun(cx, i)) {
		if (capcat_und__punct(cx, j, ':'))
			return i > 0 && capcat_und__in(cx, i - 1, file_words) ? 0 : 2;
		if (capcat_und__eq(cx, j, "taken"))
			j++;
		return capcat_und__eq(cx, j, "by") ? j + 1 - i : 0;
	}
	if ((capcat_und__eq(cx, i, "photographed") || capcat_und__eq(cx, i, "filmed")) &&
	    capcat_und__eq(cx, j, "by"))
		return 2;
	if (capcat_und__eq(cx, i, "by") && (cx->t[i].flags & UF_CAP) &&
	    (cx->t[i].flags & UF_SENT))
		return 1;
	return 0;
}

/* A full stop inside a credit: one that does not end the sentence, or
 * one after an initial or a short title ("A. Lee", "Pvt. Jo Ray"). */
static int credit_dot(const struct und_cx *cx, size_t j)
{
	const struct und_tok *p;
	size_t len;

	if (!j || !capcat_und__punct(cx, j, '.') || j + 1 >= cx->nt ||
	    cx->t[j + 1].kind == UK_PUNCT)
		return 0;
	if (!(cx->t[j + 1].flags & UF_SENT))
		return 1;
	p = &cx->t[j - 1];
	len = p->b - p->a;
	return p->kind == UK_WORD && (p->flags & UF_CAP) &&
	       (len == 1 || (len <= 4 && capcat_und__title(cx, j - 1) == 2));
}

/* End of the name after a credit's marker at i: capitalised words and
 * numbers ("Photographer's Mate 3rd Class (AW) Elizabeth Thompson"),
 * initials, "/" ("Ali NOUR / AFP"), brackets inside it, and "and" or a
 * particle before a capitalised word.  A lower-case word, a comma, a
 * sentence end or the bracket that closes the credit ends it. */
static size_t credit_end(const struct und_cx *cx, size_t i)
{
	size_t j = i;
	int depth = 0;

	while (j < cx->nt && j - i < 24) {
		const struct und_tok *t = &cx->t[j];
		if (t->kind == UK_NUM || cap_word(cx, j)) {
			if (j > i && (t->flags & UF_SENT) && !credit_dot(cx, j - 1))
				break;
		} else if (capcat_und__punct(cx, j, '(')) {
			depth++;
		} else if (capcat_und__punct(cx, j, ')') && depth > 0) {
			depth--;
		} else if (!capcat_und__punct(cx, j, '/') && !(j > i && credit_dot(cx, j)) &&
			   !(j > i && cap_word(cx, j + 1) &&
			     (capcat_und__particle(cx, j) || capcat_und__eq(cx, j, "and")))) {
			break;
		}
		j++;
	}
	return j;
}

static void mark_credits(struct und_cx *cx)
{
	size_t i = 0, n, e;

	while (i < cx->nt) {
		if (!(n = credit_marker(cx, i))) {
			i++;
			continue;
		}
		e = credit_end(cx, i + n);
		mark(cx, i, e, UF_CREDIT);
		i = e;
	}
}

/* "3rd", "2nd", "First": the class of a rating. */
static int ordinal(const struct und_cx *cx, size_t i)
{
	static const char *const words[] = { "first", "second", "third", NULL };
	const struct und_tok *t = &cx->t[i];
	char last = cx->s[t->b - 1];

	if (t->kind == UK_NUM)
		return capcat_und__number(cx, i, 1) > 0 && !(last >= '0' && last <= '9');
	return capcat_und__in(cx, i, words);
}

/* "(AW)", "(SW/AW)", "(Handling)" at i, a rating's specialty: tokens
 * used, 0 if none. */
static size_t specialty(const struct und_cx *cx, size_t i)
{
	size_t j;

	if (!capcat_und__punct(cx, i, '('))
		return 0;
	for (j = i + 1; j < cx->nt && j < i + 6; j++) {
		if (capcat_und__punct(cx, j, ')'))
			return j > i + 1 ? j + 1 - i : 0;
		if (!cap_word(cx, j) && !capcat_und__punct(cx, j, '/'))
			return 0;
	}
	return 0;
}

/* A rating ends in "<ordinal> Class" ("Petty Officer 2nd Class", "Mass
 * Communication Specialist 1st Class (SW)"); the capitalised words right
 * before it, in its sentence, belong to it ("Photographer's Mate").  The
 * whole is a title (UF_RANK): no name, and it vouches for the name after
 * it.  Other ranks ("Staff Sgt.", "Lt. Col.") are titles of the list. */
static void mark_ratings(struct und_cx *cx)
{
	size_t i, a, e;

	for (i = 0; i + 1 < cx->nt; i++) {
		if (!ordinal(cx, i) || !capcat_und__eq(cx, i + 1, "class") ||
		    !(cx->t[i + 1].flags & UF_CAP))
			continue;
		e = i + 2 + specialty(cx, i + 2);
		a = i;
		while (a > 0 && i - a < 6 && !(cx->t[a].flags & UF_SENT) && cap_word(cx, a - 1) &&
		       !(cx->t[a - 1].flags & (UF_DATE | UF_PLACE | UF_DATELINE | UF_MARK)))
			a--;
		mark(cx, a, e, UF_RANK);
		i = e - 1;
	}
}

/* Where a ship's name starts in the run [a, b), b if none: after a ship
 * prefix ("USS Ronald Reagan", "HMS Queen Elizabeth") or a kind of ship,
 * before the run ("the aircraft carrier Ronald Reagan") or in it
 * ("Aircraft Carrier Ronald Reagan"). */
static size_t ship_at(const struct und_cx *cx, size_t a, size_t b)
{
	size_t k;

	if (a > 0 && capcat_und__lower(cx, a - 1) && capcat_und__ship_noun(cx, a - 1))
		return a;
	for (k = a; k + 1 < b; k++)
		if (capcat_und__ship_prefix(cx, k) || capcat_und__ship_noun(cx, k))
			return k;
	return b;
}

/* ---- names ------------------------------------------------------------------------ */

/* End of the capitalised run at i: names, particles ("bin", "al"),
 * initials ("W."), "of" after a title ("Secretary of State"); a possessive
 * or a line break ends it. */
static size_t chunk_end(const struct und_cx *cx, size_t i)
{
	size_t j = i;

	while (j < cx->nt && j - i < 16) {
		if (j > i && (cx->t[j].flags & UF_NL)) {
			break;
		} else if (capcat_und__free_cap(cx, j)) {
			if (cx->t[j++].flags & UF_POSS)
				break;
		} else if (j > i && capcat_und__inner_dot(cx, j)) {
			j++;
		} else if (j > i && capcat_und__free_cap(cx, j + 1) &&
			   (capcat_und__particle(cx, j) ||
			    (capcat_und__eq(cx, j, "of") && capcat_und__title(cx, j - 1)))) {
			j++;
		} else {
			break;
		}
	}
	return j;
}

/* End of the title run at k ("Prime Minister", "Gen.", "Secretary of
 * State"), or k.  A title must be followed by more of the run: "John
 * Major" and "Martin Luther King" end in a name. */
static size_t title_run(const struct und_cx *cx, size_t k, size_t b)
{
	size_t r = k;
	int title = 0;

	while (r < b && (capcat_und__title(cx, r) || (r > k && capcat_und__punct(cx, r, '.')))) {
		title |= capcat_und__title(cx, r) == 2;
		if (cx->t[r++].flags & UF_POSS)
			break;
	}
	return (title && r < b) ? r : k;
}

static int is_acronym(const struct und_cx *cx, size_t i)
{
	const struct und_tok *t = &cx->t[i];

	return (t->flags & UF_UPPER) && t->e - t->a <= 5 && !capcat_und__name_suffix(cx, i);
}

/* Words before a name that are not part of it: "People", "Iraqi",
 * "Displaced", "US". */
static int leading_junk(const struct und_cx *cx, size_t a, size_t b)
{
	const char *cc;

	if (cx->t[a].kind == UK_PUNCT)
		return 1;
	return capcat_und__common(cx, a) || capcat_und__demonym(cx, a, &cc) ||
	       (b - a > 1 && is_acronym(cx, a));
}

/* Every word may be part of a person's name (a title left here ends the
 * run: "the Iraqi President's"); *words: how many count. */
static int name_words_ok(const struct und_cx *cx, size_t a, size_t b, size_t *words)
{
	const char *cc;
	size_t i;

	*words = 0;
	for (i = a; i < b; i++) {
		if (cx->t[i].kind == UK_PUNCT || capcat_und__particle(cx, i))
			continue;
		if (capcat_und__org(cx, i) || capcat_und__venue(cx, i) ||
		    capcat_und__title(cx, i) == 2 || capcat_und__place_noun(cx, i) ||
		    capcat_und__demonym(cx, i, &cc) ||
		    is_acronym(cx, i) || (cx->t[i].flags & (UF_DATE | UF_PLACE | UF_DATELINE)))
			return 0;
		if (!capcat_und__name_suffix(cx, i))
			(*words)++;
	}
	return *words >= 1 && *words <= MAX_NAME_WORDS;
}

/* "counterpart from Iran Masoud Pezeshkian": the country is no part of
 * the name (but the caption names it). */
static int country_first(struct und_cx *cx, size_t a, int *strip)
{
	struct und_cands c;
	char *text = capcat_und__text(cx, a, a + 1);
	size_t k;
	int rc;

	*strip = 0;
	if (!text)
		return capcat_und__oom(cx);
	rc = capcat_und__lookup(cx, text, &c);
	free(text);
	for (k = 0; !rc && k < c.n && !*strip; k++) {
		if (c.v[k].feature && !strcmp(c.v[k].feature, "country") && c.exact[k]) {
			capcat_und__add_ctx(cx, c.v[k].country_code);
			*strip = 1;
		}
	}
	capcat_und__cands_release(&c);
	return rc;
}

/* The gazetteer knows a place of this name ("Tel Aviv", "Los Angeles"). */
static int known_place(struct und_cx *cx, size_t a, size_t b, int *known)
{
	struct und_cands c;
	char *text = capcat_und__text(cx, a, b);
	int rc;

	if (!text)
		return capcat_und__oom(cx);
	rc = capcat_und__lookup(cx, text, &c);
	free(text);
	*known = c.n > 0;
	capcat_und__cands_release(&c);
	return rc;
}

/* Does token i stand in a sentence?  A name nothing vouches for needs one:
 * a lower-case word in its sentence (between sentence starts: a full
 * stop, a colon, a dash, a line break) that is neither a function word
 * ("of", "over", "the", "and") nor a particle nor part of a credit - in
 * practice the verb ("speaks", "is", "walks") or a noun next to one.  A
 * caption of capitalised words and function words only is a headline or
 * a title ("Classic View", "Sunset Over Lake Geneva", "Untitled Image
 * 3", "Portrait of Jane Doe") and names nobody this way; a title, cue,
 * marker, list or possessive still vouches for a name in one. */
static int sentence_context(const struct und_cx *cx, size_t i)
{
	size_t s = i, e = i + 1, k;

	while (s > 0 && !(cx->t[s].flags & UF_SENT))
		s--;
	while (e < cx->nt && !(cx->t[e].flags & UF_SENT))
		e++;
	for (k = s; k < e; k++)
		if (capcat_und__lower(cx, k) && !(cx->t[k].flags & UF_CREDIT) &&
		    !capcat_und__function_word(cx, k) && !capcat_und__particle(cx, k))
			return 1;
	return 0;
}

/* Nothing vouches for tokens [a, b): a name of two words or more, not
 * quoted ("Free Palestine"), not after "the" or "in", in a sentence or
 * before a possessive, that is no place. */
static int plain_name(struct und_cx *cx, size_t ca, size_t a, size_t b, size_t words,
		      int *ok)
{
	int known = 0;
	int rc;

	*ok = 0;
	if (words < 2 || (cx->t[a].flags & UF_QUOTED))
		return 0;
	/* "Ain al-Asad airbase", "Kataib Hezbollah group": a name used as
	 * an adjective of a place or an organisation */
	if (capcat_und__lower(cx, b) && (capcat_und__venue(cx, b) || capcat_und__org(cx, b) ||
					 capcat_und__place_noun(cx, b)))
		return 0;
	if (a == ca && a > 0 && (capcat_und__determiner(cx, a - 1) ||
	    (capcat_und__lower(cx, a - 1) && capcat_und__in(cx, a - 1, place_preps))))
		return 0;
	if (!(cx->t[b - 1].flags & UF_POSS) && !sentence_context(cx, a))
		return 0;
	if ((rc = known_place(cx, a, b, &known)))
		return rc;
	*ok = !known;
	return 0;
}

static int add(struct ppl *st, size_t a, size_t b, const char *pos)
{
	char buf[32];

	if (st->list) {
		st->list_n++;
		if (!pos) {
			list_position(st, buf, sizeof(buf));
			pos = buf;
		}
	}
	st->found = 1;
	return capcat_und__add_person(st->cx, capcat_und__text(st->cx, a, b), pos);
}

/* One part of a run (chunk ca..): a person?  'cue': a title or cue word
 * before it; 'pos': the marker after it. */
static int consider(struct ppl *st, size_t ca, size_t a, size_t b, int cue, const char *pos)
{
	struct und_cx *cx = st->cx;
	size_t words;
	int strip, ok, rc;

	st->found = 0;
	while (a < b && leading_junk(cx, a, b))
		a++;
	if (b - a >= 3 && !cue && (rc = country_first(cx, a, &strip)))
		return rc;
	else if (b - a >= 3 && !cue && strip)
		a++;
	if (a >= b || !name_words_ok(cx, a, b, &words))
		return 0;
	ok = cue || pos || st->list;
	if (!ok && (rc = plain_name(cx, ca, a, b, words, &ok)))
		return rc;
	return ok ? add(st, a, b, pos) : 0;
}

/* A lower-case word or a rating before the run that vouches for a name. */
static int cued(const struct und_cx *cx, size_t a)
{
	return a > 0 && (capcat_und__cue(cx, a - 1) || (cx->t[a - 1].flags & UF_RANK));
}

/* Split the run [a, b) at titles and possessives; the last part takes the
 * marker after the run. */
static int run_at(struct ppl *st, size_t a, size_t b, size_t *next)
{
	struct und_cx *cx = st->cx;
	size_t k = a, s = a, r, ma = 0, mb = 0, used;
	char *pos = NULL;
	int cue = cued(cx, a), rc = 0;

	while (k < b && !rc) {
		if ((r = title_run(cx, k, b)) != k) {
			if (s < k)
				rc = consider(st, a, s, k, cue, NULL);
			/* "President's Office", "Princess of Wales": no name follows */
			cue = !(cx->t[r - 1].flags & UF_POSS) && !capcat_und__eq(cx, r - 1, "of");
			k = s = r;
		} else if (cx->t[k++].flags & UF_POSS) {
			rc = consider(st, a, s, k, cue, NULL);
			s = k;
			cue = 0;
		}
	}
	used = marker_at(cx, b, &ma, &mb);
	if (!rc && used && !(pos = capcat_und__text(cx, ma, mb)))
		rc = capcat_und__oom(cx);
	if (!rc && s < b)
		rc = consider(st, a, s, b, cue, pos);
	mark(cx, b, b + used, UF_MARK);
	*next = b + used;
	free(pos);
	return rc;
}

/* What may stand between the names of a list. */
static int list_glue(const struct und_cx *cx, size_t i)
{
	return capcat_und__punct(cx, i, ',') || capcat_und__punct(cx, i, ':') ||
	       capcat_und__eq(cx, i, "and") || capcat_und__eq(cx, i, "&") ||
	       capcat_und__cue(cx, i) || capcat_und__determiner(cx, i);
}

/* The capitalised run at i, up to a ship's name, which is skipped. */
static int chunk_at(struct ppl *st, size_t i, size_t *next)
{
	size_t e = chunk_end(st->cx, i), s = ship_at(st->cx, i, e);
	int rc;

	if (s == e)
		return run_at(st, i, e, next);
	rc = s > i ? run_at(st, i, s, next) : 0;
	*next = e;
	return rc;
}

int capcat_und__people(struct und_cx *cx)
{
	struct ppl st;
	size_t i = 0, n, next;
	int rc;

	memset(&st, 0, sizeof(st));
	st.cx = cx;
	mark_ratings(cx);
	mark_credits(cx);
	while (i < cx->nt) {
		if ((n = list_marker(&st, i))) {
			i += n;
		} else if (capcat_und__free_cap(cx, i)) {
			if ((rc = chunk_at(&st, i, &next)))
				return rc;
			i = next;
		} else {
			if (st.list && !list_glue(cx, i))
				st.list = 0;
			i++;
		}
	}
	return 0;
}
