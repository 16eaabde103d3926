/* order.c - the date order of photos, stored column-wise for search.
 *
 * photo_order (catalog/migrations/0005-search-order.sql) caches photo_key
 * as one blob of 1,024 keys per run of 1,024 photo ids.  A chunk is
 * dropped whenever a photo_key row in it changes (by triggers, and by
 * capcat_catalog__put_rows() for the keys it writes: catalog_facts.c);
 * capcat's commits rebuild what was dropped, and a reader computes a
 * dropped chunk on the fly, so the cache is never wrong, only sometimes
 * absent.
 */
#include "catalog_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
	ST_ORDER_READ = CAPCAT_SLOT_SEARCH, ST_ORDER_COMPUTE, ST_ORDER_MAX, ST_ORDER_HAVE,
	ST_ORDER_BUILD
};

static const char *const sql[] = {
	"SELECT keys FROM photo_order WHERE chunk = ?1",
	"SELECT capcat_order_chunk(id, sort_date, present) FROM photo_key"
	" WHERE id BETWEEN ?1 << 10 AND (?1 << 10) + 1023",
	"SELECT max(id) >> 10 FROM photo_key",
	"SELECT chunk FROM photo_order ORDER BY chunk",
	"INSERT OR REPLACE INTO photo_order(chunk, keys)"
	" SELECT ?1, capcat_order_chunk(id, sort_date, present) FROM photo_key"
	" WHERE id BETWEEN ?1 << 10 AND (?1 << 10) + 1023",
};

static sqlite3_stmt *st(struct capcat_catalog *cat, int which)
{
	return capcat_catalog__stmt(cat, which, sql[which - ST_ORDER_READ]);
}

/* "2024-09-11T10:00:00..." -> 20240911100000 + 1: the digits of the date
 * and time, padded to 14, so keys sort as the dates do to the second.  0 is
 * "not present"; a present photo without a date sorts last. */
int64_t capcat_order__key(const unsigned char *date, int present)
{
	int64_t v = 0;
	int digits = 0;

	if (!present)
		return 0;
	if (!date || !*date)
		return CAPCAT_ORDER_NODATE;
	for (; *date && digits < 14; date++) {
		if (isdigit(*date)) {
			v = v * 10 + (*date - '0');
			digits++;
		} else if (!strchr("-:T ", *date)) {
			break;
		}
	}
	for (; digits < 14; digits++)
		v *= 10;
	return v + 1;
}

static void put_le64(unsigned char *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)((uint64_t)v >> (8 * i));
}

int64_t capcat_order__get(const unsigned char *keys, int i)
{
	const unsigned char *p = keys + 8 * i;
	uint64_t v = 0;

	for (int b = 7; b >= 0; b--)
		v = v << 8 | p[b];
	return (int64_t)v;
}

/* capcat_order_chunk(id, sort_date, present): the chunk blob of the rows
 * aggregated (all of one chunk); all zero for none. */
static void chunk_step(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	unsigned char *keys = sqlite3_aggregate_context(ctx, CAPCAT_ORDER_CHUNK * 8);
	int64_t id = sqlite3_value_int64(v[0]);

	(void)argc;
	if (!keys) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	put_le64(keys + (id & (CAPCAT_ORDER_CHUNK - 1)) * 8,
		 capcat_order__key(sqlite3_value_text(v[1]), sqlite3_value_int(v[2])));
}

static void chunk_final(sqlite3_context *ctx)
{
	unsigned char *keys = sqlite3_aggregate_context(ctx, 0);

	if (keys)
		sqlite3_result_blob(ctx, keys, CAPCAT_ORDER_CHUNK * 8, SQLITE_TRANSIENT);
	else
		sqlite3_result_zeroblob(ctx, CAPCAT_ORDER_CHUNK * 8);
}

int capcat_order__register(sqlite3 *db)
{
	return sqlite3_create_function(db, "capcat_order_chunk", 3, SQLITE_UTF8, NULL, NULL,
				       chunk_step, chunk_final);
}

/* Rebuild every chunk a trigger dropped.  Inside capcat's write
 * transactions, before COMMIT: an import adds ~1,000 photos per commit,
 * so this is a scan of the chunk numbers and a chunk or two rebuilt. */
int capcat_order__fill(struct capcat_catalog *cat, struct capcat_err *err)
{
	sqlite3_stmt *mx = st(cat, ST_ORDER_MAX), *have = st(cat, ST_ORDER_HAVE), *build;
	int64_t last, next = 0;
	int step;

	if (!mx || !have || sqlite3_step(mx) != SQLITE_ROW)
		return capcat_catalog__err(cat, err, "search order");
	last = sqlite3_column_type(mx, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(mx, 0);
	sqlite3_reset(mx);
	for (;;) {
		int64_t upto = last + 1;
		if ((step = sqlite3_step(have)) == SQLITE_ROW)
			upto = sqlite3_column_int64(have, 0);
		else if (step != SQLITE_DONE)
			break;
		for (; next < upto && next <= last; next++) {
			if (!(build = st(cat, ST_ORDER_BUILD)) || sqlite3_bind_int64(build, 1, next) ||
			    sqlite3_step(build) != SQLITE_DONE) {
				sqlite3_reset(have);
				return capcat_catalog__err(cat, err, "search order");
			}
			sqlite3_reset(build);
		}
		if (step == SQLITE_DONE)
			break;
		next = upto + 1;
	}
	sqlite3_reset(have);
	return step == SQLITE_DONE ? 0 : capcat_catalog__err(cat, err, "search order");
}

/* The keys of chunk 'chunk' into keys[] as stored: cached, or computed
 * from photo_key when a change dropped it. */
int capcat_order__chunk(struct capcat_catalog *cat, int64_t chunk, unsigned char *keys,
			struct capcat_err *err)
{
	sqlite3_stmt *s = st(cat, ST_ORDER_READ);
	int step;

	if (!s || sqlite3_bind_int64(s, 1, chunk))
		return capcat_catalog__err(cat, err, "search order");
	if ((step = sqlite3_step(s)) == SQLITE_DONE) {
		sqlite3_reset(s);
		if (!(s = st(cat, ST_ORDER_COMPUTE)) || sqlite3_bind_int64(s, 1, chunk))
			return capcat_catalog__err(cat, err, "search order");
		step = sqlite3_step(s);
	}
	if (step == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(s, 0);
		int n = sqlite3_column_bytes(s, 0);
		if (n > CAPCAT_ORDER_CHUNK * 8)
			n = CAPCAT_ORDER_CHUNK * 8;
		memset(keys, 0, CAPCAT_ORDER_CHUNK * 8);    /* a short blob: the rest is 0 */
		if (b && n > 0)
			memcpy(keys, b, (size_t)n);
	}
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : capcat_catalog__err(cat, err, "search order");
}
