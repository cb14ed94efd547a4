/*
 * report-html.h: crm report as one self-contained HTML page: inline CSS
 * and SVG charts drawn by crm (svg.h), no script, no external font or
 * image; in the language of the messages (gettext); prints on A4.
 */
#ifndef CRM_CMD_REPORT_HTML_H
#define CRM_CMD_REPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "crm/crm.h"

struct report_html_info {
	const char *zone;        /* the base's time zone (time.zone), for the header */
	int64_t generated;       /* when the page was written (crm's now) */
};

/* Writes the sections of r (r->sections) to out. 0, or -1 when a write
 * failed (errno set). */
int report_html(FILE *out, const struct crm_report *r, const struct report_html_info *info);

#endif
