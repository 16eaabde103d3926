/* util.h - small helpers with no third-party dependency.
 *
 * Every returned char * is malloc'd and belongs to the caller; NULL means
 * out of memory (or, for capcat_path_abs, a path that cannot be made
 * absolute, with errno set).
 */
#ifndef CAPCAT_UTIL_H
#define CAPCAT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Array 'p' of *cap elements of 'size' bytes, with room for at least
 * 'need': 'p' itself when it has, else reallocated to twice its capacity
 * (or 'first' elements, the first time) as often as needed, *cap updated.
 * NULL when out of memory: 'p' and *cap are then as they were. */
void *capcat_grow(void *p, size_t *cap, size_t need, size_t size, size_t first);

/* a followed by b. */
char *capcat_strjoin(const char *a, const char *b);
/* 'path' made absolute without resolving symlinks in its last component;
 * "." and ".." and repeated slashes are removed. */
char *capcat_path_abs(const char *path);
/* The folder part of an absolute path ("/a/b.jpg" -> "/a", "/x" -> "/"). */
char *capcat_path_dir(const char *path);
/* The folder of the files met last, kept open, for openat() and fstatat():
 * files of one folder come one after another, and naming one in its
 * folder spares the kernel a walk of the whole path.  Zero it, set fd to
 * -1; release with capcat_folder_release(). */
struct capcat_folder {
	char *dir;
	int fd;
};
/* The folder fd for absolute 'path' and, in *name, its last component;
 * AT_FDCWD and 'path' itself when the folder cannot be kept. */
int capcat_folder_of(struct capcat_folder *f, const char *path, const char **name);
void capcat_folder_release(struct capcat_folder *f);

/* Create 'dir' and its parents (mode 0777 & ~umask); 0 or -1 with errno. */
int capcat_mkdirs(const char *dir);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ" in 'out'; $CAPCAT_NOW, when
 * set, is used instead so that tests are reproducible. */
void capcat_now_iso(char out[32]);
/* Read a whole regular file of at most 'max' bytes into 'out' (appended).
 * 0, or -1 with errno set (EFBIG when larger than 'max'). */
struct capcat_buf;
int capcat_read_small_file(struct capcat_buf *out, const char *path, size_t max);

/* A file written atomically: a temporary file beside 'path', made visible
 * by capcat_atomic_commit() (flush, fsync, then a link that refuses to
 * replace an existing file unless 'force', and an fsync of the folder);
 * capcat_atomic_abort() removes it and leaves 'path' as it was. */
struct capcat_atomic {
	char path[4096], tmp[4200];
	int force;
	void *file;             /* FILE *, to write to */
};
struct capcat_err;
int capcat_atomic_open(struct capcat_atomic *a, const char *path, int force,
		       struct capcat_err *err);
int capcat_atomic_commit(struct capcat_atomic *a, struct capcat_err *err);
void capcat_atomic_abort(struct capcat_atomic *a);

/* Replace 'path' atomically with the bytes of iov[0..n): a temporary file
 * beside it (mkstemp), written, fsync'd and renamed over 'path', then an
 * fsync of the folder.  'like' gives the new file's permission bits and,
 * where the process may set it, its owner (the old file's stat); NULL for
 * a new file (0644 less the umask).  Returns 0, or CAPCAT_EIO /
 * CAPCAT_ENOMEM with err naming 'path'; on error 'path' is as it was and
 * the temporary file is gone. */
struct iovec;
struct stat;
int capcat_file_replace(const char *path, const struct iovec *iov, size_t n,
			const struct stat *like, struct capcat_err *err);

/* Seconds since an arbitrary start, for rates. */
double capcat_monotonic(void);

#endif
