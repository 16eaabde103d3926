/* filters.h - search filters shared by the selecting commands. */
#ifndef CAPCAT_CLI_FILTERS_H
#define CAPCAT_CLI_FILTERS_H

#include "cli.h"
#include "capcat/search.h"

enum {
	CLI_OPT_PERSON = 1000, CLI_OPT_PLACE, CLI_OPT_DATE, CLI_OPT_FROM, CLI_OPT_TO,
	CLI_OPT_AGENCY, CLI_OPT_PHOTOGRAPHER, CLI_OPT_CAMERA, CLI_OPT_NEAR, CLI_OPT_MISSING
};

/* Entries for a getopt_long table. */
#define CLI_FILTER_OPTIONS \
	{ "person", required_argument, NULL, CLI_OPT_PERSON }, \
	{ "place", required_argument, NULL, CLI_OPT_PLACE }, \
	{ "date", required_argument, NULL, CLI_OPT_DATE }, \
	{ "from", required_argument, NULL, CLI_OPT_FROM }, \
	{ "to", required_argument, NULL, CLI_OPT_TO }, \
	{ "agency", required_argument, NULL, CLI_OPT_AGENCY }, \
	{ "photographer", required_argument, NULL, CLI_OPT_PHOTOGRAPHER }, \
	{ "camera", required_argument, NULL, CLI_OPT_CAMERA }, \
	{ "near", required_argument, NULL, CLI_OPT_NEAR }, \
	{ "missing", required_argument, NULL, CLI_OPT_MISSING }

#define CLI_FILTERS_HELP \
	"Filters (all must hold):\n" \
	"  TEXT...                 words in caption, headline, keywords, people, places,\n" \
	"                          credit: \"exact phrase\", prefix*, OR, NOT\n" \
	"      --person NAME       someone in the photo (\"Pezeshkian\" finds Masoud Pezeshkian)\n" \
	"      --place NAME        a city, region or country, by any of its names; a country\n" \
	"                          takes in its regions and cities; \"Tripoli, Lebanon\"\n" \
	"      --date D            2024, 2024-09 or 2024-09-11 (taken, or the caption's date)\n" \
	"      --from D, --to D    a date range, both ends included\n" \
	"      --agency NAME       AFP, AP, Reuters ... (also as provider or via)\n" \
	"      --photographer NAME\n" \
	"      --camera TEXT       in make or model\n" \
	"      --near LAT,LON[,KM] taken within KM (default 10) of a point\n" \
	"      --missing WHAT      caption, credit, place, date or people (repeatable)\n"


/* Apply filter option 'c'; -1 if 'c' is not a filter option, CLI_USAGE for
 * a bad value (message printed), else CLI_OK. */
int cli_filter_option(struct capcat_query *q, int c, const char *arg, const char *cmd);
/* The remaining arguments, joined, as the text query (*owned to free). */
int cli_filter_text(struct capcat_query *q, int argc, char **argv, char **owned);

#endif
