/* iptc_write.c - IPTC-IIM for the fields capcat manages, inside the
 * Photoshop resources of a JPEG's APP13, with the digest that tells MWG
 * readers that the IIM and the XMP say the same.
 *
 * The old block is walked strictly: a dataset or resource that runs past
 * its end, or bytes that are neither a dataset nor zero padding, make the
 * write fail rather than guess what the damaged part meant.
 */
#include "capcat/iptc.h"
#include "capcat/text.h"
#include "capcat/util.h"
#include "iptc_int.h"
#include "rd.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A dataset of the old block: bytes [off, end), its value from 'data'. */
struct old_ds {
	int rec, num;
	size_t off, data, end;
};

/* A dataset to write: its value is vals[off .. off + n). */
struct item {
	int rec, num;
	size_t seq, off, n;
};

struct iimw {
	const unsigned char *old;
	size_t old_len;
	struct old_ds *ds;
	size_t nds;
	int old_utf8, has_v1, has_v2;   /* 1:90 said UTF-8; 1:00, 2:00 there */
	struct item *it;
	size_t nit, cap;
	struct capcat_buf vals;
};

static int damaged(struct capcat_err *err, const char *what, size_t off)
{
	return capcat_err_set(err, CAPCAT_EFORMAT, "the %s is damaged at byte %zu", what, off);
}

/* The length of the dataset at 'off' ('hdr' gets its header size), or
 * SIZE_MAX when it does not fit in the block. */
static size_t ds_length(const unsigned char *p, size_t len, size_t off, size_t *hdr)
{
	size_t n, k;

	if (len - off < 5 || p[off] != 0x1C)
		return SIZE_MAX;
	n = (size_t)p[off + 3] << 8 | p[off + 4];
	*hdr = 5;
	if (n & 0x8000) {               /* extended: n & 0x7FFF bytes of length follow */
		k = n & 0x7FFF;
		if (k == 0 || k > 4 || len - off - 5 < k)
			return SIZE_MAX;
		n = 0;
		for (size_t i = 0; i < k; i++)
			n = n << 8 | p[off + 5 + i];
		*hdr += k;
	}
	return n > len - off - *hdr ? SIZE_MAX : n;
}

static int parse_old(struct iimw *w, struct capcat_err *err)
{
	const unsigned char *p = w->old;
	size_t off = 0, len = w->old_len;

	if (!len)
		return 0;
	if (!(w->ds = calloc(len / 5 + 1, sizeof(*w->ds))))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	while (off < len) {
		struct old_ds *d = &w->ds[w->nds];
		size_t hdr, n;

		if (p[off] == 0) {      /* zero padding: dropped */
			off++;
			continue;
		}
		if ((n = ds_length(p, len, off, &hdr)) == SIZE_MAX)
			return damaged(err, "IPTC block", off);
		*d = (struct old_ds){ p[off + 1], p[off + 2], off, off + hdr, off + hdr + n };
		w->old_utf8 |= d->rec == 1 && d->num == 90 && n >= 3 &&
			       !memcmp(p + d->data, "\x1B%G", 3);
		w->has_v1 |= d->rec == 1 && d->num == 0;
		w->has_v2 |= d->rec == 2 && d->num == 0;
		w->nds++;
		off = d->end;
	}
	return 0;
}

static int add_item(struct iimw *w, int rec, int num, size_t off, size_t n)
{
	struct item *it = capcat_grow(w->it, &w->cap, w->nit + 1, sizeof(*it), 32);

	if (!it)
		return CAPCAT_ENOMEM;
	w->it = it;
	w->it[w->nit] = (struct item){ rec, num, w->nit, off, n };
	w->nit++;
	return 0;
}

static int add_bytes(struct iimw *w, int rec, int num, const char *s, size_t n)
{
	size_t off = w->vals.len;

	return capcat_buf_add(&w->vals, s, n) || add_item(w, rec, num, off, n) ? CAPCAT_ENOMEM : 0;
}

static size_t utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* 's' cleaned as the sidecar writer cleans it (invalid bytes become
 * U+FFFD, control characters other than tab and newline go) and cut to at
 * most 'max' bytes between two characters. */
static int put_clean(struct capcat_buf *b, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), start = b->len, k;

	while (n) {
		uint32_t cp = capcat_utf8_next(u, n, &k);
		u += k;
		n -= k;
		if (cp < 0x20 && cp != '\t' && cp != '\n')
			continue;
		if (cp == 0xFFFE || cp == 0xFFFF)
			cp = 0xFFFD;
		if (b->len - start + utf8_len(cp) > max)
			break;
		if (capcat_utf8_put(b, cp))
			return CAPCAT_ENOMEM;
	}
	return 0;
}

/* Whether value i of 'm' repeats an earlier value of its field. */
static int seen_before(const struct capcat_meta *m, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (m->v[j].field == m->v[i].field && !strcmp(m->v[j].value, m->v[i].value))
			return 1;
	return 0;
}

static int add_field(struct iimw *w, const struct capcat_iim_dataset *d,
		     const struct capcat_meta *m)
{
	for (size_t i = 0; i < m->n; i++) {
		size_t off = w->vals.len;
		if (m->v[i].field != d->field || seen_before(m, i))
			continue;
		if (put_clean(&w->vals, m->v[i].value, d->max))
			return CAPCAT_ENOMEM;
		if (w->vals.len == off)
			continue;
		if (add_item(w, 2, d->dataset, off, w->vals.len - off))
			return CAPCAT_ENOMEM;
		if (!capcat_field_repeatable(d->field))
			break;
	}
	return 0;
}

/* "YYYY-MM-DD[Thh:mm[:ss][.s...][Z|+hh:mm|-hh:mm]]" to 2:55 "YYYYMMDD"
 * and, when the time has its zone, 2:60 "hhmmss+hhmm"; empty strings for
 * what is not there. */
static void iso_to_iim(const char *s, char date[9], char time[12])
{
	const char *ss = "00", *zone;

	date[0] = time[0] = '\0';
	if (!capcat_iim_digits(s, 4) || s[4] != '-' || !capcat_iim_digits(s + 5, 2) || s[7] != '-' || !capcat_iim_digits(s + 8, 2))
		return;
	memcpy(date, s, 4);
	memcpy(date + 4, s + 5, 2);
	memcpy(date + 6, s + 8, 2);
	date[8] = '\0';
	s += 10;
	if (*s != 'T' || !capcat_iim_digits(s + 1, 2) || s[3] != ':' || !capcat_iim_digits(s + 4, 2))
		return;
	zone = s + 6;
	if (*zone == ':' && capcat_iim_digits(zone + 1, 2)) {
		ss = zone + 1;
		zone += 3;
	}
	if (*zone == '.')
		for (zone++; *zone >= '0' && *zone <= '9'; zone++)
			;
	if (*zone == 'Z' && !zone[1])
		snprintf(time, 12, "%.2s%.2s%.2s+0000", s + 1, s + 4, ss);
	else if ((*zone == '+' || *zone == '-') && capcat_iim_digits(zone + 1, 2) && zone[3] == ':' &&
		 capcat_iim_digits(zone + 4, 2) && !zone[6])
		snprintf(time, 12, "%.2s%.2s%.2s%c%.2s%.2s", s + 1, s + 4, ss, *zone, zone + 1,
			 zone + 4);
}

static int add_date(struct iimw *w, const struct capcat_meta *m)
{
	char date[9], time[12];

	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].field != CAPCAT_F_DATE_CREATED)
			continue;
		iso_to_iim(m->v[i].value, date, time);
		if (!date[0])
			continue;
		if (add_bytes(w, 2, 55, date, 8) || (time[0] && add_bytes(w, 2, 60, time, 11)))
			return CAPCAT_ENOMEM;
		break;
	}
	return 0;
}

/* What goes in: record versions where missing, 1:90, the managed fields. */
static int build_items(struct iimw *w, const struct capcat_meta *m)
{
	if ((!w->has_v1 && add_bytes(w, 1, 0, "\0\4", 2)) || add_bytes(w, 1, 90, "\x1B%G", 3) ||
	    (!w->has_v2 && add_bytes(w, 2, 0, "\0\4", 2)) || add_date(w, m))
		return CAPCAT_ENOMEM;
	for (size_t i = 0; i < capcat_iim_ndatasets; i++)
		if (add_field(w, &capcat_iim_datasets[i], m))
			return CAPCAT_ENOMEM;
	return 0;
}

static int key_cmp(int rec_a, int num_a, int rec_b, int num_b)
{
	if (rec_a != rec_b)
		return rec_a < rec_b ? -1 : 1;
	return num_a < num_b ? -1 : num_a > num_b;
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = key_cmp(a->rec, a->num, b->rec, b->num);

	return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int is_managed(int rec, int num)
{
	if (rec == 1)
		return num == 90;
	if (rec != 2)
		return 0;
	if (num == 55 || num == 60)
		return 1;
	for (size_t i = 0; i < capcat_iim_ndatasets; i++)
		if (capcat_iim_datasets[i].dataset == num)
			return 1;
	return 0;
}

static int put_dataset(struct capcat_buf *out, int rec, int num, const void *p, size_t n)
{
	unsigned char h[9] = { 0x1C, (unsigned char)rec, (unsigned char)num };
	size_t hn = 5;

	if (n < 0x8000) {
		h[3] = (unsigned char)(n >> 8);
		h[4] = (unsigned char)n;
	} else {                        /* extended length, 4 bytes */
		h[3] = 0x80;
		h[4] = 4;
		for (int i = 0; i < 4; i++)
			h[5 + i] = (unsigned char)(n >> (24 - 8 * i));
		hn = 9;
	}
	return capcat_buf_add(out, h, hn) || capcat_buf_add(out, p, n) ? CAPCAT_ENOMEM : 0;
}

/* An old dataset as it was; a record 2 text in Windows-1252, where the
 * block was not UTF-8 before, in UTF-8 (2:00 and the 2:200-202 preview
 * are binary). */
static int put_old(struct capcat_buf *out, const struct iimw *w, const struct old_ds *d)
{
	const char *v = (const char *)w->old + d->data;
	size_t n = d->end - d->data;
	struct capcat_buf conv = CAPCAT_BUF_INIT;
	int rc;

	if (w->old_utf8 || d->rec != 2 || d->num == 0 || (d->num >= 200 && d->num <= 202) ||
	    capcat_utf8_valid(v, n))
		return capcat_buf_add(out, w->old + d->off, d->end - d->off);
	rc = capcat_cp1252_to_utf8(&conv, v, n) || put_dataset(out, d->rec, d->num, conv.data, conv.len);
	capcat_buf_release(&conv);
	return rc ? CAPCAT_ENOMEM : 0;
}

/* The old datasets in their order, the new ones each before the first
 * old one with a higher record:dataset: an ascending block stays so. */
static int merge(struct capcat_buf *out, const struct iimw *w)
{
	size_t k = 0;
	int rc = 0;

	for (size_t i = 0; i < w->nds && !rc; i++) {
		const struct old_ds *d = &w->ds[i];
		if (is_managed(d->rec, d->num))
			continue;
		for (; k < w->nit && !rc && key_cmp(w->it[k].rec, w->it[k].num, d->rec, d->num) < 0; k++)
			rc = put_dataset(out, w->it[k].rec, w->it[k].num, w->vals.data + w->it[k].off,
					 w->it[k].n);
		if (!rc)
			rc = put_old(out, w, d);
	}
	for (; k < w->nit && !rc; k++)
		rc = put_dataset(out, w->it[k].rec, w->it[k].num, w->vals.data + w->it[k].off, w->it[k].n);
	return rc;
}

int capcat_iptc_write_iim(struct capcat_buf *out, const unsigned char *iim, size_t len,
			  const struct capcat_meta *m, struct capcat_err *err)
{
	struct iimw w = { .old = iim, .old_len = len };
	int rc;

	capcat_buf_init(&w.vals);
	if ((rc = parse_old(&w, err)))
		goto cleanup;
	if (build_items(&w, m)) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	qsort(w.it, w.nit, sizeof(*w.it), item_cmp);
	if (merge(out, &w))
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
cleanup:
	free(w.ds);
	free(w.it);
	capcat_buf_release(&w.vals);
	return rc;
}

/* ---- Photoshop image resources ----------------------------------------- */

/* A resource: bytes [off, end), its data [data, data + size). */
struct res {
	unsigned id;
	size_t off, data, size, end;
};

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The resources of 'p' into *out (malloc'd); *tail is where the zero
 * padding after the last one starts (len when there is none). */
static int walk_irb(struct res **out, size_t *n, size_t *tail, const unsigned char *p,
		    size_t len, struct capcat_err *err)
{
	struct res *r = calloc(len / 12 + 1, sizeof(*r));
	size_t off = 0;

	*out = r;
	*n = 0;
	if (!r)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	while (off < len && !all_zero(p + off, len - off)) {
		size_t name, size, data;
		if (len - off < 12 || !capcat_irb_signature(p + off))
			return damaged(err, "Photoshop resource block", off);
		name = 1 + (size_t)p[off + 6];          /* Pascal string, padded to even */
		name += name & 1;
		if (len - off < 10 + name)
			return damaged(err, "Photoshop resource block", off);
		size = capcat_be32(p + off + 6 + name);
		data = off + 10 + name;
		if (size > len - data)
			return damaged(err, "Photoshop resource block", off);
		r[*n] = (struct res){ (unsigned)p[off + 4] << 8 | p[off + 5], off, data, size,
				      data + size + (size & 1) };
		if (r[*n].end > len)            /* the last one may lack its padding */
			r[*n].end = len;
		off = r[(*n)++].end;
	}
	*tail = off;
	return 0;
}

/* A resource: 'hdr' (signature, id, name), then the size and the data. */
static int put_res(struct capcat_buf *out, const void *hdr, size_t hn, const void *p, size_t n)
{
	unsigned char size[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
				  (unsigned char)(n >> 8), (unsigned char)n };

	if (capcat_buf_add(out, hdr, hn) || capcat_buf_add(out, size, 4) || capcat_buf_add(out, p, n) ||
	    ((n & 1) && capcat_buf_addch(out, 0)))
		return CAPCAT_ENOMEM;
	return 0;
}

/* The resources again, the IIM and the digests replaced. */
static int put_irb(struct capcat_buf *out, const unsigned char *p, const struct res *r,
		   size_t n, const struct capcat_buf *iim, const unsigned char md5[16])
{
	int has_iim = 0, has_digest = 0, rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const unsigned char *hdr = p + r[i].off;
		size_t hn = r[i].data - 4 - r[i].off;
		if (r[i].id == 0x0404 && !has_iim) {
			has_iim = 1;
			rc = put_res(out, hdr, hn, iim->data, iim->len);
		} else if (r[i].id == 0x0425) {
			has_digest = 1;
			rc = put_res(out, hdr, hn, md5, 16);
		} else {
			rc = capcat_buf_add(out, hdr, r[i].end - r[i].off);
			if (!rc && ((r[i].end - r[i].off) & 1))
				rc = capcat_buf_addch(out, 0);  /* its missing padding */
		}
	}
	if (!rc && !has_iim)
		rc = put_res(out, "8BIM\x04\x04\0\0", 8, iim->data, iim->len);
	if (!rc && !has_digest)
		rc = put_res(out, "8BIM\x04\x25\0\0", 8, md5, 16);
	return rc;
}

int capcat_iptc_write_irb(struct capcat_buf *out, const unsigned char *irb, size_t len,
			  const struct capcat_meta *m, struct capcat_err *err)
{
	struct capcat_buf iim = CAPCAT_BUF_INIT;
	struct res *r = NULL;
	size_t n = 0, tail = 0;
	unsigned char md5[16];
	const unsigned char *old = NULL;
	size_t old_len = 0;
	int rc;

	if ((rc = walk_irb(&r, &n, &tail, irb, len, err)))
		goto cleanup;
	for (size_t i = 0; i < n && !old; i++)
		if (r[i].id == 0x0404) {
			old = irb + r[i].data;
			old_len = r[i].size;
		}
	if ((rc = capcat_iptc_write_iim(&iim, old, old_len, m, err)))
		goto cleanup;
	capcat_md5(iim.data, iim.len, md5);
	if (put_irb(out, irb, r, n, &iim, md5) ||
	    (tail < len && capcat_buf_add(out, irb + tail, len - tail)))
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
cleanup:
	free(r);
	capcat_buf_release(&iim);
	return rc;
}
