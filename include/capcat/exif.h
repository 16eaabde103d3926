/* exif.h - EXIF into struct capcat_photo, through libexif.
 *
 * The TIFF blocks found by capcat_container_read() are handed to libexif.
 * Where libexif cannot see a value (TIFF-based files keep IFDs beyond the
 * 64 KiB libexif reads; some camera blocks are refused as corrupt), a
 * bounded IFD walker of our own recovers it, and a warning is kept on the
 * photo.  Values are copied into 'ph'; no libexif object outlives the call.
 */
#ifndef CAPCAT_EXIF_H
#define CAPCAT_EXIF_H

#include "capcat/container.h"
#include "capcat/err.h"
#include "capcat/photo.h"

struct capcat_rd;

/* Fill the EXIF fields of 'ph' (camera, date, exposure, GPS, orientation,
 * thumbnail, and the pixel size when the container gave none).  'rd' is
 * the open file, used for blocks left in place (bl->exif_in_file).  For a
 * TIFF-based file, *fmt is refined by content to the raw format it really
 * is (DNG by DNGVersion; NEF, ARW, PEF by maker and a reduced IFD0).  The
 * descriptive fields (description, artist, copyright, user comment, XP
 * tags) go to ph->meta; a TIFF's IPTC and XMP tags are copied into
 * bl->iptc and bl->xmp for their readers.  A
 * damaged block is a warning on 'ph', not an error: returns 0, or
 * CAPCAT_ENOMEM. */
int capcat_exif_read(struct capcat_photo *ph, enum capcat_format *fmt,
		     struct capcat_blocks *bl, struct capcat_rd *rd,
		     struct capcat_err *err);

#endif
