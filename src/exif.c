/* exif.c - EXIF values into struct capcat_photo (the only libexif user).
 *
 * Two producers fill one table of the tags capcat wants: libexif first, then
 * our bounded walker (tiff.c) for whatever libexif could not give.  One
 * consumer turns the table into photo fields, so both paths agree on what a
 * value means.
 */
#include "capcat/exif.h"
#include "exif_int.h"
#include "rd.h"
#include "tiff.h"

#include <libexif/exif-data.h>
#include <libexif/exif-log.h>
#include <libexif/exif-mem.h>

#include <stdalign.h>
#include <stddef.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum want {
	W_MAKE, W_MODEL, W_ORIENT, W_DATETIME, W_WIDTH0, W_HEIGHT0, W_DNG,
	W_SUBFILE, W_SUBIFDS, W_RW2_TOP, W_RW2_LEFT, W_RW2_BOTTOM, W_RW2_RIGHT,
	W_DTO, W_DTD, W_OFFSET, W_OFFSET_O, W_OFFSET_D, W_EXPOSURE, W_FNUMBER,
	W_ISO, W_FOCAL, W_LENS, W_PIXX, W_PIXY,
	W_LATREF, W_LAT, W_LONREF, W_LON, W_ALTREF, W_ALT,
	W_THUMB_OFF, W_THUMB_LEN,
	W_DESC, W_ARTIST, W_COPYRIGHT, W_XPTITLE, W_XPCOMMENT, W_XPAUTHOR, W_XPKEYWORDS,
	W_XPSUBJECT, W_IPTC, W_XMP, W_USERCOMMENT,
	W_COUNT
};

static const struct { int ifd; uint16_t tag; } wanted[W_COUNT] = {
	[W_MAKE] = { TIFF_IFD0, 0x010F }, [W_MODEL] = { TIFF_IFD0, 0x0110 },
	[W_ORIENT] = { TIFF_IFD0, 0x0112 }, [W_DATETIME] = { TIFF_IFD0, 0x0132 },
	[W_WIDTH0] = { TIFF_IFD0, 0x0100 }, [W_HEIGHT0] = { TIFF_IFD0, 0x0101 },
	[W_DNG] = { TIFF_IFD0, 0xC612 }, [W_SUBFILE] = { TIFF_IFD0, 0x00FE },
	[W_SUBIFDS] = { TIFF_IFD0, 0x014A },
	/* Panasonic RW2 IFD0: the sensor borders give the image size */
	[W_RW2_TOP] = { TIFF_IFD0, 0x0004 }, [W_RW2_LEFT] = { TIFF_IFD0, 0x0005 },
	[W_RW2_BOTTOM] = { TIFF_IFD0, 0x0006 }, [W_RW2_RIGHT] = { TIFF_IFD0, 0x0007 },
	[W_DTO] = { TIFF_IFD_EXIF, 0x9003 }, [W_DTD] = { TIFF_IFD_EXIF, 0x9004 },
	[W_OFFSET] = { TIFF_IFD_EXIF, 0x9010 }, [W_OFFSET_O] = { TIFF_IFD_EXIF, 0x9011 },
	[W_OFFSET_D] = { TIFF_IFD_EXIF, 0x9012 },
	[W_EXPOSURE] = { TIFF_IFD_EXIF, 0x829A }, [W_FNUMBER] = { TIFF_IFD_EXIF, 0x829D },
	[W_ISO] = { TIFF_IFD_EXIF, 0x8827 }, [W_FOCAL] = { TIFF_IFD_EXIF, 0x920A },
	[W_LENS] = { TIFF_IFD_EXIF, 0xA434 },
	[W_PIXX] = { TIFF_IFD_EXIF, 0xA002 }, [W_PIXY] = { TIFF_IFD_EXIF, 0xA003 },
	[W_LATREF] = { TIFF_IFD_GPS, 1 }, [W_LAT] = { TIFF_IFD_GPS, 2 },
	[W_LONREF] = { TIFF_IFD_GPS, 3 }, [W_LON] = { TIFF_IFD_GPS, 4 },
	[W_ALTREF] = { TIFF_IFD_GPS, 5 }, [W_ALT] = { TIFF_IFD_GPS, 6 },
	[W_THUMB_OFF] = { TIFF_IFD1, 0x0201 }, [W_THUMB_LEN] = { TIFF_IFD1, 0x0202 },
	[W_DESC] = { TIFF_IFD0, 0x010E }, [W_ARTIST] = { TIFF_IFD0, 0x013B },
	[W_COPYRIGHT] = { TIFF_IFD0, 0x8298 }, [W_XPTITLE] = { TIFF_IFD0, 0x9C9B },
	[W_XPCOMMENT] = { TIFF_IFD0, 0x9C9C }, [W_XPAUTHOR] = { TIFF_IFD0, 0x9C9D },
	[W_XPKEYWORDS] = { TIFF_IFD0, 0x9C9E }, [W_XPSUBJECT] = { TIFF_IFD0, 0x9C9F },
	[W_IPTC] = { TIFF_IFD0, 0x83BB }, [W_XMP] = { TIFF_IFD0, 0x02BC },
	[W_USERCOMMENT] = { TIFF_IFD_EXIF, 0x9286 },
};

struct table {
	struct exif_val v[W_COUNT];
	int ifd_map[TIFF_IFD_COUNT];    /* producer's IFD -> logical IFD */
	int filled;                     /* entries taken by the current producer */
	int oom;
};

static void table_release(struct table *t)
{
	for (int i = 0; i < W_COUNT; i++)
		free(t->v[i].data);
}

/* Both producers end here; the first value for a tag wins. */
static void table_put(void *payload, int ifd, uint16_t tag, uint16_t type,
		      uint32_t count, const unsigned char *val, size_t vlen, int le)
{
	struct table *t = payload;

	if (ifd < 0 || ifd >= TIFF_IFD_COUNT)
		return;
	ifd = t->ifd_map[ifd];
	for (int i = 0; i < W_COUNT; i++) {
		struct exif_val *v = &t->v[i];
		if (wanted[i].ifd != ifd || wanted[i].tag != tag)
			continue;
		if (v->set || !vlen)
			return;
		v->data = malloc(vlen);
		if (!v->data) {
			t->oom = 1;
			return;
		}
		memcpy(v->data, val, vlen);
		v->len = vlen;
		v->type = type;
		v->count = count;
		v->le = le;
		v->set = 1;
		t->filled++;
		return;
	}
}

/* ---- libexif's memory ----
 *
 * libexif allocates each entry, its private part, its value and its IFD's
 * entry array one by one, 70 blocks a photo, each zeroed and freed on its
 * own.  For one lx_load() they come from a bump arena instead: the first
 * chunk on the caller's stack, more from the heap when a block is large,
 * all released at once when libexif is done.  ExifMem's functions take no
 * context, hence the thread-local pointer to the arena of the load under
 * way.  A block that grows (libexif adds an entry to an IFD by realloc) at
 * least doubles, so a hostile 5,000-entry IFD costs O(n) copying and memory
 * as with realloc().
 */

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_CHUNK 65536                       /* heap chunks, at least */

struct arena {
	unsigned char *base;                    /* the chunk in use */
	size_t used, cap;
	void *heap;                             /* heap chunks, each linking the previous */
};

union arena_head {                              /* before every block: its capacity */
	size_t cap;
	max_align_t align;
};

static _Thread_local struct arena *lx_arena;

static size_t arena_round(size_t n)
{
	return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

static int arena_grow(struct arena *a, size_t need)
{
	size_t cap = need + sizeof(union arena_head) > ARENA_CHUNK ?
		     need + sizeof(union arena_head) : ARENA_CHUNK;
	union arena_head *c = malloc(cap);

	if (!c)
		return -1;
	*(void **)c = a->heap;
	a->heap = c;
	a->base = (unsigned char *)c;
	a->used = sizeof(*c);
	a->cap = cap;
	return 0;
}

static void *arena_alloc(ExifLong ds)
{
	struct arena *a = lx_arena;
	size_t n = arena_round(ds ? ds : 1), need = sizeof(union arena_head) + n;
	union arena_head *h;

	if (ds > 0x7FFFFFFF || (a->cap - a->used < need && arena_grow(a, need)))
		return NULL;
	h = (union arena_head *)(a->base + a->used);
	a->used += need;
	h->cap = n;
	return memset(h + 1, 0, n);     /* libexif expects calloc() */
}

static void *arena_realloc(void *d, ExifLong ds)
{
	struct arena *a = lx_arena;
	union arena_head *h;
	size_t n;
	void *q;

	if (!d)
		return arena_alloc(ds);
	h = (union arena_head *)d - 1;
	if (ds <= h->cap)
		return d;
	n = arena_round(ds);
	/* the last block of the chunk grows where it is */
	if ((unsigned char *)d + h->cap == a->base + a->used && a->cap - a->used >= n - h->cap) {
		a->used += n - h->cap;
		h->cap = n;
		return d;
	}
	if (!(q = arena_alloc(ds > 2 * h->cap ? ds : (ExifLong)(2 * h->cap))))
		return NULL;
	return memcpy(q, d, h->cap);
}

static void arena_free(void *d)
{
	(void)d;                        /* all at once, in arena_release() */
}

static void arena_release(struct arena *a)
{
	while (a->heap) {
		void *next = *(void **)a->heap;
		free(a->heap);
		a->heap = next;
	}
}

/* ---- libexif producer ---- */

struct lx {
	struct table *t;
	int ifd;
	int le;
	int corrupt;
};

static void lx_log(ExifLog *log, ExifLogCode code, const char *domain,
		   const char *format, va_list args, void *data)
{
	struct lx *lx = data;

	(void)log; (void)domain; (void)format; (void)args;
	if (code == EXIF_LOG_CODE_CORRUPT_DATA)
		lx->corrupt = 1;
}

static void lx_entry(ExifEntry *e, void *data)
{
	struct lx *lx = data;

	if (e->data && e->size)
		table_put(lx->t, lx->ifd, (uint16_t)e->tag, (uint16_t)e->format,
			  (uint32_t)e->components, e->data, e->size, lx->le);
}

/* Hand one TIFF block to libexif; copy the thumbnail when asked. */
static int lx_load(struct table *t, const unsigned char *tiff, size_t len,
		   struct capcat_photo *ph, int *corrupt)
{
	static const int ifds[4][2] = {
		{ EXIF_IFD_0, TIFF_IFD0 }, { EXIF_IFD_EXIF, TIFF_IFD_EXIF },
		{ EXIF_IFD_GPS, TIFF_IFD_GPS }, { EXIF_IFD_1, TIFF_IFD1 },
	};
	struct lx lx = { .t = t };
	union arena_head stack[16384 / sizeof(union arena_head)];
	struct arena arena = { .base = (unsigned char *)stack, .cap = sizeof(stack) };
	unsigned char *buf = NULL;
	ExifMem *mem = NULL;
	ExifData *d = NULL;
	ExifLog *log = NULL;
	int rc = 0;

	if (len < 8 || len > 0xFFFF)
		len = len < 8 ? 0 : 0xFFF0;     /* libexif reads 64 KiB at most */
	if (!len)
		return 0;
	lx_arena = &arena;
	buf = malloc(len + 6);
	mem = exif_mem_new(arena_alloc, arena_realloc, arena_free);
	d = mem ? exif_data_new_mem(mem) : NULL;
	log = mem ? exif_log_new_mem(mem) : NULL;
	if (!buf || !d || !log) {
		rc = CAPCAT_ENOMEM;
		goto cleanup;
	}
	memcpy(buf, "Exif\0\0", 6);
	memcpy(buf + 6, tiff, len);
	exif_log_set_func(log, lx_log, &lx);
	exif_data_log(d, log);
	/* read what is there: no spec "fixing", no invented entries */
	exif_data_unset_option(d, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_unset_option(d, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
	exif_data_load_data(d, buf, (unsigned int)(len + 6));
	lx.le = exif_data_get_byte_order(d) == EXIF_BYTE_ORDER_INTEL;
	for (int i = 0; i < 4; i++) {
		lx.ifd = ifds[i][1];
		exif_content_foreach_entry(d->ifd[ifds[i][0]], lx_entry, &lx);
	}
	if (ph && d->data && d->size && !ph->thumb && d->size >= 4 &&
	    d->data[0] == 0xFF && d->data[1] == 0xD8) {
		ph->thumb = malloc(d->size);
		if (ph->thumb) {
			memcpy(ph->thumb, d->data, d->size);
			ph->thumb_len = d->size;
		}
	}
	*corrupt = lx.corrupt;
cleanup:
	if (d)
		exif_data_unref(d);
	if (log)
		exif_log_unref(log);
	exif_mem_unref(mem);
	arena_release(&arena);
	lx_arena = NULL;
	free(buf);
	return rc;
}

/* ---- consumer: table -> photo ---- */

static int get_str(const struct table *t, int w, char **out)
{
	const struct exif_val *v = &t->v[w];

	if (!v->set || (v->type != 2 && v->type != 7 && v->type != 1))
		return 0;
	return capcat_photo_set_str(out, (const char *)v->data, v->len);
}

/* Unsigned integer value number 'i' (BYTE, SHORT or LONG); -1 if none. */
static int64_t get_uint(const struct table *t, int w, uint32_t i)
{
	const struct exif_val *v = &t->v[w];

	if (!v->set || i >= v->count)
		return -1;
	switch (v->type) {
	case 1: return v->data[i];
	case 3: return i * 2 + 2 <= v->len ? (int64_t)tiff_u16(v->data + i * 2, v->le) : -1;
	case 4: case 13: return i * 4 + 4 <= v->len ? (int64_t)tiff_u32(v->data + i * 4, v->le) : -1;
	default: return -1;
	}
}

/* Rational value number 'i' as a double; NAN if none or x/0. */
static double get_rat(const struct table *t, int w, uint32_t i)
{
	const struct exif_val *v = &t->v[w];
	const unsigned char *p;
	double num, den;

	if (!v->set || i >= v->count || (v->type != 5 && v->type != 10) ||
	    i * 8 + 8 > v->len)
		return NAN;
	p = v->data + i * 8;
	if (v->type == 5) {
		num = tiff_u32(p, v->le);
		den = tiff_u32(p + 4, v->le);
	} else {
		num = (int32_t)tiff_u32(p, v->le);
		den = (int32_t)tiff_u32(p + 4, v->le);
	}
	return den == 0 ? NAN : num / den;
}

/* "YYYY:MM:DD HH:MM:SS" -> "YYYY-MM-DDTHH:MM:SS"; 0 if not a real date. */
static int exif_date(const struct exif_val *v, char out[20])
{
	const char *s = (const char *)v->data;
	static const char shape[] = "dddd:dd:dd dd:dd:dd";
	int mon, day;

	if (!v->set || v->len < 19)
		return 0;
	for (int i = 0; i < 19; i++) {
		/* some writers use '-' in the date part, 'T' before the time */
		int ok = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') :
			 s[i] == shape[i] || ((i == 4 || i == 7) && s[i] == '-') ||
			 (i == 10 && s[i] == 'T');
		if (!ok)
			return 0;
	}
	mon = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || !memcmp(s, "0000", 4))
		return 0;
	snprintf(out, 20, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", s, s + 5, s + 8,
		 s + 11, s + 14, s + 17);
	return 1;
}

/* "+03:00" -> minutes. */
static int exif_offset(const struct exif_val *v, int *min)
{
	const char *s = (const char *)v->data;
	int h, m;

	if (!v->set || v->len < 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
		return 0;
	if (sscanf(s + 1, "%2d:%2d", &h, &m) != 2 || h > 14 || m > 59)
		return 0;
	*min = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return 1;
}

static void fill_date(struct capcat_photo *ph, const struct table *t)
{
	static const int pairs[3][2] = {
		{ W_DTO, W_OFFSET_O }, { W_DTD, W_OFFSET_D }, { W_DATETIME, W_OFFSET },
	};
	char iso[20];

	for (int i = 0; i < 3; i++) {
		if (!exif_date(&t->v[pairs[i][0]], iso))
			continue;
		capcat_photo_set_str(&ph->taken, iso, strlen(iso));
		ph->has_offset = exif_offset(&t->v[pairs[i][1]], &ph->offset_min);
		return;
	}
}

static double dms(const struct table *t, int w)
{
	double d = get_rat(t, w, 0), m = get_rat(t, w, 1), s = get_rat(t, w, 2);

	if (isnan(d))
		return NAN;
	if (t->v[w].count < 3 || isnan(s))
		s = 0;
	if (t->v[w].count < 2 || isnan(m))
		m = 0;
	return d + m / 60 + s / 3600;
}

static void fill_gps(struct capcat_photo *ph, const struct table *t)
{
	double lat = dms(t, W_LAT), lon = dms(t, W_LON), alt;
	const struct exif_val *lr = &t->v[W_LATREF], *or = &t->v[W_LONREF];

	if (!isnan(lat) && !isnan(lon) && fabs(lat) <= 90 && fabs(lon) <= 180) {
		if (lr->set && lr->len && (lr->data[0] == 'S' || lr->data[0] == 's'))
			lat = -lat;
		if (or->set && or->len && (or->data[0] == 'W' || or->data[0] == 'w'))
			lon = -lon;
		ph->has_gps = 1;
		ph->gps_lat = lat;
		ph->gps_lon = lon;
	}
	alt = get_rat(t, W_ALT, 0);
	if (ph->has_gps && !isnan(alt)) {
		ph->has_alt = 1;
		ph->gps_alt = get_uint(t, W_ALTREF, 0) == 1 ? -alt : alt;
	}
}

static int fill_photo(struct capcat_photo *ph, const struct table *t)
{
	int64_t o = get_uint(t, W_ORIENT, 0), iso = get_uint(t, W_ISO, 0);
	double x;
	int rc = 0;

	rc |= get_str(t, W_MAKE, &ph->make);
	rc |= get_str(t, W_MODEL, &ph->model);
	rc |= get_str(t, W_LENS, &ph->lens);
	ph->orientation = o >= 1 && o <= 8 ? (int)o : 0;
	fill_date(ph, t);
	if (!isnan(x = get_rat(t, W_EXPOSURE, 0)) && x > 0)
		ph->exposure_time = x;
	if (!isnan(x = get_rat(t, W_FNUMBER, 0)) && x > 0)
		ph->fnumber = x;
	if (!isnan(x = get_rat(t, W_FOCAL, 0)) && x > 0)
		ph->focal_length = x;
	if (iso > 0)
		ph->iso = (int)iso;
	fill_gps(ph, t);
	return rc ? CAPCAT_ENOMEM : 0;
}

/* Pixel size when the container's own header gave none. */
static void fill_size(struct capcat_photo *ph, const struct table *t, enum capcat_format fmt)
{
	int64_t w = get_uint(t, W_PIXX, 0), h = get_uint(t, W_PIXY, 0);
	int64_t w0 = get_uint(t, W_WIDTH0, 0), h0 = get_uint(t, W_HEIGHT0, 0);

	if (ph->width > 0 || ph->height > 0)
		return;
	if (fmt == CAPCAT_FMT_RW2) {
		int64_t top = get_uint(t, W_RW2_TOP, 0), left = get_uint(t, W_RW2_LEFT, 0);
		int64_t bottom = get_uint(t, W_RW2_BOTTOM, 0), right = get_uint(t, W_RW2_RIGHT, 0);
		if (top >= 0 && left >= 0 && bottom > top && right > left) {
			ph->width = (int)(right - left);
			ph->height = (int)(bottom - top);
			return;
		}
	}
	/* a TIFF's IFD0 describes the image itself; elsewhere trust EXIF's */
	if (fmt == CAPCAT_FMT_TIFF && w0 > 0 && h0 > 0) {
		w = w0;
		h = h0;
	}
	if (w <= 0 || h <= 0) {
		w = w0;
		h = h0;
	}
	/* each alone: a damaged file may know one and not the other */
	if (w > 0 && w < INT32_MAX)
		ph->width = (int)w;
	if (h > 0 && h < INT32_MAX)
		ph->height = (int)h;
}

static enum capcat_format refine(enum capcat_format fmt, struct table *t)
{
	char *make = NULL;
	enum capcat_format out = fmt;
	int reduced;

	if (fmt != CAPCAT_FMT_TIFF)
		return fmt;
	if (t->v[W_DNG].set)
		return CAPCAT_FMT_DNG;
	/* raw files keep a reduced preview in IFD0 and the sensor data apart */
	reduced = get_uint(t, W_SUBFILE, 0) == 1 || t->v[W_SUBIFDS].set;
	if (!reduced || get_str(t, W_MAKE, &make) || !make)
		goto cleanup;
	if (!strncmp(make, "NIKON", 5))
		out = CAPCAT_FMT_NEF;
	else if (!strncmp(make, "SONY", 4))
		out = CAPCAT_FMT_ARW;
	else if (!strncmp(make, "PENTAX", 6) || !strncmp(make, "RICOH", 5))
		out = CAPCAT_FMT_PEF;
cleanup:
	free(make);
	return out;
}

/* Our walker over one block; 'first' says which IFD its first one is. */
static void walk_block(struct table *t, struct tiff_src *src, int first)
{
	for (int i = 0; i < TIFF_IFD_COUNT; i++)
		t->ifd_map[i] = i;
	tiff_walk(src, first, table_put, t);
}

static void thumb_from_walk(struct capcat_photo *ph, const struct table *t,
			    struct tiff_src *src)
{
	int64_t off = get_uint(t, W_THUMB_OFF, 0), len = get_uint(t, W_THUMB_LEN, 0);
	const unsigned char *p;

	if (ph->thumb || off <= 0 || len < 4 || len > (1 << 20))
		return;
	p = tiff_get(src, (uint64_t)off, (size_t)len);
	if (!p || p[0] != 0xFF || p[1] != 0xD8)
		return;
	if ((ph->thumb = malloc((size_t)len))) {
		memcpy(ph->thumb, p, (size_t)len);
		ph->thumb_len = (size_t)len;
	}
}

/* libexif on the block the container found: in memory, or the head of a
 * TIFF-based file (libexif reads no more than 64 KiB anyway). */
static int lx_main(struct table *t, struct capcat_photo *ph,
		   const struct capcat_blocks *bl, struct capcat_rd *rd, int *corrupt)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p;
	int64_t avail;
	int rc = 0;

	if (bl->exif.len) {
		rc = lx_load(t, (const unsigned char *)bl->exif.data, bl->exif.len, ph, corrupt);
	} else if (bl->exif_in_file && rd->size > bl->exif_file_off) {
		avail = rd->size - bl->exif_file_off;
		if (avail > 0xFFF0)
			avail = 0xFFF0;
		p = capcat_rd_get(rd, bl->exif_file_off, (size_t)avail, &scratch);
		if (p)
			rc = lx_load(t, p, (size_t)avail, NULL, corrupt);
	}
	capcat_buf_release(&scratch);
	return rc;
}

/* CR3: the Exif and GPS IFDs are each the IFD0 of a block of their own. */
static int cr3_blocks(struct table *t, const struct capcat_blocks *bl, int *corrupt)
{
	const struct capcat_buf *b[2] = { &bl->exif_ifd, &bl->gps_ifd };
	const int as[2] = { TIFF_IFD_EXIF, TIFF_IFD_GPS };
	int rc = 0;

	for (int i = 0; i < 2 && !rc; i++) {
		struct tiff_src src = { .mem = (const unsigned char *)b[i]->data, .len = b[i]->len };
		if (!b[i]->len)
			continue;
		t->ifd_map[TIFF_IFD0] = as[i];
		rc = lx_load(t, src.mem, src.len, NULL, corrupt);
		walk_block(t, &src, as[i]);
	}
	for (int i = 0; i < TIFF_IFD_COUNT; i++)
		t->ifd_map[i] = i;
	return rc;
}

/* TIFF-based files keep IPTC (0x83BB) and XMP (0x02BC) as IFD0 tags. */
static int tiff_blocks(struct capcat_blocks *bl, const struct table *t)
{
	int rc = 0;

	if (!bl->iptc.len && t->v[W_IPTC].set)
		rc = capcat_buf_add(&bl->iptc, t->v[W_IPTC].data, t->v[W_IPTC].len);
	if (!rc && !bl->xmp.len && t->v[W_XMP].set)
		rc = capcat_buf_add(&bl->xmp, t->v[W_XMP].data, t->v[W_XMP].len);
	return rc;
}

int capcat_exif_read(struct capcat_photo *ph, enum capcat_format *fmt,
		     struct capcat_blocks *bl, struct capcat_rd *rd,
		     struct capcat_err *err)
{
	struct table t;
	struct tiff_src src;
	int corrupt = 0, rc, by_libexif;

	memset(&t, 0, sizeof(t));
	memset(&src, 0, sizeof(src));
	for (int i = 0; i < TIFF_IFD_COUNT; i++)
		t.ifd_map[i] = i;
	rc = lx_main(&t, ph, bl, rd, &corrupt);
	if (!rc)
		rc = cr3_blocks(&t, bl, &corrupt);
	if (rc)
		goto cleanup;
	by_libexif = t.filled;
	if (bl->exif_in_file) {
		src.rd = rd;
		src.base = bl->exif_file_off;
	} else {
		src.mem = (const unsigned char *)bl->exif.data;
		src.len = bl->exif.len;
	}
	/* In-file TIFF always needs the walker (IFDs past 64 KiB); an
	 * in-memory block only when libexif refused it or part of it. */
	if (bl->exif_in_file || (bl->exif.len && (corrupt || !by_libexif))) {
		walk_block(&t, &src, TIFF_IFD0);
		thumb_from_walk(ph, &t, &src);
		if (!bl->exif_in_file && t.filled > by_libexif)
			capcat_photo_warn(ph, "libexif refused part of the EXIF block; "
					  "%d values recovered", t.filled - by_libexif);
	}
	if (corrupt && !bl->exif_in_file && t.filled == by_libexif && bl->exif.len)
		capcat_photo_warn(ph, "EXIF block is damaged");
	if (t.oom) {
		rc = CAPCAT_ENOMEM;
		goto cleanup;
	}
	*fmt = refine(*fmt, &t);
	rc = fill_photo(ph, &t);
	if (!rc)
		rc = capcat_exif_text(ph, &t.v[W_DESC], &t.v[W_ARTIST], &t.v[W_COPYRIGHT],
				      &t.v[W_XPTITLE] /* .. W_XPSUBJECT */, &t.v[W_USERCOMMENT]);
	if (!rc)
		rc = tiff_blocks(bl, &t);
	/* raw files: the sensor image, not the preview IFD0 describes (CR2
	 * keeps its raw in an IFD of its own; EXIF's pixel size is right) */
	if (bl->exif_in_file && *fmt != CAPCAT_FMT_TIFF && *fmt != CAPCAT_FMT_CR2 && !ph->width)
		tiff_main_image_size(&src, &ph->width, &ph->height);
	fill_size(ph, &t, *fmt);
cleanup:
	if (rc)
		capcat_err_set(err, rc, "out of memory reading EXIF");
	tiff_src_release(&src);
	table_release(&t);
	return rc;
}
