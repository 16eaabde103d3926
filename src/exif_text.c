/* exif_text.c - the descriptive EXIF fields: description, artist,
 * copyright, user comment and the Windows XP tags, into struct capcat_meta.
 *
 * EXIF "ASCII" strings are in practice UTF-8 or Windows-1252; UserComment
 * names its own character set; the XP tags are UTF-16LE.  Cameras fill
 * ImageDescription with their own name: that is not a caption.
 */
#include "exif_int.h"
#include "capcat/err.h"
#include "capcat/text.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const fillers[] = {
	"OLYMPUS DIGITAL CAMERA", "SONY DSC", "DIGITAL CAMERA", "KONICA MINOLTA DIGITAL CAMERA",
	"MINOLTA DIGITAL CAMERA", "Minolta DSC", "SAMSUNG DIGITAL CAMERA", "SAMSUNG CAMERA PICTURES",
	"PENTAX DIGITAL CAMERA", "Digital image", "DCIM", "Default", "Exif_JPEG_PICTURE",
	"EXIF_JPEG_PICTURE", "LEAD Technologies Inc. V1.01", "KODAK DIGITAL CAMERA",
	"CASIO DIGITAL CAMERA", "NIKON DIGITAL CAMERA", "FUJIFILM DIGITAL CAMERA", "Picture",
	"Image", "Photo", "JPEG", "Untitled", "MINOLTA DIGITAL CAMERA", "HUAWEI", "Screenshot",
	"DCF 1.0", "GCM_TAG", "SONY DIGITAL CAMERA", "Digital Camera", "default",
};

/* A camera's own words, or nothing but blanks and punctuation? */
int capcat_exif_is_filler(const char *str, const char *make, const char *model)
{
	char s[256];
	size_t n;
	int letters = 0;

	/* cameras pad their words with blanks: compare what is left */
	while (*str == ' ')
		str++;
	n = strlen(str);
	while (n && str[n - 1] == ' ')
		n--;
	if (n >= sizeof(s))
		return 0;
	memcpy(s, str, n);
	s[n] = '\0';
	if (n >= 14 && !strcasecmp(s + n - 14, "DIGITAL CAMERA"))
		return 1;       /* "SANYO DIGITAL CAMERA", "GE DIGITAL CAMERA" ... */
	for (size_t i = 0; i < n; i++)
		letters += isalnum((unsigned char)s[i]) != 0;
	if (!letters)
		return 1;
	for (size_t i = 0; i < sizeof(fillers) / sizeof(fillers[0]); i++)
		if (!strcasecmp(s, fillers[i]))
			return 1;
	if ((make && !strcasecmp(s, make)) || (model && !strcasecmp(s, model)))
		return 1;
	/* "<KENOX S630 / Samsung S630>", "DSCF0001.JPG" style names */
	if (s[0] == '<' && s[n - 1] == '>')
		return 1;
	return n > 4 && !strcasecmp(s + n - 4, ".JPG") && !strchr(s, ' ');
}

/* EXIF ASCII: stop at the first NUL, then UTF-8 or cp1252. */
static int ascii_value(struct capcat_buf *out, const unsigned char *p, size_t n)
{
	return capcat_text_to_utf8(out, (const char *)p, strnlen((const char *)p, n));
}

/* UserComment: 8 bytes of character set code, then the text. */
static int user_comment(struct capcat_buf *out, const unsigned char *p, size_t n, int le)
{
	if (n <= 8)
		return 0;
	if (!memcmp(p, "UNICODE\0", 8))
		return capcat_utf16_to_utf8(out, p + 8, n - 8, le);
	if (!memcmp(p, "ASCII\0\0\0", 8) || !memcmp(p, "\0\0\0\0\0\0\0\0", 8))
		return ascii_value(out, p + 8, n - 8);
	return 0;       /* JIS and unknown codes: flag, don't guess */
}

/* Add 'text' to 'f', split at ';' for lists written into one string. */
static int add_split(struct capcat_meta *m, enum capcat_field f, const char *text, size_t len,
		     int split)
{
	const char *s = text, *end = text + len;
	int rc = 0;

	while (!rc && s < end) {
		const char *semi = split ? memchr(s, ';', (size_t)(end - s)) : NULL;
		const char *e = semi ? semi : end;
		rc = capcat_meta_add(m, f, CAPCAT_SRC_EXIF, s, (size_t)(e - s));
		s = e + (semi ? 1 : 0);
	}
	return rc;
}

static int one(struct capcat_photo *ph, const struct exif_val *v, enum capcat_field f,
	       int kind, int split)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	int rc = 0;

	if (!v->set)
		return 0;
	if (kind == 'a')
		rc = ascii_value(&b, v->data, v->len);
	else if (kind == 'u')
		rc = user_comment(&b, v->data, v->len, v->le);
	else
		rc = capcat_utf16_to_utf8(&b, v->data, v->len, 1);
	if (!rc && b.len && !(f == CAPCAT_F_CAPTION || f == CAPCAT_F_COMMENT ? 
			      capcat_exif_is_filler(b.data, ph->make, ph->model) : 0))
		rc = add_split(&ph->meta, f, b.data, b.len, split);
	capcat_buf_release(&b);
	return rc;
}

int capcat_exif_text(struct capcat_photo *ph, const struct exif_val *desc,
		     const struct exif_val *artist, const struct exif_val *copyright,
		     const struct exif_val *xp, const struct exif_val *user_cmt)
{
	int rc = 0;

	rc |= one(ph, desc, CAPCAT_F_CAPTION, 'a', 0);
	rc |= one(ph, artist, CAPCAT_F_CREATOR, 'a', 1);     /* MWG: "A; B" is a list */
	rc |= one(ph, copyright, CAPCAT_F_COPYRIGHT, 'a', 0);
	rc |= one(ph, &xp[0], CAPCAT_F_TITLE, 'w', 0);
	rc |= one(ph, &xp[1], CAPCAT_F_COMMENT, 'w', 0);
	rc |= one(ph, &xp[2], CAPCAT_F_CREATOR, 'w', 1);
	rc |= one(ph, &xp[3], CAPCAT_F_KEYWORD, 'w', 1);
	rc |= one(ph, &xp[4], CAPCAT_F_COMMENT, 'w', 0);
	rc |= one(ph, user_cmt, CAPCAT_F_COMMENT, 'u', 0);
	return rc ? CAPCAT_ENOMEM : 0;
}
