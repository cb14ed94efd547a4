/*
 * crm/time.h: dates and times: parsing and formatting of UTC seconds.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_TIME_H
#define CRM_CRM_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Times are int64 UTC seconds. A date (a calendar day) is kept as the
 * time of its 00:00 UTC, whatever the zone. The team's zone is the
 * process's local zone: cmd/ sets TZ from the setting time.zone before
 * any of these run.
 *
 * crm_date_parse accepts YYYY-MM-DD, today, tomorrow, yesterday and
 * relative forms +Nd, -Nd, +Nw, +Nm, +Ny (days, weeks, months, years;
 * "+1m" from Jan 31 is the last day of February) counted from today in
 * the local zone. The result is a date. EINVAL on anything else.
 */
crm_status crm_date_parse(const char *s, int64_t now, int64_t *out);

/*
 * The Russian forms, accepted wherever the English ones are:
 *   DD.MM.YYYY          25.11.2026; day and month of one or two digits
 *                       (1.2.2027 too), the year of four; 00.01, 31.02,
 *                       29.02 of a year that is not leap are EINVAL
 *   DD.MM               25.11: this year's, or with CRM_DATE_AHEAD (due
 *                       dates) the first 25.11 from today on: today's
 *                       25.11 is today, after it next year's; 29.02
 *                       without a leap year ahead is EINVAL
 *   сегодня, завтра, вчера, and (in crm_when_parse) сейчас
 *   +3д, -2н, +1м, +1г  days, weeks (неделя), months, years
 * and in crm_when_parse any date form, Russian or not, followed by a
 * space and HH:MM[:SS]: "25.11.2026 10:00", "завтра 9:30", "+2д 14:00"
 * (a wall-clock time in the local zone; the hour may have one digit).
 */
enum crm_date_flags {
	CRM_DATE_AHEAD = 1u << 0, /* a date without a year is the next one from today */
};
crm_status crm_date_parse_flags(const char *s, int64_t now, unsigned flags, int64_t *out);
crm_status crm_when_parse_flags(const char *s, int64_t now, unsigned flags, int64_t *out,
				bool *timed);

/*
 * Accepts what crm_date_parse does (a date: *timed false), "now" and
 * YYYY-MM-DDTHH:MM[:SS] (also with a space for the T): a wall-clock time
 * in the local zone, or UTC with a final Z (*timed true: UTC seconds).
 */
crm_status crm_when_parse(const char *s, int64_t now, int64_t *out, bool *timed);
/* crm_when_parse without saying which. */
crm_status crm_time_parse(const char *s, int64_t now, int64_t *out);

/*
 * The zone: CRM_OK when name is an IANA zone this machine knows
 * (/usr/share/zoneinfo, the tzdata package; UTC always), ENOTFOUND when
 * no such zone file exists, EINVAL when it is no zone name.
 */
crm_status crm_zone_check(const char *name);
/* Seconds east of UTC of the local zone at t. */
int64_t crm_local_offset(int64_t t);
/* t as local wall-clock seconds (t + its offset). */
int64_t crm_local_wall(int64_t t);
/* Today in the local zone, as a date. */
int64_t crm_local_today(int64_t now);
/* The moment a date ends in the local zone (its next day's 00:00 local). */
int64_t crm_day_end(int64_t date);
/* "2026-11-25 10:00" in the local zone into buf (at least 17 bytes). */
char *crm_local_format(int64_t t, char *buf, size_t n);

/* The date of t at 00:00 UTC. */
int64_t crm_day_start(int64_t t);

/* "2026-11-22" into buf (at least 11 bytes). Returns buf. */
char *crm_date_format(int64_t t, char *buf, size_t n);
/* "2026-11-22T10:00:00Z" into buf (at least 21 bytes). Returns buf. */
char *crm_time_format(int64_t t, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
