/* test_container.c - capcat_container_read / capcat_jpeg_read through a
 * struct capcat_rd set up here (as src/read.c does): JPEGs built by the test,
 * damaged and pathological JPEGs, capcat_jpeg_mem_size, and real files of
 * the other formats. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/buf.h"
#include "capcat/container.h"
#include "capcat/ident.h"
#include "rd.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a struct capcat_rd over a file, filled as src/read.c fills it ---- */

static void rd_open(struct capcat_rd *rd, const char *path)
{
	struct stat st;
	size_t want;

	memset(rd, 0, sizeof(*rd));
	rd->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (rd->fd < 0)
		fail_msg("open %s: %s", path, strerror(errno));
	assert_int_equal(fstat(rd->fd, &st), 0);
	rd->size = st.st_size;
	rd->head = malloc(CAPCAT_RD_HEAD);
	assert_non_null(rd->head);
	want = rd->size < CAPCAT_RD_HEAD ? (size_t)rd->size : CAPCAT_RD_HEAD;
	while (rd->head_len < want) {
		ssize_t n = pread(rd->fd, rd->head + rd->head_len, want - rd->head_len,
				  (off_t)rd->head_len);
		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0);
		rd->head_len += (size_t)n;
	}
}

static void rd_close(struct capcat_rd *rd)
{
	if (rd->fd >= 0)
		close(rd->fd);
	free(rd->head);
	memset(rd, 0, sizeof(*rd));
	rd->fd = -1;
}

/* Write 'b' to <dir>/<name> and open it. */
static void rd_from_buf(struct capcat_rd *rd, const char *dir, const char *name,
			const struct capcat_buf *b)
{
	char *path = tu_join(dir, name);

	tu_write_file(path, b->data, b->len);
	rd_open(rd, path);
	free(path);
}

/* ---- building JPEGs ---- */

static void put(struct capcat_buf *b, const void *p, size_t n)
{
	assert_int_equal(capcat_buf_add(b, p, n), 0);
}

static void put_be16(struct capcat_buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	put(b, x, 2);
}

static void marker(struct capcat_buf *b, int m)
{
	unsigned char x[2] = { 0xFF, (unsigned char)m };

	put(b, x, 2);
}

/* A segment: marker, length, then 'id' (its NUL included when id_len says
 * so) and 'data'. */
static void segment(struct capcat_buf *b, int m, const void *id, size_t id_len,
		    const void *data, size_t len)
{
	marker(b, m);
	put_be16(b, (unsigned)(2 + id_len + len));
	put(b, id, id_len);
	put(b, data, len);
}

static const unsigned char tiff_block[] = {
	'M', 'M', 0, '*', 0, 0, 0, 8,   0, 1,                 /* one entry */
	0x01, 0x0F, 0, 2, 0, 0, 0, 4, 'A', 'C', 'M', 0,       /* Make "ACM" */
	0, 0, 0, 0,
};
static const unsigned char tiff_other[] = {
	'I', 'I', '*', 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const char xmp_packet[] =
	"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
	"<x:xmpmeta xmlns:x='adobe:ns:meta/'/><?xpacket end='w'?>";
static const unsigned char ps_part1[] = {
	'8', 'B', 'I', 'M', 0x04, 0x04, 0, 0, 0, 0, 0, 0x0C,
	0x1C, 0x02, 0x78, 0, 0x07, 'C', 'a', 'p',
};
static const unsigned char ps_part2[] = { 't', 'i', 'o', 'n', 0 };

#define EXIF_ID "Exif\0\0", 6
#define XMP_ID "http://ns.adobe.com/xap/1.0/", 29
#define PS_ID "Photoshop 3.0", 14

static void sof(struct capcat_buf *b, int m, unsigned w, unsigned h)
{
	unsigned char body[15] = { 8, (unsigned char)(h >> 8), (unsigned char)h,
				   (unsigned char)(w >> 8), (unsigned char)w, 3,
				   1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };

	segment(b, m, "", 0, body, sizeof(body));
}

/* SOS with a little entropy-coded data, then EOI. */
static void scan_and_end(struct capcat_buf *b)
{
	static const unsigned char sos[] = { 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0 };
	static const unsigned char data[] = { 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56 };

	segment(b, 0xDA, "", 0, sos, sizeof(sos));
	put(b, data, sizeof(data));
	marker(b, 0xD9);
}

/* SOI, APP0 JFIF, APP1 Exif, APP1 XMP, two APP13, DQT, DHT, SOF0 640x480,
 * SOS: the JPEG most cameras and editors write. */
static void build_full_jpeg(struct capcat_buf *b)
{
	static const unsigned char jfif[] = { 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
	static const unsigned char dqt[65] = { 0 };
	/* a DHT that would read as 0x1234 x 0x5678 if taken for a frame */
	static const unsigned char dht[] = { 0x00, 0x12, 0x34, 0x56, 0x78, 0, 0, 0 };

	marker(b, 0xD8);
	segment(b, 0xE0, "", 0, jfif, sizeof(jfif));
	segment(b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
	segment(b, 0xE1, XMP_ID, xmp_packet, sizeof(xmp_packet) - 1);
	segment(b, 0xED, PS_ID, ps_part1, sizeof(ps_part1));
	segment(b, 0xED, PS_ID, ps_part2, sizeof(ps_part2));
	segment(b, 0xDB, "", 0, dqt, sizeof(dqt));
	segment(b, 0xC4, "", 0, dht, sizeof(dht));
	sof(b, 0xC0, 640, 480);
	scan_and_end(b);
}

static void assert_buf_equal(const struct capcat_buf *b, const void *want, size_t len)
{
	assert_int_equal(b->len, len);
	assert_memory_equal(b->data, want, len);
}

/* ---- tests on built JPEGs ---- */

static void test_container__jpeg_blocks_and_size(void **state)
{
	struct capcat_buf b = CAPCAT_BUF_INIT, iptc = CAPCAT_BUF_INIT;
	struct capcat_blocks bl;
	struct capcat_err err = { 0 };
	struct capcat_rd rd;

	build_full_jpeg(&b);
	rd_from_buf(&rd, *state, "full.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_container_read(&bl, &rd, CAPCAT_FMT_JPEG, &err), 0);
	assert_null(bl.damage);
	/* EXIF: the TIFF block, without "Exif\0\0" */
	assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
	assert_false(bl.exif_in_file);
	/* XMP: the packet, without the namespace id */
	assert_buf_equal(&bl.xmp, xmp_packet, sizeof(xmp_packet) - 1);
	/* IPTC: both APP13 segments joined into one resource stream */
	put(&iptc, ps_part1, sizeof(ps_part1));
	put(&iptc, ps_part2, sizeof(ps_part2));
	assert_buf_equal(&bl.iptc, iptc.data, iptc.len);
	/* the frame size, not the DHT's bytes */
	assert_int_equal(bl.width, 640);
	assert_int_equal(bl.height, 480);
	assert_int_equal(bl.thumb.len, 0);
	assert_int_equal(bl.exif_ifd.len, 0);
	assert_int_equal(bl.gps_ifd.len, 0);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	capcat_buf_release(&iptc);
	capcat_buf_release(&b);
}

static void test_container__jpeg_first_exif_wins_jfxx_thumb_fill_bytes(void **state)
{
	static const unsigned char thumb[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 6, 0, 9,
					       1, 1, 0x11, 0, 0xFF, 0xD9 };
	static const unsigned char fill[] = { 0xFF, 0xFF, 0xFF };
	struct capcat_buf b = CAPCAT_BUF_INIT;
	struct capcat_blocks bl;
	struct capcat_rd rd;

	marker(&b, 0xD8);
	put(&b, fill, sizeof(fill));            /* fill bytes before a marker */
	segment(&b, 0xE0, "JFXX\0\x10", 6, thumb, sizeof(thumb));
	segment(&b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
	segment(&b, 0xE1, EXIF_ID, tiff_other, sizeof(tiff_other));
	segment(&b, 0xE1, XMP_ID, "<first/>", 8);
	segment(&b, 0xE1, XMP_ID, "<second/>", 9);
	sof(&b, 0xC2, 100, 50);                 /* progressive */
	sof(&b, 0xC0, 7, 7);                    /* a second frame header: ignored */
	scan_and_end(&b);
	rd_from_buf(&rd, *state, "twice.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
	assert_null(bl.damage);
	assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
	assert_buf_equal(&bl.xmp, "<first/>", 8);
	assert_buf_equal(&bl.thumb, thumb, sizeof(thumb));
	assert_int_equal(bl.width, 100);
	assert_int_equal(bl.height, 50);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	capcat_buf_release(&b);
}

static void test_container__jpeg_segment_past_eof_keeps_earlier(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;
	unsigned char tail[100];

	memset(tail, 0x20, sizeof(tail));
	/* 1: an APP13 whose length runs past the end of the file (its first
	 *    bytes are there, the rest is not) */
	{
		struct capcat_buf b = CAPCAT_BUF_INIT;
		marker(&b, 0xD8);
		segment(&b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
		marker(&b, 0xED);
		put_be16(&b, 0x2000);
		put(&b, "Photoshop 3.0", 14);
		put(&b, tail, sizeof(tail));
		rd_from_buf(&rd, *state, "cut1.jpg", &b);
		capcat_blocks_init(&bl);
		assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
		assert_non_null(bl.damage);
		assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
		assert_int_equal(bl.iptc.len, 0);
		capcat_blocks_release(&bl);
		rd_close(&rd);
		capcat_buf_release(&b);
	}
	/* 2: an unknown segment that runs past the end, few bytes left */
	{
		struct capcat_buf b = CAPCAT_BUF_INIT;
		marker(&b, 0xD8);
		segment(&b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
		segment(&b, 0xE1, XMP_ID, "<x/>", 4);
		marker(&b, 0xE5);
		put_be16(&b, 0x4000);
		put(&b, "abc", 3);
		rd_from_buf(&rd, *state, "cut2.jpg", &b);
		capcat_blocks_init(&bl);
		assert_int_equal(capcat_container_read(&bl, &rd, CAPCAT_FMT_JPEG, NULL), 0);
		assert_non_null(bl.damage);
		assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
		assert_buf_equal(&bl.xmp, "<x/>", 4);
		capcat_blocks_release(&bl);
		rd_close(&rd);
		capcat_buf_release(&b);
	}
	/* 3: the EXIF segment itself is cut: nothing half-copied */
	{
		struct capcat_buf b = CAPCAT_BUF_INIT;
		marker(&b, 0xD8);
		sof(&b, 0xC0, 32, 16);
		marker(&b, 0xE1);
		put_be16(&b, 0x0400);
		put(&b, "Exif\0\0", 6);
		put(&b, tail, sizeof(tail));
		rd_from_buf(&rd, *state, "cut3.jpg", &b);
		capcat_blocks_init(&bl);
		assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
		assert_non_null(bl.damage);
		assert_int_equal(bl.exif.len, 0);
		assert_int_equal(bl.width, 32);         /* found before the damage */
		assert_int_equal(bl.height, 16);
		capcat_blocks_release(&bl);
		rd_close(&rd);
		capcat_buf_release(&b);
	}
	/* 4: the file ends inside a segment's length field, or right after
	 *    a segment, with no SOS */
	{
		struct capcat_buf b = CAPCAT_BUF_INIT;
		marker(&b, 0xD8);
		segment(&b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
		put(&b, "\xFF\xE2\x01", 3);
		rd_from_buf(&rd, *state, "cut4.jpg", &b);
		capcat_blocks_init(&bl);
		assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
		assert_non_null(bl.damage);
		assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
		capcat_blocks_release(&bl);
		rd_close(&rd);
		b.len -= 3;
		rd_from_buf(&rd, *state, "cut5.jpg", &b);
		capcat_blocks_init(&bl);
		assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
		assert_non_null(bl.damage);
		assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
		capcat_blocks_release(&bl);
		rd_close(&rd);
		capcat_buf_release(&b);
	}
}

static void test_container__jpeg_bad_marker_and_length(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;
	struct capcat_buf b = CAPCAT_BUF_INIT;

	/* a segment length below 2 */
	marker(&b, 0xD8);
	sof(&b, 0xC0, 20, 10);
	put(&b, "\xFF\xE1\x00\x01", 4);
	put(&b, "more bytes here", 15);
	rd_from_buf(&rd, *state, "len.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
	assert_non_null(bl.damage);
	assert_int_equal(bl.width, 20);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	/* garbage where a marker should be */
	capcat_buf_reset(&b);
	marker(&b, 0xD8);
	sof(&b, 0xC0, 20, 10);
	put(&b, "garbage garbage", 15);
	rd_from_buf(&rd, *state, "garbage.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
	assert_non_null(bl.damage);
	assert_int_equal(bl.height, 10);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	capcat_buf_release(&b);
}

static void test_container__jpeg_too_many_segments_is_bounded(void **state)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	struct capcat_blocks bl;
	struct capcat_rd rd;

	marker(&b, 0xD8);
	segment(&b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
	for (int i = 0; i < 5000; i++)
		segment(&b, 0xE0 + i % 16, "", 0, "", 0);  /* empty APPn */
	sof(&b, 0xC0, 64, 64);
	scan_and_end(&b);
	rd_from_buf(&rd, *state, "many.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
	assert_non_null(bl.damage);
	assert_string_equal(bl.damage, "too many JPEG segments");
	assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
	capcat_blocks_release(&bl);
	rd_close(&rd);

	/* 60000 fill bytes: bounded the same way */
	capcat_buf_reset(&b);
	marker(&b, 0xD8);
	for (int i = 0; i < 60000; i++)
		put(&b, "\xFF", 1);
	marker(&b, 0xE1);
	rd_from_buf(&rd, *state, "fill.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, NULL), 0);
	assert_non_null(bl.damage);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	capcat_buf_release(&b);
}

static void test_container__jpeg_inside_another_file(void **state)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	struct capcat_blocks bl;
	struct capcat_err err = { 0 };
	struct capcat_rd rd;
	unsigned char junk[100];

	memset(junk, 'J', sizeof(junk));
	put(&b, junk, sizeof(junk));
	build_full_jpeg(&b);
	rd_from_buf(&rd, *state, "embedded.bin", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 100, &err), 0);
	assert_null(bl.damage);
	assert_int_equal(bl.width, 640);
	assert_int_equal(bl.height, 480);
	assert_buf_equal(&bl.exif, tiff_block, sizeof(tiff_block));
	capcat_blocks_release(&bl);
	/* offset 0 is no JPEG: an error, not a crash */
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, 0, &err), CAPCAT_EFORMAT);
	assert_int_equal(err.code, CAPCAT_EFORMAT);
	assert_true(err.msg[0] != '\0');
	capcat_blocks_release(&bl);
	/* a base past the end of the file */
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_jpeg_read(&bl, &rd, rd.size + 10, NULL), CAPCAT_EFORMAT);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	capcat_buf_release(&b);
}

static void test_container__jpeg_mem_size(void **state)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	int w = -1, h = -1;
	unsigned char *copy;

	(void)state;
	build_full_jpeg(&b);
	assert_int_equal(capcat_jpeg_mem_size((unsigned char *)b.data, b.len, &w, &h), 0);
	assert_int_equal(w, 640);
	assert_int_equal(h, 480);
	/* cut anywhere before the frame size is complete: EFORMAT, no overread */
	{
		const char *sofp = NULL;
		size_t need;
		for (size_t i = 0; i + 1 < b.len; i++)
			if ((unsigned char)b.data[i] == 0xFF && (unsigned char)b.data[i + 1] == 0xC0) {
				sofp = b.data + i;
				break;
			}
		assert_non_null(sofp);
		need = (size_t)(sofp - b.data) + 9;
		for (size_t n = 0; n < need; n += (n < 40 || n + 12 > need) ? 1 : 7) {
			copy = malloc(n ? n : 1);
			assert_non_null(copy);
			memcpy(copy, b.data, n);
			assert_int_equal(capcat_jpeg_mem_size(copy, n, &w, &h), CAPCAT_EFORMAT);
			free(copy);
		}
		copy = malloc(need);
		assert_non_null(copy);
		memcpy(copy, b.data, need);
		w = h = 0;
		assert_int_equal(capcat_jpeg_mem_size(copy, need, &w, &h), 0);
		assert_int_equal(w, 640);
		assert_int_equal(h, 480);
		free(copy);
	}
	/* no frame header before SOS */
	capcat_buf_reset(&b);
	marker(&b, 0xD8);
	segment(&b, 0xE1, EXIF_ID, tiff_block, sizeof(tiff_block));
	scan_and_end(&b);
	assert_int_equal(capcat_jpeg_mem_size((unsigned char *)b.data, b.len, &w, &h),
			 CAPCAT_EFORMAT);
	/* not a JPEG */
	assert_int_equal(capcat_jpeg_mem_size((const unsigned char *)"\x89PNG\r\n\x1a\n", 8,
					      &w, &h), CAPCAT_EFORMAT);
	/* SOF1 (extended sequential) is a frame header too */
	capcat_buf_reset(&b);
	marker(&b, 0xD8);
	sof(&b, 0xC1, 3, 2);
	assert_int_equal(capcat_jpeg_mem_size((unsigned char *)b.data, b.len, &w, &h), 0);
	assert_int_equal(w, 3);
	assert_int_equal(h, 2);
	/* a zero segment length must not loop */
	assert_int_equal(capcat_jpeg_mem_size((const unsigned char *)"\xFF\xD8\xFF\xE1\0\0\xFF\xE1",
					      8, &w, &h), CAPCAT_EFORMAT);
	capcat_buf_release(&b);
}

static void test_container__not_a_jpeg_is_eformat(void **state)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	struct capcat_blocks bl;
	struct capcat_err err = { 0 };
	struct capcat_rd rd;

	put(&b, "this is a text file, not a JPEG\n", 32);
	rd_from_buf(&rd, *state, "text.jpg", &b);
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_container_read(&bl, &rd, CAPCAT_FMT_JPEG, &err), CAPCAT_EFORMAT);
	assert_int_equal(err.code, CAPCAT_EFORMAT);
	assert_int_equal(bl.exif.len, 0);
	capcat_blocks_release(&bl);
	/* and as a TIFF: no TIFF header */
	capcat_blocks_init(&bl);
	assert_int_equal(capcat_container_read(&bl, &rd, CAPCAT_FMT_TIFF, &err), CAPCAT_EFORMAT);
	assert_non_null(bl.damage);
	assert_false(bl.exif_in_file);
	capcat_blocks_release(&bl);
	rd_close(&rd);
	capcat_buf_release(&b);
}

static void test_container__blocks_init_release(void **state)
{
	struct capcat_blocks bl;

	(void)state;
	memset(&bl, 0xA5, sizeof(bl));
	capcat_blocks_init(&bl);
	assert_int_equal(bl.exif.len, 0);
	assert_non_null(bl.exif.data);
	assert_non_null(bl.xmp.data);
	assert_non_null(bl.iptc.data);
	assert_non_null(bl.thumb.data);
	assert_int_equal(bl.exif_file_off, -1);
	assert_int_equal(bl.preview_off, -1);
	assert_int_equal(bl.width, 0);
	assert_null(bl.damage);
	assert_null(bl.facts.make);
	assert_int_equal(capcat_buf_adds(&bl.xmp, "<x/>"), 0);
	assert_int_equal(capcat_photo_set_str(&bl.facts.make, "Canon", 5), 0);
	bl.damage = "something";
	capcat_blocks_release(&bl);     /* frees, and leaves it ready again */
	assert_int_equal(bl.xmp.len, 0);
	assert_null(bl.facts.make);
	assert_null(bl.damage);
	assert_int_equal(bl.exif_file_off, -1);
	capcat_blocks_release(&bl);
}

static void test_container__format_names_and_mimes(void **state)
{
	(void)state;
	for (int f = 0; f < CAPCAT_FMT_COUNT; f++) {
		const char *mime = capcat_format_mime((enum capcat_format)f);
		const char *name = capcat_format_name((enum capcat_format)f);
		assert_non_null(mime);
		assert_non_null(name);
		assert_true(name[0] != '\0');
		if (f != CAPCAT_FMT_NONE) {
			assert_true(strncmp(mime, "image/", 6) == 0);
			/* names are unique */
			for (int g = 0; g < f; g++)
				assert_string_not_equal(name, capcat_format_name((enum capcat_format)g));
		}
	}
	assert_string_equal(capcat_format_mime(CAPCAT_FMT_JPEG), "image/jpeg");
	assert_string_equal(capcat_format_name(CAPCAT_FMT_CR2), "cr2");
	assert_string_equal(capcat_format_mime(CAPCAT_FMT_CR2), "image/x-canon-cr2");
	assert_string_equal(capcat_format_mime(CAPCAT_FMT_DNG), "image/x-adobe-dng");
	assert_string_equal(capcat_format_mime(CAPCAT_FMT_NONE), "application/octet-stream");
	/* out of range is "none", not a crash */
	assert_string_equal(capcat_format_mime(CAPCAT_FMT_COUNT), "application/octet-stream");
	assert_string_equal(capcat_format_name((enum capcat_format)-1), "none");
}

/* ---- real files ---- */

/* Read a corpus file's container as its signature says; returns the rc. */
static int read_corpus(const char *name, struct capcat_blocks *bl, struct capcat_rd *rd,
		       enum capcat_format want)
{
	char *path = tu_corpus(name);
	enum capcat_format fmt;
	int rc;

	rd_open(rd, path);
	free(path);
	fmt = capcat_ident_signature(rd->head, rd->head_len);
	assert_int_equal(fmt, want);
	capcat_blocks_init(bl);
	rc = capcat_container_read(bl, rd, fmt, NULL);
	return rc;
}

static int is_tiff_header(const struct capcat_buf *b)
{
	return b->len >= 8 && (!memcmp(b->data, "II*\0", 4) || !memcmp(b->data, "MM\0*", 4));
}

static void test_container__webp(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;

	(void)state;
	assert_int_equal(read_corpus("exiv2-bug1199.webp", &bl, &rd, CAPCAT_FMT_WEBP), 0);
	assert_int_equal(bl.width, 1200);
	assert_int_equal(bl.height, 800);
	assert_true(bl.exif.len > 100);
	assert_true(is_tiff_header(&bl.exif));
	assert_true(bl.xmp.len > 0);
	assert_null(bl.damage);
	capcat_blocks_release(&bl);
	rd_close(&rd);
}

static void test_container__heic(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;

	(void)state;
	assert_int_equal(read_corpus("2021-02-13-1929.heic", &bl, &rd, CAPCAT_FMT_HEIF), 0);
	assert_int_equal(bl.width, 4032);
	assert_int_equal(bl.height, 3024);
	assert_true(bl.exif.len > 100);
	assert_true(is_tiff_header(&bl.exif));
	assert_null(bl.damage);
	capcat_blocks_release(&bl);
	rd_close(&rd);
}

static void test_container__png_raw_profile_exif(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;

	(void)state;
	assert_int_equal(read_corpus("ReaganSmallPng.png", &bl, &rd, CAPCAT_FMT_PNG), 0);
	assert_int_equal(bl.width, 200);
	assert_int_equal(bl.height, 130);
	/* EXIF from the zTXt "Raw profile type exif" hex dump, "Exif\0\0" gone */
	assert_true(bl.exif.len > 1000);
	assert_true(is_tiff_header(&bl.exif));
	assert_true(bl.xmp.len > 0);
	assert_non_null(strstr(bl.xmp.data, "x:xmpmeta"));
	assert_true(bl.iptc.len > 0);
	assert_null(bl.damage);
	capcat_blocks_release(&bl);
	rd_close(&rd);
}

static void test_container__jp2_gif_bmp_sizes(void **state)
{
	static const struct {
		const char *name;
		enum capcat_format fmt;
		int w, h;
	} cases[] = {
		{ "Jpeg2000.jp2", CAPCAT_FMT_JP2, 16, 16 },
		{ "GIF.gif", CAPCAT_FMT_GIF, 8, 8 },
		{ "BMP.bmp", CAPCAT_FMT_BMP, 8, 8 },
	};
	struct capcat_blocks bl;
	struct capcat_rd rd;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(read_corpus(cases[i].name, &bl, &rd, cases[i].fmt), 0);
		if (bl.width != cases[i].w || bl.height != cases[i].h)
			fail_msg("%s: %dx%d, want %dx%d", cases[i].name, bl.width, bl.height,
				 cases[i].w, cases[i].h);
		capcat_blocks_release(&bl);
		rd_close(&rd);
	}
}

static void test_container__crw_facts(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;

	(void)state;
	assert_int_equal(read_corpus("CanonRaw.crw", &bl, &rd, CAPCAT_FMT_CRW), 0);
	assert_non_null(bl.facts.make);
	assert_string_equal(bl.facts.make, "Canon");
	assert_non_null(bl.facts.model);
	assert_string_equal(bl.facts.model, "Canon EOS DIGITAL REBEL");
	assert_int_equal(bl.width, 3072);
	assert_int_equal(bl.height, 2048);
	assert_int_equal(bl.exif.len, 0);       /* CRW has no EXIF block */
	capcat_blocks_release(&bl);
	rd_close(&rd);
}

static void test_container__tiff_based_read_in_place(void **state)
{
	struct capcat_blocks bl;
	struct capcat_rd rd;

	(void)state;
	assert_int_equal(read_corpus("CanonRaw.cr2", &bl, &rd, CAPCAT_FMT_CR2), 0);
	assert_true(bl.exif_in_file);
	assert_int_equal(bl.exif_file_off, 0);
	assert_int_equal(bl.exif.len, 0);       /* not copied */
	capcat_blocks_release(&bl);
	rd_close(&rd);
	/* MRW keeps its TIFF in a block of its own, after the header */
	assert_int_equal(read_corpus("Minolta.mrw", &bl, &rd, CAPCAT_FMT_MRW), 0);
	assert_true(bl.exif_in_file);
	assert_true(bl.exif_file_off > 8);
	assert_true(bl.width > 0 && bl.height > 0);
	capcat_blocks_release(&bl);
	rd_close(&rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_container__jpeg_blocks_and_size,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_container__jpeg_first_exif_wins_jfxx_thumb_fill_bytes,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_container__jpeg_segment_past_eof_keeps_earlier,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_container__jpeg_bad_marker_and_length,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_container__jpeg_too_many_segments_is_bounded,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_container__jpeg_inside_another_file,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test(test_container__jpeg_mem_size),
		cmocka_unit_test_setup_teardown(test_container__not_a_jpeg_is_eformat,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test(test_container__blocks_init_release),
		cmocka_unit_test(test_container__format_names_and_mimes),
		cmocka_unit_test(test_container__webp),
		cmocka_unit_test(test_container__heic),
		cmocka_unit_test(test_container__png_raw_profile_exif),
		cmocka_unit_test(test_container__jp2_gif_bmp_sizes),
		cmocka_unit_test(test_container__crw_facts),
		cmocka_unit_test(test_container__tiff_based_read_in_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
