/* read.c - one photo file, from open to struct capcat_photo. */
#include "capcat/read.h"
#include "capcat/container.h"
#include "capcat/exif.h"
#include "capcat/ident.h"
#include "capcat/iptc.h"
#include "capcat/util.h"
#include "capcat/xmp.h"
#include "rd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct capcat_reader {
	struct capcat_ident *ident;
	unsigned char *head;
	size_t head_len;                /* of the last file read */
	struct capcat_folder folder;    /* of the last file read (openat) */
};

int capcat_reader_new(struct capcat_reader **out, struct capcat_err *err)
{
	struct capcat_reader *r = calloc(1, sizeof(*r));
	int rc;

	if (!r || !(r->head = malloc(CAPCAT_RD_HEAD))) {
		free(r);
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	}
	r->folder.fd = -1;
	rc = capcat_ident_open(&r->ident, err);
	if (rc) {
		capcat_reader_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void capcat_reader_free(struct capcat_reader *r)
{
	if (!r)
		return;
	capcat_ident_close(r->ident);
	capcat_folder_release(&r->folder);
	free(r->head);
	free(r);
}

/* One step of a multiply-xor lane. */
static uint64_t fp_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xFF51AFD7ED558CCDull;
	return h ^ h >> 32;
}

static capcat_fingerprint fp_finish(uint64_t h, const unsigned char *tail, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ tail[i]) * 0x100000001B3ull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return h;
}

/* A lane's step: the 128-bit product folded to 64 bits (no vector unit
 * has it, so the compiler keeps the lanes on the scalar multiplier). */
static uint64_t fp_lane(uint64_t h, uint64_t w)
{
	unsigned __int128 p = (unsigned __int128)(h ^ w) * 0x9FB21C651E98DF25ull;

	return (uint64_t)p ^ (uint64_t)(p >> 64);
}

capcat_fingerprint capcat_fingerprint_of(const unsigned char *head, size_t len,
					 int64_t size)
{
	/* a content identity, not a MAC.  Four lanes, seeded apart, take a
	 * word in turn: one lane's multiplies wait for each other (the
	 * version 1 fingerprint below: 16 us for the 64 KiB of a camera
	 * JPEG, an eighth of an import); four keep the multiplier busy */
	uint64_t h0 = 0x9E3779B97F4A7C15ull ^ (uint64_t)size, h1 = 0xC2B2AE3D27D4EB4Full,
		 h2 = 0x165667B19E3779F9ull, h3 = 0x27D4EB2F165667C5ull, w[4];
	size_t i = 0;

	for (; i + 32 <= len; i += 32) {   /* the lanes apart: kept in registers */
		memcpy(w, head + i, 32);
		h0 = fp_lane(h0, w[0]);
		h1 = fp_lane(h1, w[1]);
		h2 = fp_lane(h2, w[2]);
		h3 = fp_lane(h3, w[3]);
	}
	h0 = fp_mix(fp_mix(fp_mix(h0, h1), h2), h3);
	for (; i + 8 <= len; i += 8) {
		memcpy(w, head + i, 8);
		h0 = fp_mix(h0, w[0]);
	}
	return fp_finish(h0, head + i, len - i);
}

capcat_fingerprint capcat_fingerprint_v1_of(const unsigned char *head, size_t len,
					    int64_t size)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)size;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, head + i, 8);
		h = fp_mix(h, w);
	}
	return fp_finish(h, head + i, len - i);
}

/* What the container said outside EXIF fills what EXIF did not say. */
static int take_facts(struct capcat_photo *ph, const struct capcat_photo *f)
{
	int rc = 0;

	if (!ph->make && f->make)
		rc |= capcat_photo_set_str(&ph->make, f->make, strlen(f->make));
	if (!ph->model && f->model)
		rc |= capcat_photo_set_str(&ph->model, f->model, strlen(f->model));
	if (!ph->taken && f->taken)
		rc |= capcat_photo_set_str(&ph->taken, f->taken, strlen(f->taken));
	if (!ph->orientation)
		ph->orientation = f->orientation;
	return rc ? CAPCAT_ENOMEM : 0;
}

static int take_thumb(struct capcat_photo *ph, const struct capcat_buf *thumb)
{
	if (ph->thumb || !thumb->len)
		return 0;
	if (!(ph->thumb = malloc(thumb->len)))
		return CAPCAT_ENOMEM;
	memcpy(ph->thumb, thumb->data, thumb->len);
	ph->thumb_len = thumb->len;
	return 0;
}

/* IPTC and XMP found in the file; damage is a warning, not a failure. */
static int read_descriptive(struct capcat_photo *ph, const struct capcat_blocks *bl)
{
	const unsigned char *iptc = (const unsigned char *)bl->iptc.data;
	struct capcat_err e = { 0 };
	int rc = 0;

	if (bl->iptc.len)
		rc = iptc[0] == 0x1C ? capcat_iptc_read_iim(&ph->meta, iptc, bl->iptc.len, &e)
				     : capcat_iptc_read_irb(&ph->meta, iptc, bl->iptc.len, &e);
	if (!rc && bl->xmp.len) {
		rc = capcat_xmp_read(&ph->meta, CAPCAT_SRC_XMP, bl->xmp.data, bl->xmp.len,
				     (const unsigned char *)bl->xmp_ext.data, bl->xmp_ext.len, &e);
		if (rc == CAPCAT_EFORMAT) {
			capcat_photo_warn(ph, "%s", e.msg);
			rc = 0;
		}
	}
	return rc;
}

/* No EXIF date: the IPTC/XMP Date Created, when it has a time of day
 * ("2006-10-29T06:27:51-05:00"); a bare date is not a capture time. */
static int taken_from_meta(struct capcat_photo *ph)
{
	const char *v[1];
	enum capcat_source src;
	int h, m;

	if (ph->taken || !capcat_meta_effective(&ph->meta, CAPCAT_F_DATE_CREATED, v, 1, &src))
		return 0;
	/* XMP often keeps the date alone while IIM 2:60 has the time */
	for (size_t i = 0; strlen(v[0]) < 19 && i < ph->meta.n; i++) {
		const struct capcat_meta_value *c = &ph->meta.v[i];
		if (c->field == CAPCAT_F_DATE_CREATED && strlen(c->value) >= 19 &&
		    !strncmp(c->value, v[0], 10))
			v[0] = c->value;
	}
	if (strlen(v[0]) < 19 || v[0][10] != 'T' || v[0][13] != ':' || v[0][16] != ':')
		return 0;
	if (capcat_photo_set_str(&ph->taken, v[0], 19))
		return CAPCAT_ENOMEM;
	/* the offset may follow fractional seconds: "...:53.06+01:00" */
	for (const char *s = v[0] + 19; *s; s++) {
		if ((*s == '+' || *s == '-') && sscanf(s + 1, "%2d:%2d", &h, &m) == 2) {
			ph->has_offset = 1;
			ph->offset_min = (*s == '-' ? -1 : 1) * (h * 60 + m);
			break;
		}
		if (*s == 'Z') {
			ph->has_offset = 1;
			ph->offset_min = 0;
			break;
		}
	}
	return 0;
}

/* Sidecars: "IMG_1.jpg.xmp" (darktable, digiKam) and "IMG_1.xmp" (Lightroom,
 * Photo Mechanic), either case of extension. */
static int read_sidecars(struct capcat_photo *ph, const char *path)
{
	static const char *const ext[] = { ".xmp", ".XMP" };
	struct capcat_buf name = CAPCAT_BUF_INIT, xml = CAPCAT_BUF_INIT;
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
	int rc = 0;

	for (int form = 0; form < 2 && !rc; form++) {
		for (int e = 0; e < 2 && !rc; e++) {
			struct capcat_err err = { 0 };
			capcat_buf_reset(&name);
			capcat_buf_add(&name, path, form ? stem : strlen(path));
			capcat_buf_adds(&name, ext[e]);
			capcat_buf_reset(&xml);
			if (capcat_read_small_file(&xml, name.data, 16u << 20) != 0)
				continue;
			rc = capcat_xmp_read(&ph->meta, CAPCAT_SRC_SIDECAR, xml.data, xml.len,
					     NULL, 0, &err);
			if (rc == CAPCAT_EFORMAT) {
				capcat_photo_warn(ph, "sidecar %s: %s", name.data, err.msg);
				rc = 0;
			}
			form = 2;       /* the first sidecar found is the one */
			break;
		}
	}
	capcat_buf_release(&name);
	capcat_buf_release(&xml);
	return rc;
}

/* The container and EXIF of an identified image. */
static int read_image(struct capcat_photo *ph, struct capcat_rd *rd,
		      enum capcat_format fmt, unsigned flags, struct capcat_err *err)
{
	struct capcat_blocks bl;
	int rc;

	capcat_blocks_init(&bl);
	rc = capcat_container_read(&bl, rd, fmt, err);
	if (rc == CAPCAT_EFORMAT)
		rc = 0;                 /* bl.damage says it; keep what was found */
	if (rc)
		goto cleanup;
	ph->width = bl.width;
	ph->height = bl.height;
	rc = capcat_exif_read(ph, &fmt, &bl, rd, err);
	if (rc)
		goto cleanup;
	rc = take_facts(ph, &bl.facts);
	if (!rc)
		rc = take_thumb(ph, &bl.thumb);
	if (!rc)
		rc = read_descriptive(ph, &bl);
	if (!rc && !(flags & CAPCAT_READ_NO_SIDECARS))
		rc = read_sidecars(ph, ph->path);
	if (!rc)
		rc = taken_from_meta(ph);
	if (rc) {
		rc = capcat_err_set(err, rc, "out of memory");
		goto cleanup;
	}
	if (bl.damage)
		capcat_photo_warn(ph, "%s", bl.damage);
	/* a thumbnail that is not a decodable JPEG frame is no thumbnail */
	if (ph->thumb && capcat_jpeg_mem_size(ph->thumb, ph->thumb_len, &ph->thumb_width,
					      &ph->thumb_height) != 0) {
		free(ph->thumb);
		ph->thumb = NULL;
		ph->thumb_len = 0;
		capcat_photo_warn(ph, "embedded thumbnail is not a JPEG image");
	}
	if (rd->io_error) {
		rc = capcat_err_set(err, CAPCAT_EIO, "%s", strerror(rd->io_error));
		goto cleanup;
	}
	if (capcat_photo_set_str(&ph->mime, capcat_format_mime(fmt), strlen(capcat_format_mime(fmt)))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (bl.damage && !ph->width && !ph->make && !ph->taken)
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "%s", bl.damage);
cleanup:
	capcat_blocks_release(&bl);
	return rc;
}

const unsigned char *capcat_reader_head(const struct capcat_reader *r, size_t *len)
{
	*len = r->head_len;
	return r->head;
}

int capcat_reader_read(struct capcat_reader *r, struct capcat_photo *ph,
		       const char *path, unsigned flags, struct capcat_err *err)
{
	struct capcat_rd rd = { .fd = -1 };
	enum capcat_format fmt;
	const char *mime = NULL;
	struct stat st;
	const char *name;
	int dir, rc;

	capcat_photo_release(ph);
	r->head_len = 0;
	if (capcat_photo_set_str(&ph->path, path, strlen(path)))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	dir = capcat_folder_of(&r->folder, path, &name);
	rc = capcat_rd_open_at(&rd, dir, name, path, r->head, &st, err);
	if (rc)
		goto cleanup;
	r->head_len = rd.head_len;
	ph->size = st.st_size;
	ph->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	ph->fingerprint = capcat_fingerprint_of(rd.head, rd.head_len, st.st_size);
	fmt = capcat_ident_buffer(r->ident, rd.head, rd.head_len, &mime);
	if (fmt == CAPCAT_FMT_NONE) {
		capcat_photo_set_str(&ph->mime, mime ? mime : "application/octet-stream",
				     strlen(mime ? mime : "application/octet-stream"));
		rc = CAPCAT_EUNSUPPORTED;
		goto cleanup;
	}
	rc = read_image(ph, &rd, fmt, flags, err);
	if (rc && err)
		snprintf(err->path, sizeof(err->path), "%s", path);
cleanup:
	capcat_rd_close(&rd);
	return rc;
}
