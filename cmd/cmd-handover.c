/*
 * cmd-handover.c: crm handover, the passing of a client to another manager,
 * and crm client farewell.
 *
 * "crm handover <client> --to ..." creates a handover, while "crm handover
 * show|accept|decline|cancel|notice|list|suggest|plan ..." are its verbs:
 * handover is a group of the command table (commands.c) whose own handler,
 * cmd_handover, takes the words that are no verb (CMD_SHORT_FORM). A
 * client named like a verb is given after "--" or by id. Each verb runs
 * with the base opened as its own entry says, so that only the verbs that
 * write take the write lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "escape.h"
#include "hooks.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
#include "banned.h"

/* ---- output ---------------------------------------------------------------- */

#define HANDOVER_COLUMNS                                                                  \
	{ "id", N_("ID"), EMIT_INT }, { "client_id", N_("CLIENT_ID"), EMIT_INT },                   \
	{ "client", N_("CLIENT"), EMIT_STR }, { "from_id", N_("FROM_ID"), EMIT_INT },               \
	{ "from", N_("FROM"), EMIT_STR }, { "to_id", N_("TO_ID"), EMIT_INT },                       \
	{ "to", N_("TO"), EMIT_STR }, { "reason", N_("REASON"), EMIT_STR },                         \
	{ "status", N_("STATUS"), EMIT_STR }, { "next_text", N_("NEXT"), EMIT_STR },                \
	{ "next_due", N_("NEXT_DUE"), EMIT_DATE }, { "next_action_id", N_("NEXT_ID"), EMIT_INT },   \
	{ "notify_via", N_("NOTIFY_VIA"), EMIT_STR }, { "notice_due", N_("NOTICE_DUE"), EMIT_TIME }, \
	{ "notice_sent", N_("NOTICE_SENT"), EMIT_TIME }, { "notice_via", N_("NOTICE_VIA"), EMIT_STR }, \
	{ "until", N_("UNTIL"), EMIT_DATE }, { "return_of", N_("RETURN_OF"), EMIT_INT },            \
	{ "escalated", N_("ESCALATED"), EMIT_BOOL },                                            \
	{ "over_capacity", N_("OVER_CAPACITY"), EMIT_BOOL },                                    \
	{ "author", N_("AUTHOR"), EMIT_STR }, { "created", N_("CREATED"), EMIT_TIME },      \
	{ "closed", N_("CLOSED"), EMIT_TIME }, { "closed_by", N_("CLOSED_BY"), EMIT_STR },      \
	{ "why", N_("WHY"), EMIT_STR }, { "brief", N_("BRIEF"), EMIT_STR },                         \
	{ "superseded_by", N_("SUPERSEDED_BY"), EMIT_INT }

const struct emit_col handover_cols[] = { HANDOVER_COLUMNS };
const size_t handover_ncols = ARRAY_SIZE(handover_cols);
static const struct emit_col show_cols[] = {
	HANDOVER_COLUMNS,
	{ "dossier", N_("DOSSIER"), EMIT_JSON },
};

/* A table shows the useful columns unless --fields asks for others. */
static const char table_fields[] = "id,client,from,to,reason,status,next_due,created";
/* a list shows too which handovers a later one superseded */
static const char list_fields[] =
	"id,client,from,to,reason,status,next_due,created,superseded_by";

static void handover_values(struct emitter *e, const struct crm_handover *h)
{
	emit_int(e, h->id);
	emit_int(e, h->client_id);
	emit_str(e, h->client);
	emit_int_or_null(e, h->from_id);
	emit_str(e, h->from);
	emit_int(e, h->to_id);
	emit_str(e, h->to);
	emit_str(e, h->reason);
	emit_str(e, h->status);
	emit_str(e, h->next_text);
	emit_date(e, h->next_due);
	emit_int_or_null(e, h->next_action_id);
	emit_str(e, h->notify_via);
	emit_date_or_null(e, h->notice_due);
	emit_date_or_null(e, h->notice_sent);
	emit_str(e, h->notice_via);
	emit_date_or_null(e, h->until);
	emit_int_or_null(e, h->return_of);
	emit_bool(e, h->escalated);
	emit_bool(e, h->over_capacity);
	emit_str(e, h->created_by);
	emit_date(e, h->created);
	emit_date_or_null(e, h->decided);
	emit_str(e, h->decided_by);
	emit_str(e, h->why);
	emit_str(e, h->brief);
	emit_int_or_null(e, h->superseded_by);
}

/* One handover as a row of its own (client show, export). */
void emit_handover(struct emitter *e, const struct crm_handover *h)
{
	emit_begin(e);
	handover_values(e, h);
	emit_end(e);
}

ENTITY_FUNCTIONS(handover, crm_handover, emit_handover)

const struct entity handover_entity = {
	.noun = N_("handover"), .list_cmd = "crm handover list", .cols = handover_cols,
	.ncols = &handover_ncols, ENTITY_INIT(handover),
};

/* An emitter of cols with the table's default fields when none are asked. */
static struct emitter *emitter(struct crm_ctx *ctx, const struct emit_col *cols, size_t ncols,
			       const char *fields, unsigned flags)
{
	const char *given = ctx->fields;
	struct emitter *e;

	if (!given && ctx->format == EMIT_FMT_TABLE) {
		ctx->fields = fields;
	}
	e = ctx_emitter(ctx, cols, ncols, flags);
	ctx->fields = given;
	return e;
}

/* One handover as a record: after a change, or a dry run. */
static int emit_one(struct crm_ctx *ctx, int64_t id, bool table_too)
{
	struct crm_handover_filter f = { .id = id };
	const struct crm_handover *h;
	struct crm_handover_iter *it;
	struct emitter *e;
	crm_status st;

	if (ctx->format == EMIT_FMT_TABLE && !table_too) {
		return 0;
	}
	e = emitter(ctx, handover_cols, ARRAY_SIZE(handover_cols), table_fields,
		    ctx->format == EMIT_FMT_TABLE ? 0 : EMIT_SINGLE);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_handover_query(ctx->db, &f, &it);
	if (st == CRM_OK && (st = crm_handover_iter_next(it, &h)) == CRM_OK) {
		emit_begin(e);
		handover_values(e, h);
		emit_end(e);
	}
	crm_handover_iter_destroy(it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- arguments ---------------------------------------------------------------- */

static const struct kw reasons[] = {
	{ "cannot-cope", 0 }, { "conflict", 1 }, { "client-request", 2 }, { "refresh", 3 },
	{ "vacation", 4 },    { "overload", 5 }, { "monopoly", 6 },       { "leaving", 7 },
	{ "vip-program", 8 }, { 0 },
};
static const struct kw channels[] = {
	{ "email", 0 }, { "phone", 1 }, { "letter", 2 }, { "meeting", 3 }, { 0 },
};
static const struct kw plan_reasons[] = {
	{ "vacation", 0 }, { "leaving", 1 }, { "overload", 2 }, { 0 },
};
static const struct kw statuses[] = {
	{ "pending", 0 }, { "accepted", 1 }, { "declined", 2 }, { "cancelled", 3 }, { 0 },
};

/* A briefing read from a file is data from a file: bad text is exit 65. */
static int check_file_text(struct crm_ctx *ctx, const char *path, const char *text)
{
	if (*text && crm_check_text(ctx->db, N_("briefing"), text) != CRM_OK) {
		error("'%s': %s", path, crm_db_errmsg(ctx->db));
		return EXIT_DATAERR;
	}
	return 0;
}

/* A briefing from a file or stdin, without its trailing blank lines; one
 * written on crm handover template (its headings kept) loses its '#'
 * lines, the template's guidance and the sheet's facts, as in the editor. */
static int read_brief(struct crm_ctx *ctx, const char *path, char **brief)
{
	int code = textin_read_file("--brief-file", path, brief);
	size_t n;

	if (code) {
		return code;
	}
	if (crm_brief_has_headings(*brief)) {
		textin_strip_comments(*brief);
	}
	n = strlen(*brief);
	while (n > 0 && ((*brief)[n - 1] == '\n' || (*brief)[n - 1] == '\r' ||
			 (*brief)[n - 1] == ' ' || (*brief)[n - 1] == '\t')) {
		(*brief)[--n] = '\0';
	}
	code = check_file_text(ctx, path, *brief);
	if (code) {
		free(*brief);
		*brief = NULL;
	}
	return code;
}

/* ---- the editor ----------------------------------------------------------------- */

static void comment(FILE *f, const char *label, cJSON *o, const char *const *keys)
{
	bool first = true;

	fprintf(f, "#   %s:", label);
	for (size_t i = 0; keys[i]; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[i]);

		if (cJSON_IsString(v)) {
			/* one line whatever the value holds: a newline would end the comment */
			fputs(first ? " " : ", ", f);
			esc_fputs(v->valuestring, 0, f);
			first = false;
		}
	}
	fputc('\n', f);
}

/* The sheet as comment lines of the briefing's template. */
static void sheet_comments(FILE *f, const char *json)
{
	static const char *const k_client[] = { "name", "kind", "tier", "status", "stage",
						 "value", NULL };
	static const char *const k_contact[] = { "name", "role", "phone", "email", NULL };
	static const char *const k_promise[] = { "kind", "text", "due", NULL };
	static const char *const k_incident[] = { "kind", "text", NULL };
	static const char *const k_next[] = { "text", "due", "assignee", NULL };
	static const char *const k_inter[] = { "at", "kind", "author", "text", NULL };
	static const struct {
		const char *key, *label;
		const char *const *keys;
	} parts[] = {
		{ "contacts", N_("contact"), k_contact },
		{ "promises", N_("open promise"), k_promise },
		{ "incidents", N_("open incident"), k_incident },
		{ "next_actions", N_("next action"), k_next },
		{ "interactions", N_("interaction"), k_inter },
	};
	cJSON *d = cJSON_Parse(json), *it;

	if (!d) {
		return;
	}
	comment(f, _("client"), cJSON_GetObjectItemCaseSensitive(d, "client"), k_client);
	for (size_t p = 0; p < ARRAY_SIZE(parts); p++) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, parts[p].key)) {
			comment(f, _(parts[p].label), it, parts[p].keys);
		}
	}
	cJSON_Delete(d);
}

/* The names of a client and a manager, for the template. */
static void names(struct crm_ctx *ctx, int64_t client, int64_t to, char *cn, char *mn, size_t n)
{
	struct crm_client_filter f = { .id = client };
	const struct crm_client *c;
	struct crm_client_iter *ci;
	const struct crm_manager *m;
	struct crm_manager_iter *mi;
	char *esc;

	/* escaped: they go into the comment lines of the editor's file */
	cn[0] = mn[0] = '\0';
	if (crm_client_query(ctx->db, &f, &ci) == CRM_OK) {
		if (crm_client_iter_next(ci, &c) == CRM_OK) {
			esc = esc_dup(c->name, 0);
			snprintf(cn, n, "%s", esc ? esc : "");
			free(esc);
		}
		crm_client_iter_destroy(ci);
	}
	if (crm_manager_query(ctx->db, to, &mi) == CRM_OK) {
		if (crm_manager_iter_next(mi, &m) == CRM_OK) {
			esc = esc_dup(m->name, 0);
			snprintf(mn, n, "%s", esc ? esc : "");
			free(esc);
		}
		crm_manager_iter_destroy(mi);
	}
}

/* Writes the briefing back to the file, for --brief-file after a refusal. */
static void keep_brief(const char *path, const char *brief)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fprintf(f, "%s\n", brief);
		fclose(f);
	}
}

/*
 * The briefing typed in an editor on a temporary file (0600) named in
 * path, prefilled with the sheet as comment lines. Exit 4 when it comes
 * back empty. Afterwards the file holds the briefing alone: the caller
 * removes it, or keeps it when the handover is refused.
 */
static int edit_brief(struct crm_ctx *ctx, int64_t client, int64_t to, const char *reason,
		      char **brief, char *path, size_t pathlen)
{
	const char *tmp = getenv("TMPDIR");
	char *sheet = NULL, cn[256], mn[256];
	FILE *f;
	int fd, code;

	*brief = NULL;
	names(ctx, client, to, cn, mn, sizeof(cn));
	snprintf(path, pathlen, "%s/crm-brief-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		error("cannot create a file for the briefing: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return EXIT_FAIL;
	}
	fprintf(f, _("\n# The briefing for the handover of '%s' to %s (%s).\n"
		     "# Write the full history: what happened and why, what was agreed with the\n"
		     "# management and why, what still needs work, every promise, discount, doubt\n"
		     "# and risk ('crm handover template' lists the sections). At least %lld\n"
		     "# characters and %lld distinct words. Lines starting with '#' are dropped;\n"
		     "# an empty briefing stops the handover.\n#\n"
		     "# The sheet, frozen into the dossier beside your briefing:\n"),
		cn, mn, reason,
		(long long)crm_config_int(ctx->db, "handover.min_brief_chars"),
		(long long)crm_config_int(ctx->db, "handover.min_brief_words"));
	if (crm_handover_dossier(ctx->db, client, NULL, &sheet) == CRM_OK) {
		sheet_comments(f, sheet);
	}
	free(sheet);
	if (fclose(f) != 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		unlink(path);
		return EXIT_FAIL;
	}
	code = textin_run_editor(path, _("nothing was handed over"));
	if (!code) {
		code = textin_read_file(_("the briefing"), path, brief);
	}
	if (!code) {
		textin_strip_comments(*brief);
		if (!**brief) {
			error("the briefing is empty: nothing was handed over");
			code = EXIT_CONFLICT;
		}
	}
	if (code) {
		free(*brief);
		*brief = NULL;
		unlink(path);
		path[0] = '\0';
		return code;
	}
	keep_brief(path, *brief);
	return 0;
}

/* ---- create: crm handover <client>, the short form --------------------------------- */

static const char *const create_usage[] = {
	"crm handover <client> --to <manager> --reason <reason> (--brief <text> | "
	"--brief-file <file>) --next <text> --due <date> [--notify-via <channel>] "
	"[--until <date>] [--over-capacity] [--escalated] [--dry-run]",
	NULL,
};

/* Every form, for crm handover -h. */
static const char *const all_usage[] = {
	"crm handover <client> --to <manager> --reason <reason> (--brief <text> | "
	"--brief-file <file>) --next <text> --due <date> [--notify-via <channel>] "
	"[--until <date>] [--over-capacity] [--escalated] [--dry-run]",
	"crm handover show <id>",
	"crm handover accept <id>",
	"crm handover decline (--why <text> | --file <file>) <id>",
	"crm handover cancel [--why <text> | --file <file>] <id>",
	"crm handover notice [--template <file>] <id>",
	"crm handover notice --sent [--via <channel>] <id>",
	"crm handover list [--pending | --status <status>] [--from <manager>] [--to <manager>] "
	"[--limit <n>] [<client>]",
	"crm handover suggest [--limit <n>] <client>",
	"crm handover template [<client>]",
	"crm handover plan --from <manager> --reason (vacation | leaving | overload) "
	"[--until <date>] [--brief <text> | --brief-file <file>] [--next <text>] "
	"[--due <date>] [--apply [--yes]]",
	"crm handover plan --return <manager> [--brief <text> | --brief-file <file>] "
	"[--next <text>] [--due <date>] [--apply [--yes]]",
	NULL,
};

struct create_args {
	const char *to, *brief, *brief_file, *next, *due, *until;
	int reason, via;
	bool over, escalated, dry;
};

static int create_checks(struct crm_ctx *ctx, const struct create_args *a, int64_t *due,
			 int64_t *until)
{
	if (!a->to) {
		return usage_error(create_usage, "missing --to: name the manager who takes the client");
	}
	if (a->reason < 0) {
		return usage_error(create_usage, "missing --reason: why is the client handed over");
	}
	if (!a->next) {
		return usage_error(create_usage, "missing --next: the receiver's first action");
	}
	if (!a->due) {
		return usage_error(create_usage, "missing --due: the date of the first action");
	}
	if (a->brief && a->brief_file) {
		return usage_error(create_usage, "--brief and --brief-file cannot be used together");
	}
	if (textin_is_stdin(a->next) && textin_is_stdin(a->brief_file)) {
		return usage_error(create_usage, "--next and --brief-file both read standard input "
				   "('-'): give one of them from a file or the command line");
	}
	if (textin_is_stdin(a->next) && !a->brief && !a->brief_file) {
		return usage_error(create_usage, "--next reads standard input ('-'): give the "
				   "briefing with --brief or --brief-file, not in the editor");
	}
	if (!a->brief && !a->brief_file && (!ctx->stdin_tty || !ctx->stdout_tty)) {
		return usage_error(create_usage, "missing --brief or --brief-file: the briefing the "
					       "receiver reads ('-' reads it from stdin)");
	}
	if (!ctx_date(ctx, "--due", a->due, due, create_usage) ||
	    (a->until && !ctx_date(ctx, "--until", a->until, until, create_usage))) {
		return EXIT_USAGE;
	}
	return 0;
}

/* The briefing: --brief, --brief-file, or the editor on a terminal (then
 * kept names the file that holds it). */
static int get_brief(struct crm_ctx *ctx, const struct create_args *a, int64_t client,
		     int64_t to, const char *reason, char **brief, char *kept, size_t n)
{
	*brief = NULL;
	if (a->brief) {
		*brief = strdup(a->brief);
		return *brief ? 0 : (error("out of memory"), EXIT_FAIL);
	}
	if (a->brief_file) {
		return read_brief(ctx, a->brief_file, brief);
	}
	return edit_brief(ctx, client, to, reason, brief, kept, n);
}

static void created_info(struct crm_ctx *ctx, int64_t id)
{
	struct crm_handover_filter f = { .id = id };
	const struct crm_handover *h;
	struct crm_handover_iter *it;

	if (crm_handover_query(ctx->db, &f, &it) != CRM_OK) {
		return;
	}
	if (crm_handover_iter_next(it, &h) == CRM_OK) {
		if (h->from) {
			info(ctx, "handover %lld of '%s' to %s is pending: the client stays with %s "
			     "until %s accepts it with 'crm handover accept %lld'", (long long)id,
			     h->client, h->to, h->from, h->to, (long long)id);
		} else {
			info(ctx, "handover %lld of '%s' to %s is pending: the client has no manager "
			     "until %s accepts it with 'crm handover accept %lld'", (long long)id,
			     h->client, h->to, h->to, (long long)id);
		}
	}
	crm_handover_iter_destroy(it);
}

int cmd_handover(struct crm_ctx *ctx, int argc, char **argv)
{
	struct create_args a = { .reason = -1, .via = -1 };
	const struct opt opts[] = {
		OPT_STR(0, "to", &a.to, "<manager>", "the manager who takes the client (required)"),
		OPT_KW(0, "reason", &a.reason, reasons, "why the client is handed over (required)"),
		OPT_STR(0, "brief", &a.brief, "<text>", "the briefing the receiver reads"),
		OPT_STR(0, "brief-file", &a.brief_file, "<file>", "the briefing from a file ('-': stdin)"),
		OPT_STR(0, "next", &a.next, "<text>", "the receiver's first action (required; '-': "
			"standard input)"),
		OPT_STR(0, "due", &a.due, "<date>", "its date: today or later (required)"),
		OPT_KW(0, "notify-via", &a.via, channels, "how the client will be told"),
		OPT_STR(0, "until", &a.until, "<date>", "a temporary cover, given back after this date"),
		OPT_FLAG(0, "over-capacity", &a.over, "hand over to a manager at capacity"),
		OPT_FLAG(0, "escalated", &a.escalated, "a head talked to the client (heads only)"),
		OPT_FLAG('n', "dry-run", &a.dry, "check and show the handover, write nothing"),
		OPT_END,
	};
	struct crm_handover_input in = { 0 };
	int64_t client, to, id = 0;
	char *brief = NULL, *next = NULL, kept[4096] = "";
	crm_status st;
	int code;
	/* crm handover -h: every form of the command, then these options */
	bool overview = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);

	if (!opts_parse(ctx, &argc, &argv, opts, overview ? all_usage : create_usage, 1, 1,
			&code)) {
		return code;
	}
	code = create_checks(ctx, &a, &in.next_due, &in.until);
	if (!code) {
		code = ref_client(ctx, argv[0], &client);
	}
	if (!code) {
		code = ref_manager(ctx, a.to, &to);
	}
	if (!code) {
		code = textin_get(&(struct textin){ "--next", a.next, NULL, TEXTIN_LINE }, &next);
	}
	if (!code) {
		code = get_brief(ctx, &a, client, to, kw_name(reasons, a.reason), &brief, kept,
				 sizeof(kept));
	}
	if (code) {
		free(next);
		return code;
	}
	/* the briefing is written: the transaction begins (CMD_TX_LATE) */
	code = ctx_tx_begin(ctx);
	if (code) {
		free(brief);
		free(next);
		if (*kept) {
			hint("your briefing is kept in '%s': use it with --brief-file", kept);
		}
		return code;
	}
	in.client_id = client;
	in.to_id = to;
	in.reason = kw_name(reasons, a.reason);
	in.brief = brief;
	in.next_text = next;
	in.notify_via = a.via >= 0 ? kw_name(channels, a.via) : NULL;
	in.flags = (a.over ? CRM_HANDOVER_OVER_CAPACITY : 0) |
		   (a.escalated ? CRM_HANDOVER_ESCALATED : 0);
	st = crm_handover_create(ctx->db, &in, &id);
	free(brief);
	free(next);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (*kept) {
			hint("your briefing is kept in '%s': use it with --brief-file", kept);
		}
		return code;
	}
	if (*kept) {
		unlink(kept);
	}
	if (a.dry) {
		ctx->dry_run = true;
		code = emit_one(ctx, id, true);
		info(ctx, "dry run: the handover passes every rule; nothing was written");
		return code;
	}
	code = hook_entity(ctx, "handover-create", &handover_entity, id, NULL);
	if (code) {
		return code;
	}
	if (ctx->format == EMIT_FMT_TABLE) {
		printf("%lld\n", (long long)id);
	}
	created_info(ctx, id);
	return emit_one(ctx, id, false);
}

/* ---- show ------------------------------------------------------------------------------ */

static void kv(struct emitter *e, const char *k, const char *v)
{
	emit_begin(e);
	emit_str(e, k);
	emit_str(e, v);
	emit_end(e);
}

static const char *when(int64_t t, char *buf, size_t n)
{
	/* in the team's zone: 2026-11-22T10:00:00Z -> 2026-11-22 13:00 in Moscow */
	return t ? crm_local_format(t, buf, n) : NULL;
}

/* The label of a decision in crm handover show: its status, for people. */
static const char *decided_label(const char *status)
{
	if (strcmp(status, "accepted") == 0) {
		return _("accepted");
	}
	if (strcmp(status, "declined") == 0) {
		return _("declined");
	}
	if (strcmp(status, "cancelled") == 0) {
		return _("cancelled");
	}
	return status;
}

static int show_fields(struct crm_ctx *ctx, const struct crm_handover *h)
{
	static const struct emit_col cols[] = {
		{ "field", N_("FIELD"), EMIT_STR },
		{ "value", N_("VALUE"), EMIT_STR },
	};
	char err[256], buf[256], t1[32], t2[32];
	struct emitter *e = emit_create(EMIT_FMT_TABLE, stdout, cols, ARRAY_SIZE(cols), NULL,
					EMIT_NO_HEADER, err, sizeof(err));

	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	printf("%s\n", _("Handover"));
	snprintf(buf, sizeof(buf), "%lld", (long long)h->id);
	kv(e, _("id"), buf);
	snprintf(buf, sizeof(buf), "%s (%lld)", h->client, (long long)h->client_id);
	kv(e, _("client"), buf);
	kv(e, _("from"), h->from);
	kv(e, _("to"), h->to);
	kv(e, _("reason"), h->reason);
	kv(e, _("status"), h->status);
	snprintf(buf, sizeof(buf), _("%s by %s"), when(h->created, t1, sizeof(t1)), h->created_by);
	kv(e, _("created"), buf);
	if (h->decided) {
		snprintf(buf, sizeof(buf), _("%s by %s"), when(h->decided, t1, sizeof(t1)),
			 h->decided_by);
		kv(e, decided_label(h->status), buf);
	}
	if (h->why) {
		kv(e, _("why"), h->why);
	}
	kv(e, _("next action"), h->next_text);
	kv(e, _("next due"), crm_date_format(h->next_due, t1, sizeof(t1)));
	if (h->next_action_id) {
		snprintf(buf, sizeof(buf), "%lld", (long long)h->next_action_id);
		kv(e, _("next action id"), buf);
	}
	kv(e, _("notify via"), h->notify_via);
	if (h->superseded_by) {
		snprintf(buf, sizeof(buf), _("superseded by handover %lld: its notice is no longer "
					     "due"), (long long)h->superseded_by);
		kv(e, _("notice"), buf);
	} else if (h->notice_sent) {
		if (h->notice_via) {
			snprintf(buf, sizeof(buf), _("sent %s via %s"),
				 when(h->notice_sent, t1, sizeof(t1)), h->notice_via);
		} else {
			snprintf(buf, sizeof(buf), _("sent %s"), when(h->notice_sent, t1, sizeof(t1)));
		}
		kv(e, _("notice"), buf);
	} else if (h->notice_due) {
		snprintf(buf, sizeof(buf), _("due since %s"), when(h->notice_due, t2, sizeof(t2)));
		kv(e, _("notice"), buf);
	}
	if (h->until) {
		kv(e, _("until"), crm_date_format(h->until, t1, sizeof(t1)));
	}
	if (h->return_of) {
		snprintf(buf, sizeof(buf), _("gives back handover %lld"), (long long)h->return_of);
		kv(e, _("return of"), buf);
	}
	if (h->escalated) {
		kv(e, _("escalated"), _("yes: a head talked to the client"));
	}
	if (h->over_capacity) {
		kv(e, _("over capacity"), _("yes"));
	}
	return ctx_emit_done(ctx, e);
}

/* One section of the dossier: the array under key, as a table of cols. */
static int show_part(struct crm_ctx *ctx, cJSON *d, const char *key, const char *title,
		     const struct emit_col *cols, size_t n)
{
	char err[256];
	struct emitter *e;
	cJSON *it;

	e = emit_create(EMIT_FMT_TABLE, stdout, cols, n, NULL, ctx->color ? EMIT_COLOR : 0, err,
			sizeof(err));
	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	printf("\n%s\n", _(title));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, key)) {
		emit_begin(e);
		for (size_t i = 0; i < n; i++) {
			cJSON *v = cJSON_GetObjectItemCaseSensitive(it, cols[i].key);
			char num[32];

			if (cJSON_IsString(v)) {
				emit_str(e, v->valuestring);
			} else if (cJSON_IsNumber(v)) {
				snprintf(num, sizeof(num), "%.0f", v->valuedouble);
				emit_str(e, num);
			} else if (cJSON_IsBool(v)) {
				emit_str(e, cJSON_IsTrue(v) ? _("yes") : _("no"));
			} else {
				emit_null(e);
			}
		}
		emit_end(e);
	}
	if (emit_count(e) == 0) {
		printf("%s\n", _("none"));
	}
	return ctx_emit_done(ctx, e);
}

static int show_dossier(struct crm_ctx *ctx, const struct crm_handover *h)
{
#define DOSSIER_COL(k, h) { k, h, EMIT_STR }
	static const struct emit_col k_contacts[] = {
		DOSSIER_COL("id", N_("ID")),       DOSSIER_COL("name", N_("NAME")),
		DOSSIER_COL("role", N_("ROLE")),   DOSSIER_COL("phone", N_("PHONE")),
		DOSSIER_COL("email", N_("EMAIL")), DOSSIER_COL("key", N_("KEY")),
		DOSSIER_COL("verified", N_("VERIFIED")),
	};
	static const struct emit_col k_promises[] = {
		DOSSIER_COL("id", N_("ID")),   DOSSIER_COL("kind", N_("KIND")),
		DOSSIER_COL("text", N_("TEXT")), DOSSIER_COL("due", N_("DUE")),
		DOSSIER_COL("author", N_("AUTHOR")),
	};
	static const struct emit_col k_incidents[] = {
		DOSSIER_COL("id", N_("ID")),         DOSSIER_COL("kind", N_("KIND")),
		DOSSIER_COL("text", N_("TEXT")),     DOSSIER_COL("author", N_("AUTHOR")),
		DOSSIER_COL("created", N_("CREATED")),
	};
	static const struct emit_col k_next[] = {
		DOSSIER_COL("id", N_("ID")), DOSSIER_COL("text", N_("TEXT")),
		DOSSIER_COL("due", N_("DUE")), DOSSIER_COL("assignee", N_("ASSIGNEE")),
	};
	static const struct emit_col k_inter[] = {
		DOSSIER_COL("id", N_("ID")),           DOSSIER_COL("at", N_("AT")),
		DOSSIER_COL("kind", N_("KIND")),       DOSSIER_COL("author", N_("AUTHOR")),
		DOSSIER_COL("text", N_("TEXT")),       DOSSIER_COL("outcome", N_("OUTCOME")),
		DOSSIER_COL("amount", N_("AMOUNT")),
	};
#undef DOSSIER_COL
	cJSON *d = cJSON_Parse(h->dossier), *c, *v;
	int code = 0;

	printf("\n%s\n", _("Briefing"));
	esc_fputs(h->brief, ESC_LINES, stdout);
	putchar('\n');
	if (!d) {
		return 0;
	}
	v = cJSON_GetObjectItemCaseSensitive(d, "frozen");
	printf(_("\nDossier (the sheet as it was at %s)\n"),
	       cJSON_IsString(v) ? v->valuestring : _("the handover"));
	c = cJSON_GetObjectItemCaseSensitive(d, "client");
	if (c) {
		static const char *const keys[] = { N_("tier"), N_("status"), N_("stage"), N_("owner"),
						     N_("value") };

		fputs(_("client: "), stdout);
		esc_fputs(h->client, 0, stdout);
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			v = cJSON_GetObjectItemCaseSensitive(c, keys[i]);
			if (cJSON_IsString(v)) {
				printf(", %s ", _(keys[i]));
				esc_fputs(v->valuestring, 0, stdout);
			}
		}
		putchar('\n');
	}
	code = show_part(ctx, d, "contacts", N_("Contacts"),
			 k_contacts, ARRAY_SIZE(k_contacts));
	if (!code) {
		code = show_part(ctx, d, "promises", N_("Open promises and discounts"),
				 k_promises, ARRAY_SIZE(k_promises));
	}
	if (!code) {
		code = show_part(ctx, d, "incidents", N_("Open incidents"),
				 k_incidents, ARRAY_SIZE(k_incidents));
	}
	if (!code) {
		code = show_part(ctx, d, "next_actions", N_("Open next actions"),
				 k_next, ARRAY_SIZE(k_next));
	}
	if (!code) {
		code = show_part(ctx, d, "interactions", N_("Latest interactions"),
				 k_inter, ARRAY_SIZE(k_inter));
	}
	cJSON_Delete(d);
	return code;
}

int cmd_handover_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm handover show <id>", NULL };
	const struct opt opts[] = { OPT_END };
	struct crm_handover_filter f = { 0 };
	const struct crm_handover *h;
	struct crm_handover_iter *it;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&handover_entity, usage, argv[0], &f.id)) {
		return EXIT_USAGE;
	}
	st = crm_handover_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	st = crm_handover_iter_next(it, &h);
	if (st == CRM_DONE) {
		error("no handover with id %lld", (long long)f.id);
		code = EXIT_NOTFOUND;
	} else if (st != CRM_OK) {
		code = report(ctx, st);
	} else if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		code = show_fields(ctx, h);
		if (!code) {
			code = show_dossier(ctx, h);
		}
	} else {
		struct emitter *e = ctx_emitter(ctx, show_cols, ARRAY_SIZE(show_cols),
						ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);

		code = EXIT_USAGE;
		if (e) {
			emit_begin(e);
			handover_values(e, h);
			emit_json(e, h->dossier);
			emit_end(e);
			code = ctx_emit_done(ctx, e);
		}
	}
	crm_handover_iter_destroy(it);
	return code;
}

/* ---- accept, decline, cancel --------------------------------------------------------- */

static void accepted_info(struct crm_ctx *ctx, int64_t id)
{
	struct crm_handover_filter f = { .id = id };
	const struct crm_handover *h;
	struct crm_handover_iter *it;
	char due[32];

	if (ctx->quiet || crm_handover_query(ctx->db, &f, &it) != CRM_OK) {
		return;
	}
	if (crm_handover_iter_next(it, &h) == CRM_OK) {
		struct crm_next_filter nf = { .id = h->next_action_id };
		const struct crm_next_action *n;
		struct crm_next_iter *ni;

		due[0] = '\0';
		if (crm_next_query(ctx->db, &nf, &ni) == CRM_OK) {
			if (crm_next_iter_next(ni, &n) == CRM_OK) {
				crm_date_format(n->due, due, sizeof(due));
			}
			crm_next_iter_destroy(ni);
		}
		info(ctx, "'%s' now belongs to %s; next action %lld is due %s; tell the client: "
		     "'crm handover notice %lld'", h->client, h->to, (long long)h->next_action_id,
		     due, (long long)id);
	}
	crm_handover_iter_destroy(it);
}

int cmd_handover_accept(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm handover accept <id>", NULL };
	const struct opt opts[] = { OPT_END };
	crm_status st;
	int64_t id;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&handover_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	st = crm_handover_accept(ctx->db, id);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "handover-accept", &handover_entity, id, NULL);
	if (code) {
		return code;
	}
	accepted_info(ctx, id);
	return emit_one(ctx, id, false);
}

int cmd_handover_decline(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm handover decline (--why <text> | --file <file>) <id>", NULL
	};
	const char *why = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "why", &why, "<text>", "why the client is not taken ('-': standard input)"),
		OPT_STR(0, "file", &file, "<file>", "the reason from a file ('-': standard input)"),
		OPT_END,
	};
	char *text;
	crm_status st;
	int64_t id;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!why && !file) {
		return usage_error(usage, "missing --why: say why the handover is declined");
	}
	if (!arg_id(&handover_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	code = textin_arg_tx(ctx, usage, &(struct textin){ "--why", why, file, 0 }, &text);
	if (code) {
		return code;
	}
	st = crm_handover_decline(ctx->db, id, text);
	free(text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = hook_entity(ctx, "handover-decline", &handover_entity, id, NULL);
	if (code) {
		return code;
	}
	info(ctx, "handover %lld declined: the client stays where it was", (long long)id);
	return emit_one(ctx, id, false);
}

int cmd_handover_cancel(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm handover cancel [--why <text> | --file <file>] <id>", NULL
	};
	const char *why = NULL, *file = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "why", &why, "<text>", "why it is withdrawn ('-': standard input)"),
		OPT_STR(0, "file", &file, "<file>", "the reason from a file ('-': standard input)"),
		OPT_END,
	};
	char *text = NULL;
	crm_status st;
	int64_t id;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!arg_id(&handover_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	if (why || file) {
		code = textin_arg(usage, &(struct textin){ "--why", why, file, 0 }, &text);
		if (code) {
			return code;
		}
	}
	/* the text is read: the write transaction begins (CMD_TX_LATE) */
	code = ctx_tx_begin(ctx);
	if (code) {
		free(text);
		return code;
	}
	st = crm_handover_cancel(ctx->db, id, text);
	free(text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	info(ctx, "handover %lld cancelled: the client stays where it was", (long long)id);
	return emit_one(ctx, id, false);
}

/* ---- notice ----------------------------------------------------------------------------- */

static const struct emit_col notice_cols[] = {
	{ "handover_id", N_("HANDOVER_ID"), EMIT_INT }, { "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },           { "manager", N_("MANAGER"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },           { "notify_via", N_("NOTIFY_VIA"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
};

/* The notice as data: the text alone in a table, a record otherwise. */
static int emit_notice(struct crm_ctx *ctx, int64_t id, const char *text)
{
	struct crm_handover_filter f = { .id = id };
	const struct crm_handover *h;
	struct crm_handover_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	e = ctx_text_emitter(ctx, text, notice_cols, ARRAY_SIZE(notice_cols), &code);
	if (!e) {
		return code;
	}
	st = crm_handover_query(ctx->db, &f, &it);
	if (st == CRM_OK && (st = crm_handover_iter_next(it, &h)) == CRM_OK) {
		emit_begin(e);
		emit_int(e, h->id);
		emit_int(e, h->client_id);
		emit_str(e, h->client);
		emit_str(e, h->to);
		emit_str(e, h->status);
		emit_str(e, h->notify_via);
		emit_str(e, text);
		emit_end(e);
	}
	crm_handover_iter_destroy(it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	return ctx_emit_done(ctx, e);
}

int cmd_handover_notice(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm handover notice [--template <file>] <id>",
		"crm handover notice --sent [--via <channel>] <id>",
		NULL,
	};
	const char *tmpl_file = NULL;
	bool sent = false;
	int via = -1;
	const struct opt opts[] = {
		OPT_STR(0, "template", &tmpl_file, "<file>", "the message from this template"),
		OPT_FLAG(0, "sent", &sent, "record that the notice went out"),
		OPT_KW(0, "via", &via, channels, "how it went out (default: --notify-via)"),
		OPT_END,
	};
	char *tmpl = NULL, *text = NULL;
	crm_status st;
	int64_t id;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (sent && tmpl_file) {
		return usage_error(usage, "--sent and --template cannot be used together");
	}
	if (!sent && via >= 0) {
		return usage_error(usage, "--via goes with --sent");
	}
	if (!arg_id(&handover_entity, usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	if (sent) {
		st = crm_handover_notice_sent(ctx->db, id, via >= 0 ? kw_name(channels, via) : NULL);
		if (st != CRM_OK) {
			return report(ctx, st);
		}
		info(ctx, "the notice of handover %lld is recorded as sent", (long long)id);
		return emit_one(ctx, id, false);
	}
	if (tmpl_file && (code = textin_read_file("--template", tmpl_file, &tmpl)) != 0) {
		return code;
	}
	st = crm_handover_notice(ctx->db, id, tmpl, &text);
	free(tmpl);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EDATA) {
			hint("crm-handover(1) lists the placeholders of a notice template");
		}
		return code;
	}
	code = emit_notice(ctx, id, text);
	free(text);
	return code;
}

/* ---- template ------------------------------------------------------------------------ */

int cmd_handover_template(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm handover template [<client>]", NULL };
	static const struct emit_col cols[] = {
		{ "client_id", N_("CLIENT_ID"), EMIT_INT },
		{ "text", N_("TEXT"), EMIT_STR },
	};
	const struct opt opts[] = { OPT_END };
	int64_t client = 0;
	struct emitter *e;
	char *text = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (argc == 1 && (code = ref_client(ctx, argv[0], &client)) != 0) {
		return code;
	}
	st = crm_handover_template(ctx->db, client, &text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	e = ctx_text_emitter(ctx, text, cols, ARRAY_SIZE(cols), &code);
	if (!e) {
		free(text);
		return code;
	}
	emit_begin(e);
	emit_int_or_null(e, client);
	emit_str(e, text);
	emit_end(e);
	free(text);
	return ctx_emit_done(ctx, e);
}

/* ---- list ----------------------------------------------------------------------------------- */

int cmd_handover_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm handover list [--pending | --status <status>] [--from <manager>] "
		"[--to <manager>] [--limit <n>] [<client>]",
		NULL,
	};
	const char *from = NULL, *to = NULL;
	struct crm_handover_filter f = { 0 };
	bool pending = false;
	int status = -1;
	const struct opt opts[] = {
		OPT_FLAG(0, "pending", &pending, "only the handovers waiting for acceptance"),
		OPT_KW(0, "status", &status, statuses, "only the handovers in this state"),
		OPT_STR(0, "from", &from, "<manager>", "only those handed over by this manager"),
		OPT_STR(0, "to", &to, "<manager>", "only those handed to this manager"),
		OPT_INT(0, "limit", &f.limit, "<n>", "at most n, the newest (0: all)"),
		OPT_END,
	};
	const struct crm_handover *h;
	struct crm_handover_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (pending && status >= 0) {
		return usage_error(usage, "--pending and --status cannot be used together");
	}
	if (f.limit < 0) {
		return usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)f.limit);
	}
	f.status = pending ? "pending" : status >= 0 ? kw_name(statuses, status) : NULL;
	code = argc == 1 ? ref_client(ctx, argv[0], &f.client_id) : 0;
	if (!code && from) {
		code = ref_manager(ctx, from, &f.from_id);
	}
	if (!code && to) {
		code = ref_manager(ctx, to, &f.to_id);
	}
	if (code) {
		return code;
	}
	e = emitter(ctx, handover_cols, ARRAY_SIZE(handover_cols), list_fields, 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_handover_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_handover_iter_next(it, &h)) == CRM_OK) {
		emit_begin(e);
		handover_values(e, h);
		emit_end(e);
	}
	crm_handover_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- suggest -------------------------------------------------------------------------------- */

int cmd_handover_suggest(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm handover suggest [--limit <n>] <client>", NULL };
	static const struct emit_col cols[] = {
		{ "rank", N_("RANK"), EMIT_INT },         { "manager_id", N_("MANAGER_ID"), EMIT_INT },
		{ "manager", N_("MANAGER"), EMIT_STR },   { "score", N_("SCORE"), EMIT_INT },
		{ "load", N_("LOAD"), EMIT_INT },         { "capacity", N_("CAPACITY"), EMIT_INT },
		{ "over_capacity", N_("FULL"), EMIT_BOOL }, { "why", N_("WHY"), EMIT_STR },
	};
	int64_t limit = 0, client, owner = 0;
	const struct opt opts[] = {
		OPT_INT(0, "limit", &limit, "<n>", "at most n managers (0: all)"),
		OPT_END,
	};
	struct crm_client_filter cf = { 0 };
	const struct crm_client *c;
	struct crm_client_iter *ci;
	struct crm_fit_list *l;
	struct emitter *e;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (limit < 0) {
		return usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)limit);
	}
	code = ref_client(ctx, argv[0], &client);
	if (code) {
		return code;
	}
	cf.id = client;
	if (crm_client_query(ctx->db, &cf, &ci) == CRM_OK) {
		if (crm_client_iter_next(ci, &c) == CRM_OK) {
			owner = c->owner_id;
		}
		crm_client_iter_destroy(ci);
	}
	st = crm_fit_rank(ctx->db, client, owner, &l);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	if (!e) {
		crm_fit_list_destroy(l);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < l->n && (!limit || (int64_t)i < limit); i++) {
		const struct crm_fit *f = &l->items[i];

		emit_begin(e);
		emit_int(e, (int64_t)i + 1);
		emit_int(e, f->manager_id);
		emit_str(e, f->manager);
		emit_int(e, f->score);
		emit_int(e, f->load);
		emit_int(e, f->capacity);
		emit_bool(e, f->over_capacity);
		emit_str(e, f->why);
		emit_end(e);
	}
	if (l->n == 0) {
		warning("no other active manager to hand the client to");
	}
	crm_fit_list_destroy(l);
	return ctx_emit_done(ctx, e);
}

/* ---- plan ------------------------------------------------------------------------------------- */

static const struct emit_col plan_cols[] = {
	{ "client_id", N_("CLIENT_ID"), EMIT_INT }, { "client", N_("CLIENT"), EMIT_STR },
	{ "from_id", N_("FROM_ID"), EMIT_INT },     { "from", N_("FROM"), EMIT_STR },
	{ "to_id", N_("TO_ID"), EMIT_INT },         { "to", N_("TO"), EMIT_STR },
	{ "score", N_("SCORE"), EMIT_INT },         { "status", N_("STATUS"), EMIT_STR },
	{ "handover_id", N_("HANDOVER"), EMIT_INT }, { "return_of", N_("RETURN_OF"), EMIT_INT },
	{ "until", N_("UNTIL"), EMIT_DATE },        { "why", N_("WHY"), EMIT_STR },
};

static const char plan_fields[] = "client_id,client,to,score,status,handover_id,why";

static int emit_plan(struct crm_ctx *ctx, const struct crm_plan *p)
{
	struct emitter *e = emitter(ctx, plan_cols, ARRAY_SIZE(plan_cols), plan_fields, 0);

	if (!e) {
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < crm_plan_size(p); i++) {
		const struct crm_plan_row *r = crm_plan_row(p, i);

		emit_begin(e);
		emit_int(e, r->client_id);
		emit_str(e, r->client);
		emit_int_or_null(e, r->from_id);
		emit_str(e, r->from);
		emit_int_or_null(e, r->to_id);
		emit_str(e, r->to);
		if (r->to_id) {
			emit_int(e, r->score);
		} else {
			emit_null(e);
		}
		emit_str(e, !r->to_id ? "unplaced" : r->handover_id ? "created" : "planned");
		emit_int_or_null(e, r->handover_id);
		emit_int_or_null(e, r->return_of);
		emit_date_or_null(e, r->until);
		emit_str(e, r->why);
		emit_end(e);
	}
	return ctx_emit_done(ctx, e);
}

static void plan_summary(struct crm_ctx *ctx, const struct crm_plan *p, bool applied)
{
	size_t n = crm_plan_size(p), un = crm_plan_unplaced(p);

	if (n == 0) {
		info(ctx, "no client to hand over");
		return;
	}
	if (un) {
		warning(P_("%zu of %zu client could not be placed: the rows with status 'unplaced' "
			   "say why",
			   "%zu of %zu clients could not be placed: the rows with status 'unplaced' "
			   "say why", n), un, n);
	}
	if (applied) {
		info(ctx, P_("%zu pending handover created: each receiver accepts with 'crm handover "
			     "accept <id>'",
			     "%zu pending handovers created: each receiver accepts with 'crm handover "
			     "accept <id>'", n - un), n - un);
	} else if (n > un) {
		info(ctx, P_("a plan of %zu handover: add --apply and --brief to create it",
			     "a plan of %zu handovers: add --apply and --brief to create them", n - un),
		     n - un);
	}
}

struct plan_args {
	const char *from, *ret, *until, *brief, *brief_file, *next, *due;
	int reason;
	bool apply, yes;
};

static const char *const plan_usage[] = {
	"crm handover plan --from <manager> --reason (vacation | leaving | overload) "
	"[--until <date>] [--brief <text> | --brief-file <file>] [--next <text>] "
	"[--due <date>] [--apply [--yes]]",
	"crm handover plan --return <manager> [--brief <text> | --brief-file <file>] "
	"[--next <text>] [--due <date>] [--apply [--yes]]",
	NULL,
};

static int plan_options(struct crm_ctx *ctx, const struct plan_args *a,
			struct crm_plan_options *o, char **brief, char **next)
{
	int code = 0;

	if (!a->from == !a->ret) {
		return usage_error(plan_usage, "give either --from or --return");
	}
	if (a->from && a->reason < 0) {
		return usage_error(plan_usage, "missing --reason: vacation, leaving or overload");
	}
	if (a->ret && (a->reason >= 0 || a->until)) {
		return usage_error(plan_usage, "--return gives clients back: no --reason or --until");
	}
	if (a->brief && a->brief_file) {
		return usage_error(plan_usage, "--brief and --brief-file cannot be used together");
	}
	if (a->apply && !a->brief && !a->brief_file) {
		return usage_error(plan_usage, "--apply needs --brief or --brief-file: the briefing "
					     "every receiver reads beside the client's dossier");
	}
	if (textin_is_stdin(a->next) && textin_is_stdin(a->brief_file)) {
		return usage_error(plan_usage, "--next and --brief-file both read standard input "
				   "('-'): give one of them from a file or the command line");
	}
	if ((a->until && !ctx_date(ctx, "--until", a->until, &o->until, plan_usage)) ||
	    (a->due && !ctx_date(ctx, "--due", a->due, &o->next_due, plan_usage))) {
		return EXIT_USAGE;
	}
	code = a->from ? ref_manager(ctx, a->from, &o->from_id) : ref_manager(ctx, a->ret,
										     &o->return_to);
	if (!code && a->brief_file) {
		code = read_brief(ctx, a->brief_file, brief);
	} else if (!code && a->brief && !(*brief = strdup(a->brief))) {
		error("out of memory");
		code = EXIT_FAIL;
	}
	if (!code && a->next) {
		code = textin_get(&(struct textin){ "--next", a->next, NULL, TEXTIN_LINE }, next);
	}
	o->reason = a->reason >= 0 ? kw_name(plan_reasons, a->reason) : NULL;
	o->brief = *brief;
	o->next_text = *next;
	o->apply = a->apply;
	return code;
}

/* On a terminal, --apply asks first unless --yes. */
static bool plan_confirm(struct crm_ctx *ctx, struct crm_plan_options o, bool yes)
{
	struct crm_plan *p = NULL;
	char q[160];
	bool ok;

	if (yes || !ctx->stdin_tty) {
		return true;
	}
	o.apply = false;
	if (crm_handover_plan(ctx->db, &o, &p) != CRM_OK) {
		return true; /* the real run reports the error */
	}
	snprintf(q, sizeof(q), P_("create %zu pending handover (%zu clients cannot be placed)?",
				  "create %zu pending handovers (%zu clients cannot be placed)?",
				  crm_plan_size(p) - crm_plan_unplaced(p)),
		 crm_plan_size(p) - crm_plan_unplaced(p), crm_plan_unplaced(p));
	crm_plan_destroy(p);
	ok = confirm(ctx, false, q);
	return ok;
}

int cmd_handover_plan(struct crm_ctx *ctx, int argc, char **argv)
{
	struct plan_args a = { .reason = -1 };
	const struct opt opts[] = {
		OPT_STR(0, "from", &a.from, "<manager>", "the manager whose clients are handed over"),
		OPT_KW(0, "reason", &a.reason, plan_reasons, "why (required with --from)"),
		OPT_STR(0, "return", &a.ret, "<manager>",
			"give back the clients of this manager's temporary handovers"),
		OPT_STR(0, "until", &a.until, "<date>", "a vacation cover: give the clients back after"),
		OPT_STR(0, "brief", &a.brief, "<text>", "the briefing of every handover"),
		OPT_STR(0, "brief-file", &a.brief_file, "<file>", "the briefing from a file ('-': stdin)"),
		OPT_STR(0, "next", &a.next, "<text>",
			"each receiver's first action (default: introduce yourself; '-': standard "
			"input)"),
		OPT_STR(0, "due", &a.due, "<date>", "its date (default: in 3 days)"),
		OPT_FLAG(0, "apply", &a.apply, "create the handovers, in one transaction"),
		OPT_FLAG('y', "yes", &a.yes, "do not ask before applying"),
		OPT_END,
	};
	struct crm_plan_options o = { 0 };
	struct crm_plan *p = NULL;
	char *brief = NULL, *next = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, plan_usage, 0, 0, &code)) {
		return code;
	}
	code = plan_options(ctx, &a, &o, &brief, &next);
	if (code) {
		free(brief);
		free(next);
		return code;
	}
	if (o.apply && !plan_confirm(ctx, o, a.yes)) {
		free(brief);
		free(next);
		error("nothing was handed over");
		return EXIT_CONFLICT;
	}
	ctx_progress_on(ctx);
	st = crm_handover_plan(ctx->db, &o, &p);
	crm_db_set_notify(ctx->db, NULL, NULL);
	free(brief);
	free(next);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (o.apply) {
			info(ctx, "nothing was handed over");
		}
		return code;
	}
	code = emit_plan(ctx, p);
	if (!code) {
		plan_summary(ctx, p, o.apply);
	}
	crm_plan_destroy(p);
	return code;
}

/* ---- crm client farewell ------------------------------------------------------------------- */

/* The open promises, on stderr, so that none is dropped unseen; how many. */
static int list_promises(struct crm_ctx *ctx, int64_t client)
{
	struct crm_promise_filter f = { .client_id = client, .open_only = true };
	const struct crm_promise *p;
	struct crm_promise_iter *it;
	char due[32];
	int n = 0;

	if (crm_promise_query(ctx->db, &f, &it) != CRM_OK) {
		return 0;
	}
	while (crm_promise_iter_next(it, &p) == CRM_OK) {
		n++;
		fprintf(stderr, "\t%lld %s: ", (long long)p->id, p->kind);
		esc_fputs(p->text, 0, stderr);
		if (p->due) {
			fprintf(stderr, _(" (due %s)"), crm_date_format(p->due, due, sizeof(due)));
		}
		fputc('\n', stderr);
	}
	crm_promise_iter_destroy(it);
	return n;
}

static bool said_farewell(struct crm_ctx *ctx, int64_t client)
{
	struct crm_client_filter f = { .id = client };
	const struct crm_client *c;
	struct crm_client_iter *it;
	bool said = false;

	if (crm_client_query(ctx->db, &f, &it) == CRM_OK) {
		said = crm_client_iter_next(it, &c) == CRM_OK && strcmp(c->status, "farewell") == 0;
		crm_client_iter_destroy(it);
	}
	return said;
}

static int emit_farewell(struct crm_ctx *ctx, int64_t client, const char *reason,
			 const struct crm_farewell_result *r, const char *notice)
{
	static const struct emit_col cols[] = {
		{ "client_id", N_("CLIENT_ID"), EMIT_INT },
		{ "client", N_("CLIENT"), EMIT_STR },
		{ "status", N_("STATUS"), EMIT_STR },
		{ "status_before", N_("STATUS_BEFORE"), EMIT_STR },
		{ "reason", N_("REASON"), EMIT_STR },
		{ "closed_actions", N_("CLOSED_ACTIONS"), EMIT_INT },
		{ "open_promises", N_("OPEN_PROMISES"), EMIT_INT },
		{ "cancelled_handovers", N_("CANCELLED_HANDOVERS"), EMIT_INT },
		{ "notice", N_("NOTICE"), EMIT_STR },
	};
	struct crm_client_filter f = { .id = client };
	const struct crm_client *c;
	struct crm_client_iter *it;
	struct emitter *e;
	crm_status st;

	if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		if (notice) {
			esc_fputs(notice, ESC_LINES, stdout);
		}
		return 0;
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_client_query(ctx->db, &f, &it);
	if (st == CRM_OK && (st = crm_client_iter_next(it, &c)) == CRM_OK) {
		emit_begin(e);
		emit_int(e, c->id);
		emit_str(e, c->name);
		emit_str(e, c->status);
		emit_str(e, r->status_before);
		emit_str(e, reason);
		emit_int(e, r->closed_actions);
		emit_int(e, r->open_promises);
		emit_int(e, r->cancelled_handovers);
		emit_str(e, notice);
		emit_end(e);
	}
	crm_client_iter_destroy(it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	return ctx_emit_done(ctx, e);
}

int cmd_client_farewell(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client farewell --reason <text> [--notice [--template <file>]] [--force] <client>",
		NULL,
	};
	const char *reason = NULL, *tmpl_file = NULL;
	bool notice = false, force = false;
	const struct opt opts[] = {
		OPT_STR(0, "reason", &reason, "<text>", "why the relationship ends (required; '-': "
			"standard input)"),
		OPT_FLAG(0, "notice", &notice, "print a polite closing message to the client"),
		OPT_STR(0, "template", &tmpl_file, "<file>", "the message from this template"),
		OPT_FLAG(0, "force", &force, "say farewell although promises are open"),
		OPT_END,
	};
	struct crm_farewell_result r = { 0 };
	char *tmpl = NULL, *text = NULL, *why = NULL;
	int64_t client;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!reason) {
		return usage_error(usage, "missing --reason: say why the relationship ends");
	}
	if (tmpl_file && !notice) {
		return usage_error(usage, "--template goes with --notice");
	}
	code = textin_check(usage, (const struct textin[]){ { "--reason", reason, NULL, 0 },
							   { "--template", tmpl_file, NULL, 0 } }, 2);
	if (!code) {
		code = ref_client(ctx, argv[0], &client);
	}
	if (!code) {
		code = textin_get(&(struct textin){ "--reason", reason, NULL, 0 }, &why);
	}
	if (!code && tmpl_file) {
		code = textin_read_file("--template", tmpl_file, &tmpl);
	}
	if (code) {
		free(why);
		return code;
	}
	st = crm_client_farewell(ctx->db, client, why, force ? CRM_FAREWELL_FORCE : 0, &r);
	free(why);
	if (st == CRM_ECONFLICT) {
		code = report(ctx, st);
		/* refused for its promises (not for a farewell said before) */
		if (!force && !said_farewell(ctx, client) && list_promises(ctx, client)) {
			hint("'crm promise keep <id>' or 'crm promise break --why <text> <id>' settles "
			     "a promise; --force says farewell anyway");
		}
		free(tmpl);
		return code;
	}
	if (st == CRM_OK && notice) {
		st = crm_farewell_notice(ctx->db, client, tmpl, &text);
	}
	free(tmpl);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EDATA) {
			hint("crm-client(1) lists the placeholders of a farewell template");
		}
		return code;
	}
	if (r.open_promises) {
		warning("open promises stay open (%lld): they were not dropped, settle them",
			(long long)r.open_promises);
		list_promises(ctx, client);
	}
	info(ctx, "farewell said: %lld next actions closed%s", (long long)r.closed_actions,
	     r.cancelled_handovers ? _(", the pending handover cancelled") : "");
	code = emit_farewell(ctx, client, reason, &r, text);
	free(text);
	return code;
}
