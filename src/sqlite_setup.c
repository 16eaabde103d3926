/* sqlite_setup.c - SQLite's process-wide settings. */
#include "sqlite_int.h"

#include <pthread.h>
#include <sqlite3.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void setup(void)
{
	/* Memory statistics take one global mutex around every allocation:
	 * import's reader threads (gazetteer lookups) and its writer (the
	 * catalog) spent 8% of their time on it.  capcat never reads them.
	 * Too late (SQLITE_MISUSE) only when SQLite was already in use: harmless. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void capcat_sqlite__setup(void)
{
	pthread_once(&once, setup);
}
