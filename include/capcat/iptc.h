/* iptc.h - IPTC-IIM: our own small, strictly bounds-checked parser.
 *
 * Values go into a struct capcat_meta with source CAPCAT_SRC_IPTC, in
 * UTF-8: as UTF-8 when 1:90 says so (ESC % G) or the bytes are valid UTF-8,
 * else from Windows-1252.  Date Created and Time Created are joined into
 * one ISO 8601 value.  A malformed block gives what was read before the
 * damage; parsing never reads outside [p, p + len).
 */
#ifndef CAPCAT_IPTC_H
#define CAPCAT_IPTC_H

#include "capcat/err.h"
#include "capcat/meta.h"

#include <stddef.h>

/* Photoshop image resources (the JPEG APP13 payload after "Photoshop
 * 3.0\0", all APP13 segments joined): the IIM of resource 0x0404 (the first
 * one; writers that add a second block leave the first as the real one)
 * and the stored IPTC digest of 0x0425 for the MWG rule.  Returns 0 or
 * CAPCAT_ENOMEM. */
int capcat_iptc_read_irb(struct capcat_meta *m, const unsigned char *p, size_t len,
			 struct capcat_err *err);

/* A bare IIM block (TIFF tag 0x83BB, PNG "Raw profile type iptc"). */
int capcat_iptc_read_iim(struct capcat_meta *m, const unsigned char *p, size_t len,
			 struct capcat_err *err);

#endif
