/* cmd_search.c - capcat search, and the facets people, places, agencies. */
#include "filters.h"
#include "capcat/buf.h"
#include "capcat/csv.h"
#include "capcat/describe.h"
#include "capcat/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_search_usage[] =
	"usage: capcat search [TEXT...] [filters] [--sort date|relevance|path] [--limit N]\n"
	"                     [--format table|json|csv|paths]\n"
	"\n"
	"\n"
	"Find photos.\n"
	"\n"
	CLI_FILTERS_HELP
	"\n"
	"      --sort WAY          date (default), relevance (with TEXT) or path\n"
	"      --limit N           at most N photos\n"
	"      --format F          table (default), json (an array of photo objects),\n"
	"                          csv, paths (one per line)\n";
const char cmd_facet_usage[] =
	"usage: capcat people|places|agencies [TEXT...] [filters] [--limit N] [--json]\n"
	"\n"
	"Who, where and which agencies, with the number of photos, most first.\n"
	"\n"
	CLI_FILTERS_HELP
	"\n"
	"      --limit N           the first N\n"
	"      --json              one JSON array of {\"name\", \"photos\"}\n";

enum fmt { FMT_TABLE, FMT_JSON, FMT_CSV, FMT_PATHS };

/* At most 'cols' code points of 's' (UTF-8), on one line. */
static void cell(const char *s, int cols)
{
	int n = 0;

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && n < cols; p++) {
		if ((*p & 0xC0) == 0x80) {
			putchar(*p);
			continue;
		}
		if (n == cols - 1 && strlen((const char *)p) > 1) {
			fputs("…", stdout);
			n++;
			break;
		}
		putchar(*p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p);
		n++;
	}
	for (; n < cols; n++)
		putchar(' ');
}

static const char *credit_short(const struct capcat_record *r, char *buf, size_t n)
{
	if (!r->has_credit)
		return "";
	snprintf(buf, n, "%s%s%s", r->credit.nphotographers ? r->credit.photographers[0] : "",
		 r->credit.nphotographers && r->credit.agency ? " / " : "",
		 r->credit.agency ? r->credit.agency : r->credit.issuer ? r->credit.issuer : "");
	return buf;
}

static void print_row(const struct capcat_record *r, enum fmt fmt, int first)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;
	const char *caption = capcat_describe_caption(&r->fields);
	char tmp[256];

	switch (fmt) {
	case FMT_PATHS:
		printf("%s\n", r->ph.path);
		break;
	case FMT_JSON:
		capcat_json_photo(&b, r);
		printf("%s%s", first ? "[\n" : ",\n", b.data);
		break;
	case FMT_CSV:
		capcat_buf_printf(&b, "%lld,", (long long)r->id);
		capcat_csv_quote(&b, r->ph.path);
		capcat_buf_addch(&b, ',');
		capcat_csv_quote(&b, r->ph.taken ? r->ph.taken : r->caption_date);
		capcat_buf_addch(&b, ',');
		capcat_csv_quote(&b, r->nplaces ? r->places[0].name : "");
		capcat_buf_addch(&b, ',');
		capcat_csv_quote(&b, r->has_credit ? r->credit.line : "");
		capcat_buf_addch(&b, ',');
		capcat_csv_quote(&b, caption);
		printf("%s\r\n", b.data);
		break;
	default:
		printf("%6lld  ", (long long)r->id);
		printf("%-10.10s", r->ph.taken ? r->ph.taken : r->caption_date ? r->caption_date : "");
		printf("  ");
		cell(r->nplaces ? r->places[0].name : "", 14);
		printf("  ");
		cell(credit_short(r, tmp, sizeof(tmp)), 28);
		printf("  ");
		cell(caption ? caption : r->ph.path, 60);
		printf("\n");
	}
	capcat_buf_release(&b);
}

static int print_results(struct cli *cli, const int64_t *ids, size_t n, enum fmt fmt)
{
	struct capcat_record rec;
	struct capcat_err err = { 0 };
	int rc = CLI_OK;

	if (fmt == FMT_CSV)
		printf("id,path,date,place,credit,caption\r\n");
	capcat_record_init(&rec);
	for (size_t i = 0; i < n && !rc; i++) {
		if (capcat_catalog_get(cli->cat, ids[i], &rec, &err))
			rc = cli_error("search", "%s", err.msg);
		else
			print_row(&rec, fmt, i == 0);
	}
	capcat_record_release(&rec);
	if (fmt == FMT_JSON)
		printf(n ? "\n]\n" : "[]\n");
	return rc;
}

static int parse_common(int c, const char *arg, struct capcat_query *q, enum fmt *fmt,
			const char *cmd)
{
	int rc = cli_filter_option(q, c, arg, cmd);

	if (rc != -1)
		return rc;
	switch (c) {
	case 'l':
		if ((q->limit = cli_parse_count(arg)) < 0)
			return cli_usage_error(cmd, "--limit wants a positive number, not '%s'", arg);
		return CLI_OK;
	case 's':
		if (!strcmp(arg, "date")) q->sort = CAPCAT_SORT_DATE;
		else if (!strcmp(arg, "relevance")) q->sort = CAPCAT_SORT_RELEVANCE;
		else if (!strcmp(arg, "path")) q->sort = CAPCAT_SORT_PATH;
		else return cli_usage_error(cmd, "--sort is date, relevance or path, not '%s'", arg);
		return CLI_OK;
	case 'f':
		if (!strcmp(arg, "table")) *fmt = FMT_TABLE;
		else if (!strcmp(arg, "json")) *fmt = FMT_JSON;
		else if (!strcmp(arg, "csv")) *fmt = FMT_CSV;
		else if (!strcmp(arg, "paths")) *fmt = FMT_PATHS;
		else return cli_usage_error(cmd, "--format is table, json, csv or paths, not '%s'", arg);
		return CLI_OK;
	case 'J':
		*fmt = FMT_JSON;
		return CLI_OK;
	default:
		return -1;
	}
}

/* Options and text of a selecting command into 'q'. */
static int parse_query(int argc, char **argv, struct capcat_query *q, enum fmt *fmt,
		       char **text, const char *cmd)
{
	static const struct option longopts[] = {
		CLI_FILTER_OPTIONS,
		{ "limit", required_argument, NULL, 'l' }, { "sort", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' }, { "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return cli_bad_option(cmd, argc, argv, c);
		if ((rc = parse_common(c, optarg, q, fmt, cmd)))
			return rc == -1 ? cli_bad_option(cmd, argc, argv, '?') : rc;
	}
	if (cli_filter_text(q, argc, argv, text))
		return cli_error(cmd, "out of memory");
	return CLI_OK;
}

int cmd_search(int argc, char **argv, struct cli *cli)
{
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_err err = { 0 };
	enum fmt fmt = FMT_TABLE;
	int64_t *ids = NULL;
	char *text = NULL;
	size_t n = 0;
	int rc;

	if ((rc = parse_query(argc, argv, &q, &fmt, &text, "search")))
		goto cleanup;
	if ((rc = capcat_search(cli->cat, &q, &ids, &n, &err))) {
		rc = rc == CAPCAT_EUSAGE ? cli_usage_error("search", "%s", err.msg)
					 : cli_error("search", "%s", err.msg);
		goto cleanup;
	}
	rc = print_results(cli, ids, n, fmt);
cleanup:
	free(ids);
	free(text);
	return rc;
}

int cmd_facet(int argc, char **argv, struct cli *cli)
{
	struct capcat_query q = CAPCAT_QUERY_INIT;
	struct capcat_err err = { 0 };
	struct capcat_facet *f = NULL;
	enum fmt fmt = FMT_TABLE;
	const char *kind = argv[0];
	char *text = NULL;
	size_t n = 0;
	int rc;

	if ((rc = parse_query(argc, argv, &q, &fmt, &text, kind)))
		goto cleanup;
	if ((rc = capcat_facets(cli->cat, kind, &q, &f, &n, &err))) {
		rc = rc == CAPCAT_EUSAGE ? cli_usage_error(kind, "%s", err.msg)
					 : cli_error(kind, "%s", err.msg);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (fmt == FMT_JSON) {
			struct capcat_buf b = CAPCAT_BUF_INIT;
			capcat_buf_json_str(&b, f[i].name);
			printf("%s{\"name\": %s, \"photos\": %lld}", i ? ",\n" : "[\n", b.data,
			       (long long)f[i].photos);
			capcat_buf_release(&b);
		} else {
			printf("%6lld  %s\n", (long long)f[i].photos, f[i].name);
		}
	}
	if (fmt == FMT_JSON)
		printf(n ? "\n]\n" : "[]\n");
cleanup:
	capcat_facets_free(f, n);
	free(text);
	return rc;
}
