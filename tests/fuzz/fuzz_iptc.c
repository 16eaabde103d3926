/* fuzz_iptc.c - libFuzzer target: Photoshop resources and bare IIM, read
 * and rewritten. */
#include "capcat/iptc.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capcat_meta m;
	struct capcat_buf out;
	struct capcat_err err = { 0 };

	capcat_meta_init(&m);
	capcat_iptc_read_irb(&m, data, size, &err);
	capcat_meta_release(&m);
	capcat_meta_init(&m);
	capcat_iptc_read_iim(&m, data, size, &err);
	/* what was read, written back over the same block */
	capcat_buf_init(&out);
	capcat_iptc_write_irb(&out, data, size, &m, &err);
	capcat_buf_reset(&out);
	capcat_iptc_write_iim(&out, data, size, &m, &err);
	capcat_buf_release(&out);
	capcat_meta_release(&m);
	return 0;
}
