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

/* a followed by b. */
char *capcat_strjoin(const char *a, const char *b);
/* 'path' made absolute without resolving symlinks in its last component;
 * "." and ".." and repeated slashes are removed. */
char *capcat_path_abs(const char *path);
/* The folder part of an absolute path ("/a/b.jpg" -> "/a", "/x" -> "/"). */
char *capcat_path_dir(const char *path);
/* Create 'dir' and its parents (mode 0777 & ~umask); 0 or -1 with errno. */
int capcat_mkdirs(const char *dir);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ" in 'out'; $CAPCAT_NOW, when
 * set, is used instead so that tests are reproducible. */
void capcat_now_iso(char out[32]);
/* Read a whole regular file of at most 'max' bytes into 'out' (appended).
 * 0, or -1 with errno set (EFBIG when larger than 'max'). */
struct capcat_buf;
int capcat_read_small_file(struct capcat_buf *out, const char *path, size_t max);

/* Seconds since an arbitrary start, for rates. */
double capcat_monotonic(void);

#endif
