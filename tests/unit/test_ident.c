/* test_ident.c - file identification: capcat_ident_signature on generated
 * headers for every format, capcat_ident_buffer (libmagic) on real files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/container.h"
#include "capcat/ident.h"

#include <dirent.h>
#include <magic.h>
#include <stdlib.h>
#include <string.h>

int capcat_ident__own_loaded(const struct capcat_ident *id);     /* ident.c */

/* Identify 'len' bytes held in a heap block of exactly that size, so that
 * AddressSanitizer catches any read past the end. */
static enum capcat_format sig(const void *p, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	enum capcat_format f;

	assert_non_null(copy);
	if (len)
		memcpy(copy, p, len);
	f = capcat_ident_signature(copy, len);
	free(copy);
	return f;
}

/* A literal's bytes without its terminating NUL. */
#define SIG(lit) sig(lit, sizeof(lit) - 1)

/* Every proper prefix of a header shorter than 'min' must not be taken
 * for the format (and must not be read past). */
static void assert_prefixes_none(const void *p, size_t min)
{
	for (size_t n = 0; n < min; n++)
		assert_int_equal(sig(p, n), CAPCAT_FMT_NONE);
}

static void test_ident__signature_jpeg(void **state)
{
	(void)state;
	assert_int_equal(SIG("\xFF\xD8\xFF\xE0\0\x10JFIF\0"), CAPCAT_FMT_JPEG);
	assert_int_equal(SIG("\xFF\xD8\xFF\xE1\x12\x34" "Exif\0\0"), CAPCAT_FMT_JPEG);
	assert_int_equal(SIG("\xFF\xD8\xFF"), CAPCAT_FMT_JPEG);
	assert_prefixes_none("\xFF\xD8\xFF", 3);
	/* SOI alone, or SOI then no marker, is not enough */
	assert_int_equal(SIG("\xFF\xD8\x00\x00"), CAPCAT_FMT_NONE);
}

static void test_ident__signature_tiff_both_byte_orders(void **state)
{
	(void)state;
	assert_int_equal(SIG("II*\0\x08\0\0\0\x0c\0"), CAPCAT_FMT_TIFF);
	assert_int_equal(SIG("MM\0*\0\0\0\x08\0\x0c"), CAPCAT_FMT_TIFF);
	assert_prefixes_none("II*\0", 4);
	assert_prefixes_none("MM\0*", 4);
	/* mixed-up byte orders are not TIFF */
	assert_int_equal(SIG("II\0*\0\0\0\x08"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("MM*\0\x08\0\0\0"), CAPCAT_FMT_NONE);
	/* NEF, ARW, DNG and PEF are TIFF by signature; EXIF refines them */
	assert_int_equal(SIG("MM\0*\0\0\0\x08\0\x1c\0\xfe\0\x04"), CAPCAT_FMT_TIFF);
}

static void test_ident__signature_cr2(void **state)
{
	(void)state;
	assert_int_equal(SIG("II*\0\x10\0\0\0CR\x02\0\0\0\0\0"), CAPCAT_FMT_CR2);
	/* the CR marker alone, without the TIFF header, is nothing */
	assert_int_equal(SIG("XX*\0\x10\0\0\0CR\x02\0"), CAPCAT_FMT_NONE);
	/* a TIFF whose bytes 8.. are not "CR\2" stays TIFF */
	assert_int_equal(SIG("II*\0\x10\0\0\0CX\x02\0"), CAPCAT_FMT_TIFF);
	/* cut before the marker: plain TIFF */
	assert_int_equal(SIG("II*\0\x10\0\0\0C"), CAPCAT_FMT_TIFF);
}

static void test_ident__signature_rw2_orf(void **state)
{
	(void)state;
	assert_int_equal(SIG("IIU\0\x08\0\0\0"), CAPCAT_FMT_RW2);
	assert_int_equal(SIG("IIRO\x08\0\0\0"), CAPCAT_FMT_ORF);
	assert_int_equal(SIG("IIRS\x08\0\0\0"), CAPCAT_FMT_ORF);
	assert_int_equal(SIG("MMOR\0\0\0\x08"), CAPCAT_FMT_ORF);
	assert_prefixes_none("IIU\0", 4);
	assert_prefixes_none("IIRO", 4);
	assert_prefixes_none("MMOR", 4);
}

static void test_ident__signature_raf_mrw_x3f_crw(void **state)
{
	(void)state;
	assert_int_equal(SIG("FUJIFILMCCD-RAW 0201FF383501"), CAPCAT_FMT_RAF);
	assert_prefixes_none("FUJIFILMCCD-RAW ", 16);
	assert_int_equal(SIG("FUJIFILMCCD-RAX 0201"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("\0MRM\0\0\x0b\x48\0PRD"), CAPCAT_FMT_MRW);
	assert_prefixes_none("\0MRM", 4);
	assert_int_equal(SIG("FOVb\0\0\x02\0"), CAPCAT_FMT_X3F);
	assert_prefixes_none("FOVb", 4);
	assert_int_equal(SIG("II\x1a\0\0\0HEAPCCDR\0\0\x01\0"), CAPCAT_FMT_CRW);
	assert_prefixes_none("II\x1a\0\0\0HEAPCCDR", 14);
	assert_int_equal(SIG("II\x1a\0\0\0HEAPJPGM"), CAPCAT_FMT_NONE);
}

static void test_ident__signature_cr3(void **state)
{
	static const unsigned char cr3[] = {
		0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'c', 'r', 'x', ' ', 0, 0, 0, 1,
		'c', 'r', 'x', ' ', 'i', 's', 'o', 'm',
	};

	(void)state;
	assert_int_equal(sig(cr3, sizeof(cr3)), CAPCAT_FMT_CR3);
	assert_int_equal(sig(cr3, 12), CAPCAT_FMT_CR3);
	assert_prefixes_none(cr3, 12);
}

static void test_ident__signature_heif_brands(void **state)
{
	/* major brand heic */
	static const unsigned char heic[] = {
		0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
		'm', 'i', 'f', '1', 'h', 'e', 'i', 'c',
	};
	/* major brand mif1 */
	static const unsigned char mif1[] = {
		0, 0, 0, 0x1c, 'f', 't', 'y', 'p', 'm', 'i', 'f', '1', 0, 0, 0, 0,
		'm', 'i', 'f', '1', 'M', 'i', 'H', 'E', 'm', 'i', 'a', 'f',
	};
	/* an unknown major brand, heic only among the compatible ones */
	static const unsigned char compat[] = {
		0, 0, 0, 0x1c, 'f', 't', 'y', 'p', 'x', 'y', 'z', 'w', 0, 0, 0, 0,
		'm', 'i', 'a', 'f', 'M', 'i', 'H', 'B', 'h', 'e', 'i', 'c',
	};
	/* a brand past the end of the ftyp box does not count */
	static const unsigned char outside[] = {
		0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'x', 'y', 'z', 'w', 0, 0, 0, 0,
		'm', 'i', 'a', 'f', 0, 0, 0, 8, 'h', 'e', 'i', 'c',
	};
	/* the brand that sits in the minor-version field does not count */
	static const unsigned char minor[] = {
		0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'x', 'y', 'z', 'w', 'h', 'e', 'i', 'c',
		'm', 'i', 'a', 'f',
	};
	/* an MP4 video */
	static const unsigned char mp4[] = {
		0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
		'i', 's', 'o', 'm', 'm', 'p', '4', '1',
	};

	(void)state;
	assert_int_equal(sig(heic, sizeof(heic)), CAPCAT_FMT_HEIF);
	assert_int_equal(sig(heic, 12), CAPCAT_FMT_HEIF);
	assert_int_equal(sig(mif1, sizeof(mif1)), CAPCAT_FMT_HEIF);
	assert_int_equal(sig(compat, sizeof(compat)), CAPCAT_FMT_HEIF);
	assert_int_equal(sig(outside, sizeof(outside)), CAPCAT_FMT_NONE);
	assert_int_equal(sig(minor, sizeof(minor)), CAPCAT_FMT_NONE);
	assert_int_equal(sig(mp4, sizeof(mp4)), CAPCAT_FMT_NONE);
	/* a heic ftyp cut anywhere: never read past the end */
	for (size_t n = 0; n < sizeof(compat); n++)
		(void)sig(compat, n);
	assert_prefixes_none(heic, 12);
}

static void test_ident__signature_png_webp_gif(void **state)
{
	(void)state;
	assert_int_equal(SIG("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), CAPCAT_FMT_PNG);
	assert_prefixes_none("\x89PNG\r\n\x1a\n", 8);
	/* a PNG whose line endings were converted is not a PNG */
	assert_int_equal(SIG("\x89PNG\n\x1a\n\0\0\0\x0dIHDR"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("RIFF\x24\0\0\0WEBPVP8 "), CAPCAT_FMT_WEBP);
	assert_prefixes_none("RIFF\x24\0\0\0WEBP", 12);
	assert_int_equal(SIG("RIFF\x24\0\0\0WAVEfmt "), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("RIFF\x24\0\0\0AVI LIST"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("GIF87a\x08\0\x08\0"), CAPCAT_FMT_GIF);
	assert_int_equal(SIG("GIF89a\x08\0\x08\0"), CAPCAT_FMT_GIF);
	assert_int_equal(SIG("GIF88a\x08\0\x08\0"), CAPCAT_FMT_NONE);
	assert_prefixes_none("GIF89a", 6);
}

static void test_ident__signature_jp2_bmp(void **state)
{
	unsigned char bmp[54] = { 'B', 'M' };
	unsigned char core[26] = { 'B', 'M' };

	(void)state;
	assert_int_equal(SIG("\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x14" "ftypjp2 "), CAPCAT_FMT_JP2);
	assert_prefixes_none("\0\0\0\x0cjP  \r\n\x87\n", 12);
	/* a raw J2K codestream (no JP2 box) is not what we call JP2 */
	assert_int_equal(SIG("\xFF\x4F\xFF\x51\0\x2f"), CAPCAT_FMT_NONE);
	/* BITMAPINFOHEADER (40) and BITMAPCOREHEADER (12) */
	bmp[14] = 40;
	assert_int_equal(sig(bmp, sizeof(bmp)), CAPCAT_FMT_BMP);
	core[14] = 12;
	assert_int_equal(sig(core, sizeof(core)), CAPCAT_FMT_BMP);
	/* "BM" alone, a header size too small, or cut before it: no */
	assert_prefixes_none(bmp, 18);
	bmp[14] = 11;
	assert_int_equal(sig(bmp, sizeof(bmp)), CAPCAT_FMT_NONE);
	bmp[14] = 40;
	bmp[15] = 1;
	assert_int_equal(sig(bmp, sizeof(bmp)), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("BMW series 3 owner's manual"), CAPCAT_FMT_NONE);
}

static void test_ident__signature_junk_is_none(void **state)
{
	unsigned char zeros[256] = { 0 }, ones[256];
	unsigned seed = 7;

	(void)state;
	assert_int_equal(sig("", 0), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("hello, world\n"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("%PDF-1.7\n%\xE2\xE3\xCF\xD3"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("PK\x03\x04\x14\0\0\0"), CAPCAT_FMT_NONE);
	assert_int_equal(SIG("\x7f" "ELF\x02\x01\x01"), CAPCAT_FMT_NONE);
	assert_int_equal(sig(zeros, sizeof(zeros)), CAPCAT_FMT_NONE);
	memset(ones, 0xFF, sizeof(ones));
	assert_int_equal(sig(ones, sizeof(ones)), CAPCAT_FMT_NONE);
	/* random bytes that happen not to start with a known signature */
	for (int round = 0; round < 500; round++) {
		unsigned char r[64];
		for (size_t i = 0; i < sizeof(r); i++) {
			seed = seed * 1103515245u + 12345u;
			r[i] = (unsigned char)(seed >> 16);
		}
		r[0] = 'Q';     /* no signature starts with Q */
		assert_int_equal(sig(r, sizeof(r)), CAPCAT_FMT_NONE);
	}
}

/* ---- capcat_ident_buffer: libmagic plus our signatures ---- */

static struct capcat_ident *g_ident;

static int group_setup(void **state)
{
	struct capcat_err err = { 0 };

	(void)state;
	if (capcat_ident_open(&g_ident, &err) != 0) {
		fprintf(stderr, "capcat_ident_open: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	capcat_ident_close(g_ident);
	g_ident = NULL;
	return 0;
}

/* Identify a corpus file by its first 64 KiB, as the reader does. */
static enum capcat_format ident_file(const char *name, char *mime, size_t mime_size)
{
	char *path = tu_corpus(name);
	size_t len;
	unsigned char *data = tu_read_file(path, &len);
	const char *m = NULL;
	enum capcat_format f;

	f = capcat_ident_buffer(g_ident, data, len < 65536 ? len : 65536, &m);
	if (mime)
		snprintf(mime, mime_size, "%s", m ? m : "(null)");
	free(data);
	free(path);
	return f;
}

static void test_ident__buffer_raw_formats_libmagic_misses(void **state)
{
	char mime[128];

	(void)state;
	/* libmagic calls these application/octet-stream */
	assert_int_equal(ident_file("CanonRaw.cr3", mime, sizeof(mime)), CAPCAT_FMT_CR3);
	assert_string_equal(mime, "application/octet-stream");
	assert_int_equal(ident_file("Panasonic.rw2", mime, sizeof(mime)), CAPCAT_FMT_RW2);
	assert_string_equal(mime, "application/octet-stream");
	assert_int_equal(ident_file("Minolta.mrw", mime, sizeof(mime)), CAPCAT_FMT_MRW);
	assert_string_equal(mime, "application/octet-stream");
}

static void test_ident__buffer_common_images(void **state)
{
	static const struct {
		const char *name;
		enum capcat_format fmt;
	} cases[] = {
		{ "Apple.jpg", CAPCAT_FMT_JPEG }, { "ExifTool.tif", CAPCAT_FMT_TIFF },
		{ "PNG.png", CAPCAT_FMT_PNG }, { "RIFF.webp", CAPCAT_FMT_WEBP },
		{ "2021-02-13-1929.heic", CAPCAT_FMT_HEIF }, { "GIF.gif", CAPCAT_FMT_GIF },
		{ "BMP.bmp", CAPCAT_FMT_BMP }, { "Jpeg2000.jp2", CAPCAT_FMT_JP2 },
		{ "CanonRaw.crw", CAPCAT_FMT_CRW }, { "FujiFilm.raf", CAPCAT_FMT_RAF },
		{ "SigmaDP2.x3f", CAPCAT_FMT_X3F },
	};
	char mime[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum capcat_format f = ident_file(cases[i].name, mime, sizeof(mime));
		if (f != cases[i].fmt)
			fail_msg("%s: got %s (libmagic: %s), want %s", cases[i].name,
				 capcat_format_name(f), mime, capcat_format_name(cases[i].fmt));
	}
	assert_int_equal(ident_file("Apple.jpg", mime, sizeof(mime)), CAPCAT_FMT_JPEG);
	assert_string_equal(mime, "image/jpeg");
}

static void test_ident__buffer_tiff_refined_by_signature(void **state)
{
	enum capcat_format f;
	char mime[128];

	(void)state;
	/* libmagic may say image/tiff or image/x-canon-cr2: either way, CR2 */
	assert_int_equal(ident_file("CanonRaw.cr2", mime, sizeof(mime)), CAPCAT_FMT_CR2);
	/* a NEF and a DNG are TIFF to libmagic's usual database (EXIF refines
	 * them later); a database that names them is right too */
	f = ident_file("Nikon.nef", mime, sizeof(mime));
	assert_true(f == CAPCAT_FMT_TIFF || f == CAPCAT_FMT_NEF);
	f = ident_file("IMG_1361.dng", mime, sizeof(mime));
	assert_true(f == CAPCAT_FMT_TIFF || f == CAPCAT_FMT_DNG);
	/* libmagic's image/tiff never hides a signature we know */
	assert_int_equal(ident_file("Panasonic.rw2", mime, sizeof(mime)), CAPCAT_FMT_RW2);
}

static void test_ident__buffer_text_is_none(void **state)
{
	static const char text[] =
		"name\trepo\tpath\twhy\nApple.jpg\texiftool\tt/images/Apple.jpg\tiPhone\n";
	char mime[128];
	const char *m = NULL;

	(void)state;
	assert_int_equal(ident_file("MANIFEST.tsv", mime, sizeof(mime)), CAPCAT_FMT_NONE);
	assert_true(strncmp(mime, "text/", 5) == 0);
	assert_int_equal(capcat_ident_buffer(g_ident, text, sizeof(text) - 1, &m),
			 CAPCAT_FMT_NONE);
	assert_non_null(m);
	assert_true(strncmp(m, "text/", 5) == 0);
	/* mime may be NULL when the caller does not want it */
	assert_int_equal(capcat_ident_buffer(g_ident, text, sizeof(text) - 1, NULL),
			 CAPCAT_FMT_NONE);
}

static void test_ident__buffer_empty_and_binary_junk(void **state)
{
	unsigned char junk[4096];
	const char *m = NULL;
	unsigned seed = 99;

	(void)state;
	assert_int_equal(capcat_ident_buffer(g_ident, "", 0, &m), CAPCAT_FMT_NONE);
	assert_non_null(m);
	assert_string_equal(m, "application/x-empty");
	for (size_t i = 0; i < sizeof(junk); i++) {
		seed = seed * 1103515245u + 12345u;
		junk[i] = (unsigned char)(seed >> 16);
	}
	junk[0] = 'Q';
	assert_int_equal(capcat_ident_buffer(g_ident, junk, sizeof(junk), &m), CAPCAT_FMT_NONE);
	/* an MP4 video is ISO-BMFF too, but no image */
	{
		static const unsigned char mp4[] = {
			0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
			'i', 's', 'o', 'm', 'm', 'p', '4', '1', 0, 0, 0, 8, 'f', 'r', 'e', 'e',
		};
		assert_int_equal(capcat_ident_buffer(g_ident, mp4, sizeof(mp4), &m),
				 CAPCAT_FMT_NONE);
	}
}

/* capcat asks its own small database (catalog/images.magic) before the
 * system's: it loads, and for every file of the corpus capcat's answer is
 * the one the system database alone gives. */
static void test_ident__own_database_agrees_with_system(void **state)
{
	magic_t sys = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
				 MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_ENCODING |
				 MAGIC_NO_CHECK_TOKENS | MAGIC_NO_CHECK_APPTYPE);
	char *dir = tu_data_path("corpus");
	DIR *d = opendir(dir);
	struct dirent *de;
	int files = 0;

	(void)state;
	assert_true(capcat_ident__own_loaded(g_ident));
	assert_non_null(sys);
	assert_int_equal(magic_load(sys, NULL), 0);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char *path = tu_join(dir, de->d_name);
		size_t len = 0;
		unsigned char *data;
		const char *ours = NULL, *theirs;
		if (de->d_name[0] == '.' || tu_is_dir(path)) {
			free(path);
			continue;
		}
		data = tu_read_file(path, &len);
		len = len < 65536 ? len : 65536;
		(void)capcat_ident_buffer(g_ident, data, len, &ours);
		theirs = len ? magic_buffer(sys, data, len) : "application/x-empty";
		if (!ours || !theirs || strcmp(ours, theirs))
			fail_msg("%s: capcat says %s, the system database %s", de->d_name,
				 ours ? ours : "(null)", theirs ? theirs : "(null)");
		files++;
		free(data);
		free(path);
	}
	assert_true(files >= 90);
	closedir(d);
	magic_close(sys);
	free(dir);
}

static void test_ident__open_close(void **state)
{
	struct capcat_ident *id = NULL;
	struct capcat_err err = { 0 };

	(void)state;
	assert_int_equal(capcat_ident_open(&id, &err), 0);
	assert_non_null(id);
	/* a second cookie works on its own */
	assert_int_equal(capcat_ident_buffer(id, "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01", 13, NULL),
			 CAPCAT_FMT_JPEG);
	capcat_ident_close(id);
	capcat_ident_close(NULL);       /* a no-op */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident__signature_jpeg),
		cmocka_unit_test(test_ident__signature_tiff_both_byte_orders),
		cmocka_unit_test(test_ident__signature_cr2),
		cmocka_unit_test(test_ident__signature_rw2_orf),
		cmocka_unit_test(test_ident__signature_raf_mrw_x3f_crw),
		cmocka_unit_test(test_ident__signature_cr3),
		cmocka_unit_test(test_ident__signature_heif_brands),
		cmocka_unit_test(test_ident__signature_png_webp_gif),
		cmocka_unit_test(test_ident__signature_jp2_bmp),
		cmocka_unit_test(test_ident__signature_junk_is_none),
		cmocka_unit_test(test_ident__buffer_raw_formats_libmagic_misses),
		cmocka_unit_test(test_ident__buffer_common_images),
		cmocka_unit_test(test_ident__buffer_tiff_refined_by_signature),
		cmocka_unit_test(test_ident__buffer_text_is_none),
		cmocka_unit_test(test_ident__buffer_empty_and_binary_junk),
		cmocka_unit_test(test_ident__own_database_agrees_with_system),
		cmocka_unit_test(test_ident__open_close),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
