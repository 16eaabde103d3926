/* cmd_caption_write.c - capcat caption write: XMP sidecars from the
 * catalog, or with --embed the XMP and IPTC inside the JPEGs themselves. */
#include "cli.h"
#include "capcat/buf.h"
#include "capcat/embed.h"
#include "capcat/import.h"
#include "capcat/read.h"
#include "capcat/sidecar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum naming { NAMING_AUTO, NAMING_FULL, NAMING_BASE };

/* IMG_1.jpg -> IMG_1.jpg.xmp (full) or IMG_1.xmp (base); auto takes the
 * one that exists, else full. */
static int sidecar_path(struct capcat_buf *out, const char *photo, enum naming naming)
{
	const char *slash = strrchr(photo, '/'), *dot = strrchr(photo, '.');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - photo) : strlen(photo);
	struct stat st;
	int rc = 0;

	capcat_buf_reset(out);
	if (naming == NAMING_AUTO) {
		rc |= capcat_buf_add(out, photo, stem);
		rc |= capcat_buf_adds(out, ".xmp");
		if (!rc && stat(out->data, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
		capcat_buf_reset(out);
	}
	rc |= capcat_buf_add(out, photo, naming == NAMING_BASE ? stem : strlen(photo));
	rc |= capcat_buf_adds(out, ".xmp");
	return rc;
}

/* The values to write: the effective fields, the credit line that counts,
 * and its photographers as creators when the photo names none. */
static int sidecar_values(struct capcat_meta *out, const struct capcat_record *rec)
{
	int has_creator = 0, rc = 0;

	for (size_t i = 0; i < rec->fields.n && !rc; i++) {
		const struct capcat_meta_value *v = &rec->fields.v[i];
		if (v->field == CAPCAT_F_CREDIT && rec->has_credit)
			continue;
		has_creator |= v->field == CAPCAT_F_CREATOR;
		rc = capcat_meta_add(out, v->field, CAPCAT_SRC_USER, v->value, strlen(v->value));
	}
	if (!rc && rec->has_credit && rec->credit.line)
		rc = capcat_meta_add(out, CAPCAT_F_CREDIT, CAPCAT_SRC_USER, rec->credit.line,
				     strlen(rec->credit.line));
	for (size_t i = 0; !rc && !has_creator && i < rec->credit.nphotographers; i++)
		rc = capcat_meta_add(out, CAPCAT_F_CREATOR, CAPCAT_SRC_USER,
				     rec->credit.photographers[i], strlen(rec->credit.photographers[i]));
	return rc;
}

/* The catalog's record of 'photo' and the values to write from it. */
static int load(struct cli *cli, const char *photo, struct capcat_record *rec,
		struct capcat_meta *m)
{
	struct capcat_err err = { 0 };
	int64_t id;

	if (capcat_catalog_resolve(cli->cat, photo, &id, &err) ||
	    capcat_catalog_get(cli->cat, id, rec, &err))
		return cli_error(photo, "%s", err.msg);
	if (sidecar_values(m, rec))
		return cli_error(photo, "out of memory");
	return CLI_OK;
}

static int write_one(struct cli *cli, const char *photo, enum naming naming)
{
	struct capcat_record rec;
	struct capcat_meta m;
	struct capcat_buf path = CAPCAT_BUF_INIT;
	struct capcat_err err = { 0 };
	int rc;

	capcat_record_init(&rec);
	capcat_meta_init(&m);
	if ((rc = load(cli, photo, &rec, &m)))
		goto cleanup;
	if (sidecar_path(&path, rec.ph.path, naming)) {
		rc = cli_error(photo, "out of memory");
		goto cleanup;
	}
	if (capcat_sidecar_write(path.data, &m, &err)) {
		rc = cli_error(err.path[0] ? err.path : path.data, "%s", err.msg);
		goto cleanup;
	}
	if (!cli->quiet)
		printf("%s\n", path.data);
cleanup:
	capcat_buf_release(&path);
	capcat_meta_release(&m);
	capcat_record_release(&rec);
	return rc;
}

/* What --embed leaves to EXIF and MWG readers take from there first. */
static void warn_exif(struct capcat_reader *r, const char *path, const struct capcat_meta *m)
{
	struct capcat_photo ph;
	struct capcat_err err = { 0 };
	unsigned differs;

	capcat_photo_init(&ph);
	if (r && capcat_reader_read(r, &ph, path, 0, &err) == 0 &&
	    (differs = capcat_embed_exif_differs(&ph.meta, m))) {
		for (int f = 0; f < CAPCAT_F_COUNT; f++) {
			const char *v[1];
			if ((differs & 1u << f) &&
			    capcat_meta_get(&ph.meta, (enum capcat_field)f, CAPCAT_SRC_EXIF, v, 1))
				cli_error(path, "warning: its EXIF %s still says '%s', and MWG "
					  "readers take that first (--embed does not rewrite EXIF)",
					  capcat_field_name((enum capcat_field)f), v[0]);
		}
	}
	capcat_photo_release(&ph);
}

/* Into the photo itself; *done gets its path (malloc'd) once it is
 * rewritten. */
static int embed_one(struct cli *cli, struct capcat_reader *r, const char *photo, char **done)
{
	struct capcat_record rec;
	struct capcat_meta m;
	struct capcat_err err = { 0 };
	int rc, e;

	capcat_record_init(&rec);
	capcat_meta_init(&m);
	if ((rc = load(cli, photo, &rec, &m)))
		goto cleanup;
	if ((e = capcat_embed_file(rec.ph.path, &m, &err))) {
		if (e == CAPCAT_EUNSUPPORTED)
			rc = cli_error(rec.ph.path, "--embed writes JPEG files only (use a sidecar)");
		else
			rc = cli_error(rec.ph.path, "%s", err.msg);
		goto cleanup;
	}
	if (!cli->quiet) {
		printf("%s\n", rec.ph.path);
		warn_exif(r, rec.ph.path, &m);
	}
	if (!(*done = strdup(rec.ph.path)))
		rc = cli_error(photo, "out of memory");
cleanup:
	capcat_meta_release(&m);
	capcat_record_release(&rec);
	return rc;
}

static void on_reread_problem(void *payload, const char *path, const char *msg, int warning)
{
	(void)payload;
	if (!warning)   /* a photo's old damage notes are import's to show */
		cli_error(path, "%s", msg);
}

/* The rewritten photos read again, so that the catalog holds what they
 * are now (size, time, fingerprint: a photo moved later is still found)
 * and what they now say. */
static int reread(struct cli *cli, char **paths, size_t n)
{
	struct capcat_import_opts opts = { .jobs = 1, .thumbnails = CAPCAT_IMPORT_THUMBS_NONE,
					   .problem = on_reread_problem };
	struct capcat_import_stats st;
	struct capcat_err err = { 0 };

	if (!n)
		return CLI_OK;
	if (capcat_import(cli->cat, (const char *const *)paths, n, &opts, &st, &err))
		return cli_error_err("caption write", &err);
	return st.failed ? CLI_FAILED : CLI_OK;
}

static int embed_all(struct cli *cli, int n, char **photos)
{
	char **done = calloc((size_t)n, sizeof(*done));
	struct capcat_reader *r = NULL;
	struct capcat_err err = { 0 };
	size_t ndone = 0;
	int rc = CLI_OK;

	if (!done)
		return cli_error("caption write", "out of memory");
	if (!cli->quiet && capcat_reader_new(&r, &err))
		r = NULL;               /* the warnings about EXIF are lost, no more */
	for (int i = 0; i < n; i++) {
		if (embed_one(cli, r, photos[i], &done[ndone]))
			rc = CLI_FAILED;
		if (done[ndone])
			ndone++;
	}
	capcat_reader_free(r);
	if (reread(cli, done, ndone))
		rc = CLI_FAILED;
	for (size_t i = 0; i < ndone; i++)
		free(done[i]);
	free(done);
	return rc;
}

int cmd_caption_write(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "embed", no_argument, NULL, 'E' },
		{ "naming", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	enum naming naming = NAMING_AUTO;
	int c, embed = 0, has_naming = 0, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'E') {
			embed = 1;
			continue;
		}
		if (c != 'N')
			return cli_bad_option("caption", argc, argv, c);
		has_naming = 1;
		if (!strcmp(optarg, "full"))
			naming = NAMING_FULL;
		else if (!strcmp(optarg, "base"))
			naming = NAMING_BASE;
		else
			return cli_usage_error("caption", "--naming is full or base, not '%s'", optarg);
	}
	if (optind == argc)
		return cli_usage_error("caption", "no PHOTO given");
	if (embed && has_naming)
		return cli_usage_error("caption", "--naming names sidecars; --embed writes none");
	if (embed)
		return embed_all(cli, argc - optind, argv + optind);
	for (int i = optind; i < argc; i++)
		if (write_one(cli, argv[i], naming))
			rc = CLI_FAILED;
	return rc;
}
