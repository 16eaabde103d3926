/* mkphoto.c - make a test JPEG with the metadata a test asks for.
 *
 *   mkphoto BASE.jpg OUT.jpg [--iptc-caption TEXT] [--xmp-caption TEXT]
 *           [--iptc-credit TEXT] [--person NAME] [--city NAME]
 *           [--gps LAT,LON] [--date "YYYY:MM:DD HH:MM:SS"]
 *
 * The image data (quantisation, frame, Huffman tables, scan) is BASE's;
 * its APP segments are replaced by: an EXIF APP1 (DateTimeOriginal, GPS),
 * an XMP APP1 (dc:description, Iptc4xmpExt:PersonInImage) and a Photoshop
 * APP13 with IPTC-IIM (1:90 UTF-8, 2:120, 2:110, 2:90), each only when asked.
 * Test tooling: exits 1 with a message on any error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct out *o, const void *d, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 1024;
		if (!(o->p = realloc(o->p, o->cap))) {
			fprintf(stderr, "mkphoto: out of memory\n");
			exit(1);
		}
	}
	memcpy(o->p + o->n, d, n);
	o->n += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void u8(struct out *o, unsigned v) { unsigned char c = (unsigned char)v; put(o, &c, 1); }
static void be16(struct out *o, unsigned v) { u8(o, v >> 8); u8(o, v & 255); }
static void le16(struct out *o, unsigned v) { u8(o, v & 255); u8(o, v >> 8); }
static void le32(struct out *o, unsigned long v) { le16(o, v & 0xFFFF); le16(o, v >> 16); }

static void segment(struct out *o, int marker, const struct out *body)
{
	u8(o, 0xFF);
	u8(o, (unsigned)marker);
	be16(o, (unsigned)body->n + 2);
	put(o, body->p, body->n);
}

/* IFD entry: tag, type, count, value or offset (little-endian TIFF) */
static void entry(struct out *t, unsigned tag, unsigned type, unsigned long count, unsigned long v)
{
	le16(t, tag);
	le16(t, type);
	le32(t, count);
	le32(t, v);
}

static void rational3(struct out *t, double deg)
{
	double m = (deg - (int)deg) * 60;

	le32(t, (unsigned long)deg); le32(t, 1);
	le32(t, (unsigned long)m); le32(t, 1);
	le32(t, (unsigned long)((m - (int)m) * 60 * 1000)); le32(t, 1000);
}

/* TIFF: IFD0 (ExifIFD, GPS) -> ExifIFD (DateTimeOriginal) -> GPS IFD. */
static void exif(struct out *o, const char *date, int has_gps, double lat, double lon)
{
	struct out t = { 0 }, seg = { 0 };
	unsigned n0 = 1 + (has_gps ? 1 : 0);
	unsigned long ifd0 = 8, exif_ifd = ifd0 + 2 + 12 * n0 + 4;
	unsigned long date_off = exif_ifd + 2 + 12 + 4, gps_ifd = date_off + 20;
	unsigned long lat_off = gps_ifd + 2 + 4 * 12 + 4, lon_off = lat_off + 24;

	put(&t, "II*\0", 4);
	le32(&t, ifd0);
	le16(&t, n0);
	entry(&t, 0x8769, 4, 1, exif_ifd);
	if (has_gps)
		entry(&t, 0x8825, 4, 1, gps_ifd);
	le32(&t, 0);
	le16(&t, 1);
	entry(&t, 0x9003, 2, 20, date_off);
	le32(&t, 0);
	put(&t, date, 19);
	u8(&t, 0);
	if (has_gps) {
		le16(&t, 4);
		entry(&t, 1, 2, 2, lat < 0 ? 'S' : 'N');
		entry(&t, 2, 5, 3, lat_off);
		entry(&t, 3, 2, 2, lon < 0 ? 'W' : 'E');
		entry(&t, 4, 5, 3, lon_off);
		le32(&t, 0);
		rational3(&t, lat < 0 ? -lat : lat);
		rational3(&t, lon < 0 ? -lon : lon);
	}
	put(&seg, "Exif\0\0", 6);
	put(&seg, t.p, t.n);
	segment(o, 0xE1, &seg);
	free(t.p);
	free(seg.p);
}

static void xml_escaped(struct out *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '<') put(o, "&lt;", 4);
		else if (*s == '>') put(o, "&gt;", 4);
		else if (*s == '&') put(o, "&amp;", 5);
		else put(o, s, 1);
	}
}

static void xmp(struct out *o, const char *caption, const char *person)
{
	struct out seg = { 0 };
	static const char head[] = "http://ns.adobe.com/xap/1.0/";

	put(&seg, head, sizeof(head));
	puts_(&seg, "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf="
		  "'http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about=''"
		  " xmlns:dc='http://purl.org/dc/elements/1.1/'"
		  " xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>");
	if (caption) {
		puts_(&seg, "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>");
		xml_escaped(&seg, caption);
		puts_(&seg, "</rdf:li></rdf:Alt></dc:description>");
	}
	if (person) {
		puts_(&seg, "<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>");
		xml_escaped(&seg, person);
		puts_(&seg, "</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>");
	}
	puts_(&seg, "</rdf:Description></rdf:RDF></x:xmpmeta>");
	segment(o, 0xE1, &seg);
	free(seg.p);
}

static void dataset(struct out *o, int rec, int ds, const char *v)
{
	u8(o, 0x1C);
	u8(o, (unsigned)rec);
	u8(o, (unsigned)ds);
	be16(o, (unsigned)strlen(v));
	put(o, v, strlen(v));
}

static void iptc(struct out *o, const char *caption, const char *credit, const char *city)
{
	struct out iim = { 0 }, seg = { 0 };

	dataset(&iim, 1, 90, "\x1b%G");
	if (caption)
		dataset(&iim, 2, 120, caption);
	if (credit)
		dataset(&iim, 2, 110, credit);
	if (city)
		dataset(&iim, 2, 90, city);
	put(&seg, "Photoshop 3.0\0" "8BIM\x04\x04\0\0", 22);
	u8(&seg, (unsigned)(iim.n >> 24)); u8(&seg, (unsigned)(iim.n >> 16));
	u8(&seg, (unsigned)(iim.n >> 8)); u8(&seg, (unsigned)iim.n);
	put(&seg, iim.p, iim.n);
	if (iim.n & 1)
		u8(&seg, 0);
	segment(o, 0xED, &seg);
	free(iim.p);
	free(seg.p);
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 4 || fseek(f, 0, SEEK_SET) ||
	    !(p = malloc((size_t)len)) || fread(p, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "mkphoto: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	*n = (size_t)len;
	return p;
}

/* The base's segments from the first non-APP marker on (DQT, SOF, ...). */
static size_t image_start(const unsigned char *p, size_t n)
{
	size_t off = 2;

	while (off + 4 <= n && p[off] == 0xFF && p[off + 1] >= 0xE0 && p[off + 1] <= 0xEF)
		off += 2 + ((size_t)p[off + 2] << 8 | p[off + 3]);
	return off;
}

int main(int argc, char **argv)
{
	const char *ic = NULL, *xc = NULL, *credit = NULL, *person = NULL, *city = NULL;
	const char *date = "2024:09:11 10:15:00";
	double lat = 0, lon = 0;
	int has_gps = 0;
	struct out o = { 0 };
	unsigned char *base;
	size_t n, start;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: mkphoto BASE.jpg OUT.jpg [options]\n");
		return 1;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--iptc-caption")) ic = argv[i + 1];
		else if (!strcmp(argv[i], "--xmp-caption")) xc = argv[i + 1];
		else if (!strcmp(argv[i], "--iptc-credit")) credit = argv[i + 1];
		else if (!strcmp(argv[i], "--person")) person = argv[i + 1];
		else if (!strcmp(argv[i], "--city")) city = argv[i + 1];
		else if (!strcmp(argv[i], "--date")) date = argv[i + 1];
		else if (!strcmp(argv[i], "--gps") && sscanf(argv[i + 1], "%lf,%lf", &lat, &lon) == 2) has_gps = 1;
		else {
			fprintf(stderr, "mkphoto: bad option %s\n", argv[i]);
			return 1;
		}
	}
	base = slurp(argv[1], &n);
	start = image_start(base, n);
	put(&o, "\xFF\xD8", 2);
	if (strlen(date) != 19) {
		fprintf(stderr, "mkphoto: --date wants YYYY:MM:DD HH:MM:SS\n");
		return 1;
	}
	exif(&o, date, has_gps, lat, lon);
	if (xc || person)
		xmp(&o, xc, person);
	if (ic || credit || city)
		iptc(&o, ic, credit, city);
	put(&o, base + start, n - start);
	if (!(f = fopen(argv[2], "wb")) || fwrite(o.p, 1, o.n, f) != o.n || fclose(f)) {
		fprintf(stderr, "mkphoto: cannot write %s\n", argv[2]);
		return 1;
	}
	free(base);
	free(o.p);
	return 0;
}
