/* fuzz_xmp.c - libFuzzer target: an XMP packet, the first half of the input
 * as the packet and the rest as Extended XMP segments. */
#include "capcat/xmp.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capcat_meta m;
	struct capcat_err err = { 0 };
	const enum capcat_field f = CAPCAT_F_CAPTION;
	const char *v[4];
	enum capcat_source src;

	capcat_meta_init(&m);
	capcat_xmp_read(&m, CAPCAT_SRC_XMP, (const char *)data, size, NULL, 0, &err);
	capcat_meta_effective(&m, f, v, 4, &src);
	capcat_meta_release(&m);
	capcat_meta_init(&m);
	capcat_xmp_read(&m, CAPCAT_SRC_XMP, (const char *)data, size / 2, data + size / 2,
			size - size / 2, &err);
	capcat_meta_release(&m);
	return 0;
}
