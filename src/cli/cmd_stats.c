/* cmd_stats.c - capcat stats */
#include "cli.h"
#include "capcat/buf.h"

#include <stdio.h>

const char cmd_stats_usage[] =
	"usage: capcat stats [--json]\n"
	"\n"
	"The catalog in numbers: photos, missing files, formats, cameras, dates.\n"
	"\n"
	"      --json   print the numbers as one JSON object\n";

static void print_json(const struct capcat_stats *s)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;

	capcat_buf_printf(&b, "{\"schema_version\": %d, \"photos\": %lld, \"missing\": %lld, "
			  "\"folders\": %lld, \"bytes\": %lld, \"with_date\": %lld, "
			  "\"with_gps\": %lld, \"with_thumbnail\": %lld, \"with_warnings\": %lld, ",
			  s->schema_version, (long long)s->photos, (long long)s->missing,
			  (long long)s->folders, (long long)s->bytes, (long long)s->with_date,
			  (long long)s->with_gps, (long long)s->with_thumb,
			  (long long)s->with_warnings);
	capcat_buf_adds(&b, "\"first_taken\": ");
	capcat_buf_json_str(&b, s->first_taken);
	capcat_buf_adds(&b, ", \"last_taken\": ");
	capcat_buf_json_str(&b, s->last_taken);
	capcat_buf_adds(&b, ", \"types\": {");
	for (size_t i = 0; i < s->nmime; i++) {
		capcat_buf_adds(&b, i ? ", " : "");
		capcat_buf_json_str(&b, s->by_mime[i].name);
		capcat_buf_printf(&b, ": %lld", (long long)s->by_mime[i].n);
	}
	capcat_buf_adds(&b, "}, \"makes\": {");
	for (size_t i = 0; i < s->nmake; i++) {
		capcat_buf_adds(&b, i ? ", " : "");
		capcat_buf_json_str(&b, s->by_make[i].name);
		capcat_buf_printf(&b, ": %lld", (long long)s->by_make[i].n);
	}
	capcat_buf_adds(&b, "}}");
	printf("%s\n", b.data);
	capcat_buf_release(&b);
}

static void print_text(const struct capcat_stats *s)
{
	printf("photos      %lld (%lld missing)\n", (long long)s->photos + s->missing,
	       (long long)s->missing);
	printf("folders     %lld\n", (long long)s->folders);
	printf("bytes       %lld\n", (long long)s->bytes);
	printf("with date   %lld\n", (long long)s->with_date);
	printf("with GPS    %lld\n", (long long)s->with_gps);
	printf("thumbnails  %lld\n", (long long)s->with_thumb);
	printf("warnings    %lld\n", (long long)s->with_warnings);
	if (s->first_taken)
		printf("taken       %s .. %s\n", s->first_taken, s->last_taken);
	printf("types\n");
	for (size_t i = 0; i < s->nmime; i++)
		printf("  %-24s %lld\n", s->by_mime[i].name, (long long)s->by_mime[i].n);
	if (s->nmake)
		printf("makes\n");
	for (size_t i = 0; i < s->nmake; i++)
		printf("  %-24s %lld\n", s->by_make[i].name, (long long)s->by_make[i].n);
}

int cmd_stats(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	struct capcat_stats st;
	struct capcat_err err = { 0 };
	int c, json = 0;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'J')
			return cli_bad_option("stats", argc, argv, c);
		json = 1;
	}
	if (optind != argc)
		return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
	if (capcat_catalog_stats(cli->cat, &st, &err)) {
		capcat_stats_release(&st);
		return cli_error("stats", "%s", err.msg);
	}
	if (json)
		print_json(&st);
	else
		print_text(&st);
	capcat_stats_release(&st);
	return CLI_OK;
}
