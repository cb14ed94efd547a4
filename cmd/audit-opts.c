/*
 * audit-opts.c: the options crm audit, its subcommands and crm report
 * share (audit-opts.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit-opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

const struct kw audit_formats[] = {
	{ "table", EMIT_FMT_TABLE }, { "json", EMIT_FMT_JSON }, { "ndjson", EMIT_FMT_NDJSON },
	{ "csv", EMIT_FMT_CSV },     { "tsv", EMIT_FMT_TSV },   { 0 },
};

void audit_opts_init(struct audit_opts *c)
{
	*c = (struct audit_opts){ .format = -1 };
}

/* ---- shared checks ---------------------------------------------------- */

static void print_rule_ids(void)
{
	size_t n;
	const struct crm_audit_rule *r = crm_audit_rules(&n);

	for (size_t i = 0; i < n; i++) {
		printf("%s\t%s\n", r[i].id, crm_severities[r[i].severity]);
	}
}

bool audit_complete_rule(struct crm_ctx *ctx)
{
	if (ctx->completing && ctx->complete_prev && strcmp(ctx->complete_prev, "--rule") == 0) {
		print_rule_ids();
		return true;
	}
	return false;
}

int audit_opts_apply(struct crm_ctx *ctx, struct audit_opts *c, const char *const *usage,
		     struct crm_audit_options *o)
{
	int64_t t;

	if (c->json) {
		c->format = EMIT_FMT_JSON;
	}
	if (c->format >= 0) {
		ctx->format = (enum emit_format)c->format;
		ctx->format_set = true;
	}
	for (size_t i = 0; i < c->rules.n; i++) {
		if (!crm_audit_rule_find(c->rules.items[i])) {
			usage_error(usage, "unknown rule '%s'", c->rules.items[i]);
			hint("'crm audit rules' lists them");
			return EXIT_USAGE;
		}
	}
	o->rules = c->rules.n ? c->rules.items : NULL;
	o->nrules = c->rules.n;
	if (c->owner && c->mine && !c->mine_acts) {
		return usage_error(usage, "--owner and --mine exclude each other");
	}
	if (c->assignee && c->mine) {
		return usage_error(usage, "--assignee and --mine exclude each other");
	}
	if (c->owner) {
		int code = ref_manager(ctx, c->owner, &o->owner_id);

		if (code) {
			return code;
		}
	}
	if (c->assignee) {
		int code = ref_manager(ctx, c->assignee, &o->assignee_id);

		if (code) {
			return code;
		}
	}
	if (c->mine) {
		int64_t me = crm_manager_self(ctx->db);

		if (!me) {
			error("'%s' is not a manager of this base, so --mine means nobody",
			      crm_db_actor(ctx->db));
			hint("name the manager with %s, or act as one with --as <name>",
			     c->mine_acts ? "--assignee" : "--owner");
			return EXIT_NOTFOUND;
		}
		if (c->mine_acts) {
			o->assignee_id = me;
		} else {
			o->owner_id = me;
		}
	}
	o->as_of = ctx->now;
	if (c->as_of) {
		/* a date means the end of that day in the team's zone; a time is
		 * taken as it is */
		if (crm_time_parse(c->as_of, ctx->now, &t) != CRM_OK) {
			return usage_error(usage,
					   "invalid date '%s' for --as-of: use YYYY-MM-DD, today, "
					   "yesterday, -2w, +1m or 2026-11-22T10:00", c->as_of);
		}
		o->as_of = strchr(c->as_of, 'T') ? t : crm_day_end(t) - 1;
	}
	return 0;
}


/* ---- the period of the figures ------------------------------------------ */

int audit_period_apply(struct crm_ctx *ctx, const char *since, const char *until,
		       const char *const *usage, struct crm_audit_options *o)
{
	int64_t end;
	char a[16], z[16];

	if (since && !ctx_date(ctx, "--since", since, &o->since, usage)) {
		return EXIT_USAGE;
	}
	if (until && !ctx_date(ctx, "--until", until, &o->until, usage)) {
		return EXIT_USAGE;
	}
	end = until ? o->until : crm_local_today(o->as_of);
	if (since && o->since > end) {
		crm_date_format(o->since, a, sizeof(a));
		crm_date_format(end, z, sizeof(z));
		if (until) {
			return usage_error(usage, "--since %s is after --until %s", a, z);
		}
		return usage_error(usage, "--since %s is after today, %s", a, z);
	}
	return 0;
}

/* ---- the records audit commands and crm report share --------------------- */

const struct emit_col audit_scorecard_cols[AUDIT_SCORECARD_NCOLS] = {
	{ "manager_id", N_("ID"), EMIT_INT },
	{ "manager", N_("MANAGER"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "clients", N_("CLIENTS"), EMIT_INT },
	{ "capacity", N_("CAPACITY"), EMIT_INT },
	{ "forgotten", N_("FORGOTTEN"), EMIT_INT },
	{ "forgotten_pct", N_("FORGOTTEN%"), EMIT_INT },
	{ "overdue_actions", N_("OVERDUE"), EMIT_INT },
	{ "broken_promises", N_("BROKEN"), EMIT_INT },
	{ "open_conflicts", N_("CONFLICTS"), EMIT_INT },
	{ "repeat_rate", N_("REPEAT%"), EMIT_INT },
	{ "median_days", N_("MEDIAN_DAYS"), EMIT_INT },
	{ "handovers_in", N_("IN_90D"), EMIT_INT },
	{ "handovers_out", N_("OUT_90D"), EMIT_INT },
	{ "score", N_("SCORE"), EMIT_INT },
	{ "orders", N_("ORDERS"), EMIT_INT },
	{ "orders_sum", N_("ORDERS_SUM"), EMIT_MONEY },
	{ "new_clients", N_("NEW"), EMIT_INT },
	{ "lost_clients", N_("LOST"), EMIT_INT },
	{ "promises_kept", N_("KEPT"), EMIT_INT },
	{ "promises_broken", N_("BROKE"), EMIT_INT },
	{ "first_contact_days", N_("FIRST_CONTACT_DAYS"), EMIT_JSON },
	{ "moves", N_("MOVES"), EMIT_INT },
	{ "late_meetings", N_("LATE"), EMIT_INT },
};

const struct emit_col audit_source_cols[AUDIT_SOURCE_NCOLS] = {
	{ "source", N_("SOURCE"), EMIT_STR },
	{ "new_clients", N_("NEW"), EMIT_INT },
	{ "repeat_clients", N_("REPEAT"), EMIT_INT },
	{ "orders", N_("ORDERS"), EMIT_INT },
	{ "revenue", N_("REVENUE"), EMIT_MONEY },
	{ "lost_clients", N_("LOST"), EMIT_INT },
};

const struct emit_col audit_health_cols[AUDIT_HEALTH_NCOLS] = {
	{ "client_id", N_("ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "tier", N_("TIER"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "owner", N_("OWNER"), EMIT_STR },
	{ "health", N_("HEALTH"), EMIT_INT },
	{ "rules", N_("RULES"), EMIT_INT },
	{ "reasons", N_("REASONS"), EMIT_LIST },
	{ "regular_candidate", N_("REGULAR?"), EMIT_BOOL },
	{ "regular_reasons", N_("WHY_REGULAR"), EMIT_LIST },
};

/* A median of days (< 0: none) as a JSON number with one decimal. */
static void emit_days(struct emitter *e, double d)
{
	char num[32];

	if (d < 0) {
		emit_null(e);
		return;
	}
	snprintf(num, sizeof(num), "%.1f", d);
	emit_json(e, num);
}

/* A figure that cannot be computed (no orders yet) is negative: null. */
static void emit_opt_int(struct emitter *e, int64_t v)
{
	if (v < 0) {
		emit_null(e);
	} else {
		emit_int(e, v);
	}
}

void audit_emit_scorecard(struct emitter *e, const struct crm_audit_scorecard *s)
{
	emit_begin(e);
	emit_int(e, s->manager_id);
	emit_str(e, s->manager);
	emit_str(e, s->status);
	emit_int(e, s->clients);
	emit_int(e, s->capacity);
	emit_int(e, s->forgotten);
	emit_int(e, s->forgotten_pct);
	emit_int(e, s->overdue_actions);
	emit_int(e, s->broken_promises);
	emit_int(e, s->open_conflicts);
	emit_opt_int(e, s->repeat_rate);
	emit_opt_int(e, s->median_days);
	emit_opt_int(e, s->handovers_in);
	emit_opt_int(e, s->handovers_out);
	emit_int(e, s->score);
	emit_int(e, s->orders);
	emit_money(e, s->orders_sum);
	emit_int(e, s->new_clients);
	emit_int(e, s->lost_clients);
	emit_int(e, s->promises_kept);
	emit_int(e, s->promises_broken);
	emit_days(e, s->first_contact_days);
	emit_int(e, s->moves);
	emit_int(e, s->late_meetings);
	emit_end(e);
}

void audit_emit_source(struct emitter *e, const struct crm_audit_source *s, bool table)
{
	emit_begin(e);
	/* the clients with no source: a name in a table, null for machines */
	emit_str(e, s->source ? s->source : table ? _("(none)") : NULL);
	emit_int(e, s->new_clients);
	emit_int(e, s->repeat_clients);
	emit_int(e, s->orders);
	emit_money(e, s->revenue);
	emit_int(e, s->lost_clients);
	emit_end(e);
}

void audit_emit_health(struct emitter *e, const struct crm_audit_health *h)
{
	emit_begin(e);
	emit_int(e, h->client_id);
	emit_str(e, h->client);
	emit_str(e, h->tier);
	emit_str(e, h->status);
	emit_str(e, h->owner);
	emit_int(e, h->health);
	emit_int(e, h->rules);
	emit_json(e, h->reasons);
	emit_bool(e, h->regular_candidate);
	emit_json(e, h->regular_reasons);
	emit_end(e);
}
