/* csv.h - RFC 4180 CSV, strictly: quoted fields may hold commas, quotes
 * ("") and line breaks; CRLF or LF line ends; UTF-8 (a leading BOM is
 * skipped).  The whole text is parsed before anything is used, so a bad row
 * never leaves a file half applied.
 */
#ifndef CAPCAT_CSV_H
#define CAPCAT_CSV_H

#include "capcat/err.h"

#include <stddef.h>

struct capcat_csv_row {
	char **fields;          /* NUL-terminated UTF-8, owned by the table */
	size_t n;
	size_t line;            /* line number where the row starts (1-based) */
};

struct capcat_csv {
	struct capcat_csv_row *rows;    /* rows[0] is the header when there is one */
	size_t n;
};

void capcat_csv_init(struct capcat_csv *t);
void capcat_csv_release(struct capcat_csv *t);

/* Parse 'len' bytes ('data' need not be NUL-terminated).  CAPCAT_EFORMAT
 * with "line N: why" in err for an unterminated quoted field (N is where it
 * opens), a quote inside an unquoted field, text after a closing quote, a CR
 * not followed by LF outside quotes, a NUL byte, or invalid UTF-8;
 * CAPCAT_ENOMEM.  Empty lines are skipped.  On success *out is overwritten
 * (it must hold no rows: capcat_csv_init() or _release() it first) and owned
 * by the caller; on failure it is left alone. */
int capcat_csv_parse(struct capcat_csv *out, const char *data, size_t len,
		     struct capcat_err *err);

/* Index of column 'name' in row 0 (case-insensitive, trimmed); -1. */
int capcat_csv_column(const struct capcat_csv *t, const char *name);

/* Append one field to 'out' quoted as RFC 4180 needs (for export): in
 * double quotes, inner quotes doubled, when it holds a comma, quote, CR or
 * LF, starts or ends with a space or TAB, or starts with U+FEFF (a reader
 * would take it for a BOM at the start of a file); otherwise as is.  NULL
 * is the empty field.  0, or CAPCAT_ENOMEM with nothing appended. */
struct capcat_buf;
int capcat_csv_quote(struct capcat_buf *out, const char *field);

#endif
