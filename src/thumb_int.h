/* thumb_int.h - thumb.c's internals, exposed for the unit tests (private). */
#ifndef CAPCAT_THUMB_INT_H
#define CAPCAT_THUMB_INT_H

#include "capcat/err.h"

#include <stddef.h>

/* The DCT scaling factor num/denom at which a w x h JPEG is decoded to make
 * a thumbnail of 'size' px on its long side: the smallest one TurboJPEG
 * offers whose result still covers 'size', never above 1/1 (1/1 when the
 * image is smaller than 'size').  Returns the scaled long side. */
int capcat_thumb__scale_for(int w, int h, int size, int *num, int *denom);

/* Decode 'jpeg' at full size (for the tests, which cannot include
 * turbojpeg.h): *rgb is malloc'd, 3 bytes a pixel, rows unpadded. */
int capcat_thumb__decode(unsigned char **rgb, int *w, int *h, const unsigned char *jpeg,
			 size_t len, struct capcat_err *err);

#endif
