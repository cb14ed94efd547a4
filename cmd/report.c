/*
 * report.c: messages on stderr, and the status -> exit code mapping.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "escape.h"
#include "report.h"
#include "banned.h"

int exit_code_of(crm_status st)
{
	switch (st) {
	case CRM_OK:
	case CRM_DONE:
		return EXIT_OK;
	case CRM_EINVAL:
		return EXIT_USAGE;
	case CRM_ENOTFOUND:
	case CRM_EAMBIGUOUS:
		return EXIT_NOTFOUND;
	case CRM_EEXIST:
	case CRM_ECONFLICT:
		return EXIT_CONFLICT;
	case CRM_EDB:
	case CRM_ESCHEMA:
		return EXIT_STORAGE;
	case CRM_EDATA:
		return EXIT_DATAERR;
	case CRM_ENOINPUT:
		return EXIT_NOINPUT;
	case CRM_EBUSY:
		return EXIT_TEMPFAIL;
	case CRM_ENOMEM:
		return EXIT_FAIL;
	}
	return EXIT_FAIL;
}

/*
 * Prints one message line: what it quotes (a name from the base, a line
 * of an import file) may hold any character, so the text is escaped
 * (escape.c) and cannot clear the screen or forge a second line.
 */
__attribute__((format(printf, 2, 0))) static void say(const char *prefix, const char *fmt, va_list ap)
{
	char small[512], *text = small;
	va_list again;
	int n;

	fmt = _(fmt);
	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		text = malloc((size_t)n + 1);
		if (text != NULL) {
			vsnprintf(text, (size_t)n + 1, fmt, again);
		} else {
			text = small; /* cut, but still escaped */
		}
	}
	va_end(again);
	fputs(*prefix ? _(prefix) : prefix, stderr);
	esc_fputs(n < 0 ? fmt : text, 0, stderr);
	fputc('\n', stderr);
	if (text != small) {
		free(text);
	}
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(N_("error: "), fmt, ap);
	va_end(ap);
}

void verror(const char *fmt, va_list ap)
{
	say(N_("error: "), fmt, ap);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(N_("warning: "), fmt, ap);
	va_end(ap);
}

void hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(N_("hint: "), fmt, ap);
	va_end(ap);
}

void info(const struct crm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->quiet) {
		return;
	}
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

int report(struct crm_ctx *ctx, crm_status st)
{
	const char *msg = ctx->db ? crm_db_errmsg(ctx->db) : "";

	error("%s", *msg ? msg : crm_status_str(st));
	if (st == CRM_EBUSY) {
		hint("another crm command holds the base; run the command again");
	}
	return exit_code_of(st);
}
