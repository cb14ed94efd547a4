/*
 * audit-private.h: what the files of the audit share (audit-rules.c,
 * audit.c, audit-history.c) and nothing else sees.
 */
#ifndef CRM_AUDIT_PRIVATE_H
#define CRM_AUDIT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm-private.h"

/* Clients the relationship rules look at: not lost, not said farewell,
 * and already on the books at as_of. */
#define LIVE "c.status NOT IN ('lost', 'farewell') AND c.created <= :as_of"
#define OWNED "(:owner IS NULL OR c.owner_id = :owner)"

/*
 * An open (at as_of) next action of alias a is overdue past the grace
 * days of audit.overdue-action.days: dated, once the day due + days is
 * over in the team's zone; timed, from the moment due + days.
 */
#define CRMI_NEXT_OVERDUE(a)                                                       \
	"(CASE WHEN " a ".timed = 1"                                               \
	" THEN " a ".due <= :as_of - :audit_overdue_action_days * 86400"           \
	" ELSE " a ".due < :today - :audit_overdue_action_days * 86400 END)"

/* The values one finding's detail is written from. */
struct vals {
	int64_t since;
	int64_t n1, n2, n3;
	const char *t1, *t2, *t3;
};

typedef void detail_fn(char *buf, size_t n, const struct vals *v);

/* "1 day", "5 days" in the user's language («1 день», «2 дня», «5 дней»)
 * into buf, which it returns. */
const char *crmi_audit_days(char *buf, size_t n, int64_t days);

/* The registry of audit-rules.c, in the order of crm-audit(1). */
#define CRMI_AUDIT_NRULES 26
extern const struct crm_audit_rule crmi_audit_rules[];

/* How each rule runs, index by index with crmi_audit_rules: NULL sql = not yet. */
struct crmi_audit_impl {
	const char *sql;
	const char *pg;    /* PostgreSQL's text where it is not sql's, else NULL */
	const char *pg_order; /* SQLite's order of the rule's rows, for PostgreSQL */
	detail_fn *detail;
	bool heads;        /* a finding whose assignee_id is NULL goes to the heads */
};
extern const struct crmi_audit_impl crmi_audit_impl[];

/* The index of rule id in the registry; -1 when none. */
int crmi_audit_rule_index(const char *id);

/* Adds crm_name_key(), the duplicate rule's key, to the connection. */
crm_status crmi_audit_register_functions(struct crm_db *db);

#endif
