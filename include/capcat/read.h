/* read.h - read one photo file into a struct capcat_photo.
 *
 * The reader opens the file read-only (never following a FIFO or device),
 * reads its first 64 KiB once, identifies it by content, walks its container
 * with bounded reads and hands EXIF to libexif.  A reader holds a libmagic
 * cookie and scratch buffers: one per thread.
 */
#ifndef CAPCAT_READ_H
#define CAPCAT_READ_H

#include "capcat/err.h"
#include "capcat/photo.h"

struct capcat_reader;

/* On success *out is owned by the caller; free with capcat_reader_free(). */
int capcat_reader_new(struct capcat_reader **out, struct capcat_err *err);
void capcat_reader_free(struct capcat_reader *r);      /* NULL is a no-op */

/* How capcat_reader_read() reads. */
enum {
	CAPCAT_READ_NO_SIDECARS = 1     /* the caller knows no sidecar is there */
};

/* Read the file at 'path' into 'ph' (which must be initialised; its
 * previous contents are released); 'flags' are CAPCAT_READ_*.  Returns:
 *   0                    an image: ph is filled (ph->warnings may say what
 *                        was damaged but recovered);
 *   CAPCAT_EUNSUPPORTED  not an image; ph->mime says what libmagic thinks;
 *   CAPCAT_EIO           cannot open or read (err says why);
 *   CAPCAT_EFORMAT       an image too damaged to yield anything;
 *   CAPCAT_ENOMEM.
 * ph->path is set to a copy of 'path' in every case. */
int capcat_reader_read(struct capcat_reader *r, struct capcat_photo *ph,
		       const char *path, unsigned flags, struct capcat_err *err);

/* The first bytes of the file 'r' read last (at most 64 KiB: the whole
 * file when *len is its size); owned by 'r', valid until its next read. */
const unsigned char *capcat_reader_head(const struct capcat_reader *r, size_t *len);

/* The fingerprint of a file of 'size' bytes whose first bytes are 'head'. */
capcat_fingerprint capcat_fingerprint_of(const unsigned char *head, size_t len,
					 int64_t size);
/* The same as catalogs before version 9 worked it out: a move of a photo
 * stored then is found by this one (capcat_catalog_find_moved_v1). */
capcat_fingerprint capcat_fingerprint_v1_of(const unsigned char *head, size_t len,
					    int64_t size);

#endif
