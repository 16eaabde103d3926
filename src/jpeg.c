/* jpeg.c - the JPEG marker walk: APP1 (EXIF, XMP), APP13 (IPTC), SOF.
 *
 * One definition of the marker structure, capcat_jpeg_next(), serves the
 * walk over a file (capcat_jpeg_read), over a thumbnail in memory
 * (capcat_jpeg_mem_size) and the rewriting of a photo (embed.c).
 * Segments are visited from SOI to SOS; nothing of the entropy-coded data is
 * read.  Every length is checked against the file size, and the walk gives
 * up after CAPCAT_JPEG_MAX_SEGMENTS so that a file made of thousands of
 * empty segments costs bounded time.
 */
#include "capcat/container.h"
#include "rd.h"

#include <string.h>

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

int capcat_jpeg_next(struct capcat_jpeg_seg *seg, const unsigned char *p, size_t len,
		     size_t off, const char **why)
{
	int m;

	if (off > len || len - off < 2) {
		*why = "file ends before the image data";
		return CAPCAT_EFORMAT;
	}
	if (p[off] != 0xFF) {
		*why = "bad JPEG marker";
		return CAPCAT_EFORMAT;
	}
	m = p[off + 1];
	seg->marker = m;
	seg->off = off;
	if (m == 0xFF) {                /* a fill byte: the marker starts at the next FF */
		seg->data = seg->end = off + 1;
		return 0;
	}
	if (m == 0xD8 || m == 0xD9 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
		seg->data = seg->end = off + 2;
		return 0;
	}
	if (len - off < 4 || capcat_be16(p + off + 2) < 2) {
		*why = "bad JPEG segment length";
		return CAPCAT_EFORMAT;
	}
	seg->data = off + 4;
	seg->end = off + 2 + capcat_be16(p + off + 2);
	return 0;
}

/* One unit of the walk at 'off': *seg, or *damage set and 1 to stop. */
static int read_marker(struct capcat_blocks *bl, struct capcat_rd *rd, int64_t off,
		       struct capcat_jpeg_seg *seg, struct capcat_buf *scratch)
{
	int64_t left = rd->size - off;
	size_t n = left < 2 ? 2 : left < 4 ? (size_t)left : 4;
	const unsigned char *p = capcat_rd_get(rd, off, n, scratch);
	const char *why = "file ends before the image data";

	if (!p || capcat_jpeg_next(seg, p, n, 0, &why)) {
		bl->damage = why;
		return 1;
	}
	return 0;
}

int capcat_jpeg_read(struct capcat_blocks *bl, struct capcat_rd *rd,
		     int64_t base, struct capcat_err *err)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	struct capcat_jpeg_seg seg;
	const unsigned char *p;
	int64_t off = base + 2;
	int nseg, rc = 0;

	p = capcat_rd_get(rd, base, 2, &scratch);
	if (!p || p[0] != 0xFF || p[1] != 0xD8) {
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "not a JPEG stream");
		goto cleanup;
	}
	for (nseg = 0; nseg < CAPCAT_JPEG_MAX_SEGMENTS; nseg++) {
		size_t len, have;

		if (read_marker(bl, rd, off, &seg, &scratch))
			break;
		if (seg.marker == 0xDA || seg.marker == 0xD9)
			break;
		if (seg.data == seg.end) {      /* fill byte, or a marker alone */
			off += (int64_t)(seg.end - seg.off);
			continue;
		}
		len = seg.end - seg.data;
		have = len < 64 ? len : 64;
		p = capcat_rd_get(rd, off + 4, have, &scratch);
		if (!p) {
			bl->damage = "JPEG segment runs past the end of the file";
			break;
		}
		if (seg.marker == 0xE0 || seg.marker == 0xE1 || seg.marker == 0xED ||
		    is_sof(seg.marker)) {
			unsigned char first[64];
			memcpy(first, p, have);
			rc = take_segment(bl, rd, seg.marker, off + 4, len, first, have);
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
	struct capcat_jpeg_seg seg;
	const char *why;
	size_t off = 2;

	if (len < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return CAPCAT_EFORMAT;
	for (int n = 0; n < CAPCAT_JPEG_MAX_SEGMENTS; n++) {
		if (capcat_jpeg_next(&seg, p, len, off, &why) || seg.marker == 0xDA ||
		    seg.marker == 0xD9)
			return CAPCAT_EFORMAT;
		/* the start of a frame header is all a cut thumbnail needs to hold */
		if (is_sof(seg.marker) && seg.end - seg.data >= 5 && seg.data + 5 <= len) {
			*h = capcat_be16(p + seg.data + 1);
			*w = capcat_be16(p + seg.data + 3);
			return 0;
		}
		off = seg.end;
	}
	return CAPCAT_EFORMAT;
}

int capcat_jpeg_image_end(size_t *end, const unsigned char *p, size_t len, size_t off,
			  const char **why)
{
	struct capcat_jpeg_seg seg;

	/* every turn moves on by at least one byte: linear in the file size */
	while (off < len) {
		const unsigned char *ff = memchr(p + off, 0xFF, len - off);
		int m;

		if (!ff || (size_t)(ff - p) + 1 >= len)
			break;
		off = (size_t)(ff - p);
		m = p[off + 1];
		if (m == 0x00 || m == 0xFF || (m >= 0xD0 && m <= 0xD7)) {
			off += m == 0xFF ? 1 : 2;       /* stuffed byte, fill byte, restart */
			continue;
		}
		if (capcat_jpeg_next(&seg, p, len, off, why))
			return CAPCAT_EFORMAT;
		if (m == 0xD9) {
			*end = seg.end;
			return 0;
		}
		if (seg.end > len) {
			*why = "JPEG segment runs past the end of the file";
			return CAPCAT_EFORMAT;
		}
		off = seg.end;                  /* a table or the header of the next scan */
	}
	*why = "the image data has no end marker: the file is cut short";
	return CAPCAT_EFORMAT;
}
