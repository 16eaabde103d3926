/* test_codes.c - code replacement files (TABs, comments, blank lines, BOM,
 * CRLF, every load error and its message) and expansion (=code=, =code#N=,
 * case, token syntax, text that only looks like a code, unknown codes). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/buf.h"
#include "capcat/codes.h"
#include "capcat/err.h"

#include <stdlib.h>
#include <string.h>

static const char roster[] =
	"// Photo Mechanic roster\n"
	"cc11\tJohn Smith\tSmith\tJohn Smith (11)\n"
	"\n"
	"CC11\tUpper Case\n"
	"h\tHome Team\n"
	"a.b_c-1\tdotted\n"
	"empty\t\n"
	"gap\tone\t\tthree\n"
	"eq\t=h=\n";

/* Load from an exact-size heap copy (no NUL after it) so that ASan catches
 * any read past 'len'. */
static int load_exact(struct capcat_codes **out, const char *s, size_t len,
		      struct capcat_err *err)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, s, len);
	rc = capcat_codes_load(out, copy, len, err);
	free(copy);
	return rc;
}

static struct capcat_codes *load_ok(const char *s)
{
	struct capcat_codes *c = NULL;
	struct capcat_err err = {0};

	if (load_exact(&c, s, strlen(s), &err))
		fail_msg("load failed: %s", err.msg);
	assert_non_null(c);
	return c;
}

static void load_fails(const char *s, size_t len, const char *msg)
{
	struct capcat_codes *c = (struct capcat_codes *)0x1;   /* must stay */
	struct capcat_err err = {0};

	assert_int_equal(load_exact(&c, s, len, &err), CAPCAT_EFORMAT);
	assert_int_equal(err.code, CAPCAT_EFORMAT);
	assert_string_equal(err.msg, msg);
	assert_ptr_equal(c, (struct capcat_codes *)0x1);
}

static void assert_expand(const struct capcat_codes *c, const char *text, const char *want)
{
	char *out = NULL;
	struct capcat_err err = {0};

	if (capcat_codes_expand(&out, c, text, &err))
		fail_msg("expand '%s' failed: %s", text, err.msg);
	assert_string_equal(out, want);
	free(out);
}

static void expand_fails(const struct capcat_codes *c, const char *text, int code,
			 const char *msg)
{
	char *out = (char *)0x1;   /* must stay */
	struct capcat_err err = {0};

	assert_int_equal(capcat_codes_expand(&out, c, text, &err), code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.msg, msg);
	assert_ptr_equal(out, (char *)0x1);
}

static void test_codes__load_counts_codes(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_int_equal(capcat_codes_count(c), 7);
	capcat_codes_free(c);
	assert_int_equal(capcat_codes_count(NULL), 0);
	capcat_codes_free(NULL);
}

static void test_codes__comments_and_blank_lines_ignored(void **state)
{
	struct capcat_codes *c = load_ok(
		"// header\n"
		"\n"
		"//no space after the slashes\n"
		"   \n"
		"\t \t\n"
		"x\tX\n"
		"//\tlooks like a code\n"
		"\r\n"
		"// last line without newline");

	(void)state;
	assert_int_equal(capcat_codes_count(c), 1);
	assert_expand(c, "=x=", "X");
	capcat_codes_free(c);
}

static void test_codes__empty_file(void **state)
{
	struct capcat_codes *c = NULL;
	struct capcat_err err = {0};

	(void)state;
	assert_int_equal(capcat_codes_load(&c, NULL, 0, &err), 0);
	assert_int_equal(capcat_codes_count(c), 0);
	assert_expand(c, "no codes here", "no codes here");
	expand_fails(c, "=x=", CAPCAT_ENOTFOUND, "unknown code '=x='");
	capcat_codes_free(c);

	c = load_ok("\xEF\xBB\xBF");
	assert_int_equal(capcat_codes_count(c), 0);
	capcat_codes_free(c);
}

static void test_codes__crlf_and_bom(void **state)
{
	struct capcat_codes *c = load_ok("\xEF\xBB\xBF" "a\tAlpha\r\nb\tBeta\tB2\r\n");

	(void)state;
	assert_int_equal(capcat_codes_count(c), 2);
	/* the CR is not part of the last column */
	assert_expand(c, "[=a=][=b=][=b#2=]", "[Alpha][Beta][B2]");
	capcat_codes_free(c);
}

static void test_codes__bounded_by_len(void **state)
{
	struct capcat_codes *c = NULL;
	struct capcat_err err = {0};
	const char *s = "a\tAlpha\nb\tBeta";

	(void)state;
	/* only "a\tAl" counts */
	assert_int_equal(load_exact(&c, s, 4, &err), 0);
	assert_int_equal(capcat_codes_count(c), 1);
	assert_expand(c, "=a=", "Al");
	capcat_codes_free(c);
}

static void test_codes__expand_plain_and_first(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_expand(c, "=cc11= scores", "John Smith scores");
	assert_expand(c, "=cc11#1= scores", "John Smith scores");
	assert_expand(c, "Goal by =cc11#2= for the =h=.", "Goal by Smith for the Home Team.");
	assert_expand(c, "=cc11#3=", "John Smith (11)");
	assert_expand(c, "=cc11#03=", "John Smith (11)");
	assert_expand(c, "=a.b_c-1=", "dotted");
	capcat_codes_free(c);
}

static void test_codes__expand_many_and_adjacent(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_expand(c, "=h==cc11#2=", "Home TeamSmith");
	assert_expand(c, "=h= =h= =h=", "Home Team Home Team Home Team");
	assert_expand(c, "", "");
	assert_expand(c, "no codes", "no codes");
	assert_expand(c, "\xE2\x80\x9C=cc11#2=\xE2\x80\x9D", "\xE2\x80\x9CSmith\xE2\x80\x9D");
	capcat_codes_free(c);
}

static void test_codes__empty_columns(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_expand(c, "[=empty=]", "[]");
	assert_expand(c, "[=gap#1=|=gap#2=|=gap#3=]", "[one||three]");
	expand_fails(c, "=empty#2=", CAPCAT_ENOTFOUND,
		     "code '=empty#2=' has no replacement 2 (it has 1)");
	capcat_codes_free(c);
}

static void test_codes__alternate_out_of_range(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	expand_fails(c, "=cc11#4=", CAPCAT_ENOTFOUND,
		     "code '=cc11#4=' has no replacement 4 (it has 3)");
	expand_fails(c, "=cc11#0=", CAPCAT_ENOTFOUND,
		     "code '=cc11#0=' has no replacement 0 (it has 3)");
	expand_fails(c, "=h#999999999=", CAPCAT_ENOTFOUND,
		     "code '=h#999999999=' has no replacement 999999999 (it has 1)");
	capcat_codes_free(c);
}

static void test_codes__case_sensitive(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_expand(c, "=cc11=/=CC11=", "John Smith/Upper Case");
	expand_fails(c, "=Cc11=", CAPCAT_ENOTFOUND, "unknown code '=Cc11='");
	expand_fails(c, "=H=", CAPCAT_ENOTFOUND, "unknown code '=H='");
	capcat_codes_free(c);
}

static void test_codes__unknown_code(void **state)
{
	struct capcat_codes *c = load_ok(roster);
	char *out = NULL;

	(void)state;
	expand_fails(c, "=xyz=", CAPCAT_ENOTFOUND, "unknown code '=xyz='");
	expand_fails(c, "=h= and =xyz#2= later", CAPCAT_ENOTFOUND, "unknown code '=xyz#2='");
	expand_fails(c, "a=1=b", CAPCAT_ENOTFOUND, "unknown code '=1='");
	/* a NULL err is allowed */
	assert_int_equal(capcat_codes_expand(&out, c, "=nope=", NULL), CAPCAT_ENOTFOUND);
	assert_null(out);
	capcat_codes_free(c);
}

static void test_codes__text_that_is_not_a_code(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_expand(c, "E = mc2", "E = mc2");
	assert_expand(c, "a==b", "a==b");
	assert_expand(c, "=", "=");
	assert_expand(c, "==", "==");
	assert_expand(c, "===", "===");
	assert_expand(c, "x = 1 and y = 2", "x = 1 and y = 2");
	assert_expand(c, "?q=a b=c", "?q=a b=c");
	assert_expand(c, "=h", "=h");
	assert_expand(c, "h=", "h=");
	assert_expand(c, "=h #2=", "=h #2=");
	assert_expand(c, "=h#=", "=h#=");
	assert_expand(c, "=h#x=", "=h#x=");
	assert_expand(c, "=h#1#2=", "=h#1#2=");
	assert_expand(c, "=#2=", "=#2=");
	assert_expand(c, "=h#1234567890=", "=h#1234567890=");   /* more than 9 digits */
	assert_expand(c, "=caf\xC3\xA9=", "=caf\xC3\xA9=");
	/* a '=' that opens nothing may still close a code on its left... */
	assert_expand(c, "==h==", "=Home Team=");
	/* ...or open one on its right */
	assert_expand(c, "a = =h=", "a = Home Team");
	capcat_codes_free(c);
}

static void test_codes__token_length_limit(void **state)
{
	char file[200], text[200], want[200];
	struct capcat_codes *c;
	char code64[65], code65[66];

	(void)state;
	memset(code64, 'k', 64);
	code64[64] = '\0';
	memset(code65, 'k', 65);
	code65[65] = '\0';
	snprintf(file, sizeof(file), "%s\tlong\n", code64);
	c = load_ok(file);
	snprintf(text, sizeof(text), "=%s=", code64);
	assert_expand(c, text, "long");
	/* 65 characters is not a token at all, so it stays */
	snprintf(text, sizeof(text), "=%s=", code65);
	snprintf(want, sizeof(want), "=%s=", code65);
	assert_expand(c, text, want);
	capcat_codes_free(c);

	snprintf(file, sizeof(file), "%s\tlong\n", code65);
	snprintf(want, sizeof(want), "line 1: bad code '%s' (1-64 of A-Z a-z 0-9 _ . -)", code64);
	load_fails(file, strlen(file), want);
}

static void test_codes__replacement_not_rescanned(void **state)
{
	struct capcat_codes *c = load_ok(roster);

	(void)state;
	assert_expand(c, "=eq=", "=h=");
	capcat_codes_free(c);
}

static void test_codes__many_codes_bsearch(void **state)
{
	struct capcat_buf file, text, want;
	struct capcat_codes *c;
	char *out = NULL;
	struct capcat_err err = {0};

	(void)state;
	capcat_buf_init(&file);
	capcat_buf_init(&text);
	capcat_buf_init(&want);
	/* written in reverse order, so the loader has to sort */
	for (int i = 999; i >= 0; i--) {
		assert_int_equal(capcat_buf_printf(&file, "p%d\tPlayer %d\t#%d\n", i, i, i), 0);
		assert_int_equal(capcat_buf_printf(&text, "=p%d= =p%d#2=;", i, i), 0);
		assert_int_equal(capcat_buf_printf(&want, "Player %d #%d;", i, i), 0);
	}
	c = load_ok(file.data);
	assert_int_equal(capcat_codes_count(c), 1000);
	assert_int_equal(capcat_codes_expand(&out, c, text.data, &err), 0);
	assert_string_equal(out, want.data);
	free(out);
	expand_fails(c, "=p1000=", CAPCAT_ENOTFOUND, "unknown code '=p1000='");
	capcat_codes_free(c);
	capcat_buf_release(&file);
	capcat_buf_release(&text);
	capcat_buf_release(&want);
}

static void test_codes__error_no_tab(void **state)
{
	static const char f[] = "a\tA\n// c\n\nb B\n";

	(void)state;
	load_fails(f, strlen(f), "line 4: no TAB after the code");
	/* spaces do not separate (Photo Mechanic needs a TAB) */
	load_fails("cc11 John Smith", 15, "line 1: no TAB after the code");
	load_fails("x\r\ny\r\n", 6, "line 1: no TAB after the code");
	/* a comment must start the line */
	load_fails("a\tA\n  // note\n", 14, "line 2: no TAB after the code");
}

static void test_codes__error_empty_code(void **state)
{
	(void)state;
	load_fails("a\tA\n\tnothing\n", 13, "line 2: empty code");
	load_fails(" \tx\n", 4, "line 1: bad code ' ' (1-64 of A-Z a-z 0-9 _ . -)");
}

static void test_codes__error_bad_code(void **state)
{
	(void)state;
	load_fails("cc 11\tx\n", 8, "line 1: bad code 'cc 11' (1-64 of A-Z a-z 0-9 _ . -)");
	load_fails("a#2\tx\n", 6, "line 1: bad code 'a#2' (1-64 of A-Z a-z 0-9 _ . -)");
	load_fails("=a=\tx\n", 6, "line 1: bad code '=a=' (1-64 of A-Z a-z 0-9 _ . -)");
	load_fails("a\tx\nb \ty\n", 9, "line 2: bad code 'b ' (1-64 of A-Z a-z 0-9 _ . -)");
}

static void test_codes__error_duplicate_code(void **state)
{
	static const char f[] = "a\tA\nb\tB\n\na\tA again\n";

	(void)state;
	load_fails(f, strlen(f), "line 4: duplicate code 'a' (first on line 1)");
}

static void test_codes__error_bad_bytes(void **state)
{
	(void)state;
	load_fails("a\tok\nb\tcaf\xE9\n", 12, "line 2: invalid UTF-8");
	load_fails("a\tx\0y\n", 6, "line 1: NUL byte");
	load_fails("a\t\xE2\x82", 4, "line 1: invalid UTF-8");   /* cut at the end */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes__load_counts_codes),
		cmocka_unit_test(test_codes__comments_and_blank_lines_ignored),
		cmocka_unit_test(test_codes__empty_file),
		cmocka_unit_test(test_codes__crlf_and_bom),
		cmocka_unit_test(test_codes__bounded_by_len),
		cmocka_unit_test(test_codes__expand_plain_and_first),
		cmocka_unit_test(test_codes__expand_many_and_adjacent),
		cmocka_unit_test(test_codes__empty_columns),
		cmocka_unit_test(test_codes__alternate_out_of_range),
		cmocka_unit_test(test_codes__case_sensitive),
		cmocka_unit_test(test_codes__unknown_code),
		cmocka_unit_test(test_codes__text_that_is_not_a_code),
		cmocka_unit_test(test_codes__token_length_limit),
		cmocka_unit_test(test_codes__replacement_not_rescanned),
		cmocka_unit_test(test_codes__many_codes_bsearch),
		cmocka_unit_test(test_codes__error_no_tab),
		cmocka_unit_test(test_codes__error_empty_code),
		cmocka_unit_test(test_codes__error_bad_code),
		cmocka_unit_test(test_codes__error_duplicate_code),
		cmocka_unit_test(test_codes__error_bad_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
