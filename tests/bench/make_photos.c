/* make_photos.c - write N distinct camera JPEGs for the import benchmark.
 *
 *   make_photos [--full-size] DIR N [SEED]
 *                                 write DIR/0000/IMG_000000.jpg ... (100 a folder)
 *   make_photos --version         print the generator version (bump it when the
 *                                 output changes, so old folders are made again)
 *
 * Each file starts from a real camera JPEG of tests/data/corpus (its image
 * segments and scan data are kept; its EXIF, XMP and Photoshop segments are
 * dropped) and gets metadata of its own.  The corpus's camera files hold
 * small images (9.8 KiB a file on average); with --full-size, each takes the
 * image of one of the corpus's 1,800 x 1,200 photos instead (Landscape_*,
 * Portrait_*: 250-350 KiB a file, as in the import issue's measurement), so
 * that reading the first 64 KiB reads 64 KiB.  The metadata:
 *   - a fresh EXIF APP1 (little-endian TIFF): IFD0 Make/Model/Orientation/
 *     DateTime, the EXIF IFD (exposure, F-number, ISO, focal length,
 *     DateTimeOriginal, OffsetTimeOriginal, ImageUniqueID), a GPS IFD for
 *     about half the files and an IFD1 JPEG thumbnail (sample1.jpg's) for
 *     about two thirds;
 *   - an APP13 Photoshop 3.0 / 8BIM 0x0404 IPTC-IIM block (UTF-8) for ~70%;
 *   - an XMP APP1 packet for ~50%.
 * Captions are news-style sentences drawn from lists by a PRNG seeded with
 * SEED and the file's number, so a run is reproducible, file i is the same
 * whatever N is, and no two files are alike (ImageUniqueID holds i).
 * Only libc: this is test tooling, not library code.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAKE_PHOTOS_VERSION 1

#ifndef CORPUS_DIR
#define CORPUS_DIR "tests/data/corpus"
#endif

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- lists the captions are drawn from ---- */

static const struct {
	const char *file, *make, *model;
	int phone;
} base_files[] = {
	{ "Canon1DmkIII.jpg", "Canon", "Canon EOS-1D Mark III", 0 },
	{ "NikonD70.jpg", "NIKON CORPORATION", "NIKON D70", 0 },
	{ "sample1.jpg", "NIKON CORPORATION", "NIKON D2H", 0 },
	{ "Apple.jpg", "Apple", "iPhone 7", 1 },
	{ "Google.jpg", "Google", "Pixel 8 Pro", 1 },
	{ "GoPro.jpg", "GoPro", "HERO6 Black", 1 },
	{ "Pentax.jpg", "PENTAX Corporation", "PENTAX K10D", 0 },
	{ "Sony.jpg", "SONY", "DSC-F828", 0 },
	{ "OlympusE1.jpg", "OLYMPUS OPTICAL CO.,LTD", "E-1", 0 },
	{ "Panasonic.jpg", "Panasonic", "DMC-FZ3", 0 },
	{ "FujiFilm.jpg", "FUJIFILM", "FinePix2400Zoom", 0 },
};
#define THUMB_FILE "sample1.jpg"

/* --full-size: the image segments and scan of these */
static const char *const full_files[] = {
	"Landscape_0.jpg", "Landscape_1.jpg", "Landscape_2.jpg", "Landscape_3.jpg",
	"Landscape_4.jpg", "Landscape_5.jpg", "Landscape_6.jpg", "Landscape_7.jpg",
	"Landscape_8.jpg", "Portrait_0.jpg", "Portrait_1.jpg", "Portrait_6.jpg", "Portrait_8.jpg",
};

static const char *const first_names[] = {
	"Masoud", "Abdul Latif", "Mohamed", "Yahya", "Hadi", "Safin", "Atta", "Murtada", "Dana",
	"Samir", "Rami", "Leah", "Tom", "Kay", "Maya", "Karim", "Lena", "Khalid", "Anna", "Chris",
	"Noa", "Ahmad", "Gailan", "Jon", "Yossi", "Ali", "Sara", "Alexei", "Omar", "Fatima",
	"Nadia", "Hassan", "Layla", "Yusuf", "Mariam", "Tariq", "Rania", "Bilal", "Huda", "Ziad",
	"José", "Zoë", "Hüseyin", "Çağlar", "Émilie", "Søren",
};
static const char *const last_names[] = {
	"Pezeshkian", "Rashid", "al-Sudani", "Sinwar", "Mizban", "Hamed", "Kenare", "Levi",
	"Haddad", "Nasser", "Carmel", "Weller", "Brandt", "Ortiz", "Sahib", "Moreau", "Mansour",
	"Vidic", "Dalton", "Klein", "Saleh", "Haji", "Reyes", "Adler", "Nour", "Leon", "Orlov",
	"Khalil", "Aziz", "Jaber", "Karimi", "Hosseini", "Farouk", "Salem", "Darwish", "Bakr",
	"Yousef", "Qasim", "Hadid", "Sabri", "Tamimi", "Obeidi", "Jubouri", "Zaidi", "Amiri",
	"Öztürk", "Müller", "Ávila",
};
static const struct {
	const char *city, *country, *tz;
	double lat, lon;
} places[] = {
	{ "Baghdad", "Iraq", "+03:00", 33.31, 44.37 }, { "Erbil", "Iraq", "+03:00", 36.19, 44.01 },
	{ "Basra", "Iraq", "+03:00", 30.51, 47.81 }, { "Mosul", "Iraq", "+03:00", 36.34, 43.13 },
	{ "Tehran", "Iran", "+03:30", 35.69, 51.39 }, { "Isfahan", "Iran", "+03:30", 32.65, 51.67 },
	{ "Damascus", "Syria", "+03:00", 33.51, 36.29 }, { "Aleppo", "Syria", "+03:00", 36.20, 37.16 },
	{ "Beirut", "Lebanon", "+02:00", 33.89, 35.50 }, { "Amman", "Jordan", "+03:00", 31.95, 35.93 },
	{ "Jerusalem", "Israel", "+02:00", 31.77, 35.21 }, { "Tel Aviv", "Israel", "+02:00", 32.08, 34.78 },
	{ "Gaza City", "Palestinian Territories", "+02:00", 31.50, 34.47 },
	{ "Cairo", "Egypt", "+02:00", 30.04, 31.24 }, { "Riyadh", "Saudi Arabia", "+03:00", 24.71, 46.68 },
	{ "Sanaa", "Yemen", "+03:00", 15.37, 44.19 }, { "Ankara", "Turkey", "+03:00", 39.93, 32.86 },
	{ "Şanlıurfa", "Turkey", "+03:00", 37.16, 38.79 }, { "Kyiv", "Ukraine", "+02:00", 50.45, 30.52 },
	{ "Moscow", "Russia", "+03:00", 55.76, 37.62 }, { "Paris", "France", "+01:00", 48.86, 2.35 },
	{ "Washington", "United States", "-05:00", 38.90, -77.04 },
};
static const char *const roles[] = {
	"President", "Prime Minister", "Foreign Minister", "Defence Minister", "Vice President",
	"Parliament Speaker", "opposition leader", "Interior Minister",
};
static const char *const meets[] = {
	"walks with", "shakes hands with", "meets with", "speaks with", "welcomes",
};
static const char *const crowds[] = {
	"attend the funeral of a commander", "walk past a damaged building", "gather for a protest",
	"inspect the site of an airstrike", "wait at a checkpoint", "celebrate after a football match",
	"pray at a mosque", "carry supplies through a market", "stand in line for bread",
	"watch a military parade", "light candles at a vigil", "queue for fuel",
};
static const char *const scenes[] = {
	"smoke rising after an airstrike", "a damaged building", "residents queuing for bread",
	"children playing in a flooded street", "a destroyed car", "rescue workers searching rubble",
	"the skyline at dusk", "displaced families in a tent camp",
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December",
};
/* Agencies: the credit field, and how the caption's credit line is written. */
enum { AFP, AFP_POOL, AP, REUTERS, EPA, GETTY };
static const char *const agencies[] = { "AFP", "AFP", "AP", "REUTERS", "EPA-EFE", "Getty Images" };

/* ---- a small growable byte buffer (exits when out of memory) ---- */

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("make_photos: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void put(struct buf *b, const void *p, size_t n)
{
	if (!n)
		return;         /* p may be NULL then (an empty buffer): not for memcpy */
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void put_u8(struct buf *b, unsigned v) { unsigned char c = (unsigned char)v; put(b, &c, 1); }
static void put_be16(struct buf *b, unsigned v) { put_u8(b, v >> 8); put_u8(b, v); }
static void put_be32(struct buf *b, uint32_t v) { put_be16(b, v >> 16); put_be16(b, v & 0xffff); }
static void put_str(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static void set_le16(unsigned char *p, unsigned v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static void set_le32(unsigned char *p, uint32_t v) { set_le16(p, v & 0xffff); set_le16(p + 2, v >> 16); }

/* XML text with &, <, > and " escaped. */
static void put_xml(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': put_str(b, "&amp;"); break;
		case '<': put_str(b, "&lt;"); break;
		case '>': put_str(b, "&gt;"); break;
		case '"': put_str(b, "&quot;"); break;
		default: put(b, s, 1);
		}
	}
}

/* ---- the seeded PRNG (splitmix64) ---- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned pick(uint64_t *s, size_t n) { return (unsigned)(rng_next(s) % n); }

/* ---- the base JPEGs ---- */

struct base {
	int index;                      /* into base_files[] */
	struct buf jfif;                /* the APP0 JFIF segment, if any: written first */
	struct buf keep;                /* other segments before SOS, in order */
	const unsigned char *scan;      /* SOS to the end of the file */
	size_t nscan;
	unsigned char *data;
};

static unsigned char *read_file(const char *path, size_t *out)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		if (f)
			fclose(f);
		return NULL;
	}
	p = xrealloc(NULL, (size_t)n + 1);
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*out = (size_t)n;
	return p;
}

/* Split a JPEG into the segments to keep and its scan.  EXIF, XMP (APP1)
 * and Photoshop (APP13) segments are dropped: every file gets its own.
 * Returns 0, or -1 when this is not a JPEG with a start of scan. */
static int split_jpeg(struct base *b, const unsigned char *d, size_t n)
{
	size_t i = 2;

	if (n < 4 || d[0] != 0xff || d[1] != 0xd8)
		return -1;
	while (i + 4 <= n) {
		unsigned m, len;
		if (d[i] != 0xff)
			return -1;
		m = d[i + 1];
		if (m == 0xff) {                /* fill byte */
			i++;
			continue;
		}
		if (m == 0xda) {
			b->scan = d + i;
			b->nscan = n - i;
			return 0;
		}
		if (m == 0xd9 || m == 0xd8)
			return -1;
		len = (unsigned)d[i + 2] << 8 | d[i + 3];
		if (len < 2 || i + 2 + len > n)
			return -1;
		if (m == 0xe0 && len >= 7 && !memcmp(d + i + 4, "JFIF", 5) && !b->jfif.n)
			put(&b->jfif, d + i, 2 + len);
		else if (m != 0xe1 && m != 0xed)
			put(&b->keep, d + i, 2 + len);
		i += 2 + len;
	}
	return -1;
}

static unsigned tiff16(const unsigned char *p, int le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | p[1];
}

static uint32_t tiff32(const unsigned char *p, int le)
{
	return le ? tiff16(p, 1) | (uint32_t)tiff16(p + 2, 1) << 16
		  : (uint32_t)tiff16(p, 0) << 16 | tiff16(p + 2, 0);
}

/* The IFD1 thumbnail of the first EXIF APP1 of a JPEG, or NULL. */
static const unsigned char *find_thumbnail(const unsigned char *d, size_t n, size_t *out)
{
	for (size_t i = 2; i + 4 <= n && d[i] == 0xff && d[i + 1] != 0xda;) {
		size_t len = (size_t)d[i + 2] << 8 | d[i + 3];
		const unsigned char *t = d + i + 10;    /* past the marker, length and "Exif\0\0" */
		size_t tn = len - 8;
		if (i + 2 + len > n)
			return NULL;
		if (d[i + 1] == 0xe1 && len > 16 && !memcmp(d + i + 4, "Exif\0", 6)) {
			int le = t[0] == 'I';
			uint32_t ifd = tiff32(t + 4, le), off = 0, size = 0;
			if (ifd + 2 > tn)
				return NULL;
			ifd += 2 + 12 * tiff16(t + ifd, le);            /* to IFD0's next-IFD link */
			if (ifd + 4 > tn || (ifd = tiff32(t + ifd, le)) == 0 || ifd + 2 > tn)
				return NULL;
			for (unsigned k = 0, c = tiff16(t + ifd, le); k < c && ifd + 14 + 12 * k <= tn; k++) {
				const unsigned char *e = t + ifd + 2 + 12 * k;
				if (tiff16(e, le) == 0x0201) off = tiff32(e + 8, le);
				if (tiff16(e, le) == 0x0202) size = tiff32(e + 8, le);
			}
			if (!off || !size || off + size > tn || t[off] != 0xff || t[off + 1] != 0xd8)
				return NULL;
			*out = size;
			return t + off;
		}
		i += 2 + len;
	}
	return NULL;
}

/* ---- one photo's metadata ---- */

struct shot {
	const struct base *base;
	unsigned orientation, iso;
	uint32_t exposure[2], fnumber[2], focal[2];
	char datetime[20], iptc_date[9], tz[7];
	char uid[33];
	const char *city, *country;
	double lat, lon;
	int gps, thumb, iptc, xmp;
	char caption[1024], byline[64], credit[16];
	char people[3][96];             /* names only, for PersonInImage */
	int npeople;
};

static void person_name(char *out, size_t n, uint64_t *s)
{
	snprintf(out, n, "%s %s", first_names[pick(s, N(first_names))],
		 last_names[pick(s, N(last_names))]);
}

/* "Murtada AL-SUDANI": AFP writes the family name in capitals (ASCII only). */
static void afp_name(char *out, size_t n, const char *name)
{
	const char *sp = strchr(name, ' ');

	snprintf(out, n, "%s", name);
	for (char *p = out + (sp ? sp - name : 0); *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
}

static void possessive(char *out, size_t n, const char *country)
{
	size_t len = strlen(country);

	snprintf(out, n, "%s'%s", country, len && country[len - 1] == 's' ? "" : "s");
}

/* " (Murtada AL-SUDANI / POOL / AFP)", ". REUTERS/Thaier al-Sudani", ... */
static void credit_line(char *out, size_t n, int agency, const char *byline)
{
	char caps[96];

	afp_name(caps, sizeof(caps), byline);
	switch (agency) {
	case AFP: snprintf(out, n, " (Photo by %s / AFP)", caps); break;
	case AFP_POOL: snprintf(out, n, " (%s / POOL / AFP)", caps); break;
	case AP: snprintf(out, n, " (AP Photo/%s)", byline); break;
	case REUTERS: snprintf(out, n, ". REUTERS/%s", byline); break;
	case EPA: snprintf(out, n, ". EPA-EFE/%s", caps); break;
	default: snprintf(out, n, " (Photo by %s/Getty Images)", byline); break;
	}
}

/* "Iraq's Prime Minister Mohamed al-Sudani", and its name in sh->people. */
static void official(char *out, size_t n, struct shot *sh, uint64_t *s)
{
	char owner[64], *name = sh->people[sh->npeople++];

	possessive(owner, sizeof(owner), places[pick(s, N(places))].country);
	person_name(name, sizeof(sh->people[0]), s);
	snprintf(out, n, "%s %s %s", owner, roles[pick(s, N(roles))], name);
}

static void make_caption(struct shot *sh, uint64_t *s, const char *date)
{
	char a[160], b[160], c[160], cred[160];
	int agency = (int)pick(s, N(agencies));

	person_name(sh->byline, sizeof(sh->byline), s);
	snprintf(sh->credit, sizeof(sh->credit), "%s", agencies[agency]);
	credit_line(cred, sizeof(cred), agency, sh->byline);
	sh->npeople = 0;
	switch (pick(s, 5)) {
	case 0:
		official(a, sizeof(a), sh, s);
		official(b, sizeof(b), sh, s);
		snprintf(sh->caption, sizeof(sh->caption), "%s (L) %s %s in %s on %s%s", a,
			 meets[pick(s, N(meets))], b, sh->city, date, cred);
		break;
	case 1:
		official(a, sizeof(a), sh, s);
		snprintf(sh->caption, sizeof(sh->caption),
			 "%s speaks during a press conference in %s, %s, on %s%s", a, sh->city,
			 sh->country, date, cred);
		break;
	case 2:
		snprintf(sh->caption, sizeof(sh->caption), "People %s in %s, %s, on %s%s",
			 crowds[pick(s, N(crowds))], sh->city, sh->country, date, cred);
		break;
	case 3:
		official(a, sizeof(a), sh, s);
		official(b, sizeof(b), sh, s);
		official(c, sizeof(c), sh, s);
		snprintf(sh->caption, sizeof(sh->caption),
			 "%s (C) meets with %s (R) and %s (L) in %s, %s, on %s%s", a, b, c, sh->city,
			 sh->country, date, cred);
		break;
	default:
		snprintf(sh->caption, sizeof(sh->caption), "A picture taken on %s shows %s in %s, %s%s",
			 date, scenes[pick(s, N(scenes))], sh->city, sh->country, cred);
		break;
	}
}

static void make_exposure(struct shot *sh, uint64_t *s)
{
	static const unsigned speeds[] = { 8000, 4000, 2000, 1000, 500, 250, 125, 60, 30 };
	static const unsigned fnums[] = { 18, 28, 40, 56, 80, 110 };         /* tenths */
	static const unsigned isos[] = { 100, 200, 400, 800, 1600, 3200, 6400 };
	static const unsigned lens[] = { 16, 24, 35, 50, 70, 85, 105, 200, 300, 400 };
	static const unsigned phone_lens[] = { 399, 425, 681 };             /* hundredths */

	sh->exposure[0] = 1;
	sh->exposure[1] = speeds[pick(s, N(speeds))];
	sh->fnumber[0] = fnums[pick(s, N(fnums))];
	sh->fnumber[1] = 10;
	sh->iso = isos[pick(s, N(isos))];
	if (base_files[sh->base->index].phone) {
		sh->focal[0] = phone_lens[pick(s, N(phone_lens))];
		sh->focal[1] = 100;
	} else {
		sh->focal[0] = lens[pick(s, N(lens))];
		sh->focal[1] = 1;
	}
}

static void make_shot(struct shot *sh, const struct base *bases, size_t nbases, uint64_t seed,
		      unsigned long i)
{
	static const unsigned orients[] = { 1, 1, 1, 1, 1, 1, 6, 8, 3 };
	uint64_t s = seed * 0x100000001b3ull ^ (uint64_t)i * 0x9e3779b97f4a7c15ull;
	int p, y, mo, d;
	char date[40];

	rng_next(&s);
	sh->base = &bases[pick(&s, nbases)];
	sh->orientation = orients[pick(&s, N(orients))];
	p = (int)pick(&s, N(places));
	sh->city = places[p].city;
	sh->country = places[p].country;
	snprintf(sh->tz, sizeof(sh->tz), "%s", places[p].tz);
	sh->lat = places[p].lat + ((double)pick(&s, 1001) - 500) / 10000.0;
	sh->lon = places[p].lon + ((double)pick(&s, 1001) - 500) / 10000.0;
	y = 2019 + (int)pick(&s, 7);
	mo = 1 + (int)pick(&s, 12);
	d = 1 + (int)pick(&s, 28);
	/* unsigned and bounded: the compiler can see the fields fit */
	snprintf(sh->datetime, sizeof(sh->datetime), "%04u:%02u:%02u %02u:%02u:%02u",
		 (unsigned)y % 10000u, (unsigned)mo % 100u, (unsigned)d % 100u,
		 (5u + (unsigned)pick(&s, 17)) % 100u, (unsigned)pick(&s, 60) % 100u,
		 (unsigned)pick(&s, 60) % 100u);
	snprintf(sh->iptc_date, sizeof(sh->iptc_date), "%04u%02u%02u", (unsigned)y % 10000u,
		 (unsigned)mo % 100u, (unsigned)d % 100u);
	snprintf(date, sizeof(date), "%s %d, %d", months[mo - 1], d, y);
	snprintf(sh->uid, sizeof(sh->uid), "%016llx%016lx", (unsigned long long)rng_next(&s), i);
	make_exposure(sh, &s);
	sh->gps = pick(&s, 2) == 0;
	sh->thumb = pick(&s, 3) != 0;
	sh->iptc = pick(&s, 10) < 7;
	sh->xmp = pick(&s, 2) == 0;
	make_caption(sh, &s, date);
}

/* ---- EXIF: a little-endian TIFF with IFD0, EXIF, GPS and IFD1 ---- */

enum { T_BYTE = 1, T_ASCII = 2, T_SHORT = 3, T_LONG = 4, T_RATIONAL = 5, T_UNDEFINED = 7 };

struct tag {
	unsigned id, type;
	uint32_t count;
	unsigned char val[64];
	size_t len;
};

struct ifd {
	struct tag t[12];
	int n;
	uint32_t off;                   /* from the TIFF header */
};

static struct tag *add(struct ifd *f, unsigned id, unsigned type, uint32_t count, size_t len)
{
	struct tag *t = &f->t[f->n++];

	t->id = id;
	t->type = type;
	t->count = count;
	t->len = len;
	memset(t->val, 0, sizeof(t->val));
	return t;
}

static void add_ascii(struct ifd *f, unsigned id, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(add(f, id, T_ASCII, (uint32_t)n, n)->val, s, n);
}

static void add_short(struct ifd *f, unsigned id, unsigned v) { set_le16(add(f, id, T_SHORT, 1, 2)->val, v); }
static void add_long(struct ifd *f, unsigned id, uint32_t v) { set_le32(add(f, id, T_LONG, 1, 4)->val, v); }

static void add_rationals(struct ifd *f, unsigned id, const uint32_t *v, unsigned n)
{
	struct tag *t = add(f, id, T_RATIONAL, n, 8 * (size_t)n);

	for (unsigned k = 0; k < 2 * n; k++)
		set_le32(t->val + 4 * k, v[k]);
}

static void set_long(struct ifd *f, unsigned id, uint32_t v)
{
	for (int k = 0; k < f->n; k++)
		if (f->t[k].id == id)
			set_le32(f->t[k].val, v);
}

static size_t ifd_size(const struct ifd *f)
{
	size_t n = 2 + 12 * (size_t)f->n + 4;

	for (int k = 0; k < f->n; k++)
		if (f->t[k].len > 4)
			n += (f->t[k].len + 1) & ~(size_t)1;
	return n;
}

/* Write the IFD at tiff + f->off; its values follow its entries. */
static void ifd_write(unsigned char *tiff, const struct ifd *f, uint32_t next)
{
	unsigned char *e = tiff + f->off;
	uint32_t data = f->off + 2 + 12 * (uint32_t)f->n + 4;

	set_le16(e, (unsigned)f->n);
	e += 2;
	for (int k = 0; k < f->n; k++, e += 12) {
		const struct tag *t = &f->t[k];
		set_le16(e, t->id);
		set_le16(e + 2, t->type);
		set_le32(e + 4, t->count);
		memset(e + 8, 0, 4);
		if (t->len <= 4) {
			memcpy(e + 8, t->val, t->len);
			continue;
		}
		set_le32(e + 8, data);
		memcpy(tiff + data, t->val, t->len);
		if (t->len & 1)
			tiff[data + t->len] = 0;
		data += (uint32_t)((t->len + 1) & ~(size_t)1);
	}
	set_le32(e, next);
}

static void gps_ifd(struct ifd *f, const struct shot *sh)
{
	static const unsigned char version[4] = { 2, 3, 0, 0 };
	double lat = sh->lat < 0 ? -sh->lat : sh->lat, lon = sh->lon < 0 ? -sh->lon : sh->lon;
	uint32_t la[6] = { (uint32_t)lat, 1, (uint32_t)(lat * 60) % 60, 1,
			   (uint32_t)(lat * 360000) % 6000, 100 };
	uint32_t lo[6] = { (uint32_t)lon, 1, (uint32_t)(lon * 60) % 60, 1,
			   (uint32_t)(lon * 360000) % 6000, 100 };

	memcpy(add(f, 0x0000, T_BYTE, 4, 4)->val, version, 4);
	add_ascii(f, 0x0001, sh->lat < 0 ? "S" : "N");
	add_rationals(f, 0x0002, la, 3);
	add_ascii(f, 0x0003, sh->lon < 0 ? "W" : "E");
	add_rationals(f, 0x0004, lo, 3);
}

static void put_exif(struct buf *out, const struct shot *sh, const unsigned char *thumb,
		     size_t nthumb)
{
	static const uint32_t res[2] = { 72, 1 };
	struct ifd ifd0 = { 0 }, exif = { 0 }, gps = { 0 }, ifd1 = { 0 };
	size_t size;
	unsigned char *tiff;

	add_ascii(&ifd0, 0x010f, base_files[sh->base->index].make);
	add_ascii(&ifd0, 0x0110, base_files[sh->base->index].model);
	add_short(&ifd0, 0x0112, sh->orientation);
	add_rationals(&ifd0, 0x011a, res, 1);
	add_rationals(&ifd0, 0x011b, res, 1);
	add_short(&ifd0, 0x0128, 2);
	add_ascii(&ifd0, 0x0132, sh->datetime);
	add_long(&ifd0, 0x8769, 0);
	if (sh->gps)
		add_long(&ifd0, 0x8825, 0);

	add_rationals(&exif, 0x829a, sh->exposure, 1);
	add_rationals(&exif, 0x829d, sh->fnumber, 1);
	add_short(&exif, 0x8827, sh->iso);
	memcpy(add(&exif, 0x9000, T_UNDEFINED, 4, 4)->val, "0232", 4);
	add_ascii(&exif, 0x9003, sh->datetime);
	add_ascii(&exif, 0x9011, sh->tz);
	add_rationals(&exif, 0x920a, sh->focal, 1);
	add_ascii(&exif, 0xa420, sh->uid);

	gps_ifd(&gps, sh);

	add_short(&ifd1, 0x0103, 6);
	add_rationals(&ifd1, 0x011a, res, 1);
	add_rationals(&ifd1, 0x011b, res, 1);
	add_short(&ifd1, 0x0128, 2);
	add_long(&ifd1, 0x0201, 0);
	add_long(&ifd1, 0x0202, (uint32_t)nthumb);

	ifd0.off = 8;
	exif.off = ifd0.off + (uint32_t)ifd_size(&ifd0);
	gps.off = exif.off + (uint32_t)ifd_size(&exif);
	ifd1.off = gps.off + (sh->gps ? (uint32_t)ifd_size(&gps) : 0);
	size = ifd1.off + (sh->thumb ? ifd_size(&ifd1) + nthumb : 0);
	set_long(&ifd0, 0x8769, exif.off);
	set_long(&ifd0, 0x8825, gps.off);
	set_long(&ifd1, 0x0201, ifd1.off + (uint32_t)ifd_size(&ifd1));

	tiff = xrealloc(NULL, size);
	memcpy(tiff, "II*\0", 4);
	set_le32(tiff + 4, ifd0.off);
	ifd_write(tiff, &ifd0, sh->thumb ? ifd1.off : 0);
	ifd_write(tiff, &exif, 0);
	if (sh->gps)
		ifd_write(tiff, &gps, 0);
	if (sh->thumb) {
		ifd_write(tiff, &ifd1, 0);
		memcpy(tiff + size - nthumb, thumb, nthumb);
	}
	put_be16(out, 0xffe1);
	put_be16(out, (unsigned)(2 + 6 + size));
	put(out, "Exif\0", 6);
	put(out, tiff, size);
	free(tiff);
}

/* ---- IPTC-IIM in a Photoshop APP13, and XMP ---- */

static void put_dataset(struct buf *b, unsigned record, unsigned dataset, const void *p, size_t n)
{
	put_u8(b, 0x1c);
	put_u8(b, record);
	put_u8(b, dataset);
	put_be16(b, (unsigned)n);
	put(b, p, n);
}

static void put_iptc(struct buf *out, const struct shot *sh)
{
	struct buf iim = { 0 };
	size_t seg;

	put_dataset(&iim, 1, 90, "\x1b%G", 3);                 /* coded character set: UTF-8 */
	put_dataset(&iim, 2, 0, "\x00\x04", 2);                /* record version 4 */
	put_dataset(&iim, 2, 55, sh->iptc_date, 8);
	put_dataset(&iim, 2, 80, sh->byline, strlen(sh->byline));
	put_dataset(&iim, 2, 90, sh->city, strlen(sh->city));
	put_dataset(&iim, 2, 101, sh->country, strlen(sh->country));
	put_dataset(&iim, 2, 110, sh->credit, strlen(sh->credit));
	put_dataset(&iim, 2, 120, sh->caption, strlen(sh->caption));

	/* "Photoshop 3.0\0", then 8BIM, id 0x0404, an empty padded name, size, data */
	seg = 2 + 14 + 4 + 2 + 2 + 4 + ((iim.n + 1) & ~(size_t)1);
	put_be16(out, 0xffed);
	put_be16(out, (unsigned)seg);
	put(out, "Photoshop 3.0", 14);
	put(out, "8BIM\x04\x04\0\0", 8);
	put_be32(out, (uint32_t)iim.n);
	put(out, iim.p, iim.n);
	if (iim.n & 1)
		put_u8(out, 0);
	free(iim.p);
}

static void put_xmp(struct buf *out, const struct shot *sh)
{
	struct buf x = { 0 };

	put_str(&x, "http://ns.adobe.com/xap/1.0/");
	put_u8(&x, 0);
	put_str(&x, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n"
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"    xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n"
		"    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
		"    photoshop:Credit=\"");
	put_xml(&x, sh->credit);
	put_str(&x, "\"\n    photoshop:City=\"");
	put_xml(&x, sh->city);
	put_str(&x, "\">\n   <dc:description>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">");
	put_xml(&x, sh->caption);
	put_str(&x, "</rdf:li>\n    </rdf:Alt>\n   </dc:description>\n"
		"   <dc:creator>\n    <rdf:Seq>\n     <rdf:li>");
	put_xml(&x, sh->byline);
	put_str(&x, "</rdf:li>\n    </rdf:Seq>\n   </dc:creator>\n");
	if (sh->npeople) {
		put_str(&x, "   <Iptc4xmpExt:PersonInImage>\n    <rdf:Bag>\n");
		for (int k = 0; k < sh->npeople; k++) {
			put_str(&x, "     <rdf:li>");
			put_xml(&x, sh->people[k]);
			put_str(&x, "</rdf:li>\n");
		}
		put_str(&x, "    </rdf:Bag>\n   </Iptc4xmpExt:PersonInImage>\n");
	}
	put_str(&x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	put_be16(out, 0xffe1);
	put_be16(out, (unsigned)(2 + x.n));
	put(out, x.p, x.n);
	free(x.p);
}

/* ---- main ---- */

static void build_photo(struct buf *out, const struct shot *sh, const unsigned char *thumb,
			size_t nthumb)
{
	const struct base *b = sh->base;

	out->n = 0;
	put(out, "\xff\xd8", 2);
	put(out, b->jfif.p, b->jfif.n);
	put_exif(out, sh, thumb, nthumb);
	if (sh->xmp)
		put_xmp(out, sh);
	if (sh->iptc)
		put_iptc(out, sh);
	put(out, b->keep.p, b->keep.n);
	put(out, b->scan, b->nscan);
}

static int write_file(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (write(fd, b->p, b->n) != (ssize_t)b->n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* A JPEG of the corpus with a scan, split; -1 when there is none. */
static int load_base(struct base *b, const char *name, size_t *len)
{
	char path[4096];

	memset(b, 0, sizeof(*b));
	snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, name);
	if (!(b->data = read_file(path, len))) {
		fprintf(stderr, "make_photos: cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (split_jpeg(b, b->data, *len)) {
		fprintf(stderr, "make_photos: '%s' is not a JPEG with a start of scan: skipped\n", path);
		free(b->jfif.p);
		free(b->keep.p);
		free(b->data);
		return -1;
	}
	return 0;
}

/* --full-size: the camera files keep their makes and models, and take
 * the image of a full-size photo in turn. */
static void load_full_images(struct base *bases, size_t nbases, struct base *full)
{
	size_t nfull = 0, len;

	for (size_t k = 0; k < N(full_files); k++)
		if (!load_base(&full[nfull], full_files[k], &len))
			nfull++;
	for (size_t k = 0; k < nbases && nfull; k++) {
		const struct base *f = &full[k % nfull];
		bases[k].jfif.n = bases[k].keep.n = 0;
		put(&bases[k].jfif, f->jfif.p, f->jfif.n);
		put(&bases[k].keep, f->keep.p, f->keep.n);
		bases[k].scan = f->scan;
		bases[k].nscan = f->nscan;
	}
}

/* Load the base files that are JPEGs with a scan, and copy the thumbnail. */
static size_t load_bases(struct base *bases, unsigned char **thumb, size_t *nthumb)
{
	const unsigned char *t;
	size_t n = 0;

	for (size_t k = 0; k < N(base_files); k++) {
		size_t len = 0;
		struct base *b = &bases[n];
		if (load_base(b, base_files[k].file, &len))
			continue;
		if (!strcmp(base_files[k].file, THUMB_FILE) && (t = find_thumbnail(b->data, len, nthumb))) {
			*thumb = xrealloc(NULL, *nthumb);
			memcpy(*thumb, t, *nthumb);
		}
		b->index = (int)k;
		n++;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct base bases[N(base_files)], full[N(full_files)] = { 0 };
	unsigned char *thumb = NULL;
	size_t nthumb = 0, nbases;
	unsigned long n, seed = 1;
	unsigned long long total = 0;
	struct buf out = { 0 };
	struct timespec t0, t1;
	char path[4096];
	int full_size = argc > 1 && !strcmp(argv[1], "--full-size");

	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("make_photos %d\n", MAKE_PHOTOS_VERSION);
		return 0;
	}
	argc -= full_size;
	argv += full_size;
	if (argc < 3 || argc > 4) {
		fputs("usage: make_photos [--full-size] DIR N [SEED]\n", stderr);
		return 2;
	}
	n = strtoul(argv[2], NULL, 10);
	if (argc == 4)
		seed = strtoul(argv[3], NULL, 10);
	nbases = load_bases(bases, &thumb, &nthumb);
	if (!nbases || !thumb) {
		fprintf(stderr, "make_photos: no base JPEG%s in '%s'\n", nbases ? " thumbnail" : "", CORPUS_DIR);
		return 1;
	}
	if (full_size)
		load_full_images(bases, nbases, full);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (mkdir(argv[1], 0755) && errno != EEXIST) {
		fprintf(stderr, "make_photos: cannot create '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (unsigned long i = 0; i < n; i++) {
		struct shot sh;
		snprintf(path, sizeof(path), "%s/%04lu", argv[1], i / 100);
		if (i % 100 == 0 && mkdir(path, 0755) && errno != EEXIST) {
			fprintf(stderr, "make_photos: cannot create '%s': %s\n", path, strerror(errno));
			return 1;
		}
		make_shot(&sh, bases, nbases, seed, i);
		build_photo(&out, &sh, thumb, nthumb);
		snprintf(path, sizeof(path), "%s/%04lu/IMG_%06lu.jpg", argv[1], i / 100, i);
		if (write_file(path, &out)) {
			fprintf(stderr, "make_photos: cannot write '%s': %s\n", path, strerror(errno));
			return 1;
		}
		total += out.n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%lu files, %llu bytes in %.2f s\n", n, total,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(out.p);
	free(thumb);
	for (size_t k = 0; k < nbases; k++) {
		free(bases[k].jfif.p);
		free(bases[k].keep.p);
		free(bases[k].data);
	}
	for (size_t k = 0; k < N(full_files); k++) {
		free(full[k].jfif.p);
		free(full[k].keep.p);
		free(full[k].data);
	}
	return 0;
}
