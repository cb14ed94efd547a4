/*
 * ics.h: the iCalendar (RFC 5545) writer of --format ics: next actions as
 * events and to-dos, key contacts' birthdays as yearly events. Built on
 * libical, which folds, escapes and checks what it writes.
 */
#ifndef CRM_ICS_H
#define CRM_ICS_H

#include "commands.h"

/* A key contact's birthday, as crm contact list --birthdays gives it. */
struct ics_birthday {
	const char *uuid;
	const char *name;
	const char *client;
	int year;                /* 0 when unknown */
	int month, day;
};

/*
 * --format ics refuses --fields (a calendar has no columns): true when
 * the command may go on, else a usage error was printed.
 */
bool ics_args_ok(struct crm_ctx *ctx, const char *const *usage);
/* The open next actions f selects (done ones too with f->all) as a
 * calendar on stdout; returns the exit code. */
int ics_next_list(struct crm_ctx *ctx, const struct crm_next_filter *f);
/* The birthdays as a calendar on stdout; returns the exit code. */
int ics_birthdays(struct crm_ctx *ctx, const struct ics_birthday *b, size_t n);

#endif
