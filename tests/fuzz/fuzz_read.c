/* fuzz_read.c - libFuzzer target: a whole file through the reader (JPEG
 * marker walk and EXIF hand-off, TIFF, PNG, WebP, HEIF, CIFF...). */
#include "capcat/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct capcat_reader *r;
	static char path[64];
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	FILE *f;

	if (!r) {
		snprintf(path, sizeof(path), "/tmp/capcat-fuzz-%d.bin", (int)getpid());
		if (capcat_reader_new(&r, &err))
			abort();
	}
	if (!(f = fopen(path, "wb")))
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	capcat_photo_init(&ph);
	capcat_reader_read(r, &ph, path, 0, &err);
	capcat_photo_release(&ph);
	return 0;
}
