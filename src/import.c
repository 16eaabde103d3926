/* import.c - the import pipeline: walk, check, read in parallel, write.
 *
 * The walk fills a batch of files.  The writer thread (the caller) drops
 * the ones the catalog already has unchanged and hands the batch to the
 * reader threads, which read each file into struct capcat_photo, make a
 * missing thumbnail and work out what its fields say (facts.h: the
 * gazetteer lookups happen here, one gazetteer handle per thread).  While
 * they read, the walk fills the next batch; once NBATCH - 1 batches are
 * handed over, the writer stores the oldest, in walk order, helping to
 * read it if it is not read yet, and commits about twice a second (in the
 * catalog's bulk mode: a thread of its own copies the WAL into the
 * catalog meanwhile, and foreign keys go unchecked).  Memory
 * stays flat: NBATCH batches, and a bitmap of the photo ids seen (to find
 * vanished files).
 */
#include "capcat/import.h"
#include "capcat/facts.h"
#include "capcat/places.h"
#include "capcat/read.h"
#include "capcat/thumb.h"
#include "capcat/util.h"
#include "capcat/walk.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 256
/* Batches in the pipeline: the one the walk fills and up to NBATCH - 1
 * handed to the readers, so that they read ahead while the writer
 * commits: a commit takes about a tenth of a second (its full-text rows,
 * its pages into the WAL), in which a reader reads 2,000 photos; with 3
 * batches ahead the reader waited a fifth of the import (1.5 MiB a batch). */
#define NBATCH 12
/* and one more: a batch stored, whose memory a reader releases meanwhile */
#define NSLOTS (NBATCH + 1)
#define MAX_JOBS 64
/* A transaction stores the batches of about half a second: each commit
 * writes every page it changed (index pages again and again when commits
 * are small); the last one is copied into the catalog after the walk, with
 * nothing left to overlap (1.0 s: 12% of a 20,000-photo import waited for
 * it); a killed import loses at most that much work. */
#define TXN_SECONDS 0.5

struct entry {
	char *path;
	int64_t size, mtime_ns;         /* -1: not stat'ed (stat_entry) */
	int64_t known_id;               /* 0: not in the catalog */
	int todo;                       /* must be read */
	int sidecars;                   /* its folder may hold its sidecar */
	int rc;                         /* result of the read */
	struct capcat_photo ph;
	struct capcat_err err;
	struct capcat_thumb thumb;      /* made when the photo has none */
	int thumb_rc;                   /* THUMB_NOT_TRIED, or what making it gave */
	struct capcat_facts facts;      /* its caption and GPS, worked out */
	int reader;                     /* the thread that read it (0: the writer) */
	capcat_fingerprint fp_v1;       /* of the old kind: with job.v1 */
};

#define THUMB_NOT_TRIED 1

/* A set of photo ids: ids are dense rowids, so a bitmap stays small. */
struct bitmap {
	unsigned char *bits;
	size_t bytes;
};

struct batch {
	struct entry e[BATCH];
	int n;
	int64_t others;                 /* capcat_catalog_others_version() when checked */
	int next;                       /* next entry to hand to a reader */
	int left;                       /* entries to read not yet done */
	/* stored: the reader threads that have yet to free what they read
	 * (bit t), and how many are freeing it now */
	uint64_t owners;
	int releasing;
};

struct job;
struct worker {
	struct job *j;
	int t;
};

/* Reader thread t uses readers[t] and places[t]; the writer is thread 0. */
struct job {
	struct capcat_catalog *cat;
	const struct capcat_import_opts *opts;
	struct capcat_import_stats *st;
	struct capcat_reader *readers[MAX_JOBS];
	struct capcat_places *places[MAX_JOBS];  /* opened by thread t when it first reads */
	int no_places[MAX_JOBS];        /* could not be: the writer works facts out */
	pthread_t threads[MAX_JOBS];
	struct worker workers[MAX_JOBS];
	int jobs, started;
	struct batch b[NSLOTS];
	int fill;                       /* the batch the walk fills */
	struct bitmap seen;             /* photos met by this walk */
	struct bitmap fresh;            /* photos read by this run */
	char folder[1024];              /* for progress */
	double start;
	struct capcat_err *err;
	int fatal;                      /* a catalog error: stop */
	/* shared with the reader threads */
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	struct batch *reading[NBATCH];  /* batches handed to the readers, oldest first */
	int nreading;
	struct batch *stored[NSLOTS];   /* stored batches whose memory is not freed yet */
	int nstored;
	int quit;
	double txn_start;               /* when the open transaction began; 0: none */
	struct capcat_folder stat_dir;  /* of the entry stat'ed last (stat_entry) */
	/* the catalog's data version when the import began on an empty
	 * catalog, -1 if it did not: until another capcat writes, a photo
	 * could only have moved from a file this import has just read, so
	 * moves are not looked for (a query for every new photo) */
	int64_t empty_version;
	/* the catalog has photos whose fingerprint is of the kind before
	 * version 9: a new file's is worked out that way too */
	int v1;
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

/* A JPEG the reader read whole (a small one) is not read again. */
static int make_thumb(struct job *j, int t, struct entry *e)
{
	size_t len;
	const unsigned char *head = capcat_reader_head(j->readers[t], &len);

	if ((int64_t)len == e->ph.size && e->ph.mime && !strcmp(e->ph.mime, "image/jpeg"))
		return capcat_thumb_make_mem(&e->thumb, head, len, e->ph.orientation,
					     CAPCAT_THUMB_SIZE, NULL);
	return capcat_thumb_make(&e->thumb, e->path, e->ph.orientation, CAPCAT_THUMB_SIZE, NULL);
}

/* Only photos with no thumbnail at all; by default only those whose image
 * is no larger than a thumbnail, which cost about what reading them did.
 * A full-size photo is decoded whole to make one: 2 to 20 ms, ten to a
 * hundred times reading its metadata, so it is left for later. */
static int thumb_now(enum capcat_import_thumbs mode, const struct capcat_photo *ph)
{
	if (ph->thumb || mode == CAPCAT_IMPORT_THUMBS_NONE)
		return 0;
	return mode == CAPCAT_IMPORT_THUMBS_ALL ||
	       (ph->width > 0 && ph->height > 0 && ph->width <= CAPCAT_THUMB_SIZE &&
		ph->height <= CAPCAT_THUMB_SIZE);
}

static void read_one(struct job *j, int t, struct entry *e)
{
	capcat_err_clear(&e->err);
	e->rc = capcat_reader_read(j->readers[t], &e->ph, e->path,
				   e->sidecars ? 0 : CAPCAT_READ_NO_SIDECARS, &e->err);
	e->thumb_rc = THUMB_NOT_TRIED;
	e->reader = t;
	if (e->rc)
		return;
	if (j->v1) {
		size_t len;
		const unsigned char *head = capcat_reader_head(j->readers[t], &len);
		e->fp_v1 = capcat_fingerprint_v1_of(head, len, e->ph.size);
	}
	if (thumb_now(j->opts->thumbnails, &e->ph))
		e->thumb_rc = make_thumb(j, t, e);
	/* on failure the writer works them out: slower, the same */
	if (!j->places[t] && !j->no_places[t])
		j->no_places[t] = capcat_places_open(&j->places[t], NULL) != 0;
	if (j->places[t])
		(void)capcat_facts_make(&e->facts, &e->ph, j->places[t], NULL);
}

/* The next entry to read of the batches handed over, oldest first (with
 * 'only', of that batch alone), and its batch; NULL when none is left. */
static struct entry *take(struct job *j, const struct batch *only, struct batch **from)
{
	for (int k = 0; k < j->nreading; k++) {
		struct batch *b = j->reading[k];
		if (!b || (only && b != only))
			continue;
		while (b->next < b->n) {
			struct entry *e = &b->e[b->next++];
			if (e->todo) {
				*from = b;
				return e;
			}
		}
	}
	return NULL;
}

static int release_reads(struct job *j, int t);

/* Read entries until none is left to take; a reader thread (t > 0) frees
 * what it read of a stored batch first, between two entries, for the walk
 * may be waiting for that batch.  Called with j->lock held, returns with
 * it held; the writer may shift j->reading meanwhile. */
static void read_some(struct job *j, int t, const struct batch *only)
{
	struct batch *b;
	struct entry *e;

	for (;;) {
		if (t && release_reads(j, t))
			continue;
		if (!(e = take(j, only, &b)))
			break;
		pthread_mutex_unlock(&j->lock);
		read_one(j, t, e);
		pthread_mutex_lock(&j->lock);
		if (--b->left == 0)
			pthread_cond_broadcast(&j->done);
	}
}

/* What reading entry e made. */
static void clear_entry(struct entry *e)
{
	capcat_photo_release(&e->ph);
	capcat_thumb_release(&e->thumb);
	capcat_facts_release(&e->facts);
}

static void clear_batch(struct batch *b)
{
	for (int i = 0; i < b->n; i++) {
		free(b->e[i].path);
		clear_entry(&b->e[i]);
	}
	b->n = 0;
}

/* Memory goes back to the thread that took it: glibc's free() of a block
 * from another thread's arena takes that arena's lock, and the writer,
 * freeing what the readers made, slept on it thousands of times an
 * import.  So each reader frees what it read once the batch is stored. */
static void clear_reads(struct batch *b, int t)
{
	for (int i = 0; i < b->n; i++)
		if (b->e[i].reader == t)
			clear_entry(&b->e[i]);
}

/* Drop stored batch k from j->stored.  Called with j->lock held. */
static void unstore(struct job *j, int k)
{
	j->stored[k]->n = 0;
	memmove(j->stored + k, j->stored + k + 1, (size_t)(--j->nstored - k) * sizeof(j->stored[0]));
	j->stored[j->nstored] = NULL;
	pthread_cond_broadcast(&j->done);       /* free_batch() may wait for it */
}

/* Whether reader t has yet to free what it read in a stored batch. */
static int owes(const struct job *j, int t)
{
	for (int k = 0; k < j->nstored; k++)
		if (j->stored[k]->owners & (uint64_t)1 << t)
			return 1;
	return 0;
}

/* Free what reader t read in the batches stored; 0 when there was none.
 * Called with j->lock held, returns with it held. */
static int release_reads(struct job *j, int t)
{
	uint64_t bit = (uint64_t)1 << t;

	for (int k = 0; k < j->nstored; k++) {
		struct batch *b = j->stored[k];
		if (!(b->owners & bit))
			continue;
		b->owners &= ~bit;
		b->releasing++;
		pthread_mutex_unlock(&j->lock);
		clear_reads(b, t);
		pthread_mutex_lock(&j->lock);
		if (!--b->releasing && !b->owners) {
			for (k = 0; j->stored[k] != b; k++)
				;
			unstore(j, k);
		}
		return 1;
	}
	return 0;
}

static void *reader_main(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->j;

	pthread_setname_np(pthread_self(), "capcat-read");  /* for top and perf */
	pthread_mutex_lock(&j->lock);
	while (!j->quit) {
		read_some(j, w->t, NULL);
		if (!j->quit && !owes(j, w->t))
			pthread_cond_wait(&j->work, &j->lock);
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* Hand batch 'b' to the readers, after the one they may still be reading;
 * returns whether it has anything to read. */
static int start_reading(struct job *j, struct batch *b)
{
	int todo = 0;

	for (int i = 0; i < b->n; i++)
		todo += b->e[i].todo;
	pthread_mutex_lock(&j->lock);
	b->next = 0;
	b->left = todo;         /* the readers count it down as soon as it is handed over */
	if (todo)
		j->reading[j->nreading++] = b;
	pthread_cond_broadcast(&j->work);
	pthread_mutex_unlock(&j->lock);
	return todo > 0;
}

/* The oldest batch handed over, read to the end: the writer reads its
 * entries too rather than wait.  NULL when none was handed over. */
static struct batch *finish_reading(struct job *j)
{
	struct batch *b;

	pthread_mutex_lock(&j->lock);
	if ((b = j->reading[0])) {
		read_some(j, 0, b);
		while (b->left > 0)
			pthread_cond_wait(&j->done, &j->lock);
		memmove(j->reading, j->reading + 1, (size_t)--j->nreading * sizeof(j->reading[0]));
		j->reading[j->nreading] = NULL;
	}
	pthread_mutex_unlock(&j->lock);
	return b;
}

/* ---- the writer ---- */

/* The size and time of a file the walk did not stat, once they matter: a
 * file never seen is read (and stat'ed) by a reader thread, not here.  One
 * that cannot be stat'ed keeps -1 and is read: the reader says why not. */
static void stat_entry(struct job *j, struct entry *e)
{
	struct stat st;
	const char *name;
	int dir;

	if (e->size >= 0)
		return;
	dir = capcat_folder_of(&j->stat_dir, e->path, &name);
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	e->size = st.st_size;
	e->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/* Before reading: is this file known and unchanged? */
static int check_entry(struct job *j, struct entry *e)
{
	struct capcat_known k;
	int64_t size, mtime_ns;
	int rc = capcat_catalog_lookup(j->cat, e->path, &k, j->err);

	if (rc == CAPCAT_ENOTFOUND) {
		rc = capcat_catalog_other_get(j->cat, e->path, &size, &mtime_ns, j->err);
		if (rc == 0) {
			stat_entry(j, e);
			if (size == e->size && mtime_ns == e->mtime_ns) {
				j->st->not_images++;
				return 0;
			}
		} else if (rc != CAPCAT_ENOTFOUND) {
			return rc;
		}
		e->todo = 1;
		return 0;
	}
	if (rc)
		return rc;
	e->known_id = k.id;
	see(j, k.id);
	stat_entry(j, e);
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
	if (capcat_reader_read(j->readers[0], &ph, path, 0, &e) == 0) {
		rc = capcat_catalog_put(j->cat, &ph, id, NULL, j->err);
		bitmap_set(&j->fresh, id);
		j->st->updated++;
	}
	capcat_photo_release(&ph);
	return rc;
}

/* The thumbnail the reader made; "none" when the photo has no image we
 * decode, so that it is not tried again.  Other failures (EIO, ENOMEM)
 * store nothing: 'capcat thumbnail --all' tries again.  One left for
 * later replaces any made from what the file was before. */
static int store_thumb(struct job *j, const struct entry *e, int64_t id)
{
	if (e->thumb_rc == THUMB_NOT_TRIED && !e->ph.thumb) {
		/* --no-thumbnails (and a caption written back) keeps what was made */
		if (j->opts->thumbnails == CAPCAT_IMPORT_THUMBS_NONE)
			return 0;
		j->st->thumbs_later++;
		return e->known_id ? capcat_catalog_thumb_drop(j->cat, id, j->err) : 0;
	}
	if (e->thumb_rc == 0)
		return capcat_catalog_thumb_put(j->cat, id, e->thumb.source, e->thumb.jpeg,
						e->thumb.len, e->thumb.width, e->thumb.height, j->err);
	if (e->thumb_rc == CAPCAT_EUNSUPPORTED || e->thumb_rc == CAPCAT_EFORMAT)
		return capcat_catalog_thumb_put(j->cat, id, "none", NULL, 0, 0, 0, j->err);
	return 0;
}

/* After reading: store what the file said.  'others': another capcat
 * may have committed since the entry was checked. */
static int store_entry(struct job *j, struct entry *e, int others, int moves)
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
	if (!id && others) {
		/* checked in an earlier transaction: another capcat may have
		 * stored this path since; then this is an update of its photo */
		struct capcat_known k;
		rc = capcat_catalog_lookup(j->cat, e->path, &k, j->err);
		if (rc && rc != CAPCAT_ENOTFOUND)
			return rc;
		if (!rc)
			id = e->known_id = k.id;
	}
	if (!id && moves) {
		rc = capcat_catalog_find_moved(j->cat, e->ph.fingerprint, e->ph.size, &moved, j->err);
		if (rc == CAPCAT_ENOTFOUND && j->v1)
			rc = capcat_catalog_find_moved_v1(j->cat, e->fp_v1, e->ph.size, &moved, j->err);
		if (rc && rc != CAPCAT_ENOTFOUND)
			return rc;
		id = moved;
	}
	rc = capcat_catalog_put_facts(j->cat, &e->ph, &e->facts, id, &id, j->err);
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

static int store_batch(struct job *j, struct batch *b)
{
	int64_t now = capcat_catalog_others_version(j->cat);
	int rc = 0, others = now < 0 || now != b->others;
	int moves = now < 0 || now != j->empty_version;

	for (int i = 0; !rc && i < b->n; i++)
		if (b->e[i].todo)
			rc = store_entry(j, &b->e[i], others, moves);
	return rc;
}

/* Whether batch i is neither being filled, handed over nor stored and
 * waiting for its readers to free what they read.  With j->lock held. */
static int slot_free(const struct job *j, int i)
{
	int busy = i == j->fill;

	for (int k = 0; k < j->nreading; k++)
		busy |= j->reading[k] == &j->b[i];
	for (int k = 0; k < j->nstored; k++)
		busy |= j->stored[k] == &j->b[i];
	return !busy;
}

/* A batch for the walk to fill, once one is free. */
static int free_batch(struct job *j)
{
	int i;

	pthread_mutex_lock(&j->lock);
	for (;;) {
		for (i = 0; i < NSLOTS && !slot_free(j, i); i++)
			;
		if (i < NSLOTS)
			break;
		pthread_cond_wait(&j->done, &j->lock);  /* readers free a stored one */
	}
	pthread_mutex_unlock(&j->lock);
	return i;
}

/* Stored: the writer frees the paths and what it read itself, the readers
 * the rest (clear_reads). */
static void hand_back(struct job *j, struct batch *b)
{
	uint64_t owners = 0;

	for (int i = 0; i < b->n; i++) {
		struct entry *e = &b->e[i];
		free(e->path);
		e->path = NULL;
		if (e->reader)
			owners |= (uint64_t)1 << e->reader;
		else
			clear_entry(e);
	}
	if (!owners) {
		b->n = 0;
		return;
	}
	pthread_mutex_lock(&j->lock);
	b->owners = owners;
	b->releasing = 0;
	j->stored[j->nstored++] = b;
	pthread_cond_broadcast(&j->work);
	pthread_mutex_unlock(&j->lock);
}

static int txn_begin(struct job *j)
{
	if (j->txn_start)
		return 0;
	j->txn_start = capcat_monotonic();
	return capcat_catalog_begin(j->cat, j->err);
}

static int txn_commit(struct job *j)
{
	j->txn_start = 0;
	return capcat_catalog_commit(j->cat, j->err);
}

/* One step of the pipeline: check the batch the walk filled and hand it
 * to the readers; store the oldest batch handed over once the pipeline
 * is full (with 'last', every batch: nothing will follow); commit when
 * the transaction is TXN_SECONDS old, and at the end. */
static int flush(struct job *j, int last)
{
	struct batch *in = &j->b[j->fill], *b;
	int rc = txn_begin(j);

	in->others = capcat_catalog_others_version(j->cat);
	for (int i = 0; !rc && i < in->n; i++)
		rc = check_entry(j, &in->e[i]);
	if (rc || !start_reading(j, in))
		clear_batch(in);        /* failed, or nothing to read: checked, done */
	while (!rc && j->nreading > 0 && (last || j->nreading >= NBATCH - 1)) {
		b = finish_reading(j);
		if (!(rc = txn_begin(j)))
			rc = store_batch(j, b);
		hand_back(j, b);
		/* after the walk, shorter transactions: the last one's commit
		 * and its copy into the catalog have nothing to overlap (with
		 * eleven batches left, they were a fifth of the import) */
		if (!rc && last && capcat_monotonic() - j->txn_start >= TXN_SECONDS / 8)
			rc = txn_commit(j);
	}
	if (!rc && j->txn_start && (last || capcat_monotonic() - j->txn_start >= TXN_SECONDS))
		rc = txn_commit(j);
	if (rc) {
		capcat_catalog_rollback(j->cat);
		j->txn_start = 0;
		while ((b = finish_reading(j)))
			clear_batch(b);
		return rc;
	}
	j->fill = free_batch(j);
	j->st->elapsed = capcat_monotonic() - j->start;
	if (j->opts->progress)
		j->opts->progress(j->opts->payload, j->st, j->folder);
	return 0;
}

static int on_file(void *payload, const char *path, const struct stat *st, int sidecars)
{
	struct job *j = payload;
	struct batch *b = &j->b[j->fill];
	struct entry *e = &b->e[b->n];

	memset(e, 0, sizeof(*e));
	capcat_photo_init(&e->ph);
	capcat_thumb_init(&e->thumb);
	capcat_facts_init(&e->facts);
	if (!(e->path = strdup(path)))
		return capcat_err_set(j->err, CAPCAT_ENOMEM, "out of memory");
	e->sidecars = sidecars;
	e->size = st ? st->st_size : -1;
	e->mtime_ns = st ? (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec : -1;
	b->n++;
	j->st->files++;
	if (b->n == BATCH) {
		int rc = flush(j, 0);
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
	struct capcat_known k;
	struct stat st;

	/* not met by this walk: excluded, unreadable, or really gone; the
	 * ones known to be gone already are not stat'ed again */
	if (was_seen(g->j, id) || capcat_catalog_lookup(g->j->cat, path, &k, NULL) ||
	    k.missing || lstat(path, &st) == 0 || errno != ENOENT)
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

/* 'abs': the import's path, made absolute with its symlinks resolved. */
static int mark_gone(struct job *j, const char *abs)
{
	struct gone g = { .j = j };
	int rc = capcat_catalog_begin(j->cat, j->err);

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
	return rc;
}

/* Whether the catalog has a present photo under 'abs' (1 when unsure):
 * where it had none, nothing can have vanished, and listing the photos the
 * walk has just met was 2% of a first import. */
static int had_photos(struct job *j, const char *abs)
{
	int any = 1;

	if (capcat_catalog_any_under(j->cat, abs, &any, NULL))
		any = 1;
	return any;
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* A reader for every thread; threads 1.. started.  Gazetteer handles are
 * opened by the threads when they first read (an unchanged re-import
 * needs none). */
static int start_threads(struct job *j)
{
	int rc = 0;

	for (int t = 0; t < j->jobs && !rc; t++)
		rc = capcat_reader_new(&j->readers[t], j->err);
	for (int t = 1; t < j->jobs && !rc; t++) {
		j->workers[t] = (struct worker){ j, t };
		if (pthread_create(&j->threads[t], NULL, reader_main, &j->workers[t]) != 0)
			break;          /* fewer threads: slower, the same */
		j->started = t;
	}
	return rc;
}

static void stop_threads(struct job *j)
{
	while (finish_reading(j))
		;
	pthread_mutex_lock(&j->lock);
	j->quit = 1;
	pthread_cond_broadcast(&j->work);
	pthread_mutex_unlock(&j->lock);
	for (int t = 1; t <= j->started; t++)
		pthread_join(j->threads[t], NULL);
	for (int t = 0; t < j->jobs; t++) {
		capcat_reader_free(j->readers[t]);
		capcat_places_close(j->places[t]);
	}
}

int capcat_import(struct capcat_catalog *cat, const char *const *paths, size_t npaths,
		  const struct capcat_import_opts *opts, struct capcat_import_stats *st,
		  struct capcat_err *err)
{
	struct capcat_walk_opts wo = { opts->follow_symlinks, opts->excludes, opts->nexcludes };
	struct capcat_walk_cb cb = { on_file, on_dir, on_special, on_problem, NULL };
	struct job *j = calloc(1, sizeof(*j));
	int rc = 0, empty = 0;

	memset(st, 0, sizeof(*st));
	if (!j)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	j->stat_dir.fd = -1;
	j->cat = cat;
	j->opts = opts;
	j->st = st;
	j->err = err;
	j->start = capcat_monotonic();
	j->jobs = opts->jobs > 0 ? (opts->jobs > MAX_JOBS ? MAX_JOBS : opts->jobs) : online_cpus();
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->work, NULL);
	pthread_cond_init(&j->done, NULL);
	cb.payload = j;
	rc = start_threads(j);
	if (!rc)
		rc = capcat_catalog_bulk_begin(cat, err);
	j->empty_version = -1;
	if (!rc && !capcat_catalog_is_empty(cat, &empty, NULL) && empty)
		j->empty_version = capcat_catalog_others_version(cat);
	if (!rc && !empty)
		rc = capcat_catalog_has_v1_fingerprints(cat, &j->v1, err);
	for (size_t i = 0; !rc && i < npaths; i++) {
		struct capcat_err werr = { 0 };
		char *abs = realpath(paths[i], NULL);   /* NULL: the walk says why */
		int had = abs && had_photos(j, abs);
		int wrc = capcat_walk(paths[i], &wo, &cb, &werr);
		if (j->fatal) {
			rc = j->fatal;
			free(abs);
			break;
		}
		if (wrc) {
			st->failed++;
			problem(j, werr.path[0] ? werr.path : paths[i], werr.msg, 0);
		}
		if (!(rc = flush(j, 1)) && had)
			rc = mark_gone(j, abs);
		free(abs);
	}
	capcat_catalog_bulk_end(cat);   /* waits for its last checkpoint */
	st->elapsed = capcat_monotonic() - j->start;
	stop_threads(j);
	for (int i = 0; i < NSLOTS; i++)
		clear_batch(&j->b[i]);
	pthread_cond_destroy(&j->work);
	pthread_cond_destroy(&j->done);
	pthread_mutex_destroy(&j->lock);
	capcat_folder_release(&j->stat_dir);
	free(j->seen.bits);
	free(j->fresh.bits);
	free(j);
	return rc;
}
