/* cmd_show.c - capcat show PHOTO */
#include "cli.h"
#include "capcat/buf.h"
#include "capcat/json.h"

#include <stdio.h>
#include <string.h>

const char cmd_show_usage[] =
	"usage: capcat show [--json] PHOTO\n"
	"\n"
	"Everything the catalog knows about one photo.  PHOTO is a catalog id or\n"
	"a path.\n"
	"\n"
	"      --json   print the photo object (null for what is unknown)\n";

static void line(const char *key, const char *val)
{
	if (val)
		printf("%-12s %s\n", key, val);
}

static void print_text(const struct capcat_record *rec)
{
	const struct capcat_photo *ph = &rec->ph;
	char tmp[128];

	printf("%-12s %lld\n", "id", (long long)rec->id);
	line("path", ph->path);
	line("status", rec->missing ? "missing" : "present");
	line("type", ph->mime);
	printf("%-12s %lld bytes\n", "size", (long long)ph->size);
	if (ph->width > 0) {
		snprintf(tmp, sizeof(tmp), "%d x %d", ph->width, ph->height);
		line("pixels", tmp);
	}
	if (ph->orientation > 0)
		printf("%-12s %d\n", "orientation", ph->orientation);
	if (ph->taken && ph->has_offset) {
		int m = ph->offset_min < 0 ? -ph->offset_min : ph->offset_min;
		snprintf(tmp, sizeof(tmp), "%s%c%02d:%02d", ph->taken,
			 ph->offset_min < 0 ? '-' : '+', m / 60, m % 60);
		line("taken", tmp);
	} else {
		line("taken", ph->taken);
	}
	line("make", ph->make);
	line("model", ph->model);
	line("lens", ph->lens);
	if (ph->exposure_time > 0) {
		capcat_json_shutter(tmp, ph->exposure_time);
		printf("%-12s %s s\n", "shutter", tmp);
	}
	if (ph->fnumber > 0)
		printf("%-12s f/%.1f\n", "aperture", ph->fnumber);
	if (ph->iso > 0)
		printf("%-12s %d\n", "iso", ph->iso);
	if (ph->focal_length > 0)
		printf("%-12s %.10g mm\n", "focal", ph->focal_length);
	if (ph->has_gps)
		printf("%-12s %.6f, %.6f%s\n", "gps", ph->gps_lat, ph->gps_lon, "");
	if (ph->has_alt)
		printf("%-12s %.1f m\n", "altitude", ph->gps_alt);
	if (rec->thumb_source && strcmp(rec->thumb_source, "none"))  /* none: as JSON's null */
		printf("%-12s %d x %d (%s)\n", "thumbnail", rec->thumb_width, rec->thumb_height,
		       rec->thumb_source);
	for (const char *s = ph->warnings; s && *s;) {
		const char *e = strchr(s, '\n');
		int n = e ? (int)(e - s) : (int)strlen(s);
		printf("%-12s %.*s\n", "warning", n, s);
		s += n + (e ? 1 : 0);
	}
}

int cmd_show(int argc, char **argv, struct cli *cli)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	struct capcat_record rec;
	struct capcat_buf out = CAPCAT_BUF_INIT;
	struct capcat_err err = { 0 };
	int64_t id = 0;
	int c, json = 0, rc = CLI_OK;

	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c != 'J')
			return cli_bad_option("show", argc, argv, c);
		json = 1;
	}
	if (argc - optind != 1)
		return cli_usage_error("show", argc == optind ? "no PHOTO given" :
				       "one PHOTO at a time");
	capcat_record_init(&rec);
	if (capcat_catalog_resolve(cli->cat, argv[optind], &id, &err) ||
	    capcat_catalog_get(cli->cat, id, &rec, &err)) {
		rc = cli_error(argv[optind], "%s", err.msg);
		goto cleanup;
	}
	if (json) {
		if (capcat_json_photo(&out, &rec)) {
			rc = cli_error("show", "out of memory");
			goto cleanup;
		}
		printf("%s\n", out.data);
	} else {
		print_text(&rec);
	}
cleanup:
	capcat_buf_release(&out);
	capcat_record_release(&rec);
	return rc;
}
