/* magic_compile.c - build-time helper: compile a magic(5) source file
 * with the libmagic capcat links, so that the result loads with
 * magic_load_buffers() (src/ident.c).
 *
 *   magic_compile SOURCE      writes BASENAME(SOURCE).mgc in the current folder
 */
#include <magic.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	magic_t m;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: magic_compile SOURCE\n");
		return 2;
	}
	if (!(m = magic_open(MAGIC_NONE))) {
		fprintf(stderr, "magic_compile: cannot start libmagic\n");
		return 1;
	}
	rc = magic_compile(m, argv[1]);
	if (rc)
		fprintf(stderr, "magic_compile: %s: %s\n", argv[1],
			magic_error(m) ? magic_error(m) : "cannot compile");
	magic_close(m);
	return rc ? 1 : 0;
}
