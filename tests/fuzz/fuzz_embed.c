/* fuzz_embed.c - libFuzzer target: a JPEG rewritten with captions.  A
 * file that was rewritten once must rewrite again to the same bytes. */
#include "capcat/embed.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void add(struct capcat_meta *m, enum capcat_field f, const char *v)
{
	capcat_meta_add(m, f, CAPCAT_SRC_USER, v, strlen(v));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capcat_meta m;
	struct capcat_err err = { 0 };
	unsigned char *once = NULL, *twice = NULL;
	size_t once_len = 0, twice_len = 0;

	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "Z\xC3\xBCrich, \xC5\x9E" "anl\xC4\xB1" "urfa (Murtada AL-SUDANI / POOL / AFP)");
	add(&m, CAPCAT_F_CREDIT, "Murtada AL-SUDANI / POOL / AFP via Getty Images");
	add(&m, CAPCAT_F_KEYWORD, "politics");
	add(&m, CAPCAT_F_DATE_CREATED, "2024-09-11T10:20:30+03:00");
	if (capcat_embed_render(&once, &once_len, data, size, &m, &err) == 0) {
		if (capcat_embed_render(&twice, &twice_len, once, once_len, &m, &err) ||
		    twice_len != once_len || memcmp(once, twice, once_len))
			abort();
	}
	free(once);
	free(twice);
	capcat_meta_release(&m);
	return 0;
}
