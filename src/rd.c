/* rd.c - bounded reads from one open photo file. */
#include "rd.h"
#include "capcat/err.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int in_file(const struct capcat_rd *rd, int64_t off, size_t len)
{
	return off >= 0 && off <= rd->size && (uint64_t)len <= (uint64_t)(rd->size - off);
}

static int pread_full(struct capcat_rd *rd, unsigned char *dst, size_t len, int64_t off)
{
	while (len) {
		ssize_t n = pread(rd->fd, dst, len, (off_t)off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rd->io_error = errno;
			return CAPCAT_EIO;
		}
		if (n == 0)             /* the file shrank since we opened it */
			return CAPCAT_EFORMAT;
		dst += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

const unsigned char *capcat_rd_get(struct capcat_rd *rd, int64_t off,
				   size_t len, struct capcat_buf *scratch)
{
	if (!in_file(rd, off, len))
		return NULL;
	if ((uint64_t)off + len <= rd->head_len)
		return rd->head + off;
	capcat_buf_reset(scratch);
	if (capcat_buf_grow(scratch, len))
		return NULL;
	if (pread_full(rd, (unsigned char *)scratch->data, len, off))
		return NULL;
	scratch->len = len;
	scratch->data[len] = '\0';
	return (const unsigned char *)scratch->data;
}

int capcat_rd_append(struct capcat_rd *rd, int64_t off, size_t len,
		     struct capcat_buf *out)
{
	int rc;

	if (!in_file(rd, off, len))
		return CAPCAT_EFORMAT;
	if ((uint64_t)off + len <= rd->head_len)
		return capcat_buf_add(out, rd->head + off, len);
	if (capcat_buf_grow(out, len))
		return CAPCAT_ENOMEM;
	rc = pread_full(rd, (unsigned char *)out->data + out->len, len, off);
	if (rc)
		return rc;
	out->len += len;
	out->data[out->len] = '\0';
	return 0;
}

int capcat_rd_open(struct capcat_rd *rd, const char *path, unsigned char *head,
		   struct stat *st, struct capcat_err *err)
{
	return capcat_rd_open_at(rd, AT_FDCWD, path, path, head, st, err);
}

int capcat_rd_open_at(struct capcat_rd *rd, int dir_fd, const char *name, const char *path,
		      unsigned char *head, struct stat *st, struct capcat_err *err)
{
	size_t want;

	memset(rd, 0, sizeof(*rd));
	rd->head = head;
	rd->fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (rd->fd < 0 || fstat(rd->fd, st) != 0)
		return capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
	if (!S_ISREG(st->st_mode))
		return capcat_err_set_path(err, CAPCAT_EIO, path, "not a regular file");
	rd->size = st->st_size;
	want = rd->size < CAPCAT_RD_HEAD ? (size_t)rd->size : CAPCAT_RD_HEAD;
	while (rd->head_len < want) {
		ssize_t n = pread(rd->fd, rd->head + rd->head_len, want - rd->head_len,
				  (off_t)rd->head_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
		if (n == 0)
			break;          /* shrank since fstat: use what is there */
		rd->head_len += (size_t)n;
	}
	if (rd->head_len < want)
		rd->size = (int64_t)rd->head_len;
	return 0;
}

void capcat_rd_close(struct capcat_rd *rd)
{
	if (rd->fd >= 0)
		close(rd->fd);
	rd->fd = -1;
}
