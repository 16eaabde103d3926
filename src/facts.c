/* facts.c - a photo's caption and position worked out ahead of the
 * catalog (see facts.h). */
#include "capcat/facts.h"
#include "capcat/caption.h"
#include "capcat/describe.h"
#include "capcat/meta.h"

#include <stdlib.h>
#include <string.h>

void capcat_facts_init(struct capcat_facts *f)
{
	memset(f, 0, sizeof(*f));
	capcat_understood_init(&f->u);
	capcat_place_init(&f->near);
}

void capcat_facts_release(struct capcat_facts *f)
{
	free(f->caption);
	free(f->taken);
	capcat_understood_release(&f->u);
	capcat_place_release(&f->near);
	capcat_facts_init(f);
}

int capcat_facts_understand(struct capcat_facts *f, const char *caption, const char *taken,
			    struct capcat_places *pl, struct capcat_err *err)
{
	struct capcat_gazetteer_cb gz = { capcat_places_lookup_cb, pl };
	struct capcat_caption cap;
	int rc;

	capcat_caption_init(&cap);
	rc = capcat_caption_parse(&cap, caption, err);
	if (!rc)
		rc = capcat_understand(&f->u, &cap, taken, pl ? &gz : NULL, err);
	if (!rc && (!(f->caption = strdup(caption)) || (taken && !(f->taken = strdup(taken)))))
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	capcat_caption_release(&cap);
	return rc;
}

int capcat_facts_make(struct capcat_facts *f, const struct capcat_photo *ph,
		      struct capcat_places *pl, struct capcat_err *err)
{
	struct capcat_meta eff;
	const char *text;
	int rc;

	capcat_meta_init(&eff);
	if ((rc = capcat_meta_winners(&eff, &ph->meta))) {
		rc = capcat_err_set(err, rc, "out of memory");
		goto cleanup;
	}
	text = capcat_describe_caption(&eff);
	if (text && *text && (rc = capcat_facts_understand(f, text, ph->taken, pl, err)))
		goto cleanup;
	if (ph->has_gps) {
		f->has_gps = 1;
		f->lat = ph->gps_lat;
		f->lon = ph->gps_lon;
		rc = capcat_places_nearest(pl, f->lat, f->lon, &f->near, &f->near_found, err);
	}
cleanup:
	capcat_meta_release(&eff);
	if (rc)
		capcat_facts_release(f);
	return rc;
}

static int same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

const struct capcat_understood *capcat_facts_caption(const struct capcat_facts *f,
						      const char *caption, const char *taken)
{
	if (!f || !f->caption || !caption || strcmp(f->caption, caption) || !same(f->taken, taken))
		return NULL;
	return &f->u;
}

int capcat_facts_near(const struct capcat_facts *f, double lat, double lon,
		      const struct capcat_place **near, int *found)
{
	if (!f || !f->has_gps || f->lat != lat || f->lon != lon)
		return 0;
	*near = &f->near;
	*found = f->near_found;
	return 1;
}
