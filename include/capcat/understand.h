/* understand.h - who, where and when a caption says (no I/O).
 *
 * From the description of a parsed caption (capcat_caption_parse), find:
 *   people  named in it, with their position markers ("(L)", ", right,",
 *           "(top)", "(2nd L)", "from left" ...), titles and possessives
 *           removed ("Iraq's President Abdul Latif Rashid" -> "Abdul Latif
 *           Rashid"), never photographers, organisations or places;
 *   places  where the photo was taken or that it shows ("in Baghdad",
 *           "in Erbil, the capital of ...", "next to Palestine Square in
 *           Tehran", "in Baghdad, Iraq", datelines "BAGHDAD (AP) -",
 *           "WASHINGTON, DC - MARCH 5:"), matched against the gazetteer
 *           through a lookup callback, never a country in a possessive or
 *           a title ("Iraq's President", "from Iran", "Iraqi", "US
 *           airstrike"), never a capitalised common word;
 *   date    the day the caption states ("on September 11, 2024", "Sept.
 *           11, 2024", "Wednesday, Sept. 11, 2024", "11 September 2024",
 *           "March 13, 2022", "Feb. 8" with the year from context).
 *
 * Ownership: every char * in the structs is malloc'd and owned by the
 * struct; capcat_understood_release() frees and re-initialises.
 */
#ifndef CAPCAT_UNDERSTAND_H
#define CAPCAT_UNDERSTAND_H

#include "capcat/caption.h"
#include "capcat/err.h"

#include <stddef.h>
#include <stdint.h>

/* One gazetteer entry, as the lookup callback reports it. */
struct capcat_place {
	int64_t id;                     /* gazetteer row id (0: not in the gazetteer) */
	char *name;                     /* gazetteer name: "Erbil" */
	char *feature;                  /* "city", "admin1" or "country" */
	char *region;                   /* name of the first-level region, if any */
	char *country;                  /* country name */
	char *country_code;             /* ISO 3166-1 alpha-2 */
	double lat, lon;
	int64_t population;
	int by_name;                    /* capcat_places_lookup(): found by its own
					   name (folded), not an alternate one */
	/* NULL: each string above is malloc'd on its own; else they all live
	 * in this one block (capcat_place_copy), freed alone */
	char *block;
};

void capcat_place_init(struct capcat_place *p);
void capcat_place_release(struct capcat_place *p);
/* Deep copy, its strings in one block; 0 or CAPCAT_ENOMEM. */
int capcat_place_copy(struct capcat_place *dst, const struct capcat_place *src);

/* The gazetteer as the understanding sees it: every place whose name or
 * alternate name matches 'name' (compared case- and accent-folded), most
 * populous first, each with by_name set when its own name is the one that
 * matched.  Fills *out (an array the callback allocates, each element
 * initialised; the caller frees them with capcat_place_release() and the
 * array with free()) and *n.  Returns 0 or a CAPCAT_E* code. */
typedef int (*capcat_place_lookup_fn)(void *payload, const char *name,
				      struct capcat_place **out, size_t *n);

struct capcat_gazetteer_cb {
	capcat_place_lookup_fn lookup;
	void *payload;
};

struct capcat_person_mention {
	char *name;                     /* "Masoud Pezeshkian" */
	char *position;                 /* "L", "right", "top", "2nd L"...; NULL */
};

struct capcat_place_mention {
	char *text;                     /* as written: "Irbil", "Palestine Square" */
	char *kind;                     /* "city", "region", "country", "sublocation" */
	struct capcat_place place;      /* the gazetteer match (id 0 for a
					   sublocation or an unmatched venue) */
};

struct capcat_understood {
	struct capcat_person_mention *people;
	size_t npeople;
	struct capcat_place_mention *places;
	size_t nplaces;
	char date[11];                  /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" */
};

void capcat_understood_init(struct capcat_understood *u);
void capcat_understood_release(struct capcat_understood *u);

/* Understand caption 'cap'.  'ref_date' ("YYYY-MM-DD...", may be NULL) is
 * the photo's own date, which gives the year of "Feb. 8" and helps
 * choose between places with the same name; 'gz' may be NULL (then places
 * are found only as written, with id 0).  The credit's photographers,
 * agency and issuer are never taken for people. */
int capcat_understand(struct capcat_understood *out, const struct capcat_caption *cap,
		      const char *ref_date, const struct capcat_gazetteer_cb *gz,
		      struct capcat_err *err);

/* Fold 's' for matching: lowercase, Latin diacritics removed ("Ünïcödé" ->
 * "unicode"), runs of blanks and punctuation other than '-' and '\''
 * collapsed to one space, trimmed.  *out is malloc'd. */
int capcat_fold(char **out, const char *s, struct capcat_err *err);

#endif
