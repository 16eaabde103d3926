/* ciff.c - Canon CRW (CIFF): camera, date and size from its heap records.
 *
 * A heap ends with the offset of its directory; the directory lists
 * records (tag, size, offset) whose data lies in the heap, or in the record
 * itself for small values.  Records of the sub-heap types hold heaps.
 * CRW has no EXIF block, so what it says goes to bl->facts.
 */
#include "container_int.h"
#include "rd.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_DEPTH 6
#define MAX_RECORDS 512

struct ciff {
	struct capcat_blocks *bl;
	struct capcat_rd *rd;
	struct capcat_buf scratch;
};

static void take_record(struct ciff *c, unsigned id, const unsigned char *p, size_t n)
{
	struct capcat_photo *f = &c->bl->facts;

	if (id == 0x080A && n > 1) {           /* Make NUL Model NUL */
		const char *make = (const char *)p;
		size_t ml = strnlen(make, n);
		capcat_photo_set_str(&f->make, make, ml);
		if (ml + 1 < n)
			capcat_photo_set_str(&f->model, make + ml + 1, strnlen(make + ml + 1, n - ml - 1));
	} else if (id == 0x180E && n >= 4) {   /* seconds, as local time */
		time_t t = (time_t)capcat_le32(p);
		struct tm tm;
		char iso[32];
		if (gmtime_r(&t, &tm) && strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S", &tm))
			capcat_photo_set_str(&f->taken, iso, strlen(iso));
	} else if (id == 0x1810 && n >= 16) {  /* width, height, aspect, rotation */
		int32_t rot = (int32_t)capcat_le32(p + 12);
		c->bl->width = (int)(capcat_le32(p) & 0x7FFFFFFF);
		c->bl->height = (int)(capcat_le32(p + 4) & 0x7FFFFFFF);
		f->orientation = rot == 0 ? 1 : rot == 90 ? 6 : rot == 180 ? 3 : rot == 270 ? 8 : 0;
	}
}

static void heap(struct ciff *c, int64_t start, int64_t end, int depth)
{
	const unsigned char *p;
	uint32_t dir;
	unsigned n;

	if (depth > MAX_DEPTH || end - start < 6 || !(p = capcat_rd_get(c->rd, end - 4, 4, &c->scratch)))
		return;
	dir = capcat_le32(p);
	if (dir > end - start - 2 || !(p = capcat_rd_get(c->rd, start + dir, 2, &c->scratch)))
		return;
	n = capcat_le16(p);
	if (n > MAX_RECORDS)
		return;
	for (unsigned i = 0; i < n; i++) {
		unsigned char rec[10];
		unsigned tag, id;
		uint32_t size, off;

		if (!(p = capcat_rd_get(c->rd, start + dir + 2 + i * 10, 10, &c->scratch)))
			return;
		memcpy(rec, p, 10);
		tag = capcat_le16(rec);
		id = tag & 0x3FFF;
		size = capcat_le32(rec + 2);
		off = capcat_le32(rec + 6);
		if ((tag & 0xC000) == 0x4000) {         /* data in the record */
			take_record(c, id, rec + 2, 8);
			continue;
		}
		if ((tag & 0xC000) || off > end - start || size > end - start - off)
			continue;
		if ((id & 0x3800) == 0x2800 || (id & 0x3800) == 0x3000) {
			heap(c, start + off, start + off + size, depth + 1);
		} else if ((id == 0x080A || id == 0x180E || id == 0x1810) && size <= 4096) {
			unsigned char val[4096];
			if (!(p = capcat_rd_get(c->rd, start + off, size, &c->scratch)))
				continue;
			memcpy(val, p, size);
			take_record(c, id, val, size);
		}
	}
}

int capcat_ciff_read(struct capcat_blocks *bl, struct capcat_rd *rd)
{
	struct ciff c = { .bl = bl, .rd = rd };
	const unsigned char *p = capcat_rd_get(rd, 0, 14, &c.scratch);
	uint32_t hlen;

	if (!p || p[0] != 'I' || p[1] != 'I') {
		capcat_buf_release(&c.scratch);
		bl->damage = "not a CIFF file";
		return CAPCAT_EFORMAT;
	}
	hlen = capcat_le32(p + 2);
	heap(&c, hlen, rd->size, 0);
	capcat_buf_release(&c.scratch);
	return 0;
}
