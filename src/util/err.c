/* err.c - filling struct capcat_err. */
#include "capcat/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void __attribute__((format(printf, 3, 0)))
vset(struct capcat_err *err, int code, const char *fmt, va_list ap)
{
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int capcat_err_set(struct capcat_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vset(err, code, fmt, ap);
	va_end(ap);
	err->path[0] = '\0';
	return code;
}

int capcat_err_set_path(struct capcat_err *err, int code, const char *path,
			const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vset(err, code, fmt, ap);
	va_end(ap);
	snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	return code;
}

void capcat_err_clear(struct capcat_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
	err->path[0] = '\0';
}
