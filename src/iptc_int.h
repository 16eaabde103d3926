/* iptc_int.h - shared by the IIM reader (iptc.c) and writer (iptc_write.c). */
#ifndef CAPCAT_IPTC_INT_H
#define CAPCAT_IPTC_INT_H

#include "capcat/meta.h"

#include <stddef.h>
#include <string.h>

/* A record 2 dataset capcat reads and writes (Date Created and Time
 * Created, 2:55 and 2:60, are one field and handled apart). */
struct capcat_iim_dataset {
	unsigned char dataset;
	unsigned short max;             /* IIM byte limit */
	enum capcat_field field;
};

/* Ascending by dataset number. */
extern const struct capcat_iim_dataset capcat_iim_datasets[];
extern const size_t capcat_iim_ndatasets;

/* Whether the 4 bytes at 'p' start a Photoshop image resource: "8BIM", or
 * one of the rare other signatures (ImageReady's "PHUT", "DCSR", "AgHg")
 * that the reader has always accepted. */
static inline int capcat_irb_signature(const unsigned char *p)
{
	return !memcmp(p, "8BIM", 4) || !memcmp(p, "PHUT", 4) || !memcmp(p, "AgHg", 4) ||
	       !memcmp(p, "DCSR", 4);
}

/* Whether the n bytes at s are all ASCII digits (IIM dates and times). */
static inline int capcat_iim_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

#endif
