/*
 * crm/report.h: the head of sales' report: what the audit, the saved runs,
 * the scorecards, the sources and the VIP programme say, gathered once for
 * one page (crm-report(1)). Part of crm/crm.h, whose ownership rules apply.
 */
#ifndef CRM_CRM_REPORT_H
#define CRM_CRM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/audit.h"
#include "crm/db.h"
#include "crm/vip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sections, in the order of the page. */
enum crm_report_section {
	CRM_REPORT_HEALTH = 1u << 0,   /* findings by severity per saved run */
	CRM_REPORT_FINDINGS = 1u << 1, /* today's findings by assignee and rule */
	CRM_REPORT_MANAGERS = 1u << 2, /* the scorecards of the period */
	CRM_REPORT_CLIENTS = 1u << 3,  /* the clients at risk */
	CRM_REPORT_SOURCES = 1u << 4,  /* new clients, orders, revenue per source */
	CRM_REPORT_VIP = 1u << 5,      /* the active VIP programme's coverage */
	CRM_REPORT_ALL = (1u << 6) - 1,
};

/* "health", "findings", "managers", "clients", "sources", "vip": the name
 * of section 1 << i at index i; NULL-terminated. */
extern const char *const crm_report_section_names[];

/* The section named name (a whole name), or 0. */
unsigned crm_report_section_find(const char *name);

#define CRM_REPORT_AT_RISK 20  /* clients at risk listed by default */
#define CRM_REPORT_LOW 50      /* a health below it is low: two errors, or worse */

struct crm_report_options {
	unsigned sections;       /* 0: every section */
	int64_t owner_id;        /* 0: every owner; else that manager's clients */
	int64_t assignee_id;     /* 0: whoever acts; else the findings that manager
				  * must act on; without owner_id, the other sections
				  * are of his own clients (and his VIP list) */
	int64_t as_of;           /* 0: now */
	int64_t since, until;    /* the period, as crm_audit_options (dates; 0 until
				  * the day of as_of, 0 since 29 days before until) */
	int64_t at_risk;         /* clients at risk: 0 CRM_REPORT_AT_RISK */
};

/* A saved audit run of the period, by severity. */
struct crm_report_run {
	int64_t id;
	int64_t at, as_of;
	int64_t findings;
	int64_t by_severity[3];  /* indexed by enum crm_severity */
};

/* One row of the heat map: a person who must act. */
struct crm_report_person {
	int64_t id;              /* 0: nobody (no owner, no head) */
	char *name;              /* NULL with id 0 */
	int64_t total;           /* findings listed for this person */
};

struct crm_report {
	unsigned sections;       /* those gathered */
	int64_t as_of;           /* the moment judged */
	int64_t since, until;    /* the period, dates (00:00 of the day, local) */
	int64_t owner_id, assignee_id;
	char *owner, *assignee;  /* their names; NULL when 0 */

	/* health: the runs saved in the period (with --owner: that owner's
	 * runs; else the whole base's), oldest first */
	struct crm_report_run *runs;
	size_t nruns;

	/* findings: the audit as of as_of, counted once each (a finding for the
	 * heads listed once per head counts once in total, by_severity and
	 * rule_totals, and in every head's row) */
	int64_t total, by_severity[3];
	const struct crm_audit_rule **rules;  /* the rules with findings, registry order */
	int64_t *rule_totals;                 /* per rule */
	size_t nrules;
	struct crm_report_person *people;     /* by name, nobody last */
	size_t npeople;
	int64_t *cells;                       /* npeople x nrules, row by row */

	/* managers: the scorecards, the lowest score first (strings owned) */
	struct crm_audit_scorecard *managers;
	size_t nmanagers;

	/* clients: the clients at risk, the lowest health first, those with
	 * health 100 left out, at most o->at_risk (strings owned); and the
	 * counts over every live client judged */
	struct crm_audit_health *at_risk;
	size_t nat_risk;
	int64_t clients_judged;      /* live clients */
	int64_t clients_at_risk;     /* of them, health below 100 */
	int64_t clients_low;         /* health below CRM_REPORT_LOW */

	/* sources: the highest revenue first (strings owned); the whole base
	 * (client.source says nothing of an owner) unless owner_id or
	 * assignee_id, then that manager's clients */
	struct crm_audit_source *sources;
	size_t nsources;

	/* vip: the active programme's report, NULL when none is active */
	struct crm_vip_report *vip;
};

/*
 * Gathers the sections of o in one read snapshot (outside a transaction it
 * opens its own). EINVAL: since after until, an unknown section bit, a
 * negative at_risk. ENOTFOUND: no such owner or assignee.
 * *out: crm_report_destroy.
 */
crm_status crm_report_build(struct crm_db *db, const struct crm_report_options *o,
			    struct crm_report **out);
void crm_report_destroy(struct crm_report *r);

/* The cell of the heat map for person p and rule k. */
static inline int64_t crm_report_cell(const struct crm_report *r, size_t p, size_t k)
{
	return r->cells[p * r->nrules + k];
}

#ifdef __cplusplus
}
#endif
#endif
