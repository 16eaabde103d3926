/* test_exif.c - capcat_reader_read (read.h) end to end on corpus files,
 * with the values ExifTool reports (exiftool -n), plus damaged and
 * non-image inputs, and capcat_fingerprint_of. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/buf.h"
#include "capcat/photo.h"
#include "capcat/read.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static struct capcat_reader *g_reader;

static int group_setup(void **state)
{
	struct capcat_err err = { 0 };

	(void)state;
	if (capcat_reader_new(&g_reader, &err) != 0) {
		fprintf(stderr, "capcat_reader_new: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	capcat_reader_free(g_reader);
	g_reader = NULL;
	return 0;
}

/* Read a corpus file into 'ph' (initialised here); returns the rc. */
static int read_corpus(const char *name, struct capcat_photo *ph, struct capcat_err *err)
{
	char *path = tu_corpus(name);
	int rc;

	capcat_photo_init(ph);
	rc = capcat_reader_read(g_reader, ph, path, 0, err);
	assert_non_null(ph->path);
	assert_string_equal(ph->path, path);
	free(path);
	return rc;
}

static void assert_str(const char *got, const char *want)
{
	if (!got)
		fail_msg("got NULL, want \"%s\"", want);
	assert_string_equal(got, want);
}

static void assert_near(double got, double want, double eps)
{
	if (!(got >= want - eps && got <= want + eps))
		fail_msg("got %.10f, want %.10f (+-%g)", got, want, eps);
}

static void test_exif__apple_jpg(void **state)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };

	(void)state;
	assert_int_equal(read_corpus("Apple.jpg", &ph, &err), 0);
	assert_str(ph.mime, "image/jpeg");
	assert_int_equal(ph.size, 2355);
	assert_true(ph.mtime_ns > 0);
	assert_str(ph.make, "Apple");
	assert_str(ph.model, "iPhone 7");
	assert_str(ph.lens, "iPhone 7 back camera 3.99mm f/1.8");
	assert_str(ph.taken, "2016-09-28T18:18:05");
	assert_int_equal(ph.has_offset, 0);
	assert_int_equal(ph.iso, 40);
	assert_near(ph.exposure_time, 0.05, 1e-12);
	assert_near(ph.fnumber, 1.8, 1e-9);
	assert_near(ph.focal_length, 3.99, 1e-9);
	assert_int_equal(ph.orientation, 1);
	assert_int_equal(ph.width, 8);
	assert_int_equal(ph.height, 8);
	assert_int_equal(ph.has_gps, 1);
	assert_near(ph.gps_lat, 53.3828472222222, 1e-6);
	assert_near(ph.gps_lon, -1.45667777777778, 1e-6);     /* West */
	assert_int_equal(ph.has_alt, 1);
	assert_near(ph.gps_alt, 72.36649215, 1e-6);
	/* its 28-byte "thumbnail" is no JPEG: dropped, with a warning */
	assert_null(ph.thumb);
	capcat_photo_release(&ph);
}

static void test_exif__google_offset(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("Google.jpg", &ph, NULL), 0);
	assert_str(ph.make, "Google");
	assert_str(ph.model, "Pixel 8 Pro");
	assert_str(ph.taken, "2023-10-06T22:53:51");
	assert_int_equal(ph.has_offset, 1);
	assert_int_equal(ph.offset_min, 120);
	assert_int_equal(ph.iso, 1160);
	assert_near(ph.exposure_time, 0.029997, 1e-9);
	assert_near(ph.gps_lat, 40.4000694444444, 1e-6);
	assert_near(ph.gps_lon, -3.71464722222222, 1e-6);
	assert_near(ph.gps_alt, 634, 1e-6);
	capcat_photo_release(&ph);
}

static void test_exif__heic(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("2021-02-13-1929.heic", &ph, NULL), 0);
	assert_str(ph.mime, "image/heic");
	assert_str(ph.make, "Apple");
	assert_str(ph.model, "iPhone XR");
	assert_str(ph.taken, "2021-02-13T11:03:31");
	assert_int_equal(ph.has_offset, 1);
	assert_int_equal(ph.offset_min, -360);
	assert_int_equal(ph.orientation, 6);
	assert_int_equal(ph.width, 4032);
	assert_int_equal(ph.height, 3024);
	assert_int_equal(ph.iso, 500);
	assert_int_equal(ph.has_gps, 1);
	assert_near(ph.gps_lat, 30.5803666666667, 1e-6);
	assert_near(ph.gps_lon, -88.0739055555556, 1e-6);
	capcat_photo_release(&ph);
}

static void test_exif__dng(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("IMG_1361.dng", &ph, NULL), 0);
	assert_str(ph.mime, "image/x-adobe-dng");
	assert_int_equal(ph.width, 4032);
	assert_int_equal(ph.height, 3024);
	assert_int_equal(ph.orientation, 6);
	assert_str(ph.make, "Apple");
	assert_str(ph.model, "iPhone 12 Pro");
	assert_str(ph.taken, "2020-12-29T14:24:45");
	assert_int_equal(ph.offset_min, -300);
	assert_int_equal(ph.iso, 32);
	assert_near(ph.gps_lat, 34.0596083333333, 1e-6);
	assert_near(ph.gps_lon, -84.681725, 1e-6);
	capcat_photo_release(&ph);
}

static void test_exif__nef(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("Nikon.nef", &ph, NULL), 0);
	assert_str(ph.mime, "image/x-nikon-nef");
	assert_int_equal(ph.width, 3040);
	assert_int_equal(ph.height, 2014);
	assert_str(ph.make, "NIKON CORPORATION");
	assert_str(ph.model, "NIKON D70");
	assert_str(ph.taken, "2004-06-09T16:02:35");
	assert_int_equal(ph.iso, 200);
	assert_near(ph.exposure_time, 0.05, 1e-12);
	assert_near(ph.fnumber, 3.5, 1e-9);
	assert_near(ph.focal_length, 18, 1e-9);
	assert_int_equal(ph.has_gps, 0);
	capcat_photo_release(&ph);
}

static void test_exif__cr3(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("CanonRaw.cr3", &ph, NULL), 0);
	assert_str(ph.mime, "image/x-canon-cr3");
	assert_str(ph.make, "Canon");
	assert_str(ph.model, "Canon EOS M50");
	assert_str(ph.lens, "EF-M15-45mm f/3.5-6.3 IS STM");
	/* these sit in CR3's separate Exif IFD block (CMT2) */
	assert_str(ph.taken, "2018-02-21T12:08:56");
	assert_int_equal(ph.has_offset, 1);
	assert_int_equal(ph.offset_min, 0);
	assert_int_equal(ph.iso, 12800);
	assert_near(ph.exposure_time, 0.0125, 1e-12);
	assert_int_equal(ph.width, 6000);
	assert_int_equal(ph.height, 4000);
	capcat_photo_release(&ph);
}

static void test_exif__recovered_values_warn(void **state)
{
	struct capcat_photo ph;

	(void)state;
	/* libexif refuses part of this camera's block; the walker recovers */
	assert_int_equal(read_corpus("Canon1DmkIII.jpg", &ph, NULL), 0);
	assert_str(ph.make, "Canon");
	assert_str(ph.model, "Canon EOS-1D Mark III");
	assert_non_null(ph.warnings);
	assert_non_null(strstr(ph.warnings, "recovered"));
	assert_int_equal(ph.iso, 3200);
	assert_near(ph.exposure_time, 0.008, 1e-12);
	capcat_photo_release(&ph);
}

static void test_exif__invalid_orientation_is_zero(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("Landscape_0.jpg", &ph, NULL), 0);
	assert_int_equal(ph.orientation, 0);    /* EXIF says 0: not 1..8 */
	assert_int_equal(ph.width, 1800);
	assert_int_equal(ph.height, 1200);
	capcat_photo_release(&ph);
	/* and a valid one next to it, so 0 is not just "never read" */
	assert_int_equal(read_corpus("Landscape_6.jpg", &ph, NULL), 0);
	assert_int_equal(ph.orientation, 6);
	capcat_photo_release(&ph);
}

static void test_exif__empty_gps_ifd(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("empty_gps_ifd.jpg", &ph, NULL), 0);
	assert_int_equal(ph.has_gps, 0);
	assert_int_equal(ph.has_alt, 0);
	assert_str(ph.make, "Xiaomi");
	assert_int_equal(ph.orientation, 6);
	capcat_photo_release(&ph);
}

static void test_exif__thumbnail(void **state)
{
	struct capcat_photo ph;

	(void)state;
	assert_int_equal(read_corpus("sample1.jpg", &ph, NULL), 0);
	assert_non_null(ph.thumb);
	assert_int_equal(ph.thumb_len, 4034);
	assert_int_equal(ph.thumb[0], 0xFF);
	assert_int_equal(ph.thumb[1], 0xD8);
	assert_int_equal(ph.thumb_width, 128);
	assert_int_equal(ph.thumb_height, 96);
	assert_int_equal(ph.width, 500);
	assert_int_equal(ph.height, 375);
	assert_int_equal(ph.has_gps, 1);
	assert_near(ph.gps_lat, 39.9155555555556, 1e-6);
	assert_near(ph.gps_lon, 116.390833333333, 1e-6);
	assert_int_equal(ph.has_alt, 0);
	capcat_photo_release(&ph);
}

static void test_exif__corrupt_exif_no_crash(void **state)
{
	static const char *const names[] = {
		"infinite_loop_exif.jpg", "max_uint32_exif.jpg", "huge_tag_exif.jpg",
		"invalid-exif.jpg", "hopper_bad_exif.jpg", "exif-ifd-offset.jpg",
		"truncated_exif_dpi.jpg",
	};
	struct capcat_photo ph;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int rc = read_corpus(names[i], &ph, NULL);
		if (rc != 0)
			fail_msg("%s: rc %d", names[i], rc);
		assert_str(ph.mime, "image/jpeg");
		if (ph.orientation < 0 || ph.orientation > 8)
			fail_msg("%s: orientation %d", names[i], ph.orientation);
		capcat_photo_release(&ph);
	}
	/* what the damaged blocks still say */
	assert_int_equal(read_corpus("infinite_loop_exif.jpg", &ph, NULL), 0);
	assert_str(ph.taken, "2007-05-10T19:04:16");
	capcat_photo_release(&ph);
	assert_int_equal(read_corpus("max_uint32_exif.jpg", &ph, NULL), 0);
	assert_str(ph.make, "HTC");
	capcat_photo_release(&ph);
}

static void test_exif__not_an_image(void **state)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };

	(void)state;
	assert_int_equal(read_corpus("MANIFEST.tsv", &ph, &err), CAPCAT_EUNSUPPORTED);
	assert_non_null(ph.mime);                /* what libmagic thinks */
	assert_true(strncmp(ph.mime, "text/", 5) == 0);
	assert_null(ph.make);
	capcat_photo_release(&ph);
}

static void test_exif__directory_is_eio(void **state)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	const char *dir = *state;

	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, dir, 0, &err), CAPCAT_EIO);
	assert_int_equal(err.code, CAPCAT_EIO);
	assert_string_equal(err.path, dir);
	assert_str(ph.path, dir);
	capcat_photo_release(&ph);
}

static void on_alarm(int sig)
{
	(void)sig;
	/* async-signal-safe: report and leave */
	static const char msg[] = "test_exif: reading a FIFO hung\n";
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(2);
}

static void test_exif__fifo_is_eio_without_hanging(void **state)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	char *fifo = tu_join(*state, "pipe.jpg");

	assert_int_equal(mkfifo(fifo, 0600), 0);
	capcat_photo_init(&ph);
	signal(SIGALRM, on_alarm);
	alarm(10);                      /* no writer: a blocking open would hang */
	assert_int_equal(capcat_reader_read(g_reader, &ph, fifo, 0, &err), CAPCAT_EIO);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	assert_int_equal(err.code, CAPCAT_EIO);
	assert_string_equal(err.path, fifo);
	capcat_photo_release(&ph);
	free(fifo);
}

static void test_exif__missing_file_is_eio(void **state)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	char *path = tu_join(*state, "no-such.jpg");

	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, path, 0, &err), CAPCAT_EIO);
	assert_int_equal(err.code, CAPCAT_EIO);
	assert_true(err.msg[0] != '\0');
	assert_str(ph.path, path);
	capcat_photo_release(&ph);
	free(path);
}

static void test_exif__truncated_files(void **state)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	char *src = tu_corpus("Apple.jpg"), *path = tu_join(*state, "cut.jpg");
	size_t len;
	unsigned char *data = tu_read_file(src, &len);
	int rc;

	/* 3 bytes: FF D8 FF and nothing else */
	tu_write_file(path, data, 3);
	capcat_photo_init(&ph);
	rc = capcat_reader_read(g_reader, &ph, path, 0, &err);
	/* libmagic calls it text/plain; the JPEG signature knows better */
	assert_int_equal(rc, CAPCAT_EFORMAT);
	assert_str(ph.path, path);
	assert_int_equal(ph.size, 3);
	assert_null(ph.make);
	assert_null(ph.thumb);
	capcat_photo_release(&ph);

	/* 4 bytes: SOI and a marker, no segment: a damaged JPEG */
	tu_write_file(path, data, 4);
	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, path, 0, &err), CAPCAT_EFORMAT);
	assert_str(ph.mime, "image/jpeg");
	capcat_photo_release(&ph);

	/* cut inside the EXIF segment: an image, but nothing can be had */
	tu_write_file(path, data, 200);
	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, path, 0, &err), CAPCAT_EFORMAT);
	assert_int_equal(err.code, CAPCAT_EFORMAT);
	assert_string_equal(err.path, path);
	capcat_photo_release(&ph);

	/* empty */
	tu_write_file(path, data, 0);
	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, path, 0, &err), CAPCAT_EUNSUPPORTED);
	capcat_photo_release(&ph);

	free(data);
	free(src);
	free(path);
}

static void test_exif__reread_releases_previous(void **state)
{
	struct capcat_photo ph;
	char *a = tu_corpus("Apple.jpg"), *b = tu_corpus("Landscape_0.jpg");

	(void)state;
	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, a, 0, NULL), 0);
	assert_int_equal(ph.has_gps, 1);
	assert_non_null(ph.make);
	/* the same struct again: nothing of Apple.jpg may remain */
	assert_int_equal(capcat_reader_read(g_reader, &ph, b, 0, NULL), 0);
	assert_str(ph.path, b);
	assert_int_equal(ph.has_gps, 0);
	assert_null(ph.make);
	assert_null(ph.lens);
	assert_int_equal(ph.iso, 0);
	assert_int_equal(ph.width, 1800);
	capcat_photo_release(&ph);
	free(a);
	free(b);
}

/* ---- a JPEG whose EXIF the test writes: signs, offsets, rationals ---- */

struct ent {
	uint16_t tag, type;
	uint32_t count;
	const void *val;
	size_t len;
};

static void le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, uint32_t v)
{
	le16(p, v & 0xFFFF);
	le16(p + 2, v >> 16);
}

/* Append one little-endian IFD (values over 4 bytes right after it) to the
 * TIFF block 'b'; returns its offset. */
static uint32_t put_ifd(struct capcat_buf *b, const struct ent *e, int n)
{
	uint32_t off = (uint32_t)b->len, data = off + 2 + 12 * (uint32_t)n + 4;
	unsigned char x[12];

	le16(x, (unsigned)n);
	assert_int_equal(capcat_buf_add(b, x, 2), 0);
	for (int i = 0; i < n; i++) {
		memset(x, 0, sizeof(x));
		le16(x, e[i].tag);
		le16(x + 2, e[i].type);
		le32(x + 4, e[i].count);
		if (e[i].len <= 4) {
			memcpy(x + 8, e[i].val, e[i].len);
		} else {
			le32(x + 8, data);
			data += (uint32_t)((e[i].len + 1) & ~(size_t)1);
		}
		assert_int_equal(capcat_buf_add(b, x, 12), 0);
	}
	memset(x, 0, 4);
	assert_int_equal(capcat_buf_add(b, x, 4), 0);   /* no next IFD */
	for (int i = 0; i < n; i++) {
		if (e[i].len <= 4)
			continue;
		assert_int_equal(capcat_buf_add(b, e[i].val, e[i].len), 0);
		if (e[i].len & 1)
			assert_int_equal(capcat_buf_add(b, "", 1), 0);
	}
	return off;
}

/* Rationals, little-endian: n/d pairs. */
static void rationals(unsigned char *out, const uint32_t *nd, int n)
{
	for (int i = 0; i < 2 * n; i++)
		le32(out + 4 * i, nd[i]);
}

static void build_exif_jpeg(struct capcat_buf *jpg)
{
	static const uint32_t expo[] = { 1, 250 }, fnum[] = { 28, 10 }, focal[] = { 50, 1 };
	static const uint32_t lat[] = { 33, 1, 51, 1, 2436, 100 };
	static const uint32_t lon[] = { 151, 1, 12, 1, 5507, 100 };
	static const uint32_t alt[] = { 125, 10 };
	unsigned char r_expo[8], r_fnum[8], r_focal[8], r_lat[24], r_lon[24], r_alt[8];
	unsigned char orient[2], iso[2], exif_ptr[4], gps_ptr[4], one = 1;
	struct capcat_buf t = CAPCAT_BUF_INIT;
	uint32_t exif_off, gps_off, ifd0_off;

	rationals(r_expo, expo, 1);
	rationals(r_fnum, fnum, 1);
	rationals(r_focal, focal, 1);
	rationals(r_lat, lat, 3);
	rationals(r_lon, lon, 3);
	rationals(r_alt, alt, 1);
	le16(orient, 3);
	le16(iso, 800);
	assert_int_equal(capcat_buf_add(&t, "II*\0\0\0\0\0", 8), 0);
	{
		const struct ent e[] = {
			{ 0x829A, 5, 1, r_expo, 8 }, { 0x829D, 5, 1, r_fnum, 8 },
			{ 0x8827, 3, 1, iso, 2 },
			{ 0x9003, 2, 20, "2019:07:14 09:30:15", 20 },
			{ 0x9011, 2, 7, "+05:30", 7 },
			{ 0x920A, 5, 1, r_focal, 8 },
			{ 0xA434, 2, 12, "Test 50/2.8", 12 },
		};
		exif_off = put_ifd(&t, e, (int)(sizeof(e) / sizeof(e[0])));
	}
	{
		const struct ent e[] = {
			{ 1, 2, 2, "S", 2 }, { 2, 5, 3, r_lat, 24 },
			{ 3, 2, 2, "W", 2 }, { 4, 5, 3, r_lon, 24 },
			{ 5, 1, 1, &one, 1 }, { 6, 5, 1, r_alt, 8 },
		};
		gps_off = put_ifd(&t, e, (int)(sizeof(e) / sizeof(e[0])));
	}
	le32(exif_ptr, exif_off);
	le32(gps_ptr, gps_off);
	{
		const struct ent e[] = {
			{ 0x010F, 2, 8, "TestCo ", 8 },         /* trailing blank trimmed */
			{ 0x0110, 2, 6, "T-100", 6 },
			{ 0x0112, 3, 1, orient, 2 },
			{ 0x8769, 4, 1, exif_ptr, 4 },
			{ 0x8825, 4, 1, gps_ptr, 4 },
		};
		ifd0_off = put_ifd(&t, e, (int)(sizeof(e) / sizeof(e[0])));
	}
	le32((unsigned char *)t.data + 4, ifd0_off);

	{
		static const unsigned char sof[] = { 0xFF, 0xC0, 0, 17, 8, 0x01, 0x2C, 0x01, 0x90,
						     3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
		static const unsigned char sos[] = { 0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11,
						     0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9 };
		unsigned char app1[4] = { 0xFF, 0xE1, (unsigned char)((t.len + 8) >> 8),
					  (unsigned char)(t.len + 8) };
		assert_int_equal(capcat_buf_add(jpg, "\xFF\xD8", 2), 0);
		assert_int_equal(capcat_buf_add(jpg, app1, 4), 0);
		assert_int_equal(capcat_buf_add(jpg, "Exif\0\0", 6), 0);
		assert_int_equal(capcat_buf_add(jpg, t.data, t.len), 0);
		assert_int_equal(capcat_buf_add(jpg, sof, sizeof(sof)), 0);
		assert_int_equal(capcat_buf_add(jpg, sos, sizeof(sos)), 0);
	}
	capcat_buf_release(&t);
}

static void test_exif__generated_block_signs_offsets_rationals(void **state)
{
	struct capcat_buf jpg = CAPCAT_BUF_INIT;
	struct capcat_photo ph;
	char *path = tu_join(*state, "made.jpg");

	build_exif_jpeg(&jpg);
	tu_write_file(path, jpg.data, jpg.len);
	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, path, 0, NULL), 0);
	assert_null(ph.warnings);
	assert_str(ph.mime, "image/jpeg");
	assert_int_equal(ph.width, 400);                /* from SOF0 */
	assert_int_equal(ph.height, 300);
	assert_str(ph.make, "TestCo");
	assert_str(ph.model, "T-100");
	assert_str(ph.lens, "Test 50/2.8");
	assert_int_equal(ph.orientation, 3);
	assert_str(ph.taken, "2019-07-14T09:30:15");
	assert_int_equal(ph.has_offset, 1);
	assert_int_equal(ph.offset_min, 330);
	assert_near(ph.exposure_time, 0.004, 1e-12);
	assert_near(ph.fnumber, 2.8, 1e-12);
	assert_near(ph.focal_length, 50, 1e-12);
	assert_int_equal(ph.iso, 800);
	/* South and West are negative; AltitudeRef 1 is below sea level */
	assert_int_equal(ph.has_gps, 1);
	assert_near(ph.gps_lat, -(33 + 51 / 60.0 + 24.36 / 3600), 1e-9);
	assert_near(ph.gps_lon, -(151 + 12 / 60.0 + 55.07 / 3600), 1e-9);
	assert_int_equal(ph.has_alt, 1);
	assert_near(ph.gps_alt, -12.5, 1e-12);
	assert_null(ph.thumb);
	capcat_photo_release(&ph);
	capcat_buf_release(&jpg);
	free(path);
}

/* ---- capcat_fingerprint_of ---- */

static void test_exif__fingerprint_same_bytes_same_value(void **state)
{
	unsigned char x[1000], y[1000];

	(void)state;
	for (size_t i = 0; i < sizeof(x); i++)
		x[i] = y[i] = (unsigned char)(i * 31 + 7);
	assert_true(capcat_fingerprint_of(x, sizeof(x), 5000) ==
		    capcat_fingerprint_of(y, sizeof(y), 5000));
	assert_true(capcat_fingerprint_of(x, 0, 0) == capcat_fingerprint_of(y, 0, 0));
}

/* The fingerprint hashes four words at a time in four lanes: the same
 * words in another order, lane to lane, are another file. */
static void test_exif__fingerprint_word_order_counts(void **state)
{
	unsigned char x[64], y[64];

	(void)state;
	for (size_t i = 0; i < sizeof(x); i++)
		x[i] = y[i] = (unsigned char)(i * 13 + 1);
	memcpy(y, x + 8, 8);            /* words 0 and 1 swapped: lanes 0 and 1 */
	memcpy(y + 8, x, 8);
	assert_true(capcat_fingerprint_of(x, sizeof(x), 64) != capcat_fingerprint_of(y, 64, 64));
	memcpy(y, x + 32, 8);           /* word 0 in lane 0 of the next block */
	memcpy(y + 8, x + 8, 8);
	memcpy(y + 32, x, 8);
	assert_true(capcat_fingerprint_of(x, sizeof(x), 64) != capcat_fingerprint_of(y, 64, 64));
}

/* Catalogs made before version 9 hold fingerprints of the first kind, by
 * which an import still finds a photo they stored that moved: its values
 * never change. */
static void test_exif__fingerprint_v1_values_kept(void **state)
{
	const unsigned char x[] = "capcat fingerprint, version 1";

	(void)state;
	assert_true(capcat_fingerprint_v1_of(x, sizeof(x) - 1, 12345) == 0xd5d841d8db4abef9ull);
	assert_true(capcat_fingerprint_v1_of(x, sizeof(x) - 1, 12345) !=
		    capcat_fingerprint_of(x, sizeof(x) - 1, 12345));
}

/* Catalogs since version 9 hold this fingerprint: a faster way of working
 * it out must give the same values, for every length (the four lanes, the
 * 8-byte words after them, the tail). */
static void test_exif__fingerprint_values_kept(void **state)
{
	static const struct { size_t len; capcat_fingerprint fp; } want[] = {
		{ 0, 0x44586392cb20c9e2ull },   { 7, 0xd850015db0450c0cull },
		{ 31, 0xbafb3a873875051eull },  { 32, 0xd6dd49d80ef1c668ull },
		{ 45, 0xfdb6be187fbf3e4eull },  { 100, 0x10c9e9076cd29ae1ull },
		{ 65536, 0xd65205dc4f9a3eb0ull },
	};
	static unsigned char b[65536];
	unsigned x = 1;

	(void)state;
	for (size_t i = 0; i < sizeof(b); i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (unsigned char)(x >> 16);
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		capcat_fingerprint got = capcat_fingerprint_of(b, want[i].len,
							       1000000 + (int64_t)want[i].len);
		if (got != want[i].fp)
			fail_msg("the fingerprint of %zu bytes changed: %#llx", want[i].len,
				 (unsigned long long)got);
	}
}

static void test_exif__fingerprint_one_byte_or_size_differs(void **state)
{
	unsigned char x[1003];
	capcat_fingerprint base;

	(void)state;
	for (size_t i = 0; i < sizeof(x); i++)
		x[i] = (unsigned char)(i * 31 + 7);
	base = capcat_fingerprint_of(x, sizeof(x), 5000);
	/* every single byte matters: the 8-byte words and the tail */
	for (size_t i = 0; i < sizeof(x); i++) {
		x[i] ^= 0x01;
		if (capcat_fingerprint_of(x, sizeof(x), 5000) == base)
			fail_msg("flipping byte %zu does not change the fingerprint", i);
		x[i] ^= 0x01;
	}
	assert_true(capcat_fingerprint_of(x, sizeof(x), 5000) == base);
	/* the size matters, by one */
	assert_true(capcat_fingerprint_of(x, sizeof(x), 5001) != base);
	assert_true(capcat_fingerprint_of(x, sizeof(x), 4999) != base);
	/* and how many bytes were hashed */
	assert_true(capcat_fingerprint_of(x, sizeof(x) - 1, 5000) != base);
	/* an all-zero head: the length still counts */
	{
		unsigned char z[16] = { 0 };
		assert_true(capcat_fingerprint_of(z, 8, 100) != capcat_fingerprint_of(z, 16, 100));
		assert_true(capcat_fingerprint_of(z, 3, 100) != capcat_fingerprint_of(z, 4, 100));
	}
}

static void test_exif__fingerprint_of_file_is_head_and_size(void **state)
{
	struct capcat_photo ph;
	char *src = tu_corpus("2021-02-13-1929.heic"), *copy = tu_join(*state, "copy.heic");
	size_t len;
	unsigned char *data = tu_read_file(src, &len);
	capcat_fingerprint fp;

	assert_true(len > 65536);
	capcat_photo_init(&ph);
	assert_int_equal(capcat_reader_read(g_reader, &ph, src, 0, NULL), 0);
	fp = ph.fingerprint;
	assert_true(fp == capcat_fingerprint_of(data, 65536, (int64_t)len));
	/* a copy has the same fingerprint; a change past 64 KiB keeps it (by
	 * design); a change in the head or in the size does not */
	data[len - 1] ^= 0xFF;
	tu_write_file(copy, data, len);
	assert_int_equal(capcat_reader_read(g_reader, &ph, copy, 0, NULL), 0);
	assert_true(ph.fingerprint == fp);
	data[len - 1] ^= 0xFF;
	data[100] ^= 0xFF;
	tu_write_file(copy, data, len);
	(void)capcat_reader_read(g_reader, &ph, copy, 0, NULL);
	assert_true(ph.fingerprint != fp);
	data[100] ^= 0xFF;
	tu_write_file(copy, data, len - 1);
	(void)capcat_reader_read(g_reader, &ph, copy, 0, NULL);
	assert_true(ph.fingerprint != fp);
	capcat_photo_release(&ph);
	free(data);
	free(src);
	free(copy);
}

#define TMP(f) cmocka_unit_test_setup_teardown(f, tu_tmpdir_setup, tu_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exif__apple_jpg),
		cmocka_unit_test(test_exif__google_offset),
		cmocka_unit_test(test_exif__heic),
		cmocka_unit_test(test_exif__dng),
		cmocka_unit_test(test_exif__nef),
		cmocka_unit_test(test_exif__cr3),
		cmocka_unit_test(test_exif__recovered_values_warn),
		cmocka_unit_test(test_exif__invalid_orientation_is_zero),
		cmocka_unit_test(test_exif__empty_gps_ifd),
		cmocka_unit_test(test_exif__thumbnail),
		cmocka_unit_test(test_exif__corrupt_exif_no_crash),
		cmocka_unit_test(test_exif__not_an_image),
		TMP(test_exif__directory_is_eio),
		TMP(test_exif__fifo_is_eio_without_hanging),
		TMP(test_exif__missing_file_is_eio),
		TMP(test_exif__truncated_files),
		cmocka_unit_test(test_exif__reread_releases_previous),
		TMP(test_exif__generated_block_signs_offsets_rationals),
		cmocka_unit_test(test_exif__fingerprint_same_bytes_same_value),
		cmocka_unit_test(test_exif__fingerprint_one_byte_or_size_differs),
		cmocka_unit_test(test_exif__fingerprint_word_order_counts),
		cmocka_unit_test(test_exif__fingerprint_v1_values_kept),
		cmocka_unit_test(test_exif__fingerprint_values_kept),
		TMP(test_exif__fingerprint_of_file_is_head_and_size),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
