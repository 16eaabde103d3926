/* cmd_caption.c - capcat caption parse|set|import|write */
#include "cli.h"
#include "capcat/buf.h"
#include "capcat/caption.h"
#include "capcat/json.h"
#include "capcat/places.h"
#include "capcat/understand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_caption_usage[] =
	"usage: capcat caption parse [--json] [TEXT... | -]\n"
	"       capcat caption set PHOTO... [--text TEXT] [--headline TEXT]\n"
	"                          [--credit LINE | --photographer NAME... [--agency NAME]\n"
	"                           [--provider NAME] [--pool] [--handout ISSUER] [--file]\n"
	"                           [--via NAME] [--style STYLE]] [--person NAME...]\n"
	"                          [--place TEXT...] [--codes FILE]\n"
	"       capcat caption import FILE.csv\n"
	"       capcat caption write [--naming full|base] PHOTO...\n"
	"       capcat caption write --embed PHOTO...\n"
	"\n"
	"parse   split captions given as arguments, or one per line on stdin with '-',\n"
	"        into prefix, text and credit (photographers, agency, provider, via,\n"
	"        pool, handout and issuer, file); --json prints one object per line\n"
	"set     attach a caption, headline and credit to photos in the catalog; the\n"
	"        credit is a line (--credit, parsed) or its parts, written in a house\n"
	"        style: article (default), ap, afp, reuters, getty.  --codes FILE\n"
	"        expands =code= replacements (Photo Mechanic format).  Edits are kept\n"
	"        apart from what the files say, win over it, and survive re-import\n"
	"import  captions from CSV with a header row: path, caption, credit,\n"
	"        headline, people, places (';' between several); all or nothing\n"
	"write   write the catalog's caption, credit, people and places to an XMP\n"
	"        sidecar next to each photo (an existing one is updated, its other\n"
	"        properties kept), the photo untouched.  --naming full writes\n"
	"        IMG_1.jpg.xmp, base IMG_1.xmp; default: the existing sidecar, else\n"
	"        full.  --embed writes them into the JPEG itself instead, as\n"
	"        ExifTool and Photo Mechanic do: its XMP and its IPTC-IIM (UTF-8;\n"
	"        values cut to the IIM byte limits, whole in XMP) with the IPTC\n"
	"        digest in step; every other byte of the photo is kept, the file is\n"
	"        replaced atomically, and the catalog reads it again.  A photo that\n"
	"        is not a JPEG, is damaged, or whose XMP would outgrow one segment\n"
	"        is left as it is\n";

int cmd_caption_set(int argc, char **argv, struct cli *cli);
int cmd_caption_import(int argc, char **argv, struct cli *cli);
int cmd_caption_write(int argc, char **argv, struct cli *cli);

static void print_credit_text(const struct capcat_credit *c)
{
	printf("credit       %s\n", c->line ? c->line : "");
	for (size_t i = 0; i < c->nphotographers; i++)
		printf("photographer %s\n", c->photographers[i]);
	if (c->agency)
		printf("agency       %s\n", c->agency);
	if (c->provider)
		printf("provider     %s\n", c->provider);
	if (c->via)
		printf("via          %s\n", c->via);
	if (c->issuer)
		printf("issuer       %s\n", c->issuer);
	if (c->pool || c->handout || c->file || c->illustration || c->anonymous)
		printf("flags       %s%s%s%s%s\n", c->pool ? " pool" : "", c->handout ? " handout" : "",
		       c->file ? " file" : "", c->illustration ? " illustration" : "",
		       c->anonymous ? " stringer" : "");
}

static void print_understood_text(const struct capcat_understood *u)
{
	for (size_t i = 0; i < u->npeople; i++)
		printf("person       %s%s%s%s\n", u->people[i].name, u->people[i].position ? " (" : "",
		       u->people[i].position ? u->people[i].position : "",
		       u->people[i].position ? ")" : "");
	for (size_t i = 0; i < u->nplaces; i++) {
		const struct capcat_place_mention *m = &u->places[i];
		printf("place        %s", m->place.name ? m->place.name : m->text);
		if (m->place.region && (!m->place.name || strcmp(m->place.region, m->place.name)))
			printf(", %s", m->place.region);
		if (m->place.country && (!m->place.name || strcmp(m->place.country, m->place.name)))
			printf(", %s", m->place.country);
		if (m->place.name && m->text && strcmp(m->text, m->place.name))
			printf(" (as \"%s\")", m->text);
		printf("\n");
	}
	if (u->date[0])
		printf("date         %s\n", u->date);
}

/* The gazetteer for the people and places of parsed captions; opened on
 * first use, NULL (places as written) when it cannot be. */
static struct capcat_places *parse_places;
static int parse_places_failed;

static struct capcat_places *gazetteer(void)
{
	struct capcat_err err = { 0 };

	if (!parse_places && !parse_places_failed && capcat_places_open(&parse_places, &err)) {
		cli_error("gazetteer", "%s", err.msg);
		parse_places_failed = 1;
	}
	return parse_places;
}

static int parse_one(const char *text, int json)
{
	struct capcat_caption cap;
	struct capcat_understood u;
	struct capcat_places *pl = gazetteer();
	struct capcat_gazetteer_cb gz = { capcat_places_lookup_cb, pl };
	struct capcat_buf out = CAPCAT_BUF_INIT;
	struct capcat_err err = { 0 };
	int rc = CLI_OK;

	capcat_caption_init(&cap);
	capcat_understood_init(&u);
	if (capcat_caption_parse(&cap, text, &err) ||
	    capcat_understand(&u, &cap, NULL, pl ? &gz : NULL, &err)) {
		rc = cli_error("caption parse", "%s", err.msg);
	} else if (json) {
		if (capcat_json_caption(&out, &cap, &u))
			rc = cli_error("caption parse", "out of memory");
		else
			printf("%s\n", out.data);
	} else {
		if (cap.prefix)
			printf("prefix       %s\n", cap.prefix);
		printf("text         %s\n", cap.text ? cap.text : "");
		if (cap.instructions)
			printf("instructions %s\n", cap.instructions);
		if (cap.has_credit)
			print_credit_text(&cap.credit);
		else
			printf("credit       (none)\n");
		print_understood_text(&u);
		printf("\n");
	}
	capcat_buf_release(&out);
	capcat_understood_release(&u);
	capcat_caption_release(&cap);
	return rc;
}

static int parse_stdin(int json)
{
	struct capcat_buf line = CAPCAT_BUF_INIT;
	int c, rc = CLI_OK;

	while ((c = getchar()) != EOF || line.len) {
		if (c != '\n' && c != EOF) {
			if (capcat_buf_addch(&line, (char)c)) {
				rc = cli_error("caption parse", "out of memory");
				break;
			}
			continue;
		}
		if (line.len && line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (line.len && parse_one(line.data, json))
			rc = CLI_FAILED;
		capcat_buf_reset(&line);
		if (c == EOF)
			break;
	}
	capcat_buf_release(&line);
	return rc;
}

static int cmd_caption_parse(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	int c, json = 0, rc = CLI_OK;

	(void)cli;
	while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		if (c != 'J')
			return cli_bad_option("caption", argc, argv, c);
		json = 1;
	}
	if (optind == argc || (argc - optind == 1 && !strcmp(argv[optind], "-"))) {
		rc = parse_stdin(json);
	} else {
		for (int i = optind; i < argc; i++)
			if (parse_one(argv[i], json))
				rc = CLI_FAILED;
	}
	capcat_places_close(parse_places);
	parse_places = NULL;
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli *cli);
	int needs_db;
} subcmds[] = {
	{ "import", cmd_caption_import, 1 },
	{ "parse", cmd_caption_parse, 0 },
	{ "set", cmd_caption_set, 1 },
	{ "write", cmd_caption_write, 1 },
};

int cmd_caption(int argc, char **argv, struct cli *cli)
{
	if (argc < 2)
		return cli_usage_error("caption", "which one: parse, set, import or write?");
	for (size_t i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++) {
		if (strcmp(argv[1], subcmds[i].name))
			continue;
		if (subcmds[i].needs_db && cli_open_catalog(cli))
			return CLI_FAILED;
		cli_getopt_reset();
		return subcmds[i].fn(argc - 1, argv + 1, cli);
	}
	return cli_usage_error("caption", "no such subcommand '%s'", argv[1]);
}
