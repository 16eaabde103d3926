/* import.h - bring folders of photos into the catalog.
 *
 * Incremental: a file whose path, size and mtime the catalog already has is
 * not opened; a changed file is read again; a new file whose fingerprint
 * matches a photo whose file is gone is that photo, moved (it keeps its id
 * and all that is attached to it); a cataloged photo under an imported
 * folder whose file has vanished is marked missing, never deleted.
 * Files are read by 'jobs' threads; one thread writes, in walk order, so
 * the catalog is the same whatever the number of jobs.
 */
#ifndef CAPCAT_IMPORT_H
#define CAPCAT_IMPORT_H

#include "capcat/catalog.h"
#include "capcat/err.h"

#include <stddef.h>
#include <stdint.h>

struct capcat_import_stats {
	int64_t files;          /* regular files met */
	int64_t added, updated, unchanged, moved, missing, not_images, failed;
	int64_t warnings;       /* photos cataloged with a damage warning */
	int64_t thumbs_later;   /* photos stored with no thumbnail yet (to make later) */
	double elapsed;         /* seconds */
};

struct capcat_import_opts {
	int jobs;                       /* reader threads; <= 0: online CPUs */
	int follow_symlinks;
	/* Which photos with no embedded thumbnail get one made now
	 * (capcat_thumb_make, in the reader threads); the others are left
	 * for 'capcat thumbnail --all' or their first use, as decoding a
	 * whole photo costs ten to a hundred times reading its metadata. */
	enum capcat_import_thumbs {
		CAPCAT_IMPORT_THUMBS_SMALL = 0, /* images no larger than a thumbnail */
		CAPCAT_IMPORT_THUMBS_ALL,
		CAPCAT_IMPORT_THUMBS_NONE,
	} thumbnails;
	const char *const *excludes;    /* fnmatch globs */
	size_t nexcludes;
	/* Progress, called from the importing thread after each batch. */
	void (*progress)(void *payload, const struct capcat_import_stats *st,
			 const char *folder);
	/* A file that failed (is_warning 0) or was cataloged with damage
	 * (is_warning 1); 'msg' says why. */
	void (*problem)(void *payload, const char *path, const char *msg, int is_warning);
	void *payload;
};

/* Import every path (folders recursively, or single files).  Returns 0
 * when the walk ran (files that failed are counted in st->failed and
 * reported through opts->problem), or a negative code when the catalog
 * could not be written (err says why; what was committed stays). */
int capcat_import(struct capcat_catalog *cat, const char *const *paths, size_t npaths,
		  const struct capcat_import_opts *opts, struct capcat_import_stats *st,
		  struct capcat_err *err);

#endif
