/* sidecar.h - write an XMP sidecar (photo.jpg.xmp) that darktable, digiKam,
 * Lightroom and ExifTool read.
 *
 * The photo itself is never touched.  An existing sidecar is updated, not
 * clobbered: every property capcat does not manage (develop settings,
 * ratings, labels, history...) is kept as it was; the managed ones are
 * replaced.  The file is written atomically: a temporary file in the same
 * folder, fsync, rename, then fsync of the folder.
 */
#ifndef CAPCAT_SIDECAR_H
#define CAPCAT_SIDECAR_H

#include "capcat/err.h"
#include "capcat/meta.h"

/* The properties capcat manages, from the values in 'm' (any source; for
 * each field the values are taken in order, duplicates kept once):
 *   caption        dc:description (lang-alt, x-default)
 *   title          dc:title (lang-alt)
 *   headline       photoshop:Headline
 *   credit         photoshop:Credit
 *   creator        dc:creator (Seq)
 *   creator_title  photoshop:AuthorsPosition
 *   source         photoshop:Source
 *   copyright      dc:rights (lang-alt)
 *   city, region, country, sublocation, country_code
 *                  photoshop:City, photoshop:State, photoshop:Country,
 *                  Iptc4xmpCore:Location, Iptc4xmpCore:CountryCode
 *   instructions   photoshop:Instructions
 *   caption_writer photoshop:CaptionWriter
 *   date_created   photoshop:DateCreated
 *   person         Iptc4xmpExt:PersonInImage (Bag)
 *   keyword        dc:subject (Bag)
 * A managed property with no value in 'm' is removed from the sidecar.
 * Returns 0; CAPCAT_EFORMAT when the existing sidecar is not well-formed
 * XMP (it is then left untouched, and err says why); CAPCAT_EIO;
 * CAPCAT_ENOMEM. */
int capcat_sidecar_write(const char *path, const struct capcat_meta *m,
			 struct capcat_err *err);

/* Serialise into memory instead of a file: the new sidecar for an existing
 * one given as 'old' (NULL or empty for none).  *out is malloc'd. */
int capcat_sidecar_render(char **out, size_t *out_len, const char *old, size_t old_len,
			  const struct capcat_meta *m, struct capcat_err *err);

#endif
