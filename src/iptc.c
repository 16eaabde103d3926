/* iptc.c - IPTC-IIM datasets and the Photoshop resources around them. */
#include "capcat/iptc.h"
#include "iptc_int.h"
#include "capcat/text.h"

#include <stdio.h>
#include <string.h>

/* record 2 datasets, the field each feeds and its IIM byte limit
 * (caption-style.md section 3); ascending */
const struct capcat_iim_dataset capcat_iim_datasets[] = {
	{ 5, 64, CAPCAT_F_TITLE }, { 25, 64, CAPCAT_F_KEYWORD },
	{ 40, 256, CAPCAT_F_INSTRUCTIONS }, { 80, 32, CAPCAT_F_CREATOR },
	{ 85, 32, CAPCAT_F_CREATOR_TITLE }, { 90, 32, CAPCAT_F_CITY },
	{ 92, 32, CAPCAT_F_SUBLOCATION }, { 95, 32, CAPCAT_F_REGION },
	{ 100, 3, CAPCAT_F_COUNTRY_CODE }, { 101, 64, CAPCAT_F_COUNTRY },
	{ 105, 256, CAPCAT_F_HEADLINE }, { 110, 32, CAPCAT_F_CREDIT },
	{ 115, 32, CAPCAT_F_SOURCE }, { 116, 128, CAPCAT_F_COPYRIGHT },
	{ 120, 2000, CAPCAT_F_CAPTION }, { 122, 32, CAPCAT_F_CAPTION_WRITER },
};
const size_t capcat_iim_ndatasets = sizeof(capcat_iim_datasets) / sizeof(capcat_iim_datasets[0]);

struct iim {
	struct capcat_meta *m;
	int utf8;                       /* 1:90 said UTF-8 */
	char date[9], time[12];         /* 2:55 CCYYMMDD, 2:60 HHMMSS+HHMM */
	struct capcat_buf tmp;
};

static int add_value(struct iim *s, enum capcat_field f, const unsigned char *p, size_t n)
{
	int rc;

	capcat_buf_reset(&s->tmp);
	if (s->utf8)
		rc = capcat_buf_add(&s->tmp, p, n);
	else
		rc = capcat_text_to_utf8(&s->tmp, (const char *)p, n);
	if (!rc)
		rc = capcat_meta_add(s->m, f, CAPCAT_SRC_IPTC, s->tmp.data, s->tmp.len);
	return rc;
}

static int dataset(struct iim *s, int rec, int ds, const unsigned char *p, size_t n)
{
	if (rec == 1 && ds == 90) {
		s->utf8 = n >= 3 && p[0] == 0x1B && p[1] == 0x25 && p[2] == 0x47;
		return 0;
	}
	if (rec != 2)
		return 0;
	if (ds == 55) {
		snprintf(s->date, sizeof(s->date), "%.*s", (int)(n < 8 ? n : 8), (const char *)p);
		return 0;
	}
	if (ds == 60) {
		snprintf(s->time, sizeof(s->time), "%.*s", (int)(n < 11 ? n : 11), (const char *)p);
		return 0;
	}
	for (size_t i = 0; i < capcat_iim_ndatasets; i++)
		if (capcat_iim_datasets[i].dataset == ds)
			return add_value(s, capcat_iim_datasets[i].field, p, n);
	return 0;
}

/* 2:55 + 2:60 -> "YYYY-MM-DD[THH:MM:SS[+HH:MM]]" */
static int add_date(struct iim *s)
{
	char iso[32];
	size_t n;

	if (strlen(s->date) != 8 || !capcat_iim_digits(s->date, 8) || !strcmp(s->date, "00000000"))
		return 0;
	n = (size_t)snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", s->date, s->date + 4, s->date + 6);
	if (strlen(s->time) >= 6 && capcat_iim_digits(s->time, 6)) {
		n += (size_t)snprintf(iso + n, sizeof(iso) - n, "T%.2s:%.2s:%.2s",
				      s->time, s->time + 2, s->time + 4);
		if (strlen(s->time) == 11 && (s->time[6] == '+' || s->time[6] == '-') &&
		    capcat_iim_digits(s->time + 7, 4))
			snprintf(iso + n, sizeof(iso) - n, "%c%.2s:%.2s", s->time[6],
				 s->time + 7, s->time + 9);
	}
	return capcat_meta_add(s->m, CAPCAT_F_DATE_CREATED, CAPCAT_SRC_IPTC, iso, strlen(iso));
}

int capcat_iptc_read_iim(struct capcat_meta *m, const unsigned char *p, size_t len,
			 struct capcat_err *err)
{
	struct iim s = { .m = m };
	size_t off = 0;
	int rc = 0;

	capcat_buf_init(&s.tmp);
	m->has_iim = 1;
	while (!rc && off + 5 <= len) {
		int rec = p[off + 1], ds = p[off + 2];
		size_t n = (size_t)p[off + 3] << 8 | p[off + 4], hdr = 5;

		if (p[off] != 0x1C) {
			if (p[off] == 0) {      /* zero padding after the last dataset */
				off++;
				continue;
			}
			break;                  /* not a tag marker: the block ends */
		}
		if (n & 0x8000) {               /* extended length: n & 0x7FFF bytes of length */
			size_t k = n & 0x7FFF;
			if (k == 0 || k > 4 || off + 5 + k > len)
				break;
			n = 0;
			for (size_t i = 0; i < k; i++)
				n = n << 8 | p[off + 5 + i];
			hdr += k;
		}
		if (n > len - off - hdr)
			break;                  /* runs past the block: stop, keep what we have */
		rc = dataset(&s, rec, ds, p + off + hdr, n);
		off += hdr + n;
	}
	if (!rc)
		rc = add_date(&s);
	capcat_buf_release(&s.tmp);
	if (rc)
		return capcat_err_set(err, rc, "out of memory reading IPTC");
	return 0;
}

int capcat_iptc_read_irb(struct capcat_meta *m, const unsigned char *p, size_t len,
			 struct capcat_err *err)
{
	const unsigned char *iim = NULL;
	size_t off = 0, iim_len = 0;
	int rc = 0;

	while (!rc && off + 12 <= len) {
		size_t name, size, data;
		unsigned id;

		if (!capcat_irb_signature(p + off))
			break;
		id = (unsigned)p[off + 4] << 8 | p[off + 5];
		name = 1 + (size_t)p[off + 6];          /* Pascal string, padded to even */
		name += name & 1;
		if (off + 6 + name + 4 > len)
			break;
		size = (size_t)p[off + 6 + name] << 24 | (size_t)p[off + 7 + name] << 16 |
		       (size_t)p[off + 8 + name] << 8 | p[off + 9 + name];
		data = off + 10 + name;
		if (size > len - data)
			break;
		if (id == 0x0404 && !iim) {
			iim = p + data;
			iim_len = size;
			rc = capcat_iptc_read_iim(m, iim, iim_len, err);
		} else if (id == 0x0425 && size == 16) {
			m->has_stored_digest = 1;
			memcpy(m->stored_digest, p + data, 16);
		}
		off = data + size + (size & 1);
	}
	/* the digest of the IIM matters only beside a stored one (MWG) */
	if (!rc && iim && m->has_stored_digest)
		capcat_md5(iim, iim_len, m->iim_md5);
	return rc;
}
