/* sqlite_vfs.c - the catalog's VFS: SQLite's own, with the writes to the
 * WAL and to the database gathered into large ones.
 *
 * SQLite appends each page to the WAL with two write() calls (a 24-byte
 * frame header, then the page): an import's writer made 60,000 system
 * calls for 20,000 photos, a seventh of its time on this kind of machine.
 * Here contiguous writes to a WAL are kept in a buffer and written as one
 * when the buffer is full, when a write does not follow on, before any
 * other operation on the file (read, sync, size, truncate, close, file
 * control), and at the end of every commit frame: a commit's frames are
 * in the file before the commit returns (a failed write fails the commit)
 * and before the WAL index is updated, so that other connections, which
 * read frames only once the index names them, never miss one.  What a
 * crash may leave is what it may leave without the buffer: frames of a
 * transaction that never committed, which SQLite ignores.
 *
 * A checkpoint copies the WAL's pages into the database one write each,
 * in page order: those are gathered the same way, and written before the
 * database is synced, read, locked or unlocked, or the WAL index touched
 * (the checkpoint records its progress there only after a sync or under
 * a lock), so no connection reads a page from the database before it is
 * there.
 *
 * Every other call goes to the default VFS unchanged.
 */
#include "sqlite_int.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The unix VFS writes at most 128 KiB - 1 bytes a call (it masks the
 * length: SQLite's own writes are a page at most) */
#define BUF_SIZE (120 << 10)
#define FRAME_HDR 24                    /* a WAL frame header, before its page */

struct bfile {
	sqlite3_file base;
	sqlite3_file *real;             /* the default VFS's file, after this struct */
	struct bfile *wal;              /* a database: its WAL, while open */
	struct bfile *db;               /* a WAL: its database */
	int is_wal;
	int gathers;                    /* a WAL or a main database */
	int commit_next;                /* the next write ends a commit frame */
	unsigned char *buf;             /* writes not yet made, from 'at' */
	size_t len;
	sqlite3_int64 at;
	unsigned char *ahead;           /* a WAL: bytes read ahead, from 'ahead_at' */
	size_t ahead_len;
	sqlite3_int64 ahead_at;
};

static sqlite3_vfs vfs;
static sqlite3_vfs *real_vfs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int flush(struct bfile *f)
{
	int rc;

	if (!f->len)
		return SQLITE_OK;
	rc = f->real->pMethods->xWrite(f->real, f->buf, (int)f->len, f->at);
	f->len = 0;
	return rc;
}

static void forget_ahead(struct bfile *f)
{
	f->ahead_len = 0;
}

/* A WAL frame header's second word is the database size for a commit
 * frame, 0 otherwise; its page is the next write. */
static int is_commit_header(const unsigned char *p, int n)
{
	return n == FRAME_HDR && (p[4] | p[5] | p[6] | p[7]) != 0;
}

static int b_write(sqlite3_file *file, const void *p, int n, sqlite3_int64 off)
{
	struct bfile *f = (struct bfile *)file;
	int rc, ends_commit = f->commit_next;

	forget_ahead(f);
	if (!f->gathers)
		return f->real->pMethods->xWrite(f->real, p, n, off);
	f->commit_next = f->is_wal && is_commit_header(p, n);
	if (!f->buf && !(f->buf = malloc(BUF_SIZE)))
		return f->real->pMethods->xWrite(f->real, p, n, off);
	if (f->len && (off != f->at + (sqlite3_int64)f->len || f->len + (size_t)n > BUF_SIZE) &&
	    (rc = flush(f)) != SQLITE_OK)
		return rc;
	if ((size_t)n > BUF_SIZE)
		return f->real->pMethods->xWrite(f->real, p, n, off);
	if (!f->len)
		f->at = off;
	memcpy(f->buf + f->len, p, (size_t)n);
	f->len += (size_t)n;
	return ends_commit ? flush(f) : SQLITE_OK;
}

/* Every other operation on a WAL sees the file as written. */
#define FLUSHED(f, call)                                                   \
	do {                                                               \
		int rc_ = flush(f);                                        \
		if (rc_ != SQLITE_OK)                                      \
			return rc_;                                        \
		return call;                                               \
	} while (0)

/* A checkpoint reads the WAL a frame at a time, in page order, which is
 * the file's order within each commit: frames are read 120 KiB at a time.
 * What was read ahead holds until this connection writes the WAL or
 * touches the WAL index: frames a reader may read (those the index named
 * when it began, up to its end) do not change in the file meanwhile. */
static int b_read(sqlite3_file *file, void *p, int n, sqlite3_int64 off)
{
	struct bfile *f = (struct bfile *)file;
	int rc = flush(f);

	if (rc != SQLITE_OK)
		return rc;
	if (!f->is_wal || !f->db || n <= 0 || n > BUF_SIZE / 4)
		return f->real->pMethods->xRead(f->real, p, n, off);
	if (!(f->ahead_len && off >= f->ahead_at &&
	      off + n <= f->ahead_at + (sqlite3_int64)f->ahead_len)) {
		if (!f->ahead && !(f->ahead = malloc(BUF_SIZE)))
			return f->real->pMethods->xRead(f->real, p, n, off);
		f->ahead_len = 0;
		/* near the end of the file: a short read, and no read-ahead */
		if (f->real->pMethods->xRead(f->real, f->ahead, BUF_SIZE, off) != SQLITE_OK)
			return f->real->pMethods->xRead(f->real, p, n, off);
		f->ahead_at = off;
		f->ahead_len = BUF_SIZE;
	}
	memcpy(p, f->ahead + (off - f->ahead_at), (size_t)n);
	return SQLITE_OK;
}

static int b_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct bfile *f = (struct bfile *)file;

	forget_ahead(f);
	FLUSHED(f, f->real->pMethods->xTruncate(f->real, size));
}

static int b_sync(sqlite3_file *file, int flags)
{
	struct bfile *f = (struct bfile *)file;

	FLUSHED(f, f->real->pMethods->xSync(f->real, flags));
}

static int b_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct bfile *f = (struct bfile *)file;

	FLUSHED(f, f->real->pMethods->xFileSize(f->real, size));
}

static int b_file_control(sqlite3_file *file, int op, void *arg)
{
	struct bfile *f = (struct bfile *)file;

	FLUSHED(f, f->real->pMethods->xFileControl(f->real, op, arg));
}

static int b_close(sqlite3_file *file)
{
	struct bfile *f = (struct bfile *)file;
	int rc = flush(f), rc2;

	if (f->is_wal && f->db)
		f->db->wal = NULL;
	if (!f->is_wal && f->wal)
		f->wal->db = NULL;
	rc2 = f->real->pMethods->xClose(f->real);
	free(f->buf);
	free(f->ahead);
	return rc != SQLITE_OK ? rc : rc2;
}

/* (a database written without a WAL unlocks after its pages, synced or not) */
static int b_lock(sqlite3_file *file, int lock)
{
	struct bfile *f = (struct bfile *)file;

	FLUSHED(f, f->real->pMethods->xLock(f->real, lock));
}

static int b_unlock(sqlite3_file *file, int lock)
{
	struct bfile *f = (struct bfile *)file;

	FLUSHED(f, f->real->pMethods->xUnlock(f->real, lock));
}

static int b_check_reserved(sqlite3_file *file, int *out)
{
	struct bfile *f = (struct bfile *)file;

	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int b_sector_size(sqlite3_file *file)
{
	struct bfile *f = (struct bfile *)file;

	return f->real->pMethods->xSectorSize(f->real);
}

static int b_device(sqlite3_file *file)
{
	struct bfile *f = (struct bfile *)file;

	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

/* The WAL index (shared memory) belongs to the database file: before it
 * changes, the database's WAL holds every frame written (a no-op after
 * the flush at each commit frame; a safety net), and the database every
 * page a checkpoint copied (before it says so, it syncs or unlocks). */
static void wal_flush(struct bfile *f)
{
	(void)flush(f);
	if (f->wal) {
		(void)flush(f->wal);
		forget_ahead(f->wal);
	}
}

static int b_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **p)
{
	struct bfile *f = (struct bfile *)file;

	return f->real->pMethods->xShmMap(f->real, page, size, extend, p);
}

static int b_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct bfile *f = (struct bfile *)file;

	wal_flush(f);
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void b_shm_barrier(sqlite3_file *file)
{
	struct bfile *f = (struct bfile *)file;

	wal_flush(f);
	f->real->pMethods->xShmBarrier(f->real);
}

static int b_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct bfile *f = (struct bfile *)file;

	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int b_fetch(sqlite3_file *file, sqlite3_int64 off, int n, void **p)
{
	struct bfile *f = (struct bfile *)file;

	FLUSHED(f, f->real->pMethods->xFetch(f->real, off, n, p));
}

static int b_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	struct bfile *f = (struct bfile *)file;

	return f->real->pMethods->xUnfetch(f->real, off, p);
}

static const sqlite3_io_methods methods = {
	3, b_close, b_read, b_write, b_truncate, b_sync, b_file_size, b_lock, b_unlock,
	b_check_reserved, b_file_control, b_sector_size, b_device, b_shm_map, b_shm_lock,
	b_shm_barrier, b_shm_unmap, b_fetch, b_unfetch,
};

static int b_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *file, int flags,
		  int *out_flags)
{
	struct bfile *f = (struct bfile *)file;
	int rc;

	(void)v;
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || !f->real->pMethods) {
		if (f->real->pMethods)
			f->real->pMethods->xClose(f->real);
		f->base.pMethods = NULL;        /* then SQLite does not close it */
		return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
	}
	/* the unix VFS's files are version 3: the methods above forward all */
	if (f->real->pMethods->iVersion < 3) {
		f->real->pMethods->xClose(f->real);
		f->base.pMethods = NULL;
		return SQLITE_CANTOPEN;
	}
	f->base.pMethods = &methods;
	f->gathers = (flags & (SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_DB)) != 0;
	if ((flags & SQLITE_OPEN_WAL) && name) {
		struct bfile *db = (struct bfile *)sqlite3_database_file_object(name);
		f->is_wal = 1;
		if (db && db->base.pMethods == &methods) {
			f->db = db;
			db->wal = f;
		}
	}
	return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	(void)v;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int v_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int v_full_path(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *v_dl_open(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void v_dl_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	real_vfs->xDlError(real_vfs, n, out);
}

static void (*v_dl_sym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
	(void)v;
	return real_vfs->xDlSym(real_vfs, h, sym);
}

static void v_dl_close(sqlite3_vfs *v, void *h)
{
	(void)v;
	real_vfs->xDlClose(real_vfs, h);
}

static int v_randomness(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int v_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return real_vfs->xSleep(real_vfs, us);
}

static int v_current_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int v_last_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}

static int v_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static void reg(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || real_vfs->iVersion < 2)
		return;
	vfs.iVersion = 2;
	vfs.szOsFile = (int)sizeof(struct bfile) + real_vfs->szOsFile;
	vfs.mxPathname = real_vfs->mxPathname;
	vfs.zName = CAPCAT_SQLITE_VFS;
	vfs.xOpen = b_open;
	vfs.xDelete = v_delete;
	vfs.xAccess = v_access;
	vfs.xFullPathname = v_full_path;
	vfs.xDlOpen = v_dl_open;
	vfs.xDlError = v_dl_error;
	vfs.xDlSym = v_dl_sym;
	vfs.xDlClose = v_dl_close;
	vfs.xRandomness = v_randomness;
	vfs.xSleep = v_sleep;
	vfs.xCurrentTime = v_current_time;
	vfs.xGetLastError = v_last_error;
	vfs.xCurrentTimeInt64 = v_current_time64;
	if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
		real_vfs = NULL;
}

const char *capcat_sqlite__vfs(void)
{
	pthread_once(&once, reg);
	return real_vfs ? CAPCAT_SQLITE_VFS : NULL;
}
