/*
 * cmd-promise.c: crm promise add|list|keep|break, and the row every
 * command shows a promise with.
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

const struct emit_col promise_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
	{ "due", N_("DUE"), EMIT_DATE },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "why", N_("WHY"), EMIT_STR },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "created", N_("CREATED"), EMIT_TIME },
	{ "closed", N_("CLOSED"), EMIT_TIME },
};
const size_t promise_ncols = ARRAY_SIZE(promise_cols);

void emit_promise(struct emitter *e, const struct crm_promise *p)
{
	emit_begin(e);
	emit_int(e, p->id);
	emit_int(e, p->client_id);
	emit_str(e, p->client);
	emit_str(e, p->kind);
	emit_str(e, p->text);
	if (p->due) {
		emit_date(e, p->due);
	} else {
		emit_null(e);
	}
	emit_str(e, p->status);
	emit_str(e, p->why);
	emit_str(e, p->author);
	emit_date(e, p->created);
	if (p->closed) {
		emit_date(e, p->closed);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

ENTITY_FUNCTIONS(promise, crm_promise, emit_promise)

const struct entity promise_entity = {
	.noun = N_("promise"), .list_cmd = "crm promise list", .cols = promise_cols,
	.ncols = &promise_ncols,
	ENTITY_INIT(promise),
};

static void hint_due(struct crm_ctx *ctx, crm_status st, int64_t due)
{
	if (st == CRM_EINVAL && due && due < crm_local_today(ctx->now)) {
		hint("a due date is today or later: --due today, --due +3d, --due 2026-12-31");
	}
}

int cmd_promise_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm promise add [--kind <kind>] [--due <date>] <client> (<text> | --file <file>)",
		NULL,
	};
	const char *kind = NULL, *due_s = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_WORD(0, "kind", &kind, "<kind>", crm_promise_kinds,
			 "promise (the default), guarantee, discount, doubt or risk"),
		OPT_STR(0, "due", &due_s, "<date>", "when it must be kept: today or later"),
		OPT_STR(0, "file", &file, "<file>", "the text from a file ('-': standard input)"),
		OPT_END,
	};
	int64_t client, due = 0, id;
	char *text;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 2, &code)) {
		return code;
	}
	if (kind && !arg_word(usage, "--kind", kind, crm_promise_kinds)) {
		return EXIT_USAGE;
	}
	if (due_s && !ctx_date(ctx, "--due", due_s, &due, usage)) {
		return EXIT_USAGE;
	}
	code = textin_arg(usage, &(struct textin){ "<text>", argc > 1 ? argv[1] : NULL, file,
						   TEXTIN_LINE }, &text);
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
	st = crm_promise_add(ctx->db, client, kind, text, due, &id);
	free(text);
	if (st != CRM_OK) {
		code = report(ctx, st);
		hint_due(ctx, st, due);
		return code;
	}
	code = hook_entity(ctx, "promise-add", &promise_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &promise_entity, id, true, NULL, NULL);
}

int cmd_promise_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm promise list [--open] [--overdue] [<client>]",
		NULL,
	};
	struct crm_promise_filter f = { 0 };
	const struct opt opts[] = {
		OPT_FLAG(0, "open", &f.open_only, "only the open ones"),
		OPT_FLAG(0, "overdue", &f.overdue, "only the open ones due before today"),
		OPT_END,
	};
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (argc == 1 && (code = ref_client(ctx, argv[0], &f.client_id))) {
		return code;
	}
	return entity_list(ctx, &promise_entity, &f, 0);
}

int cmd_promise_keep(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm promise keep <id>", NULL };
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&promise_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	st = crm_promise_keep(ctx->db, id);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "promise-keep", &promise_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &promise_entity, id, false, NULL, NULL);
}

int cmd_promise_break(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm promise break (--why <text> | --file <file>) <id>", NULL
	};
	const char *why = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "why", &why, "<text>", "why it was broken ('-': standard input)"),
		OPT_STR(0, "file", &file, "<file>", "the reason from a file ('-': standard input)"),
		OPT_END,
	};
	char *text;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!why && !file) {
		return usage_error(usage, "missing --why: say why the promise was broken");
	}
	if (!arg_id(&promise_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	code = textin_arg_tx(ctx, usage, &(struct textin){ "--why", why, file, 0 }, &text);
	if (code) {
		return code;
	}
	st = crm_check_text(ctx->db, "--why", text);
	if (st == CRM_OK) {
		st = crm_promise_break(ctx->db, id, text);
	}
	free(text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "promise-break", &promise_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &promise_entity, id, false, NULL, NULL);
}
