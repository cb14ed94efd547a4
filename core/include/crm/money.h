/*
 * crm/money.h: amounts of money in integer cents.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_MONEY_H
#define CRM_CRM_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Amounts are integer cents, at most CRM_MONEY_MAX either way
 * (999 999 999 999.99): every input is held to it, so that no sum or
 * arithmetic on amounts, in C or in SQL, can leave 64 bits.
 * crm_money_parse accepts "1234", "1234.5", "1234.56", "-3", "1 234,50"
 * (spaces and a decimal comma); more than two decimals or an amount out
 * of range is EINVAL. crm_money_format writes "1234.50".
 */
#define CRM_MONEY_MAX INT64_C(99999999999999)
/* true when -CRM_MONEY_MAX <= cents <= CRM_MONEY_MAX */
bool crm_money_in_range(int64_t cents);
crm_status crm_money_parse(const char *s, int64_t *cents);
char *crm_money_format(int64_t cents, char *buf, size_t n);
/*
 * For people: the units in groups of three joined by group, then decimal
 * and the cents: (120000000, " ", ",") writes "1 200 000,00". Cut to n
 * bytes (40 hold any amount with separators of up to 3 bytes).
 */
char *crm_money_format_grouped(int64_t cents, const char *group, const char *decimal, char *buf,
			       size_t n);

#ifdef __cplusplus
}
#endif
#endif
