/*
 * cmd-note.c: crm note (record an interaction) and crm log (a client's
 * timeline), and the row every command shows an interaction with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "escape.h"
#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
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

/* The first characters of a text on one line (escaped), "…" when cut. */
static void short_text(FILE *f, const char *s)
{
	char buf[400];
	size_t n = 0, chars = 0;

	while (s[n] && chars < 80 && n < sizeof(buf) - 8) {
		n++;
		chars += ((unsigned char)s[n] & 0xC0) != 0x80;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	esc_fputs(buf, 0, f);
	if (s[n]) {
		fputs("…", f);
	}
}

/* The comment lines of the note's template: the client, its manager and
 * its last interaction, escaped to one line each. */
static void note_template(struct crm_ctx *ctx, FILE *f, int64_t client, const char *kind)
{
	struct crm_client_filter cf = { .id = client };
	struct crm_interaction_filter f_last = { .client_id = client, .limit = 1 };
	const struct crm_interaction *last;
	struct crm_interaction_iter *it;
	const struct crm_client *c;
	struct crm_client_iter *ci;
	char when[64];

	fputs("\n", f);
	if (crm_client_query(ctx->db, &cf, &ci) == CRM_OK) {
		if (crm_client_iter_next(ci, &c) == CRM_OK) {
			fputs(_("# Client: "), f);
			esc_fputs(c->name, 0, f);
			fputc('\n', f);
			fprintf(f, _("# Kind: %s\n"), kind);
			fputs(_("# Manager: "), f);
			esc_fputs(c->owner ? c->owner : _("none"), 0, f);
			fputc('\n', f);
		}
		crm_client_iter_destroy(ci);
	}
	if (crm_interaction_query(ctx->db, &f_last, &it) == CRM_OK) {
		if (crm_interaction_iter_next(it, &last) == CRM_OK) {
			fprintf(f, _("# Last interaction: %s, %s, "),
				crm_local_format(last->at, when, sizeof(when)), last->kind);
			esc_fputs(last->author ? last->author : "", 0, f);
			fputs(": ", f);
			short_text(f, last->text ? last->text : "");
			fputc('\n', f);
		} else {
			fputs(_("# Last interaction: none yet\n"), f);
		}
		crm_interaction_iter_destroy(it);
	}
	fputs(_("#\n# Write the note above. Lines starting with '#' are dropped;\n"
		"# an empty note aborts, and nothing is written.\n"), f);
}

/* Writes text back to path, for --file after a refusal. */
static bool keep_note(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		return false;
	}
	fprintf(f, "%s\n", text);
	return fclose(f) == 0;
}

/*
 * The note typed in the user's editor on a temporary file (0600) named in
 * path, prefilled with a template of '#' lines. An empty note or a failed
 * editor is exit 1, nothing written, and the file removed (path[0] is
 * then '\0'); otherwise the file holds the note alone, and the caller
 * removes it or keeps it when the note is refused.
 */
static int edit_note(struct crm_ctx *ctx, int64_t client, const char *kind, char **text,
		     char *path, size_t pathlen)
{
	const char *tmp = getenv("TMPDIR");
	FILE *f;
	int fd, code;

	*text = NULL;
	snprintf(path, pathlen, "%s/crm-note-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		error("cannot create a file for the note: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		path[0] = '\0';
		return EXIT_FAIL;
	}
	note_template(ctx, f, client, kind);
	if (fclose(f) != 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		code = EXIT_FAIL;
	} else {
		code = textin_run_editor(path, _("nothing was written"));
	}
	if (!code) {
		code = textin_read_file(_("the note"), path, text);
	}
	if (!code) {
		textin_strip_comments(*text);
		if (!**text) {
			error("the note is empty: aborting, nothing was written");
			code = EXIT_FAIL;
		}
	}
	if (!code) {
		code = textin_check_text("<text>", _("the editor"), *text, 0);
		if (code) {
			keep_note(path, *text);
			free(*text);
			*text = NULL;
			return code;
		}
	}
	if (code) {
		free(*text);
		*text = NULL;
		unlink(path);
		path[0] = '\0';
		return code;
	}
	keep_note(path, *text);
	return 0;
}

int cmd_note(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm note [--kind <kind>] [--at <time> | --date <date>] [--late <minutes>] "
		"[--outcome <text>] [--amount <amount>] <client> [<text> | --file <file>]",
		NULL,
	};
	const char *date = NULL, *at = NULL, *amount = NULL, *late = NULL, *file = NULL;
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
		OPT_STR(0, "file", &file, "<file>", "the text from a file ('-': standard input)"),
		OPT_END,
	};
	struct crm_note_result res;
	struct textin t = { "<text>", NULL, NULL, 0 };
	char *text = NULL, kept[4096] = "";
	bool timed = false;
	int64_t client;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 2, &code)) {
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
	t.arg = argc > 1 ? argv[1] : NULL;
	t.file = file;
	code = textin_check(usage, &t, 1);
	if (code) {
		return code;
	}
	if (!t.arg && !t.file && !ctx->stdin_tty) {
		return usage_error(usage, "missing <text>: give it, '-' to read standard input, or "
				   "--file <file> (on a terminal, the editor opens)");
	}
	code = ref_client(ctx, argv[0], &client);
	if (code) {
		return code;
	}
	/* the text first, from a pipe, a file or the editor: no write lock meanwhile */
	if (t.arg || t.file) {
		code = textin_get(&t, &text);
	} else {
		code = edit_note(ctx, client, in.kind, &text, kept, sizeof(kept));
	}
	if (!code) {
		code = ctx_tx_begin(ctx);
	}
	if (code) {
		free(text);
		if (*kept) {
			hint("your note is kept in '%s': use it with --file", kept);
		}
		return code;
	}
	in.text = text;
	st = crm_note_add(ctx->db, client, &in, &res);
	free(text);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (*kept) {
			hint("your note is kept in '%s': use it with --file", kept);
		}
		return code;
	}
	if (*kept) {
		unlink(kept);
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
