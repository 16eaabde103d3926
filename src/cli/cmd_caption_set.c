/* cmd_caption_set.c - capcat caption set and caption import: user edits. */
#include "cli.h"
#include "capcat/buf.h"
#include "capcat/caption.h"
#include "capcat/codes.h"
#include "capcat/csv.h"
#include "capcat/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 64

struct edit {
	const char *text, *headline, *credit;
	const char *photographers[MAX_LIST], *persons[MAX_LIST], *places[MAX_LIST];
	size_t nphotographers, npersons, nplaces;
	struct capcat_credit parts;     /* --agency, --pool ... */
	int have_parts;
	enum capcat_credit_style style;
	struct capcat_codes *codes;
};

/* Expand =codes= when a code file was given; *out is malloc'd or NULL. */
static int expand(char **out, const struct edit *e, const char *text, struct capcat_err *err)
{
	*out = NULL;
	if (!text)
		return 0;
	if (!e->codes)
		return (*out = strdup(text)) ? 0 : capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	return capcat_codes_expand(out, e->codes, text, err);
}

/* The credit line of this edit: --credit as given, or the parts formatted
 * in the house style. */
static int credit_line(char **out, struct edit *e, struct capcat_err *err)
{
	char *names[MAX_LIST];
	int rc;

	*out = NULL;
	if (e->credit)
		return expand(out, e, e->credit, err);
	if (!e->have_parts)
		return 0;
	for (size_t i = 0; i < e->nphotographers; i++)
		names[i] = (char *)e->photographers[i];
	e->parts.photographers = names;
	e->parts.nphotographers = e->nphotographers;
	rc = capcat_credit_format(out, &e->parts, e->style, err);
	e->parts.photographers = NULL;
	e->parts.nphotographers = 0;
	return rc;
}

/* The caption to store: the text, with the credit in house style appended
 * when the text carries none of its own. */
static int caption_text(char **out, const struct edit *e, const char *text,
			const char *credit, struct capcat_err *err)
{
	struct capcat_caption cap;
	struct capcat_credit c;
	int rc;

	*out = NULL;
	if (!text)
		return 0;
	capcat_caption_init(&cap);
	capcat_credit_init(&c);
	rc = capcat_caption_parse(&cap, text, err);
	if (!rc && (!credit || !*text || cap.has_credit))
		rc = (*out = strdup(text)) ? 0 : capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	else if (!rc && !(rc = capcat_credit_parse(&c, credit, err)))
		rc = capcat_caption_format(out, text, &c, e->style, err);
	capcat_credit_release(&c);
	capcat_caption_release(&cap);
	return rc;
}

static int set_one_field(struct capcat_catalog *cat, int64_t id, enum capcat_field f,
			 const char *value, struct capcat_err *err)
{
	return value ? capcat_catalog_set_user(cat, id, f, &value, 1, err) : 0;
}

static int apply(struct capcat_catalog *cat, int64_t id, struct edit *e, struct capcat_err *err)
{
	char *text = NULL, *headline = NULL, *credit = NULL, *caption = NULL;
	int rc;

	if ((rc = expand(&text, e, e->text, err)) || (rc = expand(&headline, e, e->headline, err)) ||
	    (rc = credit_line(&credit, e, err)) ||
	    (rc = caption_text(&caption, e, text, credit, err)))
		goto cleanup;
	if ((rc = set_one_field(cat, id, CAPCAT_F_CAPTION, caption, err)) ||
	    (rc = set_one_field(cat, id, CAPCAT_F_HEADLINE, headline, err)) ||
	    (rc = set_one_field(cat, id, CAPCAT_F_CREDIT, credit, err)))
		goto cleanup;
	if (e->npersons && (rc = capcat_catalog_set_user(cat, id, CAPCAT_F_PERSON,
							 e->persons, e->npersons, err)))
		goto cleanup;
	if (e->nplaces && (rc = capcat_catalog_set_user(cat, id, CAPCAT_F_PLACE,
							e->places, e->nplaces, err)))
		goto cleanup;
	rc = capcat_catalog_refresh(cat, id, err);
cleanup:
	free(text);
	free(headline);
	free(credit);
	free(caption);
	return rc;
}

static int load_codes(struct edit *e, const char *file)
{
	struct capcat_buf data = CAPCAT_BUF_INIT;
	struct capcat_err err = { 0 };
	int rc = CLI_OK;

	if (capcat_read_small_file(&data, file, 16u << 20) != 0)
		rc = cli_error(file, "%s", strerror(errno));
	else if (capcat_codes_load(&e->codes, data.data, data.len, &err))
		rc = cli_error(file, "%s", err.msg);
	capcat_buf_release(&data);
	return rc;
}

static int add_to(const char **list, size_t *n, const char *v)
{
	if (*n == MAX_LIST)
		return cli_usage_error("caption", "at most %d values of one option", MAX_LIST);
	list[(*n)++] = v;
	return CLI_OK;
}

static int set_option(struct edit *e, int c, const char *arg)
{
	switch (c) {
	case 't': e->text = arg; break;
	case 'H': e->headline = arg; break;
	case 'c': e->credit = arg; break;
	case 'p': e->have_parts = 1; return add_to(e->photographers, &e->nphotographers, arg);
	case 'a': e->have_parts = 1; e->parts.agency = (char *)arg; break;
	case 'r': e->have_parts = 1; e->parts.provider = (char *)arg; break;
	case 'v': e->have_parts = 1; e->parts.via = (char *)arg; break;
	case 'P': e->have_parts = 1; e->parts.pool = 1; break;
	case 'h': e->have_parts = 1; e->parts.handout = 1; e->parts.issuer = (char *)arg; break;
	case 'f': e->have_parts = 1; e->parts.file = 1; break;
	case 'n': return add_to(e->persons, &e->npersons, arg);
	case 'l': return add_to(e->places, &e->nplaces, arg);
	case 's':
		if (capcat_credit_style_from_name(&e->style, arg))
			return cli_usage_error("caption", "no style '%s' (article, ap, afp, reuters, getty)", arg);
		break;
	case 'C': return load_codes(e, arg);
	default: return CLI_USAGE;
	}
	return CLI_OK;
}

static int apply_all(struct cli *cli, struct edit *e, char **photos, int n)
{
	struct capcat_err err = { 0 };
	int rc = 0;

	if (capcat_catalog_begin(cli->cat, &err))
		return cli_error("caption set", "%s", err.msg);
	for (int i = 0; i < n && !rc; i++) {
		int64_t id;
		if ((rc = capcat_catalog_resolve(cli->cat, photos[i], &id, &err)) ||
		    (rc = apply(cli->cat, id, e, &err)))
			cli_error(photos[i], "%s", err.msg);
	}
	/* all the photos or none: a typo in the last path changes nothing */
	if (!rc && capcat_catalog_commit(cli->cat, &err))
		rc = cli_error("caption set", "%s", err.msg);
	if (rc)
		capcat_catalog_rollback(cli->cat);
	return rc ? CLI_FAILED : CLI_OK;
}

int cmd_caption_set(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "text", required_argument, NULL, 't' }, { "headline", required_argument, NULL, 'H' },
		{ "credit", required_argument, NULL, 'c' },
		{ "photographer", required_argument, NULL, 'p' },
		{ "agency", required_argument, NULL, 'a' }, { "provider", required_argument, NULL, 'r' },
		{ "via", required_argument, NULL, 'v' }, { "pool", no_argument, NULL, 'P' },
		{ "handout", required_argument, NULL, 'h' }, { "file", no_argument, NULL, 'f' },
		{ "person", required_argument, NULL, 'n' }, { "place", required_argument, NULL, 'l' },
		{ "style", required_argument, NULL, 's' }, { "codes", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct edit e;
	int c, rc = CLI_OK;

	memset(&e, 0, sizeof(e));
	capcat_credit_init(&e.parts);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			rc = cli_bad_option("caption", argc, argv, c);
			goto cleanup;
		}
		if ((rc = set_option(&e, c, optarg)))
			goto cleanup;
	}
	if (e.credit && e.have_parts)
		rc = cli_usage_error("caption", "--credit LINE or its parts, not both");
	else if (optind == argc)
		rc = cli_usage_error("caption", "no PHOTO given");
	else if (!e.text && !e.headline && !e.credit && !e.have_parts && !e.npersons && !e.nplaces)
		rc = cli_usage_error("caption", "nothing to set: --text, --headline, --credit ...");
	else
		rc = apply_all(cli, &e, argv + optind, argc - optind);
cleanup:
	capcat_codes_free(e.codes);
	return rc;
}

/* ---- caption import FILE.csv ---- */

enum { COL_PATH, COL_CAPTION, COL_CREDIT, COL_HEADLINE, COL_PEOPLE, COL_PLACES, NCOLS };

static const char *const col_names[NCOLS] = {
	"path", "caption", "credit", "headline", "people", "places",
};

static const char *cell(const struct capcat_csv_row *r, int col)
{
	return col >= 0 && (size_t)col < r->n && r->fields[col][0] ? r->fields[col] : NULL;
}

/* "A; B;C" -> list (pointers into 'buf', which is modified). */
static void split_list(char *buf, const char **list, size_t *n)
{
	*n = 0;
	for (char *s = buf; s && *n < MAX_LIST;) {
		char *semi = strchr(s, ';');
		if (semi)
			*semi = '\0';
		while (*s == ' ')
			s++;
		if (*s)
			list[(*n)++] = s;
		s = semi ? semi + 1 : NULL;
	}
}

static int import_row(struct capcat_catalog *cat, const struct capcat_csv_row *r,
		      const int *cols, int64_t id, struct capcat_err *err)
{
	struct edit e;
	char *people = NULL, *places = NULL;
	int rc;

	memset(&e, 0, sizeof(e));
	capcat_credit_init(&e.parts);
	e.text = cell(r, cols[COL_CAPTION]);
	e.credit = cell(r, cols[COL_CREDIT]);
	e.headline = cell(r, cols[COL_HEADLINE]);
	if (cell(r, cols[COL_PEOPLE]) && !(people = strdup(cell(r, cols[COL_PEOPLE]))))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	if (cell(r, cols[COL_PLACES]) && !(places = strdup(cell(r, cols[COL_PLACES])))) {
		free(people);
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	}
	if (people)
		split_list(people, e.persons, &e.npersons);
	if (places)
		split_list(places, e.places, &e.nplaces);
	rc = apply(cat, id, &e, err);
	free(people);
	free(places);
	return rc;
}

/* Check every row and find its photo before anything is written. */
static int import_check(struct cli *cli, const char *file, const struct capcat_csv *t,
			int *cols, int64_t *ids)
{
	struct capcat_err err = { 0 };

	for (int c = 0; c < NCOLS; c++)
		cols[c] = capcat_csv_column(t, col_names[c]);
	if (cols[COL_PATH] < 0)
		return cli_error(file, "line 1: no 'path' column in the header");
	for (size_t i = 1; i < t->n; i++) {
		const struct capcat_csv_row *r = &t->rows[i];
		if (r->n > t->rows[0].n)
			return cli_error(file, "line %zu: %zu fields, the header has %zu", r->line,
					 r->n, t->rows[0].n);
		if (!cell(r, cols[COL_PATH]))
			return cli_error(file, "line %zu: no path", r->line);
		if (capcat_catalog_resolve(cli->cat, cell(r, cols[COL_PATH]), &ids[i], &err))
			return cli_error(file, "line %zu: '%s': %s", r->line, cell(r, cols[COL_PATH]),
					 err.msg);
	}
	return CLI_OK;
}

static int import_table(struct cli *cli, const char *file, const struct capcat_csv *t)
{
	struct capcat_err err = { 0 };
	int cols[NCOLS];
	int64_t *ids = calloc(t->n ? t->n : 1, sizeof(*ids));
	int rc;

	if (!ids)
		return cli_error(file, "out of memory");
	rc = import_check(cli, file, t, cols, ids);
	if (!rc && capcat_catalog_begin(cli->cat, &err))
		rc = cli_error(file, "%s", err.msg);
	for (size_t i = 1; !rc && i < t->n; i++)
		if (import_row(cli->cat, &t->rows[i], cols, ids[i], &err))
			rc = cli_error(file, "line %zu: %s", t->rows[i].line, err.msg);
	if (!rc && capcat_catalog_commit(cli->cat, &err))
		rc = cli_error(file, "%s", err.msg);
	if (rc)
		capcat_catalog_rollback(cli->cat);
	else
		printf("%zu photos updated from %s\n", t->n ? t->n - 1 : 0, file);
	free(ids);
	return rc;
}

int cmd_caption_import(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = { { NULL, 0, NULL, 0 } };
	struct capcat_buf data = CAPCAT_BUF_INIT;
	struct capcat_csv t;
	struct capcat_err err = { 0 };
	int c, rc;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
		return cli_bad_option("caption", argc, argv, c);
	if (argc - optind != 1)
		return cli_usage_error("caption", "caption import takes one FILE.csv");
	capcat_csv_init(&t);
	if (capcat_read_small_file(&data, argv[optind], 256u << 20) != 0)
		rc = cli_error(argv[optind], "%s", strerror(errno));
	else if (capcat_csv_parse(&t, data.data, data.len, &err))
		rc = cli_error(argv[optind], "%s", err.msg);
	else
		rc = import_table(cli, argv[optind], &t);
	capcat_csv_release(&t);
	capcat_buf_release(&data);
	return rc;
}
