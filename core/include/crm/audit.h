/*
 * crm/audit.h: the audit: rules, findings, health, scorecards, saved runs.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_AUDIT_H
#define CRM_CRM_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The audit revises the base against a registry of rules, each with a
 * stable id, a severity and thresholds read from the config keys
 * audit.<rule>.<param>. Rules judge the base as it stood at as_of: only
 * clients created, interactions logged and actions, promises and
 * incidents opened by then count, and those done, closed or resolved
 * later count as still open. Fields that keep only their latest value
 * (tier, status, stage, owner, contact verification) are taken as now.
 */

enum crm_severity {
	CRM_SEVERITY_INFO,
	CRM_SEVERITY_WARN,
	CRM_SEVERITY_ERROR,
};

/* "info", "warn", "error", indexed by enum crm_severity; NULL-terminated. */
extern const char *const crm_severities[];

struct crm_audit_rule {
	const char *id;              /* stable: "forgotten", "no-next-action", ... */
	enum crm_severity severity;
	const char *why;             /* what it finds and why it matters, one line */
	const char *const *keys;     /* its config keys, NULL-terminated (may be empty) */
	const char *needs;           /* NULL, or the feature it waits for: until it
				      * exists the rule reports nothing */
	const char *assignee;        /* who must act: "owner", "receiver" (of the
				      * handover), "surveyor", "remedy" (the assignee
				      * of the remedy action), "heads" (of sales),
				      * "mentor" (of the trainee); crm-audit(1) */
};

/* Every rule, in a fixed order; static storage. */
const struct crm_audit_rule *crm_audit_rules(size_t *n);
/* The rule with this id, or NULL. */
const struct crm_audit_rule *crm_audit_rule_find(const char *id);

enum crm_audit_order {
	CRM_AUDIT_ORDER_RULE,        /* rule by rule as found: the cheapest */
	CRM_AUDIT_ORDER_SEVERITY,    /* most severe first, then by owner, client */
	CRM_AUDIT_ORDER_OWNER,       /* by owner (none last), then most severe and
				      * oldest first */
	CRM_AUDIT_ORDER_ASSIGNEE,    /* by assignee (none last), then most severe and
				      * oldest first: a digest per person who acts */
};

enum crm_audit_sort {
	CRM_AUDIT_SORT_WORST,        /* the lowest health or score first */
	CRM_AUDIT_SORT_NAME,
};

struct crm_audit_options {
	const char *const *rules;    /* rule ids to run; NULL: every rule */
	size_t nrules;
	int64_t owner_id;            /* 0: every owner */
	int64_t assignee_id;         /* 0: whoever must act; else the findings this
				      * manager must act on */
	int64_t as_of;               /* 0: now */
	enum crm_severity min_severity;
	enum crm_audit_order order;  /* findings */
	enum crm_audit_sort sort;    /* client health and scorecards */
	int64_t limit;               /* client health: 0 all */
	int64_t since, until;        /* the period of the figures (audit managers,
				      * sources): dates, both included, from since's
				      * 00:00 to until's end in the local zone;
				      * 0 until: the day of as_of; 0 since: 29 days
				      * before until (30 days in all) */
};

struct crm_audit_finding {
	const char *rule;
	enum crm_severity severity;
	int64_t client_id;           /* 0 for a finding about a manager (over-capacity) */
	const char *client;          /* NULL then */
	int64_t owner_id;            /* the client's owner (or the manager); 0 none */
	const char *owner;           /* NULL when none */
	const char *owner_email;     /* NULL when none */
	int64_t assignee_id;         /* who must act (crm_audit_rule.assignee); 0 none */
	const char *assignee;        /* NULL when none */
	const char *assignee_email;  /* NULL when none */
	bool repeat;                 /* the same finding listed again for another head
				      * of sales: not counted again */
	int64_t since;               /* when the problem began; 0 unknown */
	const char *detail;          /* what is wrong and what to do about it */
};

struct crm_audit_count {
	const char *rule;
	enum crm_severity severity;
	int64_t count;
};

struct crm_audit_iter;

/*
 * Runs the rules of o (every rule when o->rules is NULL) whose severity is
 * at least o->min_severity, and streams the findings in o->order, each
 * with the one who must act. A finding for the heads of sales is listed
 * once per head (no head: once, with no assignee), the repeats marked,
 * and counted once. Memory
 * does not grow with the number of findings. Outside a transaction the
 * whole run reads one snapshot without taking the write lock.
 * EINVAL on an unknown rule id.
 */
crm_status crm_audit_query(struct crm_db *db, const struct crm_audit_options *o,
			   struct crm_audit_iter **out);
crm_status crm_audit_iter_next(struct crm_audit_iter *it, const struct crm_audit_finding **row);
/* The moment the audit judges (o->as_of, or now). */
int64_t crm_audit_iter_as_of(const struct crm_audit_iter *it);
/* Findings per rule run, in registry order (borrowed); complete once
 * _next returned CRM_DONE. */
const struct crm_audit_count *crm_audit_iter_counts(const struct crm_audit_iter *it, size_t *n);
void crm_audit_iter_destroy(struct crm_audit_iter *it);

/*
 * Stores the counts of a finished audit (its _next returned CRM_DONE) as a
 * saved run for the trend, in its own short write transaction (journaled
 * as audit.save). EINVAL when the audit is not finished.
 */
crm_status crm_audit_save(struct crm_db *db, const struct crm_audit_iter *it, int64_t *run_id);

/* A manager's scorecard; see crm-audit(1) for the score. */
struct crm_audit_scorecard {
	int64_t manager_id;
	const char *manager;
	const char *status;
	int64_t clients;             /* live clients: not lost, not farewell */
	int64_t capacity;
	int64_t forgotten;           /* clients the forgotten rule finds */
	int64_t forgotten_pct;       /* of clients, rounded */
	int64_t overdue_actions;     /* next actions past due */
	int64_t broken_promises;     /* open past due, or broken in the last year */
	int64_t open_conflicts;      /* conflicts and mishaps not resolved */
	int64_t repeat_rate;         /* % of ordering clients with 2+ orders; -1 none ordered */
	int64_t median_days;         /* since the last contact; -1 no clients */
	int64_t handovers_in;        /* handovers accepted in the 90 days to as_of */
	int64_t handovers_out;
	int64_t score;               /* 0..100 */
	/* the figures of the period (o->since to o->until): */
	int64_t orders;              /* interactions of kind order the manager wrote */
	int64_t orders_sum;          /* their amounts, cents */
	int64_t new_clients;         /* created in the period, owned by the manager now */
	int64_t lost_clients;        /* owned now, lost or farewell since the period */
	int64_t promises_kept;       /* closed kept in the period, on the manager's clients */
	int64_t promises_broken;     /* closed broken in the period, the same */
	double first_contact_days;   /* the median days from a handover to the manager
				      * accepted in the period to the manager's first
				      * interaction with the client after it; < 0 none */
	int64_t moves;               /* next actions the manager moved (by manager) */
	int64_t late_meetings;       /* meetings the manager came late to */
};

struct crm_audit_scorecard_iter;

/* One scorecard per manager (o->owner_id: that one), o->sort order.
 * EINVAL when o->since is after o->until. */
crm_status crm_audit_managers(struct crm_db *db, const struct crm_audit_options *o,
			      struct crm_audit_scorecard_iter **out);
/* The one statement crm_audit_managers runs, as a script for the sqlite3
 * shell (.parameter lines, then the statement); *out is malloc'd. */
crm_status crm_audit_managers_sql(struct crm_db *db, const struct crm_audit_options *o,
				  char **out);
crm_status crm_audit_scorecard_iter_next(struct crm_audit_scorecard_iter *it,
					 const struct crm_audit_scorecard **row);
void crm_audit_scorecard_iter_destroy(struct crm_audit_scorecard_iter *it);

/* The figures of one source (client.source) over a period. */
struct crm_audit_source {
	const char *source;          /* NULL: the clients with no source */
	int64_t new_clients;         /* created in the period */
	int64_t repeat_clients;      /* with 2 orders or more by the period's end, one of
				      * them in the period */
	int64_t orders;              /* orders in the period */
	int64_t revenue;             /* their amounts, cents */
	int64_t lost_clients;        /* lost or farewell in the period */
};

struct crm_audit_source_iter;

/*
 * Every source any client created by the period's end has (and NULL for
 * the clients with none; o->owner_id: of that owner's clients now), with its figures for the period of o (since,
 * until, as_of as for crm_audit_managers), the highest revenue first,
 * then the most new clients, then by name (none last). EINVAL when
 * o->since is after o->until.
 */
crm_status crm_audit_sources(struct crm_db *db, const struct crm_audit_options *o,
			     struct crm_audit_source_iter **out);
crm_status crm_audit_source_iter_next(struct crm_audit_source_iter *it,
				      const struct crm_audit_source **row);
void crm_audit_source_iter_destroy(struct crm_audit_source_iter *it);

/* Weights of the health score: 100 less these per rule tripped. */
#define CRM_HEALTH_ERROR 30
#define CRM_HEALTH_WARN 15
#define CRM_HEALTH_INFO 5

struct crm_audit_health {
	int64_t client_id;
	const char *client;
	const char *tier;
	const char *status;
	int64_t owner_id;            /* 0 none */
	const char *owner;
	int64_t health;              /* 0..100 */
	int64_t rules;               /* rules tripped */
	const char *reasons;         /* JSON array of their ids, most severe first */
	bool regular_candidate;      /* active, with the orders, the contact and no
				      * open conflict that make a regular (crm-audit(1)) */
	const char *regular_reasons; /* JSON array of the evidence; [] unless a candidate */
};

struct crm_audit_health_iter;

/* The health of every live client (o->owner_id: of that owner's), from
 * the rules of o, in o->sort order, at most o->limit. */
crm_status crm_audit_clients(struct crm_db *db, const struct crm_audit_options *o,
			     struct crm_audit_health_iter **out);
crm_status crm_audit_health_iter_next(struct crm_audit_health_iter *it,
				      const struct crm_audit_health **row);
void crm_audit_health_iter_destroy(struct crm_audit_health_iter *it);

/* Saved runs. */
struct crm_audit_run {
	int64_t id;
	int64_t at;                  /* when it ran */
	int64_t as_of;
	const char *actor;
	int64_t owner_id;            /* 0: the whole base */
	const char *owner;
	int64_t findings;
	const char *counts;          /* JSON object {rule: count} */
};

struct crm_audit_trend {
	const char *rule;
	enum crm_severity severity;
	int64_t runs;                /* runs that counted the rule */
	const char *counts;          /* JSON array of its counts, oldest first */
	int64_t first, last;         /* the count in the oldest and in the newest */
	int64_t change;              /* last less the run before; 0 with one run */
	const char *trend;           /* "better", "worse" or "same": last against first */
};

struct crm_audit_run_iter;
struct crm_audit_trend_iter;

/* The last `last` runs (0: 10) of owner_id (0: whole-base runs), newest first. */
crm_status crm_audit_runs(struct crm_db *db, int64_t owner_id, int64_t last,
			  struct crm_audit_run_iter **out);
crm_status crm_audit_run_iter_next(struct crm_audit_run_iter *it, const struct crm_audit_run **row);
void crm_audit_run_iter_destroy(struct crm_audit_run_iter *it);

/* The trend of every rule counted in those runs, in registry order. */
crm_status crm_audit_history(struct crm_db *db, int64_t owner_id, int64_t last,
			     struct crm_audit_trend_iter **out);
crm_status crm_audit_trend_iter_next(struct crm_audit_trend_iter *it,
				     const struct crm_audit_trend **row);
void crm_audit_trend_iter_destroy(struct crm_audit_trend_iter *it);

/*
 * The statements a run of o executes, as a script for the sqlite3 shell:
 * .parameter lines with the values the run binds, then its statements
 * (one per rule in CRM_AUDIT_ORDER_RULE). For reading what a rule checks,
 * and for benchmarks. *out is malloc'd; the caller frees it.
 */
crm_status crm_audit_sql(struct crm_db *db, const struct crm_audit_options *o, char **out);

#ifdef __cplusplus
}
#endif
#endif
