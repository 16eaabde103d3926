/* photo.c - struct capcat_photo lifecycle. */
#include "capcat/photo.h"
#include "capcat/buf.h"
#include "capcat/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void capcat_photo_init(struct capcat_photo *ph)
{
	memset(ph, 0, sizeof(*ph));
}

void capcat_photo_release(struct capcat_photo *ph)
{
	free(ph->path);
	free(ph->mime);
	free(ph->taken);
	free(ph->make);
	free(ph->model);
	free(ph->lens);
	free(ph->thumb);
	free(ph->warnings);
	capcat_meta_release(&ph->meta);
	capcat_photo_init(ph);
}

void capcat_photo_warn(struct capcat_photo *ph, const char *fmt, ...)
{
	char line[256];
	size_t old, n;
	char *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	old = ph->warnings ? strlen(ph->warnings) : 0;
	/* the same warning twice says nothing new */
	if (ph->warnings && strstr(ph->warnings, line))
		return;
	n = strlen(line);
	p = realloc(ph->warnings, old + n + 2);
	if (!p)
		return;
	if (old)
		p[old++] = '\n';
	memcpy(p + old, line, n + 1);
	ph->warnings = p;
}

int capcat_photo_set_str(char **field, const char *s, size_t len)
{
	char *p;

	free(*field);
	*field = NULL;
	if (!s)
		return 0;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\0' ||
		       s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (!len || memchr(s, '\0', len))
		len = strnlen(s, len);
	if (!len)
		return 0;
	p = malloc(len + 1);
	if (!p)
		return CAPCAT_ENOMEM;
	memcpy(p, s, len);
	p[len] = '\0';
	*field = p;
	return 0;
}
