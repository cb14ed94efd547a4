/*
 * cmd-next.c: crm next add|done|list|move|show, and the row every command
 * shows a next action with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "hooks.h"
#include "ics.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
#include "banned.h"

const struct emit_col next_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "due", N_("DUE"), EMIT_TIME },
	{ "assignee_id", N_("ASSIGNEE_ID"), EMIT_INT },
	{ "assignee", N_("ASSIGNEE"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "overdue", N_("OVERDUE"), EMIT_BOOL },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "created", N_("CREATED"), EMIT_TIME },
	{ "closed", N_("CLOSED"), EMIT_TIME },
};
const size_t next_ncols = ARRAY_SIZE(next_cols);

/* The values of next_cols, without begin and end: for documents. */
static void next_values(struct emitter *e, const struct crm_next_action *n)
{
	emit_int(e, n->id);
	emit_int(e, n->client_id);
	emit_str(e, n->client);
	emit_str(e, n->text);
	emit_str(e, n->kind);
	emit_when(e, n->due, n->timed);
	if (n->assignee_id) {
		emit_int(e, n->assignee_id);
	} else {
		emit_null(e);
	}
	emit_str(e, n->assignee);
	emit_str(e, n->status);
	emit_bool(e, n->overdue);
	emit_str(e, n->author);
	emit_date(e, n->created);
	if (n->done) {
		emit_date(e, n->done);
	} else {
		emit_null(e);
	}
}

void emit_next(struct emitter *e, const struct crm_next_action *n)
{
	emit_begin(e);
	next_values(e, n);
	emit_end(e);
}

ENTITY_FUNCTIONS(next, crm_next_action, emit_next)

const struct entity next_entity = {
	.noun = N_("next action"), .list_cmd = "crm next list", .cols = next_cols,
	.ncols = &next_ncols, ENTITY_INIT(next),
};

static const struct kw kinds[] = {
	{ "call", 0 }, { "meeting", 1 }, { "letter", 2 }, { "task", 3 }, { 0 },
};

static const struct kw movers[] = { { "manager", 0 }, { "client", 1 }, { 0 } };

static void hint_due(struct crm_ctx *ctx, crm_status st, int64_t due, bool timed)
{
	if (st != CRM_EINVAL) {
		return;
	}
	if (timed && due < ctx->now) {
		hint("a time is now or later: --due 2026-12-31T10:00 (in the base's time zone)");
	} else if (!timed && due < crm_local_today(ctx->now)) {
		hint("a next action is due today or later: --due today, --due +3d, "
		     "--due 2026-12-31, --due 2026-12-31T10:00");
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
		"crm next add --due <when> [--kind <kind>] [--assignee <manager>] <client> "
		"(<text> | --file <file>)",
		NULL,
	};
	const char *due_s = NULL, *assignee = NULL, *file = NULL;
	int kind = 3;
	const struct opt opts[] = {
		OPT_STR(0, "due", &due_s, "<when>",
			"the deadline: a day (today or later) or a time (required)"),
		OPT_KW(0, "kind", &kind, kinds, "call, meeting, letter or task (default)"),
		OPT_STR(0, "assignee", &assignee, "<manager>",
			"who does it (default: the client's owner)"),
		OPT_STR(0, "file", &file, "<file>", "the text from a file ('-': standard input)"),
		OPT_END,
	};
	struct crm_next_input in = { 0 };
	char *text;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 2, &code)) {
		return code;
	}
	if (!due_s) {
		return usage_error(usage, "missing --due: a next action needs a deadline");
	}
	if (!ctx_when(ctx, "--due", due_s, &in.due, &in.timed, usage)) {
		return EXIT_USAGE;
	}
	code = textin_arg(usage, &(struct textin){ "<text>", argc > 1 ? argv[1] : NULL, file,
						   TEXTIN_LINE }, &text);
	if (!code) {
		code = ref_client(ctx, argv[0], &in.client_id);
	}
	if (!code && assignee) {
		code = ref_manager(ctx, assignee, &in.assignee_id);
	}
	if (!code) {
		/* the text is read: the write transaction begins (CMD_TX_LATE) */
		code = ctx_tx_begin(ctx);
	}
	if (code) {
		free(text);
		return code;
	}
	in.text = text;
	in.kind = kw_name(kinds, kind);
	st = crm_next_new(ctx->db, &in, &id);
	free(text);
	if (st != CRM_OK) {
		code = report(ctx, st);
		hint_due(ctx, st, in.due, in.timed);
		return code;
	}
	code = hook_entity(ctx, "next-add", &next_entity, id, NULL);
	if (code) {
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
		"crm next list [--mine | --assignee <manager>] [--overdue] [--due-before <when>] "
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
		OPT_FLAG(0, "overdue", &f.overdue,
			 "only the open ones overdue: a day over, or a time come"),
		OPT_STR(0, "due-before", &before, "<when>",
			"only the ones due before this day or time"),
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
	if (ctx->format == EMIT_FMT_ICS && !ics_args_ok(ctx, usage)) {
		return EXIT_USAGE;
	}
	if (before && !ctx_when(ctx, "--due-before", before, &f.due_before, &f.due_before_timed,
				usage)) {
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
	if (ctx->format == EMIT_FMT_ICS) {
		return ics_next_list(ctx, &f);
	}
	return entity_list(ctx, &next_entity, &f, 0);
}

int cmd_next_done(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm next done [--note <text> | --file <file>] <id>", NULL
	};
	const char *note_s = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "note", &note_s, "<text>", "what came of it, recorded as a note ('-': "
			"standard input)"),
		OPT_STR(0, "file", &file, "<file>", "the note from a file ('-': standard input)"),
		OPT_END,
	};
	char *note = NULL;
	int64_t id;
	crm_status st = CRM_OK;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&next_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	if (note_s || file) {
		code = textin_arg(usage, &(struct textin){ "--note", note_s, file, 0 }, &note);
		if (code) {
			return code;
		}
		st = crm_check_text(ctx->db, "--note", note);
	}
	/* the note is read: the write transaction begins (CMD_TX_LATE) */
	code = ctx_tx_begin(ctx);
	if (code) {
		free(note);
		return code;
	}
	if (st == CRM_OK) {
		st = crm_next_done(ctx->db, id, note);
	}
	free(note);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "next-done", &next_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &next_entity, id, false, NULL, NULL);
}

int cmd_next_move(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm next move --due <when> (--reason <text> | --file <file>) "
		"[--by (manager | client)] <id>",
		NULL,
	};
	const char *due_s = NULL, *reason = NULL, *file = NULL;
	int by = 0;
	const struct opt opts[] = {
		OPT_STR(0, "due", &due_s, "<when>",
			"the new deadline: a day (today or later) or a time (required)"),
		OPT_STR(0, "reason", &reason, "<text>", "why it moves ('-': standard input)"),
		OPT_STR(0, "file", &file, "<file>", "the reason from a file ('-': standard input)"),
		OPT_KW(0, "by", &by, movers, "who asked for the move: manager (default) or client"),
		OPT_END,
	};
	struct crm_next_move_input in = { 0 };
	char *text;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!due_s) {
		return usage_error(usage, "missing --due: give the new deadline");
	}
	if (!reason && !file) {
		return usage_error(usage, "missing --reason: say why the action moves");
	}
	if (!ctx_when(ctx, "--due", due_s, &in.due, &in.timed, usage)) {
		return EXIT_USAGE;
	}
	if (!arg_id(&next_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	code = textin_arg_tx(ctx, usage, &(struct textin){ "--reason", reason, file, TEXTIN_LINE }, &text);
	if (code) {
		return code;
	}
	in.by = kw_name(movers, by);
	in.reason = text;
	st = crm_next_move(ctx->db, id, &in);
	free(text);
	if (st != CRM_OK) {
		code = report(ctx, st);
		hint_due(ctx, st, in.due, in.timed);
		return code;
	}
	code = hook_entity(ctx, "next-move", &next_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &next_entity, id, false, NULL, NULL);
}

/* ---- show: one action and its moves ------------------------------------ */

static const struct emit_col move_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "at", N_("WHEN"), EMIT_TIME },
	{ "from", N_("FROM"), EMIT_TIME },
	{ "to", N_("TO"), EMIT_TIME },
	{ "by", N_("BY"), EMIT_STR },
	{ "author", N_("WHO"), EMIT_STR },
	{ "author_id", N_("AUTHOR_ID"), EMIT_INT },
	{ "reason", N_("WHY"), EMIT_STR },
};
#define MOVE_TABLE_FIELDS "at,from,to,by,author,reason"

static void emit_move(struct emitter *e, const struct crm_next_move *m)
{
	emit_begin(e);
	emit_int(e, m->id);
	emit_date(e, m->at);
	emit_when(e, m->from_due, m->from_timed);
	emit_when(e, m->to_due, m->to_timed);
	emit_str(e, m->by);
	emit_str(e, m->actor);
	emit_int_or_null(e, m->actor_id);
	emit_str(e, m->reason);
	emit_end(e);
}

/* The moves of action id into e; CRM_DONE when all went. */
static crm_status move_rows(struct crm_ctx *ctx, int64_t id, struct emitter *e)
{
	const struct crm_next_move *m;
	struct crm_next_move_iter *it = NULL;
	crm_status st = crm_next_moves(ctx->db, id, &it);

	while (st == CRM_OK && (st = crm_next_move_iter_next(it, &m)) == CRM_OK) {
		emit_move(e, m);
	}
	crm_next_move_iter_destroy(it);
	return st;
}

static void kv(struct emitter *e, const char *field, const char *value)
{
	emit_begin(e);
	emit_str(e, field);
	emit_str(e, value ? value : "-");
	emit_end(e);
}

/* A table: the action field by field, then its moves. */
static int show_table(struct crm_ctx *ctx, const struct crm_next_action *n)
{
	static const struct emit_col cols[] = {
		{ "field", N_("FIELD"), EMIT_STR },
		{ "value", N_("VALUE"), EMIT_STR },
	};
	char err[512], buf[64], num[32];
	unsigned color = ctx->color ? EMIT_COLOR : 0;
	struct emitter *e = emit_create(EMIT_FMT_TABLE, stdout, cols, ARRAY_SIZE(cols), NULL,
					EMIT_NO_HEADER, err, sizeof(err));
	crm_status st;
	int code;

	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	printf("%s\n", _("Next action"));
	snprintf(num, sizeof(num), "%lld", (long long)n->id);
	kv(e, _("id"), num);
	kv(e, _("client"), n->client);
	kv(e, _("text"), n->text);
	kv(e, _("kind"), n->kind);
	kv(e, _("due"), n->timed ? crm_local_format(n->due, buf, sizeof(buf)) :
				 crm_date_format(n->due, buf, sizeof(buf)));
	kv(e, _("assignee"), n->assignee);
	kv(e, _("status"), n->overdue ? _("open, overdue") : n->status);
	kv(e, _("author"), n->author);
	kv(e, _("created"), crm_local_format(n->created, buf, sizeof(buf)));
	kv(e, _("done"), n->done ? crm_local_format(n->done, buf, sizeof(buf)) : NULL);
	code = ctx_emit_done(ctx, e);
	if (code) {
		return code;
	}
	e = emit_create(EMIT_FMT_TABLE, stdout, move_cols, ARRAY_SIZE(move_cols),
			MOVE_TABLE_FIELDS, color, err, sizeof(err));
	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	printf("\n%s\n", _("Moves"));
	st = move_rows(ctx, n->id, e);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	if (emit_count(e) == 0) {
		printf("%s\n", _("none"));
	}
	return ctx_emit_done(ctx, e);
}

/* A document: the action's fields and "moves", a list. */
static int show_doc(struct crm_ctx *ctx, const struct crm_next_action *n)
{
	struct emitter *e = ctx_emitter(ctx, next_cols, next_ncols,
					ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	struct emitter *sub;
	crm_status st;

	if (!e) {
		return EXIT_USAGE;
	}
	emit_begin(e);
	next_values(e, n);
	emit_key(e, "moves", EMIT_ROWS);
	sub = emit_begin_list(e, move_cols, ARRAY_SIZE(move_cols), NULL);
	st = sub ? move_rows(ctx, n->id, sub) : CRM_ENOMEM;
	emit_end_list(e);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

int cmd_next_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm next show <id>", NULL };
	const struct opt opts[] = { OPT_END };
	struct crm_next_filter f = { 0 };
	const struct crm_next_action *n;
	struct crm_next_iter *it = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&next_entity, usage, argv[0], &f.id)) {
		return EXIT_USAGE;
	}
	st = crm_next_query(ctx->db, &f, &it);
	if (st == CRM_OK) {
		st = crm_next_iter_next(it, &n);
	}
	if (st == CRM_DONE) {
		crm_next_iter_destroy(it);
		error("no next action with id %lld", (long long)f.id);
		return EXIT_NOTFOUND;
	}
	if (st != CRM_OK) {
		crm_next_iter_destroy(it);
		return report(ctx, st);
	}
	code = ctx->format == EMIT_FMT_TABLE && !ctx->fields ? show_table(ctx, n) :
							       show_doc(ctx, n);
	crm_next_iter_destroy(it);
	return code;
}
