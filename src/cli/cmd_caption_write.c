/* cmd_caption_write.c - capcat caption write: XMP sidecars from the catalog. */
#include "cli.h"
#include "capcat/buf.h"
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

static int write_one(struct cli *cli, const char *photo, enum naming naming)
{
	struct capcat_record rec;
	struct capcat_meta m;
	struct capcat_buf path = CAPCAT_BUF_INIT;
	struct capcat_err err = { 0 };
	int64_t id;
	int rc = CLI_OK;

	capcat_record_init(&rec);
	capcat_meta_init(&m);
	if (capcat_catalog_resolve(cli->cat, photo, &id, &err) ||
	    capcat_catalog_get(cli->cat, id, &rec, &err)) {
		rc = cli_error(photo, "%s", err.msg);
		goto cleanup;
	}
	if (sidecar_values(&m, &rec) || sidecar_path(&path, rec.ph.path, naming)) {
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

int cmd_caption_write(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "naming", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	enum naming naming = NAMING_AUTO;
	int c, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'N')
			return cli_bad_option("caption", argc, argv, c);
		if (!strcmp(optarg, "full"))
			naming = NAMING_FULL;
		else if (!strcmp(optarg, "base"))
			naming = NAMING_BASE;
		else
			return cli_usage_error("caption", "--naming is full or base, not '%s'", optarg);
	}
	if (optind == argc)
		return cli_usage_error("caption", "no PHOTO given");
	for (int i = optind; i < argc; i++)
		if (write_one(cli, argv[i], naming))
			rc = CLI_FAILED;
	return rc;
}
