/* jpeg.c - the JPEG marker walk: APP1 (EXIF, XMP), APP13 (IPTC), SOF.
 *
 * Segments are visited from SOI to SOS; nothing of the entropy-coded data is
 * read.  Every length is checked against the file size, and the walk gives
 * up after CAPCAT_JPEG_MAX_SEGMENTS so that a file made of thousands of
 * empty segments costs bounded time.
 */
#include "capcat/container.h"
#include "rd.h"

#include <string.h>

#define CAPCAT_JPEG_MAX_SEGMENTS 4096

static const char exif_id[6] = { 'E', 'x', 'i', 'f', 0, 0 };
static const char xmp_id[] = "http://ns.adobe.com/xap/1.0/";   /* + NUL */
static const char ps_id[] = "Photoshop 3.0";                   /* + NUL */
static const char ext_id[] = "http://ns.adobe.com/xmp/extension/"; /* + NUL */

/* Extended XMP chunks are kept whole, each behind its length, for the XMP
 * reader to join by GUID once it knows which GUID the main packet names. */
static int take_ext_xmp(struct capcat_blocks *bl, struct capcat_rd *rd, int64_t off, size_t len)
{
	unsigned char n[4] = { (unsigned char)(len >> 24), (unsigned char)(len >> 16),
			       (unsigned char)(len >> 8), (unsigned char)len };

	if (bl->xmp_ext.len > (16u << 20))
		return 0;
	if (capcat_buf_add(&bl->xmp_ext, n, 4))
		return CAPCAT_ENOMEM;
	return capcat_rd_append(rd, off, len, &bl->xmp_ext);
}

static int is_sof(int m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Copy what we keep from one segment.  'p' holds its first 'have' bytes. */
static int take_segment(struct capcat_blocks *bl, struct capcat_rd *rd, int m,
			int64_t off, size_t len, const unsigned char *p,
			size_t have)
{
	if (m == 0xE1 && len > 6 && have >= 6 && !memcmp(p, exif_id, 6)) {
		if (bl->exif.len)       /* a second EXIF segment: keep the first */
			return 0;
		return capcat_rd_append(rd, off + 6, len - 6, &bl->exif);
	}
	if (m == 0xE1 && len > sizeof(xmp_id) && have >= sizeof(xmp_id) &&
	    !memcmp(p, xmp_id, sizeof(xmp_id))) {
		if (bl->xmp.len)
			return 0;
		return capcat_rd_append(rd, off + sizeof(xmp_id),
					len - sizeof(xmp_id), &bl->xmp);
	}
	if (m == 0xE1 && len > sizeof(ext_id) + 40 && have >= sizeof(ext_id) &&
	    !memcmp(p, ext_id, sizeof(ext_id)))
		return take_ext_xmp(bl, rd, off + sizeof(ext_id), len - sizeof(ext_id));
	if (m == 0xED && len > sizeof(ps_id) && have >= sizeof(ps_id) &&
	    !memcmp(p, ps_id, sizeof(ps_id))) {
		/* several APP13 segments are one resource stream, joined */
		return capcat_rd_append(rd, off + sizeof(ps_id),
					len - sizeof(ps_id), &bl->iptc);
	}
	/* JFIF extension APP0 "JFXX\0", code 0x10: a JPEG thumbnail */
	if (m == 0xE0 && len > 6 && have >= 6 && !memcmp(p, "JFXX\0\x10", 6)) {
		if (bl->thumb.len)
			return 0;
		return capcat_rd_append(rd, off + 6, len - 6, &bl->thumb);
	}
	if (is_sof(m) && have >= 5 && !bl->width) {
		bl->height = capcat_be16(p + 1);
		bl->width = capcat_be16(p + 3);
	}
	return 0;
}

int capcat_jpeg_read(struct capcat_blocks *bl, struct capcat_rd *rd,
		     int64_t base, struct capcat_err *err)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p;
	int64_t off = base + 2;
	int nseg, rc = 0;

	p = capcat_rd_get(rd, base, 2, &scratch);
	if (!p || p[0] != 0xFF || p[1] != 0xD8) {
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "not a JPEG stream");
		goto cleanup;
	}
	for (nseg = 0; nseg < CAPCAT_JPEG_MAX_SEGMENTS; nseg++) {
		int m;
		size_t len, have;

		p = capcat_rd_get(rd, off, 2, &scratch);
		if (!p) {
			bl->damage = "file ends before the image data";
			break;
		}
		if (p[0] != 0xFF) {
			bl->damage = "bad JPEG marker";
			break;
		}
		m = p[1];
		if (m == 0xFF) {        /* fill byte */
			off += 1;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			off += 2;
			continue;
		}
		if (m == 0xDA || m == 0xD9)
			break;
		p = capcat_rd_get(rd, off + 2, 2, &scratch);
		if (!p || capcat_be16(p) < 2) {
			bl->damage = "bad JPEG segment length";
			break;
		}
		len = capcat_be16(p) - 2u;
		have = len < 64 ? len : 64;
		p = capcat_rd_get(rd, off + 4, have, &scratch);
		if (!p) {
			bl->damage = "JPEG segment runs past the end of the file";
			break;
		}
		if (m == 0xE0 || m == 0xE1 || m == 0xED || is_sof(m)) {
			unsigned char first[64];
			memcpy(first, p, have);
			rc = take_segment(bl, rd, m, off + 4, len, first, have);
			if (rc == CAPCAT_EFORMAT) {
				bl->damage = "JPEG segment runs past the end of the file";
				rc = 0;
				break;
			}
			if (rc) {
				rc = capcat_err_set(err, rc, "cannot read JPEG segment");
				goto cleanup;
			}
		}
		off += 4 + (int64_t)len;
	}
	if (nseg == CAPCAT_JPEG_MAX_SEGMENTS)
		bl->damage = "too many JPEG segments";
cleanup:
	capcat_buf_release(&scratch);
	return rc;
}

int capcat_jpeg_mem_size(const unsigned char *p, size_t len, int *w, int *h)
{
	size_t off = 2;

	if (len < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return CAPCAT_EFORMAT;
	for (int n = 0; n < CAPCAT_JPEG_MAX_SEGMENTS && off + 4 <= len; n++) {
		int m = p[off + 1];
		size_t seg;
		if (p[off] != 0xFF)
			return CAPCAT_EFORMAT;
		if (m == 0xFF) {
			off++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
			off += 2;
			continue;
		}
		if (m == 0xDA || m == 0xD9)
			break;
		seg = capcat_be16(p + off + 2);
		if (is_sof(m) && seg >= 7 && off + 9 <= len) {
			*h = capcat_be16(p + off + 5);
			*w = capcat_be16(p + off + 7);
			return 0;
		}
		if (seg < 2)
			return CAPCAT_EFORMAT;
		off += 2 + seg;
	}
	return CAPCAT_EFORMAT;
}
