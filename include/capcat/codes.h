/* codes.h - Photo Mechanic style code replacements.
 *
 * A code file is UTF-8 text, one code per line: the code, a TAB, the
 * replacement (more TAB-separated columns are alternates, chosen with a
 * "#N" suffix on the code: =cc11#2= takes column 2); lines starting with
 * "//" and blank lines are ignored; codes are case-sensitive.  In a text,
 * "=code=" is replaced; an unknown code is an error, never left in the
 * text.
 */
#ifndef CAPCAT_CODES_H
#define CAPCAT_CODES_H

#include "capcat/err.h"

#include <stddef.h>

struct capcat_codes;

/* Parse a code file held in memory.  *out is owned by the caller (free with
 * capcat_codes_free).  CAPCAT_EFORMAT ("line N: why") for a line without
 * a TAB or an empty code; CAPCAT_ENOMEM. */
int capcat_codes_load(struct capcat_codes **out, const char *data, size_t len,
		      struct capcat_err *err);
void capcat_codes_free(struct capcat_codes *c);          /* NULL is a no-op */

/* Expand every =code= of 'text' into *out (malloc'd).  CAPCAT_ENOTFOUND
 * with "unknown code '=x='" for a code not in the file; CAPCAT_ENOMEM. */
int capcat_codes_expand(char **out, const struct capcat_codes *c, const char *text,
			struct capcat_err *err);

/* Number of codes loaded. */
size_t capcat_codes_count(const struct capcat_codes *c);

#endif
