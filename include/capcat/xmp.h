/* xmp.h - XMP packets and sidecars, read with expat (sidecar.c writes them).
 *
 * Properties are recognised by namespace URI, whatever prefix the writer
 * chose, in attribute and element form; lang-alt values give x-default (or
 * the first language); Seq and Bag give each item.  Only properties of the
 * resource itself count (children of a top-level rdf:Description), never
 * fields of some other struct.  Values go into a
 * struct capcat_meta with the source the caller names (XMP in the file, or
 * a sidecar).  External entities are never loaded, entity expansion is
 * bounded (expat's billion-laughs protection) and nesting is capped.
 */
#ifndef CAPCAT_XMP_H
#define CAPCAT_XMP_H

#include "capcat/err.h"
#include "capcat/meta.h"

#include <stddef.h>

/* Parse one packet.  If it names Extended XMP (xmpNote:HasExtendedXMP) and
 * 'ext' holds JPEG extension segments ("http://ns.adobe.com/xmp/extension/"
 * payloads, each prefixed by its 4-byte big-endian length, as the JPEG
 * walker collects them), the chunks of that GUID are joined by offset and
 * parsed too.  A malformed packet keeps what was read before the error and
 * returns CAPCAT_EFORMAT (err says where); CAPCAT_ENOMEM. */
int capcat_xmp_read(struct capcat_meta *m, enum capcat_source src,
		    const char *xmp, size_t len, const unsigned char *ext, size_t ext_len,
		    struct capcat_err *err);

#endif
