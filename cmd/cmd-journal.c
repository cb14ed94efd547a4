/*
 * cmd-journal.c: crm journal, the record of every change.
 */
#include <stdio.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

int cmd_journal(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm journal [--since <date>] [--actor <name>] [--entity <kind>] [--id <n>] "
		"[--limit <n>]",
		NULL,
	};
	static const struct emit_col cols[] = {
		{ "id", N_("ID"), EMIT_INT },         { "at", N_("AT"), EMIT_TIME },
		{ "actor", N_("ACTOR"), EMIT_STR },   { "action", N_("ACTION"), EMIT_STR },
		{ "entity", N_("ENTITY"), EMIT_STR }, { "entity_id", N_("ENTITY_ID"), EMIT_INT },
		{ "data", N_("DATA"), EMIT_JSON },
	};
	const char *since = NULL;
	struct crm_journal_filter f = { 0 };
	const struct opt opts[] = {
		OPT_STR(0, "since", &since, "<date>", "entries from this date on"),
		OPT_STR(0, "actor", &f.actor, "<name>", "entries by this person"),
		OPT_STR(0, "entity", &f.entity, "<kind>", "entries about this kind of record"),
		OPT_INT(0, "id", &f.entity_id, "<n>", "entries about the record with this id"),
		OPT_INT(0, "limit", &f.limit, "<n>", "at most n entries"),
		OPT_END,
	};
	const struct crm_journal_entry *row;
	struct crm_journal_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	if (since && !ctx_date(ctx, "--since", since, &f.since, usage)) {
		return EXIT_USAGE;
	}
	if (f.limit < 0) {
		return usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)f.limit);
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_journal_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_journal_iter_next(it, &row)) == CRM_OK) {
		emit_begin(e);
		emit_int(e, row->id);
		emit_date(e, row->at);
		emit_str(e, row->actor);
		emit_str(e, row->action);
		emit_str(e, row->entity);
		if (row->entity_id) {
			emit_int(e, row->entity_id);
		} else {
			emit_null(e);
		}
		emit_json(e, row->data);
		emit_end(e);
	}
	crm_journal_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}
