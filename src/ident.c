/* ident.c - file identification by content (the only libmagic user).
 *
 * Two libmagic databases: capcat's own (catalog/images.magic, compiled at
 * build time and embedded), asked first, and the system's, asked about
 * whatever the first does not name.  The system database spends about
 * 100,000 instructions on a JPEG (a tenth of an import's reading); ours
 * names one in a few hundred, with the system's own MIME type. */
#include "capcat/ident.h"

#include <magic.h>
#include <stdlib.h>
#include <string.h>

extern const char capcat_embed_images_magic[], capcat_embed_images_magic_end[];

struct capcat_ident {
	magic_t first;                  /* capcat's images.magic; NULL: could not load */
	magic_t cookie;                 /* the system database */
};

/* Everything an image check never needs stays off: it is most of
 * libmagic's time on a photo. */
static magic_t open_cookie(void)
{
	int flags = MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
		    MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_ENCODING |
		    MAGIC_NO_CHECK_TOKENS | MAGIC_NO_CHECK_APPTYPE | MAGIC_ERROR;

#ifdef MAGIC_NO_CHECK_JSON
	flags |= MAGIC_NO_CHECK_JSON;
#endif
#ifdef MAGIC_NO_CHECK_CSV
	flags |= MAGIC_NO_CHECK_CSV;
#endif
	return magic_open(flags);
}

/* capcat's database; NULL when this libmagic cannot read it (a compiled
 * database is tied to libmagic's format version): then the system's
 * answers everything, slower, the same. */
static magic_t open_first(void)
{
	void *buf = (void *)capcat_embed_images_magic;
	size_t len = (size_t)(capcat_embed_images_magic_end - capcat_embed_images_magic) - 1;
	magic_t m = open_cookie();

	if (m && magic_load_buffers(m, &buf, &len, 1) != 0) {
		magic_close(m);
		m = NULL;
	}
	return m;
}

int capcat_ident_open(struct capcat_ident **out, struct capcat_err *err)
{
	struct capcat_ident *id = calloc(1, sizeof(*id));

	if (!id)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	id->cookie = open_cookie();
	if (!id->cookie) {
		free(id);
		return capcat_err_set(err, CAPCAT_ERROR, "cannot start libmagic");
	}
	id->first = open_first();
	if (magic_load(id->cookie, NULL) != 0) {
		capcat_err_set(err, CAPCAT_ERROR, "cannot load the libmagic database: %s",
			       magic_error(id->cookie) ? magic_error(id->cookie) : "unknown error");
		capcat_ident_close(id);
		return CAPCAT_ERROR;
	}
	*out = id;
	return 0;
}

void capcat_ident_close(struct capcat_ident *id)
{
	if (!id)
		return;
	if (id->first)
		magic_close(id->first);
	if (id->cookie)
		magic_close(id->cookie);
	free(id);
}

static int has(const unsigned char *p, size_t len, size_t off, const char *sig, size_t n)
{
	return len >= off + n && !memcmp(p + off, sig, n);
}

/* ISO-BMFF major and compatible brands: HEIF family or Canon CR3. */
static enum capcat_format bmff_brand(const unsigned char *p, size_t len)
{
	static const char *heif[] = { "heic", "heix", "heim", "heis", "hevc", "hevx",
				      "mif1", "msf1", "avif", "avis" };
	size_t box;

	if (!has(p, len, 4, "ftyp", 4))
		return CAPCAT_FMT_NONE;
	if (has(p, len, 8, "crx ", 4))
		return CAPCAT_FMT_CR3;
	box = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	if (box > len)
		box = len;
	for (size_t off = 8; off + 4 <= box; off += off == 8 ? 8 : 4)
		for (size_t i = 0; i < sizeof(heif) / sizeof(heif[0]); i++)
			if (!memcmp(p + off, heif[i], 4))
				return CAPCAT_FMT_HEIF;
	return CAPCAT_FMT_NONE;
}

enum capcat_format capcat_ident_signature(const unsigned char *p, size_t len)
{
	enum capcat_format f;

	if (has(p, len, 0, "\xFF\xD8\xFF", 3))
		return CAPCAT_FMT_JPEG;
	if (has(p, len, 0, "II*\0", 4) && has(p, len, 8, "CR\2", 3))
		return CAPCAT_FMT_CR2;
	if (has(p, len, 0, "IIU\0", 4))
		return CAPCAT_FMT_RW2;
	if (has(p, len, 0, "IIRO", 4) || has(p, len, 0, "IIRS", 4) || has(p, len, 0, "MMOR", 4))
		return CAPCAT_FMT_ORF;
	if (has(p, len, 0, "II*\0", 4) || has(p, len, 0, "MM\0*", 4))
		return CAPCAT_FMT_TIFF;
	if (has(p, len, 0, "FUJIFILMCCD-RAW ", 16))
		return CAPCAT_FMT_RAF;
	if (has(p, len, 0, "\0MRM", 4))
		return CAPCAT_FMT_MRW;
	if (has(p, len, 0, "FOVb", 4))
		return CAPCAT_FMT_X3F;
	if (has(p, len, 0, "II\x1a\0\0\0HEAPCCDR", 14))
		return CAPCAT_FMT_CRW;
	if ((f = bmff_brand(p, len)) != CAPCAT_FMT_NONE)
		return f;
	if (has(p, len, 0, "\x89PNG\r\n\x1a\n", 8))
		return CAPCAT_FMT_PNG;
	if (has(p, len, 0, "RIFF", 4) && has(p, len, 8, "WEBP", 4))
		return CAPCAT_FMT_WEBP;
	if (has(p, len, 0, "GIF87a", 6) || has(p, len, 0, "GIF89a", 6))
		return CAPCAT_FMT_GIF;
	if (has(p, len, 0, "\0\0\0\x0cjP  \r\n\x87\n", 12))
		return CAPCAT_FMT_JP2;
	if (has(p, len, 0, "BM", 2) && len >= 18 && p[14] >= 12 && p[15] == 0)
		return CAPCAT_FMT_BMP;
	return CAPCAT_FMT_NONE;
}

static const struct {
	const char *mime;
	enum capcat_format fmt;
} magic_map[] = {
	{ "image/jpeg", CAPCAT_FMT_JPEG }, { "image/tiff", CAPCAT_FMT_TIFF },
	{ "image/png", CAPCAT_FMT_PNG }, { "image/webp", CAPCAT_FMT_WEBP },
	{ "image/heic", CAPCAT_FMT_HEIF }, { "image/heif", CAPCAT_FMT_HEIF },
	{ "image/heic-sequence", CAPCAT_FMT_HEIF }, { "image/heif-sequence", CAPCAT_FMT_HEIF },
	{ "image/avif", CAPCAT_FMT_HEIF }, { "image/gif", CAPCAT_FMT_GIF },
	{ "image/bmp", CAPCAT_FMT_BMP }, { "image/x-ms-bmp", CAPCAT_FMT_BMP },
	{ "image/jp2", CAPCAT_FMT_JP2 }, { "image/jpx", CAPCAT_FMT_JP2 },
	{ "image/x-canon-cr2", CAPCAT_FMT_CR2 }, { "image/x-canon-cr3", CAPCAT_FMT_CR3 },
	{ "image/x-canon-crw", CAPCAT_FMT_CRW }, { "image/x-nikon-nef", CAPCAT_FMT_NEF },
	{ "image/x-sony-arw", CAPCAT_FMT_ARW }, { "image/x-adobe-dng", CAPCAT_FMT_DNG },
	{ "image/x-fuji-raf", CAPCAT_FMT_RAF }, { "image/x-fujifilm-raf", CAPCAT_FMT_RAF },
	{ "image/x-panasonic-rw2", CAPCAT_FMT_RW2 }, { "image/x-olympus-orf", CAPCAT_FMT_ORF },
	{ "image/x-x3f", CAPCAT_FMT_X3F }, { "image/x-minolta-mrw", CAPCAT_FMT_MRW },
};

/* For tests: whether capcat's database loaded. */
int capcat_ident__own_loaded(const struct capcat_ident *id)
{
	return id->first != NULL;
}

/* What libmagic says of 'buf': capcat's database first. */
static const char *magic_type(struct capcat_ident *id, const void *buf, size_t len)
{
	const char *m = id->first ? magic_buffer(id->first, buf, len) : NULL;

	if (m && !strncmp(m, "image/", 6))     /* what it names: nothing else */
		return m;
	return magic_buffer(id->cookie, buf, len);
}

enum capcat_format capcat_ident_buffer(struct capcat_ident *id, const void *buf,
				       size_t len, const char **mime)
{
	const char *m = len ? magic_type(id, buf, len) : "application/x-empty";
	enum capcat_format sig = capcat_ident_signature(buf, len);

	if (mime)
		*mime = m;
	if (!m)
		return sig;
	for (size_t i = 0; i < sizeof(magic_map) / sizeof(magic_map[0]); i++) {
		if (strcmp(m, magic_map[i].mime))
			continue;
		/* libmagic says TIFF; the signature may know it is a CR2 */
		if (magic_map[i].fmt == CAPCAT_FMT_TIFF && sig != CAPCAT_FMT_NONE)
			return sig;
		return magic_map[i].fmt;
	}
	/* libmagic has no name for several raw formats, and calls a JPEG cut
	 * after its first marker text: their signatures know better */
	if ((!strcmp(m, "application/octet-stream") ||
	     (!strcmp(m, "text/plain") && sig == CAPCAT_FMT_JPEG)) &&
	    (sig == CAPCAT_FMT_CR3 || sig == CAPCAT_FMT_RW2 || sig == CAPCAT_FMT_ORF ||
	     sig == CAPCAT_FMT_MRW || sig == CAPCAT_FMT_RAF || sig == CAPCAT_FMT_X3F ||
	     sig == CAPCAT_FMT_CRW || sig == CAPCAT_FMT_HEIF || sig == CAPCAT_FMT_JPEG))
		return sig;
	return CAPCAT_FMT_NONE;
}
