/* cli.h - what the capcat command's files share.
 *
 * src/cli is the only code that parses arguments, prints or exits.  Each
 * command is cmd_<name>(argc, argv, cli) and returns an exit code:
 * CLI_OK, CLI_FAILED (some work failed, the rest was done) or CLI_USAGE.
 */
#ifndef CAPCAT_CLI_H
#define CAPCAT_CLI_H

#include "capcat/catalog.h"
#include "capcat/err.h"

#include <stdio.h>

#include <getopt.h>

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

struct cli {
	const char *catalog_path;       /* --catalog, else NULL */
	int quiet;
	struct capcat_catalog *cat;     /* open for commands that need it */
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli *cli);
	unsigned flags;
	const char *summary;
	const char *usage;              /* full usage text for --help */
};

#define CMD_NEEDS_DB 1u
/* Reads only: runs on one snapshot of the catalog (an import committing
 * meanwhile is not half seen). */
#define CMD_SNAPSHOT 2u

int cmd_caption(int argc, char **argv, struct cli *cli);
int cmd_credits(int argc, char **argv, struct cli *cli);
int cmd_export(int argc, char **argv, struct cli *cli);
int cmd_facet(int argc, char **argv, struct cli *cli);
int cmd_search(int argc, char **argv, struct cli *cli);
int cmd_import(int argc, char **argv, struct cli *cli);
int cmd_show(int argc, char **argv, struct cli *cli);
int cmd_stats(int argc, char **argv, struct cli *cli);
int cmd_thumbnail(int argc, char **argv, struct cli *cli);

extern const char cmd_caption_usage[], cmd_credits_usage[], cmd_export_usage[], cmd_facet_usage[], cmd_import_usage[], cmd_search_usage[],
	cmd_show_usage[], cmd_stats_usage[], cmd_thumbnail_usage[];

/* Open the catalog named by --catalog, $CAPCAT_CATALOG or the default
 * into cli->cat (for commands whose subcommands decide); prints why not. */
int cli_open_catalog(struct cli *cli);

/* Write n bytes of s (or up to its NUL) to f with control characters as
 * \xNN: a file name or a caption must not move a terminal's cursor, and
 * a newline in one must not split a report in two. */
void cli_put_safe(FILE *f, const char *s, size_t n);
/* Print "capcat: <what>: <why>" to stderr (made safe); returns CLI_FAILED. */
int cli_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a struct capcat_err (its path, else 'what'). */
int cli_error_err(const char *what, const struct capcat_err *err);
/* A usage error for command 'cmd' (NULL: the global options): the message,
 * then "see 'capcat help cmd'"; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Report getopt_long's complaint about argv[optind-1] as a usage error. */
int cli_bad_option(const char *cmd, int argc, char **argv, int c);
/* Print the usage text of 'cmd' to stdout; returns CLI_OK. */
int cli_help(const char *cmd);
/* Parse a positive integer option; -1 if it is not one. */
int cli_parse_count(const char *s);

/* Reset getopt for a command's own argv (argv[0] is the command name). */
void cli_getopt_reset(void);

#endif
