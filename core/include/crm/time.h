/*
 * crm/time.h: dates and times: parsing and formatting of UTC seconds.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_TIME_H
#define CRM_CRM_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "crm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Times are int64 UTC seconds. A date is the time of its 00:00 UTC.
 *
 * crm_date_parse accepts YYYY-MM-DD, today, tomorrow, yesterday and
 * relative forms +Nd, -Nd, +Nw, +Nm, +Ny (days, weeks, months, years;
 * "+1m" from Jan 31 is the last day of February) counted from now.
 * The result is a date (00:00 UTC). EINVAL on anything else.
 */
crm_status crm_date_parse(const char *s, int64_t now, int64_t *out);

/* Accepts what crm_date_parse does plus YYYY-MM-DDTHH:MM[:SS][Z]. */
crm_status crm_time_parse(const char *s, int64_t now, int64_t *out);

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
