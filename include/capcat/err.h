/* err.h - error codes and the error struct every fallible call fills.
 *
 * A fallible function returns 0 on success or a negative CAPCAT_E* code, and
 * takes 'struct capcat_err *err' as its last parameter.  The message is
 * lowercase, has no trailing period and quotes its subject; 'path' names the
 * file concerned when there is one.  'err' may be NULL when the caller does
 * not want the message.
 */
#ifndef CAPCAT_ERR_H
#define CAPCAT_ERR_H

#include <stddef.h>

enum {
	CAPCAT_OK       = 0,
	CAPCAT_ERROR    = -1,  /* generic failure */
	CAPCAT_ENOMEM   = -2,  /* allocation failed */
	CAPCAT_EIO      = -3,  /* a system call failed; see the message */
	CAPCAT_EFORMAT  = -4,  /* the bytes are not what they claim to be */
	CAPCAT_EDB      = -5,  /* SQLite said no */
	CAPCAT_ENOTFOUND = -6, /* no such photo, file or record */
	CAPCAT_EUSAGE   = -7,  /* bad argument from the user */
	CAPCAT_EBUSY    = -8,  /* the catalog is locked by another process */
	CAPCAT_EUNSUPPORTED = -9 /* recognised, but not something we handle */
};

struct capcat_err {
	int code;
	char msg[256];
	char path[512];
};

/* Fill 'err' (if not NULL) with 'code' and a printf-style message; returns
 * 'code' so that 'return capcat_err_set(err, CAPCAT_EIO, ...)' reads well. */
int capcat_err_set(struct capcat_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like capcat_err_set() and also records the file the error is about. */
int capcat_err_set_path(struct capcat_err *err, int code, const char *path,
			const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Forget a previous error. */
void capcat_err_clear(struct capcat_err *err);

#endif
