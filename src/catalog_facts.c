/* catalog_facts.c - what a photo's fields say, stored for search.
 *
 * The rows derived from a photo's effective fields (facts.h: the credit,
 * the people, places and date, the full-text row) are rebuilt from
 * scratch on every change, so nothing stale survives an edit; a new photo
 * has nothing to remove.  The full-text rows wait in memory until the
 * transaction commits: once a transaction has written to a virtual table,
 * SQLite opens a savepoint on it for every later statement, and FTS5 then
 * writes its pending terms out each time.
 */
#include "catalog_int.h"
#include "capcat/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	F_USER = CAPCAT_SLOT_FACTS, F_DEL_PERSON, F_DEL_PLACE, F_DEL_DATE, F_CREDIT_DEL,
	F_PHOTOG_DEL, F_CREDIT_ADD, F_PHOTOG_ADD, F_PERSON_ADD, F_PERSON_ID,
	F_DATE_ADD, F_KEY_NEW, F_KEY, F_ORDER_DROP, F_FTS_DEL, F_FTS_ADD, F_LAST
};
_Static_assert((int)F_LAST <= (int)CAPCAT_SLOT_SEARCH, "statement slots overlap");

static const char *const sql[F_LAST - F_USER] = {
	"SELECT 1 FROM user_field WHERE photo_id = ?1 LIMIT 1",
	"DELETE FROM photo_person WHERE photo_id = ?1",
	"DELETE FROM photo_place WHERE photo_id = ?1",
	"DELETE FROM caption_date WHERE photo_id = ?1",
	"DELETE FROM credit WHERE photo_id = ?1",
	"DELETE FROM credit_photographer WHERE photo_id = ?1",
	"INSERT INTO credit(photo_id, line, agency, provider, via, pool, pool_org,"
	" handout, issuer, file, illustration, for_client, supplier_ref, style, origin)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	"INSERT INTO credit_photographer(photo_id, seq, name, folded) VALUES (?1, ?2, ?3, ?4)",
	"INSERT OR IGNORE INTO person(name, folded) VALUES (?1, ?2)",
	"SELECT id FROM person WHERE name = ?1",
	/* INSERT OR REPLACE cost two to three times an insert: a photo's old
	 * date is deleted first (F_DEL_DATE), a new photo's key inserted, an
	 * old one's updated in place */
	"INSERT INTO caption_date(photo_id, date, origin) VALUES (?1, ?2, 'caption')",
	"INSERT INTO photo_key(id, sort_date, present) VALUES (?1, ?2, ?3)",
	"INSERT INTO photo_key(id, sort_date, present) VALUES (?1, ?2, ?3)"
	" ON CONFLICT(id) DO UPDATE SET sort_date = excluded.sort_date, present = excluded.present",
	"DELETE FROM photo_order WHERE chunk = ?1",
	"DELETE FROM photo_fts WHERE rowid = ?1",
	"INSERT INTO photo_fts(rowid, caption, headline, keywords, people, places, credit)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

static sqlite3_stmt *st(struct capcat_catalog *cat, int which)
{
	return capcat_catalog__stmt(cat, which, sql[which - F_USER]);
}

/* SQLITE_STATIC: stepped to its end before 'v' can go (see catalog.c). */
static int bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	return v && *v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

/* Step 's' to its end; 'r' is what binding it gave. */
static int run(struct capcat_catalog *cat, sqlite3_stmt *s, int r, const char *what,
	       struct capcat_err *err)
{
	if (!s || r || sqlite3_step(s) != SQLITE_DONE)
		return capcat_catalog__err(cat, err, what);
	sqlite3_reset(s);
	return 0;
}

static int run_id(struct capcat_catalog *cat, int which, int64_t id, struct capcat_err *err)
{
	sqlite3_stmt *s = st(cat, which);

	return run(cat, s, s ? sqlite3_bind_int64(s, 1, id) : 0, "facts", err);
}

int capcat_catalog__has_edits(struct capcat_catalog *cat, int64_t id, int *out,
			      struct capcat_err *err)
{
	sqlite3_stmt *s = st(cat, F_USER);
	int step;

	if (!s || sqlite3_bind_int64(s, 1, id))
		return capcat_catalog__err(cat, err, "edits");
	step = sqlite3_step(s);
	*out = step == SQLITE_ROW;
	sqlite3_reset(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : capcat_catalog__err(cat, err, "edits");
}

static int put_credit(struct capcat_catalog *cat, int64_t id, const struct capcat_facts *f,
		      struct capcat_err *err)
{
	static const char *const shapes[] = { "generic", "ap", "afp", "afp_old", "reuters",
					      "getty", "epa" };
	const struct capcat_credit *c = &f->credit;
	sqlite3_stmt *s = st(cat, F_CREDIT_ADD);
	int r = 0, rc;

	if (!s)
		return capcat_catalog__err(cat, err, "credit");
	r |= sqlite3_bind_int64(s, 1, id);
	r |= sqlite3_bind_text(s, 2, c->line ? c->line : "", -1, SQLITE_STATIC);
	r |= bind_opt(s, 3, c->agency);
	r |= bind_opt(s, 4, c->provider);
	r |= bind_opt(s, 5, c->via);
	r |= sqlite3_bind_int(s, 6, c->pool);
	r |= bind_opt(s, 7, c->pool_org);
	r |= sqlite3_bind_int(s, 8, c->handout);
	r |= bind_opt(s, 9, c->issuer);
	r |= sqlite3_bind_int(s, 10, c->file);
	r |= sqlite3_bind_int(s, 11, c->illustration);
	r |= bind_opt(s, 12, c->for_client);
	r |= bind_opt(s, 13, c->supplier_ref);
	r |= sqlite3_bind_text(s, 14, (unsigned)c->shape < 7 ? shapes[c->shape] : "generic", -1,
			       SQLITE_STATIC);
	r |= sqlite3_bind_text(s, 15, f->credit_origin ? f->credit_origin : "caption", -1,
			       SQLITE_STATIC);
	if ((rc = run(cat, s, r, "credit", err)))
		return rc;
	for (size_t i = 0; !rc && i < c->nphotographers; i++) {
		s = st(cat, F_PHOTOG_ADD);
		r = !s || sqlite3_bind_int64(s, 1, id) || sqlite3_bind_int(s, 2, (int)i) ||
		    sqlite3_bind_text(s, 3, c->photographers[i], -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(s, 4, f->photographers_folded[i], -1, SQLITE_STATIC);
		rc = run(cat, s, r, "credit", err);
	}
	return rc;
}

void capcat_catalog__forget_persons(struct capcat_catalog *cat)
{
	for (int i = 0; cat->persons && i < CAPCAT_PERSON_SLOTS; i++) {
		free(cat->persons[i].name);
		cat->persons[i].name = NULL;
	}
}

/* The slot that holds 'name', or the one to hold it (an empty one near
 * its hash, else the one at its hash, evicted); NULL without memory. */
static struct capcat_person_slot *person_slot(struct capcat_catalog *cat, const char *name)
{
	uint32_t h = 2166136261u;
	struct capcat_person_slot *v;

	if (!cat->persons && !(cat->persons = calloc(CAPCAT_PERSON_SLOTS, sizeof(*cat->persons))))
		return NULL;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * 16777619u;
	v = cat->persons;
	for (uint32_t k = 0; k < 8; k++) {
		struct capcat_person_slot *s = &v[(h + k) % CAPCAT_PERSON_SLOTS];
		if (!s->name || !strcmp(s->name, name))
			return s;
	}
	return &v[h % CAPCAT_PERSON_SLOTS];
}

/* The id of person 'p', added when new.  An import meets the same people
 * again and again: two statements saved each time. */
static int person_id(struct capcat_catalog *cat, const struct capcat_fact_person *p,
		     int64_t *out, struct capcat_err *err)
{
	struct capcat_person_slot *slot = person_slot(cat, p->name);
	sqlite3_stmt *s = st(cat, F_PERSON_ADD);
	int rc;

	if (slot && slot->name && !strcmp(slot->name, p->name)) {
		*out = slot->id;
		return 0;
	}
	rc = run(cat, s, s ? sqlite3_bind_text(s, 1, p->name, -1, SQLITE_STATIC) ||
			     sqlite3_bind_text(s, 2, p->folded, -1, SQLITE_STATIC) : 0,
		 "person", err);
	if (rc)
		return rc;
	if (!(s = st(cat, F_PERSON_ID)) || sqlite3_bind_text(s, 1, p->name, -1, SQLITE_STATIC))
		return capcat_catalog__err(cat, err, "person");
	*out = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (slot && *out) {
		free(slot->name);
		if ((slot->name = strdup(p->name)))
			slot->id = *out;
	}
	return 0;
}

/* Up to PEOPLE_ROWS rows a statement, each person's id found first. */
#define PEOPLE_ROWS 4

static int put_people(struct capcat_catalog *cat, int64_t id, const struct capcat_facts *f,
		      struct capcat_err *err)
{
	int64_t pid[PEOPLE_ROWS];
	int rc = 0;

	for (size_t i = 0; !rc && i < f->npeople;) {
		int n = f->npeople - i < PEOPLE_ROWS ? (int)(f->npeople - i) : PEOPLE_ROWS, b = 0, r = 0;
		sqlite3_stmt *s;
		for (int k = 0; !rc && k < n; k++)
			rc = person_id(cat, &f->people[i + (size_t)k], &pid[k], err);
		if (rc)
			break;
		s = capcat_catalog__rows_stmt(cat, CAPCAT_SLOT_PEOPLE, "INSERT OR IGNORE INTO"
					      " photo_person(photo_id, person_id, position, origin, seq)",
					      5, n);
		for (int k = 0; s && k < n; k++, i++) {
			const struct capcat_fact_person *p = &f->people[i];
			r |= sqlite3_bind_int64(s, ++b, id);
			r |= sqlite3_bind_int64(s, ++b, pid[k]);
			r |= bind_opt(s, ++b, p->position);
			r |= sqlite3_bind_text(s, ++b, p->origin, -1, SQLITE_STATIC);
			r |= sqlite3_bind_int(s, ++b, (int)i);
		}
		rc = run(cat, s, r, "person", err);
	}
	return rc;
}

/* Up to PLACE_ROWS rows a statement (a photo has two or three).  INSERT
 * OR IGNORE: a statement of several rows that may abort keeps a statement
 * journal, a page image for every page it changes, in a temporary file
 * (three times slower); these rows cannot fail their constraints (the
 * roles and origins are capcat's own words, seq is unique). */
#define PLACE_ROWS 4

static int put_places(struct capcat_catalog *cat, int64_t id, const struct capcat_facts *f,
		      struct capcat_err *err)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < f->nplaces;) {
		int n = f->nplaces - i < PLACE_ROWS ? (int)(f->nplaces - i) : PLACE_ROWS, b = 0, r = 0;
		sqlite3_stmt *s = capcat_catalog__rows_stmt(cat, CAPCAT_SLOT_PLACES,
				"INSERT OR IGNORE INTO photo_place(photo_id, seq, text, name, place_id,"
				" region, country, country_code, role, origin, feature, region_code, folded)",
				13, n);
		for (int k = 0; s && k < n; k++, i++) {
			const struct capcat_fact_place *p = &f->places[i];
			r |= sqlite3_bind_int64(s, ++b, id);
			r |= sqlite3_bind_int(s, ++b, (int)i);
			r |= bind_opt(s, ++b, p->text);
			r |= sqlite3_bind_text(s, ++b, p->name, -1, SQLITE_STATIC);
			r |= p->place_id ? sqlite3_bind_int64(s, ++b, p->place_id) :
					   sqlite3_bind_null(s, ++b);
			r |= bind_opt(s, ++b, p->region);
			r |= bind_opt(s, ++b, p->country);
			r |= bind_opt(s, ++b, p->country_code);
			r |= sqlite3_bind_text(s, ++b, p->role, -1, SQLITE_STATIC);
			r |= sqlite3_bind_text(s, ++b, p->origin, -1, SQLITE_STATIC);
			r |= bind_opt(s, ++b, p->feature);
			r |= bind_opt(s, ++b, p->region_code);
			r |= sqlite3_bind_text(s, ++b, p->folded, -1, SQLITE_STATIC);
		}
		rc = run(cat, s, r, "place", err);
	}
	return rc;
}

/* The full-text row of photo 'id', for commit time. */
static int queue_search_rows(struct capcat_catalog *cat, int64_t id, int is_new,
			     const struct capcat_facts *f, struct capcat_err *err)
{
	struct capcat_pending *p;

	if (!(p = capcat_grow(cat->pending, &cat->cappending, cat->npending + 1, sizeof(*p), 256)))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	cat->pending = p;
	p += cat->npending;
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->replace = !is_new;
	for (int i = 0; i < CAPCAT_FTS_COLUMNS; i++)
		if (f->fts[i] && !(p->fts[i] = strdup(f->fts[i]))) {
			while (i-- > 0)
				free(p->fts[i]);
			return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		}
	cat->npending++;
	return 0;
}

int capcat_catalog__put_rows(struct capcat_catalog *cat, int64_t id, const struct capcat_facts *f,
			     const struct capcat_row_key *key, struct capcat_err *err)
{
	const char *sort = key->taken ? key->taken : f->date[0] ? f->date : NULL;
	sqlite3_stmt *s;
	int rc = 0;

	if (!key->is_new) {
		static const int del[] = { F_DEL_PERSON, F_DEL_PLACE, F_DEL_DATE, F_CREDIT_DEL,
					   F_PHOTOG_DEL };
		for (size_t i = 0; !rc && i < sizeof(del) / sizeof(del[0]); i++)
			rc = run_id(cat, del[i], id, err);
	}
	if (!rc && f->has_credit)
		rc = put_credit(cat, id, f, err);
	if (!rc)
		rc = put_people(cat, id, f, err);
	if (!rc)
		rc = put_places(cat, id, f, err);
	if (!rc && f->date[0]) {
		s = st(cat, F_DATE_ADD);
		rc = run(cat, s, !s || sqlite3_bind_int64(s, 1, id) ||
				 sqlite3_bind_text(s, 2, f->date, -1, SQLITE_STATIC),
			 "date", err);
	}
	if (!rc) {
		s = st(cat, key->is_new ? F_KEY_NEW : F_KEY);
		rc = run(cat, s, !s || sqlite3_bind_int64(s, 1, id) || bind_opt(s, 2, sort) ||
				 sqlite3_bind_int(s, 3, key->present),
			 "search key", err);
	}
	/* the key's chunk of the search order goes (order.c), once a write
	 * transaction: no one else writes meanwhile, and commit rebuilds it */
	if (!rc && (cat->order_dropped != (id >> 10) + 1 || sqlite3_get_autocommit(cat->db))) {
		rc = run_id(cat, F_ORDER_DROP, id >> 10, err);
		cat->order_dropped = (id >> 10) + 1;
	}
	if (!rc)
		rc = queue_search_rows(cat, id, key->is_new, f, err);
	return rc;
}

static void release_pending(struct capcat_pending *p)
{
	for (int i = 0; i < CAPCAT_FTS_COLUMNS; i++)
		free(p->fts[i]);
}

void capcat_catalog__drop_pending(struct capcat_catalog *cat)
{
	for (size_t i = 0; i < cat->npending; i++)
		release_pending(&cat->pending[i]);
	cat->npending = 0;
}

static int write_pending(struct capcat_catalog *cat, const struct capcat_pending *p,
			 struct capcat_err *err)
{
	sqlite3_stmt *s;
	int rc = 0, r = 0;

	if (p->replace && (rc = run_id(cat, F_FTS_DEL, p->id, err)))
		return rc;
	if (!(s = st(cat, F_FTS_ADD)))
		return capcat_catalog__err(cat, err, "full-text index");
	r |= sqlite3_bind_int64(s, 1, p->id);
	for (int i = 0; i < CAPCAT_FTS_COLUMNS; i++)
		r |= bind_opt(s, 2 + i, p->fts[i]);
	return run(cat, s, r, "full-text index", err);
}

int capcat_catalog__write_pending(struct capcat_catalog *cat, struct capcat_err *err)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < cat->npending; i++)
		rc = write_pending(cat, &cat->pending[i], err);
	capcat_catalog__drop_pending(cat);
	return rc;
}
