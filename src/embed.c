/* embed.c - the XMP and IPTC of a JPEG rewritten, every other byte kept.
 *
 * The photo is read whole, walked with the one JPEG marker walk
 * (capcat_jpeg_next, jpeg.c) from SOI through the image data to EOI, and
 * described as a list of pieces: runs of the old file's bytes and the two
 * new segments.  The pieces are then joined in memory or written out with
 * capcat_file_replace().
 */
#include "capcat/embed.h"
#include "capcat/buf.h"
#include "capcat/container.h"
#include "capcat/iptc.h"
#include "capcat/sidecar.h"
#include "capcat/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* APP13 data per segment: 65533 bytes after the length, less the id */
#define PS_CHUNK (65533 - sizeof(ps_id))
/* A photo is read whole: beyond this it is refused rather than risked */
#define FILE_MAX ((size_t)1 << 30)

static const char xmp_id[] = "http://ns.adobe.com/xap/1.0/";   /* + NUL: 29 bytes */
static const char ps_id[] = "Photoshop 3.0";                   /* + NUL: 14 bytes */
static const char exif_id[] = "Exif\0";                         /* + NUL: 6 bytes */
static const char mpf_id[] = "MPF";                             /* + NUL */

struct plan {
	const unsigned char *in;
	size_t len;
	struct capcat_jpeg_seg *seg;    /* the units before the image data... */
	size_t nseg;                    /* ...and seg[nseg], its SOS */
	long xmp, ps_first, ps_last, mpf;       /* indexes into seg, -1: none */
	size_t insert;                  /* a new XMP goes before seg[insert] */
	struct capcat_buf xmp_seg, ps_seg;      /* the new segments */
	struct iovec *iov;              /* the new file */
	size_t niov;
};

static void plan_init(struct plan *pl, const unsigned char *in, size_t len)
{
	memset(pl, 0, sizeof(*pl));
	pl->in = in;
	pl->len = len;
	pl->xmp = pl->ps_first = pl->ps_last = pl->mpf = -1;
	capcat_buf_init(&pl->xmp_seg);
	capcat_buf_init(&pl->ps_seg);
}

static void plan_release(struct plan *pl)
{
	free(pl->seg);
	free(pl->iov);
	capcat_buf_release(&pl->xmp_seg);
	capcat_buf_release(&pl->ps_seg);
}

/* Whether segment 's' is a 'marker' segment whose data starts with 'id'. */
static int has_id(const struct plan *pl, const struct capcat_jpeg_seg *s, int marker,
		  const char *id, size_t idn)
{
	return s->marker == marker && s->end - s->data >= idn && !memcmp(pl->in + s->data, id, idn);
}

static int is_ps(const struct plan *pl, const struct capcat_jpeg_seg *s)
{
	return has_id(pl, s, 0xED, ps_id, sizeof(ps_id));
}

static void classify(struct plan *pl, size_t i)
{
	const struct capcat_jpeg_seg *s = &pl->seg[i];

	if (pl->xmp < 0 && has_id(pl, s, 0xE1, xmp_id, sizeof(xmp_id)))
		pl->xmp = (long)i;
	if (is_ps(pl, s)) {
		if (pl->ps_first < 0)
			pl->ps_first = (long)i;
		pl->ps_last = (long)i;
	}
	if (pl->mpf < 0 && has_id(pl, s, 0xE2, mpf_id, sizeof(mpf_id)))
		pl->mpf = (long)i;
	/* the leading JFIF and EXIF segments stay first */
	if (pl->insert == i && (s->marker == 0xE0 || has_id(pl, s, 0xE1, exif_id, sizeof(exif_id))))
		pl->insert = i + 1;
}

static int damaged(struct capcat_err *err, const char *why)
{
	return capcat_err_set(err, CAPCAT_EFORMAT, "damaged JPEG, not rewritten: %s", why);
}

/* Every unit from SOI to SOS into pl->seg, then the image data to EOI. */
static int walk(struct plan *pl, struct capcat_err *err)
{
	const char *why = NULL;
	size_t off = 2, end;

	if (!(pl->seg = malloc((CAPCAT_JPEG_MAX_SEGMENTS + 1) * sizeof(*pl->seg))))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	for (pl->nseg = 0;; pl->nseg++) {
		struct capcat_jpeg_seg *s;
		if (pl->nseg > CAPCAT_JPEG_MAX_SEGMENTS)
			return damaged(err, "too many JPEG segments");
		s = &pl->seg[pl->nseg];
		if (capcat_jpeg_next(s, pl->in, pl->len, off, &why))
			return damaged(err, why);
		if (s->end > pl->len)
			return damaged(err, "JPEG segment runs past the end of the file");
		if (s->marker == 0xD9)
			return damaged(err, "the file ends before the image data");
		if (s->marker == 0xDA)
			break;
		classify(pl, pl->nseg);
		off = s->end;
	}
	if (capcat_jpeg_image_end(&end, pl->in, pl->len, pl->seg[pl->nseg].end, &why))
		return damaged(err, why);
	return 0;
}

/* MPF offsets run from the MPF segment to the pictures after EOI: no
 * segment between the two may change size. */
static int check_mpf(const struct plan *pl, struct capcat_err *err)
{
	long xmp_at = pl->xmp >= 0 ? pl->xmp : (long)pl->insert;

	if (pl->mpf >= 0 && (xmp_at > pl->mpf || pl->ps_last > pl->mpf))
		return capcat_err_set(err, CAPCAT_EFORMAT,
				      "a multi-picture (MPF) index comes before the XMP or IPTC: "
				      "rewriting them would break its offsets");
	return 0;
}

/* A segment: marker, length, 'id' with its NUL, p[0..n). */
static int put_segment(struct capcat_buf *b, int marker, const char *id, size_t idn,
		       const void *p, size_t n)
{
	size_t len = 2 + idn + n;
	unsigned char h[4] = { 0xFF, (unsigned char)marker, (unsigned char)(len >> 8),
			       (unsigned char)len };

	if (capcat_buf_add(b, h, 4) || capcat_buf_add(b, id, idn) || capcat_buf_add(b, p, n))
		return CAPCAT_ENOMEM;
	return 0;
}

static int render_xmp(struct plan *pl, const struct capcat_meta *m, struct capcat_err *err)
{
	const char *old = NULL;
	char *pkt = NULL;
	size_t n = 0, pkt_len = 0;
	int rc;

	if (pl->xmp >= 0) {
		const struct capcat_jpeg_seg *s = &pl->seg[pl->xmp];
		old = (const char *)pl->in + s->data + sizeof(xmp_id);
		n = s->end - s->data - sizeof(xmp_id);
		while (n && !old[n - 1])        /* NUL padding some writers add */
			n--;
	}
	if ((rc = capcat_sidecar_render(&pkt, &pkt_len, old, n, m, err)))
		return rc;
	if (pkt_len > CAPCAT_EMBED_XMP_MAX)
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "the XMP packet would be %zu bytes, more than "
				    "the %d one JPEG segment holds (Extended XMP is not written)",
				    pkt_len, CAPCAT_EMBED_XMP_MAX);
	else if (put_segment(&pl->xmp_seg, 0xE1, xmp_id, sizeof(xmp_id), pkt, pkt_len))
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	free(pkt);
	return rc;
}

/* The Photoshop resources of all APP13 segments, joined, rewritten and
 * cut again into segments. */
static int render_ps(struct plan *pl, const struct capcat_meta *m, struct capcat_err *err)
{
	struct capcat_buf old, irb;
	int rc = 0;

	capcat_buf_init(&old);
	capcat_buf_init(&irb);
	for (long i = pl->ps_first; i >= 0 && i <= pl->ps_last && !rc; i++) {
		const struct capcat_jpeg_seg *s = &pl->seg[i];
		if (is_ps(pl, s))
			rc = capcat_buf_add(&old, pl->in + s->data + sizeof(ps_id),
					    s->end - s->data - sizeof(ps_id));
	}
	if (rc) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = capcat_iptc_write_irb(&irb, (const unsigned char *)old.data, old.len, m, err)))
		goto cleanup;
	for (size_t off = 0; off < irb.len && !rc; off += PS_CHUNK) {
		size_t n = irb.len - off < PS_CHUNK ? irb.len - off : PS_CHUNK;
		if (put_segment(&pl->ps_seg, 0xED, ps_id, sizeof(ps_id), irb.data + off, n))
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	}
cleanup:
	capcat_buf_release(&old);
	capcat_buf_release(&irb);
	return rc;
}

static void add_iov(struct plan *pl, const void *p, size_t n)
{
	pl->iov[pl->niov].iov_base = (void *)p;
	pl->iov[pl->niov].iov_len = n;
	pl->niov++;
}

static void add_new_xmp(struct plan *pl)
{
	add_iov(pl, pl->xmp_seg.data, pl->xmp_seg.len);
	if (pl->ps_first < 0)           /* a new APP13 follows the XMP */
		add_iov(pl, pl->ps_seg.data, pl->ps_seg.len);
}

/* The new file: SOI, the old units with the new segments in place of
 * the old, and the image data with whatever follows it. */
static int assemble(struct plan *pl, struct capcat_err *err)
{
	/* SOI, every unit, the new XMP and APP13 */
	if (!(pl->iov = calloc(pl->nseg + 4, sizeof(*pl->iov))))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	add_iov(pl, pl->in, 2);
	for (size_t i = 0; i <= pl->nseg; i++) {
		const struct capcat_jpeg_seg *s = &pl->seg[i];
		if (pl->xmp < 0 && i == pl->insert)
			add_new_xmp(pl);
		if (i == pl->nseg)
			add_iov(pl, pl->in + s->off, pl->len - s->off);
		else if ((long)i == pl->xmp)
			add_new_xmp(pl);
		else if ((long)i == pl->ps_first)
			add_iov(pl, pl->ps_seg.data, pl->ps_seg.len);
		else if (!is_ps(pl, s))
			add_iov(pl, pl->in + s->off, s->end - s->off);
	}
	return 0;
}

static int plan_make(struct plan *pl, const struct capcat_meta *m, struct capcat_err *err)
{
	int rc;

	if (pl->len < 3 || memcmp(pl->in, "\xFF\xD8\xFF", 3))
		return capcat_err_set(err, CAPCAT_EUNSUPPORTED, "not a JPEG file");
	if ((rc = walk(pl, err)) || (rc = check_mpf(pl, err)) || (rc = render_xmp(pl, m, err)) ||
	    (rc = render_ps(pl, m, err)))
		return rc;
	return assemble(pl, err);
}

int capcat_embed_render(unsigned char **out, size_t *out_len, const unsigned char *jpeg,
			size_t len, const struct capcat_meta *m, struct capcat_err *err)
{
	struct plan pl;
	unsigned char *p = NULL;
	size_t n = 0;
	int rc;

	plan_init(&pl, jpeg, len);
	if ((rc = plan_make(&pl, m, err)))
		goto cleanup;
	for (size_t i = 0; i < pl.niov; i++)
		n += pl.iov[i].iov_len;
	if (!(p = malloc(n ? n : 1))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	*out = p;
	*out_len = n;
	for (size_t i = 0; i < pl.niov; i++) {
		memcpy(p, pl.iov[i].iov_base, pl.iov[i].iov_len);
		p += pl.iov[i].iov_len;
	}
cleanup:
	plan_release(&pl);
	return rc;
}

static int io_err(struct capcat_err *err)
{
	return capcat_err_set(err, CAPCAT_EIO, "%s", strerror(errno));
}

/* Read from 'fd' until 'out' holds 'n' bytes or the file ends. */
static int read_upto(int fd, struct capcat_buf *out, size_t n)
{
	while (out->len < n) {
		ssize_t k = read(fd, out->data + out->len, n - out->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		out->len += (size_t)k;
	}
	return 0;
}

/* The whole photo into 'out' and its status into *st.  A file that is
 * not a JPEG is known by its first bytes, before the rest is read. */
static int read_photo(struct capcat_buf *out, struct stat *st, const char *path,
		      struct capcat_err *err)
{
	/* O_NONBLOCK: a FIFO named .jpg must not hang us */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t size;
	int rc = 0;

	if (fd < 0)
		return io_err(err);
	if (fstat(fd, st)) {
		rc = io_err(err);
		goto cleanup;
	}
	if (!S_ISREG(st->st_mode)) {
		rc = capcat_err_set(err, CAPCAT_EIO, "not a regular file");
		goto cleanup;
	}
	if ((uint64_t)st->st_size > FILE_MAX) {
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "larger than %zu MiB: not rewritten",
				    FILE_MAX >> 20);
		goto cleanup;
	}
	size = (size_t)st->st_size;
	/* one byte more than its size: a file still being written shows */
	if (capcat_buf_grow(out, size + 1)) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (read_upto(fd, out, 3)) {
		rc = io_err(err);
		goto cleanup;
	}
	if (out->len < 3 || memcmp(out->data, "\xFF\xD8\xFF", 3))
		goto cleanup;           /* not a JPEG: the render says so */
	if (read_upto(fd, out, size + 1))
		rc = io_err(err);
	else if (out->len != size)
		rc = capcat_err_set(err, CAPCAT_EIO, "the file changed while it was read");
cleanup:
	close(fd);
	return rc;
}

int capcat_embed_file(const char *path, const struct capcat_meta *m, struct capcat_err *err)
{
	struct capcat_buf in;
	struct stat st;
	struct plan pl;
	char *real = realpath(path, NULL);
	int rc;

	capcat_buf_init(&in);
	plan_init(&pl, NULL, 0);
	if (!real) {
		rc = io_err(err);
		goto cleanup;
	}
	if ((rc = read_photo(&in, &st, real, err)))
		goto cleanup;
	pl.in = (const unsigned char *)in.data;
	pl.len = in.len;
	if ((rc = plan_make(&pl, m, err)))
		goto cleanup;
	rc = capcat_file_replace(real, pl.iov, pl.niov, &st, err);
cleanup:
	if (rc && err)
		snprintf(err->path, sizeof(err->path), "%s", path);
	plan_release(&pl);
	capcat_buf_release(&in);
	free(real);
	return rc;
}

unsigned capcat_embed_exif_differs(const struct capcat_meta *file, const struct capcat_meta *m)
{
	static const enum capcat_field fields[] = { CAPCAT_F_CAPTION, CAPCAT_F_CREATOR,
						    CAPCAT_F_COPYRIGHT };
	unsigned out = 0;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *exif[1], *want = NULL;
		for (size_t k = 0; k < m->n && !want; k++)
			if (m->v[k].field == fields[i])
				want = m->v[k].value;
		if (want && capcat_meta_get(file, fields[i], CAPCAT_SRC_EXIF, exif, 1) &&
		    strcmp(exif[0], want))
			out |= 1u << fields[i];
	}
	return out;
}
