/*
 * cmd-note.c: crm note (record an interaction) and crm log (a client's
 * timeline), and the row every command shows an interaction with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

const struct emit_col interaction_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "at", N_("AT"), EMIT_TIME },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
	{ "outcome", N_("OUTCOME"), EMIT_STR },
	{ "amount", N_("AMOUNT"), EMIT_MONEY },
	{ "late", N_("LATE"), EMIT_INT },
};
const size_t interaction_ncols = ARRAY_SIZE(interaction_cols);

void emit_interaction(struct emitter *e, const struct crm_interaction *i)
{
	emit_begin(e);
	emit_int(e, i->id);
	emit_int(e, i->client_id);
	emit_str(e, i->client);
	emit_str(e, i->kind);
	/* a date is stored at 00:00 UTC, and stays a date */
	emit_when(e, i->at, crm_day_start(i->at) != i->at);
	emit_str(e, i->author);
	emit_str(e, i->text);
	emit_str(e, i->outcome);
	if (i->has_amount) {
		emit_money(e, i->amount);
	} else {
		emit_null(e);
	}
	if (i->has_late) {
		emit_int(e, i->late);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

ENTITY_FUNCTIONS(interaction, crm_interaction, emit_interaction)

const struct entity interaction_entity = {
	.noun = N_("interaction"), .list_cmd = "crm log", .cols = interaction_cols,
	.ncols = &interaction_ncols, ENTITY_INIT(interaction),
};

static const struct emit_col log_cols[] = {
	{ "at", N_("AT"), EMIT_TIME },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "event", N_("EVENT"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "ref_id", N_("REF_ID"), EMIT_INT },
	{ "survey_id", N_("SURVEY_ID"), EMIT_INT },
};

/* What an order did to the client, or why it did nothing, on stderr. */
static void say_status(struct crm_ctx *ctx, const char *kind, const struct crm_note_result *res,
		       const struct crm_interaction *row)
{
	if (res->status_after) {
		if (res->orders == 1) {
			info(ctx, "client '%s' is now %s: first order", row->client,
			     res->status_after);
		} else {
			info(ctx, "client '%s' is now %s: an order", row->client, res->status_after);
		}
	}
	if (res->repeat_order) {
		info(ctx, "client '%s' placed a repeat order: the first dangerous stage has passed; "
		     "not yet a regular client", row->client);
	} else if (strcmp(kind, "order") == 0 &&
		   (strcmp(res->status, "lost") == 0 || strcmp(res->status, "farewell") == 0)) {
		hint("client '%s' is %s and placed an order (%lld in all): if they are back, "
		     "run 'crm client edit --status active %lld'",
		     row->client, res->status, (long long)res->orders, (long long)row->client_id);
	}
}

struct note_said {
	const char *kind;
	const struct crm_note_result *res;
};

static void say_row_status(struct crm_ctx *ctx, const void *row, void *data)
{
	const struct note_said *n = data;

	say_status(ctx, n->kind, n->res, row);
}

/* Minutes late: a whole number 0..CRM_LATE_MAX. */
static bool arg_late(const char *const *usage, const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end || errno || v > CRM_LATE_MAX) {
		usage_error(usage, "invalid value '%s' for --late: minutes late, a whole number "
			    "from 0 to %d", s, CRM_LATE_MAX);
		return false;
	}
	*out = v;
	return true;
}

int cmd_note(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm note [--kind <kind>] [--at <time> | --date <date>] [--late <minutes>] "
		"[--outcome <text>] [--amount <amount>] <client> <text>",
		NULL,
	};
	const char *date = NULL, *at = NULL, *amount = NULL, *late = NULL;
	struct crm_note_input in = { .kind = "note" };
	const struct opt opts[] = {
		OPT_WORD(0, "kind", &in.kind, "<kind>", crm_interaction_kinds,
			 "call, meeting, email, order, complaint, feedback, conflict or note"),
		OPT_STR(0, "at", &at, "<time>",
			"when it happened: YYYY-MM-DDTHH:MM in the base's zone, or a date"),
		OPT_STR(0, "date", &date, "<date>", "the day it happened: YYYY-MM-DD, yesterday, -3d"),
		OPT_STR(0, "late", &late, "<minutes>", "a meeting: how many minutes the manager "
			"came late"),
		OPT_STR(0, "outcome", &in.outcome, "<text>", "what came of it"),
		OPT_STR(0, "amount", &amount, "<amount>", "the sum of an order: 1234.50"),
		OPT_END,
	};
	struct crm_note_result res;
	bool timed = false;
	int64_t client;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 2, 2, &code)) {
		return code;
	}
	if (!arg_word(usage, "--kind", in.kind, crm_interaction_kinds)) {
		return EXIT_USAGE;
	}
	if (at && date) {
		return usage_error(usage, "--at and --date both say when: give one");
	}
	if (date && crm_when_parse(date, ctx->now, &in.at, &timed) == CRM_OK && timed) {
		return usage_error(usage, "--date takes a day, not '%s': give a time with --at", date);
	}
	if (date && !ctx_date(ctx, "--date", date, &in.at, usage)) {
		return EXIT_USAGE;
	}
	if (at && !ctx_when(ctx, "--at", at, &in.at, &timed, usage)) {
		return EXIT_USAGE;
	}
	if (late && strcmp(in.kind, "meeting") != 0) {
		return usage_error(usage, "--late is for a meeting: add --kind meeting");
	}
	if (late && !arg_late(usage, late, &in.late)) {
		return EXIT_USAGE;
	}
	in.has_late = late != NULL;
	if (amount && !arg_money(usage, "--amount", amount, &in.amount)) {
		return EXIT_USAGE;
	}
	in.has_amount = amount != NULL;
	code = ref_client(ctx, argv[0], &client);
	if (code) {
		return code;
	}
	in.text = argv[1];
	st = crm_note_add(ctx->db, client, &in, &res);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "note", &interaction_entity, res.id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &interaction_entity, res.id, true, say_row_status,
			    &(struct note_said){ in.kind, &res });
}

/* The text of a survey's entry with the command that reads the survey
 * (malloc'd; NULL when out of memory). */
static char *survey_text(const char *text, int64_t id)
{
	size_t n = strlen(text) + 80;
	char *out = malloc(n);

	if (out) {
		/* TRANSLATORS: a timeline entry, then the command that shows its VIP survey */
		snprintf(out, n, _("%s; survey %lld: crm vip survey show %lld"), text, (long long)id,
			 (long long)id);
	}
	return out;
}

int cmd_log(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm log [--kind <kind>] [--since <date>] [--limit <n>] <client>",
		NULL,
	};
	const char *since = NULL;
	struct crm_log_filter f = { 0 };
	const struct opt opts[] = {
		OPT_WORD(0, "kind", &f.kind, "<kind>", crm_log_kinds,
			 "interaction, promise, incident, next, status, owner, handover, "
			 "or an interaction kind (call, order, ...)"),
		OPT_STR(0, "since", &since, "<date>", "entries from this date on"),
		OPT_INT(0, "limit", &f.limit, "<n>", "the newest n entries only"),
		OPT_END,
	};
	const struct crm_log_entry *row;
	struct crm_log_iter *it;
	struct emitter *e;
	crm_status st;
	bool table;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (f.kind && !arg_word(usage, "--kind", f.kind, crm_log_kinds)) {
		return EXIT_USAGE;
	}
	if (since && !ctx_date(ctx, "--since", since, &f.since, usage)) {
		return EXIT_USAGE;
	}
	if (f.limit < 0) {
		return usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)f.limit);
	}
	code = ref_client(ctx, argv[0], &f.client_id);
	if (code) {
		return code;
	}
	/* the table names a survey in its text, not in a column of its own */
	table = ctx->format == EMIT_FMT_TABLE;
	f.human = table;
	if (table && !ctx->fields) {
		ctx->fields = "at,kind,event,text,author,ref_id";
	}
	e = ctx_emitter(ctx, log_cols, ARRAY_SIZE(log_cols), 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_log_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_log_iter_next(it, &row)) == CRM_OK) {
		emit_begin(e);
		/* an interaction on a date (00:00 UTC) stays a date */
		emit_when(e, row->at, strcmp(row->kind, "interaction") != 0 ||
					      crm_day_start(row->at) != row->at);
		emit_str(e, row->kind);
		emit_str(e, row->event);
		if (table && row->survey_id) {
			char *text = survey_text(row->text, row->survey_id);

			emit_str(e, text ? text : row->text);
			free(text);
		} else {
			emit_str(e, row->text);
		}
		emit_str(e, row->actor);
		emit_int(e, row->ref_id);
		emit_int_or_null(e, row->survey_id);
		emit_end(e);
	}
	crm_log_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}
