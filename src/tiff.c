/* tiff.c - bounded TIFF IFD walker; see tiff.h for why it exists. */
#include "tiff.h"
#include "rd.h"

#include <limits.h>
#include <string.h>

#define MAX_IFDS 16
#define MAX_VALUE (1u << 20)

static const unsigned char type_size[14] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };

const unsigned char *tiff_get(struct tiff_src *t, uint64_t off, size_t n)
{
	if (t->mem) {
		if (off > t->len || n > t->len - off)
			return NULL;
		return t->mem + off;
	}
	if (off > INT64_MAX - (uint64_t)t->base)
		return NULL;
	return capcat_rd_get(t->rd, t->base + (int64_t)off, n, &t->scratch);
}

void tiff_src_release(struct tiff_src *t)
{
	capcat_buf_release(&t->scratch);
}

struct walk {
	struct tiff_src *t;
	tiff_entry_fn fn;
	void *payload;
	uint32_t seen[MAX_IFDS];
	int nseen;
};

static int seen_before(struct walk *w, uint32_t off)
{
	for (int i = 0; i < w->nseen; i++)
		if (w->seen[i] == off)
			return 1;
	if (w->nseen == MAX_IFDS)
		return 1;
	w->seen[w->nseen++] = off;
	return 0;
}

/* One IFD; returns the offset of the next IFD (0 if none). */
static uint32_t walk_ifd(struct walk *w, int ifd, uint32_t off)
{
	struct tiff_src *t = w->t;
	unsigned char entries[TIFF_MAX_ENTRIES * 12];
	const unsigned char *p;
	uint32_t sub_exif = 0, sub_gps = 0, next;
	unsigned n;

	if (!off || seen_before(w, off) || !(p = tiff_get(t, off, 2)))
		return 0;
	n = tiff_u16(p, t->le);
	if (n > TIFF_MAX_ENTRIES)
		n = TIFF_MAX_ENTRIES;
	if (!(p = tiff_get(t, (uint64_t)off + 2, (size_t)n * 12)))
		return 0;
	memcpy(entries, p, (size_t)n * 12);   /* 'scratch' is reused below */
	p = tiff_get(t, (uint64_t)off + 2 + (uint64_t)n * 12, 4);
	next = p ? tiff_u32(p, t->le) : 0;
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *e = entries + i * 12;
		uint16_t tag = tiff_u16(e, t->le), type = tiff_u16(e + 2, t->le);
		uint32_t count = tiff_u32(e + 4, t->le);
		uint64_t vlen;
		const unsigned char *val;

		if (type == 0 || type > 13)
			continue;
		vlen = (uint64_t)count * type_size[type];
		if (vlen > MAX_VALUE)
			continue;
		val = vlen <= 4 ? e + 8 : tiff_get(t, tiff_u32(e + 8, t->le), (size_t)vlen);
		if (!val)
			continue;
		if (ifd == TIFF_IFD0 && tag == 0x8769 && vlen >= 4)
			sub_exif = tiff_u32(val, t->le);
		else if (ifd == TIFF_IFD0 && tag == 0x8825 && vlen >= 4)
			sub_gps = tiff_u32(val, t->le);
		w->fn(w->payload, ifd, tag, type, count, val, (size_t)vlen, t->le);
	}
	if (sub_exif)
		walk_ifd(w, TIFF_IFD_EXIF, sub_exif);
	if (sub_gps)
		walk_ifd(w, TIFF_IFD_GPS, sub_gps);
	return next;
}

int tiff_walk(struct tiff_src *t, int first_ifd, tiff_entry_fn fn, void *payload)
{
	struct walk w = { .t = t, .fn = fn, .payload = payload };
	const unsigned char *p = tiff_get(t, 0, 8);
	uint32_t next;

	if (!p || !((p[0] == 'I' && p[1] == 'I') || (p[0] == 'M' && p[1] == 'M')))
		return -1;
	t->le = p[0] == 'I';
	next = walk_ifd(&w, first_ifd, tiff_u32(p + 4, t->le));
	if (first_ifd == TIFF_IFD0 && next)
		walk_ifd(&w, TIFF_IFD1, next);
	return 0;
}

/* NewSubfileType, width and height of the IFD at 'off'; 0 or -1. */
static int ifd_image(struct tiff_src *t, uint32_t off, uint32_t *sub,
		     uint32_t *w, uint32_t *h, uint32_t subifds[8], int *nsub)
{
	const unsigned char *p = tiff_get(t, off, 2);
	unsigned n;

	*sub = 0;
	*w = *h = 0;
	if (!p)
		return -1;
	n = tiff_u16(p, t->le);
	if (n > TIFF_MAX_ENTRIES || !(p = tiff_get(t, (uint64_t)off + 2, (size_t)n * 12)))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *e = p + i * 12;
		uint16_t tag = tiff_u16(e, t->le), type = tiff_u16(e + 2, t->le);
		uint32_t count = tiff_u32(e + 4, t->le);
		uint32_t v = type == 3 ? tiff_u16(e + 8, t->le) : tiff_u32(e + 8, t->le);

		if (tag == 0x00FE)
			*sub = v;
		else if (tag == 0x0100)
			*w = v;
		else if (tag == 0x0101)
			*h = v;
		else if (tag == 0x014A && subifds && (type == 4 || type == 13) && count) {
			/* one offset is inline; several are an array elsewhere */
			const unsigned char *a = count == 1 ? e + 8 :
				tiff_get(t, v, (size_t)(count > 8 ? 8 : count) * 4);
			unsigned char copy[32];
			if (!a)
				continue;
			*nsub = (int)(count > 8 ? 8 : count);
			memcpy(copy, a, (size_t)*nsub * 4);
			for (int k = 0; k < *nsub; k++)
				subifds[k] = tiff_u32(copy + k * 4, t->le);
			p = tiff_get(t, (uint64_t)off + 2, (size_t)n * 12);  /* scratch reused */
			if (!p)
				return -1;
		}
	}
	return 0;
}

int tiff_main_image_size(struct tiff_src *t, int *w, int *h)
{
	const unsigned char *p = tiff_get(t, 0, 8);
	uint32_t subs[8], sub, iw, ih, best = 0;
	int nsub = 0;

	if (!p || !((p[0] == 'I' && p[1] == 'I') || (p[0] == 'M' && p[1] == 'M')))
		return -1;
	t->le = p[0] == 'I';
	if (ifd_image(t, tiff_u32(p + 4, t->le), &sub, &iw, &ih, subs, &nsub) == 0 &&
	    sub == 0 && iw && ih) {
		best = iw;
		*w = (int)iw;
		*h = (int)ih;
	}
	for (int i = 0; i < nsub; i++) {
		if (ifd_image(t, subs[i], &sub, &iw, &ih, NULL, NULL) == 0 && sub == 0 &&
		    iw > best && ih && iw < INT32_MAX && ih < INT32_MAX) {
			best = iw;
			*w = (int)iw;
			*h = (int)ih;
		}
	}
	return best ? 0 : -1;
}
