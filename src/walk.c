/* walk.c - recursive, sorted directory walk with symlink loop detection. */
#include "capcat/walk.h"
#include "capcat/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_DEPTH 256

struct dirid {
	dev_t dev;
	ino_t ino;
};

struct walk {
	const struct capcat_walk_opts *opts;
	const struct capcat_walk_cb *cb;
	struct dirid *seen;             /* directories entered (follow mode) */
	size_t nseen, capseen;
	int stop;
	int sidecars;                   /* the folder being listed has .xmp names */
};

int capcat_walk_excluded(const struct capcat_walk_opts *opts, const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; opts && i < opts->nexcludes; i++)
		if (!fnmatch(opts->excludes[i], base, 0) ||
		    !fnmatch(opts->excludes[i], path, 0))
			return 1;
	return 0;
}

/* A name as read_names() keeps it: the directory's d_type, then the name. */
#define NAME(p) ((p) + 1)

static int cmp_names(const void *a, const void *b)
{
	return strcmp(NAME(*(char *const *)a), NAME(*(char *const *)b));
}

/* Remember a directory; 1 if it was entered before (a loop or a second
 * link to it). */
static int dir_seen(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return 1;
	if (w->nseen == w->capseen) {
		size_t cap = w->capseen ? w->capseen * 2 : 64;
		struct dirid *p = realloc(w->seen, cap * sizeof(*p));
		if (!p)
			return 1;
		w->seen = p;
		w->capseen = cap;
	}
	w->seen[w->nseen].dev = st->st_dev;
	w->seen[w->nseen].ino = st->st_ino;
	w->nseen++;
	return 0;
}

static void problem(struct walk *w, const char *path, int errnum, const char *why)
{
	if (w->cb->problem)
		w->cb->problem(w->cb->payload, path, errnum, why);
}

/* The sorted names in 'path' (without . and ..), each after a byte with
 * its d_type; NULL on error. */
static char **read_names(const char *path, size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL, **p;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(p = realloc(names, cap * sizeof(*names))))
				break;
			names = p;
		}
		size_t len = strlen(de->d_name);
		if (!(names[*n] = malloc(len + 2)))
			break;
		names[*n][0] = (char)de->d_type;
		memcpy(NAME(names[*n]), de->d_name, len + 1);
		(*n)++;
	}
	closedir(d);
	if (!names)
		names = calloc(1, sizeof(*names));
	if (names)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

static void walk_dir(struct walk *w, const char *path, int depth);

/* Whether a folder's names include a sidecar's: saves every photo of a
 * folder without any the failed opens of four possible sidecar names. */
static int has_xmp(char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(NAME(names[i]));
		if (len >= 4 && !strcasecmp(NAME(names[i]) + len - 4, ".xmp"))
			return 1;
	}
	return 0;
}

/* A regular file: to the callback ('st' NULL when not stat'ed). */
static void file_met(struct walk *w, const char *path, const struct stat *st)
{
	int rc = w->cb->file(w->cb->payload, path, st, w->sidecars);

	if (rc)
		w->stop = rc;
}

/* 'type': the directory's d_type for it.  A regular file is handed over
 * without a stat (the callback stats it if it needs to: an import does
 * not for a file it has never seen, and a stat costs as much as a tenth
 * of what it does with a photo). */
static void walk_entry(struct walk *w, const char *path, int depth, unsigned char type)
{
	struct stat st;

	if (capcat_walk_excluded(w->opts, path))
		return;
	if (type == DT_REG) {
		file_met(w, path, NULL);
		return;
	}
	if (lstat(path, &st) != 0) {
		problem(w, path, errno, NULL);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		if (!w->opts || !w->opts->follow_symlinks)
			return;
		if (stat(path, &st) != 0) {
			problem(w, path, errno, "dangling symlink");
			return;
		}
	}
	if (S_ISDIR(st.st_mode)) {
		/* only links can make loops: remember directories when following */
		if (w->opts && w->opts->follow_symlinks && dir_seen(w, &st))
			return;
		walk_dir(w, path, depth + 1);
	} else if (S_ISREG(st.st_mode)) {
		file_met(w, path, &st);
	} else if (w->cb->special) {
		/* FIFOs, sockets and devices are not photos: never opened */
		w->cb->special(w->cb->payload, path);
	}
}

static void walk_dir(struct walk *w, const char *path, int depth)
{
	struct capcat_buf child = CAPCAT_BUF_INIT;
	char **names;
	size_t n = 0;
	int sidecars;

	if (depth > MAX_DEPTH) {
		problem(w, path, 0, "folders nested too deep");
		return;
	}
	if (w->cb->dir)
		w->cb->dir(w->cb->payload, path);
	names = read_names(path, &n);
	if (!names) {
		problem(w, path, errno, NULL);
		return;
	}
	sidecars = has_xmp(names, n);
	for (size_t i = 0; i < n; i++) {
		if (!w->stop) {
			w->sidecars = sidecars;         /* again after a subfolder */
			capcat_buf_reset(&child);
			capcat_buf_adds(&child, path);
			if (child.len == 0 || child.data[child.len - 1] != '/')
				capcat_buf_addch(&child, '/');
			capcat_buf_adds(&child, NAME(names[i]));
			walk_entry(w, child.data, depth, (unsigned char)names[i][0]);
		}
		free(names[i]);
	}
	free(names);
	capcat_buf_release(&child);
}

int capcat_walk(const char *root, const struct capcat_walk_opts *opts,
		const struct capcat_walk_cb *cb, struct capcat_err *err)
{
	struct walk w = { .opts = opts, .cb = cb };
	char *abs = realpath(root, NULL);
	struct stat st;
	int rc = 0;

	if (!abs || stat(abs, &st) != 0) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, root, "%s", strerror(errno));
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		if (opts && opts->follow_symlinks)
			dir_seen(&w, &st);
		walk_dir(&w, abs, 0);
	} else if (S_ISREG(st.st_mode)) {
		rc = cb->file(cb->payload, abs, &st, 1);
	} else if (cb->special) {
		cb->special(cb->payload, abs);
	} else {
		rc = capcat_err_set_path(err, CAPCAT_EIO, root, "not a file or folder");
		goto cleanup;
	}
	if (w.stop)
		rc = w.stop;
cleanup:
	free(w.seen);
	free(abs);
	return rc;
}
