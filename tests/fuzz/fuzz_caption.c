/* fuzz_caption.c - libFuzzer target: captions and credit lines.
 *
 * The input, NUL-terminated, goes through capcat_caption_parse() and
 * capcat_credit_parse(); whatever they find is formatted back in every
 * house style, and the credit formatted in a style is parsed again.
 */
#include "capcat/caption.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void format_all(const char *text, const struct capcat_credit *c)
{
	struct capcat_credit again;
	struct capcat_err err = { 0 };
	int style;

	for (style = 0; style < CAPCAT_STYLE_COUNT; style++) {
		char *line = NULL, *caption = NULL;

		if (!capcat_credit_format(&line, c, (enum capcat_credit_style)style, &err)) {
			capcat_credit_init(&again);
			capcat_credit_parse(&again, line, &err);
			capcat_credit_release(&again);
		}
		capcat_caption_format(&caption, text, c, (enum capcat_credit_style)style, &err);
		free(line);
		free(caption);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capcat_caption cap;
	struct capcat_credit credit;
	struct capcat_err err = { 0 };
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	capcat_caption_init(&cap);
	if (!capcat_caption_parse(&cap, s, &err))
		format_all(cap.text, &cap.credit);
	capcat_caption_release(&cap);
	capcat_credit_init(&credit);
	if (!capcat_credit_parse(&credit, s, &err))
		format_all(s, &credit);
	capcat_credit_release(&credit);
	free(s);
	return 0;
}
