/* embed.h - captions written into a JPEG itself, as ExifTool and Photo
 * Mechanic write them: the XMP packet and the IPTC-IIM, with the IPTC
 * digest that tells Metadata Working Group readers the two agree.
 *
 * Only two things in the photo change:
 *   - the XMP APP1 segment ("http://ns.adobe.com/xap/1.0/"), its packet
 *     updated with capcat_sidecar_render(): what capcat does not manage
 *     is kept, the managed properties replaced.  A photo without one gets
 *     one after its leading JFIF/EXIF segments.  Extended XMP segments are
 *     kept as they are (the packet keeps its xmpNote:HasExtendedXMP);
 *   - the APP13 "Photoshop 3.0" segments, joined and rewritten with
 *     capcat_iptc_write_irb() (iptc.h says which datasets), in the place
 *     of the first; a photo without one gets one after the XMP.
 * Every other segment, and every byte from the start of the image data
 * to the end of the file (trailing data after EOI included), is kept.
 * EXIF is not touched: where its ImageDescription, Artist or Copyright
 * says something else, MWG readers still take the EXIF value for the
 * description, creator and copyright (capcat_embed_exif_differs() finds
 * those).
 *
 * The photo is walked strictly and completely (segments, entropy-coded
 * data, EOI) within CAPCAT_JPEG_MAX_SEGMENTS and the file size; a photo
 * that cannot be walked is refused, never repaired.
 */
#ifndef CAPCAT_EMBED_H
#define CAPCAT_EMBED_H

#include "capcat/err.h"
#include "capcat/meta.h"

#include <stddef.h>

/* The largest XMP packet written into the one APP1 segment: a segment
 * carries 65533 bytes after its length, 29 of them the namespace; this
 * stays two under that.  A larger one is refused (no Extended XMP). */
#define CAPCAT_EMBED_XMP_MAX 65502

/* The new file for the JPEG bytes 'jpeg' ('len' of them) with the values
 * of 'm' (any source; as capcat_sidecar_render() takes them).  *out is
 * malloc'd.  Returns 0;
 *   CAPCAT_EUNSUPPORTED  not a JPEG (it does not start with FF D8 FF);
 *   CAPCAT_EFORMAT       a JPEG that cannot be walked, or whose XMP or
 *                        IPTC cannot be updated, or an XMP packet larger
 *                        than CAPCAT_EMBED_XMP_MAX, or an MPF index
 *                        before a segment that changes size (its offsets
 *                        to the images after EOI would go wrong);
 *   CAPCAT_ENOMEM.
 * err says why. */
int capcat_embed_render(unsigned char **out, size_t *out_len, const unsigned char *jpeg,
			size_t len, const struct capcat_meta *m, struct capcat_err *err);

/* Rewrite the photo at 'path' (a symbolic link: the file it names) with
 * capcat_embed_render(): a temporary file in its folder, fsync, the old
 * file's permission bits (and owner, where the process may set it),
 * rename over it, fsync of the folder.  A hard link to the old file keeps
 * the old contents.  On any error the photo is untouched and no temporary
 * file is left.  Returns what capcat_embed_render() returns, or
 * CAPCAT_EIO; err names the photo. */
int capcat_embed_file(const char *path, const struct capcat_meta *m, struct capcat_err *err);

/* The fields, of caption, creator and copyright, whose EXIF copy in a
 * photo's metadata 'file' (as the reader gave it, after embedding) is not
 * the first value 'm' gives them: MWG readers take EXIF first for these,
 * so they will not see what was embedded.  A bit set of 1u << field. */
unsigned capcat_embed_exif_differs(const struct capcat_meta *file, const struct capcat_meta *m);

#endif
