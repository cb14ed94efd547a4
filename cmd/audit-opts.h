/*
 * audit-opts.h: the options crm audit, its subcommands and crm report
 * share: the rules, whose clients (--owner, --mine), who acts
 * (--assignee), the moment judged (--as-of), the period of the figures
 * (--since, --until) and the format after the command.
 */
#ifndef CRM_CMD_AUDIT_OPTS_H
#define CRM_CMD_AUDIT_OPTS_H

#include <stdbool.h>

#include "commands.h"
#include "opts.h"

/* table, json, ndjson, csv, tsv: --format after an audit command */
extern const struct kw audit_formats[];

/* The options every audit command shares; -1 / NULL: not given. */
struct audit_opts {
	struct strlist rules;
	const char *owner;
	const char *assignee;
	bool mine;
	bool mine_acts;        /* --mine is --assignee me, not --owner me */
	const char *as_of;
	int format;
	bool json;
};

#define COMMON_RULE(c) OPT_LIST(0, "rule", &(c)->rules, "<id>", "only this rule (repeatable)")
#define COMMON_OWNER(c)                                                                      \
	OPT_STR(0, "owner", &(c)->owner, "<manager>", "only the clients of this manager"),   \
		OPT_FLAG(0, "mine", &(c)->mine, "only my clients (the manager named as I am)")
/* crm audit and its digest: who owns the clients, and who must act */
#define COMMON_WHO(c)                                                                        \
	OPT_STR(0, "owner", &(c)->owner, "<manager>", "only the clients of this manager"),   \
		OPT_STR(0, "assignee", &(c)->assignee, "<manager>",                          \
			"only what this manager must act on"),                               \
		OPT_FLAG(0, "mine", &(c)->mine,                                              \
			 "only what I must act on (the manager named as I am)")
#define COMMON_AS_OF(c)                                                                      \
	OPT_STR(0, "as-of", &(c)->as_of, "<date>", "judge the base as it stood then (default now)")
/* crm's global --format also works after the command: the cron line
 * `crm audit --fail-on warn --format json` reads naturally */
#define COMMON_FORMAT(c)                                                                     \
	OPT_KW(0, "format", &(c)->format, audit_formats, "output format, as before the command"),  \
		OPT_FLAG(0, "json", &(c)->json, "short for --format json")

#define PERIOD_OPTS(since, until)                                                            \
	OPT_STR(0, "since", (since), "<date>",                                               \
		"figures from this day's start (default: 29 days before --until)"),          \
		OPT_STR(0, "until", (until), "<date>",                                       \
			"figures to this day's end (default: today, or the --as-of day)")

void audit_opts_init(struct audit_opts *c);
/* In completion mode, the value of --rule completes to the rule ids. */
bool audit_complete_rule(struct crm_ctx *ctx);
/*
 * Applies the shared options after opts_parse: the format, the rule ids,
 * the owner and the as-of time into o. Returns 0 or the exit code.
 */
int audit_opts_apply(struct crm_ctx *ctx, struct audit_opts *c, const char *const *usage,
		     struct crm_audit_options *o);
/* Reads --since and --until into o (after audit_opts_apply); 0 or the exit code. */
int audit_period_apply(struct crm_ctx *ctx, const char *since, const char *until,
		       const char *const *usage, struct crm_audit_options *o);

/* The records of crm audit managers, sources and clients, which crm
 * report writes too: their columns and one row each. */
#define AUDIT_SCORECARD_NCOLS 24
#define AUDIT_SOURCE_NCOLS 6
#define AUDIT_HEALTH_NCOLS 10
extern const struct emit_col audit_scorecard_cols[AUDIT_SCORECARD_NCOLS];
extern const struct emit_col audit_source_cols[AUDIT_SOURCE_NCOLS];
extern const struct emit_col audit_health_cols[AUDIT_HEALTH_NCOLS];
void audit_emit_scorecard(struct emitter *e, const struct crm_audit_scorecard *s);
/* table: the clients with no source are named "(none)", else null */
void audit_emit_source(struct emitter *e, const struct crm_audit_source *s, bool table);
void audit_emit_health(struct emitter *e, const struct crm_audit_health *h);

#endif
