/* grow.c - arrays that grow by doubling (git's ALLOC_GROW, as a function). */
#include "capcat/util.h"

#include <stdint.h>
#include <stdlib.h>

void *capcat_grow(void *p, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t n = *cap ? *cap : first;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return NULL;
		n *= 2;
	}
	if (n > SIZE_MAX / size || !(q = realloc(p, n * size)))
		return NULL;
	*cap = n;
	return q;
}
