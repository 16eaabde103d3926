/* test_embed.c - captions written into JPEGs: read back through the reader
 * (IIM, XMP, the MWG choice between them), every other segment and the
 * image data byte for byte, the IIM writer on its own (kept datasets,
 * byte limits, dates, Windows-1252 kept in meaning), and the refusals:
 * an XMP packet too large, damaged and truncated JPEGs, other formats,
 * an MPF index in the way.  A refused photo is untouched and no temporary
 * file is left beside it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/container.h"
#include "capcat/embed.h"
#include "capcat/err.h"
#include "capcat/iptc.h"
#include "capcat/meta.h"
#include "capcat/photo.h"
#include "capcat/read.h"
#include "capcat/text.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CAPTION "Masoud Pezeshkian arrives in Z\xC3\xBCrich from \xC5\x9E" "anl\xC4\xB1" "urfa. " \
	"(Murtada AL-SUDANI / POOL / AFP)"
#define CREDIT "Murtada AL-SUDANI / POOL / AFP via Getty"     /* 40 bytes: IIM keeps 32 */
#define CITY "\xC5\x9E" "anl\xC4\xB1" "urfa"

/* ---- helpers ----------------------------------------------------------- */

static void add(struct capcat_meta *m, enum capcat_field f, const char *v)
{
	assert_int_equal(capcat_meta_add(m, f, CAPCAT_SRC_USER, v, strlen(v)), 0);
}

static void news_meta(struct capcat_meta *m)
{
	capcat_meta_init(m);
	add(m, CAPCAT_F_CAPTION, CAPTION);
	add(m, CAPCAT_F_HEADLINE, "Iranian president in Z\xC3\xBCrich");
	add(m, CAPCAT_F_CREDIT, CREDIT);
	add(m, CAPCAT_F_CREATOR, "Murtada AL-SUDANI");
	add(m, CAPCAT_F_SOURCE, "AFP");
	add(m, CAPCAT_F_CITY, CITY);
	add(m, CAPCAT_F_REGION, "\xC5\x9E" "anl\xC4\xB1" "urfa Province");
	add(m, CAPCAT_F_COUNTRY, "T\xC3\xBCrkiye");
	add(m, CAPCAT_F_COUNTRY_CODE, "TUR");
	add(m, CAPCAT_F_SUBLOCATION, "Old Bazaar");
	add(m, CAPCAT_F_KEYWORD, "politics");
	add(m, CAPCAT_F_KEYWORD, "Z\xC3\xBCrich");
	add(m, CAPCAT_F_PERSON, "Masoud Pezeshkian");
}

/* A copy of corpus file 'name' in 'dir'. */
static char *copy_corpus(const char *dir, const char *name)
{
	char *src = tu_corpus(name), *dst = tu_join(dir, name);
	size_t len;
	unsigned char *data = tu_read_file(src, &len);

	tu_write_file(dst, data, len);
	free(data);
	free(src);
	return dst;
}

/* The bytes of file 'name' in folder 'dir', NUL-terminated (malloc'd). */
static unsigned char *read_in(const char *dir, const char *name, size_t *len)
{
	char *path = tu_join(dir, name);
	unsigned char *p = tu_read_file(path, len);

	free(path);
	return p;
}

static void read_photo(struct capcat_photo *ph, const char *path)
{
	struct capcat_reader *r = NULL;
	struct capcat_err err = { 0 };

	capcat_photo_init(ph);
	assert_int_equal(capcat_reader_new(&r, &err), 0);
	assert_int_equal(capcat_reader_read(r, ph, path, 0, &err), 0);
	capcat_reader_free(r);
}

static const char *get(const struct capcat_meta *m, enum capcat_field f, enum capcat_source s)
{
	const char *v[16];

	return capcat_meta_get(m, f, s, v, 16) ? v[0] : NULL;
}

static const char *effective(const struct capcat_meta *m, enum capcat_field f,
			     enum capcat_source *src)
{
	const char *v[16];

	return capcat_meta_effective(m, f, v, 16, src) ? v[0] : NULL;
}

/* Whether a unit is one that embedding may change: the first XMP APP1, or
 * an APP13 "Photoshop 3.0". */
static int is_managed(const unsigned char *p, const struct capcat_jpeg_seg *s, int *xmp_seen)
{
	static const char xmp_id[] = "http://ns.adobe.com/xap/1.0/";
	size_t n = s->end - s->data;

	if (s->marker == 0xE1 && n >= sizeof(xmp_id) && !memcmp(p + s->data, xmp_id, sizeof(xmp_id)) &&
	    !*xmp_seen) {
		*xmp_seen = 1;
		return 1;
	}
	return s->marker == 0xED && n >= 14 && !memcmp(p + s->data, "Photoshop 3.0", 14);
}

/* The units of a JPEG that embedding must keep, in order, each as its
 * bytes, and everything from SOS on as the last. */
struct units {
	const unsigned char *p[CAPCAT_JPEG_MAX_SEGMENTS + 2];
	size_t n[CAPCAT_JPEG_MAX_SEGMENTS + 2];
	size_t count;
};

static void kept_units(struct units *u, const unsigned char *p, size_t len)
{
	struct capcat_jpeg_seg s;
	const char *why;
	size_t off = 2;
	int xmp_seen = 0;

	u->count = 0;
	for (;;) {
		assert_int_equal(capcat_jpeg_next(&s, p, len, off, &why), 0);
		assert_true(u->count <= CAPCAT_JPEG_MAX_SEGMENTS);
		if (s.marker == 0xDA) {
			u->p[u->count] = p + s.off;
			u->n[u->count++] = len - s.off;
			return;
		}
		if (!is_managed(p, &s, &xmp_seen)) {
			u->p[u->count] = p + s.off;
			u->n[u->count++] = s.end - s.off;
		}
		off = s.end;
	}
}

/* Every unit of 'a' but the XMP and APP13 is in 'b', in the same order,
 * byte for byte, and so is all from SOS to the end of the file. */
static void assert_rest_identical(const unsigned char *a, size_t alen, const unsigned char *b,
				  size_t blen)
{
	struct units *ua = malloc(sizeof(*ua)), *ub = malloc(sizeof(*ub));

	assert_non_null(ua);
	assert_non_null(ub);
	kept_units(ua, a, alen);
	kept_units(ub, b, blen);
	assert_int_equal(ua->count, ub->count);
	for (size_t i = 0; i < ua->count; i++) {
		assert_int_equal(ua->n[i], ub->n[i]);
		assert_memory_equal(ua->p[i], ub->p[i], ua->n[i]);
	}
	free(ua);
	free(ub);
}

/* The folder holds only 'name' (no temporary file left). */
static void assert_alone(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		assert_string_equal(e->d_name, name);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 1);
}

/* Embed 'm' into a copy of corpus 'name'; checks the rest is kept and
 * returns the photo as the reader sees it. */
static void embed_and_read(struct capcat_photo *ph, const char *dir, const char *name,
			   const struct capcat_meta *m)
{
	char *path = copy_corpus(dir, name);
	size_t alen, blen;
	unsigned char *a = tu_read_file(path, &alen), *b;
	struct capcat_err err = { 0 };

	if (capcat_embed_file(path, m, &err))
		fail_msg("%s: %s", name, err.msg);
	b = tu_read_file(path, &blen);
	assert_rest_identical(a, alen, b, blen);
	assert_alone(dir, name);
	read_photo(ph, path);
	free(a);
	free(b);
	free(path);
}

/* What was embedded is what the reader finds, in IIM and in XMP, and the
 * MWG rule takes XMP: the stored digest is that of the IIM. */
static void assert_embedded(const struct capcat_photo *ph)
{
	const struct capcat_meta *m = &ph->meta;
	enum capcat_source src;
	const char *v[8];

	assert_true(m->has_iim);
	assert_true(m->has_stored_digest);
	assert_memory_equal(m->iim_md5, m->stored_digest, 16);
	assert_string_equal(get(m, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC), CAPTION);
	assert_string_equal(get(m, CAPCAT_F_CAPTION, CAPCAT_SRC_XMP), CAPTION);
	assert_string_equal(effective(m, CAPCAT_F_CAPTION, &src), CAPTION);
	assert_int_equal(src, CAPCAT_SRC_XMP);
	/* the credit is cut to 32 bytes in IIM, whole in XMP, and XMP counts */
	assert_string_equal(get(m, CAPCAT_F_CREDIT, CAPCAT_SRC_IPTC), "Murtada AL-SUDANI / POOL / AFP v");
	assert_string_equal(get(m, CAPCAT_F_CREDIT, CAPCAT_SRC_XMP), CREDIT);
	assert_string_equal(effective(m, CAPCAT_F_CREDIT, &src), CREDIT);
	assert_string_equal(get(m, CAPCAT_F_CREATOR, CAPCAT_SRC_IPTC), "Murtada AL-SUDANI");
	assert_string_equal(effective(m, CAPCAT_F_CREATOR, &src), "Murtada AL-SUDANI");
	assert_string_equal(get(m, CAPCAT_F_CITY, CAPCAT_SRC_IPTC), CITY);
	assert_string_equal(effective(m, CAPCAT_F_CITY, &src), CITY);
	assert_string_equal(get(m, CAPCAT_F_COUNTRY, CAPCAT_SRC_IPTC), "T\xC3\xBCrkiye");
	assert_string_equal(get(m, CAPCAT_F_COUNTRY_CODE, CAPCAT_SRC_IPTC), "TUR");
	assert_string_equal(get(m, CAPCAT_F_SUBLOCATION, CAPCAT_SRC_IPTC), "Old Bazaar");
	assert_string_equal(get(m, CAPCAT_F_SOURCE, CAPCAT_SRC_IPTC), "AFP");
	assert_string_equal(get(m, CAPCAT_F_HEADLINE, CAPCAT_SRC_IPTC), "Iranian president in Z\xC3\xBCrich");
	assert_int_equal(capcat_meta_get(m, CAPCAT_F_KEYWORD, CAPCAT_SRC_IPTC, v, 8), 2);
	assert_string_equal(v[0], "politics");
	assert_string_equal(v[1], "Z\xC3\xBCrich");
	assert_int_equal(capcat_meta_effective(m, CAPCAT_F_KEYWORD, v, 8, &src), 2);
	assert_string_equal(get(m, CAPCAT_F_PERSON, CAPCAT_SRC_XMP), "Masoud Pezeshkian");
}

/* ---- whole photos ------------------------------------------------------ */

/* Apple.jpg: EXIF only; both XMP and IPTC are new, after the EXIF. */
static void test_embed__photo_without_iptc_or_xmp(void **state)
{
	struct capcat_meta m;
	struct capcat_photo ph;

	news_meta(&m);
	embed_and_read(&ph, *state, "Apple.jpg", &m);
	assert_embedded(&ph);
	assert_string_equal(ph.make, "Apple");  /* the EXIF is still read */
	assert_int_equal(capcat_embed_exif_differs(&ph.meta, &m), 0);
	capcat_photo_release(&ph);
	capcat_meta_release(&m);
}

/* PhotoMechanic.jpg: IIM and XMP by Photo Mechanic.  Managed values are
 * replaced; the rest of both stays: the IIM datasets capcat does not
 * manage byte for byte, the XMP properties in meaning. */
static void test_embed__photo_mechanic_keeps_the_rest(void **state)
{
	struct capcat_meta m;
	struct capcat_photo ph;
	unsigned char *p;
	size_t len;

	news_meta(&m);
	embed_and_read(&ph, *state, "PhotoMechanic.jpg", &m);
	assert_embedded(&ph);
	/* old values of managed fields are gone from both */
	assert_null(get(&ph.meta, CAPCAT_F_TITLE, CAPCAT_SRC_IPTC));
	assert_null(get(&ph.meta, CAPCAT_F_TITLE, CAPCAT_SRC_XMP));
	assert_null(get(&ph.meta, CAPCAT_F_INSTRUCTIONS, CAPCAT_SRC_IPTC));
	capcat_photo_release(&ph);
	p = read_in(*state, "PhotoMechanic.jpg", &len);
	/* 2:15 Category, 2:20 Supplemental Categories, 2:221 Prefs kept */
	assert_non_null(memmem(p, len, "\x1C\x02\x0F\x00\x08" "Category", 13));
	assert_non_null(memmem(p, len, "\x1C\x02\x14\x00\x0A" "Supp Cat 2", 15));
	assert_non_null(memmem(p, len, "\x1C\x02\xDD\x00\x0C" "0:0:0:-00001", 17));
	assert_non_null(memmem(p, len, "\x1B%G", 3));
	/* unmanaged XMP kept */
	assert_non_null(memmem(p, len, "<photomechanic:EditStatus>Edit Status</photomechanic:EditStatus>", 63));
	assert_non_null(memmem(p, len, "<photoshop:TransmissionReference>Trans ref", 42));
	free(p);
	capcat_meta_release(&m);
}

/* Pillow__iptc.jpg: IIM without 1:90 and without a digest, no XMP. */
static void test_embed__iptc_without_digest(void **state)
{
	struct capcat_meta m;
	struct capcat_photo ph;

	news_meta(&m);
	embed_and_read(&ph, *state, "Pillow__iptc.jpg", &m);
	assert_embedded(&ph);
	capcat_photo_release(&ph);
	capcat_meta_release(&m);
}

/* Two APP13 segments, each with IIM and a digest: one stream, as the
 * reader joins them; the first IIM is the one rewritten, both digests
 * updated, the second IIM kept. */
static void test_embed__two_photoshop_segments(void **state)
{
	struct capcat_meta m;
	struct capcat_photo ph;
	unsigned char *p;
	size_t len;

	news_meta(&m);
	embed_and_read(&ph, *state, "iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg", &m);
	assert_embedded(&ph);
	capcat_photo_release(&ph);
	p = read_in(*state, "iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg", &len);
	assert_null(memmem(p, len, "This is credit number one", 25));
	assert_non_null(memmem(p, len, "This is credit number two", 25));
	free(p);
	capcat_meta_release(&m);
}

/* XMP.jpg: the XMP packet is UTF-16; the new one is UTF-8 and keeps it.
 * Its EXIF has a description and an artist of its own, which MWG readers
 * take first: embedding says so. */
static void test_embed__utf16_xmp_and_exif_in_the_way(void **state)
{
	struct capcat_meta m;
	struct capcat_photo ph;
	enum capcat_source src;

	news_meta(&m);
	embed_and_read(&ph, *state, "XMP.jpg", &m);
	assert_string_equal(get(&ph.meta, CAPCAT_F_CAPTION, CAPCAT_SRC_XMP), CAPTION);
	assert_string_equal(get(&ph.meta, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC), CAPTION);
	assert_string_equal(effective(&ph.meta, CAPCAT_F_CAPTION, &src), "A witty caption");
	assert_int_equal(src, CAPCAT_SRC_EXIF);
	assert_int_equal(capcat_embed_exif_differs(&ph.meta, &m),
			 1u << CAPCAT_F_CAPTION | 1u << CAPCAT_F_CREATOR);
	capcat_photo_release(&ph);
	capcat_meta_release(&m);
}

/* Google.jpg: a main packet naming Extended XMP; both stay readable. */
static void test_embed__extended_xmp_kept(void **state)
{
	struct capcat_meta m;
	struct capcat_photo ph;
	unsigned char *p;
	size_t len;

	news_meta(&m);
	embed_and_read(&ph, *state, "Google.jpg", &m);
	assert_embedded(&ph);
	capcat_photo_release(&ph);
	p = read_in(*state, "Google.jpg", &len);
	assert_non_null(memmem(p, len, "HasExtendedXMP", 14));
	assert_non_null(memmem(p, len, "http://ns.adobe.com/xmp/extension/", 35));
	free(p);
	capcat_meta_release(&m);
}

/* sample1.jpg's descriptions are about="uuid:..." (older RDF): capcat's
 * is about the same resource, or readers see two resources. */
static void test_embed__xmp_about_kept(void **state)
{
	static const char about[] = "rdf:about=\"uuid:5f5d2d26-eaa2-11d9-a6e9-a8189497d9c2\"";
	struct capcat_meta m;
	struct capcat_photo ph;
	unsigned char *p;
	size_t len;

	news_meta(&m);
	embed_and_read(&ph, *state, "sample1.jpg", &m);
	assert_embedded(&ph);
	capcat_photo_release(&ph);
	p = read_in(*state, "sample1.jpg", &len);
	assert_non_null(memmem(p, len, about, sizeof(about) - 1));
	assert_null(memmem(p, len, "rdf:about=\"\"", 12));
	free(p);
	capcat_meta_release(&m);
}

/* The photo keeps its permission bits. */
static void test_embed__keeps_permissions(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = { 0 };
	char *path = copy_corpus(*state, "Apple.jpg");
	struct stat st;

	news_meta(&m);
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(capcat_embed_file(path, &m, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	free(path);
	capcat_meta_release(&m);
}

/* Embedding twice gives the same file: nothing grows or repeats. */
static void test_embed__twice_is_once(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = { 0 };
	char *path = copy_corpus(*state, "PhotoMechanic.jpg");
	unsigned char *a, *b;
	size_t alen, blen;

	news_meta(&m);
	assert_int_equal(capcat_embed_file(path, &m, &err), 0);
	a = tu_read_file(path, &alen);
	assert_int_equal(capcat_embed_file(path, &m, &err), 0);
	b = tu_read_file(path, &blen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	free(a);
	free(b);
	free(path);
	capcat_meta_release(&m);
}

/* Every JPEG of the corpus is either rewritten with all else kept, or
 * refused with a reason; never a crash or an overread. */
static void test_embed__whole_corpus(void **state)
{
	char *dir = tu_data_path("corpus");
	DIR *d = opendir(dir);
	struct dirent *e;
	struct capcat_meta m;
	int done = 0;

	(void)state;
	assert_non_null(d);
	news_meta(&m);
	while ((e = readdir(d))) {
		char *path = tu_join(dir, e->d_name);
		struct capcat_err err = { 0 };
		unsigned char *in, *out = NULL;
		size_t len, out_len = 0;
		int rc;

		if (!strstr(e->d_name, ".jpg")) {
			free(path);
			continue;
		}
		in = tu_read_file(path, &len);
		rc = capcat_embed_render(&out, &out_len, in, len, &m, &err);
		if (rc == 0) {
			assert_rest_identical(in, len, out, out_len);
			done++;
		} else {
			assert_int_equal(rc, CAPCAT_EFORMAT);
			assert_true(err.msg[0] != '\0');
		}
		free(out);
		free(in);
		free(path);
	}
	closedir(d);
	assert_true(done >= 40);
	capcat_meta_release(&m);
	free(dir);
}

/* ---- refusals ---------------------------------------------------------- */

/* Embedding into corpus 'name' (or 'data' when given) fails with 'code';
 * the file is as it was and alone in its folder. */
static void assert_refused(const char *dir, const char *name, const unsigned char *data,
			   size_t dlen, const struct capcat_meta *m, int code, const char *why)
{
	char *path;
	unsigned char *a, *b;
	size_t alen, blen;
	struct capcat_err err = { 0 };

	if (data) {
		path = tu_join(dir, name);
		tu_write_file(path, data, dlen);
	} else {
		path = copy_corpus(dir, name);
	}
	a = tu_read_file(path, &alen);
	assert_int_equal(capcat_embed_file(path, m, &err), code);
	if (!strstr(err.msg, why))
		fail_msg("%s: '%s' does not say '%s'", name, err.msg, why);
	assert_string_equal(err.path, path);
	b = tu_read_file(path, &blen);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_alone(dir, name);
	unlink(path);
	free(a);
	free(b);
	free(path);
}

static void test_embed__xmp_too_large_refused(void **state)
{
	struct capcat_meta m;
	size_t n = 70000;
	char *big = malloc(n + 1);

	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = "Z\xC3\xBCrich "[i % 8];
	big[n - n % 8] = '\0';
	news_meta(&m);
	add(&m, CAPCAT_F_INSTRUCTIONS, big);
	assert_refused(*state, "Apple.jpg", NULL, 0, &m, CAPCAT_EFORMAT, "Extended XMP is not written");
	assert_refused(*state, "PhotoMechanic.jpg", NULL, 0, &m, CAPCAT_EFORMAT, "more than the 65502");
	free(big);
	capcat_meta_release(&m);
}

static void test_embed__truncated_refused(void **state)
{
	struct capcat_meta m;
	char *src = tu_corpus("Apple.jpg");
	size_t len;
	unsigned char *p = tu_read_file(src, &len);

	news_meta(&m);
	/* cut in the scan: no EOI */
	assert_refused(*state, "truncated_jpeg.jpg", NULL, 0, &m, CAPCAT_EFORMAT, "cut short");
	assert_refused(*state, "cut.jpg", p, len - 2, &m, CAPCAT_EFORMAT, "cut short");
	/* cut inside the EXIF segment */
	assert_refused(*state, "cut.jpg", p, 1000, &m, CAPCAT_EFORMAT, "runs past the end");
	/* cut between two segments, before the image data */
	assert_refused(*state, "cut.jpg", p, 2 + 4 + 2100, &m, CAPCAT_EFORMAT, "before the image data");
	/* a marker where none can be */
	p[2 + 4 + 2100] = 0x00;
	assert_refused(*state, "bad.jpg", p, len, &m, CAPCAT_EFORMAT, "bad JPEG marker");
	free(p);
	free(src);
	capcat_meta_release(&m);
}

static void test_embed__other_formats_refused(void **state)
{
	struct capcat_meta m;

	news_meta(&m);
	assert_refused(*state, "PNG.png", NULL, 0, &m, CAPCAT_EUNSUPPORTED, "not a JPEG");
	assert_refused(*state, "ExifTool.tif", NULL, 0, &m, CAPCAT_EUNSUPPORTED, "not a JPEG");
	assert_refused(*state, "empty.jpg", (const unsigned char *)"", 0, &m, CAPCAT_EUNSUPPORTED,
		       "not a JPEG");
	capcat_meta_release(&m);
}

/* ExifTool.jpg has an MPF index before its APP13: changing the APP13's
 * size would move what the index points to. */
static void test_embed__mpf_in_the_way_refused(void **state)
{
	struct capcat_meta m;

	news_meta(&m);
	assert_refused(*state, "ExifTool.jpg", NULL, 0, &m, CAPCAT_EFORMAT, "MPF");
	capcat_meta_release(&m);
}

/* ---- the IIM writer alone ---------------------------------------------- */

static void write_iim(struct capcat_buf *out, const char *old, size_t len,
		      const struct capcat_meta *m)
{
	struct capcat_err err = { 0 };

	capcat_buf_init(out);
	if (capcat_iptc_write_iim(out, (const unsigned char *)old, len, m, &err))
		fail_msg("%s", err.msg);
}

/* Unmarked IIM in Windows-1252: unmanaged text is converted so that it
 * means the same under the new 1:90; binary datasets and record 3 stay. */
static void test_embed__iim_cp1252_kept_in_meaning(void **state)
{
	static const char old[] =
		"\x1C\x02\x00\x00\x02\x00\x02"                  /* 2:00 version 2 */
		"\x1C\x02\x14\x00\x06Z\xFCrich"                 /* 2:20 cp1252 */
		"\x1C\x02\x78\x00\x03old"                       /* 2:120 managed */
		"\x1C\x02\xC8\x00\x02\x00\xFC"                  /* 2:200 binary */
		"\x1C\x03\x0A\x00\x01\xFC";                     /* record 3 */
	static const char want[] =
		"\x1C\x01\x00\x00\x02\x00\x04"
		"\x1C\x01\x5A\x00\x03\x1B%G"
		"\x1C\x02\x00\x00\x02\x00\x02"
		"\x1C\x02\x14\x00\x07Z\xC3\xBCrich"
		"\x1C\x02\x78\x00\x03new"
		"\x1C\x02\xC8\x00\x02\x00\xFC"
		"\x1C\x03\x0A\x00\x01\xFC";
	struct capcat_meta m;
	struct capcat_buf out;

	(void)state;
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "new");
	write_iim(&out, old, sizeof(old) - 1, &m);
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, out.len);
	capcat_buf_release(&out);
	capcat_meta_release(&m);
}

/* A caption over 2000 bytes is cut before the character that would cross
 * the limit; the date and its zone become 2:55 and 2:60; repeated values
 * are written once; damaged blocks are refused. */
static void test_embed__iim_limits_dates_and_damage(void **state)
{
	struct capcat_meta m, back;
	struct capcat_buf out;
	struct capcat_err err = { 0 };
	char cap[2100];
	const char *v[4];

	(void)state;
	memset(cap, 'a', 1999);
	strcpy(cap + 1999, "\xC3\xBC tail");
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, cap);
	add(&m, CAPCAT_F_DATE_CREATED, "2024-09-11T10:20:30+03:00");
	add(&m, CAPCAT_F_KEYWORD, "Iraq");
	add(&m, CAPCAT_F_KEYWORD, "Iraq");
	write_iim(&out, NULL, 0, &m);
	capcat_meta_init(&back);
	assert_int_equal(capcat_iptc_read_iim(&back, (unsigned char *)out.data, out.len, &err), 0);
	assert_int_equal(strlen(get(&back, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC)), 1999);
	assert_string_equal(get(&back, CAPCAT_F_DATE_CREATED, CAPCAT_SRC_IPTC),
			    "2024-09-11T10:20:30+03:00");
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_KEYWORD, CAPCAT_SRC_IPTC, v, 4), 1);
	assert_non_null(memmem(out.data, out.len, "\x1C\x02\x37\x00\x08" "20240911", 13));
	assert_non_null(memmem(out.data, out.len, "\x1C\x02\x3C\x00\x0B" "102030+0300", 16));
	capcat_meta_release(&back);
	capcat_buf_release(&out);
	/* a time without its zone: 2:55 only */
	capcat_meta_release(&m);
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_DATE_CREATED, "2024-09-11T10:20:30");
	write_iim(&out, NULL, 0, &m);
	assert_non_null(memmem(out.data, out.len, "\x1C\x02\x37", 3));
	assert_null(memmem(out.data, out.len, "\x1C\x02\x3C", 3));
	capcat_buf_release(&out);
	/* a dataset longer than the block; a byte that is no tag marker */
	capcat_buf_init(&out);
	assert_int_equal(capcat_iptc_write_iim(&out, (const unsigned char *)"\x1C\x02\x78\x00\x09short",
					       10, &m, &err), CAPCAT_EFORMAT);
	assert_int_equal(capcat_iptc_write_iim(&out, (const unsigned char *)"\x1C\x02\x78\x00\x01x?",
					       7, &m, &err), CAPCAT_EFORMAT);
	assert_int_equal(capcat_iptc_write_irb(&out, (const unsigned char *)"8BIM\x04\x04\0\0\0\0\0\x40",
					       12, &m, &err), CAPCAT_EFORMAT);
	assert_int_equal(capcat_iptc_write_irb(&out, (const unsigned char *)"XXXX\x04\x04\0\0\0\0\0\0",
					       12, &m, &err), CAPCAT_EFORMAT);
	capcat_buf_release(&out);
	capcat_meta_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_embed__photo_without_iptc_or_xmp,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__photo_mechanic_keeps_the_rest,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__iptc_without_digest,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__two_photoshop_segments,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__utf16_xmp_and_exif_in_the_way,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__extended_xmp_kept,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__xmp_about_kept,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__keeps_permissions,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__twice_is_once,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test(test_embed__whole_corpus),
		cmocka_unit_test_setup_teardown(test_embed__xmp_too_large_refused,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__truncated_refused,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__other_formats_refused,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_embed__mpf_in_the_way_refused,
						tu_tmpdir_setup, tu_tmpdir_teardown),
		cmocka_unit_test(test_embed__iim_cp1252_kept_in_meaning),
		cmocka_unit_test(test_embed__iim_limits_dates_and_damage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
