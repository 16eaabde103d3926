/* meta.c - field values by source, and the MWG rule that picks one. */
#include "capcat/meta.h"
#include "capcat/err.h"

#include <stdlib.h>
#include <string.h>

static const char *const field_names[CAPCAT_F_COUNT] = {
	"caption", "headline", "title", "credit", "source", "copyright", "creator",
	"creator_title", "city", "sublocation", "region", "country", "country_code",
	"keyword", "instructions", "caption_writer", "date_created", "person", "comment", "place",
	"shown_sublocation", "shown_city", "shown_region", "shown_country",
	"shown_country_code", "created_sublocation", "created_city", "created_region",
	"created_country", "created_country_code",
};

static const char *const source_names[CAPCAT_SRC_COUNT] = {
	"exif", "iptc", "xmp", "sidecar", "user",
};

void capcat_meta_init(struct capcat_meta *m)
{
	memset(m, 0, sizeof(*m));
}

void capcat_meta_release(struct capcat_meta *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].value);
	free(m->v);
	capcat_meta_init(m);
}

const char *capcat_field_name(enum capcat_field f)
{
	return (int)f >= 0 && f < CAPCAT_F_COUNT ? field_names[f] : "unknown";
}

int capcat_field_from_name(const char *name)
{
	for (int i = 0; i < CAPCAT_F_COUNT; i++)
		if (!strcmp(field_names[i], name))
			return i;
	return -1;
}

const char *capcat_source_name(enum capcat_source s)
{
	return (int)s >= 0 && s < CAPCAT_SRC_COUNT ? source_names[s] : "unknown";
}

int capcat_source_from_name(const char *name)
{
	for (int i = 0; i < CAPCAT_SRC_COUNT; i++)
		if (!strcmp(source_names[i], name))
			return i;
	return -1;
}

int capcat_field_repeatable(enum capcat_field f)
{
	return f == CAPCAT_F_KEYWORD || f == CAPCAT_F_CREATOR || f == CAPCAT_F_PERSON ||
	       f == CAPCAT_F_PLACE ||
	       f >= CAPCAT_F_SHOWN_SUBLOCATION;
}

static size_t count(const struct capcat_meta *m, enum capcat_field f, enum capcat_source s)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += m->v[i].field == f && m->v[i].source == s;
	return n;
}

int capcat_meta_add(struct capcat_meta *m, enum capcat_field f, enum capcat_source src,
		    const char *value, size_t len)
{
	struct capcat_meta_value *v;
	size_t have;

	while (len && (value[len - 1] == ' ' || value[len - 1] == '\0' ||
		       value[len - 1] == '\n' || value[len - 1] == '\r' || value[len - 1] == '\t'))
		len--;
	while (len && (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r')) {
		value++;
		len--;
	}
	len = strnlen(value, len);
	if (!len)
		return 0;
	have = count(m, f, src);
	if (have && !capcat_field_repeatable(f))
		return 0;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return CAPCAT_ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	v = &m->v[m->n];
	if (!(v->value = malloc(len + 1)))
		return CAPCAT_ENOMEM;
	memcpy(v->value, value, len);
	v->value[len] = '\0';
	v->field = f;
	v->source = src;
	v->seq = (int)have;
	m->n++;
	return 0;
}

const char *capcat_meta_first(const struct capcat_meta *m, enum capcat_field f,
			      enum capcat_source *src)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].field == f) {
			if (src)
				*src = m->v[i].source;
			return m->v[i].value;
		}
	return NULL;
}

size_t capcat_meta_get(const struct capcat_meta *m, enum capcat_field f,
		       enum capcat_source src, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].field != f || m->v[i].source != src)
			continue;
		if (n < max)
			out[n] = m->v[i].value;
		n++;
	}
	return n;
}

/* Fields whose EXIF copy counts first (MWG: Description, Creator, Copyright). */
static int exif_first(enum capcat_field f)
{
	return f == CAPCAT_F_CAPTION || f == CAPCAT_F_CREATOR || f == CAPCAT_F_COPYRIGHT;
}

/* IIM values are cut at byte limits (2000 for a caption, 32 for a
 * credit...); an IIM value that is the start of the XMP value is that. */
static int truncated_copy(const char *iim, const char *xmp)
{
	size_t n = strlen(iim);

	return strlen(xmp) > n && !strncmp(iim, xmp, n);
}

size_t capcat_meta_effective(const struct capcat_meta *m, enum capcat_field f,
			     const char **out, size_t max, enum capcat_source *src)
{
	const char *iim[1], *xmp[1];
	size_t n;
	int xmp_current;

	if ((n = capcat_meta_get(m, f, *src = CAPCAT_SRC_USER, out, max)) ||
	    (n = capcat_meta_get(m, f, *src = CAPCAT_SRC_SIDECAR, out, max)))
		return n;
	if (exif_first(f) && (n = capcat_meta_get(m, f, *src = CAPCAT_SRC_EXIF, out, max)))
		return n;
	/* XMP counts when the IIM was not edited after it (digests agree) */
	xmp_current = !m->has_iim || !m->has_stored_digest ||
		      !memcmp(m->iim_md5, m->stored_digest, 16);
	if (xmp_current && (n = capcat_meta_get(m, f, *src = CAPCAT_SRC_XMP, out, max)))
		return n;
	if ((n = capcat_meta_get(m, f, *src = CAPCAT_SRC_IPTC, out, max))) {
		if (n == 1 && capcat_meta_get(m, f, CAPCAT_SRC_XMP, xmp, 1) == 1 &&
		    capcat_meta_get(m, f, CAPCAT_SRC_IPTC, iim, 1) == 1 &&
		    truncated_copy(iim[0], xmp[0])) {
			*src = CAPCAT_SRC_XMP;
			if (max)
				out[0] = xmp[0];
		}
		return n;
	}
	if ((n = capcat_meta_get(m, f, *src = CAPCAT_SRC_XMP, out, max)))
		return n;
	if (!exif_first(f) && (n = capcat_meta_get(m, f, *src = CAPCAT_SRC_EXIF, out, max)))
		return n;
	*src = CAPCAT_SRC_COUNT;
	return 0;
}

int capcat_meta_winners(struct capcat_meta *out, const struct capcat_meta *m)
{
	unsigned char has[CAPCAT_F_COUNT] = { 0 };
	int rc = 0;

	for (size_t i = 0; i < m->n; i++)
		has[m->v[i].field] = 1;
	for (int f = 0; f < CAPCAT_F_COUNT && !rc; f++) {
		enum capcat_source src;
		size_t n;
		if (!has[f])            /* most fields are not there: no need to ask */
			continue;
		n = capcat_meta_effective(m, (enum capcat_field)f, NULL, 0, &src);
		for (size_t i = 0; i < m->n && n && !rc; i++)
			if (m->v[i].field == (enum capcat_field)f && m->v[i].source == src)
				rc = capcat_meta_add(out, (enum capcat_field)f, src, m->v[i].value,
						     strlen(m->v[i].value));
	}
	return rc;
}

int capcat_meta_merge(struct capcat_meta *to, const struct capcat_meta *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct capcat_meta_value *v = &from->v[i];
		int rc = capcat_meta_add(to, v->field, v->source, v->value, strlen(v->value));
		if (rc)
			return rc;
	}
	return 0;
}
