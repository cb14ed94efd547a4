/*
 * crm/check.h: checks of input shared by every module, and uuids.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_CHECK_H
#define CRM_CRM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* EINVAL with a message when s is empty, too long or not UTF-8. what
 * names the field in the message ("name", "--note"). */
crm_status crm_check_name(struct crm_db *db, const char *what, const char *s);
crm_status crm_check_text(struct crm_db *db, const char *what, const char *s);
/* Names (crm_check_name), emails and phones are one line: no control,
 * line-break or bidi character (crm_text_oneline_check). crm_check_line is
 * crm_check_text for one-line text: next actions, promises. */
crm_status crm_check_line(struct crm_db *db, const char *what, const char *s);
/* Plausible shapes: one @ with a dot in the domain; digits, spaces, +()-. */
crm_status crm_check_email(struct crm_db *db, const char *what, const char *s);
crm_status crm_check_phone(struct crm_db *db, const char *what, const char *s);
/* A new random (version 4) uuid into buf (at least 37 bytes). */
crm_status crm_uuid_new(char *buf, size_t n);
bool crm_uuid_valid(const char *s);

#ifdef __cplusplus
}
#endif
#endif
