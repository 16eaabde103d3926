/* tiff.h - a small, strictly bounded TIFF/EXIF IFD walker (private).
 *
 * libexif reads EXIF blocks of up to 64 KiB held in memory.  TIFF-based
 * files (TIFF, DNG, CR2, NEF, ...) keep their IFDs anywhere in the file, and
 * some camera JPEGs carry blocks that libexif rejects; this walker reads
 * both, through bounded reads, so that capcat can recover what libexif did
 * not give.  It follows IFD0, the Exif and GPS sub-IFDs and IFD1, never the
 * same offset twice, and at most TIFF_MAX_ENTRIES entries per IFD.
 */
#ifndef CAPCAT_TIFF_H
#define CAPCAT_TIFF_H

#include "capcat/buf.h"

#include <stddef.h>
#include <stdint.h>

struct capcat_rd;

/* Logical IFDs, shared with exif.c's tag table. */
enum { TIFF_IFD0, TIFF_IFD_EXIF, TIFF_IFD_GPS, TIFF_IFD1, TIFF_IFD_COUNT };

#define TIFF_MAX_ENTRIES 1024

struct tiff_src {
	/* Either an in-memory block ... */
	const unsigned char *mem;
	size_t len;
	/* ... or a TIFF structure at file offset 'base' of 'rd'. */
	struct capcat_rd *rd;
	int64_t base;
	int le;                         /* byte order: 1 little-endian */
	struct capcat_buf scratch;
};

/* Called for each entry: 'val' holds the entry's 'vlen' value bytes (in
 * the block's byte order, 'le'), valid only during the call. */
typedef void (*tiff_entry_fn)(void *payload, int ifd, uint16_t tag,
			      uint16_t type, uint32_t count,
			      const unsigned char *val, size_t vlen, int le);

/* Walk the block: IFD0 (as 'first_ifd'), its Exif and GPS sub-IFDs and
 * IFD1.  'first_ifd' lets CR3's separate Exif and GPS blocks be walked as
 * what they are.  Returns 0, or -1 when the header is not TIFF. */
int tiff_walk(struct tiff_src *t, int first_ifd, tiff_entry_fn fn, void *payload);

/* The largest full-resolution image (NewSubfileType 0) among IFD0 and its
 * SubIFDs: where raw files (DNG, NEF, ARW, PEF) keep the sensor image.
 * 0 with *w, *h set, or -1 if none. */
int tiff_main_image_size(struct tiff_src *t, int *w, int *h);

/* Bytes [off, off+n) of the block, or NULL. */
const unsigned char *tiff_get(struct tiff_src *t, uint64_t off, size_t n);

void tiff_src_release(struct tiff_src *t);

static inline uint16_t tiff_u16(const unsigned char *p, int le)
{
	return le ? (uint16_t)(p[0] | p[1] << 8) : (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t tiff_u32(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
