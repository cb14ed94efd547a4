/*
 * escape.h: the one escaping of text for human output (tables, the audit
 * digest, letters, messages on stderr). See escape.c.
 */
#ifndef CRM_ESCAPE_H
#define CRM_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

#include "crm/crm.h"

enum esc_flags {
	/* text that may hold lines (a note, a briefing, a letter): newlines
	 * and tabs stay; without it the text is one line and they are escaped */
	ESC_LINES = 1u << 0,
};

/* Writes s to f with control, line-break and bidi characters escaped. */
void esc_fputs(const char *s, unsigned flags, FILE *f);
/* The escaped copy of s (malloc'd; NULL for NULL or out of memory). */
char *esc_dup(const char *s, unsigned flags);
/* True when s holds anything esc_fputs would escape. */
bool esc_needed(const char *s, unsigned flags);

#endif
