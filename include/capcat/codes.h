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

/* Parse a code file held in memory ('data' need not be NUL-terminated; a
 * leading BOM is skipped; LF or CRLF line ends; lines holding only spaces
 * and TABs are blank).  *out is owned by the caller (free with
 * capcat_codes_free) and set only on success.  CAPCAT_EFORMAT ("line N:
 * why") for a line without a TAB, an empty code, a code that is not 1-64 of
 * [A-Za-z0-9_.-], a code defined twice, a NUL byte or invalid UTF-8;
 * CAPCAT_ENOMEM. */
int capcat_codes_load(struct capcat_codes **out, const char *data, size_t len,
		      struct capcat_err *err);
void capcat_codes_free(struct capcat_codes *c);          /* NULL is a no-op */

/* Expand every =code= and =code#N= of 'text' into *out (malloc'd, set
 * only on success); N counts replacement columns from 1 and =code= is
 * =code#1=.  Replacements are not expanded again.  Text between two '='
 * that is not such a token ("E = mc2", "a==b") is left alone.
 * CAPCAT_ENOTFOUND with "unknown code '=x='" for a code not in the file,
 * or for an N the code has no column for; CAPCAT_ENOMEM. */
int capcat_codes_expand(char **out, const struct capcat_codes *c, const char *text,
			struct capcat_err *err);

/* Number of codes loaded. */
size_t capcat_codes_count(const struct capcat_codes *c);

#endif
