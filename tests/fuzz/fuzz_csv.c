/* fuzz_csv.c - libFuzzer target for the CSV reader.
 *
 * Parses the bytes and releases the table.  When they parse, every row is
 * written back with capcat_csv_quote and parsed again, and the two tables
 * must be equal: that checks the reader and the writer against each other.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     tests/fuzz/fuzz_csv.c src/csv.c src/util/buf.c src/util/err.c \
 *     src/util/text.c src/util/md5.c -o /tmp/fuzz_csv
 */
#include "capcat/buf.h"
#include "capcat/csv.h"
#include "capcat/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void write_back(struct capcat_buf *b, const struct capcat_csv *t)
{
	for (size_t r = 0; r < t->n; r++) {
		const struct capcat_csv_row *row = &t->rows[r];
		/* a lone empty field would be an empty line, which is skipped */
		if (row->n == 1 && !row->fields[0][0]) {
			if (capcat_buf_adds(b, "\"\"\r\n"))
				abort();
			continue;
		}
		for (size_t f = 0; f < row->n; f++)
			if ((f && capcat_buf_addch(b, ',')) ||
			    capcat_csv_quote(b, row->fields[f]))
				abort();
		if (capcat_buf_adds(b, "\r\n"))
			abort();
	}
}

static void check_same(const struct capcat_csv *a, const struct capcat_csv *b)
{
	if (a->n != b->n)
		abort();
	for (size_t r = 0; r < a->n; r++) {
		if (a->rows[r].n != b->rows[r].n)
			abort();
		for (size_t f = 0; f < a->rows[r].n; f++)
			if (strcmp(a->rows[r].fields[f], b->rows[r].fields[f]))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capcat_csv t, again;
	struct capcat_buf b;
	struct capcat_err err = {0};

	capcat_csv_init(&t);
	capcat_csv_init(&again);
	capcat_buf_init(&b);
	if (capcat_csv_parse(&t, (const char *)data, size, &err) == 0) {
		if (t.n)
			(void)capcat_csv_column(&t, t.rows[0].fields[0]);
		write_back(&b, &t);
		if (capcat_csv_parse(&again, b.data, b.len, &err))
			abort();
		check_same(&t, &again);
	} else if (err.code != CAPCAT_EFORMAT && err.code != CAPCAT_ENOMEM) {
		abort();
	}
	capcat_csv_release(&again);
	capcat_csv_release(&t);
	capcat_buf_release(&b);
	return 0;
}
