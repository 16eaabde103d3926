/* opt.c - error and usage messages, option helpers. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_put_safe(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* "capcat: " [prefix ": "] message, the parts from users and files made
 * safe for a terminal; then 'tail'. */
static void __attribute__((format(printf, 3, 0)))
vreport(const char *prefix, const char *tail, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fputs("capcat: ", stderr);
	if (prefix) {
		cli_put_safe(stderr, prefix, strlen(prefix));
		fputs(": ", stderr);
	}
	cli_put_safe(stderr, msg, strlen(msg));
	fputs(tail, stderr);
}

int cli_error(const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(what, "\n", fmt, ap);
	va_end(ap);
	return CLI_FAILED;
}

int cli_error_err(const char *what, const struct capcat_err *err)
{
	return cli_error(err->path[0] ? err->path : what, "%s",
			 err->msg[0] ? err->msg : "failed");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, "\n", fmt, ap);
	va_end(ap);
	fprintf(stderr, "see 'capcat help%s%s'\n", cmd ? " " : "", cmd ? cmd : "");
	return CLI_USAGE;
}

int cli_bad_option(const char *cmd, int argc, char **argv, int c)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "";

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt && optopt != '?')
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_parse_count(const char *s)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 1 || v > INT_MAX)
		return -1;
	return (int)v;
}

void cli_getopt_reset(void)
{
	optind = 0;             /* 0: GNU getopt re-initialises fully */
	opterr = 0;
	optopt = 0;
}
