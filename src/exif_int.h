/* exif_int.h - shared by exif.c and exif_text.c (private). */
#ifndef CAPCAT_EXIF_INT_H
#define CAPCAT_EXIF_INT_H

#include "capcat/photo.h"

#include <stddef.h>
#include <stdint.h>

/* One tag's value as found: TIFF type, count, bytes in the block's order. */
struct exif_val {
	int set;
	uint16_t type;
	uint32_t count;
	int le;
	unsigned char *data;
	size_t len;
};

/* ImageDescription, Artist, Copyright, the five XP tags (Title, Comment,
 * Author, Keywords, Subject) and UserComment into ph->meta (source EXIF).
 * ph->make and ph->model must be set (to spot camera filler). */
int capcat_exif_text(struct capcat_photo *ph, const struct exif_val *desc,
		     const struct exif_val *artist, const struct exif_val *copyright,
		     const struct exif_val *xp, const struct exif_val *user_comment);

/* A description that is only the camera talking ("OLYMPUS DIGITAL CAMERA",
 * the make or model, blanks)? */
int capcat_exif_is_filler(const char *s, const char *make, const char *model);

#endif
