/* sqlite_int.h - how capcat sets SQLite up (private). */
#ifndef CAPCAT_SQLITE_INT_H
#define CAPCAT_SQLITE_INT_H

/* Configure SQLite once per process, before its first connection: call
 * before every sqlite3_open*(). */
void capcat_sqlite__setup(void);

#endif
