/* bench_search.c - search on a catalog of N photos (default 1,000,000).
 *
 *   bench_search [--photos N] [--catalog FILE] [--runs R]
 *
 * Builds the catalog through the library (capcat_catalog_put with
 * generated captions, credits, people, places, dates and GPS; no files),
 * unless FILE already holds N photos, then times free-text, person, place,
 * date-range and combined queries: the median of R runs of each (after one
 * warm-up), printed with the number of photos found.  The target is under
 * 50 ms each.  Timings are printed, never asserted: machines are noisy.
 */
#include "capcat/catalog.h"
#include "capcat/search.h"
#include "capcat/util.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const first_names[] = {
	"Masoud", "Abdul Latif", "Mohamed", "Yahya", "Hadi", "Safin", "Atta", "Murtada", "Dana",
	"Samir", "Rami", "Leah", "Tom", "Kay", "Maya", "Karim", "Lena", "Khalid", "Anna", "Chris",
	"Noa", "Ahmad", "Gailan", "Jon", "Yossi", "Ali", "Sara", "Alexei", "Omar", "Fatima",
	"Nadia", "Hassan", "Layla", "Yusuf", "Mariam", "Tariq", "Rania", "Bilal", "Huda", "Ziad",
};
static const char *const last_names[] = {
	"Pezeshkian", "Rashid", "al-Sudani", "Sinwar", "Mizban", "Hamed", "Kenare", "Levi",
	"Haddad", "Nasser", "Carmel", "Weller", "Brandt", "Ortiz", "Sahib", "Moreau", "Mansour",
	"Vidic", "Dalton", "Klein", "Saleh", "Haji", "Reyes", "Adler", "Nour", "Leon", "Orlov",
	"Khalil", "Aziz", "Jaber", "Karimi", "Hosseini", "Farouk", "Salem", "Darwish", "Bakr",
	"Yousef", "Qasim", "Hadid", "Sabri", "Tamimi", "Obeidi", "Jubouri", "Zaidi", "Amiri",
};
static const struct { const char *city, *country; double lat, lon; } places[] = {
	{ "Baghdad", "Iraq", 33.31, 44.37 }, { "Erbil", "Iraq", 36.19, 44.01 },
	{ "Basra", "Iraq", 30.51, 47.81 }, { "Mosul", "Iraq", 36.34, 43.13 },
	{ "Tehran", "Iran", 35.69, 51.39 }, { "Isfahan", "Iran", 32.65, 51.67 },
	{ "Damascus", "Syria", 33.51, 36.29 }, { "Aleppo", "Syria", 36.20, 37.16 },
	{ "Beirut", "Lebanon", 33.89, 35.50 }, { "Amman", "Jordan", 31.95, 35.93 },
	{ "Jerusalem", "Israel", 31.77, 35.21 }, { "Tel Aviv", "Israel", 32.08, 34.78 },
	{ "Cairo", "Egypt", 30.04, 31.24 }, { "Riyadh", "Saudi Arabia", 24.71, 46.68 },
	{ "Ankara", "Turkey", 39.93, 32.86 }, { "Istanbul", "Turkey", 41.01, 28.98 },
	{ "Kyiv", "Ukraine", 50.45, 30.52 }, { "Moscow", "Russia", 55.76, 37.62 },
	{ "Paris", "France", 48.86, 2.35 }, { "Washington", "United States", 38.90, -77.04 },
};
static const char *const events[] = {
	"attend the funeral of a commander", "walk past a damaged building", "gather for a protest",
	"inspect the site of an airstrike", "arrive for talks", "wait at a checkpoint",
	"celebrate after a football match", "pray at a mosque", "carry supplies through a market",
	"stand in line for bread", "watch a military parade", "light candles at a vigil",
};
/* credit lines: text before and after the photographer's name */
static const char *const credits[][2] = {
	{ "", " / AFP" }, { "AP Photo/", "" }, { "REUTERS/", "" }, { "Photo by ", "/Getty Images" },
	{ "EPA/", "" }, { "", " / POOL / AFP" }, { "AP Photo/", ", File" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static unsigned long long rng = 88172645463325252ull;
static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void person(char *out, size_t n)
{
	snprintf(out, n, "%s %s", first_names[next(N(first_names))], last_names[next(N(last_names))]);
}

/* One generated photo: caption, credit, date, GPS for one in three. */
static void make_photo(struct capcat_photo *ph, long i)
{
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	char who[64], who2[64], shooter[64], cred[128], caption[512], path[64], taken[64];
	int p = (int)next(N(places)), y = 2015 + (int)next(11), m = 1 + (int)next(12), d = 1 + (int)next(28);

	person(who, sizeof(who));
	person(who2, sizeof(who2));
	person(shooter, sizeof(shooter));
	int k = (int)next(N(credits));

	snprintf(cred, sizeof(cred), "%s%s%s", credits[k][0], shooter, credits[k][1]);
	snprintf(caption, sizeof(caption), "%s (L) meets %s as fighters %s in %s, %s on %s %d, %d. (%s)",
		 who, who2, events[next(N(events))], places[p].city, places[p].country, months[m - 1],
		 d, y, cred);
	snprintf(path, sizeof(path), "/bench/%04ld/IMG_%07ld.jpg", i / 1000, i);
	snprintf(taken, sizeof(taken), "%04d-%02d-%02dT%02u:%02u:00", y, m, d, next(24) % 24u,
		 next(60) % 60u);
	capcat_photo_init(ph);
	capcat_photo_set_str(&ph->path, path, strlen(path));
	capcat_photo_set_str(&ph->mime, "image/jpeg", 10);
	capcat_photo_set_str(&ph->taken, taken, strlen(taken));
	capcat_photo_set_str(&ph->make, i % 2 ? "Canon" : "NIKON CORPORATION", i % 2 ? 5 : 17);
	ph->size = 3000000 + i;
	ph->mtime_ns = 1700000000000000000LL + i;
	ph->fingerprint = (capcat_fingerprint)(i * 2654435761u + 1);
	ph->width = 6000;
	ph->height = 4000;
	if (i % 3 == 0) {
		ph->has_gps = 1;
		ph->gps_lat = places[p].lat + (next(1000) - 500) / 20000.0;
		ph->gps_lon = places[p].lon + (next(1000) - 500) / 20000.0;
	}
	capcat_meta_add(&ph->meta, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC, caption, strlen(caption));
	capcat_meta_add(&ph->meta, CAPCAT_F_KEYWORD, CAPCAT_SRC_IPTC, "news", 4);
}

static int build(struct capcat_catalog *cat, long n)
{
	struct capcat_err err = { 0 };
	double t0 = capcat_monotonic();

	for (long i = 0; i < n; i++) {
		struct capcat_photo ph;
		if (i % 10000 == 0 && i && capcat_catalog_commit(cat, &err))
			goto fail;
		if (i % 10000 == 0 && capcat_catalog_begin(cat, &err))
			goto fail;
		make_photo(&ph, i);
		if (capcat_catalog_put(cat, &ph, 0, NULL, &err)) {
			capcat_photo_release(&ph);
			goto fail;
		}
		capcat_photo_release(&ph);
		if (i % 100000 == 99999)
			fprintf(stderr, "built %ld photos, %.0f photos/s\n", i + 1,
				(double)(i + 1) / (capcat_monotonic() - t0));
	}
	if (capcat_catalog_commit(cat, &err))
		goto fail;
	printf("built %ld photos in %.1f s\n", n, capcat_monotonic() - t0);
	return 0;
fail:
	fprintf(stderr, "bench_search: %s\n", err.msg);
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void timed(struct capcat_catalog *cat, const char *label, const struct capcat_query *q,
		  int runs)
{
	double t[101];
	size_t n = 0;

	if (runs > 101)
		runs = 101;
	for (int r = -1; r < runs; r++) {       /* one warm-up run */
		struct capcat_err err = { 0 };
		int64_t *ids = NULL;
		double t0 = capcat_monotonic();
		if (capcat_search(cat, q, &ids, &n, &err)) {
			fprintf(stderr, "bench_search: %s: %s\n", label, err.msg);
			return;
		}
		if (r >= 0)
			t[r] = (capcat_monotonic() - t0) * 1000;
		free(ids);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
	printf("%-34s %8.2f ms  (%zu photos)%s\n", label, t[runs / 2], n,
	       t[runs / 2] < 50 ? "" : "  OVER 50 ms");
}

int main(int argc, char **argv)
{
	const char *path = "bench-search.db";
	long n = 1000000;
	int runs = 21, rc = 0;
	struct capcat_catalog *cat = NULL;
	struct capcat_err err = { 0 };
	struct capcat_stats st;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--photos")) n = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--catalog")) path = argv[i + 1];
		else if (!strcmp(argv[i], "--runs")) runs = atoi(argv[i + 1]);
	}
	/* as the capcat command does, less its huge pages */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 8 << 20);
	if (capcat_catalog_open(&cat, path, &err)) {
		fprintf(stderr, "bench_search: %s: %s\n", path, err.msg);
		return 1;
	}
	if (!capcat_catalog_stats(cat, &st, &err) && st.photos < n)
		rc = build(cat, n - st.photos);
	capcat_stats_release(&st);
	if (!rc) {
		struct capcat_query text = CAPCAT_QUERY_INIT, who = CAPCAT_QUERY_INIT,
			where = CAPCAT_QUERY_INIT, when = CAPCAT_QUERY_INIT, all = CAPCAT_QUERY_INIT,
			region = CAPCAT_QUERY_INIT, near = CAPCAT_QUERY_INIT;
		text.text = "funeral commander";
		who.person = "Pezeshkian";
		where.place = "Erbil";
		/* a region, not a town's name: its country and region codes */
		region.place = "Damascus Governorate";
		/* the photo_gps index's range, then each photo's distance */
		capcat_query_near(&near, "36.19,44.01,25", NULL);
		capcat_query_from(&when, "2024-09-01", NULL);
		capcat_query_to(&when, "2024-09-30", NULL);
		all.text = "funeral";
		all.person = "Masoud Pezeshkian";
		capcat_query_from(&all, "2024-01-01", NULL);
		capcat_query_to(&all, "2024-12-31", NULL);
		/* every match, then the first page of 100 as a screen shows it */
		for (int page = 0; page < 2; page++) {
			int64_t lim = page ? 100 : 0;
			text.limit = who.limit = where.limit = when.limit = all.limit = lim;
			region.limit = near.limit = lim;
			printf("queries on %ld photos, median of %d runs, %s:\n", n, runs,
			       page ? "first 100 by date" : "all matches by date");
			timed(cat, "text \"funeral commander\"", &text, runs);
			timed(cat, "person Pezeshkian", &who, runs);
			timed(cat, "place Erbil (with alternates)", &where, runs);
			timed(cat, "place Damascus Governorate", &region, runs);
			timed(cat, "near Erbil, 25 km", &near, runs);
			timed(cat, "date 2024-09-01..2024-09-30", &when, runs);
			timed(cat, "text + person + date range", &all, runs);
		}
	}
	capcat_catalog_close(cat);
	return rc;
}
