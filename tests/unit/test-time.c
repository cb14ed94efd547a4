/* test-time.c: date and time parsing, calendar rules, formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm/crm.h"

/* 2026-11-22T10:00:00Z */
#define NOW INT64_C(1795341600)
#define DAY INT64_C(86400)

/* Parses s as a date relative to now and checks its formatted value. */
static void check_date(const char *s, int64_t now, const char *want)
{
	int64_t t = -1;
	char buf[32];

	if (crm_date_parse(s, now, &t) != CRM_OK) {
		fail_msg("'%s' rejected, want %s", s, want);
	}
	assert_int_equal(t % DAY, 0);
	assert_string_equal(crm_date_format(t, buf, sizeof buf), want);
}

static void check_date_bad(const char *s, int64_t now)
{
	int64_t t = -1;

	if (crm_date_parse(s, now, &t) != CRM_EINVAL) {
		fail_msg("'%s' accepted", s);
	}
	assert_int_equal(t, 0);
}

static void check_time_bad(const char *s)
{
	int64_t t = -1;

	if (crm_time_parse(s, NOW, &t) != CRM_EINVAL) {
		fail_msg("'%s' accepted", s);
	}
	assert_int_equal(t, 0);
}

static void test_date_absolute(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(crm_date_parse("2026-11-22", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1795305600));
	assert_int_equal(crm_date_parse("1970-01-01", NOW, &t), CRM_OK);
	assert_int_equal(t, 0);
	assert_int_equal(crm_date_parse("1969-12-31", NOW, &t), CRM_OK);
	assert_int_equal(t, -DAY);
	assert_int_equal(crm_date_parse("1900-01-01", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(-2208988800));
	assert_int_equal(crm_date_parse("9999-12-31", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(253402214400));
	check_date("2026-01-31", NOW, "2026-01-31");
	check_date("2026-04-30", NOW, "2026-04-30");
	check_date("2026-12-31", NOW, "2026-12-31");
}

static void test_date_leap_years(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(crm_date_parse("2024-02-29", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1709164800));
	assert_int_equal(crm_date_parse("2000-02-29", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(951782400));
	check_date("2400-02-29", NOW, "2400-02-29");
	check_date("2026-02-28", NOW, "2026-02-28");
	check_date_bad("2026-02-29", NOW);
	check_date_bad("1900-02-29", NOW); /* divisible by 100, not 400 */
	check_date_bad("2100-02-29", NOW);
	check_date_bad("2024-02-30", NOW);
	/* 2024-02-28 + 1 day is the leap day, + 2 is March. */
	check_date("+1d", INT64_C(1709164800) - DAY, "2024-02-29");
	check_date("+2d", INT64_C(1709164800) - DAY, "2024-03-01");
}

static void test_date_bad_shapes(void **state)
{
	int64_t t = -1;

	(void)state;
	check_date_bad("2026-13-01", NOW);
	check_date_bad("2026-00-10", NOW);
	check_date_bad("2026-01-00", NOW);
	check_date_bad("2026-01-32", NOW);
	check_date_bad("2026-04-31", NOW);
	check_date_bad("2026-1-1", NOW);
	check_date_bad("2026-01-1", NOW);
	check_date_bad("26-01-01", NOW);
	check_date_bad("2026/01/01", NOW);
	check_date_bad("20260101", NOW);
	check_date_bad(" 2026-01-01", NOW);
	check_date_bad("2026-01-01 ", NOW);
	check_date_bad("2026-11-22junk", NOW);
	check_date_bad("2026-11-22T10:00", NOW); /* a time is not a date */
	check_date_bad("1899-12-31", NOW);
	check_date_bad("0000-01-01", NOW);
	check_date_bad("+026-01-01", NOW);
	check_date_bad("", NOW);
	check_date_bad("today ", NOW);
	assert_int_equal(crm_date_parse(NULL, NOW, &t), CRM_EINVAL);
	assert_int_equal(t, 0);
}

static void test_date_words(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(crm_date_parse("today", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1795305600));
	check_date("today", NOW, "2026-11-22");
	check_date("tomorrow", NOW, "2026-11-23");
	check_date("yesterday", NOW, "2026-11-21");
	/* Just before midnight and at midnight. */
	check_date("today", INT64_C(1795305600) - 1, "2026-11-21");
	check_date("today", INT64_C(1795305600), "2026-11-22");
	check_date("tomorrow", INT64_C(1798675200) + 5, "2027-01-01"); /* 2026-12-31 */
	/* Before 1970: now is 1969-12-31T23:59:59Z. */
	check_date("today", -1, "1969-12-31");
	check_date("tomorrow", -1, "1970-01-01");
	check_date_bad("tomorow", NOW);
	check_date_bad("Today", NOW);
	check_date_bad("now", NOW);
	/* 1900-01-01T12:00Z: yesterday is out of range. */
	check_date("today", INT64_C(-2208945600), "1900-01-01");
	check_date_bad("yesterday", INT64_C(-2208945600));
}

static void test_date_relative(void **state)
{
	(void)state;
	check_date("+0d", NOW, "2026-11-22");
	check_date("+3d", NOW, "2026-11-25");
	check_date("+9d", NOW, "2026-12-01");
	check_date("-3d", NOW, "2026-11-19");
	check_date("-22d", NOW, "2026-10-31");
	check_date("+1w", NOW, "2026-11-29");
	check_date("+2w", NOW, "2026-12-06");
	check_date("-2w", NOW, "2026-11-08");
	check_date("+1m", NOW, "2026-12-22");
	check_date("+2m", NOW, "2027-01-22");
	check_date("-1m", NOW, "2026-10-22");
	check_date("-11m", NOW, "2025-12-22");
	check_date("+12m", NOW, "2027-11-22");
	check_date("+1y", NOW, "2027-11-22");
	check_date("-1y", NOW, "2025-11-22");
	check_date("+365d", NOW, "2027-11-22");
	check_date("+000000001d", NOW, "2026-11-23");
	check_date("+7973y", NOW, "9999-11-22");
	check_date("-126y", NOW, "1900-11-22");
}

static void test_date_month_clamp(void **state)
{
	const int64_t jan31_2026 = INT64_C(1769817600);
	const int64_t jan31_2024 = INT64_C(1706659200);
	const int64_t feb29_2024 = INT64_C(1709164800);

	(void)state;
	check_date("+1m", jan31_2026, "2026-02-28");
	check_date("+1m", jan31_2024, "2024-02-29");
	check_date("+2m", jan31_2026, "2026-03-31");
	check_date("+3m", jan31_2026, "2026-04-30");
	check_date("-2m", jan31_2026, "2025-11-30");
	check_date("+11m", jan31_2026, "2026-12-31");
	check_date("+13m", jan31_2026, "2027-02-28");
	check_date("+1y", feb29_2024, "2025-02-28");
	check_date("-1y", feb29_2024, "2023-02-28");
	check_date("+4y", feb29_2024, "2028-02-29");
	check_date("+76y", feb29_2024, "2100-02-28");
	check_date("-24y", feb29_2024, "2000-02-29");
	check_date("-124y", feb29_2024, "1900-02-28");
	check_date("+12m", feb29_2024, "2025-02-28");
	/* Clamping does not stick: Feb 28 +1m is Mar 28. */
	check_date("+1m", INT64_C(1772236800), "2026-03-28"); /* 2026-02-28 */
}

static void test_date_relative_bad(void **state)
{
	(void)state;
	check_date_bad("+3x", NOW);
	check_date_bad("+", NOW);
	check_date_bad("-", NOW);
	check_date_bad("+d", NOW);
	check_date_bad("3d", NOW);
	check_date_bad("+3", NOW);
	check_date_bad("+3dd", NOW);
	check_date_bad("+3D", NOW);
	check_date_bad("+ 3d", NOW);
	check_date_bad("+-3d", NOW);
	check_date_bad("++3d", NOW);
	check_date_bad("+3d ", NOW);
	check_date_bad("+1234567890d", NOW); /* 10 digits */
	check_date_bad("+999999999d", NOW);  /* past 9999 */
	check_date_bad("-999999999w", NOW);
	check_date_bad("+999999999m", NOW);
	check_date_bad("+999999999y", NOW);
	check_date_bad("+7974y", NOW);
	check_date_bad("-127y", NOW);
}

static void test_time_parse(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(crm_time_parse("2026-11-22T10:00:00Z", 0, &t), CRM_OK);
	assert_int_equal(t, NOW);
	assert_int_equal(crm_time_parse("2026-11-22T10:00:00", 0, &t), CRM_OK);
	assert_int_equal(t, NOW);
	assert_int_equal(crm_time_parse("2026-11-22T10:00", 0, &t), CRM_OK);
	assert_int_equal(t, NOW);
	assert_int_equal(crm_time_parse("2026-11-22T10:00Z", 0, &t), CRM_OK);
	assert_int_equal(t, NOW);
	assert_int_equal(crm_time_parse("2026-11-22 10:00:30", 0, &t), CRM_OK);
	assert_int_equal(t, NOW + 30);
	assert_int_equal(crm_time_parse("2026-11-22 23:59:59Z", 0, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1795305600) + DAY - 1);
	assert_int_equal(crm_time_parse("1969-12-31T23:59:59Z", 0, &t), CRM_OK);
	assert_int_equal(t, -1);
	assert_int_equal(crm_time_parse("9999-12-31T23:59:59Z", 0, &t), CRM_OK);
	assert_int_equal(t, INT64_C(253402300799));
	/* Date forms give midnight. */
	assert_int_equal(crm_time_parse("2026-11-22", 0, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1795305600));
	assert_int_equal(crm_time_parse("tomorrow", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1795305600) + DAY);
	assert_int_equal(crm_time_parse("+1w", NOW, &t), CRM_OK);
	assert_int_equal(t, INT64_C(1795305600) + 7 * DAY);
	assert_int_equal(crm_time_parse("now", NOW + 17, &t), CRM_OK);
	assert_int_equal(t, NOW + 17);
}

static void test_time_parse_bad(void **state)
{
	int64_t t = -1;

	(void)state;
	check_time_bad("2026-11-22T24:00");
	check_time_bad("2026-11-22T10:60");
	check_time_bad("2026-11-22T10:00:60");
	check_time_bad("2026-11-22T10");
	check_time_bad("2026-11-22T10:");
	check_time_bad("2026-11-22T10:0");
	check_time_bad("2026-11-22T1:00");
	check_time_bad("2026-11-22T10:00:");
	check_time_bad("2026-11-22T10:00:5");
	check_time_bad("2026-11-22T10:00ZZ");
	check_time_bad("2026-11-22T10:00 ");
	check_time_bad("2026-11-22T10:00+03:00");
	check_time_bad("2026-11-22t10:00");
	check_time_bad("2026-11-22  10:00");
	check_time_bad("2026-11-22T");
	check_time_bad("2026-11-22Z");
	check_time_bad("2026-02-29T10:00");
	check_time_bad("2026-11-22junk");
	check_time_bad("Now");
	check_time_bad("now ");
	check_time_bad("+3x");
	check_time_bad("");
	assert_int_equal(crm_time_parse(NULL, NOW, &t), CRM_EINVAL);
	assert_int_equal(t, 0);
}

static void test_day_start(void **state)
{
	(void)state;
	assert_int_equal(crm_day_start(NOW), INT64_C(1795305600));
	assert_int_equal(crm_day_start(INT64_C(1795305600)), INT64_C(1795305600));
	assert_int_equal(crm_day_start(0), 0);
	assert_int_equal(crm_day_start(DAY - 1), 0);
	assert_int_equal(crm_day_start(-1), -DAY);
	assert_int_equal(crm_day_start(-DAY), -DAY);
	assert_int_equal(crm_day_start(-DAY - 1), -2 * DAY);
}

static void test_format(void **state)
{
	char buf[32];
	char small[5];

	(void)state;
	assert_string_equal(crm_date_format(0, buf, sizeof buf), "1970-01-01");
	assert_string_equal(crm_date_format(NOW, buf, sizeof buf), "2026-11-22");
	assert_string_equal(crm_date_format(-1, buf, sizeof buf), "1969-12-31");
	assert_string_equal(crm_date_format(INT64_C(-2208988800), buf, 11), "1900-01-01");
	assert_string_equal(crm_time_format(NOW, buf, sizeof buf), "2026-11-22T10:00:00Z");
	assert_string_equal(crm_time_format(NOW + 3599, buf, sizeof buf),
			    "2026-11-22T10:59:59Z");
	assert_string_equal(crm_time_format(-1, buf, sizeof buf), "1969-12-31T23:59:59Z");
	assert_string_equal(crm_time_format(INT64_C(253402300799), buf, 21),
			    "9999-12-31T23:59:59Z");
	assert_string_equal(crm_time_format(INT64_C(951782400) + 3661, buf, sizeof buf),
			    "2000-02-29T01:01:01Z");
	/* A short buffer is truncated, never overrun. */
	assert_ptr_equal(crm_date_format(NOW, small, sizeof small), small);
	assert_string_equal(small, "2026");
}

/* Every day of 1900..9999 formats and parses back, one day apart. */
static void test_round_trip(void **state)
{
	int64_t t, back, first, last;
	char buf[32], prev[32] = "";

	(void)state;
	assert_int_equal(crm_date_parse("1900-01-01", 0, &first), CRM_OK);
	assert_int_equal(crm_date_parse("9999-12-31", 0, &last), CRM_OK);
	/* 20 Gregorian cycles of 146097 days, plus 1900..1999 (36524). */
	assert_int_equal((last - first) / DAY + 1, INT64_C(2958464));
	for (t = first; t <= last; t += DAY) {
		crm_date_format(t, buf, sizeof buf);
		assert_int_equal(crm_date_parse(buf, 0, &back), CRM_OK);
		assert_int_equal(back, t);
		assert_true(strcmp(prev, buf) < 0);
		memcpy(prev, buf, sizeof buf);
	}
	for (t = NOW - 5 * DAY; t < NOW + 5 * DAY; t += 7919) {
		crm_time_format(t, buf, sizeof buf);
		assert_int_equal(crm_time_parse(buf, 0, &back), CRM_OK);
		assert_int_equal(back, t);
	}
}

/* The process's zone, as cmd/ sets it from time.zone. */
static void use_zone(const char *name)
{
	setenv("TZ", name, 1);
	tzset();
}

static int64_t when(const char *s, int64_t now, bool want_timed)
{
	int64_t t = -1;
	bool timed = !want_timed;

	if (crm_when_parse(s, now, &t, &timed) != CRM_OK) {
		fail_msg("'%s' rejected", s);
	}
	assert_int_equal(timed, want_timed);
	return t;
}

static void test_zone_check(void **state)
{
	(void)state;
	assert_int_equal(crm_zone_check("UTC"), CRM_OK);
	assert_int_equal(crm_zone_check("Europe/Moscow"), CRM_OK);
	assert_int_equal(crm_zone_check("Asia/Vladivostok"), CRM_OK);
	assert_int_equal(crm_zone_check("Mars/Olympus"), CRM_ENOTFOUND);
	assert_int_equal(crm_zone_check("Europe"), CRM_EINVAL);   /* a folder */
	assert_int_equal(crm_zone_check("../etc/passwd"), CRM_EINVAL);
	assert_int_equal(crm_zone_check("/etc/localtime"), CRM_EINVAL);
	assert_int_equal(crm_zone_check("Europe/Moscow "), CRM_EINVAL);
	assert_int_equal(crm_zone_check(""), CRM_EINVAL);
	assert_int_equal(crm_zone_check(NULL), CRM_EINVAL);
}

/* Moscow is UTC+3 all year: a wall time is 3 hours ahead of UTC. */
static void test_zone_moscow(void **state)
{
	char buf[32];

	(void)state;
	use_zone("Europe/Moscow");
	/* seed 002: the meeting at 10:00 Moscow time is 07:00Z */
	assert_int_equal(when("2026-11-24T10:00", NOW, true), NOW + 2 * DAY - 3 * 3600);
	assert_int_equal(when("2026-11-24 10:00", NOW, true), NOW + 2 * DAY - 3 * 3600);
	/* a final Z stays UTC */
	assert_int_equal(when("2026-11-24T10:00Z", NOW, true), NOW + 2 * DAY);
	/* a date stays a date: its 00:00 UTC */
	assert_int_equal(when("2026-11-24", NOW, false), NOW - 10 * 3600 + 2 * DAY);
	assert_string_equal(crm_local_format(NOW, buf, sizeof buf), "2026-11-22 13:00");
	assert_int_equal(crm_local_offset(NOW), 3 * 3600);
	/* today turns at 21:00Z: 20:59:59Z is still the 22nd in Moscow */
	assert_int_equal(crm_local_today(NOW + 11 * 3600 - 1), NOW - 10 * 3600);
	assert_int_equal(crm_local_today(NOW + 11 * 3600), NOW - 10 * 3600 + DAY);
	check_date("today", NOW + 11 * 3600, "2026-11-23");
	check_date("tomorrow", NOW + 11 * 3600 - 1, "2026-11-23");
	check_date("+3d", NOW + 11 * 3600, "2026-11-26");
	/* the 22nd ends at 21:00Z */
	assert_int_equal(crm_day_end(NOW - 10 * 3600), NOW + 11 * 3600);
	use_zone("UTC");
	assert_int_equal(crm_day_end(NOW - 10 * 3600), NOW + 14 * 3600);
}

/* Berlin changes clocks: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00. */
static void test_zone_summer_time(void **state)
{
	int64_t mar29 = 1774742400; /* 2026-03-29T00:00:00Z */
	char buf[32];

	(void)state;
	use_zone("Europe/Berlin");
	assert_int_equal(crm_local_offset(mar29), 3600);
	assert_int_equal(crm_local_offset(mar29 + 2 * 3600), 7200);
	/* 01:59 is winter time, 03:00 summer time: a minute apart */
	assert_int_equal(when("2026-03-29T03:00", NOW, true) - when("2026-03-29T01:59", NOW, true),
			 60);
	assert_int_equal(when("2026-03-29T03:00", NOW, true), mar29 + 3600);
	/* the day of the change is 23 hours long */
	assert_int_equal(crm_day_end(mar29) - when("2026-03-29T00:00", NOW, true), 23 * 3600);
	assert_string_equal(crm_local_format(mar29 + 3600, buf, sizeof buf), "2026-03-29 03:00");
	use_zone("UTC");
}

/* Parses s with flags relative to now and checks the date. */
static void check_flags(const char *s, int64_t now, unsigned flags, const char *want)
{
	int64_t t = -1;
	char buf[32];

	if (crm_date_parse_flags(s, now, flags, &t) != CRM_OK) {
		fail_msg("'%s' rejected, want %s", s, want);
	}
	assert_string_equal(crm_date_format(t, buf, sizeof buf), want);
}

static void check_flags_bad(const char *s, int64_t now, unsigned flags)
{
	int64_t t = -1;

	if (crm_date_parse_flags(s, now, flags, &t) != CRM_EINVAL) {
		fail_msg("'%s' accepted", s);
	}
	assert_int_equal(t, 0);
}

/* 10:00 UTC on day s (YYYY-MM-DD) */
static int64_t at10(const char *s)
{
	int64_t t = 0;

	assert_int_equal(crm_date_parse(s, NOW, &t), CRM_OK);
	return t + 10 * 3600;
}

static void test_date_russian(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	check_date("25.11.2026", NOW, "2026-11-25");
	check_date("01.01.2027", NOW, "2027-01-01");
	check_date("1.1.2027", NOW, "2027-01-01");   /* one digit is enough */
	check_date("5.03.2027", NOW, "2027-03-05");
	check_date("31.12.2026", NOW, "2026-12-31");
	check_date("29.02.2028", NOW, "2028-02-29"); /* leap */
	check_date_bad("29.02.2027", NOW);          /* not leap */
	check_date_bad("29.02.2100", NOW);
	check_date_bad("31.02.2027", NOW);
	check_date_bad("31.04.2027", NOW);
	check_date_bad("00.01.2027", NOW);
	check_date_bad("01.00.2027", NOW);
	check_date_bad("32.01.2027", NOW);
	check_date_bad("01.13.2027", NOW);
	check_date_bad("25.11.26", NOW);             /* the year has four digits */
	check_date_bad("25.11.02026", NOW);
	check_date_bad("125.11.2026", NOW);
	check_date_bad("25.11.", NOW);
	check_date_bad("25.", NOW);
	check_date_bad(".11", NOW);
	check_date_bad("25..11", NOW);
	check_date_bad("25.11.2026 ", NOW);
	check_date_bad("25/11/2026", NOW);
	check_date_bad("25.11.1899", NOW);
	/* the words */
	check_date("сегодня", NOW, "2026-11-22");
	check_date("завтра", NOW, "2026-11-23");
	check_date("вчера", NOW, "2026-11-21");
	check_date_bad("Завтра ", NOW);
	check_date_bad("послезавтра", NOW);
	/* the units: д, н, м, г */
	check_date("+3д", NOW, "2026-11-25");
	check_date("-3д", NOW, "2026-11-19");
	check_date("+2н", NOW, "2026-12-06");
	check_date("+1м", NOW, "2026-12-22");
	check_date("+1г", NOW, "2027-11-22");
	check_date("+0д", NOW, "2026-11-22");
	check_date_bad("+3", NOW);
	check_date_bad("+3дн", NOW);
	check_date_bad("+3 д", NOW);
	check_date_bad("3д", NOW);
	check_date_bad("+д", NOW);
	check_date_bad("+3ж", NOW);
}

/* DD.MM: this year's, or for a due date (CRM_DATE_AHEAD) the next from today */
static void test_date_russian_no_year(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	/* plain: this year's, behind or ahead */
	check_flags("25.11", NOW, 0, "2026-11-25");
	check_flags("1.03", NOW, 0, "2026-03-01");
	check_flags("31.12", NOW, 0, "2026-12-31");
	check_flags_bad("29.02", NOW, 0);           /* 2026 is not leap */
	check_flags_bad("31.02", NOW, 0);
	check_flags_bad("00.01", NOW, 0);
	/* ahead: today is today, yesterday is next year's */
	check_flags("25.11", at10("2026-11-24"), CRM_DATE_AHEAD, "2026-11-25");
	check_flags("25.11", at10("2026-11-25"), CRM_DATE_AHEAD, "2026-11-25");
	check_flags("25.11", at10("2026-11-26"), CRM_DATE_AHEAD, "2027-11-25");
	check_flags("31.12", at10("2026-12-31"), CRM_DATE_AHEAD, "2026-12-31");
	check_flags("01.01", at10("2026-12-31"), CRM_DATE_AHEAD, "2027-01-01");
	check_flags("31.12", at10("2027-01-01"), CRM_DATE_AHEAD, "2027-12-31");
	/* 29.02: this year's when leap and ahead, else the next year's if leap */
	check_flags("29.02", at10("2028-01-10"), CRM_DATE_AHEAD, "2028-02-29");
	check_flags("29.02", at10("2027-11-22"), CRM_DATE_AHEAD, "2028-02-29");
	check_flags_bad("29.02", at10("2028-03-01"), CRM_DATE_AHEAD); /* 2029 is not leap */
	check_flags_bad("29.02", NOW, CRM_DATE_AHEAD);               /* 2027 is not */
	check_flags_bad("31.04", NOW, CRM_DATE_AHEAD);
	/* a year given is that year, ahead or not */
	check_flags("25.11.2026", at10("2026-11-26"), CRM_DATE_AHEAD, "2026-11-25");
	/* the day is the team's: 23:30 UTC on 24.11 is 25.11 in Moscow */
	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	check_flags("24.11", at10("2026-11-24") + 13 * 3600 + 1800, CRM_DATE_AHEAD, "2027-11-24");
	setenv("TZ", "UTC", 1);
	tzset();
}

/* a date form, a space and a wall-clock time */
static void test_when_russian(void **state)
{
	int64_t t = -1;
	bool timed = false;
	char buf[32];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(crm_when_parse("25.11.2026 10:00", NOW, &t, &timed), CRM_OK);
	assert_true(timed);
	assert_string_equal(crm_time_format(t, buf, sizeof buf), "2026-11-25T10:00:00Z");
	assert_int_equal(crm_when_parse("завтра 9:30", NOW, &t, &timed), CRM_OK);
	assert_string_equal(crm_time_format(t, buf, sizeof buf), "2026-11-23T09:30:00Z");
	assert_int_equal(crm_when_parse("+2д 14:00:30", NOW, &t, &timed), CRM_OK);
	assert_string_equal(crm_time_format(t, buf, sizeof buf), "2026-11-24T14:00:30Z");
	assert_int_equal(crm_when_parse("tomorrow 18:00", NOW, &t, &timed), CRM_OK);
	assert_string_equal(crm_time_format(t, buf, sizeof buf), "2026-11-23T18:00:00Z");
	assert_int_equal(crm_when_parse("сейчас", NOW, &t, &timed), CRM_OK);
	assert_true(timed);
	assert_int_equal(t, NOW);
	/* ahead: 20.11 10:00 on 22.11 is next year's */
	assert_int_equal(crm_when_parse_flags("20.11 10:00", NOW, CRM_DATE_AHEAD, &t, &timed),
			 CRM_OK);
	assert_string_equal(crm_time_format(t, buf, sizeof buf), "2027-11-20T10:00:00Z");
	/* a date alone stays a date */
	assert_int_equal(crm_when_parse("25.11.2026", NOW, &t, &timed), CRM_OK);
	assert_false(timed);
	/* in the team's zone */
	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	assert_int_equal(crm_when_parse("25.11.2026 10:00", NOW, &t, &timed), CRM_OK);
	assert_string_equal(crm_time_format(t, buf, sizeof buf), "2026-11-25T07:00:00Z");
	setenv("TZ", "UTC", 1);
	tzset();
	check_time_bad("25.11.2026 24:00");
	check_time_bad("25.11.2026 10:60");
	check_time_bad("25.11.2026 10:0");
	check_time_bad("25.11.2026 100:00");
	check_time_bad("25.11.2026 10:00Z");
	check_time_bad("31.02.2026 10:00");
	check_time_bad("25.11.2026  10:00");
	check_time_bad(" 10:00");
	check_time_bad("10:00");
	check_time_bad("послезавтра 10:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_check),
		cmocka_unit_test(test_zone_moscow),
		cmocka_unit_test(test_zone_summer_time),
		cmocka_unit_test(test_date_absolute),
		cmocka_unit_test(test_date_leap_years),
		cmocka_unit_test(test_date_bad_shapes),
		cmocka_unit_test(test_date_words),
		cmocka_unit_test(test_date_relative),
		cmocka_unit_test(test_date_month_clamp),
		cmocka_unit_test(test_date_relative_bad),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_time_parse_bad),
		cmocka_unit_test(test_day_start),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_date_russian),
		cmocka_unit_test(test_date_russian_no_year),
		cmocka_unit_test(test_when_russian),
	};

	use_zone("UTC");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
