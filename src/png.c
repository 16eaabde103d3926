/* png.c - PNG: IHDR, eXIf, and metadata kept in text chunks (the only zlib
 * user).
 *
 * Besides the eXIf chunk, PNG writers keep metadata in text chunks: XMP in
 * iTXt "XML:com.adobe.xmp", and ImageMagick's "Raw profile type exif /
 * iptc / xmp" (hex dumps, usually zlib-compressed in zTXt).  Inflated text
 * is capped so that a small chunk cannot expand without bound.
 */
#include "container_int.h"
#include "rd.h"

#include <zlib.h>

#include <string.h>

#define CHUNK_MAX (16u << 20)
#define TEXT_MAX (8u << 20)

static int inflate_to(struct capcat_buf *out, const unsigned char *p, size_t n)
{
	z_stream z;
	unsigned char tmp[16384];
	int zr;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return CAPCAT_ENOMEM;
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	do {
		z.next_out = tmp;
		z.avail_out = sizeof(tmp);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END)
			break;
		if (capcat_buf_add(out, tmp, sizeof(tmp) - z.avail_out) || out->len > TEXT_MAX) {
			zr = Z_MEM_ERROR;
			break;
		}
	} while (zr != Z_STREAM_END && z.avail_in);
	inflateEnd(&z);
	return zr == Z_STREAM_END ? 0 : CAPCAT_EFORMAT;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "\nexif\n   1234\n4578696600..." -> bytes */
static int raw_profile(struct capcat_buf *dst, const char *s, size_t n)
{
	size_t i = 0;
	int lines = 0;

	while (i < n && lines < 3)             /* blank, name, length */
		if (s[i++] == '\n')
			lines++;
	for (; i + 1 < n; i++) {
		int hi = hexval((unsigned char)s[i]), lo;
		unsigned char c;
		if (hi < 0)
			continue;
		if ((lo = hexval((unsigned char)s[i + 1])) < 0)
			continue;
		c = (unsigned char)(hi << 4 | lo);
		if (capcat_buf_add(dst, &c, 1))
			return CAPCAT_ENOMEM;
		i++;
	}
	if (dst->len >= 6 && !memcmp(dst->data, "Exif\0\0", 6)) {
		memmove(dst->data, dst->data + 6, dst->len - 6);
		dst->len -= 6;
	}
	return 0;
}

/* One tEXt / zTXt / iTXt chunk held in 'c'. */
static int text_chunk(struct capcat_blocks *bl, const char *type, const struct capcat_buf *c)
{
	struct capcat_buf text = CAPCAT_BUF_INIT;
	const char *key = c->data, *end = c->data + c->len, *s;
	size_t klen = strnlen(key, c->len);
	int compressed = 0, rc = 0;
	struct capcat_buf *dst;

	if (klen == c->len)
		return 0;
	s = key + klen + 1;
	if (!strcmp(type, "zTXt")) {
		compressed = 1;
		s += 1;                                 /* method */
	} else if (!strcmp(type, "iTXt")) {
		if (end - s < 2)
			return 0;
		compressed = s[0] == 1;
		s += 2;
		for (int i = 0; i < 2 && s < end; i++) {    /* language, translated key */
			const char *z = memchr(s, 0, (size_t)(end - s));
			s = z ? z + 1 : end;
		}
	}
	if (s > end)
		return 0;
	dst = !strcmp(key, "XML:com.adobe.xmp") || !strcmp(key, "Raw profile type xmp") ? &bl->xmp :
	      !strcmp(key, "Raw profile type exif") || !strcmp(key, "Raw profile type APP1") ? &bl->exif :
	      !strcmp(key, "Raw profile type iptc") ? &bl->iptc : NULL;
	if (!dst || dst->len)
		return 0;
	if (compressed)
		rc = inflate_to(&text, (const unsigned char *)s, (size_t)(end - s));
	else
		rc = capcat_buf_add(&text, s, (size_t)(end - s));
	if (rc == 0)
		rc = !strncmp(key, "Raw profile", 11) ? raw_profile(dst, text.data, text.len)
						      : capcat_buf_add(dst, text.data, text.len);
	capcat_buf_release(&text);
	return rc == CAPCAT_EFORMAT ? 0 : rc;   /* a bad stream is no metadata */
}

static int chunk(struct capcat_blocks *bl, struct capcat_rd *rd, const char *type,
		 int64_t off, uint32_t len)
{
	struct capcat_buf c = CAPCAT_BUF_INIT;
	const unsigned char *p;
	int rc = 0;

	if (!strcmp(type, "IHDR") && len >= 8) {
		if ((p = capcat_rd_get(rd, off, 8, &c))) {
			bl->width = (int)(capcat_be32(p) & 0x7FFFFFFF);
			bl->height = (int)(capcat_be32(p + 4) & 0x7FFFFFFF);
		}
	} else if (!strcmp(type, "eXIf")) {
		if (!bl->exif.len)
			rc = capcat_rd_append(rd, off, len, &bl->exif);
	} else if ((!strcmp(type, "tEXt") || !strcmp(type, "zTXt") || !strcmp(type, "iTXt")) &&
		   len <= CHUNK_MAX) {
		rc = capcat_rd_append(rd, off, len, &c);
		if (!rc)
			rc = text_chunk(bl, type, &c);
	}
	capcat_buf_release(&c);
	return rc;
}

int capcat_png_read(struct capcat_blocks *bl, struct capcat_rd *rd)
{
	struct capcat_buf scratch = CAPCAT_BUF_INIT;
	const unsigned char *p;
	int64_t off = 8;
	int n, rc = 0;

	for (n = 0; n < 10000; n++) {
		char type[5];
		uint32_t len;

		if (!(p = capcat_rd_get(rd, off, 8, &scratch))) {
			bl->damage = "PNG ends without IEND";
			break;
		}
		len = capcat_be32(p);
		memcpy(type, p + 4, 4);
		type[4] = '\0';
		if (!strcmp(type, "IEND"))
			break;
		rc = chunk(bl, rd, type, off + 8, len);
		if (rc == CAPCAT_EFORMAT) {
			bl->damage = "PNG chunk runs past the end of the file";
			rc = 0;
			break;
		}
		if (rc)
			break;
		off += 12 + (int64_t)len;
	}
	capcat_buf_release(&scratch);
	return rc;
}
