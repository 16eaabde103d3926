/* cmd_thumbnail.c - capcat thumbnail PHOTO [-o FILE] | --all */
#include "cli.h"
#include "capcat/thumb.h"
#include "capcat/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_thumbnail_usage[] =
	"usage: capcat thumbnail [--size N] [-o FILE [--force]] PHOTO\n"
	"       capcat thumbnail --all [--size N] [--jobs N]\n"
	"\n"
	"Write the thumbnail of PHOTO (a catalog id or a path) as a JPEG file, upright,\n"
	"N pixels on its long side: FILE, else NAME-thumb.jpg in the current folder\n"
	"(NAME: the photo's file name without its extension); the file written is\n"
	"printed.  The stored thumbnail is used when it is large enough; otherwise one\n"
	"is made from the photo (raw files: from their largest embedded preview) and\n"
	"stored.  -o writes atomically and never replaces a file unless --force.\n"
	"\n"
	"--all makes every missing or too small thumbnail of the catalog and prints how\n"
	"many were made; photos with no image capcat decodes (HEIF, PNG, raw files\n"
	"without a preview...) are recorded as having none and not tried again.\n"
	"\n"
	"  -o, --output FILE   write the thumbnail here ('-': standard output)\n"
	"      --force         replace FILE if it exists\n"
	"  -s, --size N        pixels on the long side, 16 to 4096 (default: 256)\n"
	"  -a, --all           every photo whose thumbnail is missing or too small\n"
	"  -j, --jobs N        with --all: make them in N threads (default: online CPUs)\n";

#define BATCH 64
#define MAX_JOBS 64

struct topts {
	const char *output;
	int force, size, all, jobs;
};

/* ---- one photo ---- */

/* "NAME-thumb.jpg" for the photo at 'path'. */
static char *default_name(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	char *out;
	size_t n;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if ((out = malloc(n + sizeof("-thumb.jpg"))))
		sprintf(out, "%.*s-thumb.jpg", (int)n, base);
	return out;
}

static int long_side(int w, int h)
{
	return w > h ? w : h;
}

/* A stored thumbnail, held while deciding. */
struct stored {
	unsigned char *jpeg;
	size_t len;
	int width, height;
	char *source;
};

static void stored_release(struct stored *s)
{
	free(s->jpeg);
	free(s->source);
}

/* 0 (s->jpeg NULL when there is none, or only a "none" row), or an error. */
static int stored_get(struct capcat_catalog *cat, int64_t id, struct stored *s,
		      struct capcat_err *err)
{
	int rc = capcat_catalog_thumb_get(cat, id, &s->jpeg, &s->len, &s->width, &s->height,
					  &s->source, err);

	return rc == CAPCAT_ENOTFOUND ? 0 : rc;
}

/* The stored thumbnail at 'size': EXIF thumbnails are not upright. */
static int from_stored(struct capcat_thumb *t, const struct stored *s, int orientation,
		       int size, struct capcat_err *err)
{
	int upright = strcmp(s->source, "exif") != 0 || orientation <= 1;

	if (upright && long_side(s->width, s->height) == size) {
		if (!(t->jpeg = malloc(s->len)))
			return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		memcpy(t->jpeg, s->jpeg, s->len);
		t->len = s->len;
		t->width = s->width;
		t->height = s->height;
		t->source = !strcmp(s->source, "exif") ? "exif" :
			    !strcmp(s->source, "made") ? "made" : "preview";
		return 0;
	}
	return capcat_thumb_from_jpeg(t, s->jpeg, s->len, upright ? 1 : orientation, size, err);
}

/* Make a thumbnail from the file; a photo with no image capcat decodes
 * falls back to the stored (smaller) one, scaled.  What is made is stored
 * unless the catalog has a larger one; "none" when there is nothing. */
static int make_and_store(struct capcat_catalog *cat, const struct capcat_record *rec,
			  const struct stored *s, int size, struct capcat_thumb *t,
			  struct capcat_err *err)
{
	int rc = capcat_thumb_make(t, rec->ph.path, rec->ph.orientation, size, err);

	if ((rc == CAPCAT_EUNSUPPORTED || rc == CAPCAT_EFORMAT) && s->jpeg &&
	    from_stored(t, s, rec->ph.orientation, size, NULL) == 0)
		rc = 0;
	if (rc == CAPCAT_EUNSUPPORTED || rc == CAPCAT_EFORMAT) {
		if (!s->source)         /* remember: not tried again by --all */
			(void)capcat_catalog_thumb_put(cat, rec->id, "none", NULL, 0, 0, 0, NULL);
		return rc;
	}
	if (rc || (s->jpeg && long_side(s->width, s->height) >= long_side(t->width, t->height)))
		return rc;
	return capcat_catalog_thumb_put(cat, rec->id, t->source, t->jpeg, t->len, t->width,
					t->height, err);
}

static int thumb_of(struct capcat_catalog *cat, const struct capcat_record *rec, int size,
		    struct capcat_thumb *t, struct capcat_err *err)
{
	struct stored s = { 0 };
	int rc = stored_get(cat, rec->id, &s, err);

	if (rc)
		goto cleanup;
	if (s.jpeg && long_side(s.width, s.height) >= size)
		rc = from_stored(t, &s, rec->ph.orientation, size, err);
	else
		rc = make_and_store(cat, rec, &s, size, t, err);
cleanup:
	stored_release(&s);
	return rc;
}

static int write_thumb(const char *dest, const struct capcat_thumb *t, int force)
{
	struct capcat_atomic at;
	struct capcat_err err = { 0 };
	int rc = CLI_OK;

	if (!strcmp(dest, "-")) {
		if (isatty(STDOUT_FILENO))
			return cli_error("thumbnail", "standard output is a terminal, not a JPEG file");
		if (fwrite(t->jpeg, 1, t->len, stdout) != t->len)
			return cli_error("stdout", "write failed");
		return CLI_OK;
	}
	memset(&at, 0, sizeof(at));
	if (capcat_atomic_open(&at, dest, force, &err) ||
	    fwrite(t->jpeg, 1, t->len, at.file) != t->len ||
	    capcat_atomic_commit(&at, &err))
		rc = cli_error(dest, "%s", err.msg[0] ? err.msg : "write failed");
	capcat_atomic_abort(&at);
	return rc;
}

static int thumb_one(struct cli *cli, const char *photo, const struct topts *o)
{
	struct capcat_record rec;
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	char *dest = NULL;
	int64_t id = 0;
	int rc = CLI_OK;

	capcat_record_init(&rec);
	capcat_thumb_init(&t);
	if (capcat_catalog_resolve(cli->cat, photo, &id, &err) ||
	    capcat_catalog_get(cli->cat, id, &rec, &err)) {
		rc = cli_error(photo, "%s", err.msg);
		goto cleanup;
	}
	if (!(dest = o->output ? strdup(o->output) : default_name(rec.ph.path))) {
		rc = cli_error("thumbnail", "out of memory");
		goto cleanup;
	}
	if (strcmp(dest, "-") && !o->force && access(dest, F_OK) == 0) {
		rc = cli_error(dest, "already exists (--force to replace it)");
		goto cleanup;
	}
	if (thumb_of(cli->cat, &rec, o->size, &t, &err)) {
		rc = cli_error_err(photo, &err);
		goto cleanup;
	}
	rc = write_thumb(dest, &t, o->force);
	if (!rc && strcmp(dest, "-") && !cli->quiet)
		printf("%s\n", dest);
cleanup:
	free(dest);
	capcat_thumb_release(&t);
	capcat_record_release(&rec);
	return rc;
}

/* ---- every photo: made in parallel, stored by this thread ---- */

struct result {
	struct capcat_thumb t;
	struct capcat_err err;
	int rc;
};

struct all {
	struct cli *cli;
	int64_t *ids;
	char **paths;
	int *orient;
	size_t n;
	int size, jobs;
	struct result res[BATCH];
	size_t from, count;             /* the batch: [from, from + count) */
	pthread_mutex_t lock;
	size_t next;
	int64_t made, none, failed;
};

static void *maker(void *arg)
{
	struct all *a = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&a->lock);
		i = a->next < a->count ? a->next++ : BATCH;
		pthread_mutex_unlock(&a->lock);
		if (i == BATCH)
			return NULL;
		a->res[i].rc = capcat_thumb_make(&a->res[i].t, a->paths[a->from + i],
						 a->orient[a->from + i], a->size, &a->res[i].err);
	}
}

static void make_batch(struct all *a)
{
	pthread_t tid[MAX_JOBS];
	int started = 0;

	a->next = 0;
	for (int t = 1; t < a->jobs && (size_t)t < a->count; t++) {
		if (pthread_create(&tid[t], NULL, maker, a) != 0)
			break;
		started = t;
	}
	maker(a);                       /* the writer makes them too */
	for (int t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
}

/* No image in the file: the stored (smaller) thumbnail scaled, else "none". */
static int store_fallback(struct all *a, size_t k, struct capcat_err *err)
{
	struct capcat_catalog *cat = a->cli->cat;
	struct capcat_thumb t;
	struct stored s = { 0 };
	int rc = stored_get(cat, a->ids[k], &s, err);

	capcat_thumb_init(&t);
	if (!rc && s.jpeg &&
	    from_stored(&t, &s, a->orient[k], a->size, NULL) == 0) {
		rc = capcat_catalog_thumb_put(cat, a->ids[k], t.source, t.jpeg, t.len, t.width,
					      t.height, err);
		a->made++;
	} else if (!rc) {
		/* damaged is worth saying; not an image we decode (HEIF...) is not */
		if (a->res[k - a->from].rc == CAPCAT_EFORMAT && !a->cli->quiet)
			cli_error(a->paths[k], "warning: no thumbnail: %s", a->res[k - a->from].err.msg);
		rc = capcat_catalog_thumb_put(cat, a->ids[k], "none", NULL, 0, 0, 0, err);
		a->none++;
	}
	capcat_thumb_release(&t);
	stored_release(&s);
	return rc;
}

static int store_one(struct all *a, size_t i, struct capcat_err *err)
{
	struct result *r = &a->res[i];
	size_t k = a->from + i;

	if (r->rc == 0) {
		a->made++;
		return capcat_catalog_thumb_put(a->cli->cat, a->ids[k], r->t.source, r->t.jpeg,
						r->t.len, r->t.width, r->t.height, err);
	}
	if (r->rc == CAPCAT_EUNSUPPORTED || r->rc == CAPCAT_EFORMAT)
		return store_fallback(a, k, err);
	a->failed++;
	cli_error(a->paths[k], "%s", r->err.msg[0] ? r->err.msg : "cannot make a thumbnail");
	return 0;
}

static int store_batch(struct all *a)
{
	struct capcat_err err = { 0 };
	int rc = capcat_catalog_begin(a->cli->cat, &err);

	for (size_t i = 0; !rc && i < a->count; i++)
		rc = store_one(a, i, &err);
	if (!rc)
		rc = capcat_catalog_commit(a->cli->cat, &err);
	if (rc) {
		capcat_catalog_rollback(a->cli->cat);
		return cli_error("catalog", "%s", err.msg);
	}
	return CLI_OK;
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

static int run_all(struct all *a)
{
	double start = capcat_monotonic(), elapsed;
	int rc = CLI_OK;

	for (a->from = 0; !rc && a->from < a->n; a->from += a->count) {
		a->count = a->n - a->from < BATCH ? a->n - a->from : BATCH;
		memset(a->res, 0, sizeof(a->res));
		make_batch(a);
		rc = store_batch(a);
		for (size_t i = 0; i < a->count; i++)
			capcat_thumb_release(&a->res[i].t);
	}
	elapsed = capcat_monotonic() - start;
	if (!rc && !a->cli->quiet)
		printf("made        %lld\nnone        %lld\nfailed      %lld\n"
		       "elapsed     %.2f s, %zu files, %.0f files/s\n",
		       (long long)a->made, (long long)a->none, (long long)a->failed, elapsed, a->n,
		       elapsed > 0 ? (double)a->n / elapsed : 0.0);
	return rc ? rc : a->failed ? CLI_FAILED : CLI_OK;
}

static int thumb_all(struct cli *cli, const struct topts *o)
{
	struct all *a = calloc(1, sizeof(*a));
	struct capcat_err err = { 0 };
	int rc;

	if (!a)
		return cli_error("thumbnail", "out of memory");
	a->cli = cli;
	a->size = o->size;
	a->jobs = o->jobs > 0 ? (o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs) : online_cpus();
	pthread_mutex_init(&a->lock, NULL);
	if (capcat_catalog_thumb_missing(cli->cat, o->size, &a->ids, &a->paths, &a->orient, &a->n,
					 &err))
		rc = cli_error("catalog", "%s", err.msg);
	else
		rc = run_all(a);
	for (size_t i = 0; i < a->n; i++)
		free(a->paths[i]);
	free(a->ids);
	free(a->paths);
	free(a->orient);
	pthread_mutex_destroy(&a->lock);
	free(a);
	return rc;
}

/* ---- options ---- */

static int parse(int argc, char **argv, struct topts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' }, { "force", no_argument, NULL, 'F' },
		{ "size", required_argument, NULL, 's' }, { "all", no_argument, NULL, 'a' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, ":o:s:aj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'F': o->force = 1; break;
		case 'a': o->all = 1; break;
		case 's':
			o->size = cli_parse_count(optarg);
			if (o->size < 16 || o->size > 4096)
				return cli_usage_error("thumbnail", "--size wants 16 to 4096, not '%s'",
						       optarg);
			break;
		case 'j':
			if ((o->jobs = cli_parse_count(optarg)) < 0)
				return cli_usage_error("thumbnail",
						       "--jobs wants a positive number, not '%s'", optarg);
			break;
		default:
			return cli_bad_option("thumbnail", argc, argv, c);
		}
	}
	if (o->all && (optind != argc || o->output || o->force))
		return cli_usage_error("thumbnail", "--all takes no PHOTO, -o or --force");
	if (!o->all && optind == argc)
		return cli_usage_error("thumbnail", "no PHOTO given");
	if (!o->all && argc - optind > 1)
		return cli_usage_error("thumbnail", "one PHOTO at a time");
	if (!o->all && o->jobs)
		return cli_usage_error("thumbnail", "--jobs goes with --all");
	return CLI_OK;
}

int cmd_thumbnail(int argc, char **argv, struct cli *cli)
{
	struct topts o = { .size = CAPCAT_THUMB_SIZE };
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc;
	return o.all ? thumb_all(cli, &o) : thumb_one(cli, argv[optind], &o);
}
