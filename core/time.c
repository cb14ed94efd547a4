/*
 * time.c: parsing and formatting of dates and times.
 *
 * A date is a calendar day, kept as its 00:00 UTC; a time is a moment,
 * kept as UTC seconds. Calendar arithmetic uses Howard Hinnant's
 * days_from_civil and civil_from_days (proleptic Gregorian, day 0 =
 * 1970-01-01). The team's zone is the process's local zone (TZ, which
 * cmd/ sets from time.zone): only the offset of a moment
 * (localtime_r) and the moment of a wall-clock time (mktime) come from
 * the C library.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm/crm.h"

#define DAY_SECS 86400

/* Accepted years; anything that parses to a date outside is EINVAL. */
#define YEAR_MIN 1900
#define YEAR_MAX 9999

/* Floor division for a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b < 0) ? q - 1 : q;
}

/* Days since 1970-01-01 of y-m-d. Eras are 400 years, years start in March. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	if (m <= 2) {
		y--;
	}
	era = floor_div(y, 400);
	yoe = y - era * 400;                                   /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;                                       /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                /* [0, 365] */
	mp = (5 * doy + 2) / 153;                                     /* [0, 11] */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return (m == 2 && is_leap(y)) ? 29 : len[m - 1];
}

/* Reads exactly n ASCII digits at s into *v. */
static bool read_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* Whether day number z (days since 1970-01-01) is in YEAR_MIN..YEAR_MAX. */
static bool day_in_range(int64_t z)
{
	return z >= days_from_civil(YEAR_MIN, 1, 1) &&
	       z <= days_from_civil(YEAR_MAX, 12, 31);
}

/* "YYYY-MM-DD" at s (exactly 10 chars, rest not looked at) into *day. */
static bool parse_ymd(const char *s, int64_t *day)
{
	int y, m, d;

	if (!read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &m) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &d)) {
		return false;
	}
	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m)) {
		return false;
	}
	*day = days_from_civil(y, m, d);
	return true;
}

/*
 * "+Nd", "-Nw", "+Nm", "+Ny" (or +Nд, -Nн, +Nм, +Nг) counted from day `today`. N has 1 to 9
 * digits. Months and years keep the day of the month, clamped to the
 * end of the target month (Jan 31 +1m = Feb 28 or 29; Feb 29 +1y = Feb 28).
 */
/* The unit of a relative date, English or Russian (д, н, м, г), as d, w, m or y. */
static char relative_unit(const char *u)
{
	static const struct {
		const char *name;
		char unit;
	} units[] = {
		{ "d", 'd' }, { "w", 'w' }, { "m", 'm' }, { "y", 'y' },
		{ "д", 'd' }, { "н", 'w' }, { "м", 'm' }, { "г", 'y' },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(u, units[i].name) == 0) {
			return units[i].unit;
		}
	}
	return '\0';
}

static bool parse_relative(const char *s, int64_t today, int64_t *day)
{
	int64_t n = 0, y, months;
	int m, d, i;
	char unit;

	if (s[0] != '+' && s[0] != '-') {
		return false;
	}
	for (i = 1; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i > 9) {
			return false;
		}
		n = n * 10 + (s[i] - '0');
	}
	if (i == 1 || (unit = relative_unit(s + i)) == '\0') {
		return false;
	}
	if (s[0] == '-') {
		n = -n;
	}
	switch (unit) {
	case 'd':
		*day = today + n;
		return true;
	case 'w':
		*day = today + 7 * n;
		return true;
	case 'm':
	case 'y':
		civil_from_days(today, &y, &m, &d);
		months = y * 12 + (m - 1) + (unit == 'm' ? n : 12 * n);
		/* Reject early so the year below stays small and positive. */
		if (months < (int64_t)YEAR_MIN * 12 || months > (int64_t)YEAR_MAX * 12 + 11) {
			return false;
		}
		y = months / 12;
		m = (int)(months % 12) + 1;
		if (d > days_in_month(y, m)) {
			d = days_in_month(y, m);
		}
		*day = days_from_civil(y, m, d);
		return true;
	default:
		return false;
	}
}

/* One or two ASCII digits at *s, advancing it. */
static bool read_1or2(const char **s, int *v)
{
	if (**s < '0' || **s > '9') {
		return false;
	}
	*v = *(*s)++ - '0';
	if (**s >= '0' && **s <= '9') {
		*v = *v * 10 + (*(*s)++ - '0');
	}
	return true;
}

/*
 * "DD.MM.YYYY" or "DD.MM" (see crm/time.h): without a year, this year's
 * day, or with CRM_DATE_AHEAD the first such day from today on.
 */
static bool parse_dmy(const char *s, int64_t today, unsigned flags, int64_t *day)
{
	int64_t y;
	int d, m, year, td, tm;

	if (!read_1or2(&s, &d) || *s++ != '.' || !read_1or2(&s, &m) || m < 1 || m > 12 ||
	    d < 1) {
		return false;
	}
	if (*s == '.') {
		if (!read_digits(s + 1, 4, &year) || s[5] != '\0' || d > days_in_month(year, m)) {
			return false;
		}
		*day = days_from_civil(year, m, d);
		return true;
	}
	if (*s != '\0') {
		return false;
	}
	civil_from_days(today, &y, &tm, &td);
	if (!(flags & CRM_DATE_AHEAD)) {
		if (d > days_in_month(y, m)) {
			return false;
		}
		*day = days_from_civil(y, m, d);
		return true;
	}
	/* this year's if it is valid and not behind, else next year's */
	if (d <= days_in_month(y, m) && days_from_civil(y, m, d) >= today) {
		*day = days_from_civil(y, m, d);
		return true;
	}
	if (d > days_in_month(y + 1, m)) {
		return false;
	}
	*day = days_from_civil(y + 1, m, d);
	return true;
}

/* The date part shared by both parsers, as a day number. */
static bool parse_day(const char *s, int64_t now, unsigned flags, int64_t *day)
{
	int64_t today = floor_div(crm_local_wall(now), DAY_SECS);

	if (strcmp(s, "today") == 0 || strcmp(s, "сегодня") == 0) {
		*day = today;
	} else if (strcmp(s, "tomorrow") == 0 || strcmp(s, "завтра") == 0) {
		*day = today + 1;
	} else if (strcmp(s, "yesterday") == 0 || strcmp(s, "вчера") == 0) {
		*day = today - 1;
	} else if (strchr(s, '.')) {
		if (!parse_dmy(s, today, flags, day)) {
			return false;
		}
	} else if (s[0] == '+' || s[0] == '-') {
		if (!parse_relative(s, today, day)) {
			return false;
		}
	} else if (strlen(s) != 10 || !parse_ymd(s, day)) {
		return false;
	}
	return day_in_range(*day);
}

crm_status crm_date_parse(const char *s, int64_t now, int64_t *out)
{
	return crm_date_parse_flags(s, now, 0, out);
}

crm_status crm_date_parse_flags(const char *s, int64_t now, unsigned flags, int64_t *out)
{
	int64_t day;

	*out = 0;
	if (s == NULL || !parse_day(s, now, flags, &day)) {
		return CRM_EINVAL;
	}
	*out = day * DAY_SECS;
	return CRM_OK;
}

/*
 * The wall-clock time day + secs in the local zone as UTC seconds. A
 * time skipped by a change to summer time is read as the clock that
 * did not stop would read it (mktime's normalisation).
 */
static bool local_to_utc(int64_t day, int secs, int64_t *out)
{
	struct tm tm = { 0 };
	int64_t y;
	int m, d;
	time_t t;

	civil_from_days(day, &y, &m, &d);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = secs / 3600;
	tm.tm_min = secs / 60 % 60;
	tm.tm_sec = secs % 60;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 && !(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31)) {
		return false;
	}
	*out = (int64_t)t;
	return true;
}

/*
 * The date forms, "now", and YYYY-MM-DD followed by 'T' or ' ', HH:MM,
 * optionally :SS, optionally 'Z'. With Z the time is UTC, without it a
 * wall-clock time in the local zone. Seconds go to 59: there are no
 * leap seconds in int64 UTC seconds.
 */
crm_status crm_when_parse(const char *s, int64_t now, int64_t *out, bool *timed)
{
	return crm_when_parse_flags(s, now, 0, out, timed);
}

/* "H:MM" or "HH:MM", optionally ":SS", and nothing after, as seconds of the day. */
static bool parse_clock(const char *s, int *secs)
{
	int hh, mm, ss = 0;

	if (!read_1or2(&s, &hh) || *s != ':' || !read_digits(s + 1, 2, &mm)) {
		return false;
	}
	s += 3;
	if (*s == ':') {
		if (!read_digits(s + 1, 2, &ss)) {
			return false;
		}
		s += 3;
	}
	if (*s != '\0' || hh > 23 || mm > 59 || ss > 59) {
		return false;
	}
	*secs = hh * 3600 + mm * 60 + ss;
	return true;
}

/*
 * A date form other than YYYY-MM-DD, a space and a wall-clock time:
 * "25.11.2026 10:00", "завтра 9:30". false when s is not of that shape.
 */
static bool parse_day_clock(const char *s, int64_t now, unsigned flags, int64_t *out,
			    crm_status *st)
{
	const char *sp = strrchr(s, ' ');
	char date[32];
	int64_t day;
	int secs;

	if (!sp || sp == s || (size_t)(sp - s) >= sizeof(date) || !parse_clock(sp + 1, &secs)) {
		return false;
	}
	memcpy(date, s, (size_t)(sp - s));
	date[sp - s] = '\0';
	if (strlen(date) == 10 && date[4] == '-') {
		return false; /* YYYY-MM-DD HH:MM: below */
	}
	*st = parse_day(date, now, flags, &day) && local_to_utc(day, secs, out) ? CRM_OK
									      : CRM_EINVAL;
	return true;
}

crm_status crm_when_parse_flags(const char *s, int64_t now, unsigned flags, int64_t *out,
				bool *timed)
{
	int64_t day;
	int hh, mm, ss = 0;
	size_t i;
	crm_status st;

	*out = 0;
	*timed = false;
	if (s == NULL) {
		return CRM_EINVAL;
	}
	if (parse_day_clock(s, now, flags, out, &st)) {
		*timed = st == CRM_OK;
		if (st != CRM_OK) {
			*out = 0;
		}
		return st;
	}
	if (strcmp(s, "now") == 0 || strcmp(s, "сейчас") == 0) {
		if (!day_in_range(floor_div(now, DAY_SECS))) {
			return CRM_EINVAL;
		}
		*out = now;
		*timed = true;
		return CRM_OK;
	}
	if (strlen(s) < 16 || (s[10] != 'T' && s[10] != ' ')) {
		return crm_date_parse_flags(s, now, flags, out);
	}
	if (!parse_ymd(s, &day) || !read_digits(s + 11, 2, &hh) || s[13] != ':' ||
	    !read_digits(s + 14, 2, &mm)) {
		return CRM_EINVAL;
	}
	i = 16;
	if (s[i] == ':') {
		if (!read_digits(s + i + 1, 2, &ss)) {
			return CRM_EINVAL;
		}
		i += 3;
	}
	if (s[i] == 'Z') {
		i++;
	} else if (s[i] == '\0' && hh <= 23 && mm <= 59 && ss <= 59) {
		if (!local_to_utc(day, hh * 3600 + mm * 60 + ss, out)) {
			return CRM_EINVAL;
		}
		*timed = true;
		return CRM_OK;
	}
	if (s[i] != '\0' || hh > 23 || mm > 59 || ss > 59) {
		return CRM_EINVAL;
	}
	*out = day * DAY_SECS + hh * 3600 + mm * 60 + ss;
	*timed = true;
	return CRM_OK;
}

crm_status crm_time_parse(const char *s, int64_t now, int64_t *out)
{
	bool timed;

	return crm_when_parse(s, now, out, &timed);
}

/*
 * Rounds down to a multiple of a day. In the first partial day above
 * INT64_MIN the true start does not fit in int64; INT64_MIN is returned.
 */
int64_t crm_day_start(int64_t t)
{
	int64_t r = t % DAY_SECS;

	if (r < 0) {
		r += DAY_SECS;
	}
	if (t < INT64_MIN + r) {
		return INT64_MIN;
	}
	return t - r;
}

char *crm_date_format(int64_t t, char *buf, size_t n)
{
	int64_t y;
	int m, d;

	civil_from_days(floor_div(t, DAY_SECS), &y, &m, &d);
	snprintf(buf, n, "%04" PRId64 "-%02d-%02d", y, m, d);
	return buf;
}

char *crm_time_format(int64_t t, char *buf, size_t n)
{
	int64_t secs = t % DAY_SECS, y;
	int m, d;

	if (secs < 0) {
		secs += DAY_SECS; /* [0, 86399] */
	}
	civil_from_days(floor_div(t, DAY_SECS), &y, &m, &d);
	snprintf(buf, n, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}

/* ---- the team's zone ------------------------------------------------------ */

#define ZONE_DIR "/usr/share/zoneinfo"

crm_status crm_zone_check(const char *name)
{
	char path[sizeof(ZONE_DIR) + 256];
	char magic[4];
	size_t n = name ? strlen(name) : 0;
	FILE *f;
	bool ok;

	if (n == 0 || n > 200 || name[0] == '/' || name[0] == '.' || strstr(name, "..")) {
		return CRM_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '-' || c == '+')) {
			return CRM_EINVAL;
		}
	}
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		return CRM_OK; /* the C library knows it without the zone files */
	}
	snprintf(path, sizeof(path), "%s/%s", ZONE_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		return CRM_ENOTFOUND;
	}
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok ? CRM_OK : CRM_EINVAL;
}

int64_t crm_local_offset(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm)) {
		return 0;
	}
	/* the wall clock's seconds less the moment's: tm_gmtoff, portably */
	return days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * DAY_SECS +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec - t;
}

int64_t crm_local_wall(int64_t t)
{
	return t + crm_local_offset(t);
}

int64_t crm_local_today(int64_t now)
{
	return crm_day_start(crm_local_wall(now));
}

int64_t crm_day_end(int64_t date)
{
	int64_t t;

	if (!local_to_utc(floor_div(date, DAY_SECS) + 1, 0, &t)) {
		return date + DAY_SECS;
	}
	return t;
}

char *crm_local_format(int64_t t, char *buf, size_t n)
{
	int64_t w = crm_local_wall(t), secs = w % DAY_SECS, y;
	int m, d;

	if (secs < 0) {
		secs += DAY_SECS;
	}
	civil_from_days(floor_div(w, DAY_SECS), &y, &m, &d);
	snprintf(buf, n, "%04" PRId64 "-%02d-%02d %02d:%02d", y, m, d, (int)(secs / 3600),
		 (int)(secs / 60 % 60));
	return buf;
}
