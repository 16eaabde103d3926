/* read_limit.c - the header-read limit of the import benchmark.
 *
 *   read_limit [--threads T] DIR...
 *
 * Walks each folder (recursively, without following symbolic links) and,
 * for every regular file, does what the least an importer must do: open,
 * read the first 64 KiB, close.  With T threads (default 1) the files found
 * by the walk are shared out.  Prints one JSON line:
 *   {"files": 20000, "bytes": ..., "threads": 1, "elapsed": 0.21, "files_per_s": 95238}
 * The elapsed time covers the walk and the reads.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

	if (argc > 2 && !strcmp(argv[1], "--threads")) {
		threads = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc || threads < 1 || threads > 64) {
		fputs("usage: read_limit [--threads T] DIR...\n", stderr);
		return 2;
	}
	t0 = now();
	for (int i = first; i < argc; i++)
		walk(argv[i]);
	for (int t = 1; t < threads; t++)
		if (pthread_create(&tid[t], NULL, reader, NULL)) {
			fputs("read_limit: cannot start a thread\n", stderr);
			return 1;
		}
	reader(NULL);
	for (int t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);
	elapsed = now() - t0;
	printf("{\"files\": %zu, \"bytes\": %llu, \"threads\": %d, \"elapsed\": %.3f, "
	       "\"files_per_s\": %.0f}\n", files.n, (unsigned long long)total_bytes, threads,
	       elapsed, elapsed > 0 ? (double)files.n / elapsed : 0.0);
	for (size_t i = 0; i < files.n; i++)
		free(files.path[i]);
	free(files.path);
	return 0;
}
