/* container_int.h - shared between the container readers (private). */
#ifndef CAPCAT_CONTAINER_INT_H
#define CAPCAT_CONTAINER_INT_H

#include "capcat/container.h"

#include <stdint.h>

/* HEIF/AVIF and Canon CR3: ISO base media file format boxes (bmff.c). */
int capcat_bmff_read(struct capcat_blocks *bl, struct capcat_rd *rd,
		     enum capcat_format fmt);

/* PNG chunks, text chunks inflated with zlib (png.c). */
int capcat_png_read(struct capcat_blocks *bl, struct capcat_rd *rd);

/* Canon CRW: CIFF heaps (ciff.c). */
int capcat_ciff_read(struct capcat_blocks *bl, struct capcat_rd *rd);

#endif
