/* test_thumb.c - capcat_thumb_make / capcat_thumb_from_jpeg: the eight EXIF
 * orientations come out upright, DCT scaling, EXIF thumbnails from memory,
 * embedded previews of TIFF-based files (a TIFF built here: the corpus raw
 * files are stripped of theirs), RAF and CR3 previews, damaged and
 * unsupported files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/photo.h"
#include "capcat/read.h"
#include "capcat/thumb.h"
#include "thumb_int.h"

#include <stdlib.h>
#include <string.h>

/* Upright thumbnails of the same photo differ by JPEG noise only. */
#define MAX_MEAN_DIFF 8.0

static struct capcat_thumb make_ok(const char *path, int orientation, int size)
{
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	int rc;

	capcat_thumb_init(&t);
	rc = capcat_thumb_make(&t, path, orientation, size, &err);
	if (rc)
		fail_msg("%s: %d %s", path, rc, err.msg);
	assert_non_null(t.jpeg);
	assert_true(t.len > 100);
	return t;
}

static struct capcat_thumb corpus_thumb(const char *name, int orientation, int size)
{
	char *path = tu_corpus(name);
	struct capcat_thumb t = make_ok(path, orientation, size);

	free(path);
	return t;
}

/* Mean absolute difference per channel of two JPEGs of the same size. */
static double mean_diff(const struct capcat_thumb *a, const struct capcat_thumb *b)
{
	unsigned char *pa = NULL, *pb = NULL;
	int wa, ha, wb, hb;
	double sum = 0;
	size_t n;

	assert_int_equal(capcat_thumb__decode(&pa, &wa, &ha, a->jpeg, a->len, NULL), 0);
	assert_int_equal(capcat_thumb__decode(&pb, &wb, &hb, b->jpeg, b->len, NULL), 0);
	assert_int_equal(wa, wb);
	assert_int_equal(ha, hb);
	n = (size_t)wa * (size_t)ha * 3;
	for (size_t i = 0; i < n; i++)
		sum += abs((int)pa[i] - (int)pb[i]);
	free(pa);
	free(pb);
	return sum / (double)n;
}

static void test_thumb__eight_orientations_upright(void **state)
{
	struct capcat_thumb ref = corpus_thumb("Landscape_1.jpg", 1, CAPCAT_THUMB_SIZE);

	(void)state;
	assert_int_equal(ref.width, 256);
	assert_int_equal(ref.height, 171);
	assert_string_equal(ref.source, "made");
	for (int o = 0; o <= 8; o++) {
		char name[32];
		struct capcat_thumb t;
		double d;
		snprintf(name, sizeof(name), "Landscape_%d.jpg", o);
		t = corpus_thumb(name, o, CAPCAT_THUMB_SIZE);
		assert_int_equal(t.width, 256);
		assert_int_equal(t.height, 171);
		d = mean_diff(&ref, &t);
		if (d >= MAX_MEAN_DIFF)
			fail_msg("%s (orientation %d): mean difference %.2f", name, o, d);
		capcat_thumb_release(&t);
	}
	capcat_thumb_release(&ref);
}

/* A wrong orientation is seen: the test above can fail. */
static void test_thumb__wrong_orientation_differs(void **state)
{
	struct capcat_thumb ref = corpus_thumb("Landscape_1.jpg", 1, 128);

	(void)state;
	for (int o = 2; o <= 4; o++) {
		struct capcat_thumb t = corpus_thumb("Landscape_1.jpg", o, 128);
		assert_true(mean_diff(&ref, &t) > 2 * MAX_MEAN_DIFF);
		capcat_thumb_release(&t);
	}
	for (int o = 5; o <= 8; o++) {
		struct capcat_thumb t = corpus_thumb("Landscape_1.jpg", o, 128);
		assert_int_equal(t.width, 85);          /* turned: portrait */
		assert_int_equal(t.height, 128);
		capcat_thumb_release(&t);
	}
	capcat_thumb_release(&ref);
}

static void test_thumb__dct_scale_for(void **state)
{
	int num, denom;

	(void)state;
	/* 1/8 of 1800 is 225 < 256: 1/4 (450) is the smallest that covers */
	assert_int_equal(capcat_thumb__scale_for(1800, 1200, 256, &num, &denom), 450);
	assert_int_equal(num * 4, denom);
	assert_int_equal(capcat_thumb__scale_for(1200, 1800, 256, &num, &denom), 450);
	/* a 24-megapixel frame: 1/8 is 750 px, no full decode */
	assert_int_equal(capcat_thumb__scale_for(6000, 4000, 256, &num, &denom), 750);
	assert_int_equal(num * 8, denom);
	assert_int_equal(capcat_thumb__scale_for(2048, 1536, 256, &num, &denom), 256);
	assert_int_equal(num * 8, denom);
	/* 1/4 of 4000 (1000) does not cover 1024: 1/2, not 3/8 (libjpeg-turbo
	 * decodes n/8 scales other than 1/2, 1/4, 1/8 without SIMD) */
	assert_int_equal(capcat_thumb__scale_for(4000, 3000, 1024, &num, &denom), 2000);
	assert_int_equal(num * 2, denom);
	/* 5/8 of 500 (313) would cover 256: decoded whole instead */
	assert_int_equal(capcat_thumb__scale_for(500, 375, 256, &num, &denom), 500);
	assert_int_equal(num, denom);
	/* smaller than the thumbnail: decoded whole, never DCT-upscaled */
	assert_int_equal(capcat_thumb__scale_for(200, 130, 256, &num, &denom), 200);
	assert_int_equal(num, 1);
	assert_int_equal(denom, 1);
}

static void test_thumb__exif_thumbnail_from_memory(void **state)
{
	struct capcat_reader *r = NULL;
	struct capcat_photo ph;
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	char *path = tu_corpus("sample1.jpg");

	(void)state;
	capcat_photo_init(&ph);
	capcat_thumb_init(&t);
	assert_int_equal(capcat_reader_new(&r, &err), 0);
	assert_int_equal(capcat_reader_read(r, &ph, path, 0, &err), 0);
	assert_non_null(ph.thumb);
	assert_int_equal(ph.thumb_width, 128);
	assert_int_equal(ph.thumb_height, 96);
	assert_int_equal(capcat_thumb_from_jpeg(&t, ph.thumb, ph.thumb_len, 1, 64, &err), 0);
	assert_int_equal(t.width, 64);
	assert_int_equal(t.height, 48);
	assert_string_equal(t.source, "preview");
	/* never enlarged past its own size, and turned */
	assert_int_equal(capcat_thumb_from_jpeg(&t, ph.thumb, ph.thumb_len, 6, 256, &err), 0);
	assert_int_equal(t.width, 96);
	assert_int_equal(t.height, 128);
	assert_int_equal(capcat_thumb_from_jpeg(&t, ph.thumb, 100, 1, 64, &err), CAPCAT_EFORMAT);
	assert_int_equal(t.width, 96);          /* *out untouched on failure */
	assert_int_equal(capcat_thumb_from_jpeg(&t, ph.thumb, ph.thumb_len, 1, 0, &err),
			 CAPCAT_EUSAGE);
	capcat_thumb_release(&t);
	capcat_photo_release(&ph);
	capcat_reader_free(r);
	free(path);
}

/* ---- files built here ---- */

struct out {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct out *o, const void *data, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2 + 256;
		o->p = realloc(o->p, o->cap);
		assert_non_null(o->p);
	}
	memcpy(o->p + o->len, data, n);
	o->len += n;
}

static void le16(struct out *o, unsigned v)
{
	unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	put(o, b, 2);
}

static void le32(struct out *o, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	put(o, b, 4);
}

static void be32(struct out *o, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	put(o, b, 4);
}

static void entry(struct out *o, unsigned tag, unsigned type, uint32_t value)
{
	le16(o, tag);
	le16(o, type);
	le32(o, 1);
	if (type == 3) {
		le16(o, value);
		le16(o, 0);
	} else {
		le32(o, value);
	}
}

/* A lossless (SOF3) JPEG header, as raw data is kept: never a preview. */
static const unsigned char lossless[] = {
	0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x08, 0x0B, 0xB8, 0x0F, 0xA0, 0x01,
	0x01, 0x11, 0x00, 0xFF, 0xD9
};

/* IFD0: a small JPEG (JPEGInterchangeFormat) and a SubIFD with a large one
 * (Compression 7, one strip); IFD1: "raw" lossless JPEG data. */
static struct out tiff_with(const struct capcat_thumb *small, const struct capcat_thumb *big)
{
	struct out o = { 0 };
	uint32_t ifd0 = 8, ifd1 = ifd0 + 2 + 4 * 12 + 4, sub = ifd1 + 2 + 3 * 12 + 4;
	uint32_t data = sub + 2 + 3 * 12 + 4;
	uint32_t off_small = data, off_big = off_small + (uint32_t)small->len;
	uint32_t off_raw = off_big + (uint32_t)big->len;

	put(&o, "II*\0", 4);
	le32(&o, ifd0);
	le16(&o, 4);
	entry(&o, 0x0103, 3, 6);
	entry(&o, 0x014A, 4, sub);
	entry(&o, 0x0201, 4, off_small);
	entry(&o, 0x0202, 4, (uint32_t)small->len);
	le32(&o, ifd1);
	le16(&o, 3);
	entry(&o, 0x0103, 3, 6);
	entry(&o, 0x0111, 4, off_raw);
	entry(&o, 0x0117, 4, sizeof(lossless));
	le32(&o, 0);
	le16(&o, 3);
	entry(&o, 0x0103, 3, 7);
	entry(&o, 0x0111, 4, off_big);
	entry(&o, 0x0117, 4, (uint32_t)big->len);
	le32(&o, 0);
	assert_int_equal(o.len, data);
	put(&o, small->jpeg, small->len);
	put(&o, big->jpeg, big->len);
	put(&o, lossless, sizeof(lossless));
	return o;
}

/* The big preview is Landscape_3 as stored (upside down), the small one is
 * upright: only the big one, turned by orientation 3, matches Landscape_1. */
static void previews(struct capcat_thumb *small, struct capcat_thumb *big)
{
	*small = corpus_thumb("Landscape_1.jpg", 1, 64);
	*big = corpus_thumb("Landscape_3.jpg", 1, 256);
}

static void check_preview(const char *path, int size)
{
	struct capcat_thumb ref = corpus_thumb("Landscape_1.jpg", 1, size);
	struct capcat_thumb t = make_ok(path, 3, size);

	assert_string_equal(t.source, "preview");
	assert_int_equal(t.width, ref.width);
	assert_int_equal(t.height, ref.height);
	assert_true(mean_diff(&ref, &t) < MAX_MEAN_DIFF);
	capcat_thumb_release(&t);
	capcat_thumb_release(&ref);
}

static void test_thumb__tiff_largest_preview(void **state)
{
	struct capcat_thumb small, big;
	struct out o;
	char *path = tu_join(*state, "preview.tif");

	previews(&small, &big);
	o = tiff_with(&small, &big);
	tu_write_file(path, o.p, o.len);
	check_preview(path, 256);
	check_preview(path, 64);
	free(o.p);
	free(path);
	capcat_thumb_release(&small);
	capcat_thumb_release(&big);
}

/* ftyp "crx ", then uuid(preview) > 8 bytes > PRVW > 16 bytes > JPEG. */
static void test_thumb__cr3_prvw(void **state)
{
	static const unsigned char uuid[16] = {
		0xea, 0xf4, 0x2b, 0x5e, 0x1c, 0x98, 0x4b, 0x88,
		0xb9, 0xfb, 0xb7, 0xdc, 0x40, 0x6e, 0x4d, 0x16
	};
	static const unsigned char prvw_head[12] = { 0, 0, 0, 0, 0, 1, 1, 0, 0, 171, 0, 1 };
	struct capcat_thumb small, big;
	struct out o = { 0 };
	char *path = tu_join(*state, "preview.cr3");

	previews(&small, &big);
	be32(&o, 20);
	put(&o, "ftypcrx \0\0\0\0crx ", 16);
	be32(&o, (uint32_t)(8 + 16 + 8 + 8 + 16 + big.len));
	put(&o, "uuid", 4);
	put(&o, uuid, 16);
	put(&o, "\0\0\0\0\0\0\0\1", 8);
	be32(&o, (uint32_t)(8 + 16 + big.len));
	put(&o, "PRVW", 4);
	put(&o, prvw_head, sizeof(prvw_head));
	be32(&o, (uint32_t)big.len);
	put(&o, big.jpeg, big.len);
	tu_write_file(path, o.p, o.len);
	check_preview(path, 256);
	free(o.p);
	free(path);
	capcat_thumb_release(&small);
	capcat_thumb_release(&big);
}

/* The corpus raw files are stripped: no real preview.  RAF's 8x8 preview
 * carries a 160x120 EXIF thumbnail, the largest JPEG in the file. */
static void test_thumb__corpus_raw(void **state)
{
	static const char *const none[] = { "Nikon.nef", "CanonRaw.cr2", "DNG.dng", "IMG_1361.dng" };
	struct capcat_thumb t = corpus_thumb("FujiFilm.raf", 1, 256);
	struct capcat_err err = { 0 };

	(void)state;
	assert_string_equal(t.source, "preview");
	assert_int_equal(t.width, 160);         /* its size: never enlarged */
	assert_int_equal(t.height, 120);
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		char *path = tu_corpus(none[i]);
		assert_int_equal(capcat_thumb_make(&t, path, 1, 256, &err), CAPCAT_EUNSUPPORTED);
		assert_string_equal(err.path, path);
		free(path);
	}
	capcat_thumb_release(&t);
}

/* A JPEG no larger than the thumbnail, upright, is its own thumbnail:
 * Writer.jpg (8 x 8, no metadata) given an EXIF, an IPTC and a comment
 * segment gives Writer.jpg back, byte for byte; turned, it is decoded
 * and made. */
static void test_thumb__small_image_as_is(void **state)
{
	static const unsigned char meta[] = {
		0xFF, 0xE1, 0x00, 0x0C, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42,
		0xFF, 0xED, 0x00, 0x08, 'P', 'h', 'o', 't', 'o', 's',
		0xFF, 0xFE, 0x00, 0x05, 'h', 'i', '!',
	};
	char *src = tu_corpus("Writer.jpg");
	size_t len;
	unsigned char *data = tu_read_file(src, &len), *with = malloc(len + sizeof(meta));
	struct capcat_thumb t, turned;

	(void)state;
	assert_non_null(with);
	memcpy(with, data, 2);
	memcpy(with + 2, meta, sizeof(meta));
	memcpy(with + 2 + sizeof(meta), data + 2, len - 2);
	capcat_thumb_init(&t);
	capcat_thumb_init(&turned);
	assert_int_equal(capcat_thumb_from_jpeg(&t, with, len + sizeof(meta), 1, 256, NULL), 0);
	assert_int_equal(t.width, 8);
	assert_int_equal(t.height, 8);
	assert_int_equal(t.len, len);
	assert_memory_equal(t.jpeg, data, len);
	assert_int_equal(capcat_thumb_from_jpeg(&turned, with, len + sizeof(meta), 6, 256, NULL), 0);
	assert_true(turned.len != len || memcmp(turned.jpeg, data, len));
	capcat_thumb_release(&t);
	capcat_thumb_release(&turned);
	free(with);
	free(data);
	free(src);
}

static void test_thumb__truncated_is_eformat(void **state)
{
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	char *src = tu_corpus("Landscape_1.jpg"), *cut = tu_join(*state, "cut.jpg");
	char *corpus_cut = tu_corpus("truncated_jpeg.jpg");
	size_t len;
	unsigned char *data = tu_read_file(src, &len);

	capcat_thumb_init(&t);
	tu_write_file(cut, data, len / 2);
	assert_int_equal(capcat_thumb_make(&t, cut, 1, 256, &err), CAPCAT_EFORMAT);
	assert_string_equal(err.path, cut);
	assert_int_equal(capcat_thumb_from_jpeg(&t, data, len / 2, 1, 256, &err), CAPCAT_EFORMAT);
	assert_int_equal(capcat_thumb_from_jpeg(&t, data, 300, 1, 256, &err), CAPCAT_EFORMAT);
	assert_int_equal(capcat_thumb_make(&t, corpus_cut, 1, 256, &err), CAPCAT_EFORMAT);
	assert_null(t.jpeg);
	free(data);
	free(src);
	free(cut);
	free(corpus_cut);
}

/* Writer.jpg (8 x 8) with its frame made 'sof' (SOF0 or SOF2) of w x h
 * pixels in 4:4:4, then one scan of 'ns' components: DC only when
 * progressive.  The caller frees it. */
static unsigned char *frame_jpeg(int sof, int w, int h, int ns, size_t *len)
{
	char *path = tu_corpus("Writer.jpg");
	size_t n;
	unsigned char *src = tu_read_file(path, &n), *p = malloc(400), *o = p;
	const unsigned char sos[] = { 0xFF, 0xDA, 0, (unsigned char)(6 + 2 * ns), (unsigned char)ns,
				      1, 0x00, 2, 0x11, 3, 0x11 };

	assert_int_equal(n, 251);
	memcpy(o, src, 136);                    /* SOI, DQT */
	o += 136;
	memcpy(o, src + 136, 19);               /* SOF0: 3 components */
	o[1] = (unsigned char)sof;
	o[5] = (unsigned char)(h >> 8), o[6] = (unsigned char)h;
	o[7] = (unsigned char)(w >> 8), o[8] = (unsigned char)w;
	o[11] = o[14] = o[17] = 0x11;
	o += 19;
	memcpy(o, src + 155, 77);               /* DHT */
	o += 77;
	memcpy(o, sos, 5 + 2 * (size_t)ns);
	o += 5 + 2 * ns;
	*o++ = 0, *o++ = sof == 0xC2 ? 0 : 63, *o++ = 0;
	memset(o, 0, 64);
	o += 64;
	*o++ = 0xFF, *o++ = 0xD9;
	*len = (size_t)(o - p);
	free(src);
	free(path);
	return p;
}

/* Progressive frames, and frames whose first scan leaves components out,
 * keep every coefficient of the image: 2 bytes a sample whatever the scale,
 * 3 GB for a 23000 x 23000 header of a few hundred bytes.  Refused. */
static void test_thumb__whole_image_buffer_refused(void **state)
{
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	unsigned char *p;
	size_t len;

	(void)state;
	capcat_thumb_init(&t);
	p = frame_jpeg(0xC2, 23000, 23000, 3, &len);
	assert_int_equal(capcat_thumb_from_jpeg(&t, p, len, 1, 256, &err), CAPCAT_EUNSUPPORTED);
	assert_string_equal(err.msg, "progressive or multi-scan image too large (23000 x 23000)");
	free(p);
	p = frame_jpeg(0xC0, 23000, 23000, 1, &len);
	assert_int_equal(capcat_thumb_from_jpeg(&t, p, len, 1, 256, &err), CAPCAT_EUNSUPPORTED);
	free(p);
	/* the same at 8 x 8, and one scan of all components at 23000 x 23000,
	 * are decoded */
	p = frame_jpeg(0xC2, 8, 8, 3, &len);
	assert_int_equal(capcat_thumb_from_jpeg(&t, p, len, 1, 16, &err), 0);
	free(p);
	p = frame_jpeg(0xC0, 8, 8, 1, &len);
	assert_int_equal(capcat_thumb_from_jpeg(&t, p, len, 1, 16, &err), 0);
	free(p);
	p = frame_jpeg(0xC0, 23000, 23000, 3, &len);
	assert_int_not_equal(capcat_thumb_from_jpeg(&t, p, len, 1, 256, &err), CAPCAT_EUNSUPPORTED);
	free(p);
	capcat_thumb_release(&t);
}

static void test_thumb__not_decodable(void **state)
{
	static const char *const names[] = { "PNG.png", "Stonehenge.heic", "RIFF.webp", "GIF.gif",
					     "BMP.bmp", "Jpeg2000.jp2", "MANIFEST.tsv" };
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	char *missing = tu_join(*state, "nope.jpg");

	capcat_thumb_init(&t);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = tu_corpus(names[i]);
		assert_int_equal(capcat_thumb_make(&t, path, 1, 256, &err), CAPCAT_EUNSUPPORTED);
		free(path);
	}
	assert_int_equal(capcat_thumb_make(&t, missing, 1, 256, &err), CAPCAT_EIO);
	assert_int_equal(capcat_thumb_make(&t, *state, 1, 256, &err), CAPCAT_EIO);
	assert_null(t.jpeg);
	free(missing);
}

/* A JPEG read whole gives the thumbnail the file gives, for each
 * orientation; anything else is for capcat_thumb_make(). */
static void test_thumb__from_memory_same_as_file(void **state)
{
	static const char *const names[] = { "Apple.jpg", "Canon.jpg", "Writer.jpg" };
	struct capcat_thumb a, b;
	struct capcat_err err = { 0 };
	char *png = tu_corpus("PNG.png");
	size_t len;
	unsigned char *data;

	(void)state;
	capcat_thumb_init(&a);
	capcat_thumb_init(&b);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = tu_corpus(names[i]);
		data = (unsigned char *)tu_read_file(path, &len);
		for (int o = 1; o <= 8; o += 5) {
			assert_int_equal(capcat_thumb_make(&a, path, o, 200, &err), 0);
			assert_int_equal(capcat_thumb_make_mem(&b, data, len, o, 200, &err), 0);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.jpeg, b.jpeg, a.len);
			assert_int_equal(a.width, b.width);
			assert_string_equal(b.source, "made");
		}
		free(data);
		free(path);
	}
	data = (unsigned char *)tu_read_file(png, &len);
	assert_int_equal(capcat_thumb_make_mem(&b, data, len, 1, 200, &err), CAPCAT_EUNSUPPORTED);
	free(data);
	free(png);
	capcat_thumb_release(&a);
	capcat_thumb_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thumb__from_memory_same_as_file),
		cmocka_unit_test(test_thumb__eight_orientations_upright),
		cmocka_unit_test(test_thumb__wrong_orientation_differs),
		cmocka_unit_test(test_thumb__dct_scale_for),
		cmocka_unit_test(test_thumb__exif_thumbnail_from_memory),
		cmocka_unit_test_setup_teardown(test_thumb__tiff_largest_preview,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_thumb__cr3_prvw,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test(test_thumb__corpus_raw),
		cmocka_unit_test(test_thumb__small_image_as_is),
		cmocka_unit_test_setup_teardown(test_thumb__truncated_is_eformat,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test(test_thumb__whole_image_buffer_refused),
		cmocka_unit_test_setup_teardown(test_thumb__not_decodable,
						tu_tmpdir_setup, tu_tmpdir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
