/* photo.h - what one photo file says about itself.
 *
 * struct capcat_photo is filled by capcat_read_file() (read.h) and stored by
 * the catalog.  Every string is owned by the struct (malloc'd, freed by
 * capcat_photo_release()); NULL means unknown.  Numeric fields that may be
 * unknown carry a has_* flag, so that 0 is never mistaken for "not known".
 */
#ifndef CAPCAT_PHOTO_H
#define CAPCAT_PHOTO_H

#include "capcat/meta.h"

#include <stdint.h>
#include <sys/types.h>

/* Content fingerprint: 64-bit hash of the size and the first 64 KiB. */
typedef uint64_t capcat_fingerprint;

struct capcat_photo {
	char *path;             /* absolute path as walked */
	int64_t size;           /* bytes */
	int64_t mtime_ns;       /* modification time, ns since the epoch */
	capcat_fingerprint fingerprint;
	char *mime;             /* e.g. "image/jpeg", "image/x-canon-cr2" */

	int width, height;      /* 0 when unknown */
	int orientation;        /* EXIF 1..8; 0 when unknown or invalid */

	char *taken;            /* "YYYY-MM-DDTHH:MM:SS", local time of capture */
	int has_offset;
	int offset_min;         /* offset from UTC in minutes when has_offset */

	char *make, *model, *lens;
	double exposure_time;   /* seconds; 0 when unknown */
	double fnumber;         /* 0 when unknown */
	int iso;                /* 0 when unknown */
	double focal_length;    /* mm; 0 when unknown */

	int has_gps;
	double gps_lat, gps_lon;        /* signed decimal degrees */
	int has_alt;
	double gps_alt;                 /* metres, negative below sea level */

	/* The IFD1 JPEG thumbnail (or a raw file's small preview) */
	unsigned char *thumb;
	size_t thumb_len;
	int thumb_width, thumb_height;

	/* Captions, credits, places... as each copy in the file says them. */
	struct capcat_meta meta;

	/* Problems met while reading that did not stop it, one per line. */
	char *warnings;
};

void capcat_photo_init(struct capcat_photo *ph);
/* Free every owned member and re-initialise. */
void capcat_photo_release(struct capcat_photo *ph);
/* Append a warning line (printf-style); allocation failure drops it. */
void capcat_photo_warn(struct capcat_photo *ph, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Replace *field with a copy of 's' (NULL clears it); trims blanks and
 * stores NULL for an empty result.  Returns 0 or CAPCAT_ENOMEM. */
int capcat_photo_set_str(char **field, const char *s, size_t len);

#endif
