/*
 * report.h: messages to stderr and the one mapping from status to exit code.
 */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

#include <stdarg.h>

#include "crm/crm.h"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_NOTFOUND = 3,
	EXIT_CONFLICT = 4,
	EXIT_STORAGE = 5,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_TEMPFAIL = 75,
};

struct crm_ctx;

/* The exit code for a status: the only place this mapping lives. */
int exit_code_of(crm_status st);

/* error: the last failure recorded on the context's base; returns the exit code. */
int report(struct crm_ctx *ctx, crm_status st);

/* Messages, one line each; what they quote is escaped (escape.c). */
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Chatter: silenced by -q. */
void info(const struct crm_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
