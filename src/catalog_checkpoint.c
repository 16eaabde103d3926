/* catalog_checkpoint.c - checkpoints in a thread of their own while an
 * import writes.
 *
 * In WAL mode each commit appends the pages it changed to the WAL, and
 * the committing connection copies the WAL into the database file once it
 * holds 1,000 pages (a checkpoint), syncing both files.  During an import
 * that copy and its two fsyncs held up the one writer for a quarter of
 * its time, while a core sat idle.  Here a thread with its own connection
 * runs a PASSIVE checkpoint after each commit (it never blocks the writer,
 * nor readers); the writer's own checkpoints are off meanwhile.  The
 * catalog is as safe either way: checkpoints copy only committed frames.
 *
 * The WAL starts again from its beginning only when a write transaction
 * begins with every frame copied; with the copy running beside the writer
 * that rarely holds, so once the WAL is RESTART_FRAMES long the writer
 * waits for the copy in flight before it begins (a tenth of a second
 * every few hundred megabytes), which bounds the WAL file.
 */
#include "catalog_int.h"
#include "sqlite_int.h"

#include <pthread.h>
#include <stdlib.h>

#define RESTART_FRAMES 65536            /* 256 MiB of 4 KiB pages */

struct capcat_checkpointer {
	sqlite3 *db;                    /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake, idle;
	int asked;                      /* a commit since the last checkpoint */
	int busy;                       /* a checkpoint is running */
	int frames;                     /* in the WAL at the last checkpoint */
	int quit;
};

static void *checkpoint_main(void *arg)
{
	struct capcat_checkpointer *c = arg;

	pthread_setname_np(pthread_self(), "capcat-ckpt");
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->asked && !c->quit)
			pthread_cond_wait(&c->wake, &c->lock);
		if (!c->asked)
			break;
		int frames = -1;
		c->asked = 0;
		c->busy = 1;
		pthread_mutex_unlock(&c->lock);
		/* SQLITE_BUSY (another checkpoint runs) leaves it to the next */
		(void)sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, &frames,
						NULL);
		pthread_mutex_lock(&c->lock);
		c->busy = 0;
		c->frames = frames;
		pthread_cond_broadcast(&c->idle);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int capcat_catalog__checkpoints_start(struct capcat_catalog *cat, struct capcat_err *err)
{
	struct capcat_checkpointer *c;
	const char *path = sqlite3_db_filename(cat->db, "main");

	if (cat->ckpt)
		return 0;
	if (!path || !*path || !(c = calloc(1, sizeof(*c))))
		return 0;               /* the writer checkpoints, as always */
	/* a connection finds the WAL when it first reads: until then it
	 * would answer every checkpoint "not in WAL mode" */
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    capcat_sqlite__vfs()) !=
	    SQLITE_OK ||
	    sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return 0;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->idle, NULL);
	if (pthread_create(&c->thread, NULL, checkpoint_main, c) != 0) {
		pthread_cond_destroy(&c->idle);
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close(c->db);
		free(c);
		return 0;
	}
	cat->ckpt = c;
	return capcat_catalog__exec(cat, "PRAGMA wal_autocheckpoint = 0", err);
}

void capcat_catalog__checkpoint_soon(struct capcat_catalog *cat)
{
	struct capcat_checkpointer *c = cat->ckpt;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->asked = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

void capcat_catalog__checkpoint_settle(struct capcat_catalog *cat)
{
	struct capcat_checkpointer *c = cat->ckpt;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	if (c->frames > RESTART_FRAMES) {
		while (c->asked || c->busy)
			pthread_cond_wait(&c->idle, &c->lock);
		c->frames = 0;
	}
	pthread_mutex_unlock(&c->lock);
}

void capcat_catalog__checkpoints_stop(struct capcat_catalog *cat)
{
	struct capcat_checkpointer *c = cat ? cat->ckpt : NULL;

	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->quit = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);  /* after its last checkpoint */
	pthread_cond_destroy(&c->idle);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	sqlite3_close(c->db);
	free(c);
	cat->ckpt = NULL;
	(void)capcat_catalog__exec(cat, "PRAGMA wal_autocheckpoint = 1000", NULL);
}
