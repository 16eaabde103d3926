/* meta.h - the descriptive fields a photo file carries, and where from.
 *
 * The same field (caption, credit, city...) may be written up to four
 * times: in EXIF, in IPTC-IIM, in XMP inside the file and in an XMP
 * sidecar.  struct capcat_meta keeps every copy with its source;
 * capcat_meta_effective() reconciles them with the Metadata Working Group
 * rule (caption-style.md section 4.6) as ExifTool applies it.
 *
 * Ownership: values are malloc'd copies owned by the struct; pointers
 * handed out stay valid until the struct is changed or released.
 */
#ifndef CAPCAT_META_H
#define CAPCAT_META_H

#include <stddef.h>
#include <stdint.h>

enum capcat_field {
	CAPCAT_F_CAPTION, CAPCAT_F_HEADLINE, CAPCAT_F_TITLE, CAPCAT_F_CREDIT,
	CAPCAT_F_SOURCE, CAPCAT_F_COPYRIGHT, CAPCAT_F_CREATOR, CAPCAT_F_CREATOR_TITLE,
	CAPCAT_F_CITY, CAPCAT_F_SUBLOCATION, CAPCAT_F_REGION, CAPCAT_F_COUNTRY,
	CAPCAT_F_COUNTRY_CODE, CAPCAT_F_KEYWORD, CAPCAT_F_INSTRUCTIONS,
	CAPCAT_F_CAPTION_WRITER, CAPCAT_F_DATE_CREATED, CAPCAT_F_PERSON,
	/* EXIF UserComment / XPComment: a caption only when nothing else is */
	CAPCAT_F_COMMENT,
	/* a place a user named (caption set --place, caption import) */
	CAPCAT_F_PLACE,
	/* IPTC Extension location structs, one value per struct member;
	 * seq tells which struct of the bag it belongs to */
	CAPCAT_F_SHOWN_SUBLOCATION, CAPCAT_F_SHOWN_CITY, CAPCAT_F_SHOWN_REGION,
	CAPCAT_F_SHOWN_COUNTRY, CAPCAT_F_SHOWN_COUNTRY_CODE,
	CAPCAT_F_CREATED_SUBLOCATION, CAPCAT_F_CREATED_CITY, CAPCAT_F_CREATED_REGION,
	CAPCAT_F_CREATED_COUNTRY, CAPCAT_F_CREATED_COUNTRY_CODE,
	CAPCAT_F_COUNT
};

enum capcat_source {
	CAPCAT_SRC_EXIF, CAPCAT_SRC_IPTC, CAPCAT_SRC_XMP, CAPCAT_SRC_SIDECAR,
	CAPCAT_SRC_USER,        /* what a user said in capcat; never from a file */
	CAPCAT_SRC_COUNT
};

struct capcat_meta_value {
	enum capcat_field field;
	enum capcat_source source;
	int seq;                /* order among repeated values of one source */
	char *value;            /* UTF-8 */
};

struct capcat_meta {
	struct capcat_meta_value *v;
	size_t n, cap;
	/* IPTC digests for the MWG rule: the one stored in the file (8BIM
	 * 0x0425) and, when there is one, the MD5 of the IIM block as it is now */
	int has_iim, has_stored_digest;
	unsigned char iim_md5[16], stored_digest[16];
};

void capcat_meta_init(struct capcat_meta *m);
void capcat_meta_release(struct capcat_meta *m);

/* "caption", "headline", ... and back; -1 for an unknown name. */
const char *capcat_field_name(enum capcat_field f);
int capcat_field_from_name(const char *name);
const char *capcat_source_name(enum capcat_source s);
int capcat_source_from_name(const char *name);
/* Fields that hold several values (keywords, creators, persons shown). */
int capcat_field_repeatable(enum capcat_field f);

/* Add one value ('len' bytes of UTF-8, trimmed; an empty value is
 * ignored).  For a field that is not repeatable, a second value from the
 * same source is ignored.  Returns 0 or CAPCAT_ENOMEM. */
int capcat_meta_add(struct capcat_meta *m, enum capcat_field f, enum capcat_source src,
		    const char *value, size_t len);

/* The first value of 'f' in 'm' from any source, and its source in *src
 * (when src is not NULL); NULL when there is none.  For effective fields
 * (one source a field), the value. */
const char *capcat_meta_first(const struct capcat_meta *m, enum capcat_field f,
			      enum capcat_source *src);

/* Append the values of 'src' for 'f' to out[] (at most 'max'); returns how
 * many there are (which may exceed max). */
size_t capcat_meta_get(const struct capcat_meta *m, enum capcat_field f,
		       enum capcat_source src, const char **out, size_t max);

/* The values that count for field 'f', after the MWG rule: a user's value,
 * else a sidecar's, else EXIF (for caption, creator and copyright, unless
 * blank), else XMP when there is no IIM or the IIM is unchanged since the
 * XMP was written (stored digest matches, or none stored), else IIM (or
 * XMP where the IIM value is the XMP value cut to the IIM byte limit).
 * Fills out[] (at most 'max') and *src; returns the number of values. */
size_t capcat_meta_effective(const struct capcat_meta *m, enum capcat_field f,
			     const char **out, size_t max, enum capcat_source *src);

/* The MWG winners of every field of 'm' into 'out' (initialised by the
 * caller), in field order: what a photo without edits says.  0 or
 * CAPCAT_ENOMEM. */
int capcat_meta_winners(struct capcat_meta *out, const struct capcat_meta *m);

/* Copy every value of 'from' with source 'src' into 'to'. */
int capcat_meta_merge(struct capcat_meta *to, const struct capcat_meta *from);

#endif
