/* bmff.c - ISO base media file format: HEIF/HEIC and Canon CR3.
 *
 * HEIF keeps EXIF and XMP as items of the 'meta' box: 'iinf' names each
 * item's type, 'iloc' says where its bytes are, 'ipma' ties the primary
 * item to its 'ispe' (pixel size) property.  CR3 keeps TIFF blocks in
 * moov/uuid(Canon) as CMT1 (IFD0), CMT2 (Exif IFD) and CMT4 (GPS IFD), a
 * 160 px THMB there, and a larger JPEG preview in a top-level uuid > PRVW.
 */
#include "container_int.h"
#include "rd.h"

#include <stdlib.h>
#include <string.h>

#define META_MAX (4u << 20)     /* a larger 'meta' box is not credible */
#define ITEM_MAX (4u << 20)
#define MAX_ITEMS 512

static const unsigned char canon_uuid[16] = {
	0x85, 0xc0, 0xb6, 0x87, 0x82, 0x0f, 0x11, 0xe0,
	0x81, 0x11, 0xf4, 0xce, 0x46, 0x2b, 0x6a, 0x48
};

/* CR3's preview: uuid box with this id > 8 bytes > PRVW box. */
static const unsigned char preview_uuid[16] = {
	0xea, 0xf4, 0x2b, 0x5e, 0x1c, 0x98, 0x4b, 0x88,
	0xb9, 0xfb, 0xb7, 0xdc, 0x40, 0x6e, 0x4d, 0x16
};

/* A box: header at 'off', payload [body, end). */
struct box {
	char type[4];
	int64_t body, end;
};

/* Read the box header at 'off' within [.., limit).  0 or -1. */
static int box_at(struct capcat_rd *rd, int64_t off, int64_t limit,
		  struct box *b, struct capcat_buf *scratch)
{
	const unsigned char *p = capcat_rd_get(rd, off, 8, scratch);
	uint64_t size;

	if (!p || off + 8 > limit)
		return -1;
	size = capcat_be32(p);
	memcpy(b->type, p + 4, 4);
	b->body = off + 8;
	if (size == 1) {
		if (!(p = capcat_rd_get(rd, off + 8, 8, scratch)))
			return -1;
		size = capcat_be64(p);
		b->body += 8;
	} else if (size == 0) {
		size = (uint64_t)(limit - off);
	}
	if (size < (uint64_t)(b->body - off) || size > (uint64_t)(limit - off))
		return -1;
	b->end = off + (int64_t)size;
	return 0;
}

/* In-memory cursor over the 'meta' box, every read bounds-checked. */
struct cur {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t cur_uint(struct cur *c, int bytes)
{
	uint64_t v = 0;

	if (bytes < 0 || c->end - c->p < bytes) {
		c->bad = 1;
		c->p = c->end;
		return 0;
	}
	for (int i = 0; i < bytes; i++)
		v = v << 8 | *c->p++;
	return v;
}

struct item {
	uint32_t id;
	char type[4];
	int is_xmp;
	int64_t off;            /* first extent, file offset */
	uint64_t len;
	uint32_t ispe_w, ispe_h;
};

struct meta {
	struct item items[MAX_ITEMS];
	int nitems;
	uint32_t primary;
	uint32_t ispe[64][2];   /* ipco properties that are 'ispe', by index */
};

static struct item *item_get(struct meta *m, uint32_t id, int create)
{
	for (int i = 0; i < m->nitems; i++)
		if (m->items[i].id == id)
			return &m->items[i];
	if (!create || m->nitems == MAX_ITEMS)
		return NULL;
	memset(&m->items[m->nitems], 0, sizeof(m->items[0]));
	m->items[m->nitems].id = id;
	m->items[m->nitems].off = -1;
	return &m->items[m->nitems++];
}

static void parse_infe(struct meta *m, struct cur c)
{
	int version = (int)cur_uint(&c, 1);
	struct item *it;
	uint32_t id;

	cur_uint(&c, 3);
	if (version < 2)
		return;
	id = (uint32_t)cur_uint(&c, version == 2 ? 2 : 4);
	cur_uint(&c, 2);
	if (c.bad || c.end - c.p < 4 || !(it = item_get(m, id, 1)))
		return;
	memcpy(it->type, c.p, 4);
	c.p += 4;
	if (!memcmp(it->type, "mime", 4)) {
		const unsigned char *z = memchr(c.p, 0, (size_t)(c.end - c.p));
		if (z && (size_t)(c.end - z - 1) >= 19 &&
		    !memcmp(z + 1, "application/rdf+xml", 19))
			it->is_xmp = 1;
	}
}

static void parse_iloc(struct meta *m, struct cur c)
{
	int version = (int)cur_uint(&c, 1);
	int osz, lsz, bsz, isz;
	uint64_t n;

	cur_uint(&c, 3);
	osz = (int)cur_uint(&c, 1);
	lsz = osz & 15; osz >>= 4;
	bsz = (int)cur_uint(&c, 1);
	isz = bsz & 15; bsz >>= 4;
	n = cur_uint(&c, version < 2 ? 2 : 4);
	for (uint64_t i = 0; i < n && !c.bad; i++) {
		uint32_t id = (uint32_t)cur_uint(&c, version < 2 ? 2 : 4);
		int method = 0;
		uint64_t base, next;
		struct item *it;

		if (version >= 1)
			method = (int)(cur_uint(&c, 2) & 15);
		cur_uint(&c, 2);
		base = cur_uint(&c, bsz);
		next = cur_uint(&c, 2);
		/* extents of 0-byte fields are all alike and take no room: 65,535
		 * of them in each of a million items would loop for minutes */
		if (osz + lsz + (version >= 1 ? isz : 0) == 0 && next > 1)
			next = 1;
		it = item_get(m, id, 1);
		for (uint64_t e = 0; e < next && !c.bad; e++) {
			uint64_t eo, el;
			if (version >= 1 && isz)
				cur_uint(&c, isz);
			eo = cur_uint(&c, osz);
			el = cur_uint(&c, lsz);
			/* method 0 = file offsets; others we do not follow */
			if (it && e == 0 && method == 0 && base + eo < INT64_MAX) {
				it->off = (int64_t)(base + eo);
				it->len = el;
			}
		}
	}
}

static void parse_ipco(struct meta *m, struct cur c)
{
	for (int idx = 1; c.end - c.p >= 8 && idx < 64; idx++) {
		uint32_t size = (uint32_t)cur_uint(&c, 4);
		const unsigned char *start = c.p - 4;
		if (size < 8 || (size_t)(c.end - start) < size)
			return;
		if (!memcmp(c.p, "ispe", 4) && size >= 20) {
			m->ispe[idx][0] = capcat_be32(start + 12);
			m->ispe[idx][1] = capcat_be32(start + 16);
		}
		c.p = start + size;
	}
}

static void parse_ipma(struct meta *m, struct cur c)
{
	int version = (int)cur_uint(&c, 1);
	int flags = (int)cur_uint(&c, 3);
	uint64_t n = cur_uint(&c, 4);

	for (uint64_t i = 0; i < n && !c.bad; i++) {
		uint32_t id = (uint32_t)cur_uint(&c, version < 1 ? 2 : 4);
		int na = (int)cur_uint(&c, 1);
		struct item *it = item_get(m, id, 0);
		for (int a = 0; a < na && !c.bad; a++) {
			unsigned idx = (unsigned)cur_uint(&c, flags & 1 ? 2 : 1);
			idx &= flags & 1 ? 0x7FFF : 0x7F;
			if (it && idx < 64 && m->ispe[idx][0] && !it->ispe_w) {
				it->ispe_w = m->ispe[idx][0];
				it->ispe_h = m->ispe[idx][1];
			}
		}
	}
}

/* Walk the children of a box held in memory at [p, end). */
static void meta_children(struct meta *m, const unsigned char *p,
			  const unsigned char *end, int depth)
{
	while (end - p >= 8 && depth < 4) {
		uint32_t size = capcat_be32(p);
		struct cur c;
		if (size < 8 || (size_t)(end - p) < size)
			return;
		c.p = p + 8;
		c.end = p + size;
		c.bad = 0;
		if (!memcmp(p + 4, "pitm", 4)) {
			int v = (int)cur_uint(&c, 1);
			cur_uint(&c, 3);
			m->primary = (uint32_t)cur_uint(&c, v == 0 ? 2 : 4);
		} else if (!memcmp(p + 4, "iinf", 4)) {
			int v = (int)cur_uint(&c, 1);
			cur_uint(&c, 3);
			cur_uint(&c, v == 0 ? 2 : 4);
			meta_children(m, c.p, c.end, depth + 1);
		} else if (!memcmp(p + 4, "infe", 4)) {
			parse_infe(m, c);
		} else if (!memcmp(p + 4, "iloc", 4)) {
			parse_iloc(m, c);
		} else if (!memcmp(p + 4, "iprp", 4)) {
			meta_children(m, c.p, c.end, depth + 1);
		} else if (!memcmp(p + 4, "ipco", 4)) {
			parse_ipco(m, c);
		} else if (!memcmp(p + 4, "ipma", 4)) {
			parse_ipma(m, c);
		}
		p += size;
	}
}

/* The Exif item starts with a 4-byte offset to the TIFF header. */
static int take_exif_item(struct capcat_blocks *bl, struct capcat_rd *rd,
			  const struct item *it)
{
	struct capcat_buf tmp = CAPCAT_BUF_INIT;
	uint32_t skip;
	int rc;

	if (it->len < 12 || it->len > ITEM_MAX)
		return 0;
	rc = capcat_rd_append(rd, it->off, (size_t)it->len, &tmp);
	if (rc)
		goto cleanup;
	skip = capcat_be32((const unsigned char *)tmp.data);
	if (skip <= tmp.len - 4)
		rc = capcat_buf_add(&bl->exif, tmp.data + 4 + skip, tmp.len - 4 - skip);
cleanup:
	capcat_buf_release(&tmp);
	return rc;
}

static int heif_meta(struct capcat_blocks *bl, struct capcat_rd *rd, const struct box *b)
{
	static struct meta zero;
	struct capcat_buf raw = CAPCAT_BUF_INIT;
	struct meta *m = NULL;
	int rc = 0;

	if ((uint64_t)(b->end - b->body) > META_MAX || b->end - b->body < 4)
		return 0;
	rc = capcat_rd_append(rd, b->body, (size_t)(b->end - b->body), &raw);
	if (rc)
		goto cleanup;
	m = malloc(sizeof(*m));
	if (!m) {
		rc = CAPCAT_ENOMEM;
		goto cleanup;
	}
	*m = zero;
	meta_children(m, (const unsigned char *)raw.data + 4,
		      (const unsigned char *)raw.data + raw.len, 0);
	for (int i = 0; i < m->nitems && !rc; i++) {
		const struct item *it = &m->items[i];
		if (it->id == m->primary && it->ispe_w) {
			bl->width = (int)(it->ispe_w & 0x7FFFFFFF);
			bl->height = (int)(it->ispe_h & 0x7FFFFFFF);
		}
		if (it->off < 0)
			continue;
		if (!memcmp(it->type, "Exif", 4) && !bl->exif.len)
			rc = take_exif_item(bl, rd, it);
		else if (it->is_xmp && !bl->xmp.len && it->len <= ITEM_MAX)
			rc = capcat_rd_append(rd, it->off, (size_t)it->len, &bl->xmp);
	}
	if (rc == CAPCAT_EFORMAT) {
		bl->damage = "HEIF item runs past the end of the file";
		rc = 0;
	}
cleanup:
	free(m);
	capcat_buf_release(&raw);
	return rc;
}

/* moov > uuid(Canon) > CMT1..CMT4 */
static int cr3_moov(struct capcat_blocks *bl, struct capcat_rd *rd, const struct box *moov,
		    struct capcat_buf *scratch)
{
	struct box b, c;
	int rc = 0;

	for (int64_t off = moov->body; !box_at(rd, off, moov->end, &b, scratch); off = b.end) {
		const unsigned char *u;
		if (memcmp(b.type, "uuid", 4))
			continue;
		u = capcat_rd_get(rd, b.body, 16, scratch);
		if (!u || memcmp(u, canon_uuid, 16))
			continue;
		for (int64_t o = b.body + 16; !rc && !box_at(rd, o, b.end, &c, scratch); o = c.end) {
			struct capcat_buf *dst = !memcmp(c.type, "CMT1", 4) ? &bl->exif :
				!memcmp(c.type, "CMT2", 4) ? &bl->exif_ifd :
				!memcmp(c.type, "CMT4", 4) ? &bl->gps_ifd :
				!memcmp(c.type, "THMB", 4) ? &bl->thumb : NULL;
			/* THMB: version, flags, width, height, size, reserved, JPEG */
			int64_t skip = !memcmp(c.type, "THMB", 4) ? 16 : 0;
			if (dst && !dst->len && c.end - c.body > skip &&
			    c.end - c.body <= (int64_t)ITEM_MAX)
				rc = capcat_rd_append(rd, c.body + skip,
						      (size_t)(c.end - c.body - skip), dst);
		}
	}
	return rc;
}

/* uuid(preview) > PRVW: 4 bytes, 2, width, height, 2, JPEG length (4),
 * the JPEG: where it is goes to bl->preview_off/len. */
static void cr3_preview(struct capcat_blocks *bl, struct capcat_rd *rd, const struct box *u,
			struct capcat_buf *scratch)
{
	const unsigned char *p = capcat_rd_get(rd, u->body, 16, scratch);
	struct box c;
	uint32_t len;

	if (!p || memcmp(p, preview_uuid, 16) || box_at(rd, u->body + 24, u->end, &c, scratch) ||
	    memcmp(c.type, "PRVW", 4) || c.end - c.body <= 16 ||
	    !(p = capcat_rd_get(rd, c.body + 12, 4, scratch)))
		return;
	len = capcat_be32(p);
	if ((int64_t)len > c.end - c.body - 16)
		len = (uint32_t)(c.end - c.body - 16);
	bl->preview_off = c.body + 16;
	bl->preview_len = len;
}

int capcat_bmff_read(struct capcat_blocks *bl, struct capcat_rd *rd,
		     enum capcat_format fmt)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	struct box b;
	int rc = 0, n = 0;

	for (int64_t off = 0; !rc && n < 1024 && !box_at(rd, off, rd->size, &b, &scratch);
	     off = b.end, n++) {
		if (!memcmp(b.type, "meta", 4) && fmt == CAPCAT_FMT_HEIF)
			rc = heif_meta(bl, rd, &b);
		else if (!memcmp(b.type, "moov", 4) && fmt == CAPCAT_FMT_CR3)
			rc = cr3_moov(bl, rd, &b, &scratch);
		else if (!memcmp(b.type, "uuid", 4) && fmt == CAPCAT_FMT_CR3)
			cr3_preview(bl, rd, &b, &scratch);
	}
	capcat_buf_release(&scratch);
	return rc;
}
