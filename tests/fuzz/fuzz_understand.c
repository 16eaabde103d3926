/* fuzz_understand.c - libFuzzer target: people, places and dates.
 *
 * The input, NUL-terminated, goes through capcat_caption_parse() and then
 * capcat_understand(), once with a tiny static gazetteer behind the lookup
 * callback and once without one.  The gazetteer has what the matcher
 * decides between: a city and a region of one name, a country beating a
 * town, two cities of one name in different countries, a short alternate,
 * a region alias shared by two regions, and a name whose lookup fails.
 */
#include "capcat/understand.h"
#include "capcat/caption.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct row {
	int64_t id;
	const char *name, *alt, *feature, *cc, *region, *country;
	int64_t pop;
};

static const struct row rows[] = {
	{ 1, "Iraq", "Irak", "country", "IQ", NULL, "Iraq", 0 },
	{ 2, "Jordan", "", "country", "JO", NULL, "Jordan", 0 },
	{ 3, "Lebanon", "", "country", "LB", NULL, "Lebanon", 0 },
	{ 4, "United States", "US", "country", "US", NULL, "United States", 0 },
	{ 10, "Baghdad", "", "admin1", "IQ", NULL, "Iraq", 0 },
	{ 11, "Erbil", "Kurdistan Region", "admin1", "IQ", NULL, "Iraq", 0 },
	{ 12, "Duhok", "Kurdistan Region", "admin1", "IQ", NULL, "Iraq", 0 },
	{ 13, "District of Columbia", "", "admin1", "US", NULL, "United States", 0 },
	{ 98182, "Baghdad", "Bagdad", "city", "IQ", "Baghdad", "Iraq", 7216000 },
	{ 95446, "Erbil", "Irbil", "city", "IQ", "Erbil", "Iraq", 1612700 },
	{ 4140963, "Washington", "", "city", "US", "District of Columbia", "United States",
	  689545 },
	{ 2210247, "Tripoli", "", "city", "LY", "Tripoli", "Libya", 1150989 },
	{ 266826, "Tripoli", "", "city", "LB", "North", "Lebanon", 229398 },
	{ 170654, "Damascus", "Sham", "city", "SY", "Damascus", "Syria", 1569394 },
	{ 4302504, "Jordan", "", "city", "US", "Minnesota", "United States", 6076 },
	{ 9, "Palestine Square", "", "city", "US", NULL, NULL, 10 },
};

static int same(const char *a, const char *b)
{
	char *fa = NULL, *fb = NULL;
	int eq = 0;

	if (!capcat_fold(&fa, a, NULL) && !capcat_fold(&fb, b, NULL))
		eq = !strcmp(fa, fb);
	free(fa);
	free(fb);
	return eq;
}

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int lookup(void *payload, const char *name, struct capcat_place **out, size_t *n)
{
	size_t i, k = 0;

	(void)payload;
	*out = NULL;
	*n = 0;
	if (same(name, "Xerror"))
		return CAPCAT_EIO;
	if (!(*out = calloc(sizeof(rows) / sizeof(rows[0]), sizeof(**out))))
		return CAPCAT_ENOMEM;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct capcat_place *p = &(*out)[k];
		if (!same(name, rows[i].name) && !(*rows[i].alt && same(name, rows[i].alt)))
			continue;
		capcat_place_init(p);
		p->id = rows[i].id;
		p->name = dup(rows[i].name);
		p->feature = dup(rows[i].feature);
		p->region = dup(rows[i].region);
		p->country = dup(rows[i].country);
		p->country_code = dup(rows[i].cc);
		p->population = rows[i].pop;
		p->by_name = same(name, rows[i].name);
		k++;
	}
	*n = k;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct capcat_gazetteer_cb gz = { lookup, NULL };
	struct capcat_caption cap;
	struct capcat_understood u;
	struct capcat_err err = { 0 };
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	capcat_caption_init(&cap);
	if (!capcat_caption_parse(&cap, s, &err)) {
		capcat_understood_init(&u);
		if (!capcat_understand(&u, &cap, size & 1 ? "2024-06-15" : NULL, &gz, &err))
			capcat_understood_release(&u);
		if (!capcat_understand(&u, &cap, "2024", NULL, &err))
			capcat_understood_release(&u);
	}
	capcat_caption_release(&cap);
	free(s);
	return 0;
}
