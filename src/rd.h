/* rd.h - bounded reads from one open photo file (private to libcapcat).
 *
 * The first CAPCAT_RD_HEAD bytes are read once; later reads that fall inside
 * them cost nothing, others are pread() into a scratch buffer.  Nothing ever
 * reads past the size the file had when it was opened, so a file that
 * shrinks underneath us gives short reads, not garbage.
 */
#ifndef CAPCAT_RD_H
#define CAPCAT_RD_H

#include "capcat/buf.h"
#include "capcat/err.h"

#include <stddef.h>
#include <stdint.h>

#define CAPCAT_RD_HEAD 65536

struct capcat_rd {
	int fd;
	int64_t size;                 /* file size at open */
	unsigned char *head;          /* the first head_len bytes */
	size_t head_len;
	int io_error;                 /* errno of a failed read, else 0 */
};

struct stat;

/* Open 'path' read-only (a regular file only: O_NONBLOCK keeps a FIFO named
 * .jpg from hanging us), fstat it into *st and read its first
 * CAPCAT_RD_HEAD bytes into 'head' (the caller's buffer of that size).  A
 * file that shrinks meanwhile gives a shorter head and size.  CAPCAT_EIO
 * with err naming 'path'.  Call capcat_rd_close() whatever it returns. */
int capcat_rd_open(struct capcat_rd *rd, const char *path, unsigned char *head,
		   struct stat *st, struct capcat_err *err);
/* The same, opening 'name' in the directory open as 'dir_fd' (openat());
 * 'path' (the whole path) only names the file in errors. */
int capcat_rd_open_at(struct capcat_rd *rd, int dir_fd, const char *name, const char *path,
		      unsigned char *head, struct stat *st, struct capcat_err *err);
void capcat_rd_close(struct capcat_rd *rd);

/* Return a pointer to 'len' bytes at 'off', or NULL when they are not all in
 * the file (or reading failed: rd->io_error says so).  The pointer is into
 * rd->head or into 'scratch' and stays valid until 'scratch' is next used. */
const unsigned char *capcat_rd_get(struct capcat_rd *rd, int64_t off,
				   size_t len, struct capcat_buf *scratch);

/* Append 'len' bytes at 'off' to 'out'.  Returns 0, CAPCAT_EFORMAT when the
 * range is outside the file, CAPCAT_EIO or CAPCAT_ENOMEM. */
int capcat_rd_append(struct capcat_rd *rd, int64_t off, size_t len,
		     struct capcat_buf *out);

static inline uint16_t capcat_be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t capcat_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static inline uint16_t capcat_le16(const unsigned char *p)
{
	return (uint16_t)(p[1] << 8 | p[0]);
}
static inline uint32_t capcat_le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}
static inline uint64_t capcat_be64(const unsigned char *p)
{
	return (uint64_t)capcat_be32(p) << 32 | capcat_be32(p + 4);
}

#endif
