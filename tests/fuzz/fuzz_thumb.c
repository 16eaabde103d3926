/* fuzz_thumb.c - libFuzzer target: a whole file through capcat_thumb_make
 * (JPEG decoding and scaling, the TIFF IFD walk for embedded previews, RAF
 * and CR3 previews).  Seeds in corpus_thumb/ are synthetic: two JPEGs made
 * with TurboJPEG from a gradient, a TIFF holding them (IFD0, a SubIFD strip,
 * lossless "raw" data in IFD1) and a CR3 with a PRVW preview. */
#include "capcat/thumb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct capcat_thumb t;
	struct capcat_err err = { 0 };
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/capcat-fuzz-thumb-%d.bin", (int)getpid());
	if (!(f = fopen(path, "wb")))
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	capcat_thumb_init(&t);
	/* the orientation from the last byte: every turn gets exercised */
	capcat_thumb_make(&t, path, size ? data[size - 1] % 9 : 1, 64, &err);
	capcat_thumb_release(&t);
	return 0;
}
