/* read_limit.c - the header-read limit of the import benchmark, and the
 * parse limit: capcat's readers without its catalog.
 *
 *   read_limit [--threads T] [--parse] DIR...
 *
 * Walks each folder (recursively, without following symbolic links) and,
 * for every regular file, does what the least an importer must do: open,
 * read the first 64 KiB, close.  With --parse it does instead what an
 * import's reader threads do with each file (import.c, read_one()): read
 * it with capcat's reader, make its thumbnail when the import would, and
 * work out its facts (caption, credit, people, places) with the
 * gazetteer; then it frees them.  Nothing is stored: this is the speed an
 * import would have if its catalog cost nothing.  With T threads (default
 * 1) the files found by the walk are shared out.  Prints one JSON line:
 *   {"files": 20000, "bytes": ..., "threads": 1, "elapsed": 0.21, "files_per_s": 95238}
 * The elapsed time covers the walk and the reads ("bytes" is 0 with --parse).
 */
#include "capcat/facts.h"
#include "capcat/photo.h"
#include "capcat/places.h"
#include "capcat/read.h"
#include "capcat/thumb.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEAD (64 * 1024)

struct list {
	char **path;
	size_t n, cap;
};

static struct list files;
static atomic_size_t next_file;
static atomic_ullong total_bytes;
static atomic_int failed;              /* --parse: files the reader could not read */
static atomic_int broken;              /* --parse: a thread could not start reading */
static int parse;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("read_limit: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void add_file(const char *path)
{
	if (files.n == files.cap) {
		files.cap = files.cap ? files.cap * 2 : 1024;
		files.path = xrealloc(files.path, files.cap * sizeof(*files.path));
	}
	files.path[files.n] = xrealloc(NULL, strlen(path) + 1);
	strcpy(files.path[files.n++], path);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d) {
		fprintf(stderr, "read_limit: cannot open '%s': %s\n", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		unsigned char type = e->d_type;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (lstat(path, &st))
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_DIR)
			walk(path);
		else if (type == DT_REG)
			add_file(path);
	}
	closedir(d);
}

/* What import's read_one() does with one file, through the library's
 * public API (import.c's helpers are its own): the bench's folders hold
 * no sidecars, so the import reads them with CAPCAT_READ_NO_SIDECARS too;
 * a thumbnail is made, as thumb_now() decides by default, only for an
 * image with none that is no larger than a thumbnail, and from memory when
 * the first 64 KiB held the whole JPEG, as make_thumb() does.  A file that
 * is not an image is skipped: the import stores it without more reading. */
static void parse_one(struct capcat_reader *r, struct capcat_places *pl, const char *path)
{
	struct capcat_photo ph;
	struct capcat_facts f;
	struct capcat_thumb th;
	struct capcat_err err;
	const unsigned char *head;
	size_t len;
	int rc;

	capcat_photo_init(&ph);
	capcat_facts_init(&f);
	capcat_thumb_init(&th);
	if ((rc = capcat_reader_read(r, &ph, path, CAPCAT_READ_NO_SIDECARS, &err))) {
		if (rc != CAPCAT_EUNSUPPORTED) {
			fprintf(stderr, "read_limit: %s: %s\n", path, err.msg);
			atomic_fetch_add(&failed, 1);
		}
		goto cleanup;
	}
	head = capcat_reader_head(r, &len);
	if (!ph.thumb && ph.width > 0 && ph.height > 0 && ph.width <= CAPCAT_THUMB_SIZE &&
	    ph.height <= CAPCAT_THUMB_SIZE) {
		if ((int64_t)len == ph.size && ph.mime && !strcmp(ph.mime, "image/jpeg"))
			(void)capcat_thumb_make_mem(&th, head, len, ph.orientation,
						    CAPCAT_THUMB_SIZE, NULL);
		else
			(void)capcat_thumb_make(&th, path, ph.orientation, CAPCAT_THUMB_SIZE, NULL);
	}
	(void)capcat_facts_make(&f, &ph, pl, NULL);
cleanup:
	capcat_thumb_release(&th);
	capcat_facts_release(&f);
	capcat_photo_release(&ph);
}

static void *parser(void *arg)
{
	struct capcat_reader *r = NULL;
	struct capcat_places *pl = NULL;
	struct capcat_err err;
	size_t i;

	(void)arg;
	if (capcat_reader_new(&r, &err) || capcat_places_open(&pl, &err)) {
		fprintf(stderr, "read_limit: %s\n", err.msg);
		atomic_store(&broken, 1);
		goto cleanup;
	}
	while ((i = atomic_fetch_add(&next_file, 1)) < files.n)
		parse_one(r, pl, files.path[i]);
cleanup:
	capcat_places_close(pl);
	capcat_reader_free(r);
	return NULL;
}

static void *reader(void *arg)
{
	char *buf = xrealloc(NULL, HEAD);
	unsigned long long bytes = 0;
	size_t i;

	(void)arg;
	while ((i = atomic_fetch_add(&next_file, 1)) < files.n) {
		int fd = open(files.path[i], O_RDONLY | O_CLOEXEC);
		ssize_t n;
		if (fd < 0) {
			fprintf(stderr, "read_limit: cannot open '%s': %s\n", files.path[i], strerror(errno));
			continue;
		}
		if ((n = read(fd, buf, HEAD)) > 0)
			bytes += (unsigned long long)n;
		close(fd);
	}
	atomic_fetch_add(&total_bytes, bytes);
	free(buf);
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	pthread_t tid[64];
	int threads = 1, first = 1;
	double t0, elapsed;
	void *(*work)(void *);

	for (; first < argc && !strncmp(argv[first], "--", 2); first++) {
		if (!strcmp(argv[first], "--parse"))
			parse = 1;
		else if (!strcmp(argv[first], "--threads") && first + 1 < argc)
			threads = atoi(argv[++first]);
		else
			threads = 0;    /* an unknown option: the usage below */
	}
	if (first >= argc || threads < 1 || threads > 64) {
		fputs("usage: read_limit [--threads T] [--parse] DIR...\n", stderr);
		return 2;
	}
	work = parse ? parser : reader;
	if (parse) {
		/* the capcat command's malloc settings (main.c); its huge
		 * pages are for the catalog's page cache, which this has not */
		mallopt(M_TRIM_THRESHOLD, 64 << 20);
		mallopt(M_MMAP_THRESHOLD, 32 << 20);
	}
	t0 = now();
	for (int i = first; i < argc; i++)
		walk(argv[i]);
	for (int t = 1; t < threads; t++)
		if (pthread_create(&tid[t], NULL, work, NULL)) {
			fputs("read_limit: cannot start a thread\n", stderr);
			return 1;
		}
	work(NULL);
	for (int t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);
	elapsed = now() - t0;
	if (!files.n || failed || broken) {
		/* a rate of files skipped or not found would be no limit */
		if (!files.n)
			fputs("read_limit: no files found\n", stderr);
		else if (failed)
			fprintf(stderr, "read_limit: %d of %zu files could not be read\n",
				(int)failed, files.n);
		return 1;
	}
	printf("{\"files\": %zu, \"bytes\": %llu, \"threads\": %d, \"elapsed\": %.3f, "
	       "\"files_per_s\": %.0f}\n", files.n, (unsigned long long)total_bytes, threads,
	       elapsed, elapsed > 0 ? (double)files.n / elapsed : 0.0);
	for (size_t i = 0; i < files.n; i++)
		free(files.path[i]);
	free(files.path);
	return 0;
}
