/* path.c - paths, folders and time (no third-party includes). */
#include "capcat/util.h"
#include "capcat/buf.h"
#include "capcat/err.h"

#include <fcntl.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

int capcat_folder_of(struct capcat_folder *f, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	*name = path;
	if (!n || path[0] != '/')
		return AT_FDCWD;
	if (!f->dir || strlen(f->dir) != n || memcmp(f->dir, path, n)) {
		capcat_folder_release(f);
		if (!(f->dir = malloc(n + 1)))
			return AT_FDCWD;
		memcpy(f->dir, path, n);
		f->dir[n] = '\0';
		if ((f->fd = open(f->dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
			capcat_folder_release(f);
			return AT_FDCWD;
		}
	}
	*name = slash + 1;
	return f->fd;
}

void capcat_folder_release(struct capcat_folder *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->dir);
	f->dir = NULL;
	f->fd = -1;
}

char *capcat_strjoin(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 1);

	if (!p)
		return NULL;
	memcpy(p, a, la);
	memcpy(p + la, b, lb + 1);
	return p;
}

char *capcat_path_abs(const char *path)
{
	char cwd[PATH_MAX];
	char *full, *out, *o;
	const char *s;

	if (path[0] == '/') {
		full = strdup(path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		full = malloc(strlen(cwd) + strlen(path) + 2);
		if (full)
			sprintf(full, "%s/%s", cwd, path);
	}
	if (!full)
		return NULL;
	out = malloc(strlen(full) + 2);
	if (!out) {
		free(full);
		return NULL;
	}
	o = out;
	for (s = full; *s;) {
		const char *e;
		size_t n;
		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		n = e ? (size_t)(e - s) : strlen(s);
		if (n == 1 && s[0] == '.') {
			/* nothing */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > out && *--o != '/')
				;
		} else {
			*o++ = '/';
			memcpy(o, s, n);
			o += n;
		}
		s += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	free(full);
	return out;
}

char *capcat_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char *p;

	if (n == 0)
		return strdup(slash ? "/" : ".");
	p = malloc(n + 1);
	if (p) {
		memcpy(p, path, n);
		p[n] = '\0';
	}
	return p;
}

int capcat_mkdirs(const char *dir)
{
	char *p = strdup(dir);
	int rc = 0;

	if (!p)
		return -1;
	if (!*p) {
		free(p);
		errno = ENOENT;
		return -1;
	}
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			struct stat st;
			if (mkdir(p, 0777) != 0 && (errno != EEXIST || stat(p, &st) != 0 ||
						    !S_ISDIR(st.st_mode))) {
				if (errno == EEXIST)
					errno = ENOTDIR;
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

void capcat_now_iso(char out[32])
{
	const char *fixed = getenv("CAPCAT_NOW");
	time_t t;
	struct tm tm;

	if (fixed && *fixed) {
		snprintf(out, 32, "%s", fixed);
		return;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

double capcat_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int capcat_read_small_file(struct capcat_buf *out, const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	int rc = -1;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto cleanup;
	}
	if ((uint64_t)st.st_size > max) {
		errno = EFBIG;
		goto cleanup;
	}
	if (capcat_buf_grow(out, (size_t)st.st_size)) {
		errno = ENOMEM;
		goto cleanup;
	}
	for (;;) {
		ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto cleanup;
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len + 1 >= out->cap && capcat_buf_grow(out, 4096))
			goto cleanup;
		if (out->len > max) {
			errno = EFBIG;
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	close(fd);
	return rc;
}

int capcat_atomic_open(struct capcat_atomic *a, const char *path, int force,
		       struct capcat_err *err)
{
	int fd;

	memset(a, 0, sizeof(*a));
	if (snprintf(a->path, sizeof(a->path), "%s", path) >= (int)sizeof(a->path))
		return capcat_err_set_path(err, CAPCAT_EUSAGE, path, "path too long");
	if (!force && access(path, F_OK) == 0)
		return capcat_err_set_path(err, CAPCAT_EUSAGE, path,
					   "already exists (--force to replace it)");
	snprintf(a->tmp, sizeof(a->tmp), "%s.capcat-XXXXXX", path);
	if ((fd = mkostemp(a->tmp, O_CLOEXEC)) < 0)
		return capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
	fchmod(fd, 0644);
	if (!(a->file = fdopen(fd, "w"))) {
		close(fd);
		unlink(a->tmp);
		return capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
	}
	a->force = force;
	return 0;
}

void capcat_atomic_abort(struct capcat_atomic *a)
{
	if (a->file)
		fclose(a->file);
	a->file = NULL;
	if (a->tmp[0])
		unlink(a->tmp);
	a->tmp[0] = '\0';
}

int capcat_atomic_commit(struct capcat_atomic *a, struct capcat_err *err)
{
	FILE *f = a->file;
	char *dir = NULL;
	int rc = 0, dfd;

	a->file = NULL;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, a->path, "%s", strerror(errno));
		fclose(f);
	} else if (fclose(f) != 0) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, a->path, "%s", strerror(errno));
	} else if (a->force ? rename(a->tmp, a->path) != 0 : link(a->tmp, a->path) != 0) {
		/* link() never replaces: a file that appeared meanwhile is safe */
		rc = capcat_err_set_path(err, errno == EEXIST ? CAPCAT_EUSAGE : CAPCAT_EIO, a->path,
					 "%s", errno == EEXIST ? "already exists (--force to replace it)"
								: strerror(errno));
	}
	if (rc || !a->force)
		unlink(a->tmp);
	a->tmp[0] = '\0';
	if (!rc && (dir = capcat_path_dir(a->path)) && (dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return rc;
}

/* The process umask, read without changing it: umask() would set it, for
 * a moment, for every thread.  022 when /proc is not there. */
static mode_t current_umask(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[128];
	unsigned mask = 022;

	if (!f)
		return 022;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask: %o", &mask) == 1)
			break;
	fclose(f);
	return (mode_t)(mask & 0777);
}

static int write_all(int fd, const struct iovec *iov, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = iov[i].iov_base;
		size_t left = iov[i].iov_len;
		while (left) {
			ssize_t k = write(fd, p, left);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				return -1;
			p += k;
			left -= (size_t)k;
		}
	}
	return 0;
}

/* fsync the folder of 'path', so that the rename survives a crash. */
static int sync_dir(const char *path)
{
	char *dir = capcat_path_dir(path);
	int fd, rc, saved;

	if (!dir) {
		errno = ENOMEM;
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	if (rc && errno == EINVAL)
		rc = 0;         /* a filesystem that cannot sync folders */
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* The new file takes the old one's owner where we may give it (as root,
 * or a group we are in; else it stays ours, as any copy would) and then
 * its permission bits: chown clears set-id bits, so it goes first. */
static int take_attrs(int fd, const struct stat *like)
{
	int given;

	if (!like)
		return fchmod(fd, 0644 & ~current_umask());
	given = fchown(fd, like->st_uid, like->st_gid) == 0 ||
		fchown(fd, (uid_t)-1, like->st_gid) == 0;
	(void)given;            /* not ours to give is no error */
	return fchmod(fd, like->st_mode & 07777);
}

int capcat_file_replace(const char *path, const struct iovec *iov, size_t n,
			const struct stat *like, struct capcat_err *err)
{
	static const char suffix[] = ".capcat-XXXXXX";
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof(suffix));
	int fd = -1, rc = 0;

	if (!tmp)
		return capcat_err_set_path(err, CAPCAT_ENOMEM, path, "out of memory");
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, suffix, sizeof(suffix));
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
		free(tmp);
		return rc;
	}
	if (take_attrs(fd, like) || write_all(fd, iov, n) || fsync(fd)) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
		goto cleanup;
	}
	rc = close(fd);
	fd = -1;
	if (rc || rename(tmp, path)) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
		goto cleanup;
	}
	free(tmp);
	tmp = NULL;             /* it is 'path' now */
	if (sync_dir(path))
		rc = capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	return rc;
}
