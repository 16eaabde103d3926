/* test_csv.c - the RFC 4180 reader (line ends, BOM, empty and quoted
 * fields, embedded line breaks, ragged rows, line numbers, every error and
 * its message), column lookup, field quoting and a quote/parse round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/buf.h"
#include "capcat/csv.h"
#include "capcat/err.h"

#include <stdlib.h>
#include <string.h>

/* Parse a C string (without its NUL); the parse must succeed. */
static void parse_ok(struct capcat_csv *t, const char *s)
{
	struct capcat_err err = {0};

	capcat_csv_init(t);
	if (capcat_csv_parse(t, s, strlen(s), &err) != 0)
		fail_msg("parse failed: %s", err.msg);
}

/* Parse 'len' bytes from an exact-size heap copy, so that ASan catches any
 * read past the end. */
static int parse_exact(struct capcat_csv *t, const char *s, size_t len,
		       struct capcat_err *err)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, s, len);
	rc = capcat_csv_parse(t, copy, len, err);
	free(copy);
	return rc;
}

/* The parse must fail with EFORMAT and exactly 'msg'; the table stays empty. */
static void parse_fails(const char *s, size_t len, const char *msg)
{
	struct capcat_csv t;
	struct capcat_err err = {0};

	capcat_csv_init(&t);
	assert_int_equal(parse_exact(&t, s, len, &err), CAPCAT_EFORMAT);
	assert_int_equal(err.code, CAPCAT_EFORMAT);
	assert_string_equal(err.msg, msg);
	assert_null(t.rows);
	assert_int_equal(t.n, 0);
}

static void check_row(const struct capcat_csv *t, size_t i, size_t line, size_t n, ...)
{
	va_list ap;

	assert_true(i < t->n);
	assert_int_equal(t->rows[i].line, line);
	assert_int_equal(t->rows[i].n, n);
	va_start(ap, n);
	for (size_t k = 0; k < n; k++)
		assert_string_equal(t->rows[i].fields[k], va_arg(ap, const char *));
	va_end(ap);
}

static char *quoted(const char *field)
{
	struct capcat_buf b;

	capcat_buf_init(&b);
	assert_int_equal(capcat_csv_quote(&b, field), 0);
	return capcat_buf_detach(&b, NULL);
}

static void assert_quote(const char *field, const char *want)
{
	char *got = quoted(field);

	assert_string_equal(got, want);
	free(got);
}

static void test_csv__lf_rows(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "a,b,c\n1,2,3\n");
	assert_int_equal(t.n, 2);
	check_row(&t, 0, 1, 3, "a", "b", "c");
	check_row(&t, 1, 2, 3, "1", "2", "3");
	capcat_csv_release(&t);
	assert_null(t.rows);
	assert_int_equal(t.n, 0);
}

static void test_csv__crlf_rows(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "a,b\r\n1,2\r\n");
	assert_int_equal(t.n, 2);
	check_row(&t, 0, 1, 2, "a", "b");
	check_row(&t, 1, 2, 2, "1", "2");
	capcat_csv_release(&t);
}

static void test_csv__mixed_line_ends(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "a\r\nb\nc\r\nd");
	assert_int_equal(t.n, 4);
	check_row(&t, 0, 1, 1, "a");
	check_row(&t, 1, 2, 1, "b");
	check_row(&t, 2, 3, 1, "c");
	check_row(&t, 3, 4, 1, "d");
	capcat_csv_release(&t);
}

static void test_csv__final_line_without_newline(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "a,b\nx,y");
	assert_int_equal(t.n, 2);
	check_row(&t, 1, 2, 2, "x", "y");
	capcat_csv_release(&t);

	parse_ok(&t, "a,\"q\"");
	assert_int_equal(t.n, 1);
	check_row(&t, 0, 1, 2, "a", "q");
	capcat_csv_release(&t);
}

static void test_csv__bom_skipped(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "\xEF\xBB\xBFname,caption\r\nx,y\r\n");
	assert_int_equal(t.n, 2);
	check_row(&t, 0, 1, 2, "name", "caption");
	assert_int_equal(capcat_csv_column(&t, "name"), 0);
	capcat_csv_release(&t);

	/* a quoted first field right after the BOM */
	parse_ok(&t, "\xEF\xBB\xBF\"a,b\",c");
	check_row(&t, 0, 1, 2, "a,b", "c");
	capcat_csv_release(&t);
}

static void test_csv__bom_elsewhere_is_data(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "a,\xEF\xBB\xBF" "b\n");
	check_row(&t, 0, 1, 2, "a", "\xEF\xBB\xBF" "b");
	capcat_csv_release(&t);
}

static void test_csv__empty_inputs_give_no_rows(void **state)
{
	static const char *const inputs[] = {
		"", "\xEF\xBB\xBF", "\n", "\r\n", "\n\n\r\n", "\xEF\xBB\xBF\r\n",
	};
	struct capcat_csv t;
	struct capcat_err err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		parse_ok(&t, inputs[i]);
		assert_int_equal(t.n, 0);
		capcat_csv_release(&t);
	}
	capcat_csv_init(&t);
	assert_int_equal(capcat_csv_parse(&t, NULL, 0, &err), 0);
	assert_int_equal(t.n, 0);
	capcat_csv_release(&t);
}

static void test_csv__empty_fields(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, ",,\na,,b\n,x\nx,\n");
	assert_int_equal(t.n, 4);
	check_row(&t, 0, 1, 3, "", "", "");
	check_row(&t, 1, 2, 3, "a", "", "b");
	check_row(&t, 2, 3, 2, "", "x");
	check_row(&t, 3, 4, 2, "x", "");
	capcat_csv_release(&t);

	parse_ok(&t, "a,");         /* a trailing comma at the very end */
	check_row(&t, 0, 1, 2, "a", "");
	capcat_csv_release(&t);
}

static void test_csv__quoted_empty_fields(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "\"\"\n\"\",\"\"\r\na,\"\",b\n\"\"");
	assert_int_equal(t.n, 4);
	check_row(&t, 0, 1, 1, "");   /* one quoted empty field, not an empty line */
	check_row(&t, 1, 2, 2, "", "");
	check_row(&t, 2, 3, 3, "a", "", "b");
	check_row(&t, 3, 4, 1, "");
	capcat_csv_release(&t);
}

static void test_csv__quoted_commas_and_quotes(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\"\n");
	check_row(&t, 0, 1, 4, "a,b", "say \"hi\"", "\"", "\"\"");
	capcat_csv_release(&t);
}

static void test_csv__spaces_are_kept(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, " a , b\t,\" c \"\n   \n");
	assert_int_equal(t.n, 2);
	check_row(&t, 0, 1, 3, " a ", " b\t", " c ");
	check_row(&t, 1, 2, 1, "   ");   /* blanks are not an empty line */
	capcat_csv_release(&t);
}

static void test_csv__embedded_newlines(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "id,caption\n1,\"line one\nline two\r\nline three\"\n2,\"\n\"\n3,x\n");
	assert_int_equal(t.n, 4);
	check_row(&t, 0, 1, 2, "id", "caption");
	check_row(&t, 1, 2, 2, "1", "line one\nline two\r\nline three");
	check_row(&t, 2, 5, 2, "2", "\n");
	check_row(&t, 3, 7, 2, "3", "x");
	capcat_csv_release(&t);

	/* a lone CR inside quotes is data */
	parse_ok(&t, "\"a\rb\"\r\n");
	check_row(&t, 0, 1, 1, "a\rb");
	capcat_csv_release(&t);
}

static void test_csv__empty_lines_skipped_but_counted(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "\n\na\r\n\r\n\nb\n\n");
	assert_int_equal(t.n, 2);
	check_row(&t, 0, 3, 1, "a");
	check_row(&t, 1, 6, 1, "b");
	capcat_csv_release(&t);
}

static void test_csv__ragged_rows(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "a,b,c\n1\n1,2,3,4,5\n,\n");
	assert_int_equal(t.n, 4);
	check_row(&t, 0, 1, 3, "a", "b", "c");
	check_row(&t, 1, 2, 1, "1");
	check_row(&t, 2, 3, 5, "1", "2", "3", "4", "5");
	check_row(&t, 3, 4, 2, "", "");
	capcat_csv_release(&t);
}

static void test_csv__utf8_fields(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "Z\xC3\xBCrich,\"\xE2\x80\x9CS\xC3\xA3o Paulo\xE2\x80\x9D\",\xF0\x9F\x93\xB7\n");
	check_row(&t, 0, 1, 3, "Z\xC3\xBCrich", "\xE2\x80\x9CS\xC3\xA3o Paulo\xE2\x80\x9D",
		  "\xF0\x9F\x93\xB7");
	capcat_csv_release(&t);
}

static void test_csv__bounded_by_len(void **state)
{
	struct capcat_csv t;
	struct capcat_err err = {0};
	const char *s = "a,b\nc,\"d\"";

	(void)state;
	/* only the first 3 bytes count, and nothing after them is read */
	capcat_csv_init(&t);
	assert_int_equal(parse_exact(&t, s, 3, &err), 0);
	assert_int_equal(t.n, 1);
	check_row(&t, 0, 1, 2, "a", "b");
	capcat_csv_release(&t);

	/* a cut inside a quoted field is unterminated, even though the quote
	 * closes just past 'len' */
	parse_fails(s, strlen(s) - 1, "line 2: unterminated quoted field");
	/* cut right after an opening quote */
	parse_fails("\"", 1, "line 1: unterminated quoted field");
	/* cut inside a doubled quote: the field ends at the first quote */
	capcat_csv_init(&t);
	assert_int_equal(parse_exact(&t, "\"a\"\"", 3, &err), 0);
	check_row(&t, 0, 1, 1, "a");
	capcat_csv_release(&t);
	/* cut between CR and LF */
	parse_fails("a\r\n", 2, "line 1: CR without LF");
}

static void test_csv__many_rows_and_fields(void **state)
{
	struct capcat_buf b;
	struct capcat_csv t;
	struct capcat_err err = {0};

	(void)state;
	capcat_buf_init(&b);
	for (int r = 0; r < 1000; r++) {
		for (int f = 0; f < 40; f++)
			assert_int_equal(capcat_buf_printf(&b, "%s%d", f ? "," : "", r * 40 + f), 0);
		assert_int_equal(capcat_buf_adds(&b, "\r\n"), 0);
	}
	capcat_csv_init(&t);
	assert_int_equal(capcat_csv_parse(&t, b.data, b.len, &err), 0);
	assert_int_equal(t.n, 1000);
	for (size_t r = 0; r < t.n; r++) {
		assert_int_equal(t.rows[r].n, 40);
		assert_int_equal(t.rows[r].line, r + 1);
		for (size_t f = 0; f < 40; f++)
			assert_int_equal(strtol(t.rows[r].fields[f], NULL, 10), (long)(r * 40 + f));
	}
	capcat_csv_release(&t);
	capcat_buf_release(&b);
}

static void test_csv__error_unterminated_quote(void **state)
{
	(void)state;
	parse_fails("a,b\n1,\"open", 11, "line 2: unterminated quoted field");
	/* reported where the field opens, not where the text ends */
	parse_fails("a\n\"x\ny\nz\n", 9, "line 2: unterminated quoted field");
	parse_fails("\"\"\"", 3, "line 1: unterminated quoted field");
}

static void test_csv__error_quote_in_unquoted_field(void **state)
{
	(void)state;
	parse_fails("a,b\nx,ab\"c\"\n", 12, "line 2: quote in unquoted field");
	parse_fails("a\"", 2, "line 1: quote in unquoted field");
	/* RFC 4180: a space before the opening quote makes it unquoted */
	parse_fails("a, \"b\"", 6, "line 1: quote in unquoted field");
}

static void test_csv__error_text_after_closing_quote(void **state)
{
	(void)state;
	parse_fails("\"a\"b,c", 6, "line 1: text after closing quote");
	parse_fails("x\n\"a\" ,c\n", 9, "line 2: text after closing quote");
	/* the line is where the quote closed, after the embedded newline */
	parse_fails("\"a\nb\"x\n", 7, "line 2: text after closing quote");
	parse_fails("\"a\"\r", 4, "line 1: text after closing quote");
}

static void test_csv__error_invalid_utf8(void **state)
{
	(void)state;
	parse_fails("a\n\xFF\n", 4, "line 2: invalid UTF-8");
	parse_fails("caf\xE9,x", 6, "line 1: invalid UTF-8");               /* Latin-1 */
	parse_fails("\x80", 1, "line 1: invalid UTF-8");                    /* lone continuation */
	parse_fails("\xC0\xAF", 2, "line 1: invalid UTF-8");                /* overlong */
	parse_fails("\xED\xA0\x80", 3, "line 1: invalid UTF-8");            /* surrogate */
	parse_fails("\xF4\x90\x80\x80", 4, "line 1: invalid UTF-8");        /* > U+10FFFF */
	parse_fails("ok,\xE2\x82", 5, "line 1: invalid UTF-8");             /* cut at the end */
	parse_fails("\"a\nb\xC3\"", 6, "line 2: invalid UTF-8");            /* inside quotes */
	parse_fails("\xE2\x82\n", 3, "line 1: invalid UTF-8");              /* cut by LF */
}

static void test_csv__error_nul_byte(void **state)
{
	(void)state;
	parse_fails("a\0b", 3, "line 1: NUL byte");
	parse_fails("x\n\"a\0\"", 6, "line 2: NUL byte");
}

static void test_csv__error_bare_cr(void **state)
{
	(void)state;
	parse_fails("a,b\rc,d\r", 8, "line 1: CR without LF");
	parse_fails("a\n\r", 3, "line 2: CR without LF");
}

static void test_csv__error_leaves_out_untouched(void **state)
{
	struct capcat_csv t;
	struct capcat_err err = {0};

	(void)state;
	parse_ok(&t, "keep\n");
	capcat_csv_release(&t);
	capcat_csv_init(&t);
	/* many good rows before a bad one: nothing is handed back */
	assert_int_equal(capcat_csv_parse(&t, "a\nb\nc\nd\"\n", 9, &err), CAPCAT_EFORMAT);
	assert_string_equal(err.msg, "line 4: quote in unquoted field");
	assert_null(t.rows);
	assert_int_equal(t.n, 0);
	/* a NULL err is allowed */
	assert_int_equal(capcat_csv_parse(&t, "\"", 1, NULL), CAPCAT_EFORMAT);
	assert_null(t.rows);
}

static void test_csv__release_is_idempotent(void **state)
{
	struct capcat_csv t;

	(void)state;
	capcat_csv_init(&t);
	capcat_csv_release(&t);
	capcat_csv_release(&t);
	capcat_csv_release(NULL);
	parse_ok(&t, "a\n");
	capcat_csv_release(&t);
	capcat_csv_release(&t);
	assert_null(t.rows);
}

static void test_csv__column_lookup(void **state)
{
	struct capcat_csv t;

	(void)state;
	parse_ok(&t, "File Name, Caption ,\tCREDIT\t,caption\nx,y,z,w\n");
	assert_int_equal(capcat_csv_column(&t, "file name"), 0);
	assert_int_equal(capcat_csv_column(&t, "caption"), 1);   /* the first match */
	assert_int_equal(capcat_csv_column(&t, "  Credit "), 2);
	assert_int_equal(capcat_csv_column(&t, "byline"), -1);
	assert_int_equal(capcat_csv_column(&t, "x"), -1);         /* row 0 only */
	assert_int_equal(capcat_csv_column(&t, "cap"), -1);
	assert_int_equal(capcat_csv_column(&t, NULL), -1);
	capcat_csv_release(&t);

	capcat_csv_init(&t);
	assert_int_equal(capcat_csv_column(&t, "a"), -1);         /* no rows */
	assert_int_equal(capcat_csv_column(NULL, "a"), -1);
	parse_ok(&t, "a,,b\n");
	assert_int_equal(capcat_csv_column(&t, ""), 1);
	assert_int_equal(capcat_csv_column(&t, "B"), 2);
	capcat_csv_release(&t);
}

static void test_csv__quote_plain_fields_unchanged(void **state)
{
	(void)state;
	assert_quote("plain", "plain");
	assert_quote("", "");
	assert_quote(NULL, "");
	assert_quote("a b", "a b");
	assert_quote("semi;colon", "semi;colon");
	assert_quote("Z\xC3\xBCrich", "Z\xC3\xBCrich");
	assert_quote("a\tb", "a\tb");
}

static void test_csv__quote_special_fields(void **state)
{
	(void)state;
	assert_quote("a,b", "\"a,b\"");
	assert_quote("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_quote("\"", "\"\"\"\"");
	assert_quote("a\rb", "\"a\rb\"");
	assert_quote("a\nb", "\"a\nb\"");
	assert_quote("a\r\nb", "\"a\r\nb\"");
	assert_quote(" lead", "\" lead\"");
	assert_quote("trail ", "\"trail \"");
	assert_quote(" ", "\" \"");
	assert_quote("\ttab", "\"\ttab\"");
	assert_quote("tab\t", "\"tab\t\"");
	assert_quote("\xEF\xBB\xBFx", "\"\xEF\xBB\xBFx\"");   /* not a BOM */
	assert_quote("x\xEF\xBB\xBF", "x\xEF\xBB\xBF");
}

static void test_csv__quote_appends(void **state)
{
	struct capcat_buf b;

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "x,"), 0);
	assert_int_equal(capcat_csv_quote(&b, "a\"b"), 0);
	assert_int_equal(capcat_buf_addch(&b, ','), 0);
	assert_int_equal(capcat_csv_quote(&b, "c"), 0);
	assert_string_equal(b.data, "x,\"a\"\"b\",c");
	assert_int_equal(b.len, strlen(b.data));
	capcat_buf_release(&b);
}

/* Quote every field, join with commas and CRLF, parse back: equal. */
static void round_trip(const char *const *fields, const size_t *widths, size_t nrows)
{
	struct capcat_buf b;
	struct capcat_csv t;
	struct capcat_err err = {0};
	size_t k = 0;

	capcat_buf_init(&b);
	for (size_t r = 0; r < nrows; r++) {
		for (size_t f = 0; f < widths[r]; f++) {
			if (f)
				assert_int_equal(capcat_buf_addch(&b, ','), 0);
			assert_int_equal(capcat_csv_quote(&b, fields[k + f]), 0);
		}
		assert_int_equal(capcat_buf_adds(&b, "\r\n"), 0);
		k += widths[r];
	}
	capcat_csv_init(&t);
	if (capcat_csv_parse(&t, b.data, b.len, &err))
		fail_msg("round trip parse failed: %s", err.msg);
	assert_int_equal(t.n, nrows);
	k = 0;
	for (size_t r = 0; r < nrows; r++) {
		assert_int_equal(t.rows[r].n, widths[r]);
		for (size_t f = 0; f < widths[r]; f++)
			assert_string_equal(t.rows[r].fields[f], fields[k + f]);
		k += widths[r];
	}
	capcat_csv_release(&t);
	capcat_buf_release(&b);
}

static void test_csv__round_trip_tricky_fields(void **state)
{
	static const char *const fields[] = {
		"\xEF\xBB\xBF" "file", "caption", "credit",   /* U+FEFF first in the file */
		"a.jpg", "Fans cheer, loudly", "Photo: \"A. Lee\"",
		"b.jpg", "line one\nline two\r\nline three", "",
		"c.jpg", " padded ", "\"",
		"", "", "",
		"Z\xC3\xBCrich", "\xE2\x80\x9Cquoted\xE2\x80\x9D", "a\rb",
		"only,one",
		"x", "", "\"\"", ",", "\n", " ", "\t",
	};
	static const size_t widths[] = { 3, 3, 3, 3, 3, 3, 1, 7 };

	(void)state;
	round_trip(fields, widths, sizeof(widths) / sizeof(widths[0]));
}

static void test_csv__round_trip_random_fields(void **state)
{
	/* bytes that matter to CSV, plus multi-byte UTF-8 */
	static const char *const atoms[] = {
		"a", "Z", "0", " ", "\t", ",", "\"", "\r", "\n", "\r\n", ";", "=",
		"\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x93\xB7", "\xEF\xBB\xBF",
	};
	const size_t natoms = sizeof(atoms) / sizeof(atoms[0]);
	unsigned long seed = 12345;
	char *fields[400];
	size_t widths[80], k = 0, nrows = 0;

	(void)state;
	while (nrows < 80) {
		size_t w;
		seed = seed * 1103515245 + 12345;
		w = 1 + (seed >> 16) % 5;
		if (k + w > 400)
			break;
		for (size_t f = 0; f < w; f++) {
			char tmp[64] = "";
			seed = seed * 1103515245 + 12345;
			size_t len = (seed >> 16) % 8;
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245 + 12345;
				strcat(tmp, atoms[(seed >> 16) % natoms]);
			}
			/* a row of one empty field is written as an empty line,
			 * which readers skip; keep such rows non-empty */
			if (w == 1 && !*tmp)
				strcpy(tmp, "x");
			fields[k + f] = strdup(tmp);
			assert_non_null(fields[k + f]);
		}
		k += w;
		widths[nrows++] = w;
	}
	round_trip((const char *const *)fields, widths, nrows);
	for (size_t i = 0; i < k; i++)
		free(fields[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv__lf_rows),
		cmocka_unit_test(test_csv__crlf_rows),
		cmocka_unit_test(test_csv__mixed_line_ends),
		cmocka_unit_test(test_csv__final_line_without_newline),
		cmocka_unit_test(test_csv__bom_skipped),
		cmocka_unit_test(test_csv__bom_elsewhere_is_data),
		cmocka_unit_test(test_csv__empty_inputs_give_no_rows),
		cmocka_unit_test(test_csv__empty_fields),
		cmocka_unit_test(test_csv__quoted_empty_fields),
		cmocka_unit_test(test_csv__quoted_commas_and_quotes),
		cmocka_unit_test(test_csv__spaces_are_kept),
		cmocka_unit_test(test_csv__embedded_newlines),
		cmocka_unit_test(test_csv__empty_lines_skipped_but_counted),
		cmocka_unit_test(test_csv__ragged_rows),
		cmocka_unit_test(test_csv__utf8_fields),
		cmocka_unit_test(test_csv__bounded_by_len),
		cmocka_unit_test(test_csv__many_rows_and_fields),
		cmocka_unit_test(test_csv__error_unterminated_quote),
		cmocka_unit_test(test_csv__error_quote_in_unquoted_field),
		cmocka_unit_test(test_csv__error_text_after_closing_quote),
		cmocka_unit_test(test_csv__error_invalid_utf8),
		cmocka_unit_test(test_csv__error_nul_byte),
		cmocka_unit_test(test_csv__error_bare_cr),
		cmocka_unit_test(test_csv__error_leaves_out_untouched),
		cmocka_unit_test(test_csv__release_is_idempotent),
		cmocka_unit_test(test_csv__column_lookup),
		cmocka_unit_test(test_csv__quote_plain_fields_unchanged),
		cmocka_unit_test(test_csv__quote_special_fields),
		cmocka_unit_test(test_csv__quote_appends),
		cmocka_unit_test(test_csv__round_trip_tricky_fields),
		cmocka_unit_test(test_csv__round_trip_random_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
