/* sqlite_int.h - how capcat sets SQLite up (private). */
#ifndef CAPCAT_SQLITE_INT_H
#define CAPCAT_SQLITE_INT_H

/* Configure SQLite once per process, before its first connection: call
 * before every sqlite3_open*(). */
void capcat_sqlite__setup(void);

/* The name of the catalog's VFS (sqlite_vfs.c: the default one, with a
 * WAL's appends gathered into large writes), registered on first call;
 * NULL (the default VFS) when it cannot be. */
#define CAPCAT_SQLITE_VFS "capcat-wal"
const char *capcat_sqlite__vfs(void);

#endif
