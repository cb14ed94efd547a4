/*
 * fuzz-money: crm_money_parse on any bytes; an accepted amount formats and
 * parses back to the same number of cents.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[64];
	int64_t cents, back;

	if (!s) {
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	if (crm_money_parse(s, &cents) == CRM_OK) {
		crm_money_format(cents, buf, sizeof(buf));
		if (crm_money_parse(buf, &back) != CRM_OK || back != cents) {
			abort();
		}
	}
	free(s);
	return 0;
}
