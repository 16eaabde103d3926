/* walk.h - walk folders recursively, in a stable (sorted) order.
 *
 * Symlinks are reported as errors-free skips unless follow_symlinks is set;
 * then directory loops are detected by (device, inode) and each directory
 * is entered once.  Names matching an exclude glob (on the name or on the
 * whole path) are skipped, whole subtrees for directories.
 */
#ifndef CAPCAT_WALK_H
#define CAPCAT_WALK_H

#include "capcat/err.h"

#include <stddef.h>
#include <sys/stat.h>

struct capcat_walk_opts {
	int follow_symlinks;
	const char *const *excludes;     /* fnmatch(3) globs */
	size_t nexcludes;
};

struct capcat_walk_cb {
	/* A regular file; 'st' is its stat, or NULL when its directory said
	 * it is a regular file (d_type) and it was not stat'ed.  'sidecars' is
	 * 0 when its folder, as listed, holds no name ending in ".xmp" (any
	 * case): nothing there to look for.  Return 0 to go on, non-zero to
	 * stop the walk with that code. */
	int (*file)(void *payload, const char *path, const struct stat *st, int sidecars);
	/* Entering a directory (for progress); may be NULL. */
	void (*dir)(void *payload, const char *path);
	/* A FIFO, socket or device: never opened; may be NULL. */
	void (*special)(void *payload, const char *path);
	/* Something could not be read (errnum is an errno value, or 0 with
	 * 'why' set); the walk goes on. */
	void (*problem)(void *payload, const char *path, int errnum, const char *why);
	void *payload;
};

/* Walk 'root' (a directory or a single file; made absolute first).
 * Returns 0, the non-zero code a callback returned, or CAPCAT_EIO when
 * 'root' itself cannot be read (err says why). */
int capcat_walk(const char *root, const struct capcat_walk_opts *opts,
		const struct capcat_walk_cb *cb, struct capcat_err *err);

/* Does 'path' (or its last component) match one of the globs? */
int capcat_walk_excluded(const struct capcat_walk_opts *opts, const char *path);

#endif
