/*
 * money.c: amounts as integer cents.
 *
 * Accepted: [-]INT[SEP FRAC] where INT is digits, optionally grouped by
 * thousands with a single space or NBSP (U+00A0) between groups ("1 234",
 * "12 345 678": first group 1 to 3 digits, the others exactly 3), SEP is
 * '.' or ',' and FRAC is 1 or 2 digits. No '+', no surrounding blanks,
 * at least one integer digit (".5" is EINVAL). The magnitude is at most
 * CRM_MONEY_MAX cents (999 999 999 999.99): a longer amount is EINVAL,
 * never wrapped, whatever its digits.
 */
#include <inttypes.h>
#include <stdio.h>

#include "crm/crm.h"

/* Appends digit dig to *mag; false when the result would exceed limit. */
static bool push_digit(uint64_t *mag, unsigned dig, uint64_t limit)
{
	if (*mag > (limit - dig) / 10) {
		return false;
	}
	*mag = *mag * 10 + dig;
	return true;
}

/* Length of the thousands separator at s: 1 (space), 2 (NBSP) or 0. */
static int sep_len(const char *s)
{
	if (s[0] == ' ') {
		return 1;
	}
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
		return 2;
	}
	return 0;
}

bool crm_money_in_range(int64_t cents)
{
	return cents >= -CRM_MONEY_MAX && cents <= CRM_MONEY_MAX;
}

crm_status crm_money_parse(const char *s, int64_t *cents)
{
	/* the range is symmetric: no INT64_MIN to care for */
	const uint64_t limit = (uint64_t)CRM_MONEY_MAX;
	bool neg = false, grouped = false;
	uint64_t mag = 0;
	int group = 0, decimals = 0, sl;

	*cents = 0;
	if (s == NULL) {
		return CRM_EINVAL;
	}
	if (*s == '-') {
		neg = true;
		s++;
	}

	/* Integer part: group counts the digits since the last separator. */
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (!push_digit(&mag, (unsigned)(*s - '0'), limit)) {
				return CRM_EINVAL;
			}
			group++;
		} else if ((sl = sep_len(s)) > 0) {
			/* A separator follows a full group (or the first 1..3). */
			if (group == 0 || group > 3 || (grouped && group != 3)) {
				return CRM_EINVAL;
			}
			grouped = true;
			group = 0;
			s += sl - 1;
		} else {
			break;
		}
	}
	if (group == 0 || (grouped && group != 3)) {
		return CRM_EINVAL;
	}

	/* Fraction: 1 or 2 digits after '.' or ','. */
	if (*s == '.' || *s == ',') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2 ||
			    !push_digit(&mag, (unsigned)(*s - '0'), limit)) {
				return CRM_EINVAL;
			}
		}
		if (decimals == 0) {
			return CRM_EINVAL;
		}
	}
	if (*s != '\0') {
		return CRM_EINVAL;
	}
	/* Scale to cents: "3" and "3.5" become 300 and 350. */
	for (; decimals < 2; decimals++) {
		if (!push_digit(&mag, 0, limit)) {
			return CRM_EINVAL;
		}
	}
	/* mag <= CRM_MONEY_MAX, far from INT64_MIN */
	*cents = neg ? -(int64_t)mag : (int64_t)mag;
	return CRM_OK;
}

char *crm_money_format(int64_t cents, char *buf, size_t n)
{
	/* Unsigned magnitude so that INT64_MIN does not overflow. */
	uint64_t mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(buf, n, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "", mag / 100,
		 (unsigned)(mag % 100));
	return buf;
}

char *crm_money_format_grouped(int64_t cents, const char *group, const char *decimal, char *buf,
			       size_t n)
{
	uint64_t mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	char digits[32];
	size_t nd, len = 0;
	int w;

	if (n == 0) {
		return buf;
	}
	buf[0] = '\0';
	nd = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, mag / 100);
	w = snprintf(buf, n, "%s", cents < 0 ? "-" : "");
	len = w > 0 ? (size_t)w : 0;
	for (size_t i = 0; i < nd && len < n; i++) {
		/* a group separator before each group of three but the first */
		if (i > 0 && (nd - i) % 3 == 0) {
			w = snprintf(buf + len, n - len, "%s", group);
			len += w > 0 ? (size_t)w : 0;
			if (len >= n) {
				break;
			}
		}
		w = snprintf(buf + len, n - len, "%c", digits[i]);
		len += w > 0 ? (size_t)w : 0;
	}
	if (len < n) {
		snprintf(buf + len, n - len, "%s%02u", decimal, (unsigned)(mag % 100));
	}
	return buf;
}
