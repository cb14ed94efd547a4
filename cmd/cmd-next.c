/*
 * cmd-next.c: crm next add|list|done|move, and the row every command shows
 * a next action with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

const struct emit_col next_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "client_id", "CLIENT_ID", EMIT_INT },
	{ "client", "CLIENT", EMIT_STR },
	{ "text", "TEXT", EMIT_STR },
	{ "due", "DUE", EMIT_DATE },
	{ "assignee_id", "ASSIGNEE_ID", EMIT_INT },
	{ "assignee", "ASSIGNEE", EMIT_STR },
	{ "status", "STATUS", EMIT_STR },
	{ "author", "AUTHOR", EMIT_STR },
	{ "created", "CREATED", EMIT_TIME },
	{ "done", "DONE", EMIT_TIME },
};
const size_t next_ncols = ARRAY_SIZE(next_cols);

void emit_next(struct emitter *e, const struct crm_next_action *n)
{
	emit_begin(e);
	emit_int(e, n->id);
	emit_int(e, n->client_id);
	emit_str(e, n->client);
	emit_str(e, n->text);
	emit_date(e, n->due);
	if (n->assignee_id) {
		emit_int(e, n->assignee_id);
	} else {
		emit_null(e);
	}
	emit_str(e, n->assignee);
	emit_str(e, n->status);
	emit_str(e, n->author);
	emit_date(e, n->created);
	if (n->done) {
		emit_date(e, n->done);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

ENTITY_FUNCTIONS(next, crm_next_action, emit_next)

const struct entity next_entity = {
	.noun = "next action", .list_cmd = "crm next list", .cols = next_cols,
	.ncols = &next_ncols, ENTITY_INIT(next),
};

static void hint_due(struct crm_ctx *ctx, crm_status st, int64_t due)
{
	if (st == CRM_EINVAL && due < crm_local_today(ctx->now)) {
		hint("a next action is due today or later: --due today, --due +3d, "
		     "--due 2026-12-31");
	}
}

/* After add: a warning when the action has nobody to do it. */
static void check_assignee(struct crm_ctx *ctx, const void *row, void *data)
{
	const struct crm_next_action *n = row;

	(void)ctx;
	(void)data;
	if (!n->assignee_id) {
		warning("client '%s' has no owner: next action %lld has no assignee", n->client,
			(long long)n->id);
		hint("give one with 'crm next add --assignee <manager>', or an owner with "
		     "'crm client edit --owner <manager> %lld'", (long long)n->client_id);
	}
}

int cmd_next_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm next add --due <date> [--assignee <manager>] <client> <text>",
		NULL,
	};
	const char *due_s = NULL, *assignee = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "due", &due_s, "<date>", "the deadline: today or later (required)"),
		OPT_STR(0, "assignee", &assignee, "<manager>",
			"who does it (default: the client's owner)"),
		OPT_END,
	};
	int64_t client, due = 0, manager = 0, id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 2, 2, &code)) {
		return code;
	}
	if (!due_s) {
		return usage_error(usage, "missing --due: a next action needs a deadline");
	}
	if (!ctx_date(ctx, "--due", due_s, &due, usage)) {
		return EXIT_USAGE;
	}
	code = ref_client(ctx, argv[0], &client);
	if (!code && assignee) {
		code = ref_manager(ctx, assignee, &manager);
	}
	if (code) {
		return code;
	}
	st = crm_next_add(ctx->db, client, argv[1], due, manager, &id);
	if (st != CRM_OK) {
		code = report(ctx, st);
		hint_due(ctx, st, due);
		return code;
	}
	return entity_after(ctx, &next_entity, id, true, check_assignee, NULL);
}

/* --mine: the manager who runs the command; exit 3 when that is nobody. */
static int self(struct crm_ctx *ctx, int64_t *id)
{
	*id = crm_manager_self(ctx->db);
	if (*id) {
		return 0;
	}
	error("you ('%s') are not a manager: --mine needs one", crm_db_actor(ctx->db));
	hint("act as a manager with 'crm --as <manager>', register yourself with 'crm manager "
	     "add', or use --assignee <manager>");
	return EXIT_NOTFOUND;
}

int cmd_next_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm next list [--mine | --assignee <manager>] [--overdue] [--due-before <date>] "
		"[--all] [<client>]",
		NULL,
	};
	const char *assignee = NULL, *before = NULL;
	struct crm_next_filter f = { 0 };
	bool mine = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "mine", &mine, "only the actions assigned to me"),
		OPT_STR(0, "assignee", &assignee, "<manager>",
			"only the actions assigned to this manager"),
		OPT_FLAG(0, "overdue", &f.overdue, "only the open ones due before today"),
		OPT_STR(0, "due-before", &before, "<date>", "only the ones due before this date"),
		OPT_FLAG(0, "all", &f.all, "done actions too"),
		OPT_END,
	};
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (mine && assignee) {
		return usage_error(usage, "--mine and --assignee cannot be used together");
	}
	if (before && !ctx_date(ctx, "--due-before", before, &f.due_before, usage)) {
		return EXIT_USAGE;
	}
	code = argc == 1 ? ref_client(ctx, argv[0], &f.client_id) : 0;
	if (!code && assignee) {
		code = ref_manager(ctx, assignee, &f.assignee_id);
	}
	if (!code && mine) {
		code = self(ctx, &f.assignee_id);
	}
	if (code) {
		return code;
	}
	return entity_list(ctx, &next_entity, &f, 0);
}

int cmd_next_done(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm next done [--note <text>] <id>", NULL };
	const char *note = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "note", &note, "<text>", "what came of it, recorded as a note"),
		OPT_END,
	};
	int64_t id;
	crm_status st = CRM_OK;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&next_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	if (note) {
		st = crm_check_text(ctx->db, "--note", note);
	}
	if (st == CRM_OK) {
		st = crm_next_done(ctx->db, id, note);
	}
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	return entity_after(ctx, &next_entity, id, false, NULL, NULL);
}

int cmd_next_move(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm next move --due <date> <id>", NULL };
	const char *due_s = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "due", &due_s, "<date>", "the new deadline: today or later (required)"),
		OPT_END,
	};
	int64_t id, due = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!due_s) {
		return usage_error(usage, "missing --due: give the new deadline");
	}
	if (!ctx_date(ctx, "--due", due_s, &due, usage)) {
		return EXIT_USAGE;
	}
	if (!arg_id(&next_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	st = crm_next_move(ctx->db, id, due);
	if (st != CRM_OK) {
		code = report(ctx, st);
		hint_due(ctx, st, due);
		return code;
	}
	return entity_after(ctx, &next_entity, id, false, NULL, NULL);
}
