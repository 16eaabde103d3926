/* cmd_export.c - capcat export [filters] --format json|csv|html [-o FILE] */
#include "filters.h"
#include "capcat/export.h"
#include "capcat/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_export_usage[] =
	"usage: capcat export [TEXT...] [filters] [--format json|csv|html] [-o FILE [--force]]\n"
	"\n"
	"The selected photos as JSON (an array of photo objects), CSV (a row per photo,\n"
	"RFC 4180, UTF-8, with a header) or HTML (one self-contained contact sheet:\n"
	"thumbnails, captions, credits, dates and places, that also prints well).\n"
	"Without -o the export goes to standard output; -o writes FILE atomically and\n"
	"never replaces an existing file unless --force.\n"
	"\n"
	CLI_FILTERS_HELP
	"      --sort WAY          date (default), relevance or path\n"
	"      --title TEXT        the heading of the HTML page\n";

int cmd_export(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		CLI_FILTER_OPTIONS,
		{ "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' }, { "sort", required_argument, NULL, 's' },
		{ "title", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_atomic at;
	struct capcat_err err = { 0 };
	const char *format = "json", *output = NULL, *title = "capcat contact sheet";
	int64_t *ids = NULL;
	char *text = NULL;
	size_t n = 0;
	int c, force = 0, rc = CLI_OK;

	memset(&at, 0, sizeof(at));
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'F': force = 1; break;
		case 't': title = optarg; break;
		case 's':
			q.sort = !strcmp(optarg, "path") ? CAPCAT_SORT_PATH :
				 !strcmp(optarg, "relevance") ? CAPCAT_SORT_RELEVANCE : CAPCAT_SORT_DATE;
			break;
		default:
			if (c == '?' || c == ':' || (rc = cli_filter_option(&q, c, optarg, "export")) == -1)
				rc = cli_bad_option("export", argc, argv, c == -1 ? '?' : c);
			if (rc)
				goto cleanup;
		}
	}
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "html")) {
		rc = cli_usage_error("export", "--format is json, csv or html, not '%s'", format);
		goto cleanup;
	}
	if (cli_filter_text(&q, argc, argv, &text) || (rc = capcat_search(cli->cat, &q, &ids, &n, &err))) {
		rc = rc == CAPCAT_EUSAGE ? cli_usage_error("export", "%s", err.msg)
					 : cli_error("export", "%s", err.msg[0] ? err.msg : "out of memory");
		goto cleanup;
	}
	if (output && capcat_atomic_open(&at, output, force, &err)) {
		rc = cli_error(output, "%s", err.msg);
		goto cleanup;
	}
	if (capcat_export(cli->cat, ids, n, format, title, output ? at.file : stdout, &err) ||
	    (output && capcat_atomic_commit(&at, &err))) {
		rc = cli_error(output ? output : "export", "%s", err.msg);
		goto cleanup;
	}
	if (output && !cli->quiet)
		fprintf(stderr, "%zu photos written to %s\n", n, output);
cleanup:
	capcat_atomic_abort(&at);
	free(ids);
	free(text);
	return rc;
}
