/* test_util.c - path helpers, capcat_mkdirs, capcat_now_iso, and the small
 * string and time helpers of util.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void assert_abs(const char *in, const char *want)
{
	char *got = capcat_path_abs(in);

	if (!got)
		fail_msg("capcat_path_abs(\"%s\") failed", in);
	if (strcmp(got, want))
		fail_msg("capcat_path_abs(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

static void assert_dir(const char *in, const char *want)
{
	char *got = capcat_path_dir(in);

	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("capcat_path_dir(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	free(got);
}

static void test_util__path_abs_relative(void **state)
{
	const char *dir = *state;
	char cwd[PATH_MAX], *want;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	want = tu_join(dir, "b/c");
	assert_abs("a/../b/./c", want);
	free(want);
	assert_abs(".", dir);
	assert_abs("", dir);
	want = tu_join(dir, "x");
	assert_abs("x/", want);
	assert_abs("./x//", want);
	free(want);
	/* ".." out of the working folder */
	want = capcat_path_dir(dir);
	assert_non_null(want);
	assert_abs("..", want);
	free(want);
	assert_int_equal(chdir(cwd), 0);
}

static void test_util__path_abs_absolute(void **state)
{
	(void)state;
	assert_abs("/", "/");
	assert_abs("//", "/");
	assert_abs("//x//y/", "/x/y");
	assert_abs("/a/./b/.", "/a/b");
	assert_abs("/a/b/../c", "/a/c");
	assert_abs("/a/b/../../..", "/");       /* no climbing above the root */
	assert_abs("/../x", "/x");
	assert_abs("/./", "/");
	assert_abs("/a/..b/c.", "/a/..b/c.");   /* names that merely start with dots */
	assert_abs("/a/.../b", "/a/.../b");
	assert_abs("/photos/2024/IMG 0001.JPG", "/photos/2024/IMG 0001.JPG");
}

static void test_util__path_abs_keeps_symlinks(void **state)
{
	const char *dir = *state;
	char *real = tu_join(dir, "real"), *link = tu_join(dir, "link"), *in;

	assert_int_equal(mkdir(real, 0755), 0);
	assert_int_equal(symlink(real, link), 0);
	in = tu_join(link, "photo.jpg");
	assert_abs(in, in);     /* not resolved to .../real/photo.jpg */
	free(in);
	assert_abs(link, link);
	free(real);
	free(link);
}

static void test_util__path_dir(void **state)
{
	(void)state;
	assert_dir("/a/b.jpg", "/a");
	assert_dir("/a/b/c", "/a/b");
	assert_dir("/x", "/");
	assert_dir("/", "/");
	assert_dir("name.jpg", ".");
	assert_dir("rel/name.jpg", "rel");
}

static void test_util__mkdirs(void **state)
{
	const char *dir = *state;
	char *deep = tu_join(dir, "a/b/c/d"), *slash = tu_join(dir, "e/f/");

	assert_int_equal(capcat_mkdirs(deep), 0);
	assert_true(tu_is_dir(deep));
	/* already there: still fine */
	assert_int_equal(capcat_mkdirs(deep), 0);
	/* a trailing slash */
	assert_int_equal(capcat_mkdirs(slash), 0);
	assert_true(tu_is_dir(slash));
	/* the root */
	assert_int_equal(capcat_mkdirs("/"), 0);
	/* the empty path names no folder */
	assert_int_equal(capcat_mkdirs(""), -1);
	free(deep);
	free(slash);
}

static void test_util__mkdirs_relative(void **state)
{
	const char *dir = *state;
	char cwd[PATH_MAX], *want = tu_join(dir, "r1/r2");

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(capcat_mkdirs("r1/r2"), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_true(tu_is_dir(want));
	free(want);
}

static void test_util__mkdirs_fails_over_a_file(void **state)
{
	const char *dir = *state;
	char *file = tu_join(dir, "file"), *under = tu_join(dir, "file/sub");
	int rc;

	tu_write_file(file, "x", 1);
	/* a parent that is a file */
	errno = 0;
	assert_int_equal(capcat_mkdirs(under), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_false(tu_is_dir(under));
	/* the folder itself is a file: no folder was made, so not success */
	errno = 0;
	rc = capcat_mkdirs(file);
	assert_false(tu_is_dir(file));
	assert_int_equal(rc, -1);
	free(file);
	free(under);
}

static void test_util__now_iso_honours_capcat_now(void **state)
{
	char out[32];

	(void)state;
	setenv("CAPCAT_NOW", "2001-02-03T04:05:06Z", 1);
	memset(out, 'x', sizeof(out));
	capcat_now_iso(out);
	assert_string_equal(out, "2001-02-03T04:05:06Z");
	/* taken as given, and cut to fit */
	setenv("CAPCAT_NOW", "1999-12-31T23:59:59Z", 1);
	capcat_now_iso(out);
	assert_string_equal(out, "1999-12-31T23:59:59Z");
	setenv("CAPCAT_NOW", "0123456789012345678901234567890123456789", 1);
	capcat_now_iso(out);
	assert_int_equal(strlen(out), 31);
	unsetenv("CAPCAT_NOW");
}

static void check_clock_shape(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	assert_int_equal(strlen(s), sizeof(shape) - 1);
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd')
			assert_true(isdigit((unsigned char)s[i]));
		else
			assert_int_equal(s[i], shape[i]);
	}
}

static void test_util__now_iso_real_clock(void **state)
{
	char out[32], before[32];
	time_t t = time(NULL);
	struct tm tm;

	(void)state;
	unsetenv("CAPCAT_NOW");
	gmtime_r(&t, &tm);
	strftime(before, sizeof(before), "%Y-%m-%dT%H:%M:%SZ", &tm);
	capcat_now_iso(out);
	check_clock_shape(out);
	assert_true(strcmp(out, before) >= 0);          /* UTC, not in the past */
	assert_true(strncmp(out, "2020", 4) > 0);
	/* an empty CAPCAT_NOW is no fixed time */
	setenv("CAPCAT_NOW", "", 1);
	capcat_now_iso(out);
	check_clock_shape(out);
	unsetenv("CAPCAT_NOW");
}

static void test_util__strjoin(void **state)
{
	char *p;

	(void)state;
	p = capcat_strjoin("/home/u", "/.local");
	assert_string_equal(p, "/home/u/.local");
	free(p);
	p = capcat_strjoin("", "");
	assert_string_equal(p, "");
	free(p);
	p = capcat_strjoin("a", "");
	assert_string_equal(p, "a");
	free(p);
}

static void test_util__monotonic(void **state)
{
	double a, b;

	(void)state;
	a = capcat_monotonic();
	usleep(20000);
	b = capcat_monotonic();
	assert_true(b - a >= 0.015);
	assert_true(b - a < 5);
}

#define TMP(f) cmocka_unit_test_setup_teardown(f, tu_tmpdir_setup, tu_tmpdir_teardown)

/* Room for what is asked, by doubling from 'first'; the same array when
 * it has room; NULL and nothing changed when the size cannot be had. */
static void test_util__grow(void **state)
{
	size_t cap = 0;
	int *v = NULL, *w;

	(void)state;
	v = capcat_grow(v, &cap, 1, sizeof(*v), 4);
	assert_non_null(v);
	assert_int_equal(cap, 4);
	v[3] = 7;
	assert_ptr_equal(capcat_grow(v, &cap, 4, sizeof(*v), 4), v);
	assert_int_equal(cap, 4);
	v = capcat_grow(v, &cap, 9, sizeof(*v), 4);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	assert_int_equal(v[3], 7);
	w = capcat_grow(v, &cap, SIZE_MAX / 2, sizeof(*v), 4);
	assert_null(w);
	assert_int_equal(cap, 16);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TMP(test_util__path_abs_relative),
		cmocka_unit_test(test_util__path_abs_absolute),
		TMP(test_util__path_abs_keeps_symlinks),
		cmocka_unit_test(test_util__path_dir),
		TMP(test_util__mkdirs),
		TMP(test_util__mkdirs_relative),
		TMP(test_util__mkdirs_fails_over_a_file),
		cmocka_unit_test(test_util__now_iso_honours_capcat_now),
		cmocka_unit_test(test_util__now_iso_real_clock),
		cmocka_unit_test(test_util__strjoin),
		cmocka_unit_test(test_util__monotonic),
		cmocka_unit_test(test_util__grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
