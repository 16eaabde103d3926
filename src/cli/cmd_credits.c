/* cmd_credits.c - capcat credits [filters] */
#include "filters.h"
#include "capcat/credits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_credits_usage[] =
	"usage: capcat credits [TEXT...] [filters] [--format text|markdown|csv|json]\n"
	"\n"
	"Who to credit for the selected photos, grouped by agency, then photographer,\n"
	"with the number of photos and pool, handout and file flags; photos with no\n"
	"credit are listed apart.  text (the default) is a paragraph ready to paste:\n"
	"  AFP: Murtada AL-SUDANI (pool), SAFIN HAMED; Iraqi Presidency Media Office\n"
	"  (handout). AP: Hadi Mizban (file).\n"
	"\n"
	CLI_FILTERS_HELP;

int cmd_credits(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		CLI_FILTER_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_credit_list l;
	struct capcat_buf out = CAPCAT_BUF_INIT;
	struct capcat_err err = { 0 };
	const char *format = "text";
	char *text = NULL;
	int c, rc = CLI_OK;

	capcat_credit_list_init(&l);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'f') {
			format = optarg;
			continue;
		}
		if (c == '?' || c == ':' || (rc = cli_filter_option(&q, c, optarg, "credits")) == -1)
			rc = cli_bad_option("credits", argc, argv, c == -1 ? '?' : c);
		if (rc)
			goto cleanup;
	}
	if (strcmp(format, "text") && strcmp(format, "markdown") && strcmp(format, "csv") &&
	    strcmp(format, "json")) {
		rc = cli_usage_error("credits", "--format is text, markdown, csv or json, not '%s'", format);
		goto cleanup;
	}
	if (cli_filter_text(&q, argc, argv, &text)) {
		rc = cli_error("credits", "out of memory");
		goto cleanup;
	}
	if ((rc = capcat_credits(cli->cat, &q, &l, &err))) {
		rc = rc == CAPCAT_EUSAGE ? cli_usage_error("credits", "%s", err.msg)
					 : cli_error("credits", "%s", err.msg);
		goto cleanup;
	}
	capcat_credits_format(&out, &l, format, &err);
	/* no photo selected: the text has nothing to say and 'out' never grew */
	if (out.len)
		fputs(out.data, stdout);
cleanup:
	capcat_buf_release(&out);
	capcat_credit_list_release(&l);
	free(text);
	return rc;
}
