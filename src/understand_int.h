/* understand_int.h - private parts of the caption understanding
 * (understand*.c): the token stream, the shared state and word lists.
 *
 * The description is cut into tokens once (understand_text.c); every later
 * step only reads token offsets, which always lie inside the text and on
 * UTF-8 character boundaries.  Steps run in order: date (marks its
 * tokens), context countries, places (mark theirs), people.  Each step
 * marks the tokens it used so that a later one does not read them again
 * ("March" of a date is no place, "Baghdad" of a place no person).
 */
#ifndef CAPCAT_UNDERSTAND_INT_H
#define CAPCAT_UNDERSTAND_INT_H

#include "capcat/understand.h"

#include <stddef.h>

#define UND_MAX_TEXT 16384      /* bytes of a description read: IIM allows 2000 */
#define UND_MAX_TOKENS 4096
#define UND_MAX_LOOKUPS 48      /* gazetteer calls per caption */
#define UND_MAX_CANDS 64        /* places kept from one lookup */
#define UND_MAX_CTX 16          /* countries the caption names */
#define UND_MAX_RESULTS 64      /* people, and places, kept: more is junk */

enum und_kind { UK_WORD = 1, UK_NUM, UK_PUNCT };

enum und_flag {
	UF_CAP = 1 << 0,        /* starts with a capital (or "al-" + capital) */
	UF_UPPER = 1 << 1,      /* no lower-case letter, 2+ letters: "BAGHDAD" */
	UF_POSS = 1 << 2,       /* ends in 's or ’s (not part of the name) */
	UF_SENT = 1 << 3,       /* first word of a sentence */
	UF_NL = 1 << 4,         /* a line break before it */
	UF_DATE = 1 << 5,       /* used by a date */
	UF_PLACE = 1 << 6,      /* used by a place (or its country) */
	UF_MARK = 1 << 7,       /* used by a position marker */
	UF_DATELINE = 1 << 8,   /* part of a dateline */
	UF_QUOTED = 1 << 9,     /* inside double quotes: a slogan, a title */
	UF_CREDIT = 1 << 10,    /* a credit in the text: "photo by X", "By X" */
	UF_RANK = 1 << 11       /* a rating: "Petty Officer 2nd Class (AW)" */
};

struct und_tok {
	size_t a, b;            /* text[a, b) */
	size_t e;               /* end of the name: b without a possessive 's */
	size_t hash;            /* of [a, e), ASCII case folded: the word lists' */
	unsigned flags;
	char kind;              /* enum und_kind */
	char ch;                /* UK_PUNCT: ( ) , . ; : ! ? " ' / and '-' for
				   any dash; '*' for anything else */
};

struct und_cx {
	const char *s;          /* the description (possibly cut short) */
	size_t n;
	struct und_tok *t;
	size_t nt;
	const struct capcat_caption *cap;
	const struct capcat_gazetteer_cb *gz;
	const char *ref_date;
	struct capcat_understood *out;
	size_t people_cap, places_cap;
	char ctx[UND_MAX_CTX][3];   /* country codes named in the caption */
	size_t nctx;
	unsigned lookups;
	struct capcat_err *err;
};

/* Trusted gazetteer candidates for one name. */
struct und_cands {
	struct capcat_place *v;
	unsigned char exact[UND_MAX_CANDS];  /* the name itself, not an alternate */
	size_t n;
};

/* ---- understand_text.c: tokens -------------------------------------------- */

int capcat_und__tokenize(struct und_cx *cx);
/* Token i is a word (or number) equal to 'w', ASCII case ignored, without
 * its possessive. */
int capcat_und__eq(const struct und_cx *cx, size_t i, const char *w);
/* Token i equals one of the NULL-terminated 'list'.  A list must be
 * static (a hash set of it is made once and found by its address) and
 * lowercase (ieq_n's rule). */
int capcat_und__in(const struct und_cx *cx, size_t i, const char *const *list);
/* The same, also trying the word without a plural 's' ("Iraqis"); _at
 * gives where in the list it is, -1 when nowhere. */
int capcat_und__in_plural(const struct und_cx *cx, size_t i, const char *const *list);
/* The index in 'list' of token i's word (any case), or -1. */
long capcat_und__in_at(const struct und_cx *cx, size_t i, const char *const *list);
long capcat_und__in_plural_at(const struct und_cx *cx, size_t i, const char *const *list);
int capcat_und__punct(const struct und_cx *cx, size_t i, char ch);
/* A word token starting with an ASCII lower-case letter. */
int capcat_und__lower(const struct und_cx *cx, size_t i);
/* A capitalised word (UF_CAP) not used by a date, place, marker, credit
 * or rank. */
int capcat_und__free_cap(const struct und_cx *cx, size_t i);
/* Token j is a '.' inside a name: after an initial ("George W. Bush"),
 * an abbreviation with dots ("U.S. Capitol"), a short title ("Gen.") or
 * "St.", "Mt.", "Ft.", before another capitalised word. */
int capcat_und__inner_dot(const struct und_cx *cx, size_t j);
/* Text of tokens [ta, tb) as written, blanks collapsed, the possessive of
 * the last token left out; malloc'd, NULL when out of memory. */
char *capcat_und__text(const struct und_cx *cx, size_t ta, size_t tb);
/* A number token's value (digits only, at most 9999), -1 otherwise; a day
 * may carry st/nd/rd/th. */
int capcat_und__number(const struct und_cx *cx, size_t i, int ordinal_ok);

/* ---- understand_words.c: word lists --------------------------------------- */

int capcat_und__month(const struct und_cx *cx, size_t i);       /* 1..12 or 0 */
int capcat_und__weekday(const struct und_cx *cx, size_t i);
int capcat_und__title(const struct und_cx *cx, size_t i);       /* 2: title, 1: modifier */
int capcat_und__cue(const struct und_cx *cx, size_t i);         /* "leader", "counterpart" */
int capcat_und__org(const struct und_cx *cx, size_t i);
int capcat_und__venue(const struct und_cx *cx, size_t i);
int capcat_und__place_noun(const struct und_cx *cx, size_t i);  /* City, Strip, Province */
int capcat_und__natural(const struct und_cx *cx, size_t i);     /* Sea, River, Desert */
int capcat_und__compass(const struct und_cx *cx, size_t i);     /* northern, southeastern */
int capcat_und__common(const struct und_cx *cx, size_t i);      /* People, Fighters, This */
int capcat_und__particle(const struct und_cx *cx, size_t i);    /* bin, de, van */
int capcat_und__ship_prefix(const struct und_cx *cx, size_t i); /* USS, HMS (capitals) */
int capcat_und__ship_noun(const struct und_cx *cx, size_t i);   /* carrier, destroyer */
int capcat_und__photo_noun(const struct und_cx *cx, size_t i);  /* photo, picture */
int capcat_und__function_word(const struct und_cx *cx, size_t i);  /* the, of, over */
int capcat_und__determiner(const struct und_cx *cx, size_t i);
/* Demonym, language or faith ("Iraqi", "Kurds", "Arabic"); *cc is the
 * country code or "" when there is none. */
int capcat_und__demonym(const struct und_cx *cx, size_t i, const char **cc);
/* "DC", "D.C", "TX", "ON": the region's name and country, or NULL. */
const char *capcat_und__state(const struct und_cx *cx, size_t i, const char **cc);
/* A Roman numeral or suffix that may end a name ("III", "Jr"). */
int capcat_und__name_suffix(const struct und_cx *cx, size_t i);

/* ---- understand.c: results, lookups, context -------------------------------- */

/* Append a person; 'name' is taken over (freed on failure). */
int capcat_und__add_person(struct und_cx *cx, char *name, const char *position);
/* Append a place mention; 'm' is taken over (released on failure, or when
 * the place is already listed).  *idx: its index in the results (the
 * earlier one when it was listed already), UND_NOT_LISTED when the list
 * is full. */
#define UND_NOT_LISTED ((size_t)-1)
int capcat_und__add_place(struct und_cx *cx, struct capcat_place_mention *m, size_t *idx);
/* Trusted candidates for 'name' (short alternates dropped); empty without
 * a gazetteer or once the lookup budget is spent. */
int capcat_und__lookup(struct und_cx *cx, const char *name, struct und_cands *out);
void capcat_und__cands_release(struct und_cands *c);
/* Folded equality of two names ("Irbil" vs "IRBIL"); 0 when either is NULL. */
int capcat_und__same(const char *a, const char *b, int *eq);
void capcat_und__add_ctx(struct und_cx *cx, const char *cc);
int capcat_und__has_ctx(const struct und_cx *cx, const char *cc);
int capcat_und__oom(struct und_cx *cx);

/* ---- the steps ---------------------------------------------------------------- */

int capcat_und__date(struct und_cx *cx);        /* understand_date.c */
int capcat_und__context(struct und_cx *cx);     /* understand_places.c */
int capcat_und__places(struct und_cx *cx);      /* understand_places.c */
int capcat_und__people(struct und_cx *cx);      /* understand_people.c */

#endif
