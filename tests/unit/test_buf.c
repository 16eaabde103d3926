/* test_buf.c - capcat_buf: growth, printf, detach/release invariants, and
 * capcat_buf_json_str escaping (control characters, quotes, invalid UTF-8,
 * overlongs, surrogates, NULL). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/buf.h"
#include "capcat/err.h"

#include <stdlib.h>
#include <string.h>

/* The invariants buf.h promises after any operation. */
static void check_valid(const struct capcat_buf *b)
{
	assert_non_null(b->data);
	assert_int_equal(b->data[b->len], '\0');
	if (b->cap)
		assert_true(b->len < b->cap);
}

/* capcat_buf_json_str(s) as a malloc'd C string. */
static char *json(const char *s)
{
	struct capcat_buf b;

	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_json_str(&b, s), 0);
	check_valid(&b);
	return capcat_buf_detach(&b, NULL);
}

static void assert_json(const char *in, const char *want)
{
	char *got = json(in);

	assert_string_equal(got, want);
	free(got);
}

/* Strict UTF-8 check (RFC 3629): no overlongs, surrogates or > U+10FFFF. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], len;
		unsigned long cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
		else
			return 0;
		if (n - i < len)
			return 0;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static void test_buf__init_is_empty_and_terminated(void **state)
{
	struct capcat_buf b = { (char *)0x1, 99, 0 };   /* garbage before init */

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	check_valid(&b);
	capcat_buf_release(&b);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
}

static void test_buf__static_init_then_append(void **state)
{
	struct capcat_buf b = CAPCAT_BUF_INIT;

	(void)state;
	/* CAPCAT_BUF_INIT leaves data NULL; appending must still work */
	assert_int_equal(capcat_buf_adds(&b, "abc"), 0);
	assert_string_equal(b.data, "abc");
	assert_int_equal(b.len, 3);
	check_valid(&b);
	capcat_buf_release(&b);

	b = (struct capcat_buf)CAPCAT_BUF_INIT;
	capcat_buf_reset(&b);           /* reset of a never-used buffer */
	check_valid(&b);
	assert_int_equal(b.len, 0);
	capcat_buf_release(&b);
}

static void test_buf__add_grows_and_keeps_bytes(void **state)
{
	struct capcat_buf b;
	size_t total = 0;

	(void)state;
	capcat_buf_init(&b);
	/* many small appends of every byte value, NUL included */
	for (int i = 0; i < 20000; i++) {
		unsigned char c = (unsigned char)(i * 7);
		assert_int_equal(capcat_buf_add(&b, &c, 1), 0);
		total++;
		check_valid(&b);
	}
	assert_int_equal(b.len, total);
	for (size_t i = 0; i < total; i++)
		assert_int_equal((unsigned char)b.data[i], (unsigned char)(i * 7));
	/* one large append */
	{
		size_t big = 300000;
		char *blk = malloc(big);
		assert_non_null(blk);
		memset(blk, 'x', big);
		assert_int_equal(capcat_buf_add(&b, blk, big), 0);
		free(blk);
	}
	assert_int_equal(b.len, total + 300000);
	assert_int_equal(b.data[total], 'x');
	assert_int_equal(b.data[b.len - 1], 'x');
	check_valid(&b);
	/* appending nothing changes nothing */
	assert_int_equal(capcat_buf_add(&b, NULL, 0), 0);
	assert_int_equal(b.len, total + 300000);
	capcat_buf_release(&b);
}

static void test_buf__addch_and_adds(void **state)
{
	struct capcat_buf b;

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_addch(&b, 'a'), 0);
	assert_int_equal(capcat_buf_adds(&b, "bc"), 0);
	assert_int_equal(capcat_buf_adds(&b, ""), 0);
	assert_int_equal(capcat_buf_addch(&b, '\0'), 0);    /* counted */
	assert_int_equal(capcat_buf_addch(&b, 'd'), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "abc\0d", 6);
	capcat_buf_release(&b);
}

static void test_buf__grow_reserves_without_changing_content(void **state)
{
	struct capcat_buf b;
	char *before;

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "keep"), 0);
	assert_int_equal(capcat_buf_grow(&b, 1000), 0);
	assert_true(b.cap >= b.len + 1000 + 1);
	assert_string_equal(b.data, "keep");
	before = b.data;
	/* the promised room is really there: no reallocation needed */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(capcat_buf_addch(&b, 'z'), 0);
	assert_ptr_equal(b.data, before);
	assert_int_equal(b.len, 1004);
	capcat_buf_release(&b);
}

static void test_buf__grow_overflow_fails_and_keeps_buffer(void **state)
{
	struct capcat_buf b;

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "still here"), 0);
	assert_int_equal(capcat_buf_grow(&b, SIZE_MAX), CAPCAT_ENOMEM);
	assert_int_equal(capcat_buf_grow(&b, SIZE_MAX - b.len), CAPCAT_ENOMEM);
	assert_int_equal(capcat_buf_add(&b, "x", SIZE_MAX - 3), CAPCAT_ENOMEM);
	assert_string_equal(b.data, "still here");
	assert_int_equal(b.len, 10);
	check_valid(&b);
	capcat_buf_release(&b);
}

static void test_buf__printf_appends_formatted(void **state)
{
	struct capcat_buf b;
	char big[5001];

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, ">"), 0);
	assert_int_equal(capcat_buf_printf(&b, "%d-%s-%.2f", 42, "x", 1.5), 0);
	assert_string_equal(b.data, ">42-x-1.50");
	/* an empty result appends nothing and keeps the NUL */
	assert_int_equal(capcat_buf_printf(&b, "%s", ""), 0);
	assert_string_equal(b.data, ">42-x-1.50");
	assert_int_equal(b.len, 10);
	/* larger than any initial capacity */
	memset(big, 'q', 5000);
	big[5000] = '\0';
	assert_int_equal(capcat_buf_printf(&b, "[%s]", big), 0);
	assert_int_equal(b.len, 10 + 5002);
	assert_int_equal(b.data[10], '[');
	assert_int_equal(b.data[11 + 4999], 'q');
	assert_int_equal(b.data[b.len - 1], ']');
	check_valid(&b);
	/* %lld and padding */
	capcat_buf_reset(&b);
	assert_int_equal(capcat_buf_printf(&b, "%05lld|%-3s|", -12LL, "a"), 0);
	assert_string_equal(b.data, "-0012|a  |");
	capcat_buf_release(&b);
}

static void test_buf__reset_keeps_memory(void **state)
{
	struct capcat_buf b;
	char *data;
	size_t cap;

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "some text to drop"), 0);
	data = b.data;
	cap = b.cap;
	capcat_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_int_equal(capcat_buf_adds(&b, "new"), 0);
	assert_string_equal(b.data, "new");
	capcat_buf_release(&b);
}

static void test_buf__detach_hands_over_and_empties(void **state)
{
	struct capcat_buf b;
	size_t len = 0;
	char *data, *p;

	(void)state;
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "hand over"), 0);
	data = b.data;
	p = capcat_buf_detach(&b, &len);
	assert_ptr_equal(p, data);      /* no copy */
	assert_int_equal(len, 9);
	assert_string_equal(p, "hand over");
	/* the buffer is empty and valid, and no longer owns 'p' */
	assert_int_equal(b.len, 0);
	check_valid(&b);
	assert_ptr_not_equal(b.data, p);
	assert_int_equal(capcat_buf_adds(&b, "again"), 0);
	assert_string_equal(p, "hand over");
	assert_string_equal(b.data, "again");
	free(p);
	capcat_buf_release(&b);
}

static void test_buf__detach_empty_gives_freeable_string(void **state)
{
	struct capcat_buf b, c = CAPCAT_BUF_INIT;
	size_t len = 123;
	char *p, *q;

	(void)state;
	capcat_buf_init(&b);
	p = capcat_buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);                        /* must be heap memory, not the static "" */
	check_valid(&b);
	q = capcat_buf_detach(&c, NULL);        /* never-initialised buffer */
	assert_non_null(q);
	assert_string_equal(q, "");
	free(q);
	check_valid(&c);
}

static void test_buf__release_then_reuse(void **state)
{
	struct capcat_buf b;

	(void)state;
	capcat_buf_init(&b);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(capcat_buf_printf(&b, "round %d", round), 0);
		capcat_buf_release(&b);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.cap, 0);
		check_valid(&b);
		capcat_buf_release(&b);         /* twice is harmless */
		check_valid(&b);
	}
}

static void test_buf__json_plain_and_appended(void **state)
{
	struct capcat_buf b;

	(void)state;
	assert_json("", "\"\"");
	assert_json("abc", "\"abc\"");
	assert_json("a b/c", "\"a b/c\"");
	/* it appends, after what is there */
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "{\"k\": "), 0);
	assert_int_equal(capcat_buf_json_str(&b, "v"), 0);
	assert_int_equal(capcat_buf_addch(&b, '}'), 0);
	assert_string_equal(b.data, "{\"k\": \"v\"}");
	capcat_buf_release(&b);
}

static void test_buf__json_null_is_null(void **state)
{
	struct capcat_buf b;

	(void)state;
	assert_json(NULL, "null");
	capcat_buf_init(&b);
	assert_int_equal(capcat_buf_adds(&b, "["), 0);
	assert_int_equal(capcat_buf_json_str(&b, NULL), 0);
	assert_int_equal(capcat_buf_adds(&b, ","), 0);
	assert_int_equal(capcat_buf_json_str(&b, "null"), 0);   /* the text stays text */
	assert_int_equal(capcat_buf_adds(&b, "]"), 0);
	assert_string_equal(b.data, "[null,\"null\"]");
	capcat_buf_release(&b);
}

static void test_buf__json_escapes_quotes_and_backslash(void **state)
{
	(void)state;
	assert_json("say \"hi\"", "\"say \\\"hi\\\"\"");
	assert_json("C:\\dir\\", "\"C:\\\\dir\\\\\"");
	assert_json("\"", "\"\\\"\"");
	assert_json("\\\"", "\"\\\\\\\"\"");
}

static void test_buf__json_escapes_control_chars(void **state)
{
	char all[32];
	char *got;

	(void)state;
	assert_json("a\nb", "\"a\\nb\"");
	assert_json("\t\r", "\"\\t\\r\"");
	assert_json("\x01", "\"\\u0001\"");
	assert_json("\b\f", "\"\\u0008\\u000c\"");
	assert_json("\x1f", "\"\\u001f\"");
	assert_json("\x7f", "\"\\u007f\"");
	/* every control character: none may appear raw in the output */
	for (int i = 1; i < 32; i++)
		all[i - 1] = (char)i;
	all[31] = '\0';
	got = json(all);
	for (const char *p = got; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	assert_non_null(strstr(got, "\\u0002"));
	assert_non_null(strstr(got, "\\u001e"));
	free(got);
}

static void test_buf__json_valid_utf8_passes_through(void **state)
{
	(void)state;
	assert_json("caf\xC3\xA9", "\"caf\xC3\xA9\"");                 /* é */
	assert_json("\xE2\x82\xAC 5", "\"\xE2\x82\xAC 5\"");           /* € */
	assert_json("\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\"");       /* U+1F600 */
	assert_json("\xC2\x80", "\"\xC2\x80\"");                       /* U+0080 */
	assert_json("\xEF\xBF\xBF", "\"\xEF\xBF\xBF\"");               /* U+FFFF */
	assert_json("\xED\x9F\xBF", "\"\xED\x9F\xBF\"");               /* U+D7FF */
	assert_json("\xEE\x80\x80", "\"\xEE\x80\x80\"");               /* U+E000 */
	assert_json("\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\"");       /* U+10FFFF */
}

#define FFFD "\xEF\xBF\xBD"

static void test_buf__json_invalid_bytes_become_fffd(void **state)
{
	(void)state;
	assert_json("a\x80z", "\"a" FFFD "z\"");               /* lone continuation */
	assert_json("\xFF\xFE", "\"" FFFD FFFD "\"");
	assert_json("end\xC3", "\"end" FFFD "\"");             /* cut at the end */
	assert_json("\xE2\x82" "A", "\"" FFFD FFFD "A\"");     /* cut in the middle */
	assert_json("\xF0\x9F\x98", "\"" FFFD FFFD FFFD "\"");
	/* ISO-8859-1 text, as old IPTC often is */
	assert_json("Jos\xE9 Mu\xF1oz", "\"Jos" FFFD " Mu" FFFD "oz\"");
}

static void test_buf__json_overlongs_rejected(void **state)
{
	(void)state;
	assert_json("\xC0\x80", "\"" FFFD FFFD "\"");          /* NUL, 2 bytes */
	assert_json("\xC1\xBF", "\"" FFFD FFFD "\"");
	assert_json("\xC0\xAF", "\"" FFFD FFFD "\"");          /* '/' */
	assert_json("\xE0\x80\xAF", "\"" FFFD FFFD FFFD "\"");
	assert_json("\xE0\x9F\xBF", "\"" FFFD FFFD FFFD "\"");  /* U+07FF in 3 */
	assert_json("\xF0\x80\x80\xAF", "\"" FFFD FFFD FFFD FFFD "\"");
	assert_json("\xF0\x8F\xBF\xBF", "\"" FFFD FFFD FFFD FFFD "\"");  /* U+FFFF in 4 */
}

static void test_buf__json_surrogates_and_beyond_max_rejected(void **state)
{
	(void)state;
	assert_json("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"");          /* U+D800 */
	assert_json("\xED\xBF\xBF", "\"" FFFD FFFD FFFD "\"");          /* U+DFFF */
	/* a CESU-8 pair for U+1F600 */
	assert_json("\xED\xA0\xBD\xED\xB8\x80",
		    "\"" FFFD FFFD FFFD FFFD FFFD FFFD "\"");
	assert_json("\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""); /* U+110000 */
	assert_json("\xF5\x80\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
	assert_json("\xF8\x88\x80\x80\x80", "\"" FFFD FFFD FFFD FFFD FFFD "\"");
}

static void test_buf__json_random_bytes_give_valid_json_text(void **state)
{
	unsigned seed = 12345;
	char in[64];

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % 63), len;
		char *out;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)((seed >> 16) % 255 + 1);        /* no NUL */
		}
		in[n] = '\0';
		out = json(in);
		len = strlen(out);
		assert_true(len >= 2);
		assert_int_equal(out[0], '"');
		assert_int_equal(out[len - 1], '"');
		assert_true(valid_utf8((const unsigned char *)out, len));
		/* no raw control character, no unescaped quote inside */
		for (size_t i = 1; i + 1 < len; i++) {
			unsigned char c = (unsigned char)out[i];
			assert_true(c >= 0x20 && c != 0x7F);
			if (c == '\\') {
				assert_non_null(strchr("\"\\ntru", out[i + 1]));
				i++;
			} else {
				assert_int_not_equal(c, '"');
			}
		}
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__init_is_empty_and_terminated),
		cmocka_unit_test(test_buf__static_init_then_append),
		cmocka_unit_test(test_buf__add_grows_and_keeps_bytes),
		cmocka_unit_test(test_buf__addch_and_adds),
		cmocka_unit_test(test_buf__grow_reserves_without_changing_content),
		cmocka_unit_test(test_buf__grow_overflow_fails_and_keeps_buffer),
		cmocka_unit_test(test_buf__printf_appends_formatted),
		cmocka_unit_test(test_buf__reset_keeps_memory),
		cmocka_unit_test(test_buf__detach_hands_over_and_empties),
		cmocka_unit_test(test_buf__detach_empty_gives_freeable_string),
		cmocka_unit_test(test_buf__release_then_reuse),
		cmocka_unit_test(test_buf__json_plain_and_appended),
		cmocka_unit_test(test_buf__json_null_is_null),
		cmocka_unit_test(test_buf__json_escapes_quotes_and_backslash),
		cmocka_unit_test(test_buf__json_escapes_control_chars),
		cmocka_unit_test(test_buf__json_valid_utf8_passes_through),
		cmocka_unit_test(test_buf__json_invalid_bytes_become_fffd),
		cmocka_unit_test(test_buf__json_overlongs_rejected),
		cmocka_unit_test(test_buf__json_surrogates_and_beyond_max_rejected),
		cmocka_unit_test(test_buf__json_random_bytes_give_valid_json_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
