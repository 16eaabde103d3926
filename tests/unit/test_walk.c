/* test_walk.c - capcat_walk on temporary trees: sorted order, exclude
 * globs, symlinks (skipped, or followed with loop detection), FIFOs, a
 * missing root, stopping from a callback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/walk.h"

#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAXREC 64

/* What the callbacks saw, paths relative to the tree's root. */
struct rec {
	const char *root;
	char files[MAXREC][256];
	int sidecars[MAXREC];   /* what the walk said of each file's folder */
	int nfiles;
	char dirs[MAXREC][256];
	int ndirs;
	char special[MAXREC][256];
	int nspecial;
	char problems[MAXREC][256];
	int nproblems;
	int stop_at;            /* file callback returns 5 at this count; 0 never */
	int unstated;           /* files handed over without a stat */
};

static void rel(const struct rec *r, const char *path, char out[256])
{
	size_t n = strlen(r->root);

	if (!strncmp(path, r->root, n) && (path[n] == '/' || path[n] == '\0'))
		snprintf(out, 256, "%s", path[n] ? path + n + 1 : ".");
	else
		snprintf(out, 256, "!%s", path);       /* outside the root: visible */
}

static int on_file(void *payload, const char *path, const struct stat *st, int sidecars)
{
	struct rec *r = payload;
	struct stat own;

	if (!st) {              /* the directory said it is a regular file */
		assert_int_equal(lstat(path, &own), 0);
		st = &own;
		r->unstated++;
	}
	assert_true(S_ISREG(st->st_mode));
	assert_true(path[0] == '/');
	assert_true(r->nfiles < MAXREC);
	r->sidecars[r->nfiles] = sidecars;
	rel(r, path, r->files[r->nfiles++]);
	return r->stop_at && r->nfiles == r->stop_at ? 5 : 0;
}

static void on_dir(void *payload, const char *path)
{
	struct rec *r = payload;

	assert_true(r->ndirs < MAXREC);
	rel(r, path, r->dirs[r->ndirs++]);
}

static void on_special(void *payload, const char *path)
{
	struct rec *r = payload;

	assert_true(r->nspecial < MAXREC);
	rel(r, path, r->special[r->nspecial++]);
}

static void on_problem(void *payload, const char *path, int errnum, const char *why)
{
	struct rec *r = payload;

	assert_true(errnum != 0 || why != NULL);
	assert_true(r->nproblems < MAXREC);
	rel(r, path, r->problems[r->nproblems++]);
}

static int walk(struct rec *r, const char *root, const char *start,
		const struct capcat_walk_opts *opts, struct capcat_err *err)
{
	struct capcat_walk_cb cb = {
		.file = on_file, .dir = on_dir, .special = on_special,
		.problem = on_problem, .payload = r,
	};

	r->root = root;
	return capcat_walk(start ? start : root, opts, &cb, err);
}

static void mkfile(const char *dir, const char *name)
{
	char *p = tu_join(dir, name);

	tu_write_file(p, name, strlen(name));
	free(p);
}

static void mkdir_in(const char *dir, const char *name)
{
	char *p = tu_join(dir, name);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void link_in(const char *dir, const char *name, const char *target)
{
	char *p = tu_join(dir, name);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/* Assert the recorded list equals 'want' (NULL-terminated), in order. */
static void assert_list(char list[][256], int n, const char *const *want)
{
	int i = 0;

	for (; want[i]; i++) {
		if (i >= n)
			fail_msg("entry %d: got nothing, want %s", i, want[i]);
		if (strcmp(list[i], want[i]))
			fail_msg("entry %d: got %s, want %s", i, list[i], want[i]);
	}
	if (n != i)
		fail_msg("got %d entries, want %d (extra: %s)", n, i, list[i]);
}

/* Whether the file system gives d_type (ext4, tmpfs, btrfs, xfs do). */
static int dir_tells_types(const char *root)
{
	DIR *d = opendir(root);
	struct dirent *de;
	int yes = 0;

	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			yes |= de->d_type != DT_UNKNOWN;
	if (d)
		closedir(d);
	return yes;
}

static void test_walk__sorted_order(void **state)
{
	const char *root = *state;
	static const char *const want[] = {
		"A.jpg", "B", "a.jpg", "b/x.jpg", "b/y/z.jpg", "b.jpg", "c10.jpg",
		"c2.jpg", NULL,
	};
	static const char *const want_dirs[] = { ".", "b", "b/y", NULL };
	struct rec r = { 0 };
	char *b;

	/* created out of order; readdir order is not sorted */
	mkfile(root, "c2.jpg");
	mkfile(root, "a.jpg");
	mkfile(root, "c10.jpg");
	mkdir_in(root, "b");
	mkfile(root, "b.jpg");
	mkfile(root, "B");
	mkfile(root, "A.jpg");
	b = tu_join(root, "b");
	mkdir_in(b, "y");
	mkfile(b, "x.jpg");
	free(b);
	b = tu_join(root, "b/y");
	mkfile(b, "z.jpg");
	free(b);
	assert_int_equal(walk(&r, root, NULL, NULL, NULL), 0);
	assert_list(r.files, r.nfiles, want);
	assert_list(r.dirs, r.ndirs, want_dirs);
	assert_int_equal(r.nproblems, 0);
	/* a file the directory calls regular costs no stat (where it says) */
	if (dir_tells_types(root))
		assert_int_equal(r.unstated, r.nfiles);
}

static void test_walk__same_order_every_time(void **state)
{
	const char *root = *state;
	struct rec r1 = { 0 }, r2 = { 0 };
	char name[32];

	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "f%03d.jpg", (i * 17) % 40);
		mkfile(root, name);
	}
	assert_int_equal(walk(&r1, root, NULL, NULL, NULL), 0);
	assert_int_equal(walk(&r2, root, NULL, NULL, NULL), 0);
	assert_int_equal(r1.nfiles, 40);
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "f%03d.jpg", i);
		assert_string_equal(r1.files[i], name);
		assert_string_equal(r2.files[i], name);
	}
}

static void test_walk__exclude_names_and_paths(void **state)
{
	const char *root = *state;
	char *pattern = tu_join(root, "keep/skip-by-path");
	const char *const excludes[] = { "*.tmp", ".cache", pattern, "*/deep/*.xmp" };
	struct capcat_walk_opts opts = { .excludes = excludes, .nexcludes = 4 };
	static const char *const want[] = {
		"a.jpg", "keep/b.jpg", "keep/deep/c.jpg", "keep/skip-by-pathX/d.jpg", NULL,
	};
	struct rec r = { 0 };
	char *d;

	mkfile(root, "a.jpg");
	mkfile(root, "junk.tmp");
	mkdir_in(root, ".cache");
	d = tu_join(root, ".cache");
	mkfile(d, "cached.jpg");                /* pruned with its folder */
	free(d);
	mkdir_in(root, "keep");
	d = tu_join(root, "keep");
	mkfile(d, "b.jpg");
	mkfile(d, "b.tmp");
	mkdir_in(d, "skip-by-path");
	mkdir_in(d, "skip-by-pathX");           /* shares the prefix: not excluded */
	mkdir_in(d, "deep");
	free(d);
	d = tu_join(root, "keep/skip-by-path");
	mkfile(d, "hidden.jpg");
	free(d);
	d = tu_join(root, "keep/skip-by-pathX");
	mkfile(d, "d.jpg");
	free(d);
	d = tu_join(root, "keep/deep");
	mkfile(d, "c.jpg");
	mkfile(d, "c.xmp");
	free(d);

	assert_int_equal(walk(&r, root, NULL, &opts, NULL), 0);
	assert_list(r.files, r.nfiles, want);
	/* excluded folders are not even entered */
	for (int i = 0; i < r.ndirs; i++) {
		assert_null(strstr(r.dirs[i], ".cache"));
		assert_string_not_equal(r.dirs[i], "keep/skip-by-path");
	}
	free(pattern);
}

static void test_walk__excluded_helper(void **state)
{
	const char *const excludes[] = { "*.tmp", "/data/private/*", "Thumbs.db" };
	struct capcat_walk_opts opts = { .excludes = excludes, .nexcludes = 3 };

	(void)state;
	assert_true(capcat_walk_excluded(&opts, "/x/y/file.tmp"));      /* name */
	assert_true(capcat_walk_excluded(&opts, "/x/Thumbs.db"));
	assert_true(capcat_walk_excluded(&opts, "/data/private/a.jpg"));        /* path */
	assert_false(capcat_walk_excluded(&opts, "/data/public/a.jpg"));
	assert_false(capcat_walk_excluded(&opts, "/x/y/file.tmp.jpg"));
	assert_false(capcat_walk_excluded(&opts, "/x/thumbs.db"));      /* case matters */
	assert_false(capcat_walk_excluded(NULL, "/x/file.tmp"));
}

static void test_walk__symlinks_skipped_by_default(void **state)
{
	/* the tree and a folder outside it, both in the fixture's folder */
	char *root = tu_join(*state, "root"), *outside = tu_join(*state, "outside");
	char *target = tu_join(outside, "o.jpg");
	static const char *const want[] = { "real.jpg", "sub/s.jpg", NULL };
	struct rec r = { 0 };
	char *sub;

	assert_int_equal(mkdir(root, 0755), 0);
	assert_int_equal(mkdir(outside, 0755), 0);
	mkfile(root, "real.jpg");
	mkdir_in(root, "sub");
	sub = tu_join(root, "sub");
	mkfile(sub, "s.jpg");
	free(sub);
	mkfile(outside, "o.jpg");
	link_in(root, "file-link.jpg", target);
	link_in(root, "dir-link", outside);
	link_in(root, "loop", ".");
	link_in(root, "dangling.jpg", "/no/such/file");
	assert_int_equal(walk(&r, root, NULL, NULL, NULL), 0);
	assert_list(r.files, r.nfiles, want);
	assert_int_equal(r.nproblems, 0);       /* skipped silently */
	assert_int_equal(r.nspecial, 0);
	free(target);
	free(outside);
	free(root);
}

static void test_walk__follow_symlinks_loop_terminates(void **state)
{
	const char *root = *state;
	struct capcat_walk_opts opts = { .follow_symlinks = 1 };
	static const char *const want[] = { "g.jpg", "sub/f.jpg", "sub/z/deep.jpg", NULL };
	struct rec r = { 0 };
	char *sub, *z;

	mkfile(root, "g.jpg");
	mkdir_in(root, "sub");
	sub = tu_join(root, "sub");
	mkfile(sub, "f.jpg");
	mkdir_in(sub, "z");
	link_in(sub, "up", "..");               /* to the root: a loop */
	link_in(sub, "self", ".");              /* to itself */
	z = tu_join(sub, "z");
	mkfile(z, "deep.jpg");
	link_in(z, "top", root);                /* absolute link to the root */
	link_in(z, "back", "../../sub");        /* to an ancestor, by a longer way */
	free(z);
	free(sub);
	assert_int_equal(walk(&r, root, NULL, &opts, NULL), 0);
	/* each file once, under its own path */
	assert_list(r.files, r.nfiles, want);
	assert_int_equal(r.ndirs, 3);           /* ., sub, sub/z */
}

static void test_walk__follow_symlinks_reaches_targets(void **state)
{
	/* the tree and a folder outside it, both in the fixture's folder */
	char *root = tu_join(*state, "root"), *outside = tu_join(*state, "outside");
	char *target = tu_join(outside, "o.jpg");
	struct capcat_walk_opts opts = { .follow_symlinks = 1 };
	static const char *const want[] = { "dir-link/o.jpg", "file-link.jpg", "real.jpg", NULL };
	struct rec r = { 0 };

	assert_int_equal(mkdir(root, 0755), 0);
	assert_int_equal(mkdir(outside, 0755), 0);
	mkfile(root, "real.jpg");
	mkfile(outside, "o.jpg");
	link_in(root, "file-link.jpg", target);
	link_in(root, "dir-link", outside);
	link_in(root, "dangling.jpg", "/no/such/file");
	assert_int_equal(walk(&r, root, NULL, &opts, NULL), 0);
	assert_list(r.files, r.nfiles, want);
	/* a dangling link is reported, and the walk goes on */
	assert_int_equal(r.nproblems, 1);
	assert_string_equal(r.problems[0], "dangling.jpg");
	free(target);
	free(outside);
	free(root);
}

static void test_walk__fifo_goes_to_special(void **state)
{
	const char *root = *state;
	char *fifo = tu_join(root, "pipe.jpg");
	static const char *const want[] = { "a.jpg", NULL };
	static const char *const want_special[] = { "pipe.jpg", NULL };
	struct rec r = { 0 };
	struct capcat_walk_cb cb = { .file = on_file, .payload = &r };
	struct capcat_err err = { 0 };

	mkfile(root, "a.jpg");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(walk(&r, root, NULL, NULL, NULL), 0);
	assert_list(r.files, r.nfiles, want);
	assert_list(r.special, r.nspecial, want_special);
	/* without a special callback the FIFO is simply passed over */
	memset(&r, 0, sizeof(r));
	r.root = root;
	assert_int_equal(capcat_walk(root, NULL, &cb, &err), 0);
	assert_list(r.files, r.nfiles, want);
	/* a FIFO as the root goes to special too */
	memset(&r, 0, sizeof(r));
	assert_int_equal(walk(&r, root, fifo, NULL, NULL), 0);
	assert_int_equal(r.nfiles, 0);
	assert_int_equal(r.nspecial, 1);
	free(fifo);
}

static void test_walk__missing_root_is_eio(void **state)
{
	char *missing = tu_join(*state, "not-there");
	struct rec r = { 0 };
	struct capcat_err err = { 0 };

	assert_int_equal(walk(&r, *state, missing, NULL, &err), CAPCAT_EIO);
	assert_int_equal(err.code, CAPCAT_EIO);
	assert_string_equal(err.path, missing);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(r.nfiles + r.ndirs + r.nspecial, 0);
	free(missing);
}

static void test_walk__single_file_root(void **state)
{
	const char *root = *state;
	char *sub = tu_join(root, "d");
	const char *rel_path;
	static const char *const want[] = { "d/one.jpg", NULL };
	struct rec r = { 0 };
	char cwd[PATH_MAX];

	mkdir_in(root, "d");
	mkfile(sub, "one.jpg");
	mkfile(sub, "two.jpg");
	/* given relative to the working folder: reported absolute */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(sub), 0);
	rel_path = "./../d/one.jpg";
	r.root = root;
	{
		struct capcat_walk_cb cb = { .file = on_file, .dir = on_dir, .payload = &r };
		int rc = capcat_walk(rel_path, NULL, &cb, NULL);
		assert_int_equal(chdir(cwd), 0);
		assert_int_equal(rc, 0);
	}
	assert_list(r.files, r.nfiles, want);
	assert_int_equal(r.ndirs, 0);
	free(sub);
}

static void test_walk__callback_stops_walk(void **state)
{
	const char *root = *state;
	struct rec r = { 0 };

	mkfile(root, "1.jpg");
	mkfile(root, "2.jpg");
	mkfile(root, "3.jpg");
	mkdir_in(root, "4");
	{
		char *d = tu_join(root, "4");
		mkfile(d, "5.jpg");
		free(d);
	}
	r.stop_at = 2;
	assert_int_equal(walk(&r, root, NULL, NULL, NULL), 5);
	assert_int_equal(r.nfiles, 2);          /* nothing after the stop */
	assert_int_equal(r.ndirs, 1);
}

/* A folder without any .xmp name says so, so that import does not look
 * for sidecars there; one with any (in any case) says it may hold them,
 * also for its files after a subfolder was walked; a single file may. */
static void test_walk__says_where_sidecars_may_be(void **state)
{
	const char *root = *state;
	struct rec r = { 0 };
	char *without = tu_join(root, "0c"), *with = tu_join(root, "b"), *one;

	mkdir_in(root, "0c");
	mkfile(without, "y.jpg");
	mkfile(root, "a.jpg");
	mkdir_in(root, "b");
	mkfile(with, "x.jpg");
	mkfile(with, "x.XMP");
	mkfile(root, "z.jpg");
	assert_int_equal(walk(&r, root, NULL, NULL, NULL), 0);
	assert_int_equal(r.nfiles, 5);
	assert_string_equal(r.files[0], "0c/y.jpg");
	assert_int_equal(r.sidecars[0], 0);
	assert_string_equal(r.files[1], "a.jpg");
	assert_int_equal(r.sidecars[1], 0);
	assert_string_equal(r.files[2], "b/x.XMP");
	assert_int_equal(r.sidecars[2], 1);
	assert_string_equal(r.files[3], "b/x.jpg");
	assert_int_equal(r.sidecars[3], 1);
	assert_string_equal(r.files[4], "z.jpg");
	assert_int_equal(r.sidecars[4], 0);       /* the root's again, after b */

	memset(&r, 0, sizeof(r));
	one = tu_join(root, "z.jpg");
	assert_int_equal(walk(&r, root, one, NULL, NULL), 0);
	assert_int_equal(r.nfiles, 1);
	assert_int_equal(r.sidecars[0], 1);     /* a single file: not listed */
	free(one);
	free(without);
	free(with);
}

#define TMP(f) cmocka_unit_test_setup_teardown(f, tu_tmpdir_setup, tu_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TMP(test_walk__sorted_order),
		TMP(test_walk__same_order_every_time),
		TMP(test_walk__exclude_names_and_paths),
		cmocka_unit_test(test_walk__excluded_helper),
		TMP(test_walk__symlinks_skipped_by_default),
		TMP(test_walk__follow_symlinks_loop_terminates),
		TMP(test_walk__follow_symlinks_reaches_targets),
		TMP(test_walk__fifo_goes_to_special),
		TMP(test_walk__missing_root_is_eio),
		TMP(test_walk__single_file_root),
		TMP(test_walk__callback_stops_walk),
		TMP(test_walk__says_where_sidecars_may_be),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
