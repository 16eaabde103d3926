/* testutil.h - small helpers shared by the cmocka unit tests.
 *
 * Include after <cmocka.h>.  Every helper is static inline so that a test
 * file that does not use one gets no unused-function warning.
 *
 *   tu_data_path("corpus/Apple.jpg")   $CAPCAT_TEST_DATA/corpus/Apple.jpg
 *   tu_corpus("Apple.jpg")             the same, shorter
 *   tu_read_file(path, &len)           the whole file, NUL-terminated
 *   tu_write_file(path, data, len)     create or replace a file
 *   tu_join(dir, name)                 "dir/name"
 *   tu_tmpdir_setup / _teardown        cmocka fixtures: *state is a fresh
 *                                      temporary folder (its real path),
 *                                      removed with everything in it
 *
 * Returned strings and buffers are malloc'd; the caller frees them.
 */
#ifndef CAPCAT_TESTUTIL_H
#define CAPCAT_TESTUTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "a" + "/" + "b", malloc'd; fails the test when out of memory. */
static inline char *tu_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);

	assert_non_null(p);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

/* The test data folder: $CAPCAT_TEST_DATA (set by ctest), else the
 * tests/data folder next to this header's folder. */
static inline char *tu_data_dir(void)
{
	const char *env = getenv("CAPCAT_TEST_DATA");
	char *dir, *slash;

	if (env && *env) {
		dir = strdup(env);
		assert_non_null(dir);
		return dir;
	}
	/* __FILE__ is .../tests/unit/testutil.h under CMake */
	dir = malloc(strlen(__FILE__) + sizeof("/../data"));
	assert_non_null(dir);
	strcpy(dir, __FILE__);
	slash = strrchr(dir, '/');
	if (slash)
		strcpy(slash, "/../data");
	else
		strcpy(dir, "../data");
	return dir;
}

static inline char *tu_data_path(const char *rel)
{
	char *dir = tu_data_dir(), *p = tu_join(dir, rel);

	free(dir);
	return p;
}

static inline char *tu_corpus(const char *name)
{
	char *dir = tu_data_path("corpus"), *p = tu_join(dir, name);

	free(dir);
	return p;
}

/* The whole file, with a NUL after it (not counted in *len). */
static inline unsigned char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	for (;;) {
		size_t got;
		if (n + 4096 + 1 > cap) {
			unsigned char *p;
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			assert_non_null(p);
			buf = p;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	assert_false(ferror(f));
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static inline void tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static inline int tu_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static inline int tu_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A new, empty temporary folder; its real path (no symlinks in it), so that
 * tests can compare it with paths that libcapcat made absolute. */
static inline char *tu_tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX], *real;

	if (!base || !*base)
		base = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/capcat-test.XXXXXX", base);
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp %s: %s", tmpl, strerror(errno));
	real = realpath(tmpl, NULL);
	assert_non_null(real);
	return real;
}

static inline int tu_rm_one(const char *path, const struct stat *st, int type,
			    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove 'dir' and everything under it (symlinks are not followed). */
static inline void tu_tmpdir_remove(const char *dir)
{
	if (dir && tu_exists(dir))
		nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* cmocka fixtures: *state is the folder (char *). */
static inline int tu_tmpdir_setup(void **state)
{
	*state = tu_tmpdir_make();
	return 0;
}

static inline int tu_tmpdir_teardown(void **state)
{
	tu_tmpdir_remove(*state);
	free(*state);
	*state = NULL;
	return 0;
}

#endif
