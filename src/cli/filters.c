/* filters.c - the search filters every selecting command takes (search,
 * the facets, credits, export). */
#include "filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_filter_option(struct capcat_query *q, int c, const char *arg, const char *cmd)
{
	struct capcat_err err = { 0 };
	int rc = 0;

	switch (c) {
	case CLI_OPT_PERSON: q->person = arg; break;
	case CLI_OPT_PLACE: q->place = arg; break;
	case CLI_OPT_AGENCY: q->agency = arg; break;
	case CLI_OPT_PHOTOGRAPHER: q->photographer = arg; break;
	case CLI_OPT_CAMERA: q->camera = arg; break;
	case CLI_OPT_DATE: rc = capcat_query_date(q, arg, &err); break;
	case CLI_OPT_FROM: rc = capcat_query_from(q, arg, &err); break;
	case CLI_OPT_TO: rc = capcat_query_to(q, arg, &err); break;
	case CLI_OPT_NEAR: rc = capcat_query_near(q, arg, &err); break;
	case CLI_OPT_MISSING: rc = capcat_query_missing(q, arg, &err); break;
	default: return -1;
	}
	return rc ? cli_usage_error(cmd, "%s", err.msg) : CLI_OK;
}

/* The words left after the options, joined: the text query. */
int cli_filter_text(struct capcat_query *q, int argc, char **argv, char **owned)
{
	size_t len = 0;
	char *s;

	*owned = NULL;
	if (optind >= argc)
		return 0;
	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(s = malloc(len)))
		return -1;
	s[0] = '\0';
	for (int i = optind; i < argc; i++) {
		strcat(s, argv[i]);
		if (i + 1 < argc)
			strcat(s, " ");
	}
	q->text = s;
	*owned = s;
	return 0;
}
