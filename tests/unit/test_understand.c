/* test_understand.c - people, places and dates of captions.
 *
 * Every case parses a whole caption (capcat_caption_parse) and checks
 * everything capcat_understand() finds - people with positions, places
 * with their gazetteer match, the date - exactly: nothing missing, nothing
 * extra.  The captions are product.md's five, caption-style.md section 6
 * (as test_caption.c writes them out), and precision cases.  The
 * gazetteer is a small table in this file behind the lookup callback,
 * shaped like catalog/places.tsv (countries, admin1 regions, cities with
 * alternate names and populations) and ordered like the real lookup:
 * countries first, then most populous.
 */
#include "capcat/understand.h"
#include "capcat/caption.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH "\xE2\x80\x93"
#define EM_DASH "\xE2\x80\x94"

/* ---- the fake gazetteer ------------------------------------------------------ */

struct row {
	int64_t id;
	const char *name, *alts, *feature, *cc, *region, *country;
	int64_t pop;
};

static const struct row gazetteer[] = {
	{ 1, "Iraq", "Irak,Iraque", "country", "IQ", NULL, "Iraq", 0 },
	{ 2, "Iran", "", "country", "IR", NULL, "Iran", 0 },
	{ 3, "Israel", "", "country", "IL", NULL, "Israel", 0 },
	{ 4, "Jordan", "", "country", "JO", NULL, "Jordan", 0 },
	{ 5, "United States", "US,U.S.,USA,Sam,United States of America", "country", "US", NULL,
	  "United States", 0 },
	{ 6, "Syria", "", "country", "SY", NULL, "Syria", 0 },
	{ 7, "Palestine", "State of Palestine", "country", "PS", NULL, "Palestine", 0 },
	{ 8, "Lebanon", "Liban", "country", "LB", NULL, "Lebanon", 0 },
	{ 9, "Libya", "", "country", "LY", NULL, "Libya", 0 },
	{ 10, "Belarus", "", "country", "BY", NULL, "Belarus", 0 },
	{ 11, "Italy", "Italia", "country", "IT", NULL, "Italy", 0 },
	{ 12, "Switzerland", "", "country", "CH", NULL, "Switzerland", 0 },
	{ 13, "Ukraine", "", "country", "UA", NULL, "Ukraine", 0 },
	{ 14, "Germany", "", "country", "DE", NULL, "Germany", 0 },
	{ 15, "Turkey", "Turkiye", "country", "TR", NULL, "Turkey", 0 },
	{ 16, "Spain", "", "country", "ES", NULL, "Spain", 0 },
	{ 17, "Belgium", "", "country", "BE", NULL, "Belgium", 0 },
	{ 18, "France", "", "country", "FR", NULL, "France", 0 },
	{ 101, "Baghdad", "", "admin1", "IQ", NULL, "Iraq", 0 },
	{ 102, "Erbil", "Kurdistan Region,Iraqi Kurdistan,Kurdish region,KRI", "admin1", "IQ",
	  NULL, "Iraq", 0 },
	{ 103, "Sulaymaniyah", "Kurdistan Region,Iraqi Kurdistan,Kurdish region,KRI", "admin1",
	  "IQ", NULL, "Iraq", 0 },
	{ 104, "Basra", "", "admin1", "IQ", NULL, "Iraq", 0 },
	{ 105, "District of Columbia", "", "admin1", "US", NULL, "United States", 0 },
	{ 106, "Washington", "", "admin1", "US", NULL, "United States", 0 },
	{ 107, "Texas", "", "admin1", "US", NULL, "United States", 0 },
	{ 108, "Gaza Strip", "Gaza", "admin1", "PS", NULL, "Palestine", 0 },
	{ 109, "Tehran", "", "admin1", "IR", NULL, "Iran", 0 },
	/* Puerto Rico's municipio first, as the real lookup orders them */
	{ 110, "Florida", "", "admin1", "PR", NULL, "Puerto Rico", 0 },
	{ 111, "Florida", "", "admin1", "US", NULL, "United States", 0 },
	{ 98182, "Baghdad", "Bagdad,Baghdād", "city", "IQ", "Baghdad", "Iraq", 7216000 },
	{ 95446, "Erbil", "Arbil,Irbil,Hewler,Hawler", "city", "IQ", "Erbil", "Iraq", 1612700 },
	{ 112931, "Tehran", "Teheran", "city", "IR", "Tehran", "Iran", 7153309 },
	{ 293397, "Tel Aviv", "Tel Aviv-Yafo", "city", "IL", "Tel Aviv", "Israel", 432892 },
	{ 250441, "Amman", "", "city", "JO", "Amman", "Jordan", 1275857 },
	{ 4140963, "Washington", "Washington D.C.,District of Columbia", "city", "US",
	  "District of Columbia", "United States", 689545 },
	{ 4140964, "Washington", "", "city", "US", "Pennsylvania", "United States", 13176 },
	{ 99532, "Basrah", "Basra,Al Basrah", "city", "IQ", "Basra", "Iraq", 1326564 },
	{ 625144, "Minsk", "", "city", "BY", "Minsk City", "Belarus", 1742124 },
	{ 3169070, "Rome", "Roma", "city", "IT", "Lazio", "Italy", 2318895 },
	{ 4219762, "Rome", "", "city", "US", "Georgia", "United States", 36323 },
	{ 170654, "Damascus", "Sham,Dimashq,Cham", "city", "SY", "Damascus Governorate", "Syria",
	  1569394 },
	{ 2210247, "Tripoli", "Tarabulus", "city", "LY", "Tripoli", "Libya", 1150989 },
	{ 266826, "Tripoli", "Trablous", "city", "LB", "North Governorate", "Lebanon", 229398 },
	{ 276781, "Beirut", "Beyrouth", "city", "LB", "Beirut", "Lebanon", 1916100 },
	{ 2660646, "Geneva", "Geneve,Genf", "city", "CH", "Geneva", "Switzerland", 183981 },
	{ 703448, "Kyiv", "Kiev", "city", "UA", "Kyiv City", "Ukraine", 2797553 },
	{ 2950159, "Berlin", "", "city", "DE", "Berlin", "Germany", 3426354 },
	{ 5368361, "Los Angeles", "", "city", "US", "California", "United States", 3971883 },
	{ 4671654, "Austin", "", "city", "US", "Texas", "United States", 931830 },
	{ 745044, "Istanbul", "", "city", "TR", "Istanbul", "Turkey", 14804116 },
	{ 3117735, "Madrid", "", "city", "ES", "Madrid", "Spain", 3255944 },
	{ 2800866, "Brussels", "Bruxelles", "city", "BE", "Brussels Capital", "Belgium", 1019022 },
	{ 2988507, "Paris", "", "city", "FR", "Ile-de-France", "France", 2138551 },
	{ 281133, "Gaza", "Gaz", "city", "PS", "Gaza Strip", "Palestine", 410000 },
	{ 4717232, "Palestine", "", "city", "US", "Texas", "United States", 18288 },
	{ 4302504, "Jordan", "", "city", "US", "Minnesota", "United States", 6076 },
	{ 5201734, "Media", "", "city", "US", "Pennsylvania", "United States", 5363 },
	{ 2940132, "Cham", "", "city", "DE", "Bavaria", "Germany", 17314 },
	{ 4667282, "White House", "", "city", "US", "Tennessee", "United States", 11226 },
	{ 4177887, "West Palm Beach", "", "city", "US", "Florida", "United States", 111955 },
	{ 281102, "Rafah", "Rafa", "city", "PS", "Gaza Strip", "Palestine", 126305 },
	{ 5391811, "San Diego", "", "city", "US", "California", "United States", 1394928 },
};

#define NROWS (sizeof(gazetteer) / sizeof(gazetteer[0]))

static int lookups;

static int folded_eq(const char *a, const char *b)
{
	char *fa = NULL, *fb = NULL;
	int eq;

	assert_int_equal(capcat_fold(&fa, a, NULL), 0);
	assert_int_equal(capcat_fold(&fb, b, NULL), 0);
	eq = !strcmp(fa, fb);
	free(fa);
	free(fb);
	return eq;
}

static int row_matches(const struct row *r, const char *name)
{
	char alt[128];
	const char *p = r->alts, *comma;

	if (folded_eq(r->name, name))
		return 1;
	while (p && *p) {
		size_t n;
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		assert_true(n < sizeof(alt));
		memcpy(alt, p, n);
		alt[n] = '\0';
		if (folded_eq(alt, name))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	assert_true(!s || d);
	return d;
}

static void row_place(const struct row *r, struct capcat_place *p)
{
	capcat_place_init(p);
	p->id = r->id;
	p->name = dup_or_null(r->name);
	p->feature = dup_or_null(r->feature);
	p->region = dup_or_null(r->region);
	p->country = dup_or_null(r->country);
	p->country_code = dup_or_null(r->cc);
	p->population = r->pop;
}

/* Countries first, then most populous, then table order (as places.c). */
static int before(const struct row *a, const struct row *b)
{
	int ca = !strcmp(a->feature, "country"), cb = !strcmp(b->feature, "country");

	if (ca != cb)
		return ca > cb;
	return a->pop > b->pop;
}

static int fake_lookup(void *payload, const char *name, struct capcat_place **out, size_t *n)
{
	const struct row *hits[NROWS];
	size_t k = 0, i, j;

	(void)payload;
	lookups++;
	for (i = 0; i < NROWS; i++) {
		if (!row_matches(&gazetteer[i], name))
			continue;
		for (j = k; j > 0 && before(&gazetteer[i], hits[j - 1]); j--)
			hits[j] = hits[j - 1];
		hits[j] = &gazetteer[i];
		k++;
	}
	*out = NULL;
	*n = 0;
	if (!k)
		return 0;
	*out = calloc(k, sizeof(**out));
	assert_non_null(*out);
	for (i = 0; i < k; i++) {
		char *a = NULL, *b = NULL;
		row_place(hits[i], &(*out)[i]);
		assert_int_equal(capcat_fold(&a, (*out)[i].name, NULL), 0);
		assert_int_equal(capcat_fold(&b, name, NULL), 0);
		(*out)[i].by_name = !strcmp(a, b);
		free(a);
		free(b);
	}
	*n = k;
	return 0;
}

static int failing_lookup(void *payload, const char *name, struct capcat_place **out, size_t *n)
{
	(void)payload;
	(void)name;
	*out = NULL;
	*n = 0;
	return CAPCAT_EIO;
}

static const struct capcat_gazetteer_cb fake_gz = { fake_lookup, NULL };

/* ---- expectations --------------------------------------------------------------- */

struct want_person {
	const char *name, *pos;
};

struct want_place {
	const char *text, *kind;
	int64_t id;
	const char *name, *region, *country, *cc;
};

struct want {
	const char *in, *ref;
	struct want_person people[6];
	struct want_place places[4];
	const char *date;
	int no_gz;
};

static int failures;

static void check_str(const char *in, const char *what, const char *want, const char *got)
{
	if ((!want && !got) || (want && got && !strcmp(want, got)))
		return;
	print_error("%s\n  %s: want %s%s%s, got %s%s%s\n", in, what,
		    want ? "'" : "", want ? want : "NULL", want ? "'" : "",
		    got ? "'" : "", got ? got : "NULL", got ? "'" : "");
	failures++;
}

static void check_people(const struct want *w, const struct capcat_understood *u)
{
	size_t i, n = 0;
	char what[64];

	while (n < 6 && w->people[n].name)
		n++;
	if (u->npeople != n) {
		print_error("%s\n  people: want %zu, got %zu\n", w->in, n, u->npeople);
		for (i = 0; i < u->npeople; i++)
			print_error("    got '%s' (%s)\n", u->people[i].name,
				    u->people[i].position ? u->people[i].position : "-");
		failures++;
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "person %zu", i);
		check_str(w->in, what, w->people[i].name, u->people[i].name);
		snprintf(what, sizeof(what), "person %zu position", i);
		check_str(w->in, what, w->people[i].pos, u->people[i].position);
	}
}

static void check_place(const struct want *w, size_t i, const struct want_place *p,
			const struct capcat_place_mention *m)
{
	char what[64];

	snprintf(what, sizeof(what), "place %zu text", i);
	check_str(w->in, what, p->text, m->text);
	snprintf(what, sizeof(what), "place %zu kind", i);
	check_str(w->in, what, p->kind, m->kind);
	snprintf(what, sizeof(what), "place %zu name", i);
	check_str(w->in, what, p->name, m->place.name);
	snprintf(what, sizeof(what), "place %zu region", i);
	check_str(w->in, what, p->region, m->place.region);
	snprintf(what, sizeof(what), "place %zu country", i);
	check_str(w->in, what, p->country, m->place.country);
	snprintf(what, sizeof(what), "place %zu country_code", i);
	check_str(w->in, what, p->cc, m->place.country_code);
	if (p->id != m->place.id) {
		print_error("%s\n  place %zu id: want %lld, got %lld\n", w->in, i,
			    (long long)p->id, (long long)m->place.id);
		failures++;
	}
}

static void check_places(const struct want *w, const struct capcat_understood *u)
{
	size_t i, n = 0;

	while (n < 4 && w->places[n].text)
		n++;
	if (u->nplaces != n) {
		print_error("%s\n  places: want %zu, got %zu\n", w->in, n, u->nplaces);
		for (i = 0; i < u->nplaces; i++) {
			const struct capcat_place *p = &u->places[i].place;
			print_error("    got '%s' (%s, %s, %s)\n", u->places[i].text,
				    u->places[i].kind, p->name ? p->name : "-",
				    p->country_code ? p->country_code : "-");
		}
		failures++;
		return;
	}
	for (i = 0; i < n; i++)
		check_place(w, i, &w->places[i], &u->places[i]);
}

static void understand(const char *caption, const char *ref,
		       const struct capcat_gazetteer_cb *gz, struct capcat_understood *u)
{
	struct capcat_caption cap;
	struct capcat_err err = { 0 };

	capcat_caption_init(&cap);
	capcat_understood_init(u);
	assert_int_equal(capcat_caption_parse(&cap, caption, &err), 0);
	if (capcat_understand(u, &cap, ref, gz, &err))
		fail_msg("capcat_understand: %s", err.msg);
	capcat_caption_release(&cap);
}

static void check(const struct want *w)
{
	struct capcat_understood u;

	understand(w->in, w->ref, w->no_gz ? NULL : &fake_gz, &u);
	check_people(w, &u);
	check_places(w, &u);
	check_str(w->in, "date", w->date ? w->date : "", u.date);
	capcat_understood_release(&u);
}

static void check_all(const struct want *w, size_t n)
{
	size_t i;

	failures = 0;
	for (i = 0; i < n; i++)
		check(&w[i]);
	assert_int_equal(failures, 0);
}

#define CHECK_ALL(arr) check_all(arr, sizeof(arr) / sizeof(arr[0]))

/* Gazetteer rows as the expectations write them. */
#define BAGHDAD(text) { text, "city", 98182, "Baghdad", "Baghdad", "Iraq", "IQ" }
#define ERBIL(text) { text, "city", 95446, "Erbil", "Erbil", "Iraq", "IQ" }
#define TEHRAN { "Tehran", "city", 112931, "Tehran", "Tehran", "Iran", "IR" }
#define WASHINGTON(text) { text, "city", 4140963, "Washington", "District of Columbia", \
			   "United States", "US" }
#define CITY(text, id, name, region, country, cc) \
	{ text, "city", id, name, region, country, cc }

/* ---- product.md ------------------------------------------------------------------- */

static const char product1[] =
	"This handout photograph released by the Iraqi President's Office shows Iraq's "
	"President Abdul Latif Rashid, right, welcoming his counterpart from Iran Masoud "
	"Pezeshkian in Baghdad on September 11, 2024. (Iraqi Presidency Media Office / AFP)";
static const char product2[] =
	"Iraq's Prime Minister Mohamed Shia al-Sudani (L) walks with Iran's President Masoud "
	"Pezeshkian in Baghdad on September 11, 2024 (Murtada AL-SUDANI / POOL / AFP)";
static const char product3[] =
	"A damaged building after an overnight attack in Erbil, the capital of the northern "
	"Iraqi Kurdish autonomous region, March 13, 2022. (Photo by SAFIN HAMED / AFP)";
static const char product4[] =
	"People walk past a billboard showing a portrait of newly appointed Hamas leader Yahya "
	"Sinwar (top) next to Palestine Square in Tehran on August 12, 2024. (Atta Kenare/AFP)";
static const char product5[] =
	"FILE " EN_DASH " Fighters from the Popular Mobilization Forces attend the funeral of a "
	"commander from the Kataib Hezbollah paramilitary group killed in a US airstrike, in "
	"Baghdad, Iraq on February 8, 2024. (AP Photo/Hadi Mizban, File)";

static void test_understand__product_handout(void **state)
{
	const struct want w[] = { {
		.in = product1,
		.people = { { "Abdul Latif Rashid", "right" }, { "Masoud Pezeshkian", NULL } },
		.places = { BAGHDAD("Baghdad") },
		.date = "2024-09-11",
	} };
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__product_pool(void **state)
{
	const struct want w[] = { {
		.in = product2,
		.people = { { "Mohamed Shia al-Sudani", "L" }, { "Masoud Pezeshkian", NULL } },
		.places = { BAGHDAD("Baghdad") },
		.date = "2024-09-11",
	} };
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__product_erbil(void **state)
{
	const struct want w[] = { {
		.in = product3,
		.places = { ERBIL("Erbil") },
		.date = "2022-03-13",
	} };
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__product_billboard(void **state)
{
	const struct want w[] = { {
		.in = product4,
		.people = { { "Yahya Sinwar", "top" } },
		.places = { { "Palestine Square", "sublocation", 0, "Palestine Square", "Tehran",
			      "Iran", "IR" },
			    TEHRAN },
		.date = "2024-08-12",
	} };
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__product_file_funeral(void **state)
{
	const struct want w[] = { {
		.in = product5,
		.places = { BAGHDAD("Baghdad") },
		.date = "2024-02-08",
	} };
	(void)state;
	CHECK_ALL(w);
}

/* Without a gazetteer places are kept as written (id 0); a container
 * gives the country as written. */
static void test_understand__product_without_gazetteer(void **state)
{
	const struct want w[] = {
		{ .in = product5, .no_gz = 1,
		  .places = { { "Baghdad", "city", 0, "Baghdad", NULL, "Iraq", NULL } },
		  .date = "2024-02-08" },
		{ .in = product4, .no_gz = 1,
		  .people = { { "Yahya Sinwar", "top" } },
		  .places = { { "Palestine Square", "sublocation", 0, "Palestine Square", NULL, NULL,
				NULL },
			      { "Tehran", "city", 0, "Tehran", NULL, NULL, NULL } },
		  .date = "2024-08-12" },
		{ .in = product2, .no_gz = 1,
		  .people = { { "Mohamed Shia al-Sudani", "L" }, { "Masoud Pezeshkian", NULL } },
		  .places = { { "Baghdad", "city", 0, "Baghdad", NULL, NULL, NULL } },
		  .date = "2024-09-11" },
	};
	(void)state;
	CHECK_ALL(w);
}

/* ---- caption-style.md section 6 ------------------------------------------------------ */

static void test_understand__s6_ap(void **state)
{
	const struct want w[] = {
		{ .in = "Minister Dana Levi, left, greets Samir Haddad in Amman, Jordan, Tuesday, "
			"Oct. 8, 2024. (AP Photo/Rami Nasser)",
		  .people = { { "Dana Levi", "left" }, { "Samir Haddad", NULL } },
		  .places = { CITY("Amman", 250441, "Amman", "Amman", "Jordan", "JO") },
		  .date = "2024-10-08" },
		{ .in = "Delegates arrive for the talks in Geneva, Switzerland, Monday, Jan. 13, "
			"2025. (AP Photo/Leah Carmel, Pool, File)",
		  .places = { CITY("Geneva", 2660646, "Geneva", "Geneva", "Switzerland", "CH") },
		  .date = "2025-01-13" },
		{ .in = "The president speaks during a news conference in Kyiv, Ukraine, Friday, "
			"March 11, 2022. (Tom Weller/Pool Photo via AP)",
		  .places = { CITY("Kyiv", 703448, "Kyiv", "Kyiv City", "Ukraine", "UA") },
		  .date = "2022-03-11" },
		{ .in = "This image released by the military shows soldiers operating in the Gaza "
			"Strip, Sunday, Nov. 5, 2023. (Israel Defense Forces via AP)",
		  .places = { { "Gaza Strip", "region", 108, "Gaza Strip", NULL, "Palestine", "PS" } },
		  .date = "2023-11-05" },
		{ .in = "Police officers stand at the scene in Berlin, Germany, Monday, Dec. 19, "
			"2016. (Kay Brandt/dpa via AP)",
		  .places = { CITY("Berlin", 2950159, "Berlin", "Berlin", "Germany", "DE") },
		  .date = "2016-12-19" },
		{ .in = "Actress June Holt arrives at the premiere in Los Angeles on Feb. 8, 2024. "
			"(Photo by Maya Ortiz/Invision/AP, File)",
		  .people = { { "June Holt", NULL } },
		  .places = { CITY("Los Angeles", 5368361, "Los Angeles", "California",
				   "United States", "US") },
		  .date = "2024-02-08" },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__s6_afp(void **state)
{
	const struct want w[] = {
		{ .in = "This handout picture released by the Lebanese army shows soldiers at the "
			"site of an air strike in Qlayaa, Lebanon, on October 3, 2024. "
			"(Photo by Handout / Lebanese Army / AFP) RESTRICTED TO EDITORIAL USE - "
			"MANDATORY CREDIT \"AFP PHOTO / LEBANESE ARMY\" - NO MARKETING NO "
			"ADVERTISING CAMPAIGNS - DISTRIBUTED AS A SERVICE TO CLIENTS",
		  /* unknown to the gazetteer, but "Lebanon" vouches for it */
		  .places = { { "Qlayaa", "city", 0, "Qlayaa", NULL, "Lebanon", "LB" } },
		  .date = "2024-10-03" },
		{ .in = "(FILES) This file photo taken on March 3, 2021 shows Pope Francis arriving "
			"in Baghdad. (Photo by Karim SAHIB / AFP)",
		  .people = { { "Francis", NULL } },
		  .places = { BAGHDAD("Baghdad") },
		  .date = "2021-03-03" },
		{ .in = "A woman waves a flag in Paris on May 1, 2024. (Photo by Lena MOREAU / AFP) "
			"(Photo by LENA MOREAU/AFP via Getty Images)",
		  .places = { CITY("Paris", 2988507, "Paris", "Ile-de-France", "France", "FR") },
		  .date = "2024-05-01" },
		{ .in = "Members of Hezbollah (Party of God) march during a rally in Beirut on "
			"October 1, 2024. (Photo by Ali NOUR / AFP)",
		  .places = { CITY("Beirut", 276781, "Beirut", "Beirut", "Lebanon", "LB") },
		  .date = "2024-10-01" },
		{ .in = "Leaders pose (L to R) Emmanuel Dubois, Karl Weber and Sofia Russo at the "
			"summit in Brussels on June 3, 2024. (Photo by Sara LEON / POOL / AFP)",
		  .people = { { "Emmanuel Dubois", "L" }, { "Karl Weber", "2nd L" },
			      { "Sofia Russo", "3rd L" } },
		  .places = { CITY("Brussels", 2800866, "Brussels", "Brussels Capital", "Belgium",
				   "BE") },
		  .date = "2024-06-03" },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__s6_reuters_getty_epa(void **state)
{
	const struct want w[] = {
		{ .in = "Workers repair an oil pipeline in Basra, Iraq September 11, 2024. "
			"REUTERS/Khalid Mansour",
		  /* the city (an alternate name) over the governorate of that name */
		  .places = { CITY("Basra", 99532, "Basrah", "Basra", "Iraq", "IQ") },
		  .date = "2024-09-11" },
		{ .in = "FILE PHOTO: A logo is seen on a smartphone in this illustration taken "
			"January 27, 2025. REUTERS/Anna Vidic/Illustration/File Photo",
		  .date = "2025-01-27" },
		{ .in = "A destroyer sails in the Red Sea in this handout picture released on "
			"March 14, 2026. U.S. Navy/Handout via REUTERS. THIS IMAGE HAS BEEN "
			"SUPPLIED BY A THIRD PARTY.",
		  .date = "2026-03-14" },
		{ .in = "WASHINGTON, DC - MARCH 5: A senator speaks to reporters at the U.S. Capitol "
			"on March 5, 2024 in Washington, DC. (Photo by Chris Dalton/Getty Images)",
		  .places = { WASHINGTON("WASHINGTON"),
			      { "U.S. Capitol", "sublocation", 0, "U.S. Capitol", NULL, NULL, NULL } },
		  .date = "2024-03-05" },
		{ .in = "A singer performs on stage in Austin, Texas on March 9, 2024. "
			"(Photo by Noa Klein/Getty Images for Acme Festival)",
		  .places = { CITY("Austin", 4671654, "Austin", "Texas", "United States", "US") },
		  .date = "2024-03-09" },
		{ .in = "A man prays at a mosque in Istanbul, Turkey on April 10, 2024. "
			"(Photo by Ahmad Saleh/Anadolu via Getty Images)",
		  .places = { CITY("Istanbul", 745044, "Istanbul", "Istanbul", "Turkey", "TR") },
		  .date = "2024-04-10" },
		{ .in = "epa11602345 Residents inspect a damaged house in Erbil, Iraq, 14 March "
			"2022. EPA/GAILAN HAJI",
		  .places = { ERBIL("Erbil") },
		  .date = "2022-03-14" },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__s6_others(void **state)
{
	const struct want w[] = {
		{ .in = "Mandatory Credit: Photo by Jon Reyes/NurPhoto/Shutterstock (16507315bs)\n"
			"Protesters march through the centre of Madrid.\n"
			"Protest, Madrid, Spain - 03 Feb 2026",
		  .places = { CITY("Madrid", 3117735, "Madrid", "Madrid", "Spain", "ES") },
		  .date = "2026-02-03" },
		{ .in = "Protesters gather in Tel Aviv on March 2, 2024. (Yossi Adler/Flash90)",
		  .places = { CITY("Tel Aviv", 293397, "Tel Aviv", "Tel Aviv", "Israel", "IL") },
		  .date = "2024-03-02" },
		{ .in = "A family photo of the hostage, undated. (Courtesy)" },
		{ .in = "A match in Rome. (Alessandro Ricci/LaPresse via AP) Fans celebrated late.",
		  .places = { CITY("Rome", 3169070, "Rome", "Lazio", "Italy", "IT") } },
		/* one word without a title is no person; Siberia is not in the gazetteer */
		{ .in = "Putin in Siberia. (Alexei Orlov, Sputnik, Kremlin Pool Photo via AP)" },
	};
	(void)state;
	CHECK_ALL(w);
}

/* ---- precision ---------------------------------------------------------------------- */

static void test_understand__organisations_not_people(void **state)
{
	const struct want w[] = {
		{ .in = "Fighters of the Popular Mobilization Forces and Kataib Hezbollah members "
			"march as Islamic Resistance in Iraq supporters watch in Baghdad.",
		  .places = { BAGHDAD("Baghdad") } },
		{ .in = "Members of the Iraqi Presidency Media Office and the Hamas Political Bureau "
			"wait at Baghdad International Airport.",
		  .places = { { "Baghdad International Airport", "sublocation", 0,
				"Baghdad International Airport", NULL, NULL, NULL } } },
		{ .in = "Supporters of Hamas and Hezbollah rally with United Nations staff and "
			"Red Crescent Society volunteers." },
		{ .in = "Lebanese Army Commander Joseph Aoun visits the Iraqi Kurdish Peshmerga "
			"Ministry.",
		  .people = { { "Joseph Aoun", NULL } } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__photographers_not_people(void **state)
{
	const struct want w[] = {
		{ .in = "Murtada Al-Sudani takes a picture of Mohamed Shia al-Sudani in Baghdad. "
			"(Murtada AL-SUDANI / POOL / AFP)",
		  .people = { { "Mohamed Shia al-Sudani", NULL } },
		  .places = { BAGHDAD("Baghdad") } },
		{ .in = "Photographer Hadi Mizban works in Baghdad. (AP Photo/Hadi Mizban)",
		  .places = { BAGHDAD("Baghdad") } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__possessives_origins_adjectives(void **state)
{
	const struct want w[] = {
		{ .in = "Iran's Foreign Minister Abbas Araghchi meets Iraq's President in Baghdad.",
		  .people = { { "Abbas Araghchi", NULL } },
		  .places = { BAGHDAD("Baghdad") } },
		{ .in = "Pilgrims from Iran arrive in Basra.",
		  .places = { CITY("Basra", 99532, "Basrah", "Basra", "Iraq", "IQ") } },
		{ .in = "Iraqi and Iranian officials attend a ceremony. Israeli soldiers patrol." },
		{ .in = "Two men were killed in US airstrikes on Sunday." },
		{ .in = "A US airstrike hit a base near the Syrian border." },
		{ .in = "Voters queue in Tehran's Palestine Square.",
		  .places = { TEHRAN,
			      { "Palestine Square", "sublocation", 0, "Palestine Square", "Tehran",
				"Iran", "IR" } } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__capitalised_common_words(void **state)
{
	const struct want w[] = {
		{ .in = "Media crews film as Palestine fans celebrate." },
		{ .in = "People gather. Fighters rest. This is a test. Protesters chant. A man waits." },
		{ .in = "In Baghdad, people celebrate.", .places = { BAGHDAD("Baghdad") } },
		{ .in = "Mourners pray at Christmas in Ramadan." },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__short_alternates(void **state)
{
	const struct want w[] = {
		{ .in = "Fighters rest in Sham. Children play in Gaz." },
		{ .in = "Fighters rest in Damascus.",
		  .places = { CITY("Damascus", 170654, "Damascus", "Damascus Governorate", "Syria",
				   "SY") } },
		/* a name of its own, however short, is trusted */
		{ .in = "A market in Cham.",
		  .places = { CITY("Cham", 2940132, "Cham", "Bavaria", "Germany", "DE") } },
		{ .in = "Refugees arrive in Irbil.", .places = { ERBIL("Irbil") } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__ambiguous_names(void **state)
{
	const struct want w[] = {
		{ .in = "A rally in Tripoli.",
		  .places = { CITY("Tripoli", 2210247, "Tripoli", "Tripoli", "Libya", "LY") } },
		{ .in = "Lebanese soldiers deploy in Tripoli.",
		  .places = { CITY("Tripoli", 266826, "Tripoli", "North Governorate", "Lebanon",
				   "LB") } },
		{ .in = "Soldiers deploy in Tripoli, Lebanon.",
		  .places = { CITY("Tripoli", 266826, "Tripoli", "North Governorate", "Lebanon",
				   "LB") } },
		{ .in = "Lebanon's army deploys in Tripoli.",
		  .places = { CITY("Tripoli", 266826, "Tripoli", "North Governorate", "Lebanon",
				   "LB") } },
		{ .in = "Refugees cross into Jordan.",
		  .places = { { "Jordan", "country", 4, "Jordan", NULL, "Jordan", "JO" } } },
		{ .in = "Protesters rally in Washington.", .places = { WASHINGTON("Washington") } },
		{ .in = "Fighting goes on in Basra province.",
		  .places = { { "Basra", "region", 104, "Basra", NULL, "Iraq", "IQ" } } },
		{ .in = "Voters queue in the Kurdistan Region.",
		  .places = { { "Kurdistan Region", "region", 0, "Kurdistan Region", NULL, "Iraq",
				"IQ" } } },
		{ .in = "A concert in Rome and Media.",
		  .places = { CITY("Rome", 3169070, "Rome", "Lazio", "Italy", "IT") } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__place_forms(void **state)
{
	const struct want w[] = {
		/* a region right after its city is where the city is */
		{ .in = "Displaced Palestinians shelter in Rafah in the southern Gaza Strip.",
		  .places = { CITY("Rafah", 281102, "Rafah", "Gaza Strip", "Palestine", "PS") } },
		{ .in = "Voters queue at a polling station in the Kurdistan Region of Iraq.",
		  .places = { { "Kurdistan Region", "region", 0, "Kurdistan Region", NULL, "Iraq",
				"IQ" } } },
		/* "the town of" vouches for a name the gazetteer does not have */
		{ .in = "A US soldier patrols near the Syrian town of Tal Tamr.",
		  .places = { { "Tal Tamr", "city", 0, "Tal Tamr", NULL, NULL, NULL } } },
		{ .in = "Residents inspect the rubble in the city of Basra.",
		  .places = { CITY("Basra", 99532, "Basrah", "Basra", "Iraq", "IQ") } },
		{ .in = "Pope Francis (C) leads a mass at St. Peter's Square.",
		  .people = { { "Francis", "C" } },
		  .places = { { "St. Peter's Square", "sublocation", 0, "St. Peter's Square", NULL,
				NULL, NULL } } },
		/* "the White House" is a venue, not the town in Tennessee */
		{ .in = "Joe Biden speaks at the White House in Washington.",
		  .people = { { "Joe Biden", NULL } },
		  .places = { { "White House", "sublocation", 0, "White House",
				"District of Columbia", "United States", "US" },
			      WASHINGTON("Washington") } },
		/* a town whose name holds a venue word; the container that holds it */
		{ .in = "Donald Trump speaks in West Palm Beach, Florida.",
		  .people = { { "Donald Trump", NULL } },
		  .places = { CITY("West Palm Beach", 4177887, "West Palm Beach", "Florida",
				   "United States", "US") } },
		{ .in = "Protesters chant in Tahrir Square in central Baghdad.",
		  .places = { { "Tahrir Square", "sublocation", 0, "Tahrir Square", "Baghdad",
				"Iraq", "IQ" },
			      BAGHDAD("Baghdad") } },
		{ .in = "Refugees arrive in the United States.",
		  .places = { { "United States", "country", 5, "United States", NULL,
				"United States", "US" } } },
		{ .in = "Israeli soldiers stand guard in northern Israel.",
		  .places = { { "Israel", "country", 3, "Israel", NULL, "Israel", "IL" } } },
		{ .in = "A destroyer sails in the Red Sea near Baghdad.",
		  .places = { BAGHDAD("Baghdad") } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__datelines(void **state)
{
	const struct want w[] = {
		{ .in = "BAGHDAD (AP) " EM_DASH " Mourners gather on Sept. 11, 2024.",
		  .places = { BAGHDAD("BAGHDAD") }, .date = "2024-09-11" },
		{ .in = "BAGHDAD (AP) " EM_DASH " Mourners gather on Sept. 11, 2024.", .no_gz = 1,
		  .places = { { "BAGHDAD", "city", 0, "BAGHDAD", NULL, NULL, NULL } },
		  .date = "2024-09-11" },
		{ .in = "WASHINGTON, DC - MARCH 5: A senator speaks.", .ref = "2024-03-05T10:00:00",
		  .places = { WASHINGTON("WASHINGTON") }, .date = "2024-03-05" },
		{ .in = "UPDATE - A senator speaks.", .no_gz = 1 },
		{ .in = "US President Joe Biden speaks.", .people = { { "Joe Biden", NULL } } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__positions(void **state)
{
	const struct want w[] = {
		{ .in = "Iraqi Prime Minister Mohamed Shia al-Sudani (C) meets Masoud Pezeshkian (R) "
			"in Baghdad. (Photo by Ahmad Al-Rubaye / AFP)",
		  .people = { { "Mohamed Shia al-Sudani", "C" }, { "Masoud Pezeshkian", "R" } },
		  .places = { BAGHDAD("Baghdad") } },
		{ .in = "Dana Levi, second from left, and Samir Haddad, center, meet Karl Weber "
			"(3rd R), Sofia Russo (2nd L) and Yahya Sinwar (back).",
		  .people = { { "Dana Levi", "second from left" }, { "Samir Haddad", "center" },
			      { "Karl Weber", "3rd R" }, { "Sofia Russo", "2nd L" },
			      { "Yahya Sinwar", "back" } } },
		{ .in = "Leaders pose, from left, Emmanuel Dubois, Karl Weber and Sofia Russo, in "
			"Rome.",
		  .people = { { "Emmanuel Dubois", "left" }, { "Karl Weber", "second from left" },
			      { "Sofia Russo", "third from left" } },
		  .places = { CITY("Rome", 3169070, "Rome", "Lazio", "Italy", "IT") } },
		{ .in = "Leaders pose (R-L) Emmanuel Dubois, Karl Weber (C) and Sofia Russo.",
		  .people = { { "Emmanuel Dubois", "R" }, { "Karl Weber", "C" },
			      { "Sofia Russo", "3rd R" } } },
		{ .in = "A portrait (top) hangs. Dana Levi, top, speaks.",
		  .people = { { "Dana Levi", "top" } } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__titles(void **state)
{
	const struct want w[] = {
		{ .in = "Sen. Chuck Schumer and Rep. Nancy Pelosi greet King Abdullah II and Sheikh "
			"Tamim bin Hamad Al Thani at the Capitol.",
		  .people = { { "Chuck Schumer", NULL }, { "Nancy Pelosi", NULL },
			      { "Abdullah II", NULL }, { "Tamim bin Hamad Al Thani", NULL } },
		  .places = { { "Capitol", "sublocation", 0, "Capitol", NULL, NULL, NULL } } },
		{ .in = "Secretary of State Antony Blinken speaks with Chancellor Olaf Scholz and "
			"Gen. Qassem Soleimani.",
		  .people = { { "Antony Blinken", NULL }, { "Olaf Scholz", NULL },
			      { "Qassem Soleimani", NULL } } },
		{ .in = "Former President George W. Bush and Mayor Eric Adams attend with Ambassador "
			"Linda Thomas-Greenfield and Governor Kathy Hochul.",
		  .people = { { "George W. Bush", NULL }, { "Eric Adams", NULL },
			      { "Linda Thomas-Greenfield", NULL }, { "Kathy Hochul", NULL } } },
		{ .in = "Iranian Supreme Leader Ayatollah Ali Khamenei and Queen Rania attend.",
		  .people = { { "Ali Khamenei", NULL }, { "Rania", NULL } } },
		{ .in = "Masoud Pezeshkian's wife attends. Masoud Pezeshkian waves.",
		  .people = { { "Masoud Pezeshkian", NULL } } },
		{ .in = "Prince William (L) and Kate, Princess of Wales, arrive.",
		  .people = { { "William", "L" } } },
		{ .in = "A protester holds a sign reading \"Free Palestine\" as Real Madrid fans "
			"walk past Ain al-Asad airbase." },
	};
	(void)state;
	CHECK_ALL(w);
}

/* A ship is named like a person: after a prefix or a kind of ship it is
 * the ship. */
static void test_understand__ships_not_people(void **state)
{
	const struct want w[] = {
		{ .in = "040621-N-6536T-062 USS Ronald Reagan (CVN 76), June 21, 2004 - USS Ronald "
			"Reagan (CVN 76) sails through the Straits of Magellan on its way to the "
			"Pacific Ocean. The Navy's newest aircraft carrier is underway "
			"circumnavigating South America in transit to its new homeport of San "
			"Diego. U.S. Navy photo by Photographer's Mate 3rd Class (AW) Elizabeth "
			"Thompson. (RELEASE)",
		  .places = { CITY("San Diego", 5391811, "San Diego", "California",
				   "United States", "US") },
		  .date = "2004-06-21" },
		{ .in = "The aircraft carrier Ronald Reagan sails through the Straits of "
			"Magellan." },
		{ .in = "HMS Queen Elizabeth and INS Vikrant sail with the destroyer John "
			"McCain." },
		{ .in = "The Royal Navy's HMS Queen Elizabeth leaves as the MV Ever Given waits." },
		{ .in = "Sailors aboard USS Nimitz (CVN 68) welcome Karl Weber.",
		  .people = { { "Karl Weber", NULL } } },
	};
	(void)state;
	CHECK_ALL(w);
}

/* Ranks and ratings are titles; a credit or byline in the text names the
 * photographer, who is not in the photo. */
static void test_understand__ranks_and_credits(void **state)
{
	const struct want w[] = {
		{ .in = "U.S. Navy photo by Photographer's Mate 3rd Class (AW) Elizabeth "
			"Thompson." },
		{ .in = "Photographer's Mate 3rd Class (AW) Elizabeth Thompson takes a picture.",
		  .people = { { "Elizabeth Thompson", NULL } } },
		{ .in = "Petty Officer 2nd Class John Smith and Airman 1st Class Jane Roe stand "
			"watch.",
		  .people = { { "John Smith", NULL }, { "Jane Roe", NULL } } },
		{ .in = "Mass Communication Specialist 2nd Class Sofia Russo speaks.",
		  .people = { { "Sofia Russo", NULL } } },
		{ .in = "Staff Sgt. John Smith speaks.", .people = { { "John Smith", NULL } } },
		{ .in = "Sgt. Jo Ray, Cpl. Ann Lee and Pvt. Max Power meet Lt. Col. Dana Levi.",
		  .people = { { "Jo Ray", NULL }, { "Ann Lee", NULL }, { "Max Power", NULL },
			      { "Dana Levi", NULL } } },
		{ .in = "Capt. Sam Adams, Maj. Tom Hale and Adm. Karl Weber attend.",
		  .people = { { "Sam Adams", NULL }, { "Tom Hale", NULL },
			      { "Karl Weber", NULL } } },
		{ .in = "Karl Weber speaks. Photo: Jane Doe",
		  .people = { { "Karl Weber", NULL } } },
		{ .in = "Karl Weber speaks (Photo by Jane Doe) in Rome.",
		  .people = { { "Karl Weber", NULL } },
		  .places = { CITY("Rome", 3169070, "Rome", "Lazio", "Italy", "IT") } },
		{ .in = "Karl Weber waves. Photographed by Sgt. Jane Doe",
		  .people = { { "Karl Weber", NULL } } },
		{ .in = "A photo by Jane Doe and Sam Adams shows Karl Weber.",
		  .people = { { "Karl Weber", NULL } } },
		/* a byline opening a sentence */
		{ .in = "By Jane Doe" },
		{ .in = "By Jane Doe\nProtesters march in Madrid.",
		  .places = { CITY("Madrid", 3117735, "Madrid", "Madrid", "Spain", "ES") } },
		{ .in = "By the lake, Karl Weber rests.", .people = { { "Karl Weber", NULL } } },
	};
	(void)state;
	CHECK_ALL(w);
}

/* A name nothing vouches for needs a sentence: headlines name nobody. */
static void test_understand__headlines(void **state)
{
	const struct want w[] = {
		{ .in = "Classic View" },
		{ .in = "Sunset Over Lake Geneva" },
		{ .in = "Untitled Image 3" },
		{ .in = "Portrait of Jane Doe" },
		{ .in = "Karl Weber - Portrait\nDana Levi speaks.",
		  .people = { { "Dana Levi", NULL } } },
		/* a title, a marker or a possessive still vouches */
		{ .in = "President Karl Weber", .people = { { "Karl Weber", NULL } } },
		{ .in = "Karl Weber (L) and Dana Levi (R)",
		  .people = { { "Karl Weber", "L" }, { "Dana Levi", "R" } } },
		{ .in = "Karl Weber's Garden", .people = { { "Karl Weber", NULL } } },
		{ .in = "Jane Doe, 34, mother of two, at home.",
		  .people = { { "Jane Doe", NULL } } },
	};
	(void)state;
	CHECK_ALL(w);
}

static void test_understand__dates(void **state)
{
	const struct want w[] = {
		{ .in = "Mourners gather Wednesday, Sept. 11, 2024.", .date = "2024-09-11" },
		{ .in = "Mourners gather, 11 September 2024.", .date = "2024-09-11" },
		{ .in = "Mourners gather, 20 April 2016.", .date = "2016-04-20" },
		{ .in = "Mourners gather on February 8, 2024.", .date = "2024-02-08" },
		{ .in = "Mourners gather on 2024-09-11.", .date = "2024-09-11" },
		{ .in = "Mourners gather, Feb. 8.", .ref = "2024-03-01", .date = "2024-02-08" },
		{ .in = "Mourners gather, Dec. 31.", .ref = "2025-01-02T09:00:00Z",
		  .date = "2024-12-31" },
		{ .in = "Mourners gather, Jan. 2.", .ref = "2024-12-30", .date = "2025-01-02" },
		{ .in = "Mourners gather, Feb. 8, as they did in 2023.", .date = "2023-02-08" },
		{ .in = "Mourners gather, Feb. 8." },
		{ .in = "Mourners gather in March 2022.", .date = "2022-03" },
		{ .in = "Mourners gather, Feb. 30, 2024." },
		{ .in = "Mourners gather, Feb. 29, 2023." },
		{ .in = "Mourners gather, Feb. 29, 2024.", .date = "2024-02-29" },
		{ .in = "May Ali speaks on May 1, 2024.", .people = { { "May Ali", NULL } },
		  .date = "2024-05-01" },
		{ .in = "In this Feb. 8, 2024, file photo, mourners gather in Baghdad. "
			"(AP Photo/Hadi Mizban)",
		  .places = { BAGHDAD("Baghdad") }, .date = "2024-02-08" },
	};
	(void)state;
	CHECK_ALL(w);
}

/* ---- robustness ------------------------------------------------------------------------ */

static void test_understand__hostile_inputs(void **state)
{
	static const char *const inputs[] = {
		"", " ", "(", ")", "(((((", "in", "in the", "in Baghdad,", "in Baghdad, ,",
		"WASHINGTON, DC", "BAGHDAD (", "BAGHDAD (AP", "(L to R)", "(L to", "from left,",
		", left,", "A (C)", "Sept.", "Sept. 11,", "11", "2024-13-45", "\xC3", "\xE2\x80",
		"in \xC3\x28 Baghdad", "Iraq's", "'s", "\xE2\x80\x99s", "al-", "U.S.", "U.S. .",
		"Gen.", "Gen. .", "in Baghdad's", "next to", "the city of", "Abdul \xFF Rashid (L)",
		"\xEF\xBB\xBFIn Baghdad", "in B\xC3\xA4ghd\xC3\xA4" "d on 1 May 2024",
	};
	char big[20000];
	struct capcat_understood u;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		understand(inputs[i], "2024", &fake_gz, &u);
		capcat_understood_release(&u);
		understand(inputs[i], "x", NULL, &u);
		capcat_understood_release(&u);
	}
	for (i = 0; i + 1 < sizeof(big); i++)
		big[i] = "in Baghdad, Iraq and Erbil (L) "[i % 31];
	big[sizeof(big) - 1] = '\0';
	lookups = 0;
	understand(big, NULL, &fake_gz, &u);
	assert_true(lookups <= 48);     /* the lookup budget holds */
	assert_true(u.nplaces >= 1);
	capcat_understood_release(&u);
}

static void test_understand__deterministic_and_reusable(void **state)
{
	struct capcat_understood a, b;
	size_t i;

	(void)state;
	understand(product1, NULL, &fake_gz, &a);
	understand(product1, NULL, &fake_gz, &b);
	assert_int_equal(a.npeople, b.npeople);
	assert_int_equal(a.nplaces, b.nplaces);
	for (i = 0; i < a.npeople; i++)
		assert_string_equal(a.people[i].name, b.people[i].name);
	for (i = 0; i < a.nplaces; i++)
		assert_int_equal(a.places[i].place.id, b.places[i].place.id);
	assert_string_equal(a.date, b.date);
	capcat_understood_release(&a);
	assert_null(a.people);
	assert_int_equal(a.npeople, 0);
	capcat_understood_release(&a);     /* twice is harmless */
	capcat_understood_release(&b);
	capcat_understood_release(NULL);
}

static void test_understand__errors(void **state)
{
	const struct capcat_gazetteer_cb bad = { failing_lookup, NULL };
	struct capcat_caption cap;
	struct capcat_understood u;
	struct capcat_err err = { 0 };

	(void)state;
	capcat_caption_init(&cap);
	capcat_understood_init(&u);
	assert_int_equal(capcat_understand(NULL, &cap, NULL, NULL, &err), CAPCAT_EUSAGE);
	assert_int_equal(capcat_understand(&u, NULL, NULL, NULL, &err), CAPCAT_EUSAGE);
	/* an empty caption is understood as nothing */
	assert_int_equal(capcat_understand(&u, &cap, NULL, &fake_gz, &err), 0);
	assert_int_equal(u.npeople + u.nplaces, 0);
	assert_string_equal(u.date, "");
	capcat_understood_release(&u);
	assert_int_equal(capcat_caption_parse(&cap, product3, &err), 0);
	assert_int_equal(capcat_understand(&u, &cap, NULL, &bad, &err), CAPCAT_EIO);
	assert_non_null(strstr(err.msg, "gazetteer"));
	assert_null(u.people);
	capcat_caption_release(&cap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_understand__product_handout),
		cmocka_unit_test(test_understand__product_pool),
		cmocka_unit_test(test_understand__product_erbil),
		cmocka_unit_test(test_understand__product_billboard),
		cmocka_unit_test(test_understand__product_file_funeral),
		cmocka_unit_test(test_understand__product_without_gazetteer),
		cmocka_unit_test(test_understand__s6_ap),
		cmocka_unit_test(test_understand__s6_afp),
		cmocka_unit_test(test_understand__s6_reuters_getty_epa),
		cmocka_unit_test(test_understand__s6_others),
		cmocka_unit_test(test_understand__organisations_not_people),
		cmocka_unit_test(test_understand__photographers_not_people),
		cmocka_unit_test(test_understand__possessives_origins_adjectives),
		cmocka_unit_test(test_understand__capitalised_common_words),
		cmocka_unit_test(test_understand__short_alternates),
		cmocka_unit_test(test_understand__ambiguous_names),
		cmocka_unit_test(test_understand__place_forms),
		cmocka_unit_test(test_understand__datelines),
		cmocka_unit_test(test_understand__positions),
		cmocka_unit_test(test_understand__titles),
		cmocka_unit_test(test_understand__ships_not_people),
		cmocka_unit_test(test_understand__ranks_and_credits),
		cmocka_unit_test(test_understand__headlines),
		cmocka_unit_test(test_understand__dates),
		cmocka_unit_test(test_understand__hostile_inputs),
		cmocka_unit_test(test_understand__deterministic_and_reusable),
		cmocka_unit_test(test_understand__errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
