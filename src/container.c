/* container.c - find EXIF/XMP/IPTC and the pixel size in each image format.
 *
 * JPEG lives in jpeg.c and ISO-BMFF (HEIF, CR3) in bmff.c; this file holds
 * the dispatch and the small formats.  All reads are bounded by the file
 * size (rd.c); a damaged structure sets bl->damage and keeps what was found.
 */
#include "capcat/container.h"
#include "container_int.h"
#include "rd.h"

#include <stdlib.h>
#include <string.h>

/* TIFF-based files are read in place; libexif gets at most this much. */
#define TIFF_HEAD_MAX 65536

static const struct {
	const char *name, *mime;
} formats[CAPCAT_FMT_COUNT] = {
	[CAPCAT_FMT_NONE] = { "none", "application/octet-stream" },
	[CAPCAT_FMT_JPEG] = { "jpeg", "image/jpeg" },
	[CAPCAT_FMT_TIFF] = { "tiff", "image/tiff" },
	[CAPCAT_FMT_PNG]  = { "png",  "image/png" },
	[CAPCAT_FMT_WEBP] = { "webp", "image/webp" },
	[CAPCAT_FMT_HEIF] = { "heif", "image/heic" },
	[CAPCAT_FMT_GIF]  = { "gif",  "image/gif" },
	[CAPCAT_FMT_BMP]  = { "bmp",  "image/bmp" },
	[CAPCAT_FMT_JP2]  = { "jp2",  "image/jp2" },
	[CAPCAT_FMT_CR2]  = { "cr2",  "image/x-canon-cr2" },
	[CAPCAT_FMT_CR3]  = { "cr3",  "image/x-canon-cr3" },
	[CAPCAT_FMT_CRW]  = { "crw",  "image/x-canon-crw" },
	[CAPCAT_FMT_NEF]  = { "nef",  "image/x-nikon-nef" },
	[CAPCAT_FMT_ARW]  = { "arw",  "image/x-sony-arw" },
	[CAPCAT_FMT_DNG]  = { "dng",  "image/x-adobe-dng" },
	[CAPCAT_FMT_RAF]  = { "raf",  "image/x-fujifilm-raf" },
	[CAPCAT_FMT_RW2]  = { "rw2",  "image/x-panasonic-rw2" },
	[CAPCAT_FMT_ORF]  = { "orf",  "image/x-olympus-orf" },
	[CAPCAT_FMT_X3F]  = { "x3f",  "image/x-sigma-x3f" },
	[CAPCAT_FMT_MRW]  = { "mrw",  "image/x-minolta-mrw" },
	[CAPCAT_FMT_PEF]  = { "pef",  "image/x-pentax-pef" },
};

const char *capcat_format_mime(enum capcat_format fmt)
{
	if ((int)fmt < 0 || fmt >= CAPCAT_FMT_COUNT)
		fmt = CAPCAT_FMT_NONE;
	return formats[fmt].mime;
}

const char *capcat_format_name(enum capcat_format fmt)
{
	if ((int)fmt < 0 || fmt >= CAPCAT_FMT_COUNT)
		fmt = CAPCAT_FMT_NONE;
	return formats[fmt].name;
}

void capcat_blocks_init(struct capcat_blocks *bl)
{
	memset(bl, 0, sizeof(*bl));
	capcat_buf_init(&bl->exif);
	capcat_buf_init(&bl->exif_ifd);
	capcat_buf_init(&bl->gps_ifd);
	capcat_buf_init(&bl->xmp);
	capcat_buf_init(&bl->iptc);
	capcat_buf_init(&bl->xmp_ext);
	capcat_buf_init(&bl->thumb);
	bl->exif_file_off = -1;
	bl->preview_off = -1;
	capcat_photo_init(&bl->facts);
}

void capcat_blocks_release(struct capcat_blocks *bl)
{
	capcat_buf_release(&bl->exif);
	capcat_buf_release(&bl->exif_ifd);
	capcat_buf_release(&bl->gps_ifd);
	capcat_buf_release(&bl->xmp);
	capcat_buf_release(&bl->iptc);
	capcat_buf_release(&bl->xmp_ext);
	capcat_buf_release(&bl->thumb);
	capcat_photo_release(&bl->facts);
	capcat_blocks_init(bl);
}

/* A file that is a TIFF structure from 'off' on: EXIF is read in place. */
static int tiff_in_file(struct capcat_blocks *bl, struct capcat_rd *rd, int64_t off)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p = capcat_rd_get(rd, off, 8, &scratch);
	int ok = p && ((p[0] == 'I' && p[1] == 'I') || (p[0] == 'M' && p[1] == 'M'));

	capcat_buf_release(&scratch);
	if (!ok) {
		bl->damage = "no TIFF header";
		return CAPCAT_EFORMAT;
	}
	bl->exif_in_file = 1;
	bl->exif_file_off = off;
	return 0;
}

static void webp_size(struct capcat_blocks *bl, const char *id, const unsigned char *p, uint32_t len)
{
	if (!memcmp(id, "VP8X", 4) && len >= 10) {
		bl->width = (int)(1 + (p[4] | p[5] << 8 | p[6] << 16));
		bl->height = (int)(1 + (p[7] | p[8] << 8 | p[9] << 16));
	} else if (!memcmp(id, "VP8 ", 4) && len >= 10 && p[3] == 0x9D &&
		   p[4] == 0x01 && p[5] == 0x2A) {
		bl->width = capcat_le16(p + 6) & 0x3FFF;
		bl->height = capcat_le16(p + 8) & 0x3FFF;
	} else if (!memcmp(id, "VP8L", 4) && len >= 5 && p[0] == 0x2F) {
		uint32_t v = capcat_le32(p + 1);
		bl->width = (int)(1 + (v & 0x3FFF));
		bl->height = (int)(1 + ((v >> 14) & 0x3FFF));
	}
}

static int webp_read(struct capcat_blocks *bl, struct capcat_rd *rd)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p;
	int64_t off = 12;
	int n, rc = 0;

	for (n = 0; n < 10000 && !rc; n++) {
		char id[4];
		uint32_t len;

		p = capcat_rd_get(rd, off, 8, &scratch);
		if (!p)
			break;
		memcpy(id, p, 4);
		len = capcat_le32(p + 4);
		if (!bl->width && !memcmp(id, "VP8", 3)) {
			p = capcat_rd_get(rd, off + 8, len < 10 ? len : 10, &scratch);
			if (p)
				webp_size(bl, id, p, len);
		} else if (!memcmp(id, "EXIF", 4) && !bl->exif.len) {
			rc = capcat_rd_append(rd, off + 8, len, &bl->exif);
			/* some writers keep the JPEG "Exif\0\0" prefix */
			if (!rc && bl->exif.len >= 6 && !memcmp(bl->exif.data, "Exif\0\0", 6)) {
				memmove(bl->exif.data, bl->exif.data + 6, bl->exif.len - 6);
				bl->exif.len -= 6;
			}
		} else if (!memcmp(id, "XMP ", 4) && !bl->xmp.len) {
			rc = capcat_rd_append(rd, off + 8, len, &bl->xmp);
		}
		if (rc == CAPCAT_EFORMAT) {
			bl->damage = "WebP chunk runs past the end of the file";
			rc = 0;
			break;
		}
		off += 8 + (int64_t)len + (len & 1);
	}
	capcat_buf_release(&scratch);
	return rc;
}

/* Formats whose pixel size sits at a fixed place in a small header. */
static int small_header(struct capcat_blocks *bl, struct capcat_rd *rd,
			enum capcat_format fmt)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p;

	if (fmt == CAPCAT_FMT_GIF && (p = capcat_rd_get(rd, 6, 4, &scratch))) {
		bl->width = capcat_le16(p);
		bl->height = capcat_le16(p + 2);
	} else if (fmt == CAPCAT_FMT_BMP && (p = capcat_rd_get(rd, 14, 12, &scratch))) {
		if (capcat_le32(p) == 12) {
			bl->width = capcat_le16(p + 4);
			bl->height = capcat_le16(p + 6);
		} else {
			int32_t w = (int32_t)capcat_le32(p + 4), h = (int32_t)capcat_le32(p + 8);
			bl->width = w < 0 ? 0 : w;
			bl->height = h == INT32_MIN ? 0 : h < 0 ? -h : h;
		}
	}
	capcat_buf_release(&scratch);
	return 0;
}

/* Sigma X3F: size in the header; EXIF in the JPEG preview, a section
 * listed in the directory whose offset ends the file. */
static int x3f_read(struct capcat_blocks *bl, struct capcat_rd *rd, struct capcat_err *err)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p;
	int64_t dir;
	uint32_t n;
	int w = 0, h = 0, rc = 0;

	if ((p = capcat_rd_get(rd, 28, 8, &scratch))) {
		w = (int)(capcat_le32(p) & 0x7FFFFFFF);
		h = (int)(capcat_le32(p + 4) & 0x7FFFFFFF);
	}
	if (!(p = capcat_rd_get(rd, rd->size - 4, 4, &scratch)))
		goto cleanup;
	dir = capcat_le32(p);
	if (!(p = capcat_rd_get(rd, dir, 12, &scratch)) || memcmp(p, "SECd", 4))
		goto cleanup;
	n = capcat_le32(p + 8);
	for (uint32_t i = 0; i < n && i < 256; i++) {
		int64_t off;
		if (!(p = capcat_rd_get(rd, dir + 12 + (int64_t)i * 12, 12, &scratch)))
			break;
		off = capcat_le32(p);
		if (memcmp(p + 8, "IMA", 3))
			continue;
		/* "SECi", version, type, format (18: JPEG), columns, rows, row bytes */
		p = capcat_rd_get(rd, off, 28, &scratch);
		if (p && !memcmp(p, "SECi", 4) && capcat_le32(p + 12) == 18) {
			rc = capcat_jpeg_read(bl, rd, off + 28, err);
			bl->preview_off = off + 28;
			break;
		}
	}
cleanup:
	capcat_buf_release(&scratch);
	bl->width = w;          /* the sensor image, not the preview */
	bl->height = h;
	return rc;
}

/* Fujifilm RAF: a JPEG preview (with the EXIF) at a pointer in the header. */
static int raf_read(struct capcat_blocks *bl, struct capcat_rd *rd, struct capcat_err *err)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p = capcat_rd_get(rd, 84, 8, &scratch);
	int64_t off = p ? capcat_be32(p) : 0;
	uint32_t len = p ? capcat_be32(p + 4) : 0;
	int rc = 0;

	capcat_buf_release(&scratch);
	if (!off) {
		bl->damage = "RAF header has no preview";
		return CAPCAT_EFORMAT;
	}
	rc = capcat_jpeg_read(bl, rd, off, err);
	bl->width = bl->height = 0;     /* that was the preview's size */
	bl->preview_off = off;
	bl->preview_len = len;
	return rc;
}

/* Minolta MRW: blocks "\0PRD" (sizes), "\0TTW" (a TIFF with the EXIF). */
static int mrw_read(struct capcat_blocks *bl, struct capcat_rd *rd)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p = capcat_rd_get(rd, 0, 8, &scratch);
	int64_t end = p ? 8 + (int64_t)capcat_be32(p + 4) : 0, off = 8;
	int rc = CAPCAT_EFORMAT;

	for (int n = 0; n < 64 && off + 8 <= end; n++) {
		uint32_t len;
		int prd, ttw;
		if (!(p = capcat_rd_get(rd, off, 8, &scratch)))
			break;
		len = capcat_be32(p + 4);
		prd = !memcmp(p, "\0PRD", 4);
		ttw = !memcmp(p, "\0TTW", 4);
		if (prd && (p = capcat_rd_get(rd, off + 8, 16, &scratch))) {
			/* version(8), sensor height, width, image height, width */
			bl->height = capcat_be16(p + 12);
			bl->width = capcat_be16(p + 14);
		} else if (ttw) {
			rc = tiff_in_file(bl, rd, off + 8);
		}
		off += 8 + (int64_t)len;
	}
	capcat_buf_release(&scratch);
	if (rc)
		bl->damage = "MRW file has no TIFF block";
	return rc;
}

/* JPEG 2000 (JP2): jp2h > ihdr holds height then width. */
static int jp2_read(struct capcat_blocks *bl, struct capcat_rd *rd)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	int64_t off = 0;
	const unsigned char *p;

	for (int n = 0; n < 64; n++) {
		uint32_t len;
		if (!(p = capcat_rd_get(rd, off, 8, &scratch)))
			break;
		len = capcat_be32(p);
		if (!memcmp(p + 4, "jp2h", 4)) {
			off += 8;       /* descend: ihdr comes first */
			continue;
		}
		if (!memcmp(p + 4, "ihdr", 4) && (p = capcat_rd_get(rd, off + 8, 8, &scratch))) {
			bl->height = (int)(capcat_be32(p) & 0x7FFFFFFF);
			bl->width = (int)(capcat_be32(p + 4) & 0x7FFFFFFF);
			break;
		}
		if (len < 8)
			break;
		off += len;
	}
	capcat_buf_release(&scratch);
	return 0;
}

int capcat_container_read(struct capcat_blocks *bl, struct capcat_rd *rd,
			  enum capcat_format fmt, struct capcat_err *err)
{
	switch (fmt) {
	case CAPCAT_FMT_JPEG:
		return capcat_jpeg_read(bl, rd, 0, err);
	case CAPCAT_FMT_TIFF: case CAPCAT_FMT_CR2: case CAPCAT_FMT_NEF:
	case CAPCAT_FMT_ARW: case CAPCAT_FMT_DNG: case CAPCAT_FMT_RW2:
	case CAPCAT_FMT_ORF: case CAPCAT_FMT_PEF:
		return tiff_in_file(bl, rd, 0);
	case CAPCAT_FMT_PNG:
		return capcat_png_read(bl, rd);
	case CAPCAT_FMT_WEBP:
		return webp_read(bl, rd);
	case CAPCAT_FMT_HEIF: case CAPCAT_FMT_CR3:
		return capcat_bmff_read(bl, rd, fmt);
	case CAPCAT_FMT_RAF:
		return raf_read(bl, rd, err);
	case CAPCAT_FMT_MRW:
		return mrw_read(bl, rd);
	case CAPCAT_FMT_JP2:
		return jp2_read(bl, rd);
	case CAPCAT_FMT_X3F:
		return x3f_read(bl, rd, err);
	case CAPCAT_FMT_GIF: case CAPCAT_FMT_BMP:
		return small_header(bl, rd, fmt);
	case CAPCAT_FMT_CRW:
		return capcat_ciff_read(bl, rd);
	default:
		return 0;
	}
}
