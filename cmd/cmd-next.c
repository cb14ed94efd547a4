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

/* A next action id typed by the user: digits only, else a usage error. */
static bool arg_id(const char *const *usage, const char *s, int64_t *id)
{
	char *end = NULL;
	long long v = 0;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		v = strtoll(s, &end, 10);
	}
	if (!end || errno || *end) {
		usage_error(usage, "invalid next action id '%s': expected a number, as 'crm next "
				   "list' shows", s);
		return false;
	}
	*id = v;
	return true;
}

static void hint_due(struct crm_ctx *ctx, crm_status st, int64_t due)
{
	if (st == CRM_EINVAL && due < crm_day_start(ctx->now)) {
		hint("a next action is due today or later: --due today, --due +3d, "
		     "--due 2026-12-31");
	}
}

/*
 * The record after a change: the id (add) or nothing in the table format,
 * the record as one object in the others. After add, warns when the action
 * has nobody to do it.
 */
static int show(struct crm_ctx *ctx, int64_t id, bool added)
{
	struct crm_next_filter f = { .id = id };
	const struct crm_next_action *n;
	struct crm_next_iter *it;
	struct emitter *e = NULL;
	crm_status st;

	if (ctx->format != EMIT_FMT_TABLE) {
		e = ctx_emitter(ctx, next_cols, next_ncols, EMIT_SINGLE);
		if (!e) {
			return EXIT_USAGE;
		}
	}
	st = crm_next_query(ctx->db, &f, &it);
	if (st == CRM_OK && (st = crm_next_iter_next(it, &n)) == CRM_OK) {
		if (added && !n->assignee_id) {
			warning("client '%s' has no owner: next action %lld has no assignee",
				n->client, (long long)id);
			hint("give one with 'crm next add --assignee <manager>', or an owner with "
			     "'crm client edit --owner <manager> %lld'", (long long)n->client_id);
		}
		if (e) {
			emit_next(e, n);
		} else if (added) {
			printf("%lld\n", (long long)id);
		}
	}
	crm_next_iter_destroy(it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	return e ? ctx_emit_done(ctx, e) : 0;
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
	return show(ctx, id, true);
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
	const struct crm_next_action *n;
	struct crm_next_iter *it;
	struct emitter *e;
	crm_status st;
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
	e = ctx_emitter(ctx, next_cols, next_ncols, 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_next_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_next_iter_next(it, &n)) == CRM_OK) {
		emit_next(e, n);
	}
	crm_next_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
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
	if (!arg_id(usage, argv[0], &id)) {
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
	return show(ctx, id, false);
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
	if (!arg_id(usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	st = crm_next_move(ctx->db, id, due);
	if (st != CRM_OK) {
		code = report(ctx, st);
		hint_due(ctx, st, due);
		return code;
	}
	return show(ctx, id, false);
}
