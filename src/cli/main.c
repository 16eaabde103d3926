/* main.c - capcat's entry point: global options, dispatch, help. */
#include "cli.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int cmd_help(int argc, char **argv, struct cli *cli);

static const char cmd_help_usage[] =
	"usage: capcat help [COMMAND]\n"
	"\n"
	"Print the list of commands, or the usage of one.\n";

/* The reading commands: each on one snapshot of the catalog. */
#define READS_DB (CMD_NEEDS_DB | CMD_SNAPSHOT)

/* Keep sorted by name: help prints in this order. */
static const struct cmd cmds[] = {
	{ "agencies", cmd_facet, READS_DB, "agencies, with counts", cmd_facet_usage },
	{ "caption", cmd_caption, 0,          "parse, set, import and write captions and credits", cmd_caption_usage },
	{ "credits", cmd_credits, READS_DB, "who to credit for the selected photos", cmd_credits_usage },
	{ "export", cmd_export, READS_DB, "selected photos as JSON, CSV or an HTML contact sheet", cmd_export_usage },
	{ "help",   cmd_help,   0,            "show commands, or one command's usage", cmd_help_usage },
	{ "import", cmd_import, CMD_NEEDS_DB, "catalog the photos in folders and files", cmd_import_usage },
	{ "people", cmd_facet,  READS_DB, "people in the photos, with counts", cmd_facet_usage },
	{ "places", cmd_facet,  READS_DB, "places of the photos, with counts", cmd_facet_usage },
	{ "search", cmd_search, READS_DB, "find photos by text, person, place, date, credit", cmd_search_usage },
	{ "show",   cmd_show,   READS_DB, "everything known about one photo", cmd_show_usage },
	{ "stats",  cmd_stats,  READS_DB, "the catalog in numbers", cmd_stats_usage },
	{ "thumbnail", cmd_thumbnail, CMD_NEEDS_DB, "write a photo's thumbnail, or make all missing ones", cmd_thumbnail_usage },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const char main_usage[] =
	"usage: capcat [--catalog FILE] [--quiet] <command> [options]\n"
	"       capcat --version | --help\n";

static const struct cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static void print_overview(FILE *f)
{
	fputs(main_usage, f);
	fputs("\nCommands:\n", f);
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nThe catalog is --catalog FILE, else $CAPCAT_CATALOG, else\n"
	      "$XDG_DATA_HOME/capcat/catalog.db (~/.local/share/capcat/catalog.db).\n"
	      "Exit codes: 0 success, 1 some work failed, 2 usage error.\n"
	      "'capcat help COMMAND' or 'capcat COMMAND --help' for a command's options.\n", f);
}

int cli_help(const char *name)
{
	const struct cmd *c = find_cmd(name);

	if (!c)
		return cli_usage_error("help", "no such command '%s'", name);
	fputs(c->usage, stdout);
	return CLI_OK;
}

static int cmd_help(int argc, char **argv, struct cli *cli)
{
	(void)cli;
	if (argc > 2)
		return cli_usage_error("help", "too many arguments");
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return cli_help("help");
	if (argc == 2)
		return cli_help(argv[1]);
	print_overview(stdout);
	return CLI_OK;
}

int cli_open_catalog(struct cli *cli)
{
	struct capcat_err err = { 0 };
	char *path = NULL;
	int rc;

	if (cli->catalog_path)
		path = strdup(cli->catalog_path);
	else if ((rc = capcat_catalog_default_path(&path, &err)))
		return cli_error("catalog", "%s", err.msg);
	if (!path)
		return cli_error("catalog", "out of memory");
	rc = capcat_catalog_open(&cli->cat, path, &err);
	if (rc)
		cli_error(path, "%s", err.msg);
	free(path);
	return rc ? CLI_FAILED : CLI_OK;
}

/* Global options stop at the first word that is not one: the command. */
static int parse_globals(int argc, char **argv, struct cli *cli, int *cmd_at)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--catalog") || !strcmp(a, "-c")) {
			if (++i == argc)
				return cli_usage_error(NULL, "option '%s' needs a value", a);
			cli->catalog_path = argv[i];
		} else if (!strncmp(a, "--catalog=", 10)) {
			cli->catalog_path = a + 10;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			cli->quiet = 1;
		} else if (!strcmp(a, "--version")) {
			printf("capcat %s\n", CAPCAT_VERSION);
			return -1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_overview(stdout);
			return -1;
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", a);
		}
	}
	*cmd_at = i;
	return CLI_OK;
}

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HEAP_RESERVE (96 << 20)

/* Fresh memory costs a page fault for every 4 KiB page, and faults are
 * dear on the virtual machines capcat often runs on (about 10 us each on
 * ours: an import of 20,000 photos touched 27,000 pages, mostly SQLite's
 * page cache, and spent a sixth of its time in faults).  So the heap grows
 * by HEAP_RESERVE at once (address space; memory only once touched), the
 * kernel is asked to back that with 2 MiB pages where it can, and the pad
 * keeps glibc from trimming it.  Where malloc does not use the break (the
 * sanitizers' allocators), the break does not move and nothing is done. */
static void heap_prefers_huge_pages(void)
{
	uintptr_t lo = ((uintptr_t)sbrk(0) + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), hi;
	void *volatile grow;    /* volatile: else the compiler drops the pair */

	mallopt(M_TOP_PAD, HEAP_RESERVE);
	grow = malloc(1 << 20); /* more than the top of a heap just begun */
	free(grow);
	hi = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct capcat_err err = { 0 };
	const struct cmd *c;
	int at = 0, rc;

	/* an import allocates and frees per file: keep the heap instead of
	 * giving it back to the kernel each time (each shrink flushes TLBs).
	 * Setting these stops glibc from raising its mmap threshold by
	 * itself: without the third, every thumbnail's decoding buffer
	 * (over 128 KiB) was mapped, faulted in page by page, and unmapped. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	heap_prefers_huge_pages();

	rc = parse_globals(argc, argv, &cli, &at);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (at == argc) {
		print_overview(stderr);
		return CLI_USAGE;
	}
	c = find_cmd(argv[at]);
	if (!c)
		return cli_usage_error(NULL, "no such command '%s'", argv[at]);
	for (int i = at + 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return cli_help(c->name);
	if ((c->flags & CMD_NEEDS_DB) && (rc = cli_open_catalog(&cli)))
		return rc;
	if ((c->flags & CMD_SNAPSHOT) && capcat_catalog_read_begin(cli.cat, &err)) {
		capcat_catalog_close(cli.cat);
		return cli_error("catalog", "%s", err.msg);
	}
	cli_getopt_reset();
	rc = c->fn(argc - at, argv + at, &cli);
	if (c->flags & CMD_SNAPSHOT)
		capcat_catalog_read_end(cli.cat);
	capcat_catalog_close(cli.cat);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_error("stdout", "write failed");
	return rc;
}
