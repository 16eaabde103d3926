/* mkhostile.c - write a folder of hostile image files for the tests.
 *
 *   mkhostile CORPUS_DIR OUT_DIR
 *
 * From real files of tests/data/corpus (ExifTool.jpg: EXIF with IFD1, IPTC,
 * XMP, JFXX and 30 APP segments; Apple.jpg: big-endian EXIF with an IFD1
 * thumbnail; ExifTool.tif; Stonehenge.heic) and from scratch, it writes:
 * truncations at every segment, IFD and box boundary and one byte either
 * side; segment, chunk, dataset and resource lengths that point past the
 * end; EXIF and TIFF IFD loops (next pointers and sub-IFDs to themselves);
 * entry counts of 0xFFFF and component counts of 4 billion (and the ones
 * whose byte size wraps to 0 in 32 bits); offsets past the end; 5,000 APP
 * segments; XMP nested 100,000 deep (in a sidecar and a PNG) and as deep as
 * a segment holds; billion laughs and quadratic entity blow-up; external
 * entities naming file:///etc/passwd; invalid UTF-8 under IPTC 1:90 and in
 * XMP; UTF-16 XMP with broken surrogates; a PNG with a huge iTXt length and
 * a zlib bomb; a progressive JPEG whose frame claims 23000 x 23000 pixels;
 * a HEIF 'iloc' of 400,000 items of 65,535 empty extents; empty and tiny
 * files.  About 900 files, 14 MB in all, the largest 4 MB.
 *
 * Names say what each file is.  Test tooling: exits 1 with a message on
 * any error, prints nothing otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct out {
	unsigned char *p;
	size_t n, cap;
};

static const char *outdir;

static void die(const char *what)
{
	fprintf(stderr, "mkhostile: %s\n", what);
	exit(1);
}

static void put(struct out *o, const void *d, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 1024;
		if (!(o->p = realloc(o->p, o->cap)))
			die("out of memory");
	}
	if (n)
		memcpy(o->p + o->n, d, n);
	o->n += n;
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }
/* a string literal, NULs inside included, the final one not */
#define PUTL(o, lit) put((o), (lit), sizeof(lit) - 1)
static void u8(struct out *o, unsigned v) { unsigned char c = (unsigned char)v; put(o, &c, 1); }
static void be16(struct out *o, unsigned v) { u8(o, v >> 8 & 255); u8(o, v & 255); }
static void be32(struct out *o, uint32_t v) { be16(o, v >> 16); be16(o, v & 0xFFFF); }
static void le16(struct out *o, unsigned v) { u8(o, v & 255); u8(o, v >> 8 & 255); }
static void le32(struct out *o, uint32_t v) { le16(o, v & 0xFFFF); le16(o, v >> 16); }
static void reset(struct out *o) { o->n = 0; }

static void write_file(const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	if (!(f = fopen(path, "wb")) || (n && fwrite(p, 1, n, f) != n) || fclose(f)) {
		fprintf(stderr, "mkhostile: cannot write %s\n", path);
		exit(1);
	}
}

static void write_out(const char *name, const struct out *o)
{
	write_file(name, o->p, o->n);
	free(o->p);
}

static unsigned char *slurp(const char *dir, const char *name, size_t *n)
{
	char path[4096];
	FILE *f;
	unsigned char *p = NULL;
	long len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 4 ||
	    fseek(f, 0, SEEK_SET) || !(p = malloc((size_t)len)) ||
	    fread(p, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "mkhostile: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	*n = (size_t)len;
	return p;
}

/* ---- truncations ---- */

struct cuts {
	size_t at[4096];
	size_t n;
};

static void cut_add(struct cuts *c, size_t at)
{
	for (int d = -1; d <= 1; d++)
		if (c->n < sizeof(c->at) / sizeof(c->at[0]) && (d >= 0 || at > 0))
			c->at[c->n++] = at + (size_t)(long)d;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Write 'stem-cut-NNNNNN.ext' for every distinct cut strictly inside 'p'. */
static void write_cuts(const char *stem, const char *ext, const unsigned char *p, size_t n,
		       struct cuts *c)
{
	char name[256];

	qsort(c->at, c->n, sizeof(c->at[0]), cmp_size);
	for (size_t i = 0; i < c->n; i++) {
		if (c->at[i] == 0 || c->at[i] >= n || (i && c->at[i] == c->at[i - 1]))
			continue;
		snprintf(name, sizeof(name), "%s-cut-%06zu.%s", stem, c->at[i], ext);
		write_file(name, p, c->at[i]);
	}
}

/* Every marker from SOI to SOS, the middle of each segment (its length then
 * points past the end), the entropy-coded data and EOI. */
static void jpeg_cuts(struct cuts *c, const unsigned char *p, size_t n)
{
	size_t off = 2;

	cut_add(c, 2);
	while (off + 4 <= n && p[off] == 0xFF) {
		size_t len = (size_t)p[off + 2] << 8 | p[off + 3];
		cut_add(c, off);
		cut_add(c, off + 2);            /* inside the length itself */
		cut_add(c, off + 4 + len / 2);
		if (p[off + 1] == 0xDA) {
			cut_add(c, off + 2 + len);
			break;
		}
		off += 2 + len;
	}
	cut_add(c, n - 2);                      /* before EOI */
}

/* ---- a TIFF walk over a block in memory, for cuts at IFD boundaries ---- */

static uint32_t rd16(const unsigned char *p, int le)
{
	return le ? (uint32_t)(p[0] | p[1] << 8) : (uint32_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void tiff_ifd_cuts(struct cuts *c, const unsigned char *t, size_t n, size_t base,
			  uint32_t off, int le, int depth)
{
	static const unsigned char size[13] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8 };
	unsigned count;

	for (int k = 0; k < 8 && off && off + 2 <= n; k++) {
		count = rd16(t + off, le);
		if (off + 2 + 12 * (size_t)count + 4 > n)
			return;
		cut_add(c, base + off);
		cut_add(c, base + off + 2 + 12 * count);
		for (unsigned i = 0; i < count; i++) {
			const unsigned char *e = t + off + 2 + 12 * i;
			uint32_t tag = rd16(e, le), type = rd16(e + 2, le), cnt = rd32(e + 4, le);
			uint32_t v = rd32(e + 8, le);
			uint64_t bytes = type < 13 ? (uint64_t)cnt * size[type] : 0;
			if (bytes > 4 && v < n) {
				cut_add(c, base + v);
				cut_add(c, base + v + bytes / 2);
			}
			if ((tag == 0x8769 || tag == 0x8825 || tag == 0xA005) && depth < 3)
				tiff_ifd_cuts(c, t, n, base, v, le, depth + 1);
			if (tag == 0x0201 && v < n)     /* the IFD1 thumbnail */
				cut_add(c, base + v);
		}
		off = rd32(t + off + 2 + 12 * count, le);
	}
}

static void tiff_cuts(struct cuts *c, const unsigned char *t, size_t n, size_t base)
{
	int le;

	if (n < 8)
		return;
	le = t[0] == 'I';
	cut_add(c, base + 4);
	tiff_ifd_cuts(c, t, n, base, rd32(t + 4, le), le, 0);
}

/* The first APP1 EXIF segment of a JPEG: the TIFF block's offset and size. */
static size_t jpeg_exif(const unsigned char *p, size_t n, size_t *len)
{
	size_t off = 2;

	while (off + 10 <= n && p[off] == 0xFF && p[off + 1] != 0xDA) {
		size_t seg = (size_t)p[off + 2] << 8 | p[off + 3];
		if (p[off + 1] == 0xE1 && !memcmp(p + off + 4, "Exif\0\0", 6)) {
			*len = seg - 8;
			return off + 10;
		}
		off += 2 + seg;
	}
	*len = 0;
	return 0;
}

/* Top-level ISO-BMFF boxes and the children of 'meta' and 'iprp'. */
static void bmff_cuts(struct cuts *c, const unsigned char *p, size_t n, size_t off,
		      size_t end, int depth)
{
	while (off + 8 <= end) {
		uint64_t size = rd32(p + off, 0);
		size_t body = off + 8;
		cut_add(c, off);
		cut_add(c, off + 4);
		if (size == 1 && off + 16 <= n) {
			size = (uint64_t)rd32(p + off + 8, 0) << 32 | rd32(p + off + 12, 0);
			body += 8;
		}
		if (size < 8 || size > end - off)
			size = end - off;
		if (depth < 2 && !memcmp(p + off + 4, "meta", 4))
			bmff_cuts(c, p, n, body + 4, off + (size_t)size, depth + 1);
		if (depth < 2 && !memcmp(p + off + 4, "iprp", 4))
			bmff_cuts(c, p, n, body, off + (size_t)size, depth + 1);
		off += (size_t)size;
	}
}

static void truncations(const char *corpus)
{
	static const char *const jpegs[] = { "ExifTool.jpg", "Apple.jpg" };
	struct cuts *c = calloc(1, sizeof(*c));
	unsigned char *p;
	size_t n, tiff, tlen;

	if (!c)
		die("out of memory");
	for (int i = 0; i < 2; i++) {
		char stem[64];
		p = slurp(corpus, jpegs[i], &n);
		c->n = 0;
		jpeg_cuts(c, p, n);
		if ((tiff = jpeg_exif(p, n, &tlen)))
			tiff_cuts(c, p + tiff, tlen, tiff);
		snprintf(stem, sizeof(stem), "trunc-%.*s", (int)(strlen(jpegs[i]) - 4), jpegs[i]);
		write_cuts(stem, "jpg", p, n, c);
		free(p);
	}
	p = slurp(corpus, "ExifTool.tif", &n);
	c->n = 0;
	tiff_cuts(c, p, n, 0);
	write_cuts("trunc-ExifTool", "tif", p, n, c);
	free(p);
	p = slurp(corpus, "Stonehenge.heic", &n);
	c->n = 0;
	bmff_cuts(c, p, n, 0, n, 0);
	write_cuts("trunc-Stonehenge", "heic", p, n, c);
	free(p);
	free(c);
}

/* ---- JPEG pieces ---- */

/* Writer.jpg after its SOI: tables, an 8 x 8 frame, the scan and EOI. */
static unsigned char *body;
static size_t body_len;

static void segment(struct out *o, int marker, const void *p, size_t n)
{
	if (n > 65533)
		die("segment too large");
	u8(o, 0xFF);
	u8(o, (unsigned)marker);
	be16(o, (unsigned)n + 2);
	put(o, p, n);
}

static void soi(struct out *o) { put(o, "\xFF\xD8", 2); }
static void image(struct out *o) { put(o, body, body_len); }

static void app1_exif(struct out *o, const struct out *tiff)
{
	struct out s = { 0 };

	PUTL(&s, "Exif\0\0");
	put(&s, tiff->p, tiff->n);
	segment(o, 0xE1, s.p, s.n);
	free(s.p);
}

static const char xmp_ns[] = "http://ns.adobe.com/xap/1.0/";    /* + NUL */

static void app1_xmp(struct out *o, const void *xml, size_t n)
{
	struct out s = { 0 };

	put(&s, xmp_ns, sizeof(xmp_ns));
	put(&s, xml, n);
	segment(o, 0xE1, s.p, s.n);
	free(s.p);
}

/* APP13: Photoshop 3.0, one 8BIM resource 'id' holding 'data'. */
static void app13(struct out *o, unsigned id, const void *data, size_t n)
{
	struct out s = { 0 };

	PUTL(&s, "Photoshop 3.0\0" "8BIM");
	be16(&s, id);
	be16(&s, 0);                            /* empty name, padded */
	be32(&s, (uint32_t)n);
	put(&s, data, n);
	if (n & 1)
		u8(&s, 0);
	segment(o, 0xED, s.p, s.n);
	free(s.p);
}

static void jpeg_with_exif(const char *name, const struct out *tiff)
{
	struct out o = { 0 };

	soi(&o);
	app1_exif(&o, tiff);
	image(&o);
	write_out(name, &o);
}

static void jpeg_with_xmp(const char *name, const void *xml, size_t n)
{
	struct out o = { 0 };

	soi(&o);
	app1_xmp(&o, xml, n);
	image(&o);
	write_out(name, &o);
}

static void jpeg_with_iim(const char *name, const struct out *iim)
{
	struct out o = { 0 };

	soi(&o);
	app13(&o, 0x0404, iim->p, iim->n);
	image(&o);
	write_out(name, &o);
}

/* ---- JPEG structure ---- */

static void jpeg_lengths(void)
{
	static const unsigned lens[] = { 0, 1, 0xFFFF };
	struct out o = { 0 };
	char name[64];

	for (int i = 0; i < 3; i++) {
		/* an APP1 EXIF segment whose length is too small or past the end */
		reset(&o);
		soi(&o);
		PUTL(&o, "\xFF\xE1");
		be16(&o, lens[i]);
		PUTL(&o, "Exif\0\0II*\0\x08\0\0\0\0\0\0\0\0\0");
		image(&o);
		snprintf(name, sizeof(name), "len-app1-%u.jpg", lens[i]);
		write_file(name, o.p, o.n);
		/* the same in the frame header, after a good segment */
		reset(&o);
		soi(&o);
		put(&o, body, 134);             /* DQT */
		PUTL(&o, "\xFF\xC0");
		be16(&o, lens[i]);
		put(&o, body + 138, body_len - 138);
		snprintf(name, sizeof(name), "len-sof-%u.jpg", lens[i]);
		write_file(name, o.p, o.n);
	}
	/* an APP13 and a JFXX thumbnail that claim the whole 64 KiB */
	reset(&o);
	soi(&o);
	PUTL(&o, "\xFF\xED\xFF\xFF" "Photoshop 3.0\0" "8BIM\x04\x04\0\0\x7F\xFF\xFF\xFF");
	write_file("len-app13-past-end.jpg", o.p, o.n);
	reset(&o);
	soi(&o);
	PUTL(&o, "\xFF\xE0\xFF\xFFJFXX\0\x10\xFF\xD8\xFF\xC0");
	write_file("len-jfxx-past-end.jpg", o.p, o.n);
	/* 100,000 fill bytes, then markers without segments */
	reset(&o);
	soi(&o);
	for (int i = 0; i < 100000; i++)
		u8(&o, 0xFF);
	image(&o);
	write_file("fill-100000.jpg", o.p, o.n);
	reset(&o);
	soi(&o);
	for (int i = 0; i < 20000; i++)
		PUTL(&o, "\xFF\xD0");         /* RSTn: no length */
	image(&o);
	write_file("rst-20000.jpg", o.p, o.n);
	free(o.p);
}

static void jpeg_many_segments(void)
{
	struct out o = { 0 }, tiff = { 0 };

	/* 5,000 small APP2 segments, then EXIF past the walker's limit */
	soi(&o);
	for (int i = 0; i < 5000; i++)
		segment(&o, 0xE2, "ICC_PROFILE\0\1\1", 14);
	PUTL(&tiff, "II*\0" "\x08\0\0\0" "\x01\0" "\x0F\x01\x02\0\x04\0\0\0" "Lat\0" "\0\0\0\0");
	app1_exif(&o, &tiff);
	image(&o);
	write_file("app2-5000.jpg", o.p, o.n);
	/* 5,000 EXIF segments: the first is kept */
	reset(&o);
	soi(&o);
	for (int i = 0; i < 5000; i++)
		app1_exif(&o, &tiff);
	image(&o);
	write_file("app1-exif-5000.jpg", o.p, o.n);
	/* 5,000 APP13 segments, one resource stream when joined */
	reset(&o);
	soi(&o);
	for (int i = 0; i < 5000; i++)
		app13(&o, 0x0404, "\x1C\x02\x19\0\x03key", 8);
	image(&o);
	write_file("app13-5000.jpg", o.p, o.n);
	/* 1,000 Extended XMP chunks of a 16 MiB whole: a third inside it,
	 * a third across its end, a third at offsets near 4 GB */
	reset(&o);
	soi(&o);
	{
		static const char main_xmp[] =
			"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf="
			"'http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about=''"
			" xmlns:xmpNote='http://ns.adobe.com/xmp/note/' xmpNote:HasExtendedXMP="
			"'0123456789ABCDEF0123456789ABCDEF'/></rdf:RDF></x:xmpmeta>";
		struct out s = { 0 };
		app1_xmp(&o, main_xmp, sizeof(main_xmp) - 1);
		for (uint32_t i = 0; i < 1000; i++) {
			reset(&s);
			PUTL(&s, "http://ns.adobe.com/xmp/extension/\0");
			puts_(&s, "0123456789ABCDEF0123456789ABCDEF");
			be32(&s, 16u << 20);
			be32(&s, i % 3 == 0 ? i * 6 : i % 3 == 1 ? (16u << 20) - 4 : 0xFFFFFFF0u + i % 16);
			puts_(&s, "<lol/>");
			segment(&o, 0xE1, s.p, s.n);
		}
		free(s.p);
	}
	image(&o);
	write_file("xmp-extended-1000.jpg", o.p, o.n);
	free(tiff.p);
	free(o.p);
}

/* A progressive JPEG whose frame claims 23000 x 23000 pixels in 4:4:4, then
 * a DC scan of a few bytes: decoding it for a thumbnail wants a buffer of
 * every coefficient (3 GB) unless the decoder refuses. */
static void jpeg_huge_frame(void)
{
	struct out o = { 0 };
	static const unsigned char sof[] = { 8, 0x59, 0xD8, 0x59, 0xD8, 3,
					     1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1 };
	static const unsigned char sos[] = { 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0, 0 };
	static const unsigned char sos_base[] = { 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0 };

	soi(&o);
	put(&o, body, 134);                     /* DQT */
	segment(&o, 0xC2, sof, sizeof(sof));
	put(&o, body + 153, 77);                /* DHT */
	segment(&o, 0xDA, sos, sizeof(sos));
	for (int i = 0; i < 64; i++)
		u8(&o, 0);
	PUTL(&o, "\xFF\xD9");
	write_file("frame-progressive-23000x23000.jpg", o.p, o.n);
	/* the same as one baseline scan */
	reset(&o);
	soi(&o);
	put(&o, body, 134);
	segment(&o, 0xC0, sof, sizeof(sof));
	put(&o, body + 153, 77);
	segment(&o, 0xDA, sos_base, sizeof(sos_base));
	for (int i = 0; i < 64; i++)
		u8(&o, 0);
	PUTL(&o, "\xFF\xD9");
	write_file("frame-baseline-23000x23000.jpg", o.p, o.n);
	/* 65535 x 65535: past any pixel limit */
	o.p[141] = o.p[142] = o.p[143] = o.p[144] = 0xFF;     /* SOF height, width */
	write_file("frame-65535x65535.jpg", o.p, o.n);
	free(o.p);
}

/* ---- EXIF and TIFF ---- */

struct ent {
	unsigned tag, type;
	uint32_t count, value;
};

/* An IFD at the current end of 't' claiming 'claimed' entries. */
static void ifd(struct out *t, int le, unsigned claimed, const struct ent *e, unsigned n,
		uint32_t next)
{
	void (*w16)(struct out *, unsigned) = le ? le16 : be16;
	void (*w32)(struct out *, uint32_t) = le ? le32 : be32;

	w16(t, claimed);
	for (unsigned i = 0; i < n; i++) {
		w16(t, e[i].tag);
		w16(t, e[i].type);
		w32(t, e[i].count);
		if (e[i].type == 3 && e[i].count == 1) {
			w16(t, e[i].value);
			w16(t, 0);
		} else {
			w32(t, e[i].value);
		}
	}
	w32(t, next);
}

static void tiff_head(struct out *t, int le, uint32_t ifd0)
{
	put(t, le ? "II*\0" : "MM\0*", 4);
	(le ? le32 : be32)(t, ifd0);
}

#define NENT(a) ((unsigned)(sizeof(a) / sizeof((a)[0])))
#define IFD_SIZE(n) (2 + 12 * (n) + 4)

/* IFD loops: next pointers to themselves, sub-IFDs to themselves. */
static void exif_loops(void)
{
	struct out t = { 0 };
	const struct ent img[] = { { 0x0100, 3, 1, 8 }, { 0x0101, 3, 1, 8 },
				   { 0x010F, 2, 4, 0x00414141 } };

	/* IFD0 -> IFD0 */
	tiff_head(&t, 1, 8);
	ifd(&t, 1, 3, img, 3, 8);
	jpeg_with_exif("exif-ifd0-next-self.jpg", &t);
	write_file("tiff-ifd0-next-self.tif", t.p, t.n);
	/* IFD0 -> IFD1 -> IFD0, big-endian */
	reset(&t);
	tiff_head(&t, 0, 8);
	ifd(&t, 0, 3, img, 3, 8 + IFD_SIZE(3));
	ifd(&t, 0, 3, img, 3, 8);
	jpeg_with_exif("exif-ifd1-next-ifd0.jpg", &t);
	write_file("tiff-ifd1-next-ifd0.tif", t.p, t.n);
	/* IFD0's Exif, GPS, Interop and SubIFDs pointers all to IFD0 */
	{
		const struct ent self[] = { { 0x0100, 3, 1, 8 }, { 0x0101, 3, 1, 8 },
					    { 0x014A, 4, 1, 8 }, { 0x8769, 4, 1, 8 },
					    { 0x8825, 4, 1, 8 }, { 0xA005, 4, 1, 8 } };
		reset(&t);
		tiff_head(&t, 1, 8);
		ifd(&t, 1, NENT(self), self, NENT(self), 8);
		jpeg_with_exif("exif-subifds-to-ifd0.jpg", &t);
		write_file("tiff-subifds-to-ifd0.tif", t.p, t.n);
	}
	/* ExifIFD -> itself (Interop, next); GPS IFD -> itself */
	{
		uint32_t e0 = 8 + IFD_SIZE(2), g0 = e0 + IFD_SIZE(2);
		const struct ent i0[] = { { 0x8769, 4, 1, e0 }, { 0x8825, 4, 1, g0 } };
		const struct ent ex[] = { { 0x8769, 4, 1, e0 }, { 0xA005, 4, 1, e0 } };
		const struct ent gp[] = { { 0x0001, 2, 2, 'N' }, { 0x8825, 4, 1, g0 } };
		reset(&t);
		tiff_head(&t, 1, 8);
		ifd(&t, 1, 2, i0, 2, 0);
		ifd(&t, 1, 2, ex, 2, e0);
		ifd(&t, 1, 2, gp, 2, g0);
		jpeg_with_exif("exif-exififd-self.jpg", &t);
		write_file("tiff-exififd-self.tif", t.p, t.n);
	}
	/* 1,500 distinct IFDs (what a segment holds) chained by their next pointers */
	reset(&t);
	tiff_head(&t, 1, 8);
	for (uint32_t i = 0; i < 1500; i++)
		ifd(&t, 1, 3, img, 3, i + 1 < 1500 ? 8 + (i + 1) * IFD_SIZE(3) : 8);
	jpeg_with_exif("exif-chain-1500.jpg", &t);
	write_file("tiff-chain-1500.tif", t.p, t.n);
	free(t.p);
}

/* Entry and component counts: 0xFFFF entries, and counts whose size in
 * bytes is past 4 GB or wraps to 0 in 32 bits (0x40000000 LONGs,
 * 0x20000000 RATIONALs), in each IFD libexif and our walker read. */
static void exif_counts(void)
{
	struct out t = { 0 };
	uint32_t e0 = 8 + IFD_SIZE(6), g0 = e0 + IFD_SIZE(3), i1 = g0 + IFD_SIZE(3);
	const struct ent i0[] = {
		{ 0x010F, 2, 0xFFFFFFFF, 16 }, { 0x0110, 2, 0x80000000, 16 },
		{ 0x0112, 3, 0x80000000, 16 }, { 0x9C9B, 1, 0xFFFFFFFF, 16 },
		{ 0x8769, 4, 0x40000000, e0 }, { 0x8825, 4, 1, g0 },
	};
	const struct ent ex[] = { { 0x9003, 2, 0xFFFFFFFF, 8 }, { 0x829A, 5, 0x20000000, 8 },
				  { 0x9286, 7, 0xFFFFFFFF, 8 } };
	const struct ent gp[] = { { 0x0002, 5, 0x20000000, 8 }, { 0x0004, 5, 0xFFFFFFFF, 8 },
				  { 0x0006, 12, 0x20000000, 8 } };
	const struct ent th[] = { { 0x0103, 3, 1, 6 }, { 0x0201, 4, 0x40000000, 8 },
				  { 0x0202, 4, 0xFFFFFFFF, 8 } };

	tiff_head(&t, 1, 8);
	ifd(&t, 1, 6, i0, 6, i1);
	ifd(&t, 1, 3, ex, 3, 0);
	ifd(&t, 1, 3, gp, 3, 0);
	ifd(&t, 1, 3, th, 3, 0);
	jpeg_with_exif("exif-counts-4g.jpg", &t);
	write_file("tiff-counts-4g.tif", t.p, t.n);
	/* IFD0 claims 65,535 entries and holds one */
	reset(&t);
	tiff_head(&t, 1, 8);
	ifd(&t, 1, 0xFFFF, i0 + 5, 1, 0);
	jpeg_with_exif("exif-entries-65535.jpg", &t);
	write_file("tiff-entries-65535.tif", t.p, t.n);
	/* SubIFDs with 4 billion offsets */
	{
		const struct ent sub[] = { { 0x0100, 4, 1, 8 }, { 0x014A, 4, 0xFFFFFFFF, 8 },
					   { 0x014A, 13, 0x40000000, 0xFFFFFFF0 } };
		reset(&t);
		tiff_head(&t, 1, 8);
		ifd(&t, 1, 3, sub, 3, 0);
		write_file("tiff-subifds-4g.tif", t.p, t.n);
	}
	free(t.p);
}

/* Offsets past the end of the block, and offset + length that wraps. */
static void exif_offsets(void)
{
	struct out t = { 0 };
	uint32_t i1 = 8 + IFD_SIZE(5);
	const struct ent i0[] = {
		{ 0x010F, 2, 16, 0xFFFFFFF0 }, { 0x0110, 2, 16, 0x7FFFFFFF },
		{ 0x0132, 2, 20, i1 + IFD_SIZE(3) - 4 },        /* half in, half out */
		{ 0x8769, 4, 1, 0xFFFFFFFE }, { 0x8825, 4, 1, 0x80000000 },
	};
	const struct ent th[] = { { 0x0103, 3, 1, 6 }, { 0x0201, 4, 1, 16 },
				  { 0x0202, 4, 1, 0xFFFFFFF8 } };
	const struct ent th2[] = { { 0x0103, 3, 1, 6 }, { 0x0201, 4, 1, 0xFFFFFF00 },
				   { 0x0202, 4, 1, 1000 } };

	tiff_head(&t, 1, 8);
	ifd(&t, 1, 5, i0, 5, i1);
	ifd(&t, 1, 3, th, 3, 0);
	jpeg_with_exif("exif-offsets-past-end.jpg", &t);
	write_file("tiff-offsets-past-end.tif", t.p, t.n);
	reset(&t);
	tiff_head(&t, 0, 8);
	ifd(&t, 0, 3, th2, 3, 8);               /* IFD1 is IFD0 too */
	jpeg_with_exif("exif-thumb-past-end.jpg", &t);
	reset(&t);
	tiff_head(&t, 1, 0xFFFFFFFF);
	jpeg_with_exif("exif-ifd0-at-4g.jpg", &t);
	write_file("tiff-ifd0-at-4g.tif", t.p, t.n);
	reset(&t);
	PUTL(&t, "XX*\0\x08\0\0\0");
	jpeg_with_exif("exif-bad-byte-order.jpg", &t);
	reset(&t);
	jpeg_with_exif("exif-empty.jpg", &t);
	/* a Canon maker note: an IFD claiming 65,535 entries, whose next IFD
	 * is IFD0, with counts of 4 billion */
	{
		uint32_t e0 = 8 + IFD_SIZE(2), mn = e0 + IFD_SIZE(1), make = mn + IFD_SIZE(2);
		const struct ent a[] = { { 0x010F, 2, 6, make }, { 0x8769, 4, 1, e0 } };
		const struct ent b[] = { { 0x927C, 7, 0xFFFF, mn } };
		const struct ent c[] = { { 0x0001, 3, 0xFFFFFFFF, 8 }, { 0x0002, 4, 0x40000000, 8 } };
		reset(&t);
		tiff_head(&t, 1, 8);
		ifd(&t, 1, 2, a, 2, 0);
		ifd(&t, 1, 1, b, 1, 0);
		ifd(&t, 1, 0xFFFF, c, 2, 8);
		PUTL(&t, "Canon");
		jpeg_with_exif("exif-makernote-canon.jpg", &t);
	}
	free(t.p);
}

/* ---- IPTC ---- */

static void iim(struct out *o, int rec, int ds, const void *v, size_t n)
{
	u8(o, 0x1C);
	u8(o, (unsigned)rec);
	u8(o, (unsigned)ds);
	be16(o, (unsigned)n);
	put(o, v, n);
}

static void iptc_files(void)
{
	static const char bad_utf8[] =
		"caf\xC3\xA9 \xFF\xFE overlong \xC0\xAF \xC0\x80 surrogate \xED\xA0\x80"
		" too big \xF4\x90\x80\x80 cut \xE2\x82";
	struct out o = { 0 }, s = { 0 };

	/* 1:90 says UTF-8; the values are not */
	iim(&o, 1, 90, "\x1B%G", 3);
	iim(&o, 2, 120, bad_utf8, sizeof(bad_utf8) - 1);
	iim(&o, 2, 80, "\xFF\xFE\xFD", 3);
	iim(&o, 2, 25, "nul\0inside", 10);
	iim(&o, 2, 90, "\xC3", 1);
	jpeg_with_iim("iptc-utf8-invalid.jpg", &o);
	/* unmarked: Windows-1252, with its five undefined bytes */
	reset(&o);
	iim(&o, 2, 120, "\x81\x8D\x8F\x90\x9D \x80 \xFF", 9);
	jpeg_with_iim("iptc-cp1252-undefined.jpg", &o);
	/* extended lengths: 4 bytes saying 4 GB, 0, and 8 bytes */
	reset(&o);
	iim(&o, 2, 105, "a headline", 10);
	PUTL(&o, "\x1C\x02\x78\x80\x04\xFF\xFF\xFF\xFF" "caption");
	jpeg_with_iim("iptc-extended-4g.jpg", &o);
	reset(&o);
	PUTL(&o, "\x1C\x02\x78\x80\x00" "caption");
	jpeg_with_iim("iptc-extended-0.jpg", &o);
	reset(&o);
	PUTL(&o, "\x1C\x02\x78\x80\x08\0\0\0\0\0\0\0\x07" "caption");
	jpeg_with_iim("iptc-extended-8.jpg", &o);
	reset(&o);
	PUTL(&o, "\x1C\x02\x78\x7F\xFFshort");
	jpeg_with_iim("iptc-length-past-end.jpg", &o);
	/* 6,000 keywords in one segment */
	reset(&o);
	for (int i = 0; i < 6000; i++) {
		char k[8];
		snprintf(k, sizeof(k), "k%d", i % 1000);
		iim(&o, 2, 25, k, strlen(k));
	}
	jpeg_with_iim("iptc-keywords-6000.jpg", &o);
	/* Photoshop resources: a size of 4 GB, a name past the end */
	reset(&o);
	soi(&o);
	PUTL(&s, "Photoshop 3.0\0" "8BIM\x04\x04\0\0\xFF\xFF\xFF\xFF\x1C\x02\x78\0\x01x");
	segment(&o, 0xED, s.p, s.n);
	image(&o);
	write_file("iptc-resource-4g.jpg", o.p, o.n);
	reset(&o);
	reset(&s);
	soi(&o);
	PUTL(&s, "Photoshop 3.0\0" "8BIM\x04\x04\xFF");
	segment(&o, 0xED, s.p, s.n);
	image(&o);
	write_file("iptc-resource-name-past-end.jpg", o.p, o.n);
	free(s.p);
	free(o.p);
}

/* ---- XMP ---- */

#define XMP_HEAD "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf=" \
	"'http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about=''" \
	" xmlns:dc='http://purl.org/dc/elements/1.1/'>"
#define XMP_DESC "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>"
#define XMP_DESC_END "</rdf:li></rdf:Alt></dc:description>"
#define XMP_TAIL "</rdf:Description></rdf:RDF></x:xmpmeta>"

static void xmp_with(struct out *o, const char *doctype, const char *desc)
{
	puts_(o, doctype);
	puts_(o, XMP_HEAD XMP_DESC);
	puts_(o, desc);
	puts_(o, XMP_DESC_END XMP_TAIL);
}

/* Elements nested 'depth' deep inside dc:description. */
static void xmp_nested(struct out *o, int depth)
{
	puts_(o, XMP_HEAD "<dc:description>");
	for (int i = 0; i < depth; i++)
		puts_(o, "<a>");
	for (int i = 0; i < depth; i++)
		puts_(o, "</a>");
	puts_(o, "</dc:description>" XMP_TAIL);
}

static void sidecar(const char *name, const struct out *xml)
{
	char side[256];
	struct out o = { 0 };

	soi(&o);
	image(&o);
	write_out(name, &o);
	snprintf(side, sizeof(side), "%s.xmp", name);
	write_file(side, xml->p, xml->n);
}

static void xmp_entities(void)
{
	struct out o = { 0 }, d = { 0 };

	puts_(&d, "<?xml version='1.0'?><!DOCTYPE x:xmpmeta [<!ENTITY lol0 'lol'>");
	for (int i = 1; i <= 9; i++) {
		char e[32];
		snprintf(e, sizeof(e), "<!ENTITY lol%d '", i);
		puts_(&d, e);
		for (int k = 0; k < 10; k++) {
			snprintf(e, sizeof(e), "&lol%d;", i - 1);
			puts_(&d, e);
		}
		puts_(&d, "'>");
	}
	puts_(&d, "]>");
	u8(&d, 0);
	xmp_with(&o, (char *)d.p, "&lol9;");
	jpeg_with_xmp("xmp-billion-laughs.jpg", o.p, o.n);
	sidecar("xmp-billion-laughs-sidecar.jpg", &o);
	/* quadratic blow-up: a 40 KB entity referenced 5,000 times */
	reset(&o);
	puts_(&o, "<!DOCTYPE x:xmpmeta [<!ENTITY a '");
	for (int i = 0; i < 40000; i++)
		u8(&o, 'a');
	puts_(&o, "'>]>" XMP_HEAD XMP_DESC);
	for (int i = 0; i < 5000; i++)
		puts_(&o, "&a;");
	puts_(&o, XMP_DESC_END XMP_TAIL);
	jpeg_with_xmp("xmp-quadratic-blowup.jpg", o.p, o.n);
	/* external entities: never fetched */
	reset(&o);
	xmp_with(&o, "<!DOCTYPE x:xmpmeta [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>",
		 "secret: &xxe;");
	jpeg_with_xmp("xmp-external-entity.jpg", o.p, o.n);
	sidecar("xmp-external-entity-sidecar.jpg", &o);
	reset(&o);
	xmp_with(&o, "<!DOCTYPE x:xmpmeta [<!ENTITY % pe SYSTEM 'file:///etc/passwd'> %pe;]>",
		 "parameter entity");
	jpeg_with_xmp("xmp-external-parameter-entity.jpg", o.p, o.n);
	reset(&o);
	xmp_with(&o, "<!DOCTYPE x:xmpmeta SYSTEM 'http://127.0.0.1:9/x.dtd'>", "external DTD");
	jpeg_with_xmp("xmp-external-dtd.jpg", o.p, o.n);
	free(d.p);
	free(o.p);
}

static void xmp_nesting(void)
{
	struct out o = { 0 };

	xmp_nested(&o, 9000);                   /* about as deep as a segment holds */
	jpeg_with_xmp("xmp-nested-9000.jpg", o.p, o.n);
	reset(&o);
	xmp_nested(&o, 100000);
	sidecar("xmp-nested-100000-sidecar.jpg", &o);
	reset(&o);
	/* 3,000 keywords, and one 60 KB value */
	puts_(&o, XMP_HEAD "<dc:subject><rdf:Bag>");
	for (int i = 0; i < 3000; i++)
		puts_(&o, "<rdf:li>k</rdf:li>");
	puts_(&o, "</rdf:Bag></dc:subject>" XMP_TAIL);
	jpeg_with_xmp("xmp-keywords-3000.jpg", o.p, o.n);
	reset(&o);
	puts_(&o, XMP_HEAD XMP_DESC);
	for (int i = 0; i < 60000; i++)
		u8(&o, "%_*'\"x"[i % 6]);
	puts_(&o, XMP_DESC_END XMP_TAIL);
	jpeg_with_xmp("xmp-value-60k.jpg", o.p, o.n);
	free(o.p);
}

/* ASCII 'a' as UTF-16 with a byte-order mark, 'bad' (one UTF-16 unit)
 * put in place of the first '#'. */
static void utf16(struct out *o, const char *a, int le, unsigned bad)
{
	put(o, le ? "\xFF\xFE" : "\xFE\xFF", 2);
	for (; *a; a++) {
		unsigned u = *a == '#' ? bad : (unsigned char)*a;
		if (*a == '#')
			bad = '#';
		(le ? le16 : be16)(o, u);
	}
}

static void xmp_encodings(void)
{
	struct out o = { 0 }, x = { 0 };

	xmp_with(&x, "", "lone surrogate # here");
	u8(&x, 0);
	utf16(&o, (char *)x.p, 1, 0xD800);      /* high surrogate, then ' ' */
	jpeg_with_xmp("xmp-utf16le-lone-high-surrogate.jpg", o.p, o.n);
	reset(&o);
	utf16(&o, (char *)x.p, 0, 0xDC00);      /* low surrogate first */
	jpeg_with_xmp("xmp-utf16be-lone-low-surrogate.jpg", o.p, o.n);
	reset(&o);
	xmp_with(&o, "<?xml version='1.0' encoding='UTF-8'?>",
		 "bad \xFF\xFE overlong \xC0\xAF surrogate \xED\xA0\x80 cut \xE2\x82");
	jpeg_with_xmp("xmp-utf8-invalid.jpg", o.p, o.n);
	reset(&o);
	xmp_with(&o, "", "&#0; &#xD800; &#x110000;");
	jpeg_with_xmp("xmp-charref-invalid.jpg", o.p, o.n);
	reset(&o);
	xmp_with(&o, "", "before");
	o.p[o.n - strlen(XMP_DESC_END XMP_TAIL) - 3] = 0;       /* "bef\0re" */
	jpeg_with_xmp("xmp-nul-inside.jpg", o.p, o.n);
	reset(&o);
	xmp_with(&o, "<?xml version='1.0' encoding='x-no-such-charset'?>", "unknown encoding");
	jpeg_with_xmp("xmp-unknown-encoding.jpg", o.p, o.n);
	free(x.p);
	free(o.p);
}

/* ---- PNG ---- */

static void png_chunk_claim(struct out *o, uint32_t claimed, const char *type,
			    const void *p, size_t n)
{
	uLong crc = crc32(0, (const Bytef *)type, 4);

	be32(o, claimed);
	put(o, type, 4);
	put(o, p, n);
	crc = crc32(crc, (const Bytef *)p, (uInt)n);
	be32(o, (uint32_t)crc);
}

static void png_chunk(struct out *o, const char *type, const void *p, size_t n)
{
	png_chunk_claim(o, (uint32_t)n, type, p, n);
}

static void png_head(struct out *o)
{
	static const unsigned char ihdr[13] = { 0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0, 0, 0 };

	put(o, "\x89PNG\r\n\x1A\n", 8);
	png_chunk(o, "IHDR", ihdr, sizeof(ihdr));
}

/* 'n' zero bytes, zlib-compressed, appended to 'o'. */
static void deflate_zeros(struct out *o, size_t n)
{
	static unsigned char zeros[65536], z[65536];
	z_stream s;
	int flush, rc;

	memset(&s, 0, sizeof(s));
	if (deflateInit(&s, 9) != Z_OK)
		die("cannot compress");
	do {
		size_t k = n < sizeof(zeros) ? n : sizeof(zeros);
		n -= k;
		flush = n ? Z_NO_FLUSH : Z_FINISH;
		s.next_in = zeros;
		s.avail_in = (uInt)k;
		do {
			s.next_out = z;
			s.avail_out = sizeof(z);
			rc = deflate(&s, flush);
			put(o, z, sizeof(z) - s.avail_out);
		} while (s.avail_out == 0);
	} while (flush != Z_FINISH);
	deflateEnd(&s);
	if (rc != Z_STREAM_END)
		die("cannot compress");
}

static void png_files(void)
{
	struct out o = { 0 }, c = { 0 };
	static const char itxt[] = "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>";

	png_head(&o);
	png_chunk_claim(&o, 0xFFFFFFF0u, "iTXt", itxt, sizeof(itxt) - 1);
	write_file("png-itxt-length-4g.png", o.p, o.n);
	reset(&o);
	png_head(&o);
	png_chunk_claim(&o, 0x00FFFFFFu, "iTXt", itxt, sizeof(itxt) - 1);
	write_file("png-itxt-length-16m.png", o.p, o.n);
	reset(&o);
	png_head(&o);
	png_chunk_claim(&o, 0x7FFFFFFFu, "eXIf", "II*\0", 4);
	write_file("png-exif-length-2g.png", o.p, o.n);
	/* XMP nested 100,000 deep */
	reset(&o);
	png_head(&o);
	put(&c, itxt, 22);
	xmp_nested(&c, 100000);
	png_chunk(&o, "iTXt", c.p, c.n);
	png_chunk(&o, "IEND", "", 0);
	write_file("png-xmp-nested-100000.png", o.p, o.n);
	/* a zlib bomb: 64 MB of zeros as "Raw profile type exif" */
	reset(&c);
	PUTL(&c, "Raw profile type exif\0\0");
	deflate_zeros(&c, 64u << 20);
	reset(&o);
	png_head(&o);
	png_chunk(&o, "zTXt", c.p, c.n);
	png_chunk(&o, "IEND", "", 0);
	write_file("png-ztxt-bomb.png", o.p, o.n);
	/* 20,000 chunks, no IEND */
	reset(&o);
	png_head(&o);
	for (int i = 0; i < 20000; i++)
		png_chunk(&o, "tEXt", "k\0v", 3);
	write_file("png-chunks-20000.png", o.p, o.n);
	free(c.p);
	free(o.p);
}

/* ---- ISO-BMFF, RIFF, and the smallest files ---- */

static void other_files(void)
{
	struct out o = { 0 };

	/* a box whose 64-bit size is 2^64 - 1, and one of size 1 with no room */
	PUTL(&o, "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic");
	PUTL(&o, "\0\0\0\x01" "meta\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF");
	write_file("heic-largesize.heic", o.p, o.n);
	reset(&o);
	PUTL(&o, "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic");
	PUTL(&o, "\0\0\0\x01" "meta");
	write_file("heic-largesize-cut.heic", o.p, o.n);
	/* iloc, version 2, fields of 0 bytes: 4 billion items, each of 65,535
	 * extents that take no room, in a 4 MB meta box (the most capcat reads) */
	reset(&o);
	PUTL(&o, "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic");
	be32(&o, 12 + 18 + 400000 * 10);
	PUTL(&o, "meta\0\0\0\0");
	be32(&o, 18 + 400000 * 10);
	PUTL(&o, "iloc\x02\0\0\0\0\0\xFF\xFF\xFF\xFF");
	for (uint32_t i = 0; i < 400000; i++) {
		be32(&o, i % 500 + 1);          /* id */
		PUTL(&o, "\0\0\0\0\xFF\xFF"); /* method, data ref, extents */
	}
	write_file("heic-iloc-extents.heic", o.p, o.n);
	reset(&o);
	PUTL(&o, "RIFF\xFF\xFF\xFF\xFFWEBPVP8X\xFF\xFF\xFF\xFF");
	write_file("webp-sizes-4g.webp", o.p, o.n);
	write_file("empty.jpg", "", 0);
	write_file("one-byte.jpg", "\xFF", 1);
	write_file("soi-only.jpg", "\xFF\xD8", 2);
	write_file("soi-ff.jpg", "\xFF\xD8\xFF", 3);
	write_file("tiff-header-only.tif", "II*\0", 4);
	free(o.p);
}

int main(int argc, char **argv)
{
	unsigned char *writer;
	size_t n;

	if (argc != 3) {
		fprintf(stderr, "usage: mkhostile CORPUS_DIR OUT_DIR\n");
		return 1;
	}
	outdir = argv[2];
	writer = slurp(argv[1], "Writer.jpg", &n);
	if (n != 251)
		die("Writer.jpg is not the 251-byte JPEG this tool knows");
	body = writer + 2;
	body_len = n - 2;
	truncations(argv[1]);
	jpeg_lengths();
	jpeg_many_segments();
	jpeg_huge_frame();
	exif_loops();
	exif_counts();
	exif_offsets();
	iptc_files();
	xmp_entities();
	xmp_nesting();
	xmp_encodings();
	png_files();
	other_files();
	free(writer);
	return 0;
}
