/*
 * cmd-privacy.c: crm client erase, the erasure of a client's personal
 * data with its act of destruction (access requests: client export
 * --subject, in cmd-client-io.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

static const struct emit_col act_cols[] = {
	{ "act", N_("ACT"), EMIT_STR },
	{ "erasure_id", N_("ERASURE_ID"), EMIT_INT },
	{ "at", N_("AT"), EMIT_TIME },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "reason", N_("REASON"), EMIT_STR },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client_uuid", N_("CLIENT_UUID"), EMIT_STR },
	{ "destroyed", N_("DESTROYED"), EMIT_JSON },
	{ "journal", N_("JOURNAL"), EMIT_JSON },
	{ "copies", N_("COPIES"), EMIT_ROWS },
	{ "files_scrubbed", N_("FILES_SCRUBBED"), EMIT_BOOL },
};

static const struct emit_col copy_cols[] = {
	{ "kind", N_("KIND"), EMIT_STR },
	{ "path", N_("PATH"), EMIT_STR },
	{ "exists", N_("EXISTS"), EMIT_BOOL },
};

static void add_copy(void *data, const char *kind, const char *path, bool exists)
{
	struct emitter *e = data;

	emit_begin(e);
	emit_str(e, kind);
	emit_str(e, path);
	emit_bool(e, exists);
	emit_end(e);
}

/* The act of destruction is a JSON object unless --format asks otherwise.
 * The emitter is made before the erasure: a bad --fields must not leave
 * an erasure without its act. */
static struct emitter *act_emitter(struct crm_ctx *ctx)
{
	if (!ctx->format_set) {
		ctx->format = EMIT_FMT_JSON;
	}
	return ctx_emitter(ctx, act_cols, ARRAY_SIZE(act_cols),
			   ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
}

/* The act as one row of e: what was erased, when, by whom, why, and
 * where copies the erasure cannot reach may remain. */
static crm_status act_row(struct crm_ctx *ctx, struct emitter *e, const struct crm_erasure *act,
			  bool scrubbed, bool people)
{
	struct emitter *copies;
	crm_status st = CRM_OK;

	emit_begin(e);
	/* the act's title: for people in a table, the same on any machine otherwise */
	emit_str(e, people ? _("destruction of personal data") : "destruction of personal data");
	emit_int(e, act->id);
	emit_date(e, act->at);
	emit_str(e, act->actor);
	emit_str(e, act->reason);
	emit_int(e, act->client_id);
	emit_str(e, act->uuid);
	emit_json(e, act->counts);
	/* the extract of the event log (152-FZ): the entries redacted */
	emit_json(e, act->journal);
	copies = emit_begin_list(e, copy_cols, ARRAY_SIZE(copy_cols), NULL);
	if (copies) {  /* else the emitter reports ENOMEM when it ends */
		st = crm_erasure_copies(ctx->db, add_copy, copies);
	}
	emit_end_list(e);
	emit_bool(e, scrubbed);
	emit_end(e);
	return st;
}

/* The act, printed. Finishes e. */
static int print_act(struct crm_ctx *ctx, struct emitter *e, const struct crm_erasure *act,
		     bool scrubbed)
{
	crm_status st = act_row(ctx, e, act, scrubbed, ctx->format == EMIT_FMT_TABLE);

	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

/* The record of the post-erase hook: the act, as its JSON shows it. */
static void hook_act(struct crm_ctx *ctx, const struct crm_erasure *act, bool scrubbed)
{
	char err[256], *buf = NULL;
	size_t len = 0;
	struct emitter *e;
	FILE *mem;

	if (!hook_wanted(ctx, "erase") || !(mem = open_memstream(&buf, &len))) {
		return;
	}
	e = emit_create(EMIT_FMT_JSON, mem, act_cols, ARRAY_SIZE(act_cols), NULL, EMIT_SINGLE, err,
			sizeof(err));
	if (e && act_row(ctx, e, act, scrubbed, false) == CRM_OK && emit_finish(e) == 0 &&
	    fflush(mem) == 0) {
		hook_set_record(buf);
	}
	emit_destroy(e);
	fclose(mem);
	free(buf);
}

int cmd_client_erase(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client erase --reason <text> [--yes] <client>",
		NULL,
	};
	const char *reason = NULL;
	bool yes = false;
	const struct opt opts[] = {
		OPT_STR(0, "reason", &reason, "<text>",
			"why (a request under GDPR art. 17, 152-FZ ...): kept in the record"),
		OPT_FLAG('y', "yes", &yes, "do not ask: erase"),
		OPT_END,
	};
	struct crm_erasure act;
	struct emitter *e;
	int64_t id;
	crm_status st;
	int code;
	bool scrubbed;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!reason) {
		return usage_error(usage, "--reason is required: an erasure records why");
	}
	code = ref_client(ctx, argv[0], &id);
	if (code != 0) {
		return code;
	}
	if (!yes && !isatty(STDIN_FILENO)) {
		error("erasing a client cannot be undone: add --yes to erase '%s'", argv[0]);
		return EXIT_CONFLICT;
	}
	if (!yes && !confirm(ctx, false, _("erase this client's personal data for good?"))) {
		error("nothing was erased");
		return EXIT_CONFLICT;
	}
	/* committed when it returns (the command holds no transaction): the
	 * scrub (checkpoint, VACUUM) runs outside it */
	e = act_emitter(ctx);
	if (!e) {
		return EXIT_USAGE;
	}
	/* no transaction to veto in: the pre- hook sees the client before */
	code = hook_entity(ctx, "erase", &client_entity, id, NULL);
	if (code) {
		emit_destroy(e);
		return code;
	}
	st = crm_client_erase(ctx->db, id, reason, &act);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	st = crm_db_scrub(ctx->db);
	scrubbed = st == CRM_OK;
	hook_act(ctx, &act, scrubbed); /* the post- hook gets the act */
	code = print_act(ctx, e, &act, scrubbed);
	crm_erasure_release(&act);
	if (code == 0 && !scrubbed) {
		error("the erasure is committed, but the erased data is still in the files of "
		      "the base: %s", crm_db_errmsg(ctx->db));
		hint("run 'crm scrub' once no other program has the base open");
		code = EXIT_FAIL;
	}
	return code;
}

/* crm scrub: finishes an erasure whose data is still in the files. */
int cmd_scrub(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm scrub", NULL };
	const struct opt opts[] = { OPT_END };
	int64_t pending = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	st = crm_scrub_pending(ctx->db, &pending);
	if (st == CRM_OK) {
		st = crm_db_scrub(ctx->db);
	}
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EBUSY) {
			hint("another program holds the base open: run 'crm scrub' again when it is done");
		}
		return code;
	}
	if (pending) {
		info(ctx, "no erased data is left in the files of '%s' (erasures up to %lld)",
		     ctx->db_path, (long long)pending);
	} else {
		info(ctx, "the files of '%s' hold no deleted data", ctx->db_path);
	}
	return 0;
}
