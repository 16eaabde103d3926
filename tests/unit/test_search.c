/* test_search.c - search against an oracle, and the date order cache.
 *
 * capcat_search meets its filters as id sets and sorts by the keys of
 * photo_order (order.c).  These tests build a catalog of a few thousand
 * generated photos (several 1,024-id chunks, some missing, some without a
 * date) and compare every answer with the plain SQL join that says the same
 * thing, including after a change the cache has not seen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "testutil.h"

#include "capcat/catalog.h"
#include "capcat/photo.h"
#include "capcat/search.h"
#include "catalog_int.h"

#define PHOTOS 3000

static const char *const people[] = { "Masoud Pezeshkian", "Abdul Latif Rashid",
				      "Hadi Mizban", "Yahya Sinwar", "Dana Levi" };
static const char *const cities[] = { "Baghdad", "Erbil", "Tehran", "Beirut" };
static const char *const words[] = { "funeral", "protest", "parade", "market" };

static unsigned long long rng = 88172645463325252ull;
static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Photo i: a caption naming a person, a city and a date; a taken date for
 * most (never at midnight: a caption's bare date sorts there), none for
 * some. */
static void put_photo(struct capcat_catalog *cat, int i)
{
	char path[64], caption[256], taken[80];
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	int y = 2022 + (int)next(3), m = 1 + (int)next(12), d = 1 + (int)next(28);

	capcat_photo_init(&ph);
	snprintf(path, sizeof(path), "/t/IMG_%05d.jpg", i);
	snprintf(caption, sizeof(caption), "%s attends a %s in %s on %04d-%02d-%02d.",
		 people[next(5)], words[next(4)], cities[next(4)], y, m, d);
	snprintf(taken, sizeof(taken), "%04d-%02d-%02dT%02u:%02u:%02u", y, m, d, 1 + next(23),
		 next(60), next(60));
	capcat_photo_set_str(&ph.path, path, strlen(path));
	capcat_photo_set_str(&ph.mime, "image/jpeg", 10);
	if (i % 7)
		capcat_photo_set_str(&ph.taken, taken, strlen(taken));
	ph.size = 1000 + i;
	ph.fingerprint = (capcat_fingerprint)(i + 1);
	if (i % 11)
		capcat_meta_add(&ph.meta, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC, caption,
				strlen(caption));
	assert_int_equal(capcat_catalog_put(cat, &ph, 0, NULL, &err), 0);
	capcat_photo_release(&ph);
}

static void *tmpdir;

static int setup(void **state)
{
	struct capcat_catalog *cat;
	struct capcat_err err = { 0 };
	char *path;

	tu_tmpdir_setup(&tmpdir);
	path = tu_join(tmpdir, "catalog.db");
	assert_int_equal(capcat_catalog_open(&cat, path, &err), 0);
	free(path);
	assert_int_equal(capcat_catalog_begin(cat, &err), 0);
	for (int i = 0; i < PHOTOS; i++)
		put_photo(cat, i);
	for (int64_t id = 5; id <= PHOTOS; id += 13)
		assert_int_equal(capcat_catalog_set_missing(cat, id, 1, &err), 0);
	assert_int_equal(capcat_catalog_commit(cat, &err), 0);
	*state = cat;
	return 0;
}

static int teardown(void **state)
{
	capcat_catalog_close(*state);
	return tu_tmpdir_teardown(&tmpdir);
}

/* The ids the oracle's SQL gives, bound to 'arg' as ?1. */
static size_t oracle(struct capcat_catalog *cat, const char *where, const char *arg,
		     int64_t *out, size_t max)
{
	char sql[1024];
	sqlite3_stmt *s;
	size_t n = 0;

	snprintf(sql, sizeof(sql), "SELECT k.id FROM photo_key k WHERE k.present AND %s"
		 " ORDER BY coalesce(k.sort_date, '~'), k.id", where);
	assert_int_equal(sqlite3_prepare_v2(cat->db, sql, -1, &s, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW && n < max)
		out[n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void same_as_oracle(struct capcat_catalog *cat, const struct capcat_query *q,
			   const char *where, const char *arg)
{
	static int64_t want[PHOTOS];
	struct capcat_err err = { 0 };
	int64_t *ids = NULL;
	size_t n = 0, nwant = oracle(cat, where, arg, want, PHOTOS);

	assert_int_equal(capcat_search(cat, q, &ids, &n, &err), 0);
	assert_true(nwant > 0);
	if (q->limit > 0 && nwant > (size_t)q->limit)
		nwant = (size_t)q->limit;
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], want[i]);
	free(ids);
}

static void test_search__everything_in_date_order(void **state)
{
	struct capcat_query q = CAPCAT_QUERY_INIT;

	/* missing photos left out, photos without a date last, ties by id */
	same_as_oracle(*state, &q, "1", NULL);
	q.limit = 10;
	same_as_oracle(*state, &q, "1", NULL);
}

static void test_search__filters_meet(void **state)
{
	struct capcat_query q = CAPCAT_QUERY_INIT;

	q.text = "funeral";
	same_as_oracle(*state, &q, "k.id IN (SELECT rowid FROM photo_fts WHERE photo_fts MATCH ?1)",
		       "funeral");
	q.person = "Pezeshkian";
	capcat_query_from(&q, "2023-03-01", NULL);
	capcat_query_to(&q, "2023-11-30", NULL);
	same_as_oracle(*state, &q,
		       "k.id IN (SELECT rowid FROM photo_fts WHERE photo_fts MATCH ?1)"
		       " AND k.id IN (SELECT photo_id FROM photo_person pp JOIN person pe"
		       " ON pe.id = pp.person_id WHERE pe.name = 'Masoud Pezeshkian')"
		       " AND k.id IN (SELECT id FROM photo WHERE taken >= '2023-03-01' AND"
		       " taken < '2023-11-30~' UNION SELECT photo_id FROM caption_date WHERE"
		       " date >= '2023-03-01' AND date < '2023-11-30~')", "funeral");
}

static void test_search__missing_filters(void **state)
{
	struct capcat_query q = CAPCAT_QUERY_INIT;

	q.missing = CAPCAT_MISSING_CAPTION;
	same_as_oracle(*state, &q, "NOT EXISTS (SELECT 1 FROM photo_field f WHERE"
		       " f.photo_id = k.id AND f.field IN ('caption', 'comment') AND f.value <> '')",
		       NULL);
	q.missing = CAPCAT_MISSING_DATE;
	same_as_oracle(*state, &q, "k.sort_date IS NULL", NULL);
}

/* A change behind capcat's back drops the chunk; search computes it from
 * photo_key until the next commit stores it again. */
static void test_search__dropped_chunk(void **state)
{
	struct capcat_catalog *cat = *state;
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_err err = { 0 };
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_exec(cat->db, "UPDATE photo_key SET sort_date = '1990-01-01'"
				      " WHERE id = 1500", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(cat->db, "SELECT count(*) FROM photo_order"
					    " WHERE chunk = 1", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0);
	sqlite3_reset(s);
	q.limit = 1;
	same_as_oracle(cat, &q, "1", NULL);     /* photo 1500 comes first */
	assert_int_equal(capcat_catalog_begin(cat, &err), 0);
	assert_int_equal(capcat_catalog_commit(cat, &err), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	same_as_oracle(cat, &q, "1", NULL);
}

/* Facets count over exactly the photos the search finds. */
static void test_search__facets_count_the_hits(void **state)
{
	struct capcat_catalog *cat = *state;
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_err err = { 0 };
	struct capcat_facet *f = NULL;
	int64_t want[PHOTOS];
	size_t n = 0, total = 0;

	q.text = "parade";
	assert_int_equal(capcat_facets(cat, "people", &q, &f, &n, &err), 0);
	assert_true(n >= 1 && n <= 5);
	for (size_t i = 0; i < n; i++)
		total += (size_t)f[i].photos;   /* one person a caption */
	capcat_facets_free(f, n);
	assert_int_equal(total, oracle(cat, "k.id IN (SELECT rowid FROM photo_fts WHERE photo_fts"
				       " MATCH ?1) AND k.id IN (SELECT photo_id FROM photo_person)",
				       "parade", want, PHOTOS));
}

static void test_search__order_keys(void **state)
{
	(void)state;
	assert_int_equal(capcat_order__key((const unsigned char *)"2024-09-11T10:20:30", 0), 0);
	assert_int_equal(capcat_order__key(NULL, 1), CAPCAT_ORDER_NODATE);
	assert_int_equal(capcat_order__key((const unsigned char *)"2024-09-11T10:20:30+03:00", 1),
			 20240911102030LL + 1);
	assert_int_equal(capcat_order__key((const unsigned char *)"2024-09-11", 1),
			 20240911000000LL + 1);
	assert_int_equal(capcat_order__key((const unsigned char *)"2024", 1), 20240000000000LL + 1);
	assert_true(capcat_order__key((const unsigned char *)"0000-00-00", 1) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search__order_keys),
		cmocka_unit_test(test_search__everything_in_date_order),
		cmocka_unit_test(test_search__filters_meet),
		cmocka_unit_test(test_search__missing_filters),
		cmocka_unit_test(test_search__facets_count_the_hits),
		cmocka_unit_test(test_search__dropped_chunk),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
