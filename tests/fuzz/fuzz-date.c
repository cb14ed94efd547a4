/*
 * fuzz-date: crm_date_parse and crm_time_parse on any bytes. Beyond "no
 * crash", it checks what every accepted value must satisfy: a date is the
 * start of its day, and a formatted result parses back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW INT64_C(1795341600) /* 2026-11-22T10:00:00Z */

static void roundtrip_date(int64_t t)
{
	char buf[32];
	int64_t back;

	if (t != crm_day_start(t)) {
		abort();
	}
	crm_date_format(t, buf, sizeof(buf));
	if (crm_date_parse(buf, NOW, &back) != CRM_OK || back != t) {
		abort();
	}
}

static void roundtrip_time(int64_t t)
{
	char buf[32];
	int64_t back;

	crm_time_format(t, buf, sizeof(buf));
	if (crm_time_parse(buf, NOW, &back) != CRM_OK || back != t) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t t;

	if (!s) {
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	if (crm_date_parse(s, NOW, &t) == CRM_OK) {
		roundtrip_date(t);
	}
	if (crm_time_parse(s, NOW, &t) == CRM_OK) {
		roundtrip_time(t);
	}
	free(s);
	return 0;
}
