/* ident.h - what kind of file is this, by content (libmagic).
 *
 * One struct capcat_ident wraps one libmagic cookie, which is not thread
 * safe: give each thread its own.  Checks are limited to what images need
 * (no compression, tar, ELF, CDF, JSON or CSV tests).  Raw formats that
 * libmagic calls application/octet-stream (CR3, RW2, ORF, MRW, ...) are
 * recognised by their own signatures.  The file name is never consulted.
 */
#ifndef CAPCAT_IDENT_H
#define CAPCAT_IDENT_H

#include "capcat/container.h"
#include "capcat/err.h"

#include <stddef.h>

struct capcat_ident;

/* On success *out is owned by the caller; close with capcat_ident_close().
 * CAPCAT_ERROR when libmagic or its database cannot be loaded. */
int capcat_ident_open(struct capcat_ident **out, struct capcat_err *err);
void capcat_ident_close(struct capcat_ident *id);   /* NULL is a no-op */

/* The image format of a file whose first 'len' bytes are 'buf';
 * CAPCAT_FMT_NONE when it is not an image we catalog.  When 'mime' is not
 * NULL it receives libmagic's answer (borrowed: valid until the next call
 * on 'id'). */
enum capcat_format capcat_ident_buffer(struct capcat_ident *id, const void *buf,
				       size_t len, const char **mime);

/* Own signatures only (no libmagic): used for what libmagic leaves as
 * application/octet-stream, and by tests. */
enum capcat_format capcat_ident_signature(const unsigned char *p, size_t len);

#endif
