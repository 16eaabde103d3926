/* import.c - the import pipeline: walk, check, read in parallel, write.
 *
 * The walk fills a batch of files.  The writer thread (the caller) drops
 * the ones the catalog already has unchanged, 'jobs' reader threads read
 * the rest into struct capcat_photo, and the writer stores the results in
 * walk order, one transaction per batch.  Memory stays flat: a batch, and a
 * bitmap of the photo ids seen (to find vanished files).
 */
#include "capcat/import.h"
#include "capcat/read.h"
#include "capcat/thumb.h"
#include "capcat/util.h"
#include "capcat/walk.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 256
#define MAX_JOBS 64

struct entry {
	char *path;
	int64_t size, mtime_ns;
	int64_t known_id;               /* 0: not in the catalog */
	int todo;                       /* must be read */
	int rc;                         /* result of the read */
	struct capcat_photo ph;
	struct capcat_err err;
	struct capcat_thumb thumb;      /* made when the photo has none */
	int thumb_rc;                   /* THUMB_NOT_TRIED, or what making it gave */
};

#define THUMB_NOT_TRIED 1

/* A set of photo ids: ids are dense rowids, so a bitmap stays small. */
struct bitmap {
	unsigned char *bits;
	size_t bytes;
};

struct job {
	struct capcat_catalog *cat;
	const struct capcat_import_opts *opts;
	struct capcat_import_stats *st;
	struct capcat_reader *readers[MAX_JOBS];
	int jobs;
	struct entry batch[BATCH];
	int n;
	struct bitmap seen;             /* photos met by this walk */
	struct bitmap fresh;            /* photos read by this run */
	char folder[1024];              /* for progress */
	double start;
	struct capcat_err *err;
	int fatal;                      /* a catalog error: stop */
	/* shared with the reader threads during one batch */
	pthread_mutex_t lock;
	int next;
};

static void bitmap_set(struct bitmap *b, int64_t id)
{
	size_t byte = (size_t)id / 8;

	if (id <= 0)
		return;
	if (byte >= b->bytes) {
		size_t n = b->bytes ? b->bytes : 4096;
		unsigned char *p;
		while (n <= byte)
			n *= 2;
		if (!(p = realloc(b->bits, n)))
			return;         /* worst case: a file is re-checked by stat */
		memset(p + b->bytes, 0, n - b->bytes);
		b->bits = p;
		b->bytes = n;
	}
	b->bits[byte] |= (unsigned char)(1u << (id % 8));
}

static int bitmap_has(const struct bitmap *b, int64_t id)
{
	size_t byte = (size_t)id / 8;

	return id > 0 && byte < b->bytes && (b->bits[byte] >> (id % 8) & 1);
}

static void see(struct job *j, int64_t id)
{
	bitmap_set(&j->seen, id);
}

static int was_seen(const struct job *j, int64_t id)
{
	return bitmap_has(&j->seen, id);
}

static void problem(struct job *j, const char *path, const char *msg, int warning)
{
	if (j->opts->problem)
		j->opts->problem(j->opts->payload, path, msg, warning);
}

/* ---- reading, in parallel ---- */

static void read_one(struct capcat_reader *r, struct entry *e, int thumbnails)
{
	capcat_err_clear(&e->err);
	e->rc = capcat_reader_read(r, &e->ph, e->path, &e->err);
	e->thumb_rc = THUMB_NOT_TRIED;
	/* only photos with no thumbnail at all: decoding costs more than reading */
	if (!e->rc && thumbnails && !e->ph.thumb)
		e->thumb_rc = capcat_thumb_make(&e->thumb, e->path, e->ph.orientation,
						CAPCAT_THUMB_SIZE, NULL);
}

struct worker {
	struct job *j;
	struct capcat_reader *r;
};

static void *reader_thread(void *arg)
{
	struct job *j = ((struct worker *)arg)->j;
	struct capcat_reader *r = ((struct worker *)arg)->r;

	for (;;) {
		int i;
		pthread_mutex_lock(&j->lock);
		while (j->next < j->n && !j->batch[j->next].todo)
			j->next++;
		i = j->next < j->n ? j->next++ : -1;
		pthread_mutex_unlock(&j->lock);
		if (i < 0)
			return NULL;
		read_one(r, &j->batch[i], !j->opts->no_thumbnails);
	}
}

static void read_batch(struct job *j)
{
	pthread_t tid[MAX_JOBS];
	struct worker args[MAX_JOBS];
	int started = 0, todo = 0;

	for (int i = 0; i < j->n; i++)
		todo += j->batch[i].todo;
	j->next = 0;
	if (j->jobs > 1 && todo > 1) {
		for (int t = 1; t < j->jobs; t++) {
			args[t].j = j;
			args[t].r = j->readers[t];
			if (pthread_create(&tid[t], NULL, reader_thread, &args[t]) != 0)
				break;
			started = t;
		}
	}
	args[0].j = j;
	args[0].r = j->readers[0];
	reader_thread(&args[0]);         /* the writer reads too */
	for (int t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
}

/* ---- the writer ---- */

/* Before reading: is this file known and unchanged? */
static int check_entry(struct job *j, struct entry *e)
{
	struct capcat_known k;
	int rc = capcat_catalog_lookup(j->cat, e->path, &k, j->err);

	if (rc == CAPCAT_ENOTFOUND) {
		rc = capcat_catalog_other_known(j->cat, e->path, e->size, e->mtime_ns, j->err);
		if (rc == 0) {
			j->st->not_images++;
			return 0;
		}
		if (rc != CAPCAT_ENOTFOUND)
			return rc;
		e->todo = 1;
		return 0;
	}
	if (rc)
		return rc;
	e->known_id = k.id;
	see(j, k.id);
	if (k.size == e->size && k.mtime_ns == e->mtime_ns) {
		if (k.missing) {        /* back where it was */
			j->st->updated++;
			return capcat_catalog_set_missing(j->cat, k.id, 0, j->err);
		}
		j->st->unchanged++;
		return 0;
	}
	e->todo = 1;
	return 0;
}

/* A photo whose sidecar changed: read it again, unless this run did. */
static int refresh_owner(void *payload, int64_t id, const char *path)
{
	struct job *j = payload;
	struct capcat_photo ph;
	struct capcat_err e = { 0 };
	int rc = 0;

	if (bitmap_has(&j->fresh, id))
		return 0;
	capcat_photo_init(&ph);
	if (capcat_reader_read(j->readers[0], &ph, path, &e) == 0) {
		rc = capcat_catalog_put(j->cat, &ph, id, NULL, j->err);
		bitmap_set(&j->fresh, id);
		j->st->updated++;
	}
	capcat_photo_release(&ph);
	return rc;
}

/* The thumbnail the reader made; "none" when the photo has no image we
 * decode, so that it is not tried again.  Other failures (EIO, ENOMEM)
 * store nothing: 'capcat thumbnail --all' tries again. */
static int store_thumb(struct job *j, const struct entry *e, int64_t id)
{
	if (e->thumb_rc == 0)
		return capcat_catalog_thumb_put(j->cat, id, e->thumb.source, e->thumb.jpeg,
						e->thumb.len, e->thumb.width, e->thumb.height, j->err);
	if (e->thumb_rc == CAPCAT_EUNSUPPORTED || e->thumb_rc == CAPCAT_EFORMAT)
		return capcat_catalog_thumb_put(j->cat, id, "none", NULL, 0, 0, 0, j->err);
	return 0;
}

/* After reading: store what the file said. */
static int store_entry(struct job *j, struct entry *e)
{
	int64_t id = e->known_id, moved = 0;
	int rc;

	if (e->rc == CAPCAT_EUNSUPPORTED) {
		j->st->not_images++;
		rc = capcat_catalog_other_put(j->cat, e->path, e->ph.size, e->ph.mtime_ns,
					      e->ph.mime, j->err);
		/* a new or changed sidecar changes what its photo says */
		if (!rc)
			rc = capcat_catalog_each_sidecar_owner(j->cat, e->path, refresh_owner, j, j->err);
		return rc;
	}
	if (e->rc) {
		j->st->failed++;
		problem(j, e->path, e->err.msg[0] ? e->err.msg : "cannot read", 0);
		return 0;               /* what the catalog had stays */
	}
	if (!id) {
		rc = capcat_catalog_find_moved(j->cat, e->ph.fingerprint, e->ph.size, &moved, j->err);
		if (rc && rc != CAPCAT_ENOTFOUND)
			return rc;
		id = moved;
	}
	rc = capcat_catalog_put(j->cat, &e->ph, id, &id, j->err);
	if (!rc)
		rc = store_thumb(j, e, id);
	if (rc)
		return rc;
	see(j, id);
	bitmap_set(&j->fresh, id);
	if (moved)
		j->st->moved++;
	else if (e->known_id)
		j->st->updated++;
	else
		j->st->added++;
	if (e->ph.warnings) {
		j->st->warnings++;
		problem(j, e->path, e->ph.warnings, 1);
	}
	return 0;
}

static void clear_batch(struct job *j)
{
	for (int i = 0; i < j->n; i++) {
		free(j->batch[i].path);
		capcat_photo_release(&j->batch[i].ph);
		capcat_thumb_release(&j->batch[i].thumb);
	}
	j->n = 0;
}

static int flush(struct job *j)
{
	int rc = 0;

	if (!j->n)
		return 0;
	rc = capcat_catalog_begin(j->cat, j->err);
	for (int i = 0; !rc && i < j->n; i++)
		rc = check_entry(j, &j->batch[i]);
	if (!rc)
		read_batch(j);
	for (int i = 0; !rc && i < j->n; i++)
		if (j->batch[i].todo)
			rc = store_entry(j, &j->batch[i]);
	if (!rc)
		rc = capcat_catalog_commit(j->cat, j->err);
	if (rc)
		capcat_catalog_rollback(j->cat);
	clear_batch(j);
	j->st->elapsed = capcat_monotonic() - j->start;
	if (!rc && j->opts->progress)
		j->opts->progress(j->opts->payload, j->st, j->folder);
	return rc;
}

static int on_file(void *payload, const char *path, const struct stat *st)
{
	struct job *j = payload;
	struct entry *e = &j->batch[j->n];

	memset(e, 0, sizeof(*e));
	capcat_photo_init(&e->ph);
	capcat_thumb_init(&e->thumb);
	if (!(e->path = strdup(path)))
		return capcat_err_set(j->err, CAPCAT_ENOMEM, "out of memory");
	e->size = st->st_size;
	e->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	j->n++;
	j->st->files++;
	if (j->n == BATCH) {
		int rc = flush(j);
		if (rc) {
			j->fatal = rc;
			return rc;
		}
	}
	return 0;
}

static void on_dir(void *payload, const char *path)
{
	struct job *j = payload;

	snprintf(j->folder, sizeof(j->folder), "%s", path);
}

static void on_special(void *payload, const char *path)
{
	struct job *j = payload;

	j->st->not_images++;
	problem(j, path, "not a regular file, skipped", 1);
}

static void on_problem(void *payload, const char *path, int errnum, const char *why)
{
	struct job *j = payload;

	j->st->failed++;
	problem(j, path, why ? why : strerror(errnum), 0);
}

/* ---- vanished files ---- */

struct gone {
	struct job *j;
	int64_t *ids;
	size_t n, cap;
};

static int collect_gone(void *payload, int64_t id, const char *path)
{
	struct gone *g = payload;
	struct stat st;

	/* not met by this walk: excluded, unreadable, or really gone */
	if (was_seen(g->j, id) || lstat(path, &st) == 0 || errno != ENOENT)
		return 0;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		int64_t *p = realloc(g->ids, cap * sizeof(*p));
		if (!p)
			return capcat_err_set(g->j->err, CAPCAT_ENOMEM, "out of memory");
		g->ids = p;
		g->cap = cap;
	}
	g->ids[g->n++] = id;
	return 0;
}

static int mark_gone(struct job *j, const char *root)
{
	struct gone g = { .j = j };
	char *abs = realpath(root, NULL);
	int rc;

	if (!abs)
		return 0;               /* the walk has reported it */
	rc = capcat_catalog_begin(j->cat, j->err);
	if (!rc)
		rc = capcat_catalog_each_under(j->cat, abs, collect_gone, &g, j->err);
	for (size_t i = 0; !rc && i < g.n; i++)
		rc = capcat_catalog_set_missing(j->cat, g.ids[i], 1, j->err);
	if (!rc)
		rc = capcat_catalog_commit(j->cat, j->err);
	if (rc)
		capcat_catalog_rollback(j->cat);
	else
		j->st->missing += (int64_t)g.n;
	free(g.ids);
	free(abs);
	return rc;
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

int capcat_import(struct capcat_catalog *cat, const char *const *paths, size_t npaths,
		  const struct capcat_import_opts *opts, struct capcat_import_stats *st,
		  struct capcat_err *err)
{
	struct capcat_walk_opts wo = { opts->follow_symlinks, opts->excludes, opts->nexcludes };
	struct capcat_walk_cb cb = { on_file, on_dir, on_special, on_problem, NULL };
	struct job *j = calloc(1, sizeof(*j));
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (!j)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	j->cat = cat;
	j->opts = opts;
	j->st = st;
	j->err = err;
	j->start = capcat_monotonic();
	j->jobs = opts->jobs > 0 ? (opts->jobs > MAX_JOBS ? MAX_JOBS : opts->jobs) : online_cpus();
	pthread_mutex_init(&j->lock, NULL);
	cb.payload = j;
	for (int t = 0; t < j->jobs && !rc; t++)
		rc = capcat_reader_new(&j->readers[t], err);
	for (size_t i = 0; !rc && i < npaths; i++) {
		struct capcat_err werr = { 0 };
		int wrc = capcat_walk(paths[i], &wo, &cb, &werr);
		if (j->fatal) {
			rc = j->fatal;
			break;
		}
		if (wrc) {
			st->failed++;
			problem(j, werr.path[0] ? werr.path : paths[i], werr.msg, 0);
		}
		if (!(rc = flush(j)))
			rc = mark_gone(j, paths[i]);
	}
	st->elapsed = capcat_monotonic() - j->start;
	clear_batch(j);
	for (int t = 0; t < j->jobs; t++)
		capcat_reader_free(j->readers[t]);
	pthread_mutex_destroy(&j->lock);
	free(j->seen.bits);
	free(j->fresh.bits);
	free(j);
	return rc;
}
