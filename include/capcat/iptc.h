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

#include "capcat/buf.h"
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

/* ---- writing (iptc_write.c) ---------------------------------------------
 *
 * The datasets capcat manages: 1:90 (always ESC % G, UTF-8) and the record
 * 2 datasets of the fields it reads: 2:05 title, 2:25 keywords, 2:40
 * instructions, 2:55/2:60 date created, 2:80 by-line, 2:85 by-line title,
 * 2:90 city, 2:92 sub-location, 2:95 province-state, 2:100 country code,
 * 2:101 country, 2:105 headline, 2:110 credit, 2:115 source, 2:116
 * copyright, 2:120 caption, 2:122 writer.  Their old values are dropped
 * and those of 'm' written, from any source, in order, duplicates once,
 * only the first for a field that holds one value (as the sidecar writer
 * takes them).  A value is cut at the IIM byte limit (2000 bytes for a
 * caption, 32 for a credit...) on a UTF-8 boundary: the full text is for
 * XMP, and capcat_meta_effective() knows the cut copy for what it is.
 * Date Created becomes 2:55; 2:60 only when the time has its zone (IIM
 * has no time without one).  1:00 and 2:00 (record versions) are added
 * when missing.  Every other dataset stays where it was, byte for byte,
 * with one exception: in a block not marked UTF-8 before, a text dataset
 * of record 2 that is not valid UTF-8 is converted from Windows-1252, as
 * capcat reads it, so that it keeps its meaning under the new 1:90. */

/* The new IIM block for the old one 'iim' ('len' bytes; none: 0), appended
 * to 'out'.  Returns 0, CAPCAT_EFORMAT when the old block cannot be walked
 * to its end (err says where; a damaged block is not rewritten),
 * CAPCAT_ENOMEM. */
int capcat_iptc_write_iim(struct capcat_buf *out, const unsigned char *iim, size_t len,
			  const struct capcat_meta *m, struct capcat_err *err);

/* The new Photoshop resources for the old ones 'irb' ('len' bytes; none:
 * 0), appended to 'out': the IIM of the first 0x0404 resource rewritten
 * (one added when there is none), every 0x0425 IPTC digest set to the MD5
 * of the new IIM (one added when there is none), so that MWG readers see
 * IIM and XMP in step; every other resource byte for byte.  Returns 0,
 * CAPCAT_EFORMAT when the resources or the IIM cannot be walked to their
 * end, CAPCAT_ENOMEM. */
int capcat_iptc_write_irb(struct capcat_buf *out, const unsigned char *irb, size_t len,
			  const struct capcat_meta *m, struct capcat_err *err);

#endif
