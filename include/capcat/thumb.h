/* thumb.h - thumbnails with TurboJPEG (the only libturbojpeg user).
 *
 * A thumbnail is a baseline JPEG of about 'size' pixels on its long side,
 * upright (the EXIF orientation applied to the pixels), quality about 80.
 * From a JPEG: decoded with DCT-domain scaling at the smallest scaling
 * factor whose result still covers 'size' (1/8 of a 24-megapixel frame is
 * 750 px: no full decode), then resized and rotated.  TIFF, DNG and
 * TIFF-based raw files: their largest embedded JPEG preview is used.
 */
#ifndef CAPCAT_THUMB_H
#define CAPCAT_THUMB_H

#include "capcat/err.h"

#include <stddef.h>

#define CAPCAT_THUMB_SIZE 256

struct capcat_thumb {
	unsigned char *jpeg;    /* malloc'd; owned by the struct */
	size_t len;
	int width, height;      /* of the thumbnail, upright */
	const char *source;     /* static: "made" (decoded from the image) or "preview"
				   (an embedded preview, scaled) */
};

void capcat_thumb_init(struct capcat_thumb *t);
void capcat_thumb_release(struct capcat_thumb *t);

/* Make the thumbnail of the photo file at 'path' whose EXIF orientation is
 * 'orientation' (1..8, 0 = unknown = 1).  CAPCAT_EUNSUPPORTED when the file
 * holds no image capcat can decode (HEIF, raw without preview...): record
 * that, do not retry; CAPCAT_EFORMAT for a damaged image; CAPCAT_EIO. */
int capcat_thumb_make(struct capcat_thumb *out, const char *path, int orientation, int size,
		      struct capcat_err *err);

/* capcat_thumb_make() of a JPEG file already read whole into memory
 * ('file', 'len'): the same thumbnail, without reading the file again.
 * CAPCAT_EUNSUPPORTED for any other format (use capcat_thumb_make()). */
int capcat_thumb_make_mem(struct capcat_thumb *out, const unsigned char *file, size_t len,
			  int orientation, int size, struct capcat_err *err);

/* Scale and rotate a JPEG held in memory (an EXIF thumbnail, a preview). */
int capcat_thumb_from_jpeg(struct capcat_thumb *out, const unsigned char *jpeg, size_t len,
			   int orientation, int size, struct capcat_err *err);

#endif
