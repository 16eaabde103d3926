/* understand_date.c - the day a caption states.
 *
 * Forms (caption-style.md section 2): "September 11, 2024", "Sept. 11,
 * 2024", "Wednesday, Sept. 11, 2024", "March 13, 2022", "11 September
 * 2024", "03 Feb 2026", "2024-09-11", "March 2022" (month only), and
 * "Feb. 8" / "MARCH 5:" without a year.
 *
 * Which one: the first full date; else the first day without a year,
 * whose year is the photo's own (ref_date; the year that puts the day
 * within six months of it, so "Dec. 31" on a photo of Jan. 2 is the year
 * before), else a year the caption states elsewhere ("March 2022",
 * "2024"), else none: a day without any year is left out ("" rather than a
 * guess); else the first month with its year ("YYYY-MM").  Every date and
 * weekday token is marked so that "March" or "Tuesday" is never taken for
 * a place or a name.
 */
#include "understand_int.h"

#include <stdio.h>
#include <string.h>

struct und_date {
	int y, m, d;            /* 0 when not stated */
};

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid(int y, int m, int d)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1800 || y > 2100 || m < 1 || m > 12 || d < 0 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !leap(y));
}

/* A four-digit year token. */
static int year_at(const struct und_cx *cx, size_t i)
{
	int y = capcat_und__number(cx, i, 0);

	if (y < 1800 || y > 2100 || cx->t[i].b - cx->t[i].a != 4)
		return 0;
	return y;
}

static int day_at(const struct und_cx *cx, size_t i)
{
	int d = capcat_und__number(cx, i, 1);

	return (d >= 1 && d <= 31 && cx->t[i].b - cx->t[i].a <= 4) ? d : 0;
}

/* A capitalised month name at i; *next is the token after it (and after
 * an abbreviation's full stop). */
static int month_at(const struct und_cx *cx, size_t i, size_t *next)
{
	int m;

	if (i >= cx->nt || !(cx->t[i].flags & UF_CAP) || !(m = capcat_und__month(cx, i)))
		return 0;
	*next = i + 1 + capcat_und__punct(cx, i + 1, '.');
	return m;
}

/* "Month [day][,] [year]": the tokens used, 0 if none. */
static size_t month_first(const struct und_cx *cx, size_t i, struct und_date *dt)
{
	size_t j;
	int m = month_at(cx, i, &j), d;

	if (!m)
		return 0;
	if ((d = day_at(cx, j))) {
		size_t k = j + 1 + capcat_und__punct(cx, j + 1, ',');
		dt->m = m;
		dt->d = d;
		if ((dt->y = year_at(cx, k)))
			return k + 1 - i;
		return j + 1 - i;
	}
	if ((dt->y = year_at(cx, j))) {
		dt->m = m;
		return j + 1 - i;
	}
	return 0;
}

/* "day Month [year]". */
static size_t day_first(const struct und_cx *cx, size_t i, struct und_date *dt)
{
	size_t j, k;
	int d = day_at(cx, i), m;

	if (!d || !(m = month_at(cx, i + 1, &j)))
		return 0;
	dt->d = d;
	dt->m = m;
	k = j + capcat_und__punct(cx, j, ',');
	if ((dt->y = year_at(cx, k)))
		return k + 1 - i;
	return j - i;
}

/* "2024-09-11" (one token: hyphens join digits). */
static size_t iso(const struct und_cx *cx, size_t i, struct und_date *dt)
{
	const struct und_tok *t = &cx->t[i];
	const char *p = cx->s + t->a;
	int y, m, d;
	size_t k;

	if (t->kind != UK_NUM || t->b - t->a != 10 || p[4] != '-' || p[7] != '-')
		return 0;
	for (k = 0; k < 10; k++)
		if (k != 4 && k != 7 && !(p[k] >= '0' && p[k] <= '9'))
			return 0;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	m = (p[5] - '0') * 10 + (p[6] - '0');
	d = (p[8] - '0') * 10 + (p[9] - '0');
	if (!valid(y, m, d) || !d)
		return 0;
	dt->y = y;
	dt->m = m;
	dt->d = d;
	return 1;
}

static void mark(struct und_cx *cx, size_t a, size_t b)
{
	size_t i;

	/* "Wednesday, Sept. 11": the weekday belongs to the date */
	if (a >= 2 && capcat_und__punct(cx, a - 1, ',') && capcat_und__weekday(cx, a - 2))
		a -= 2;
	else if (a >= 1 && capcat_und__weekday(cx, a - 1))
		a -= 1;
	for (i = a; i < b && i < cx->nt; i++)
		cx->t[i].flags |= UF_DATE;
}

/* The year of a day without one (see the top of the file); 0 if none. */
static int infer_year(const struct und_cx *cx, const struct und_date *dt, int stated)
{
	const char *r = cx->ref_date;
	int y = 0, m = 0, k;

	for (k = 0; r && k < 4 && r[k] >= '0' && r[k] <= '9'; k++)
		y = y * 10 + (r[k] - '0');
	if (k == 4 && y >= 1800 && y <= 2100) {
		if (r[4] == '-' && r[5] >= '0' && r[5] <= '1' && r[6] >= '0' && r[6] <= '9')
			m = (r[5] - '0') * 10 + (r[6] - '0');
		if (m >= 1 && m <= 12 && dt->m - m > 6)
			y--;
		else if (m >= 1 && m <= 12 && m - dt->m > 6)
			y++;
		return y;
	}
	return stated;
}

/* A year standing alone ("in 2024"), for a day written without one. */
static int lone_year(const struct und_cx *cx)
{
	size_t i;
	int y;

	for (i = 0; i < cx->nt; i++)
		if (!(cx->t[i].flags & UF_DATE) && (y = year_at(cx, i)))
			return y;
	return 0;
}

static void put(struct und_cx *cx, const struct und_date *dt)
{
	char *o = cx->out->date;

	if (dt->d && valid(dt->y, dt->m, dt->d))
		snprintf(o, sizeof(cx->out->date), "%04d-%02d-%02d", dt->y, dt->m, dt->d);
	else if (!dt->d && valid(dt->y, dt->m, 0))
		snprintf(o, sizeof(cx->out->date), "%04d-%02d", dt->y, dt->m);
}

int capcat_und__date(struct und_cx *cx)
{
	struct und_date full = { 0 }, day = { 0 }, month = { 0 }, dt;
	size_t i, used;

	for (i = 0; i < cx->nt; i++) {
		if ((cx->t[i].flags & UF_CAP) && capcat_und__weekday(cx, i))
			cx->t[i].flags |= UF_DATE;
		memset(&dt, 0, sizeof(dt));
		if (!(used = month_first(cx, i, &dt)) && !(used = day_first(cx, i, &dt)) &&
		    !(used = iso(cx, i, &dt)))
			continue;
		mark(cx, i, i + used);
		if (dt.y && dt.d && !full.y && valid(dt.y, dt.m, dt.d))
			full = dt;
		else if (!dt.y && !day.m)
			day = dt;
		else if (dt.y && !dt.d && !month.y)
			month = dt;
		i += used - 1;
	}
	if (full.y) {
		put(cx, &full);
	} else if (day.m) {
		day.y = infer_year(cx, &day, month.y ? month.y : lone_year(cx));
		put(cx, &day);
	} else if (month.y) {
		put(cx, &month);
	}
	return 0;
}
