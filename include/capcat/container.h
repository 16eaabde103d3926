/* container.h - find the metadata blocks inside an image file.
 *
 * Each image format keeps EXIF (a TIFF block), XMP and IPTC somewhere of its
 * own: JPEG APP segments, PNG chunks, RIFF chunks, ISO-BMFF items, TIFF tags.
 * capcat_container_read() walks the file's structure with bounded reads and
 * copies those blocks out, plus the pixel size from the image's own header.
 * It never decodes pixels and never reads the image data itself.
 */
#ifndef CAPCAT_CONTAINER_H
#define CAPCAT_CONTAINER_H

#include "capcat/buf.h"
#include "capcat/err.h"
#include "capcat/photo.h"

#include <stdint.h>

struct capcat_rd;

enum capcat_format {
	CAPCAT_FMT_NONE = 0,    /* not an image we know */
	CAPCAT_FMT_JPEG, CAPCAT_FMT_TIFF, CAPCAT_FMT_PNG, CAPCAT_FMT_WEBP,
	CAPCAT_FMT_HEIF, CAPCAT_FMT_GIF, CAPCAT_FMT_BMP, CAPCAT_FMT_JP2,
	/* camera raw */
	CAPCAT_FMT_CR2, CAPCAT_FMT_CR3, CAPCAT_FMT_CRW, CAPCAT_FMT_NEF,
	CAPCAT_FMT_ARW, CAPCAT_FMT_DNG, CAPCAT_FMT_RAF, CAPCAT_FMT_RW2,
	CAPCAT_FMT_ORF, CAPCAT_FMT_X3F, CAPCAT_FMT_MRW, CAPCAT_FMT_PEF,
	CAPCAT_FMT_COUNT
};

/* The MIME type we report for a format ("image/jpeg", "image/x-canon-cr2"). */
const char *capcat_format_mime(enum capcat_format fmt);
/* Short name ("jpeg", "cr2"). */
const char *capcat_format_name(enum capcat_format fmt);

struct capcat_blocks {
	/* EXIF: a TIFF block starting at its byte-order mark.  Either copied
	 * into 'exif', or, for files that are TIFF themselves, left in the file
	 * at 'exif_file_off' (exif_in_file set) to be read with bounded reads. */
	struct capcat_buf exif;
	int exif_in_file;
	int64_t exif_file_off;
	/* CR3 keeps the Exif and GPS IFDs in TIFF blocks of their own. */
	struct capcat_buf exif_ifd;
	struct capcat_buf gps_ifd;
	/* The XMP packet, when the format has one. */
	struct capcat_buf xmp;
	/* JPEG Extended XMP segments, each as a 4-byte big-endian length and
	 * the payload after the namespace (GUID, full length, offset, data) */
	struct capcat_buf xmp_ext;
	/* IPTC: Photoshop resources (JPEG APP13, all segments joined), or a
	 * bare IIM block (TIFF tag, PNG raw profile): its first byte says */
	struct capcat_buf iptc;
	/* A JPEG thumbnail kept outside EXIF (CR3's THMB, JFIF's JFXX). */
	struct capcat_buf thumb;
	/* Where a raw file keeps a JPEG preview, when it has one. */
	int64_t preview_off;
	uint32_t preview_len;
	/* Pixel size from the image's own header; 0 when not found. */
	int width, height;
	/* Facts a format keeps outside EXIF (Canon CRW's CIFF records): make,
	 * model, taken, orientation.  EXIF wins where both exist. */
	struct capcat_photo facts;
	/* A reason the structure is damaged (NULL if none); static string. */
	const char *damage;
};

void capcat_blocks_init(struct capcat_blocks *bl);
void capcat_blocks_release(struct capcat_blocks *bl);

/* Walk the file behind 'rd' as format 'fmt' and fill 'bl'.  Returns 0, or
 * CAPCAT_EFORMAT when the structure is too broken to find anything (what
 * was found before the damage is kept in 'bl'), CAPCAT_EIO, CAPCAT_ENOMEM. */
int capcat_container_read(struct capcat_blocks *bl, struct capcat_rd *rd,
			  enum capcat_format fmt, struct capcat_err *err);

/* The JPEG marker walk alone, starting at file offset 'base' (a JPEG may
 * sit inside another file, as in Fujifilm RAF). */
int capcat_jpeg_read(struct capcat_blocks *bl, struct capcat_rd *rd,
		     int64_t base, struct capcat_err *err);

/* A JPEG walk gives up after this many segments before the image data. */
#define CAPCAT_JPEG_MAX_SEGMENTS 4096

/* One unit of the JPEG marker structure: a fill byte (marker 0xFF, one
 * byte), a marker alone (SOI, EOI, TEM, RSTn: data == end) or a segment
 * with its length (APPn, SOF, DQT, SOS...). */
struct capcat_jpeg_seg {
	int marker;             /* the byte after FF */
	size_t off;             /* its first byte (the FF) */
	size_t data;            /* its payload, after the length field */
	size_t end;             /* one past its last byte, as its length says */
};

/* The unit at 'off' of the JPEG bytes p[0..len).  Only the marker and the
 * length field need to lie in the buffer: seg->end may be past 'len', for
 * the caller to judge.  Returns 0, or CAPCAT_EFORMAT with *why (a static
 * string) when no marker, or no valid length, is there. */
int capcat_jpeg_next(struct capcat_jpeg_seg *seg, const unsigned char *p, size_t len,
		     size_t off, const char **why);

/* From 'off', the end of an SOS segment, follow the entropy-coded data and
 * the segments between scans to the EOI marker; *end is one past it (what
 * follows is trailing data: an MPF image, a Samsung trailer...).  Returns
 * 0, or CAPCAT_EFORMAT with *why when the file ends first or a segment is
 * broken. */
int capcat_jpeg_image_end(size_t *end, const unsigned char *p, size_t len, size_t off,
			  const char **why);

/* The pixel size of a JPEG held in memory (an EXIF thumbnail): 0, or
 * CAPCAT_EFORMAT when no frame header is found within 'len'. */
int capcat_jpeg_mem_size(const unsigned char *p, size_t len, int *w, int *h);

#endif
