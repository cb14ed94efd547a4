/*
 * cmd-incident.c: crm incident add|list|resolve, and the row every command
 * shows an incident with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
#include "banned.h"

const struct emit_col incident_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
	{ "at", N_("AT"), EMIT_TIME },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "how", N_("HOW"), EMIT_STR },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "created", N_("CREATED"), EMIT_TIME },
	{ "closed", N_("CLOSED"), EMIT_TIME },
};
const size_t incident_ncols = ARRAY_SIZE(incident_cols);

void emit_incident(struct emitter *e, const struct crm_incident *i)
{
	emit_begin(e);
	emit_int(e, i->id);
	emit_int(e, i->client_id);
	emit_str(e, i->client);
	emit_str(e, i->kind);
	emit_str(e, i->text);
	emit_date(e, i->at);
	emit_str(e, i->status);
	emit_str(e, i->how);
	emit_str(e, i->author);
	emit_date(e, i->created);
	if (i->resolved) {
		emit_date(e, i->resolved);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

ENTITY_FUNCTIONS(incident, crm_incident, emit_incident)

const struct entity incident_entity = {
	.noun = N_("incident"), .list_cmd = "crm incident list", .cols = incident_cols,
	.ncols = &incident_ncols,
	ENTITY_INIT(incident),
};

int cmd_incident_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm incident add [--kind <kind>] [--at <when>] <client> (<text> | --file <file>)",
		NULL,
	};
	const char *kind = NULL, *at_s = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_WORD(0, "kind", &kind, "<kind>", crm_incident_kinds,
			 "misunderstanding (the default), mishap, conflict or quality"),
		OPT_STR(0, "at", &at_s, "<when>",
			"when it happened: a day or a time, not in the future (default: now)"),
		OPT_STR(0, "file", &file, "<file>", "the text from a file ('-': standard input)"),
		OPT_END,
	};
	int64_t client, id, at = 0;
	char *text;
	bool timed = false;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 2, &code)) {
		return code;
	}
	if (kind && !arg_word(usage, "--kind", kind, crm_incident_kinds)) {
		return EXIT_USAGE;
	}
	if (at_s && !ctx_when(ctx, "--at", at_s, &at, &timed, usage)) {
		return EXIT_USAGE;
	}
	if (at_s && !timed) {
		/* a day: when it began in the team's zone */
		if (at > crm_local_today(ctx->now)) {
			return usage_error(usage, "--at %s is in the future: an incident is told "
					   "once it happened", at_s);
		}
		at = crm_day_end(at - 86400);
	}
	if (at_s && timed && at > ctx->now) {
		return usage_error(usage, "--at %s is in the future: an incident is told once it "
				   "happened", at_s);
	}
	code = textin_arg(usage, &(struct textin){ "<text>", argc > 1 ? argv[1] : NULL, file, 0 },
			  &text);
	if (!code) {
		code = ref_client(ctx, argv[0], &client);
	}
	if (!code) {
		/* the text is read: the write transaction begins (CMD_TX_LATE) */
		code = ctx_tx_begin(ctx);
	}
	if (code) {
		free(text);
		return code;
	}
	st = crm_incident_add_at(ctx->db, client, kind, text, at, &id);
	free(text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "incident-add", &incident_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &incident_entity, id, true, NULL, NULL);
}

int cmd_incident_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm incident list [--open] [<client>]", NULL };
	struct crm_incident_filter f = { 0 };
	const struct opt opts[] = {
		OPT_FLAG(0, "open", &f.open_only, "only the unresolved ones"),
		OPT_END,
	};
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (argc == 1 && (code = ref_client(ctx, argv[0], &f.client_id))) {
		return code;
	}
	return entity_list(ctx, &incident_entity, &f, 0);
}

int cmd_incident_resolve(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm incident resolve (--how <text> | --file <file>) <id>", NULL
	};
	const char *how = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "how", &how, "<text>", "how it was resolved ('-': standard input)"),
		OPT_STR(0, "file", &file, "<file>", "how it was resolved, from a file ('-': standard "
			"input)"),
		OPT_END,
	};
	char *text;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!how && !file) {
		return usage_error(usage, "missing --how: say how the incident was resolved");
	}
	if (!arg_id(&incident_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	code = textin_arg_tx(ctx, usage, &(struct textin){ "--how", how, file, 0 }, &text);
	if (code) {
		return code;
	}
	st = crm_check_text(ctx->db, "--how", text);
	if (st == CRM_OK) {
		st = crm_incident_resolve(ctx->db, id, text);
	}
	free(text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "incident-resolve", &incident_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &incident_entity, id, false, NULL, NULL);
}
