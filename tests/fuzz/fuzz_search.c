/* fuzz_search.c - libFuzzer target for the search query parser.
 *
 * The input is split at newlines into what a user types on the command
 * line: text, --person, --place, --agency, --photographer, --camera,
 * --date, --from, --to, --near, --missing and a sort/limit byte.  Each goes
 * through the parser the CLI uses, then capcat_search() and
 * capcat_facets() run on a small catalog of real-looking photos, built
 * once in memory.  The invariant: a query either runs or is refused as a
 * usage error in plain words; never an SQL error, never a message that
 * leaks SQL, never a crash.
 */
#include "capcat/catalog.h"
#include "capcat/photo.h"
#include "capcat/search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct capcat_catalog *cat;

static const char *const captions[] = {
	"Iraq's President Abdul Latif Rashid (R) meets his counterpart from Iran Masoud "
	"Pezeshkian in Baghdad on September 11, 2024. (Murtada AL-SUDANI / POOL / AFP)",
	"People gather in Erbil, the capital of the northern Iraqi Kurdish autonomous region, "
	"on March 13, 2022. (Photo by SAFIN HAMED / AFP)",
	"A banner of Hamas leader Yahya Sinwar (top) next to Palestine Square in Tehran on "
	"August 12, 2024. (Photo by ATTA KENARE / AFP)",
	"FILE - A man walks in Baghdad, Iraq, Feb. 8, 2024. (AP Photo/Hadi Mizban, File)",
	"50% of \"quoted\" it's_a 100% test * OR NOT (x) near: caf\xc3\xa9 Z\xc3\xbcrich",
};

static void add_photo(int i)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	char path[64];

	capcat_photo_init(&ph);
	snprintf(path, sizeof(path), "/fuzz/IMG_%04d.jpg", i);
	capcat_photo_set_str(&ph.path, path, strlen(path));
	capcat_photo_set_str(&ph.mime, "image/jpeg", 10);
	capcat_photo_set_str(&ph.taken, "2024-09-11T10:00:00", 19);
	capcat_photo_set_str(&ph.make, "Canon", 5);
	ph.size = 1000 + i;
	ph.fingerprint = (capcat_fingerprint)(i + 1);
	if (i % 2) {
		ph.has_gps = 1;
		ph.gps_lat = 35.69;
		ph.gps_lon = 51.39;
	}
	capcat_meta_add(&ph.meta, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC, captions[i],
			strlen(captions[i]));
	if (capcat_catalog_put(cat, &ph, 0, NULL, &err))
		abort();
	capcat_photo_release(&ph);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct capcat_err err = { 0 };

	(void)argc;
	(void)argv;
	if (capcat_catalog_open(&cat, ":memory:", &err)) {
		fprintf(stderr, "fuzz_search: %s\n", err.msg);
		abort();
	}
	for (int i = 0; i < (int)(sizeof(captions) / sizeof(captions[0])); i++)
		add_photo(i);
	return 0;
}

/* A refusal must be a usage error in words, never SQLite's: its words
 * may be in the message only when the user typed them. */
static void check_refusal(int rc, const struct capcat_err *err, const char *input)
{
	static const char *const sqlite_words[] = { "sql", "fts5", "syntax error", "no such" };

	if (!rc)
		return;
	if (rc != CAPCAT_EUSAGE && rc != CAPCAT_ENOMEM) {
		fprintf(stderr, "fuzz_search: unexpected error %d: %s\n", rc, err->msg);
		abort();
	}
	for (size_t i = 0; i < sizeof(sqlite_words) / sizeof(sqlite_words[0]); i++)
		if (strcasestr(err->msg, sqlite_words[i]) && !strcasestr(input, sqlite_words[i])) {
			fprintf(stderr, "fuzz_search: SQLite's words: %s\n", err->msg);
			abort();
		}
}

/* Fields split at '\n'; 'field[i]' is NULL when the input has fewer. */
static int parse(struct capcat_query *q, char **f, struct capcat_err *err)
{
	int rc = 0;

	q->text = f[0] && *f[0] ? f[0] : NULL;
	q->person = f[1] && *f[1] ? f[1] : NULL;
	q->place = f[2] && *f[2] ? f[2] : NULL;
	q->agency = f[3] && *f[3] ? f[3] : NULL;
	q->photographer = f[4] && *f[4] ? f[4] : NULL;
	q->camera = f[5] && *f[5] ? f[5] : NULL;
	if (!rc && f[6] && *f[6]) rc = capcat_query_date(q, f[6], err);
	if (!rc && f[7] && *f[7]) rc = capcat_query_from(q, f[7], err);
	if (!rc && f[8] && *f[8]) rc = capcat_query_to(q, f[8], err);
	if (!rc && f[9] && *f[9]) rc = capcat_query_near(q, f[9], err);
	if (!rc && f[10] && *f[10]) rc = capcat_query_missing(q, f[10], err);
	if (f[11] && *f[11]) {
		q->sort = (enum capcat_sort)((unsigned char)*f[11] % 3);
		q->limit = (unsigned char)*f[11] / 3 % 4;
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "people", "places", "agencies" };
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_err err = { 0 };
	struct capcat_facet *facets = NULL;
	char *s = malloc(size + 1), *copy = malloc(size + 1), *f[12] = { 0 };
	int64_t *ids = NULL;
	size_t n = 0, nf = 0;
	int rc;

	if (!s || !copy) {
		free(s);
		free(copy);
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	memcpy(copy, s, size + 1);
	for (size_t i = 0; i < size; i++)       /* one string to look in */
		copy[i] = copy[i] ? copy[i] : ' ';
	f[0] = s;
	for (int i = 1; i < 12 && f[i - 1]; i++) {
		char *nl = strchr(f[i - 1], '\n');
		if (nl)
			*nl = '\0';
		f[i] = nl ? nl + 1 : NULL;
	}
	rc = parse(&q, f, &err);
	check_refusal(rc, &err, copy);
	if (!rc) {
		check_refusal(capcat_search(cat, &q, &ids, &n, &err), &err, copy);
		free(ids);
		check_refusal(capcat_facets(cat, kinds[size % 3], &q, &facets, &nf, &err), &err, copy);
		capcat_facets_free(facets, nf);
	}
	free(s);
	free(copy);
	return 0;
}
