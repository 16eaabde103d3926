/* test_metadata.c - IPTC-IIM, XMP and the MWG rule, on generated blocks
 * and on the corpus files whose values ExifTool 12.57 reads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/iptc.h"
#include "capcat/meta.h"
#include "capcat/read.h"
#include "capcat/text.h"
#include "capcat/xmp.h"

/* The one effective value of 'f' (NULL if none), and its source. */
static const char *eff(const struct capcat_meta *m, enum capcat_field f, enum capcat_source *src)
{
	const char *v[16];
	enum capcat_source s;
	size_t n = capcat_meta_effective(m, f, v, 16, &s);

	if (src)
		*src = s;
	return n ? v[0] : NULL;
}

static size_t effn(const struct capcat_meta *m, enum capcat_field f, const char **v, size_t max)
{
	enum capcat_source s;

	return capcat_meta_effective(m, f, v, max, &s);
}

/* An IIM dataset: 1C rec ds len value */
static size_t ds(unsigned char *p, int rec, int dset, const char *v, size_t n)
{
	p[0] = 0x1C;
	p[1] = (unsigned char)rec;
	p[2] = (unsigned char)dset;
	p[3] = (unsigned char)(n >> 8);
	p[4] = (unsigned char)n;
	memcpy(p + 5, v, n);
	return 5 + n;
}

static void read_file_photo(const char *name, struct capcat_photo *ph)
{
	struct capcat_reader *r = NULL;
	struct capcat_err err = { 0 };
	char *path = tu_corpus(name);

	assert_int_equal(capcat_reader_new(&r, &err), 0);
	capcat_photo_init(ph);
	assert_int_equal(capcat_reader_read(r, ph, path, 0, &err), 0);
	capcat_reader_free(r);
	free(path);
}

static void test_metadata__iim_fields_and_date(void **state)
{
	unsigned char b[512];
	size_t n = 0;
	struct capcat_meta m;
	struct capcat_err err = { 0 };
	const char *kw[4];

	(void)state;
	n += ds(b + n, 1, 90, "\x1b%G", 3);
	n += ds(b + n, 2, 120, "Caption \xc3\xa9t\xc3\xa9", 13);
	n += ds(b + n, 2, 25, "one", 3);
	n += ds(b + n, 2, 25, "two", 3);
	n += ds(b + n, 2, 110, "AFP", 3);
	n += ds(b + n, 2, 55, "20240911", 8);
	n += ds(b + n, 2, 60, "101500+0300", 11);
	b[n++] = 0;                             /* padding is tolerated */
	capcat_meta_init(&m);
	assert_int_equal(capcat_iptc_read_iim(&m, b, n, &err), 0);
	assert_string_equal(eff(&m, CAPCAT_F_CAPTION, NULL), "Caption \xc3\xa9t\xc3\xa9");
	assert_int_equal(effn(&m, CAPCAT_F_KEYWORD, kw, 4), 2);
	assert_string_equal(kw[1], "two");
	assert_string_equal(eff(&m, CAPCAT_F_CREDIT, NULL), "AFP");
	assert_string_equal(eff(&m, CAPCAT_F_DATE_CREATED, NULL), "2024-09-11T10:15:00+03:00");
	assert_true(m.has_iim);
	capcat_meta_release(&m);
}

static void test_metadata__iim_cp1252_when_unmarked(void **state)
{
	unsigned char b[64];
	size_t n = ds(b, 2, 80, "Jos\xe9 Mag\xf1" "a \x93Q\x94", 14);
	struct capcat_meta m;

	(void)state;
	capcat_meta_init(&m);
	assert_int_equal(capcat_iptc_read_iim(&m, b, n, NULL), 0);
	/* é, ñ and the curly quotes of Windows-1252 */
	assert_string_equal(eff(&m, CAPCAT_F_CREATOR, NULL),
			    "Jos\xc3\xa9 Mag\xc3\xb1" "a \xe2\x80\x9cQ\xe2\x80\x9d");
	capcat_meta_release(&m);
}

static void test_metadata__iim_extended_length_and_damage(void **state)
{
	unsigned char b[128];
	size_t n = 0;
	struct capcat_meta m;

	(void)state;
	/* extended length: 0x8004 then a 4-byte length */
	b[n++] = 0x1C; b[n++] = 2; b[n++] = 105; b[n++] = 0x80; b[n++] = 0x04;
	b[n++] = 0; b[n++] = 0; b[n++] = 0; b[n++] = 8;
	memcpy(b + n, "Headline", 8);
	n += 8;
	/* a dataset that claims more bytes than the block holds: ignored */
	b[n++] = 0x1C; b[n++] = 2; b[n++] = 120; b[n++] = 0x7F; b[n++] = 0xFF;
	memcpy(b + n, "short", 5);
	n += 5;
	capcat_meta_init(&m);
	assert_int_equal(capcat_iptc_read_iim(&m, b, n, NULL), 0);
	assert_string_equal(eff(&m, CAPCAT_F_HEADLINE, NULL), "Headline");
	assert_null(eff(&m, CAPCAT_F_CAPTION, NULL));
	capcat_meta_release(&m);
}

static void test_metadata__irb_digest(void **state)
{
	unsigned char b[128], iim[32];
	size_t n = 0, in = ds(iim, 2, 110, "AP", 2);
	struct capcat_meta m;

	(void)state;
	memcpy(b + n, "8BIM\x04\x04\0\0", 8); n += 8;
	b[n++] = 0; b[n++] = 0; b[n++] = 0; b[n++] = (unsigned char)in;
	memcpy(b + n, iim, in); n += in;
	if (in & 1)
		b[n++] = 0;
	memcpy(b + n, "8BIM\x04\x25\0\0\0\0\0\x10", 12); n += 12;
	capcat_md5(iim, in, b + n); n += 16;
	capcat_meta_init(&m);
	assert_int_equal(capcat_iptc_read_irb(&m, b, n, NULL), 0);
	assert_true(m.has_iim && m.has_stored_digest);
	assert_memory_equal(m.iim_md5, m.stored_digest, 16);
	assert_string_equal(eff(&m, CAPCAT_F_CREDIT, NULL), "AP");
	capcat_meta_release(&m);
}

static void test_metadata__md5_known_vectors(void **state)
{
	unsigned char d[16];

	(void)state;
	capcat_md5("", 0, d);
	assert_memory_equal(d, "\xd4\x1d\x8c\xd9\x8f\x00\xb2\x04\xe9\x80\x09\x98\xec\xf8\x42\x7e", 16);
	capcat_md5("The quick brown fox jumps over the lazy dog", 43, d);
	assert_memory_equal(d, "\x9e\x10\x7d\x9d\x37\x2b\xb6\x82\x6b\xd8\x1d\x35\x42\xa4\x19\xd6", 16);
}

#define XMP_HEAD "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF " \
	"xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
#define XMP_TAIL "</rdf:RDF></x:xmpmeta>"

/* A UTF-16LE packet padded with NULs: "...>" ends in a 00 byte that is
 * half of its last character, not padding. */
static void test_metadata__xmp_utf16_padded(void **state)
{
	static const char x[] = XMP_HEAD "<rdf:Description rdf:about='' "
		"xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:description><rdf:Alt>"
		"<rdf:li xml:lang='x-default'>Z\xc3\xbcrich</rdf:li></rdf:Alt></dc:description>"
		"</rdf:Description>" XMP_TAIL;
	char wide[2 * sizeof(x) + 8] = { 0 };   /* Latin-1 range only: one unit each */
	size_t n = 0;
	struct capcat_meta m;

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(x); i++) {
		unsigned c = (unsigned char)x[i];
		if (c == 0xc3)                  /* the one UTF-8 pair: U+00FC */
			c = 0xc0 | ((unsigned char)x[++i] & 0x3f);
		wide[n++] = (char)c;
		wide[n++] = 0;
	}
	n += 6;                                 /* NUL padding */
	capcat_meta_init(&m);
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, wide, n, NULL, 0, NULL), 0);
	assert_string_equal(eff(&m, CAPCAT_F_CAPTION, NULL), "Z\xc3\xbcrich");
	capcat_meta_release(&m);
}

static void test_metadata__xmp_forms(void **state)
{
	static const char x[] = XMP_HEAD
		"<rdf:Description rdf:about='' xmlns:P='http://ns.adobe.com/photoshop/1.0/'"
		" xmlns:d='http://purl.org/dc/elements/1.1/' P:City='Baghdad'>"
		"<d:description><rdf:Alt><rdf:li xml:lang='fr'>Légende</rdf:li>"
		"<rdf:li xml:lang='x-default'>Caption &amp; more</rdf:li></rdf:Alt></d:description>"
		"<d:creator><rdf:Seq><rdf:li>Murtada AL-SUDANI</rdf:li><rdf:li>B</rdf:li></rdf:Seq></d:creator>"
		"<d:subject><rdf:Bag><rdf:li>iraq</rdf:li><rdf:li>iran</rdf:li></rdf:Bag></d:subject>"
		"<P:Credit>Murtada AL-SUDANI / POOL / AFP</P:Credit>"
		"</rdf:Description>" XMP_TAIL;
	struct capcat_meta m;
	const char *v[4];

	(void)state;
	capcat_meta_init(&m);
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, x, sizeof(x) - 1, NULL, 0, NULL), 0);
	assert_string_equal(eff(&m, CAPCAT_F_CITY, NULL), "Baghdad");
	/* x-default wins over the first language */
	assert_string_equal(eff(&m, CAPCAT_F_CAPTION, NULL), "Caption & more");
	assert_int_equal(effn(&m, CAPCAT_F_CREATOR, v, 4), 2);
	assert_string_equal(v[0], "Murtada AL-SUDANI");
	assert_int_equal(effn(&m, CAPCAT_F_KEYWORD, v, 4), 2);
	assert_string_equal(v[1], "iran");
	assert_string_equal(eff(&m, CAPCAT_F_CREDIT, NULL), "Murtada AL-SUDANI / POOL / AFP");
	capcat_meta_release(&m);
}

static void test_metadata__xmp_location_structs(void **state)
{
	static const char x[] = XMP_HEAD
		"<rdf:Description rdf:about='' xmlns:E='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>"
		"<E:LocationShown><rdf:Bag>"
		"<rdf:li rdf:parseType='Resource'><E:City>Baghdad</E:City><E:CountryName>Iraq</E:CountryName></rdf:li>"
		"<rdf:li E:City='Erbil' E:CountryCode='IQ'/>"
		"</rdf:Bag></E:LocationShown>"
		"<E:PersonInImage><rdf:Bag><rdf:li>Masoud Pezeshkian</rdf:li></rdf:Bag></E:PersonInImage>"
		"</rdf:Description>" XMP_TAIL;
	struct capcat_meta m;
	int found = 0;

	(void)state;
	capcat_meta_init(&m);
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, x, sizeof(x) - 1, NULL, 0, NULL), 0);
	for (size_t i = 0; i < m.n; i++) {
		if (m.v[i].field == CAPCAT_F_SHOWN_CITY && m.v[i].seq == 1)
			assert_string_equal(m.v[i].value, "Erbil"), found++;
		if (m.v[i].field == CAPCAT_F_SHOWN_COUNTRY && m.v[i].seq == 0)
			assert_string_equal(m.v[i].value, "Iraq"), found++;
	}
	assert_int_equal(found, 2);
	assert_string_equal(eff(&m, CAPCAT_F_PERSON, NULL), "Masoud Pezeshkian");
	capcat_meta_release(&m);
}

static void test_metadata__xmp_extended_joined(void **state)
{
	static const char main_pkt[] = XMP_HEAD
		"<rdf:Description rdf:about='' xmlns:xmpNote='http://ns.adobe.com/xmp/note/'"
		" xmpNote:HasExtendedXMP='0123456789ABCDEF0123456789ABCDEF'/>" XMP_TAIL;
	static const char ext_doc[] = XMP_HEAD
		"<rdf:Description rdf:about='' xmlns:P='http://ns.adobe.com/photoshop/1.0/'>"
		"<P:Headline>From the extension</P:Headline></rdf:Description>" XMP_TAIL;
	unsigned char seg[1024];
	size_t n = 0, total = sizeof(ext_doc) - 1, half = total / 2;
	struct capcat_meta m;

	(void)state;
	/* two chunks, second first: joined by offset */
	for (int k = 1; k >= 0; k--) {
		size_t off = k ? half : 0, len = k ? total - half : half, clen = 40 + len;
		seg[n++] = (unsigned char)(clen >> 24); seg[n++] = (unsigned char)(clen >> 16);
		seg[n++] = (unsigned char)(clen >> 8); seg[n++] = (unsigned char)clen;
		memcpy(seg + n, "0123456789ABCDEF0123456789ABCDEF", 32); n += 32;
		seg[n++] = 0; seg[n++] = 0; seg[n++] = (unsigned char)(total >> 8); seg[n++] = (unsigned char)total;
		seg[n++] = 0; seg[n++] = 0; seg[n++] = (unsigned char)(off >> 8); seg[n++] = (unsigned char)off;
		memcpy(seg + n, ext_doc + off, len);
		n += len;
	}
	capcat_meta_init(&m);
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, main_pkt, sizeof(main_pkt) - 1,
					 seg, n, NULL), 0);
	assert_string_equal(eff(&m, CAPCAT_F_HEADLINE, NULL), "From the extension");
	capcat_meta_release(&m);
}

static void test_metadata__xmp_hostile(void **state)
{
	static const char laughs[] =
		"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>"
		"<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>"
		"<!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'><!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'>"
		"<!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'><!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>"
		"<!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'><!ENTITY i '&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;'>]>"
		"<x>&i;</x>";
	static const char good[] =
		"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF"
		" xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description"
		" xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/' photoshop:City='Erbil'/>"
		"</rdf:RDF></x:xmpmeta>";
	char deep[8192];
	size_t n = 0;
	struct capcat_meta m;
	struct capcat_err err = { 0 };

	(void)state;
	capcat_meta_init(&m);
	/* a billion laughs is refused, not expanded */
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, laughs, sizeof(laughs) - 1, NULL, 0, &err),
			 CAPCAT_EFORMAT);
	for (int i = 0; i < 1000; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	assert_int_not_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, deep, n, NULL, 0, &err), 0);
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, "<unclosed", 9, NULL, 0, &err),
			 CAPCAT_EFORMAT);
	assert_int_equal(m.n, 0);
	/* the thread's parser, reset after each of those, reads the next one whole */
	assert_int_equal(capcat_xmp_read(&m, CAPCAT_SRC_XMP, good, sizeof(good) - 1, NULL, 0, &err),
			 0);
	assert_string_equal(capcat_meta_first(&m, CAPCAT_F_CITY, NULL), "Erbil");
	capcat_meta_release(&m);
}

/* MWG.jpg: IPTC and XMP disagree, no stored digest; ExifTool -MWG:all reads
 * Description and Creator from EXIF, Copyright, City and Keywords from XMP,
 * Location, State and Country from IPTC (XMP has none). */
static void test_metadata__mwg_file(void **state)
{
	struct capcat_photo ph;
	enum capcat_source src;
	const char *v[4];

	(void)state;
	read_file_photo("MWG.jpg", &ph);
	assert_string_equal(eff(&ph.meta, CAPCAT_F_CAPTION, &src), "RIGHT-EXIF-Description");
	assert_int_equal(src, CAPCAT_SRC_EXIF);
	assert_int_equal(effn(&ph.meta, CAPCAT_F_CREATOR, v, 4), 2);
	assert_string_equal(v[1], "RIGHT2of2-EXIF-Creator");
	assert_string_equal(eff(&ph.meta, CAPCAT_F_COPYRIGHT, NULL), "RIGHT-XMP-Copyright");
	assert_string_equal(eff(&ph.meta, CAPCAT_F_CITY, NULL), "RIGHT-XMP-City");
	assert_int_equal(effn(&ph.meta, CAPCAT_F_KEYWORD, v, 4), 2);
	assert_string_equal(v[0], "RIGHT1of2-XMP-Keywords");
	assert_string_equal(eff(&ph.meta, CAPCAT_F_SUBLOCATION, NULL), "RIGHT-IPTC-Location");
	assert_string_equal(eff(&ph.meta, CAPCAT_F_REGION, NULL), "RIGHT-IPTC-State");
	assert_string_equal(eff(&ph.meta, CAPCAT_F_COUNTRY, NULL), "RIGHT-IPTC-Country");
	capcat_photo_release(&ph);
}

/* Two APP13 blocks with different Credit: the first is the real one, and
 * its digest no longer matches the stored one, so IIM wins over XMP. */
static void test_metadata__two_iptc_blocks(void **state)
{
	struct capcat_photo ph;

	(void)state;
	read_file_photo("iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg", &ph);
	assert_string_equal(eff(&ph.meta, CAPCAT_F_CREDIT, NULL), "This is credit number one");
	capcat_photo_release(&ph);
}

/* Reagan.jpg: Latin-1 By-line without 1:90 ("Photographer\xed" as ExifTool
 * prints it), and the IIM digest matches, so XMP counts. */
static void test_metadata__reagan_latin1(void **state)
{
	struct capcat_photo ph;
	const char *v[2];

	(void)state;
	read_file_photo("Reagan.jpg", &ph);
	assert_int_equal(capcat_meta_get(&ph.meta, CAPCAT_F_CREATOR, CAPCAT_SRC_IPTC, v, 2), 1);
	assert_true(capcat_utf8_valid(v[0], strlen(v[0])));
	assert_non_null(strstr(v[0], "Photographer\xc3\xad" "s Mate"));
	assert_string_equal(eff(&ph.meta, CAPCAT_F_CREDIT, NULL), "U.S Navy");
	assert_string_equal(eff(&ph.meta, CAPCAT_F_CITY, NULL), "Straits of Magellan");
	assert_true(ph.meta.has_stored_digest);
	capcat_photo_release(&ph);
}

/* PhotoMechanic.jpg, ExifTool.jpg (UTF-16 XMP, stale digest: IIM wins),
 * exiftool__IPTC.jpg (IPTC only), ExifTool.tif (IPTC tag in a TIFF). */
static void test_metadata__corpus_captions(void **state)
{
	static const struct { const char *file; enum capcat_field f; const char *want; } cases[] = {
		{ "PhotoMechanic.jpg", CAPCAT_F_CAPTION, "Caption" },
		{ "PhotoMechanic.jpg", CAPCAT_F_HEADLINE, "Headline" },
		{ "PhotoMechanic.jpg", CAPCAT_F_COUNTRY_CODE, "COD" },
		{ "ExifTool.jpg", CAPCAT_F_CAPTION, "A witty caption" },
		{ "ExifTool.jpg", CAPCAT_F_CREDIT, "My Credit" },
		{ "exiftool__IPTC.jpg", CAPCAT_F_SOURCE, "I'm the source" },
		{ "exiftool__IPTC.jpg", CAPCAT_F_CAPTION_WRITER, "I wrote it" },
		{ "ExifTool.tif", CAPCAT_F_HEADLINE, "headline" },
		{ "Nikon.nef", CAPCAT_F_CAPTION, "A caption" },
		{ "ReaganSmallPng.png", CAPCAT_F_CREDIT, "U.S Navy" },
		{ "Pillow__iptc.jpg", CAPCAT_F_CITY, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct capcat_photo ph;
		const char *got;
		read_file_photo(cases[i].file, &ph);
		got = eff(&ph.meta, cases[i].f, NULL);
		if (cases[i].want) {
			assert_non_null(got);
			assert_string_equal(got, cases[i].want);
		}
		capcat_photo_release(&ph);
	}
}

/* The UTF-16 big-endian packet of ExifTool.jpg is read. */
static void test_metadata__utf16_xmp(void **state)
{
	struct capcat_photo ph;
	const char *v[1];

	(void)state;
	read_file_photo("ExifTool.jpg", &ph);
	assert_int_equal(capcat_meta_get(&ph.meta, CAPCAT_F_CAPTION, CAPCAT_SRC_XMP, v, 1), 1);
	assert_string_equal(v[0], "UTF-16 (big-endian) encoded XMP");
	capcat_photo_release(&ph);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metadata__iim_fields_and_date),
		cmocka_unit_test(test_metadata__iim_cp1252_when_unmarked),
		cmocka_unit_test(test_metadata__iim_extended_length_and_damage),
		cmocka_unit_test(test_metadata__irb_digest),
		cmocka_unit_test(test_metadata__md5_known_vectors),
		cmocka_unit_test(test_metadata__xmp_forms),
		cmocka_unit_test(test_metadata__xmp_utf16_padded),
		cmocka_unit_test(test_metadata__xmp_location_structs),
		cmocka_unit_test(test_metadata__xmp_extended_joined),
		cmocka_unit_test(test_metadata__xmp_hostile),
		cmocka_unit_test(test_metadata__mwg_file),
		cmocka_unit_test(test_metadata__two_iptc_blocks),
		cmocka_unit_test(test_metadata__reagan_latin1),
		cmocka_unit_test(test_metadata__corpus_captions),
		cmocka_unit_test(test_metadata__utf16_xmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
