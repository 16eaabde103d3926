/* text.h - character sets and small text helpers (no dependencies).
 *
 * Metadata arrives in UTF-8, Windows-1252, UCS-2 or UTF-16; capcat keeps
 * UTF-8.  Converting functions append to a struct capcat_buf and return 0
 * or CAPCAT_ENOMEM.
 */
#ifndef CAPCAT_TEXT_H
#define CAPCAT_TEXT_H

#include "capcat/buf.h"

#include <stddef.h>
#include <stdint.h>

/* The length of the valid UTF-8 sequence at 's' ('n' bytes left), or 0 when
 * it is not one (overlongs, surrogates and values past U+10FFFF refused). */
size_t capcat_utf8_seq(const unsigned char *s, size_t n);
/* 1 if the 'len' bytes are valid UTF-8 (no overlongs, no surrogates). */
int capcat_utf8_valid(const char *s, size_t len);
/* 1 if the bytes hold any byte >= 0x80. */
int capcat_text_has_high(const char *s, size_t len);
/* Windows-1252 (a superset of Latin-1 as writers use it) to UTF-8. */
int capcat_cp1252_to_utf8(struct capcat_buf *out, const char *s, size_t len);
/* Text of unknown encoding: UTF-8 when it is valid UTF-8, else cp1252. */
int capcat_text_to_utf8(struct capcat_buf *out, const char *s, size_t len);
/* UTF-16 (little- or big-endian) to UTF-8, stopping at a NUL code unit;
 * unpaired surrogates become U+FFFD. */
int capcat_utf16_to_utf8(struct capcat_buf *out, const unsigned char *s, size_t len, int le);
/* The code point of the UTF-8 sequence at 's' ('n' bytes left) and its
 * length in *len (at least 1): U+FFFD, length 1, for an invalid byte. */
uint32_t capcat_utf8_next(const unsigned char *s, size_t n, size_t *len);

/* Append code point 'cp' as UTF-8. */
int capcat_utf8_put(struct capcat_buf *out, uint32_t cp);

/* MD5 of 'len' bytes (for the IPTC digest of the MWG rule). */
void capcat_md5(const void *data, size_t len, unsigned char out[16]);

#endif
