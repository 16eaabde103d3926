/* fuzz_iptc.c - libFuzzer target: Photoshop resources and bare IIM. */
#include "capcat/iptc.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capcat_meta m;
	struct capcat_err err = { 0 };

	capcat_meta_init(&m);
	capcat_iptc_read_irb(&m, data, size, &err);
	capcat_meta_release(&m);
	capcat_meta_init(&m);
	capcat_iptc_read_iim(&m, data, size, &err);
	capcat_meta_release(&m);
	return 0;
}
