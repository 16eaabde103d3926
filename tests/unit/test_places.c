/* test_places.c - the gazetteer: names, and reverse geocoding by SQLite's
 * R*Tree and by the in-memory index, which must agree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "testutil.h"
#include "capcat/places.h"
#include "places_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NPOS 600

struct answer {
	int found;
	int64_t id;
	char name[64], feature[16], country[8];
};

static void nearest(struct capcat_places *pl, double lat, double lon, struct answer *a)
{
	struct capcat_place p;
	struct capcat_err err = { 0 };

	memset(a, 0, sizeof(*a));
	capcat_place_init(&p);
	assert_int_equal(capcat_places_nearest(pl, lat, lon, &p, &a->found, &err), 0);
	if (a->found) {
		a->id = p.id;
		snprintf(a->name, sizeof(a->name), "%s", p.name ? p.name : "");
		snprintf(a->feature, sizeof(a->feature), "%s", p.feature ? p.feature : "");
		snprintf(a->country, sizeof(a->country), "%s", p.country_code ? p.country_code : "");
	}
	capcat_place_release(&p);
}

/* Positions where the answer is hard: dense towns (Europe, the Nile delta,
 * Java), sparse land, the sea, the poles and the date line, and exact city
 * positions (ties between places at the same point). */
static void positions(struct capcat_places *pl, double *lat, double *lon)
{
	static const double areas[][4] = {      /* lat0, lat1, lon0, lon1 */
		{ 45, 55, 0, 20 }, { 29.5, 31.5, 30, 32 }, { -8, -6, 106, 112 },
		{ 30, 38, 38, 48 }, { -40, 70, -180, 180 }, { 88, 90, -180, 180 },
		{ -20, 20, 179, 180 },
	};
	static const char *const cities[] = { "Baghdad", "Erbil", "Tehran", "Paris", "Cairo" };
	unsigned seed = 12345;
	int k = 0;

	for (size_t c = 0; c < sizeof(cities) / sizeof(cities[0]); c++) {
		struct capcat_place *v = NULL;
		size_t n = 0;
		struct capcat_err err = { 0 };
		assert_int_equal(capcat_places_lookup(pl, cities[c], &v, &n, &err), 0);
		for (size_t i = 0; i < n; i++) {
			if (k < 40) {
				lat[k] = v[i].lat;
				lon[k++] = v[i].lon;
			}
			capcat_place_release(&v[i]);
		}
		free(v);
	}
	for (; k < NPOS; k++) {
		const double *a = areas[k % 7];
		seed = seed * 1103515245u + 12345u;
		lat[k] = a[0] + (a[1] - a[0]) * (seed >> 8) / 16777216.0;
		seed = seed * 1103515245u + 12345u;
		lon[k] = a[2] + (a[3] - a[2]) * (seed >> 8) / 16777216.0;
	}
}

/* First in this file: the index must not be made before it asks SQLite. */
static void test_places__index_agrees_with_rtree(void **state)
{
	struct capcat_places *pl = NULL;
	struct capcat_err err = { 0 };
	static double lat[NPOS], lon[NPOS];
	static struct answer sql[NPOS], ix[NPOS];
	int found = 0;

	(void)state;
	assert_int_equal(capcat_places_open(&pl, &err), 0);
	positions(pl, lat, lon);
	capcat_places__near_after(1 << 30);
	for (int i = 0; i < NPOS; i++)
		nearest(pl, lat[i], lon[i], &sql[i]);
	capcat_places__near_after(0);
	for (int i = 0; i < NPOS; i++) {
		nearest(pl, lat[i], lon[i], &ix[i]);
		if (memcmp(&sql[i], &ix[i], sizeof(sql[i])))
			fail_msg("%.5f,%.5f: R*Tree %s (%lld), index %s (%lld)", lat[i], lon[i],
				 sql[i].name, (long long)sql[i].id, ix[i].name, (long long)ix[i].id);
		found += ix[i].found;
	}
	/* the positions test something: most are on land, some are not */
	assert_true(found > NPOS / 3 && found < NPOS);
	capcat_places_close(pl);
}

/* The gazetteer file keeps the index's sorted entries (place_near), so
 * that an import loads them instead of sorting 113,000 cities: one entry
 * for every city, after a 16-byte header. */
static void test_places__index_stored_with_gazetteer(void **state)
{
	struct capcat_places *pl = NULL;
	struct capcat_err err = { 0 };
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t cities = 0, bytes = 0;

	(void)state;
	assert_int_equal(capcat_places_open(&pl, &err), 0);
	if (!*capcat_places_path(pl)) {         /* built in memory: no file to look at */
		capcat_places_close(pl);
		skip();
	}
	assert_int_equal(sqlite3_open_v2(capcat_places_path(pl), &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM place WHERE feature"
					    " = 'city'), (SELECT length(data) FROM place_near)",
					    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	cities = sqlite3_column_int64(s, 0);
	bytes = sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
	sqlite3_close(db);
	assert_true(cities > 100000);
	assert_int_equal(bytes, 16 + cities * (int64_t)sizeof(struct capcat_near_entry));
	capcat_places_close(pl);
}

static void *open_places(void *arg)
{
	struct capcat_places **pl = arg;

	if (capcat_places_open(pl, NULL) != 0)
		*pl = NULL;
	return NULL;
}

/* The threads of an import open the gazetteer at once: with no file yet,
 * one builds it and the others use it (none builds its own in memory). */
static void test_places__threads_share_one_build(void **state)
{
	char *dir = tu_tmpdir_make(), *old = getenv("XDG_CACHE_HOME");
	char *saved = old ? strdup(old) : NULL;
	struct capcat_places *pl[3] = { NULL };
	pthread_t th[3];

	(void)state;
	setenv("XDG_CACHE_HOME", dir, 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, open_places, &pl[i]), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 3; i++) {
		assert_non_null(pl[i]);
		assert_true(*capcat_places_path(pl[i]) != '\0');
		assert_string_equal(capcat_places_path(pl[i]), capcat_places_path(pl[0]));
	}
	for (int i = 0; i < 3; i++)
		capcat_places_close(pl[i]);
	if (saved)
		setenv("XDG_CACHE_HOME", saved, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(saved);
	tu_tmpdir_remove(dir);
	free(dir);
}

static void test_places__nearest(void **state)
{
	struct capcat_places *pl = NULL;
	struct capcat_err err = { 0 };
	struct answer a;

	(void)state;
	assert_int_equal(capcat_places_open(&pl, &err), 0);
	nearest(pl, 33.3152, 44.3661, &a);             /* central Baghdad */
	assert_true(a.found);
	assert_string_equal(a.name, "Baghdad");
	assert_string_equal(a.feature, "city");
	assert_string_equal(a.country, "IQ");
	nearest(pl, 36.19, 44.01, &a);                  /* Erbil */
	assert_string_equal(a.name, "Erbil");
	nearest(pl, 0.0, -30.0, &a);                    /* mid-Atlantic */
	assert_false(a.found);
	nearest(pl, 91.0, 0.0, &a);                     /* not on Earth */
	assert_false(a.found);
	capcat_places_close(pl);
}

static void test_places__lookup_alternate_name(void **state)
{
	struct capcat_places *pl = NULL;
	struct capcat_err err = { 0 };
	struct capcat_place *v = NULL;
	size_t n = 0;
	int erbil = 0;

	(void)state;
	assert_int_equal(capcat_places_open(&pl, &err), 0);
	assert_int_equal(capcat_places_lookup(pl, "Irbil", &v, &n, &err), 0);
	for (size_t i = 0; i < n; i++) {
		erbil |= v[i].name && !strcmp(v[i].name, "Erbil") && v[i].country_code &&
			 !strcmp(v[i].country_code, "IQ");
		capcat_place_release(&v[i]);
	}
	free(v);
	assert_true(erbil);
	capcat_places_close(pl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places__index_agrees_with_rtree),
		cmocka_unit_test(test_places__index_stored_with_gazetteer),
		cmocka_unit_test(test_places__threads_share_one_build),
		cmocka_unit_test(test_places__nearest),
		cmocka_unit_test(test_places__lookup_alternate_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
