/* buf.h - a growable byte buffer (git's strbuf, reduced).
 *
 * Invariants: after capcat_buf_init() 'data' is never NULL and always
 * NUL-terminated ('len' excludes the NUL).  The buffer owns 'data'; take it
 * with capcat_buf_detach() (then free() it yourself) or drop it with
 * capcat_buf_release().  Appending functions return 0 or CAPCAT_ENOMEM and
 * leave the buffer valid either way.
 */
#ifndef CAPCAT_BUF_H
#define CAPCAT_BUF_H

#include <stddef.h>
#include <stdint.h>

struct capcat_buf {
	char *data;
	size_t len;
	size_t cap;
};

#define CAPCAT_BUF_INIT { NULL, 0, 0 }

void capcat_buf_init(struct capcat_buf *b);
void capcat_buf_release(struct capcat_buf *b);
/* Empty the buffer, keeping its memory. */
void capcat_buf_reset(struct capcat_buf *b);
/* Make room for 'extra' more bytes. */
int capcat_buf_grow(struct capcat_buf *b, size_t extra);
int capcat_buf_add(struct capcat_buf *b, const void *data, size_t len);
int capcat_buf_adds(struct capcat_buf *b, const char *s);
int capcat_buf_addch(struct capcat_buf *b, char c);
int capcat_buf_printf(struct capcat_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append 's' as a JSON string literal (quotes included); NULL gives null.
 * Invalid UTF-8 bytes are replaced by U+FFFD. */
int capcat_buf_json_str(struct capcat_buf *b, const char *s);
/* Hand over 'data' (caller frees it); the buffer is left empty. */
char *capcat_buf_detach(struct capcat_buf *b, size_t *len);

#endif
