/* cmd_import.c - capcat import PATH... */
#include "cli.h"
#include "capcat/import.h"
#include "capcat/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_import_usage[] =
	"usage: capcat import [options] PATH...\n"
	"\n"
	"Catalog the photos under each folder (recursively) and each file given.\n"
	"Files are identified by content, never by name.  Files already cataloged\n"
	"with the same size and time are not opened again; moved files keep their\n"
	"catalog entry; vanished files are marked missing.\n"
	"\n"
	"  -j, --jobs N          read with N threads (default: online CPUs)\n"
	"      --thumbnails      make every missing thumbnail now (by default only\n"
	"                        those of images no larger than a thumbnail; the\n"
	"                        others are made by 'capcat thumbnail --all' or\n"
	"                        when first needed)\n"
	"      --no-thumbnails   make none now (embedded thumbnails are still kept)\n"
	"  -L, --follow-symlinks follow symbolic links (loops are detected)\n"
	"  -x, --exclude GLOB    skip files and folders whose name or path matches\n"
	"      --json            print the summary as JSON\n"
	"  -q, --quiet           no progress, warnings or summary (errors still print)\n";

struct ui {
	int quiet;
	int progress;                   /* stderr is a terminal */
	double last;
};

static void on_progress(void *payload, const struct capcat_import_stats *st,
			const char *folder)
{
	struct ui *ui = payload;
	double now = capcat_monotonic();
	const char *f = folder;
	size_t n = strlen(folder);

	if (!ui->progress || now - ui->last < 0.1)
		return;
	ui->last = now;
	if (n > 50)
		f = folder + n - 47;
	fprintf(stderr, "\r\033[K%lld files, %.0f files/s  %s", (long long)st->files,
		st->elapsed > 0 ? (double)st->files / st->elapsed : 0.0, n > 50 ? "..." : "");
	cli_put_safe(stderr, f, strlen(f));
}

static void on_problem(void *payload, const char *path, const char *msg, int warning)
{
	struct ui *ui = payload;

	if (warning && ui->quiet)
		return;
	if (ui->progress)
		fputs("\r\033[K", stderr);
	/* a multi-line warning is several warnings */
	for (const char *s = msg; *s;) {
		const char *e = strchr(s, '\n');
		int n = e ? (int)(e - s) : (int)strlen(s);
		fputs("capcat: ", stderr);
		cli_put_safe(stderr, path, strlen(path));
		fputs(warning ? ": warning: " : ": ", stderr);
		cli_put_safe(stderr, s, (size_t)n);
		fputc('\n', stderr);
		s += n + (e ? 1 : 0);
	}
}

static void print_summary(const struct capcat_import_stats *st, int json)
{
	double rate = st->elapsed > 0 ? (double)st->files / st->elapsed : 0;

	if (json) {
		printf("{\"files\": %lld, \"new\": %lld, \"updated\": %lld, \"unchanged\": %lld, "
		       "\"moved\": %lld, \"missing\": %lld, \"not_images\": %lld, \"failed\": %lld, "
		       "\"warnings\": %lld, \"elapsed\": %.3f, \"files_per_s\": %.0f, "
		       "\"thumbnails_later\": %lld}\n",
		       (long long)st->files, (long long)st->added, (long long)st->updated,
		       (long long)st->unchanged, (long long)st->moved, (long long)st->missing,
		       (long long)st->not_images, (long long)st->failed, (long long)st->warnings,
		       st->elapsed, rate, (long long)st->thumbs_later);
		return;
	}
	printf("new         %lld\nupdated     %lld\nunchanged   %lld\nmoved       %lld\n"
	       "missing     %lld\nnot images  %lld\nfailed      %lld\nwarnings    %lld\n"
	       "elapsed     %.2f s, %lld files, %.0f files/s\n",
	       (long long)st->added, (long long)st->updated, (long long)st->unchanged,
	       (long long)st->moved, (long long)st->missing, (long long)st->not_images,
	       (long long)st->failed, (long long)st->warnings, st->elapsed,
	       (long long)st->files, rate);
	if (st->thumbs_later)
		printf("thumbnails  %lld not made yet: 'capcat thumbnail --all' makes them, or each when first needed\n",
		       (long long)st->thumbs_later);
}

int cmd_import(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "thumbnails", no_argument, NULL, 't' },
		{ "no-thumbnails", no_argument, NULL, 'T' },
		{ "follow-symlinks", no_argument, NULL, 'L' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "json", no_argument, NULL, 'J' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct capcat_import_opts opts = { 0 };
	struct capcat_import_stats st;
	struct capcat_err err = { 0 };
	struct ui ui = { .quiet = cli->quiet };
	const char **excludes = NULL;
	int c, json = 0, rc = CLI_OK;

	excludes = calloc((size_t)argc, sizeof(*excludes));
	if (!excludes)
		return cli_error("import", "out of memory");
	while ((c = getopt_long(argc, argv, ":j:Lx:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if ((opts.jobs = cli_parse_count(optarg)) < 0) {
				rc = cli_usage_error("import", "--jobs wants a positive number, not '%s'", optarg);
				goto cleanup;
			}
			break;
		case 't': opts.thumbnails = CAPCAT_IMPORT_THUMBS_ALL; break;
		case 'T': opts.thumbnails = CAPCAT_IMPORT_THUMBS_NONE; break;
		case 'L': opts.follow_symlinks = 1; break;
		case 'x': excludes[opts.nexcludes++] = optarg; break;
		case 'J': json = 1; break;
		case 'q': ui.quiet = 1; break;
		default:
			rc = cli_bad_option("import", argc, argv, c);
			goto cleanup;
		}
	}
	if (optind == argc) {
		rc = cli_usage_error("import", "no PATH to import");
		goto cleanup;
	}
	ui.progress = !ui.quiet && isatty(STDERR_FILENO);
	opts.excludes = excludes;
	opts.progress = on_progress;
	opts.problem = on_problem;
	opts.payload = &ui;
	if (capcat_import(cli->cat, (const char *const *)argv + optind, (size_t)(argc - optind),
			  &opts, &st, &err) != 0) {
		if (ui.progress)
			fputs("\r\033[K", stderr);
		rc = cli_error_err("import", &err);
		goto cleanup;
	}
	if (ui.progress)
		fputs("\r\033[K", stderr);
	if (json || !ui.quiet)
		print_summary(&st, json);
	rc = st.failed ? CLI_FAILED : CLI_OK;
cleanup:
	free(excludes);
	return rc;
}
