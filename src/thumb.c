/* thumb.c - thumbnails: find the image, decode it small, turn it upright,
 * encode it (the only TurboJPEG user).
 *
 * A JPEG file is read whole (at most FILE_MAX bytes) and decoded with DCT
 * scaling.  Other formats give their embedded JPEGs, found by the container
 * walk (RAF and CR3 previews, CR3's THMB) and in their TIFF IFDs (IFD0, the
 * IFD chain, SubIFDs: JPEGInterchangeFormat, single-strip JPEG-compressed
 * images, Panasonic's JpgFromRaw); the largest one TurboJPEG decodes wins.
 * The decoded pixels are area-averaged to exactly 'size' on the long side,
 * turned by the EXIF orientation and compressed at quality 80, 4:2:0.
 */
#include "capcat/thumb.h"
#include "capcat/container.h"
#include "capcat/ident.h"
#include "rd.h"
#include "thumb_int.h"
#include "tiff.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <turbojpeg.h>
#include <unistd.h>

#define FILE_MAX ((int64_t)256 << 20)   /* a JPEG read whole, at most */
#define PIXELS_MAX ((int64_t)1 << 29)   /* 512 megapixels: refuse bigger */
#define COEFS_MAX ((int64_t)512 << 20)  /* a whole-image coefficient buffer, bytes */
#define THUMB_MAX 8192                  /* the largest 'size' */
#define QUALITY 80
#define MAX_CANDS 16
#define MAX_IFDS 32
#define MAX_SEGMENTS 4096
#define DECODE_FLAGS (TJFLAG_FASTDCT | TJFLAG_FASTUPSAMPLE | TJFLAG_LIMITSCANS)

/* Packed pixels, 'bpp' bytes each (3: RGB, 4: CMYK), rows unpadded. */
struct img {
	unsigned char *px;
	int w, h, bpp;
};

void capcat_thumb_init(struct capcat_thumb *t)
{
	memset(t, 0, sizeof(*t));
}

void capcat_thumb_release(struct capcat_thumb *t)
{
	free(t->jpeg);
	capcat_thumb_init(t);
}

/* ---- decoding ---- */

int capcat_thumb__scale_for(int w, int h, int size, int *num, int *denom)
{
	int n = 0, longest = w > h ? w : h, best = -1, best_len = 0;
	tjscalingfactor *sf = tjGetScalingFactors(&n);

	for (int i = 0; sf && i < n; i++) {
		tjscalingfactor f = sf[i];
		int len = TJSCALED(longest, f);
		/* 1/2, 1/4 and 1/8 only: libjpeg-turbo has SIMD code for those
		 * (and 1/1); 5/8 of a 500-pixel image took longer to decode in
		 * plain C than the whole image and a resize from 500 pixels */
		if (f.num != 1 || f.num > f.denom || len < size)
			continue;
		if (best < 0 || len < best_len) {
			best = i;
			best_len = len;
		}
	}
	if (best < 0) {
		*num = *denom = 1;
		return longest;
	}
	*num = sf[best].num;
	*denom = sf[best].denom;
	return best_len;
}

/* TurboJPEG's complaint as an error: lowercase, no trailing period. */
static int tj_err(tjhandle tj, struct capcat_err *err, int code, const char *what)
{
	char msg[200];
	size_t n;

	snprintf(msg, sizeof(msg), "%s", tjGetErrorStr2(tj));
	n = strlen(msg);
	while (n && (msg[n - 1] == '.' || msg[n - 1] == '\n'))
		msg[--n] = '\0';
	msg[0] = (char)tolower((unsigned char)msg[0]);
	return capcat_err_set(err, code, "%s: %s", what, msg);
}

/* A warning is only a warning, except the end of the data: a file cut
 * short decodes to grey and is damaged, not a thumbnail. */
static int decode_failed(tjhandle tj)
{
	return tjGetErrorCode(tj) == TJERR_FATAL ||
	       strstr(tjGetErrorStr2(tj), "Premature end") != NULL;
}

/* Adobe CMYK JPEGs store inverted values: R = C * K / 255. */
static void cmyk_to_rgb(struct img *im)
{
	size_t n = (size_t)im->w * (size_t)im->h;
	unsigned char *d = im->px;

	for (size_t i = 0; i < n; i++) {
		const unsigned char *s = im->px + i * 4;
		unsigned k = s[3];
		unsigned char r = (unsigned char)(s[0] * k / 255), g = (unsigned char)(s[1] * k / 255),
			      b = (unsigned char)(s[2] * k / 255);
		d[0] = r;
		d[1] = g;
		d[2] = b;
		d += 3;
	}
	im->bpp = 3;
}

/* The bytes of DCT coefficients libjpeg keeps for the whole image when it
 * cannot decode scan by scan: a progressive frame, or a first scan that
 * leaves components out.  0 when it decodes one row of blocks at a time.
 * It is 2 bytes a sample, whatever the scale asked for, so a frame header
 * of a few bytes could make it gigabytes. */
static int64_t coef_bytes(const unsigned char *p, size_t len)
{
	const unsigned char *sof = NULL;
	size_t off = 2;
	int64_t bytes = 0;
	int hmax = 1, vmax = 1, ncomp;

	for (int n = 0; n < MAX_SEGMENTS && off + 4 <= len && p[off] == 0xFF; n++) {
		int m = p[off + 1];
		size_t seg = (size_t)p[off + 2] << 8 | p[off + 3];
		if (m == 0xFF || m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
			off += m == 0xFF ? 1 : 2;
			continue;
		}
		if (seg < 2 || off + 2 + seg > len)
			return 0;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC && seg >= 8 &&
		    !sof)
			sof = p + off;
		if (m == 0xDA && sof && seg >= 3)
			break;
		off += 2 + seg;
	}
	if (!sof || off + 4 >= len || p[off + 1] != 0xDA)
		return 0;
	ncomp = sof[9];
	if ((size_t)(sof[2] << 8 | sof[3]) < 8 + 3 * (size_t)ncomp)
		return 0;
	/* progressive: SOF2, SOF6, SOF10, SOF14 */
	if ((sof[1] & 3) != 2 && p[off + 4] >= ncomp)
		return 0;
	for (int i = 0; i < ncomp; i++) {
		int hv = sof[11 + 3 * i];
		hmax = (hv >> 4) > hmax ? hv >> 4 : hmax;
		vmax = (hv & 15) > vmax ? hv & 15 : vmax;
	}
	for (int i = 0; i < ncomp; i++) {
		int hv = sof[11 + 3 * i];
		int64_t w = (int64_t)(sof[7] << 8 | sof[8]) * (hv >> 4) / hmax + 8;
		int64_t h = (int64_t)(sof[5] << 8 | sof[6]) * (hv & 15) / vmax + 8;
		bytes += w * h * 2;
	}
	return bytes;
}

/* Decode 'jpeg' at the DCT scale that still covers 'size'; RGB. */
static int decode(struct img *out, const unsigned char *jpeg, size_t len, int size,
		  struct capcat_err *err)
{
	tjhandle tj = tjInitDecompress();
	tjscalingfactor sf;
	int w = 0, h = 0, samp, cs, pf, rc = 0;

	if (!tj)
		return capcat_err_set(err, CAPCAT_ENOMEM, "cannot start the JPEG decoder");
	if (tjDecompressHeader3(tj, jpeg, (unsigned long)len, &w, &h, &samp, &cs)) {
		rc = tj_err(tj, err, CAPCAT_EFORMAT, "not a JPEG image");
		goto cleanup;
	}
	if (w <= 0 || h <= 0) {         /* tables only: no frame */
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "no image in the JPEG data");
		goto cleanup;
	}
	if ((int64_t)w * h > PIXELS_MAX) {
		rc = capcat_err_set(err, CAPCAT_EUNSUPPORTED, "image too large (%d x %d)", w, h);
		goto cleanup;
	}
	if (coef_bytes(jpeg, len) > COEFS_MAX) {
		rc = capcat_err_set(err, CAPCAT_EUNSUPPORTED,
				    "progressive or multi-scan image too large (%d x %d)", w, h);
		goto cleanup;
	}
	capcat_thumb__scale_for(w, h, size, &sf.num, &sf.denom);
	out->w = TJSCALED(w, sf);
	out->h = TJSCALED(h, sf);
	pf = cs == TJCS_CMYK || cs == TJCS_YCCK ? TJPF_CMYK : TJPF_RGB;
	out->bpp = tjPixelSize[pf];
	if (!(out->px = malloc((size_t)out->w * (size_t)out->h * (size_t)out->bpp))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (tjDecompress2(tj, jpeg, (unsigned long)len, out->px, out->w, 0, out->h, pf,
			  DECODE_FLAGS) && decode_failed(tj)) {
		rc = tj_err(tj, err, CAPCAT_EFORMAT, "damaged JPEG image");
		goto cleanup;
	}
	if (pf == TJPF_CMYK)
		cmyk_to_rgb(out);
cleanup:
	if (rc) {
		free(out->px);
		out->px = NULL;
	}
	tjDestroy(tj);
	return rc;
}

int capcat_thumb__decode(unsigned char **rgb, int *w, int *h, const unsigned char *jpeg,
			 size_t len, struct capcat_err *err)
{
	struct img im = { 0 };
	int rc = decode(&im, jpeg, len, INT_MAX, err);

	if (rc)
		return rc;
	*rgb = im.px;
	*w = im.w;
	*h = im.h;
	return 0;
}

/* ---- resizing: an area-average (box) filter, both directions ---- */

/* Output pixel i covers source pixels [i * src / dst, (i + 1) * src / dst):
 * each source pixel weighs what it overlaps of that span.  Weights are
 * fixed-point, WEIGHT_ONE in all for each output pixel, so that sums of
 * bytes stay in 32 bits and the compiler can vectorise the column pass. */
#define WEIGHT_BITS 14
#define WEIGHT_ONE (1 << WEIGHT_BITS)
#define MID_BITS 6                      /* a column sum keeps 6 bits of fraction */

struct taps {
	int *first, *n;
	int32_t *w;                     /* n[i] weights at w + i * stride */
	int stride;
};

static void taps_release(struct taps *t)
{
	free(t->first);
	free(t->n);
	free(t->w);
}

/* The weights of output pixel 'i' into w[0..k), rounded so that they add
 * up to WEIGHT_ONE exactly (the largest one takes the rounding). */
static double overlap(double a, double b, int px)
{
	double lo = a > px ? a : px, hi = b < px + 1 ? b : px + 1;

	return hi > lo ? hi - lo : 0;
}

static int taps_one(int32_t *w, int stride, int src, double a, double step)
{
	double b = a + step, sum = 0;
	int s = (int)a < src ? (int)a : src - 1, k, big = 0, total = 0;

	for (k = 0; k < stride && s + k < src && (k == 0 || s + k < b); k++)
		sum += overlap(a, b, s + k);
	for (int j = 0; j < k; j++) {
		double f = sum > 0 ? overlap(a, b, s + j) / sum : 1.0 / k;
		w[j] = (int32_t)lround(f * WEIGHT_ONE);
		total += w[j];
		big = w[j] > w[big] ? j : big;
	}
	w[big] += WEIGHT_ONE - total;
	return k;
}

static int taps_make(struct taps *t, int src, int dst)
{
	double step = (double)src / dst;

	t->stride = (int)ceil(step) + 2;
	t->first = malloc((size_t)dst * sizeof(*t->first));
	t->n = malloc((size_t)dst * sizeof(*t->n));
	t->w = calloc((size_t)dst * (size_t)t->stride, sizeof(*t->w));  /* unused taps: 0 */
	if (!t->first || !t->n || !t->w)
		return CAPCAT_ENOMEM;
	for (int i = 0; i < dst; i++) {
		double a = i * step;
		t->first[i] = (int)a < src ? (int)a : src - 1;
		t->n[i] = taps_one(t->w + (size_t)i * (size_t)t->stride, t->stride, src, a, step);
	}
	return 0;
}

/* Output row 'y' of the column pass: the source rows it spans, weighed,
 * into 'col' (im->w RGB sums with MID_BITS of fraction). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void col_sums(const struct img *im, const struct taps *ty, int y, int32_t *col)
{
	const int32_t *w = ty->w + (size_t)y * (size_t)ty->stride;
	size_t n = (size_t)im->w * 3;
	const unsigned char *src = im->px + (size_t)ty->first[y] * n;

	for (size_t i = 0; i < n; i++)
		col[i] = w[0] * src[i];
	for (int k = 1; k < ty->n[y]; k++) {
		src += n;
		for (size_t i = 0; i < n; i++)
			col[i] += w[k] * src[i];
	}
	for (size_t i = 0; i < n; i++)
		col[i] = (col[i] + (1 << (WEIGHT_BITS - MID_BITS - 1))) >> (WEIGHT_BITS - MID_BITS);
}

/* The same loops built for AVX2 too (8 samples an instruction instead of
 * 2 with SSE2's 32-bit multiplies), chosen at run time by what the CPU
 * has: not by an ifunc, whose resolver runs before the sanitizers'
 * runtimes are up. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
static void col_plain(const struct img *im, const struct taps *ty, int y, int32_t *col)
{
	col_sums(im, ty, y, col);
}

__attribute__((target("avx2")))
static void col_avx2(const struct img *im, const struct taps *ty, int y, int32_t *col)
{
	col_sums(im, ty, y, col);
}

static void resize_col(const struct img *im, const struct taps *ty, int y, int32_t *col)
{
	if (__builtin_cpu_supports("avx2"))
		col_avx2(im, ty, y, col);
	else
		col_plain(im, ty, y, col);
}
#else
static void resize_col(const struct img *im, const struct taps *ty, int y, int32_t *col)
{
	col_sums(im, ty, y, col);
}
#endif

/* The row pass over one summed row: every output pixel takes 'k' taps
 * (unused ones weigh 0, and 'col' has k pixels of zeros past its end), so
 * that with k a constant the compiler unrolls the taps. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void resize_row(const int32_t *col, const struct taps *tx, int dw, int k,
			      unsigned char *out)
{
	const int shift = WEIGHT_BITS + MID_BITS;

	for (int x = 0; x < dw; x++, out += 3) {
		const int32_t *w = tx->w + (size_t)x * (size_t)tx->stride;
		const int32_t *c = col + (size_t)tx->first[x] * 3;
		int32_t r = 1 << (shift - 1), g = r, b = r;
		for (int i = 0; i < k; i++, c += 3) {
			r += w[i] * c[0];
			g += w[i] * c[1];
			b += w[i] * c[2];
		}
		out[0] = (unsigned char)(r >> shift);
		out[1] = (unsigned char)(g >> shift);
		out[2] = (unsigned char)(b >> shift);
	}
}

/* Columns first (whole rows at a time: vectorised), then the row pass on
 * the one summed row; weights add up to one, so nothing overflows 255. */
static void resize_into(const struct img *im, const struct taps *tx, const struct taps *ty,
			int dw, int dh, int32_t *col, unsigned char *out)
{
	for (int y = 0; y < dh; y++, out += (size_t)dw * 3) {
		resize_col(im, ty, y, col);
		switch (tx->stride) {   /* a reduction by up to 2, 3 or 4 */
		case 4: resize_row(col, tx, dw, 4, out); break;
		case 5: resize_row(col, tx, dw, 5, out); break;
		case 6: resize_row(col, tx, dw, 6, out); break;
		default: resize_row(col, tx, dw, tx->stride, out); break;
		}
	}
}

static int resize(struct img *im, int dw, int dh)
{
	struct taps tx = { 0 }, ty = { 0 };
	int32_t *col = NULL;
	unsigned char *out = NULL;
	int rc = CAPCAT_ENOMEM;

	if (dw == im->w && dh == im->h)
		return 0;
	if (taps_make(&tx, im->w, dw) || taps_make(&ty, im->h, dh) ||
	    !(col = calloc((size_t)im->w + (size_t)tx.stride, 3 * sizeof(*col))) ||
	    !(out = malloc((size_t)dw * (size_t)dh * 3)))
		goto cleanup;
	resize_into(im, &tx, &ty, dw, dh, col, out);
	free(im->px);
	im->px = out;
	out = NULL;
	im->w = dw;
	im->h = dh;
	rc = 0;
cleanup:
	taps_release(&tx);
	taps_release(&ty);
	free(col);
	free(out);
	return rc;
}

/* ---- orientation ---- */

/* Where output pixel (x, y) of the upright image comes from in a stored
 * w x h image with EXIF orientation 'o'. */
static void source_of(int o, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - x; *sy = y; break;                /* mirror */
	case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;        /* rotate 180 */
	case 4: *sx = x; *sy = h - 1 - y; break;                /* flip */
	case 5: *sx = y; *sy = x; break;                        /* transpose */
	case 6: *sx = y; *sy = h - 1 - x; break;                /* rotate 90 cw */
	case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;        /* transverse */
	case 8: *sx = w - 1 - y; *sy = x; break;                /* rotate 270 cw */
	default: *sx = x; *sy = y; break;
	}
}

static int orient(struct img *im, int o)
{
	int ow = o >= 5 ? im->h : im->w, oh = o >= 5 ? im->w : im->h;
	unsigned char *out, *d;

	if (o < 2 || o > 8)
		return 0;
	if (!(out = malloc((size_t)ow * (size_t)oh * 3)))
		return CAPCAT_ENOMEM;
	d = out;
	for (int y = 0; y < oh; y++) {
		for (int x = 0; x < ow; x++, d += 3) {
			int sx, sy;
			source_of(o, im->w, im->h, x, y, &sx, &sy);
			memcpy(d, im->px + ((size_t)sy * (size_t)im->w + (size_t)sx) * 3, 3);
		}
	}
	free(im->px);
	im->px = out;
	im->w = ow;
	im->h = oh;
	return 0;
}

/* ---- encoding ---- */

static int encode(struct capcat_thumb *out, const struct img *im, struct capcat_err *err)
{
	tjhandle tj = tjInitCompress();
	unsigned long cap = tjBufSize(im->w, im->h, TJSAMP_420), len = cap;
	unsigned char *buf = NULL, *p;
	int rc = 0;

	if (!tj || cap == (unsigned long)-1 || !(buf = malloc(cap))) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (tjCompress2(tj, im->px, im->w, 0, im->h, TJPF_RGB, &buf, &len, TJSAMP_420, QUALITY,
			TJFLAG_NOREALLOC)) {
		rc = tj_err(tj, err, CAPCAT_ERROR, "cannot encode the thumbnail");
		goto cleanup;
	}
	if ((p = realloc(buf, len)))
		buf = p;
	out->jpeg = buf;
	out->len = len;
	out->width = im->w;
	out->height = im->h;
	buf = NULL;
cleanup:
	free(buf);
	if (tj)
		tjDestroy(tj);
	return rc;
}

/* ---- small images, as they are ---- */

/* A JPEG no larger than the thumbnail, upright, that any browser shows
 * (8-bit Huffman-coded, baseline or progressive, grey or three
 * components, whole up to its EOI) is its own thumbnail: its frame is
 * copied without the APPn and COM segments (EXIF, XMP, IPTC: the file's
 * metadata, not the image), Adobe's APP14 kept (it says how to read the
 * colours).  Lossless, and decoding and encoding it again cost 100,000
 * instructions for an 8-pixel image.  1 when 't' was made so. */
/* What as_is() does with a segment before the first scan: 1 copy it, 0
 * leave it out (metadata), -1 give up (a frame browsers may not show, or
 * larger than 'size'; *w, *h: the frame's size). */
static int as_is_segment(const unsigned char *p, const struct capcat_jpeg_seg *sg, int size,
			 int *w, int *h)
{
	int m = sg->marker;
	size_t n = sg->end - sg->data;

	if (m >= 0xE0 && m <= 0xEF)     /* APPn: kept only Adobe's */
		return m == 0xEE && n >= 5 && !memcmp(p + sg->data, "Adobe", 5);
	if (m == 0xFE)                  /* COM */
		return 0;
	if (m < 0xC0 || m > 0xCF || m == 0xC4 || m == 0xC8 || m == 0xCC)
		return 1;               /* DQT, DHT, DRI...: the image's own */
	/* a frame: one, 8-bit, baseline, extended or progressive Huffman */
	if (*w || m > 0xC2 || n < 6 || p[sg->data] != 8 ||
	    (p[sg->data + 5] != 1 && p[sg->data + 5] != 3))
		return -1;
	*h = p[sg->data + 1] << 8 | p[sg->data + 2];
	*w = p[sg->data + 3] << 8 | p[sg->data + 4];
	return *w >= 1 && *h >= 1 && *w <= size && *h <= size ? 1 : -1;
}

static int as_is(struct capcat_thumb *t, const unsigned char *p, size_t len, int orientation,
		 int size)
{
	struct capcat_jpeg_seg sg;
	const char *why;
	size_t off = 2, n = 2;
	int w = 0, h = 0, keep;
	unsigned char *out;

	if (orientation > 1 || len < 4 || p[0] != 0xFF || p[1] != 0xD8 || p[len - 2] != 0xFF ||
	    p[len - 1] != 0xD9 || !(out = malloc(len)))
		return 0;
	memcpy(out, p, 2);
	for (int k = 0; k < MAX_SEGMENTS; k++, off = sg.end) {
		if (capcat_jpeg_next(&sg, p, len, off, &why) || sg.end > len)
			break;
		if (sg.marker == 0xFF)          /* a fill byte */
			continue;
		if (sg.marker == 0xDA && w) {   /* the scans, to the EOI: as they are */
			memcpy(out + n, p + off, len - off);
			t->jpeg = out;
			t->len = n + (len - off);
			t->width = w;
			t->height = h;
			return 1;
		}
		if (sg.data == sg.end || sg.marker == 0xDA ||   /* a marker alone, or no frame */
		    (keep = as_is_segment(p, &sg, size, &w, &h)) < 0)
			break;
		if (keep) {
			memcpy(out + n, p + off, sg.end - off);
			n += sg.end - off;
		}
	}
	free(out);
	return 0;
}

/* Decode, resize to exactly 'size' on the long side, orient, encode. */
static int thumb_from(struct capcat_thumb *out, const unsigned char *jpeg, size_t len,
		      int orientation, int size, const char *source, struct capcat_err *err)
{
	struct img im = { 0 };
	struct capcat_thumb t;
	int rc, dw, dh;

	if (size < 1 || size > THUMB_MAX)
		return capcat_err_set(err, CAPCAT_EUSAGE, "thumbnail size %d is not 1 to %d",
				      size, THUMB_MAX);
	capcat_thumb_init(&t);
	if (as_is(&t, jpeg, len, orientation, size)) {
		t.source = source;
		capcat_thumb_release(out);
		*out = t;
		return 0;
	}
	rc = decode(&im, jpeg, len, size, err);
	if (rc)
		return rc;
	/* never enlarged: a 120-pixel image gives a 120-pixel thumbnail */
	if (size > (im.w >= im.h ? im.w : im.h))
		size = im.w >= im.h ? im.w : im.h;
	dw = im.w >= im.h ? size : (int)lround((double)im.w * size / im.h);
	dh = im.w >= im.h ? (int)lround((double)im.h * size / im.w) : size;
	if ((rc = resize(&im, dw < 1 ? 1 : dw, dh < 1 ? 1 : dh)) ||
	    (rc = orient(&im, orientation)))
		rc = capcat_err_set(err, rc, "out of memory");
	else
		rc = encode(&t, &im, err);
	free(im.px);
	if (rc)
		return rc;
	t.source = source;
	capcat_thumb_release(out);
	*out = t;
	return 0;
}

int capcat_thumb_from_jpeg(struct capcat_thumb *out, const unsigned char *jpeg, size_t len,
			   int orientation, int size, struct capcat_err *err)
{
	return thumb_from(out, jpeg, len, orientation, size, "preview", err);
}

/* ---- embedded JPEGs ---- */

/* A JPEG inside the file (mem NULL: at 'off') or in a block in memory. */
struct cand {
	const unsigned char *mem;
	int64_t off;
	uint64_t len;
	int64_t area;                   /* from its frame header */
};

struct cands {
	struct cand c[MAX_CANDS];
	int n;
	struct capcat_rd *rd;
	struct capcat_buf scratch;
};

static const unsigned char *cand_get(struct cands *cs, const struct cand *c, uint64_t at,
				     size_t n)
{
	if (at > c->len || n > c->len - at)
		return NULL;
	if (c->mem)
		return c->mem + at;
	return capcat_rd_get(cs->rd, c->off + (int64_t)at, n, &cs->scratch);
}

/* The frame's area when it is a JPEG TurboJPEG decodes (baseline, extended
 * or progressive Huffman, 8 bits: not the lossless JPEG of raw data). */
static int frame_area(struct cands *cs, const struct cand *c, int64_t *area)
{
	const unsigned char *p = cand_get(cs, c, 0, 2);
	uint64_t at = 2;

	if (!p || p[0] != 0xFF || p[1] != 0xD8)
		return -1;
	for (int n = 0; n < MAX_SEGMENTS && (p = cand_get(cs, c, at, 4)); n++) {
		int m = p[1];
		if (p[0] != 0xFF)
			return -1;
		if (m == 0xFF || m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
			at += m == 0xFF ? 1 : 2;
			continue;
		}
		if (m == 0xDA || m == 0xD9 || capcat_be16(p + 2) < 2)
			return -1;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (m > 0xC2 || !(p = cand_get(cs, c, at + 4, 5)) || p[0] != 8)
				return -1;
			*area = (int64_t)capcat_be16(p + 1) * capcat_be16(p + 3);
			return *area > 0 ? 0 : -1;
		}
		at += 2 + (uint64_t)capcat_be16(p + 2);
	}
	return -1;
}

static void cand_add(struct cands *cs, const unsigned char *mem, int64_t off, uint64_t len)
{
	struct cand c = { mem, mem ? 0 : off, len, 0 };

	if (cs->n == MAX_CANDS || len < 4 || len > (uint64_t)FILE_MAX || (!mem && off < 0))
		return;
	for (int i = 0; i < cs->n; i++)
		if (cs->c[i].mem == c.mem && cs->c[i].off == c.off)
			return;
	if (frame_area(cs, &c, &c.area) == 0)
		cs->c[cs->n++] = c;
}

/* A JPEG at 'off' in a TIFF block (in memory or in the file). */
static void cand_add_tiff(struct cands *cs, const struct tiff_src *t, uint32_t off, uint64_t len)
{
	if (t->mem) {
		if (off < t->len && len <= t->len - off)
			cand_add(cs, t->mem + off, 0, len);
	} else {
		cand_add(cs, NULL, t->base + off, len);
	}
}

/* What one IFD says about the images it holds. */
struct ifd {
	uint32_t comp, strip_off, strip_len, nstrips, jif_off, jif_len, raw_off, raw_len;
	uint32_t sub[8], next;
	int nsub;
};

static void sub_ifds(struct tiff_src *t, struct ifd *f, uint16_t type, uint32_t count,
		     const unsigned char *e)
{
	const unsigned char *a = e + 8;

	if ((type != 4 && type != 13) || count == 0)
		return;
	if (count > 8)
		count = 8;
	if (count > 1 && !(a = tiff_get(t, tiff_u32(e + 8, t->le), (size_t)count * 4)))
		return;
	for (uint32_t i = 0; i < count && f->nsub < 8; i++)       /* the tag may repeat */
		f->sub[f->nsub++] = tiff_u32(a + i * 4, t->le);
}

static void ifd_entry(struct tiff_src *t, struct ifd *f, const unsigned char *e)
{
	uint16_t tag = tiff_u16(e, t->le), type = tiff_u16(e + 2, t->le);
	uint32_t count = tiff_u32(e + 4, t->le);
	uint32_t v = type == 3 ? tiff_u16(e + 8, t->le) : tiff_u32(e + 8, t->le);

	switch (tag) {
	case 0x0103: f->comp = v; break;                        /* Compression */
	case 0x0111: f->strip_off = v; f->nstrips = count; break;
	case 0x0117: f->strip_len = count == 1 ? v : 0; break;
	case 0x0201: f->jif_off = v; break;                     /* JPEGInterchangeFormat */
	case 0x0202: f->jif_len = v; break;
	case 0x002E:                                            /* Panasonic JpgFromRaw */
		if (type == 7 && count > 4) {
			f->raw_off = v;
			f->raw_len = count;
		}
		break;
	case 0x014A: sub_ifds(t, f, type, count, e); break;     /* SubIFDs */
	default: break;
	}
}

static int read_ifd(struct tiff_src *t, uint32_t off, struct ifd *f)
{
	unsigned char entries[TIFF_MAX_ENTRIES * 12];
	const unsigned char *p = tiff_get(t, off, 2);
	unsigned n;

	memset(f, 0, sizeof(*f));
	if (!p)
		return -1;
	n = tiff_u16(p, t->le);
	if (n > TIFF_MAX_ENTRIES)
		n = TIFF_MAX_ENTRIES;
	if (!(p = tiff_get(t, (uint64_t)off + 2, (size_t)n * 12)))
		return -1;
	memcpy(entries, p, (size_t)n * 12);     /* tiff_get's scratch is reused */
	p = tiff_get(t, (uint64_t)off + 2 + (uint64_t)n * 12, 4);
	f->next = p ? tiff_u32(p, t->le) : 0;
	for (unsigned i = 0; i < n; i++)
		ifd_entry(t, f, entries + (size_t)i * 12);
	return 0;
}

static void queue(uint32_t *todo, int *n, uint32_t off)
{
	if (!off || *n == MAX_IFDS)
		return;
	for (int i = 0; i < *n; i++)
		if (todo[i] == off)
			return;
	todo[(*n)++] = off;
}

/* Every IFD reachable from IFD0 through the chain and SubIFDs, each once. */
static void tiff_jpegs(struct cands *cs, struct tiff_src *t)
{
	const unsigned char *p = tiff_get(t, 0, 8);
	uint32_t todo[MAX_IFDS];
	int n = 0;

	if (!p || !((p[0] == 'I' && p[1] == 'I') || (p[0] == 'M' && p[1] == 'M')))
		return;
	t->le = p[0] == 'I';
	queue(todo, &n, tiff_u32(p + 4, t->le));
	for (int i = 0; i < n; i++) {
		struct ifd f;
		if (read_ifd(t, todo[i], &f))
			continue;
		if (f.jif_off && f.jif_len)
			cand_add_tiff(cs, t, f.jif_off, f.jif_len);
		if ((f.comp == 6 || f.comp == 7) && f.nstrips == 1 && f.strip_len)
			cand_add_tiff(cs, t, f.strip_off, f.strip_len);
		if (f.raw_len)
			cand_add_tiff(cs, t, f.raw_off, f.raw_len);
		queue(todo, &n, f.next);
		for (int k = 0; k < f.nsub; k++)
			queue(todo, &n, f.sub[k]);
	}
}

static int by_area_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->area < y->area ? 1 : x->area > y->area ? -1 : 0;
}

/* Load candidate 'c' (when it is in the file) and make the thumbnail. */
static int try_cand(struct capcat_thumb *out, struct cands *cs, const struct cand *c,
		    struct capcat_buf *data, int orientation, int size, struct capcat_err *err)
{
	int rc;

	if (c->mem)
		return thumb_from(out, c->mem, (size_t)c->len, orientation, size, "preview", err);
	capcat_buf_reset(data);
	rc = capcat_rd_append(cs->rd, c->off, (size_t)c->len, data);
	if (rc == CAPCAT_EIO)
		return capcat_err_set(err, rc, "%s", strerror(cs->rd->io_error));
	if (rc == CAPCAT_EFORMAT)
		return capcat_err_set(err, rc, "embedded JPEG runs past the end of the file");
	if (rc)
		return capcat_err_set(err, rc, "out of memory");
	return thumb_from(out, (const unsigned char *)data->data, data->len, orientation, size,
			  "preview", err);
}

/* Out of memory, unreadable, a bad size: no use trying another JPEG. */
static int stops(int rc)
{
	return rc == CAPCAT_ENOMEM || rc == CAPCAT_EIO || rc == CAPCAT_EUSAGE;
}

/* The largest candidate that decodes; if none does, the first failure (or
 * the one that stopped the search). */
static int try_cands(struct capcat_thumb *out, struct cands *cs, int orientation, int size,
		     struct capcat_err *err)
{
	struct capcat_buf data = CAPCAT_BUF_INIT;
	struct capcat_err first = { 0 };
	int rc = 0, first_rc = 0;

	qsort(cs->c, (size_t)cs->n, sizeof(cs->c[0]), by_area_desc);
	for (int i = 0; i < cs->n; i++) {
		struct capcat_err e = { 0 };
		rc = try_cand(out, cs, &cs->c[i], &data, orientation, size, &e);
		if (!rc)
			break;
		if (!first_rc || stops(rc)) {
			first_rc = rc;
			first = e;
		}
		if (stops(rc))
			break;
	}
	if (rc) {
		rc = first_rc;
		if (err)
			*err = first;
	}
	capcat_buf_release(&data);
	return rc;
}

/* Raw and TIFF files: their embedded JPEG previews and thumbnails. */
static int from_previews(struct capcat_thumb *out, struct capcat_rd *rd, enum capcat_format fmt,
			 int orientation, int size, struct capcat_err *err)
{
	struct capcat_blocks bl;
	struct cands *cs = calloc(1, sizeof(*cs));
	struct tiff_src t = { 0 };
	int rc;

	if (!cs)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	cs->rd = rd;
	capcat_blocks_init(&bl);
	rc = capcat_container_read(&bl, rd, fmt, err);
	if (rc && rc != CAPCAT_EFORMAT)
		goto cleanup;
	if (bl.preview_off >= 0 && bl.preview_len)
		cand_add(cs, NULL, bl.preview_off, bl.preview_len);
	if (bl.thumb.len)
		cand_add(cs, (const unsigned char *)bl.thumb.data, 0, bl.thumb.len);
	if (bl.exif_in_file) {
		t.rd = rd;
		t.base = bl.exif_file_off;
	} else {
		t.mem = (const unsigned char *)bl.exif.data;
		t.len = bl.exif.len;
	}
	if (t.rd || t.len)
		tiff_jpegs(cs, &t);
	if (cs->n)
		rc = try_cands(out, cs, orientation, size, err);
	else
		rc = capcat_err_set(err, CAPCAT_EUNSUPPORTED, "no embedded JPEG image in this %s file",
				    capcat_format_name(fmt));
cleanup:
	tiff_src_release(&t);
	capcat_buf_release(&cs->scratch);
	capcat_blocks_release(&bl);
	free(cs);
	return rc;
}

/* ---- files ---- */

static int from_jpeg_file(struct capcat_thumb *out, struct capcat_rd *rd, int orientation,
			  int size, struct capcat_err *err)
{
	struct capcat_buf data = CAPCAT_BUF_INIT;
	int rc;

	if (rd->size > FILE_MAX)
		return capcat_err_set(err, CAPCAT_EUNSUPPORTED, "JPEG file too large (%lld bytes)",
				      (long long)rd->size);
	rc = capcat_rd_append(rd, 0, (size_t)rd->size, &data);
	if (rc == CAPCAT_EIO)
		rc = capcat_err_set(err, rc, "%s", strerror(rd->io_error));
	else if (rc == CAPCAT_EFORMAT)
		rc = capcat_err_set(err, rc, "the file shrank while being read");
	else if (rc)
		rc = capcat_err_set(err, rc, "out of memory");
	else
		rc = thumb_from(out, (const unsigned char *)data.data, data.len, orientation, size,
				"made", err);
	capcat_buf_release(&data);
	return rc;
}

int capcat_thumb_make_mem(struct capcat_thumb *out, const unsigned char *file, size_t len,
			  int orientation, int size, struct capcat_err *err)
{
	if (capcat_ident_signature(file, len) != CAPCAT_FMT_JPEG)
		return capcat_err_set(err, CAPCAT_EUNSUPPORTED, "not a JPEG file");
	return thumb_from(out, file, len, orientation, size, "made", err);
}

int capcat_thumb_make(struct capcat_thumb *out, const char *path, int orientation, int size,
		      struct capcat_err *err)
{
	struct capcat_rd rd = { .fd = -1 };
	unsigned char *head = malloc(CAPCAT_RD_HEAD);
	enum capcat_format fmt;
	struct stat st;
	int rc = head ? capcat_rd_open(&rd, path, head, &st, err)
		      : capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");

	if (rc)
		goto cleanup;
	fmt = capcat_ident_signature(rd.head, rd.head_len);
	switch (fmt) {
	case CAPCAT_FMT_JPEG:
		rc = from_jpeg_file(out, &rd, orientation, size, err);
		break;
	case CAPCAT_FMT_NONE: case CAPCAT_FMT_PNG: case CAPCAT_FMT_WEBP: case CAPCAT_FMT_HEIF:
	case CAPCAT_FMT_GIF: case CAPCAT_FMT_BMP: case CAPCAT_FMT_JP2:
		rc = capcat_err_set(err, CAPCAT_EUNSUPPORTED, "no thumbnail from a %s file",
				    fmt == CAPCAT_FMT_NONE ? "non-image" : capcat_format_name(fmt));
		break;
	default:
		rc = from_previews(out, &rd, fmt, orientation, size, err);
		break;
	}
cleanup:
	if (rc && err)
		snprintf(err->path, sizeof(err->path), "%s", path);
	capcat_rd_close(&rd);
	free(head);
	return rc;
}
