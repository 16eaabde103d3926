/* json.c - photo records as JSON. */
#include "capcat/json.h"
#include "capcat/describe.h"
#include "capcat/err.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void capcat_json_shutter(char out[32], double t)
{
	if (!(t > 0)) {
		out[0] = '\0';
	} else if (t < 0.25001) {
		snprintf(out, 32, "1/%d", (int)(0.5 + 1 / t));
	} else {
		snprintf(out, 32, "%.1f", t);
		if (strlen(out) > 2 && !strcmp(out + strlen(out) - 2, ".0"))
			out[strlen(out) - 2] = '\0';
	}
}

/* A number, or null when unknown (<= 0 where 0 means unknown). */
static int num(struct capcat_buf *b, double v, int known)
{
	return known ? capcat_buf_printf(b, "%.10g", v) : capcat_buf_adds(b, "null");
}

static int key(struct capcat_buf *b, const char *k)
{
	return capcat_buf_printf(b, "\"%s\": ", k);
}

static int field_str(struct capcat_buf *b, const char *k, const char *v)
{
	return key(b, k) | capcat_buf_json_str(b, v) | capcat_buf_adds(b, ", ");
}

static int taken(struct capcat_buf *b, const struct capcat_photo *ph)
{
	int m = ph->offset_min < 0 ? -ph->offset_min : ph->offset_min;

	if (!ph->taken)
		return capcat_buf_adds(b, "null");
	if (!ph->has_offset)
		return capcat_buf_json_str(b, ph->taken);
	return capcat_buf_printf(b, "\"%s%c%02d:%02d\"", ph->taken,
				 ph->offset_min < 0 ? '-' : '+', m / 60, m % 60);
}

static int exposure(struct capcat_buf *b, const struct capcat_photo *ph)
{
	char sh[32];
	int r = 0;

	capcat_json_shutter(sh, ph->exposure_time);
	r |= capcat_buf_adds(b, "{\"iso\": ");
	r |= num(b, ph->iso, ph->iso > 0);
	r |= capcat_buf_adds(b, ", \"shutter\": ");
	r |= capcat_buf_json_str(b, sh[0] ? sh : NULL);
	r |= capcat_buf_adds(b, ", \"aperture\": ");
	r |= num(b, ph->fnumber, ph->fnumber > 0);
	r |= capcat_buf_adds(b, ", \"focal_length\": ");
	r |= num(b, ph->focal_length, ph->focal_length > 0);
	return r | capcat_buf_adds(b, "}");
}

static int gps(struct capcat_buf *b, const struct capcat_photo *ph)
{
	int r = 0;

	if (!ph->has_gps)
		return capcat_buf_adds(b, "null");
	r |= capcat_buf_adds(b, "{\"lat\": ");
	r |= num(b, ph->gps_lat, 1);
	r |= capcat_buf_adds(b, ", \"lon\": ");
	r |= num(b, ph->gps_lon, 1);
	r |= capcat_buf_adds(b, ", \"alt\": ");
	r |= num(b, ph->gps_alt, ph->has_alt);
	return r | capcat_buf_adds(b, "}");
}

static int thumbnail(struct capcat_buf *b, const struct capcat_record *rec)
{
	int r = 0;

	if (!rec->thumb_source || !strcmp(rec->thumb_source, "none"))
		return capcat_buf_adds(b, "null");
	r |= capcat_buf_adds(b, "{\"width\": ");
	r |= num(b, rec->thumb_width, rec->thumb_width > 0);
	r |= capcat_buf_adds(b, ", \"height\": ");
	r |= num(b, rec->thumb_height, rec->thumb_height > 0);
	r |= capcat_buf_adds(b, ", \"source\": ");
	r |= capcat_buf_json_str(b, rec->thumb_source);
	return r | capcat_buf_adds(b, "}");
}

/* warnings: one per line in the catalog, a list here */
static int warnings(struct capcat_buf *b, const char *w)
{
	int r = 0;

	if (!w)
		return capcat_buf_adds(b, "[]");
	r |= capcat_buf_addch(b, '[');
	for (const char *s = w; *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char line[256];
		snprintf(line, sizeof(line), "%.*s", (int)n, s);
		if (s != w)
			r |= capcat_buf_adds(b, ", ");
		r |= capcat_buf_json_str(b, line);
		s += n + (e ? 1 : 0);
	}
	return r | capcat_buf_addch(b, ']');
}

static int bool_field(struct capcat_buf *b, const char *k, int v)
{
	return key(b, k) | capcat_buf_adds(b, v ? "true, " : "false, ");
}

static int str_list(struct capcat_buf *b, char *const *v, size_t n)
{
	int r = capcat_buf_addch(b, '[');

	for (size_t i = 0; i < n; i++) {
		if (i)
			r |= capcat_buf_adds(b, ", ");
		r |= capcat_buf_json_str(b, v[i]);
	}
	return r | capcat_buf_addch(b, ']');
}

int capcat_json_credit(struct capcat_buf *b, const struct capcat_credit *c)
{
	int r = 0;

	r |= capcat_buf_addch(b, '{');
	r |= field_str(b, "line", c->line);
	r |= key(b, "photographers") | str_list(b, c->photographers, c->nphotographers);
	r |= capcat_buf_adds(b, ", ");
	r |= field_str(b, "agency", c->agency);
	r |= field_str(b, "provider", c->provider);
	r |= field_str(b, "via", c->via);
	r |= bool_field(b, "pool", c->pool);
	r |= bool_field(b, "handout", c->handout);
	r |= field_str(b, "issuer", c->issuer);
	r |= bool_field(b, "file", c->file);
	r |= field_str(b, "pool_org", c->pool_org);
	r |= bool_field(b, "illustration", c->illustration);
	r |= field_str(b, "for_client", c->for_client);
	r |= key(b, "supplier_ref") | capcat_buf_json_str(b, c->supplier_ref);
	r |= capcat_buf_addch(b, '}');
	return r ? CAPCAT_ENOMEM : 0;
}

static int understood(struct capcat_buf *b, const struct capcat_understood *u)
{
	int r = capcat_buf_adds(b, "\"people\": [");

	for (size_t i = 0; u && i < u->npeople; i++) {
		r |= capcat_buf_adds(b, i ? ", {" : "{");
		r |= field_str(b, "name", u->people[i].name);
		r |= key(b, "position") | capcat_buf_json_str(b, u->people[i].position);
		r |= capcat_buf_addch(b, '}');
	}
	r |= capcat_buf_adds(b, "], \"places\": [");
	for (size_t i = 0; u && i < u->nplaces; i++) {
		const struct capcat_place_mention *m = &u->places[i];
		r |= capcat_buf_adds(b, i ? ", {" : "{");
		r |= field_str(b, "text", m->text);
		r |= field_str(b, "name", m->place.name ? m->place.name : m->text);
		r |= field_str(b, "region", m->place.region);
		r |= field_str(b, "country", m->place.country);
		r |= key(b, "country_code") | capcat_buf_json_str(b, m->place.country_code);
		r |= capcat_buf_addch(b, '}');
	}
	r |= capcat_buf_adds(b, "], \"date\": ");
	return r | capcat_buf_json_str(b, u && u->date[0] ? u->date : NULL);
}

int capcat_json_caption(struct capcat_buf *b, const struct capcat_caption *c,
			const struct capcat_understood *u)
{
	int r = 0;

	r |= capcat_buf_addch(b, '{');
	r |= field_str(b, "caption", c->caption);
	r |= field_str(b, "prefix", c->prefix);
	r |= field_str(b, "text", c->text);
	r |= field_str(b, "instructions", c->instructions);
	r |= bool_field(b, "file", c->file);
	r |= key(b, "credit");
	r |= c->has_credit ? capcat_json_credit(b, &c->credit) : capcat_buf_adds(b, "null");
	r |= capcat_buf_adds(b, ", ") | understood(b, u) | capcat_buf_addch(b, '}');
	return r ? CAPCAT_ENOMEM : 0;
}

/* Every effective value of field 'f', as a JSON list. */
static int field_list(struct capcat_buf *b, const struct capcat_meta *m, enum capcat_field f)
{
	int r = capcat_buf_addch(b, '['), first = 1;

	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].field != f)
			continue;
		r |= capcat_buf_adds(b, first ? "" : ", ");
		r |= capcat_buf_json_str(b, m->v[i].value);
		first = 0;
	}
	return r | capcat_buf_addch(b, ']');
}

static int record_places(struct capcat_buf *b, const struct capcat_record *rec)
{
	int r = capcat_buf_addch(b, '[');

	for (size_t i = 0; i < rec->nplaces; i++) {
		const struct capcat_record_place *p = &rec->places[i];
		r |= capcat_buf_adds(b, i ? ", {" : "{");
		r |= field_str(b, "name", p->name);
		r |= field_str(b, "region", p->region);
		r |= field_str(b, "country", p->country);
		r |= field_str(b, "country_code", p->country_code);
		r |= key(b, "role") | capcat_buf_json_str(b, p->role) | capcat_buf_addch(b, '}');
	}
	return r | capcat_buf_addch(b, ']');
}

static int descriptive(struct capcat_buf *b, const struct capcat_record *rec)
{
	int r = 0;

	r |= field_str(b, "caption", capcat_describe_caption(&rec->fields));
	r |= field_str(b, "headline", capcat_meta_first(&rec->fields, CAPCAT_F_HEADLINE, NULL));
	r |= key(b, "credit");
	r |= rec->has_credit ? capcat_json_credit(b, &rec->credit) : capcat_buf_adds(b, "null");
	r |= capcat_buf_adds(b, ", ") | key(b, "people") | str_list(b, rec->people, rec->npeople);
	r |= capcat_buf_adds(b, ", ") | key(b, "places") | record_places(b, rec);
	r |= capcat_buf_adds(b, ", ") | field_str(b, "caption_date", rec->caption_date);
	r |= key(b, "keywords") | field_list(b, &rec->fields, CAPCAT_F_KEYWORD);
	return r | capcat_buf_adds(b, ", ");
}

int capcat_json_photo(struct capcat_buf *b, const struct capcat_record *rec)
{
	const struct capcat_photo *ph = &rec->ph;
	int r = 0;

	r |= capcat_buf_printf(b, "{\"id\": %lld, ", (long long)rec->id);
	r |= field_str(b, "path", ph->path);
	r |= field_str(b, "mime", ph->mime);
	r |= capcat_buf_printf(b, "\"size\": %lld, ", (long long)ph->size);
	r |= key(b, "width") | num(b, ph->width, ph->width > 0);
	r |= capcat_buf_adds(b, ", ") | key(b, "height") | num(b, ph->height, ph->height > 0);
	r |= capcat_buf_adds(b, ", ") | key(b, "orientation");
	r |= num(b, ph->orientation, ph->orientation > 0) | capcat_buf_adds(b, ", ");
	r |= key(b, "taken") | taken(b, ph) | capcat_buf_adds(b, ", ");
	r |= field_str(b, "make", ph->make);
	r |= field_str(b, "model", ph->model);
	r |= field_str(b, "lens", ph->lens);
	r |= key(b, "exposure") | exposure(b, ph) | capcat_buf_adds(b, ", ");
	r |= key(b, "gps") | gps(b, ph) | capcat_buf_adds(b, ", ");
	r |= descriptive(b, rec);
	r |= key(b, "thumbnail") | thumbnail(b, rec) | capcat_buf_adds(b, ", ");
	r |= field_str(b, "status", rec->missing ? "missing" : "present");
	r |= key(b, "warnings") | warnings(b, ph->warnings);
	r |= capcat_buf_addch(b, '}');
	return r ? CAPCAT_ENOMEM : 0;
}
