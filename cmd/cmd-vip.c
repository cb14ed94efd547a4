/*
 * cmd-vip.c: crm vip program start|list|show|close, vip assign, vip list,
 * vip template show|set and vip report. The survey is in cmd-vip-survey.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "escape.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
#include "banned.h"

static const struct kw tiers[] = { { "vip", 0 }, { "key", 1 }, { "regular", 2 }, { 0 } };

/* ---- rows ------------------------------------------------------------- */

static const struct emit_col program_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "name", N_("NAME"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "lead_id", N_("LEAD_ID"), EMIT_INT },
	{ "lead", N_("LEAD"), EMIT_STR },
	{ "staff", N_("STAFF"), EMIT_LIST },
	{ "tier", N_("TIER"), EMIT_STR },
	{ "segment", N_("SEGMENT"), EMIT_STR },
	{ "until", N_("UNTIL"), EMIT_DATE },
	{ "clients", N_("CLIENTS"), EMIT_INT },
	{ "assigned", N_("ASSIGNED"), EMIT_INT },
	{ "done", N_("DONE"), EMIT_INT },
	{ "left", N_("LEFT"), EMIT_INT },
	{ "overdue", N_("OVERDUE"), EMIT_INT },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "created", N_("CREATED"), EMIT_TIME },
	{ "closed", N_("CLOSED"), EMIT_TIME },
	{ "items", N_("ITEMS"), EMIT_ROWS },   /* program show only */
};
#define PROGRAM_NCOLS (ARRAY_SIZE(program_cols) - 1)

static const char program_table_fields[] =
	"id,name,status,lead,staff,until,clients,assigned,done,left,overdue";

static void emit_program_values(struct emitter *e, const struct crm_vip_program *p)
{
	emit_int(e, p->id);
	emit_str(e, p->name);
	emit_str(e, p->status);
	emit_int(e, p->lead_id);
	emit_str(e, p->lead);
	emit_json(e, p->staff);
	emit_str(e, p->tier);
	emit_str(e, p->segment);
	emit_date_or_null(e, p->until);
	emit_int(e, p->clients);
	emit_int(e, p->assigned);
	emit_int(e, p->done);
	emit_int(e, p->clients - p->done);
	emit_int(e, p->overdue);
	emit_str(e, p->author);
	emit_date(e, p->created);
	emit_date_or_null(e, p->closed);
}

static const struct emit_col item_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "program_id", N_("PROGRAM_ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "tier", N_("TIER"), EMIT_STR },
	{ "segment", N_("SEGMENT"), EMIT_STR },
	{ "owner_id", N_("OWNER_ID"), EMIT_INT },
	{ "owner", N_("OWNER"), EMIT_STR },
	{ "monopolized", N_("MONOPOLIZED"), EMIT_BOOL },
	{ "surveyor_id", N_("SURVEYOR_ID"), EMIT_INT },
	{ "surveyor", N_("SURVEYOR"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "due", N_("DUE"), EMIT_DATE },
	{ "closed", N_("CLOSED"), EMIT_TIME },
	{ "survey_id", N_("SURVEY_ID"), EMIT_INT },
	{ "reason", N_("REASON"), EMIT_STR },
};

static const char item_table_fields[] = "client_id,client,tier,owner,surveyor,status,due";

static void emit_item(struct emitter *e, const struct crm_vip_item *i)
{
	emit_begin(e);
	emit_int(e, i->id);
	emit_int(e, i->program_id);
	emit_int(e, i->client_id);
	emit_str(e, i->client);
	emit_str(e, i->kind);
	emit_str(e, i->tier);
	emit_str(e, i->segment);
	emit_int_or_null(e, i->owner_id);
	emit_str(e, i->owner);
	emit_bool(e, i->monopolized);
	emit_int_or_null(e, i->surveyor_id);
	emit_str(e, i->surveyor);
	emit_str(e, i->status);
	emit_date_or_null(e, i->due);
	emit_date_or_null(e, i->done);
	emit_int_or_null(e, i->survey_id);
	emit_str(e, i->reason);
	emit_end(e);
}

/* An emitter whose table shows table_fields unless --fields says otherwise. */
static struct emitter *vip_emitter(struct crm_ctx *ctx, const struct emit_col *cols, size_t n,
				   const char *table_fields, unsigned flags)
{
	const char *fields = ctx->fields;
	struct emitter *e;

	if (!fields && ctx->format == EMIT_FMT_TABLE) {
		ctx->fields = table_fields;
	}
	e = ctx_emitter(ctx, cols, n, flags);
	ctx->fields = fields;
	return e;
}

/* Emits the items of f into e; CRM_DONE when all went out. */
static crm_status item_rows(struct crm_ctx *ctx, const struct crm_vip_item_filter *f,
			    struct emitter *e)
{
	const struct crm_vip_item *i;
	struct crm_vip_item_iter *it;
	crm_status st = crm_vip_item_query(ctx->db, f, &it);

	if (st != CRM_OK) {
		return st;
	}
	while ((st = crm_vip_item_iter_next(it, &i)) == CRM_OK) {
		emit_item(e, i);
	}
	crm_vip_item_iter_destroy(it);
	return st;
}

/* ---- references ---------------------------------------------------------- */

static int ref_program(struct crm_ctx *ctx, const char *ref, int64_t *id)
{
	crm_status st = crm_vip_program_resolve(ctx->db, ref, id);

	return st == CRM_OK ? 0 : report(ctx, st);
}

static int active_program(struct crm_ctx *ctx, int64_t *id)
{
	crm_status st = crm_vip_program_active(ctx->db, id);

	return st == CRM_OK ? 0 : report(ctx, st);
}

/* Appends the managers named in one --staff value (a comma list). */
static int staff_ids(struct crm_ctx *ctx, const struct strlist *l, int64_t **ids, size_t *n,
		     const char *const *usage)
{
	*ids = NULL;
	*n = 0;
	for (size_t i = 0; i < l->n; i++) {
		char *copy = strdup(l->items[i]), *p, *next;
		int code = 0;

		if (!copy) {
			error("out of memory");
			return EXIT_FAIL;
		}
		for (p = copy; p && code == 0; p = next) {
			int64_t id, *grown;

			next = strchr(p, ',');
			if (next) {
				*next++ = '\0';
			}
			if (!*p) {
				code = usage_error(usage, "empty name in --staff '%s'", l->items[i]);
				break;
			}
			code = ref_manager(ctx, p, &id);
			if (code) {
				break;
			}
			grown = realloc(*ids, (*n + 1) * sizeof(**ids));
			if (!grown) {
				error("out of memory");
				code = EXIT_FAIL;
				break;
			}
			*ids = grown;
			(*ids)[(*n)++] = id;
		}
		free(copy);
		if (code) {
			free(*ids);
			*ids = NULL;
			return code;
		}
	}
	return 0;
}

/* ---- program ------------------------------------------------------------- */

static int emit_programs(struct crm_ctx *ctx, int64_t id, unsigned flags)
{
	const struct crm_vip_program *p;
	struct crm_vip_program_iter *it;
	struct emitter *e;
	crm_status st;

	e = vip_emitter(ctx, program_cols, PROGRAM_NCOLS, program_table_fields, flags);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_vip_program_query(ctx->db, id, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_vip_program_iter_next(it, &p)) == CRM_OK) {
		emit_begin(e);
		emit_program_values(e, p);
		emit_end(e);
	}
	crm_vip_program_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

int cmd_vip_program_start(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm vip program start --lead <manager> [--staff <manager>[,<manager>...]]... "
		"[--until <date>] [--tier vip|key|regular] [--segment <segment>] <name>",
		NULL,
	};
	struct crm_vip_program_input in = { 0 };
	struct strlist staff = { 0 };
	const char *lead = NULL, *until = NULL;
	int tier = -1;
	const struct opt opts[] = {
		OPT_STR(0, "lead", &lead, "<manager>", "the programme's lead (required)"),
		OPT_LIST(0, "staff", &staff, "<managers>",
			 "who surveys: a comma list, repeatable (default: every active manager)"),
		OPT_STR(0, "until", &until, "<date>", "the date every client should be surveyed by"),
		OPT_KW(0, "tier", &tier, tiers, "only clients of this tier"),
		OPT_STR(0, "segment", &in.segment, "<segment>", "only clients of this segment"),
		OPT_END,
	};
	int64_t id = 0, clients = 0, *ids = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		strlist_release(&staff);
		return code;
	}
	if (!lead) {
		strlist_release(&staff);
		return usage_error(usage, "a programme needs a lead: --lead <manager>");
	}
	if (until && !ctx_date(ctx, "--until", until, &in.until, usage)) {
		strlist_release(&staff);
		return EXIT_USAGE;
	}
	code = ref_manager(ctx, lead, &in.lead_id);
	if (!code) {
		code = staff_ids(ctx, &staff, &ids, &in.nstaff, usage);
	}
	strlist_release(&staff);
	if (code) {
		return code;
	}
	in.name = argv[0];
	in.staff = ids;
	in.tier = kw_name(tiers, tier);
	st = crm_vip_program_start(ctx->db, &in, &id, &clients);
	free(ids);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	info(ctx,
	     P_("started VIP programme %lld '%s' with %lld client on its list",
		"started VIP programme %lld '%s' with %lld clients on its list", clients),
	     (long long)id, in.name, (long long)clients);
	if (!ctx->quiet) {
		hint("split the list among the staff with 'crm vip assign'");
	}
	if (ctx->format == EMIT_FMT_TABLE) {
		printf("%lld\n", (long long)id);
		return 0;
	}
	return emit_programs(ctx, id, EMIT_SINGLE);
}

int cmd_vip_program_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip program list", NULL };
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 0, &code)) {
		return code;
	}
	return emit_programs(ctx, 0, 0);
}

/* The programme with its items as one object (json, ndjson, table with --fields). */
static int show_object(struct crm_ctx *ctx, const struct crm_vip_program *p)
{
	struct crm_vip_item_filter f = { .program_id = p->id };
	struct emitter *e = ctx_emitter(ctx, program_cols, ARRAY_SIZE(program_cols),
					ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0), *l;
	crm_status st;

	if (!e) {
		return EXIT_USAGE;
	}
	emit_begin(e);
	emit_program_values(e, p);
	l = emit_begin_list(e, item_cols, ARRAY_SIZE(item_cols), NULL);
	if (!l) {
		emit_destroy(e);
		error("out of memory");
		return EXIT_FAIL;
	}
	st = item_rows(ctx, &f, l);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	emit_end_list(e);
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

/* A table: the programme's row, then its list. */
static int show_table(struct crm_ctx *ctx, const struct crm_vip_program *p)
{
	struct crm_vip_item_filter f = { .program_id = p->id };
	char err[512];
	struct emitter *e = emit_create(EMIT_FMT_TABLE, stdout, program_cols, PROGRAM_NCOLS,
					program_table_fields, ctx->color ? EMIT_COLOR : 0, err,
					sizeof(err));
	crm_status st;
	int code;

	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	emit_begin(e);
	emit_program_values(e, p);
	emit_end(e);
	code = ctx_emit_done(ctx, e);
	if (code) {
		return code;
	}
	e = emit_create(EMIT_FMT_TABLE, stdout, item_cols, ARRAY_SIZE(item_cols),
			"client_id,client,tier,owner,monopolized,surveyor,status,due,reason",
			ctx->color ? EMIT_COLOR : 0, err, sizeof(err));
	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	printf("\n%s\n", _("Clients"));
	st = item_rows(ctx, &f, e);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	if (emit_count(e) == 0) {
		printf("%s\n", _("none"));
	}
	return ctx_emit_done(ctx, e);
}

int cmd_vip_program_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip program show [<program>]", NULL };
	const struct crm_vip_program *p;
	struct crm_vip_program_iter *it;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 1, &code)) {
		return code;
	}
	code = ref_program(ctx, argc ? argv[0] : NULL, &id);
	if (code) {
		return code;
	}
	if (ctx->format == EMIT_FMT_CSV || ctx->format == EMIT_FMT_TSV) {
		return emit_programs(ctx, id, 0);
	}
	st = crm_vip_program_query(ctx->db, id, &it);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	st = crm_vip_program_iter_next(it, &p);
	if (st != CRM_OK) {
		code = report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	} else if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		code = show_table(ctx, p);
	} else {
		code = show_object(ctx, p);
	}
	crm_vip_program_iter_destroy(it);
	return code;
}

int cmd_vip_program_close(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip program close [--force]", NULL };
	bool force = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "force", &force, "close it even while clients are still to survey"),
		OPT_END,
	};
	int64_t id = 0, pending = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	st = crm_vip_program_close(ctx->db, force, &id, &pending);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_ECONFLICT) {
			hint("'crm vip list --pending' shows them");
		}
		return code;
	}
	if (pending) {
		warning(P_("%lld client of VIP programme %lld left without a survey",
			   "%lld clients of VIP programme %lld left without a survey", pending),
			(long long)pending, (long long)id);
	}
	info(ctx, "closed VIP programme %lld", (long long)id);
	if (ctx->format == EMIT_FMT_TABLE) {
		return 0;
	}
	return emit_programs(ctx, id, EMIT_SINGLE);
}

/* ---- assign -------------------------------------------------------------- */

static const struct emit_col assign_cols[] = {
	{ "item_id", N_("ITEM_ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "owner_id", N_("OWNER_ID"), EMIT_INT },
	{ "owner", N_("OWNER"), EMIT_STR },
	{ "surveyor_id", N_("SURVEYOR_ID"), EMIT_INT },
	{ "surveyor", N_("SURVEYOR"), EMIT_STR },
	{ "kept", N_("KEPT"), EMIT_BOOL },
	{ "changed", N_("CHANGED"), EMIT_BOOL },
	{ "reason", N_("REASON"), EMIT_STR },
};

int cmd_vip_assign(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip assign [--apply]", NULL };
	bool apply = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "apply", &apply, "store the lists (without it: only show them)"),
		OPT_END,
	};
	struct crm_vip_plan *plan = NULL;
	struct emitter *e;
	int64_t id, changed = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	code = active_program(ctx, &id);
	if (code) {
		return code;
	}
	e = vip_emitter(ctx, assign_cols, ARRAY_SIZE(assign_cols),
			"client_id,client,owner,surveyor,kept,reason", 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_vip_assign(ctx->db, id, apply, &plan);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	for (size_t i = 0; i < plan->n; i++) {
		const struct crm_vip_assignment *a = &plan->items[i];

		changed += a->changed;
		emit_begin(e);
		emit_int(e, a->item_id);
		emit_int(e, a->client_id);
		emit_str(e, a->client);
		emit_int_or_null(e, a->owner_id);
		emit_str(e, a->owner);
		emit_int_or_null(e, a->surveyor_id);
		emit_str(e, a->surveyor);
		emit_bool(e, a->kept);
		emit_bool(e, a->changed);
		emit_str(e, a->reason);
		emit_end(e);
	}
	code = ctx_emit_done(ctx, e);
	for (size_t i = 0; code == 0 && i < plan->nloads; i++) {
		const struct crm_vip_load *l = &plan->loads[i];

		info(ctx,
		     P_("%s: %lld client (%lld of their own, %lld done)",
			"%s: %lld clients (%lld of their own, %lld done)", l->items),
		     l->manager, (long long)l->items, (long long)l->kept, (long long)l->done);
	}
	if (code == 0 && plan->n == 0) {
		info(ctx, "no client of VIP programme %lld is left to assign", (long long)id);
	} else if (code == 0 && apply) {
		info(ctx,
		     P_("stored the lists of VIP programme %lld: %lld assignment changed",
			"stored the lists of VIP programme %lld: %lld assignments changed", changed),
		     (long long)id, (long long)changed);
	} else if (code == 0 && !ctx->quiet) {
		hint("nothing stored: 'crm vip assign --apply' stores these lists");
	}
	crm_vip_plan_destroy(plan);
	return code;
}

/* ---- list ----------------------------------------------------------------- */

int cmd_vip_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm vip list [--program <program>] [--mine | --staff <manager>] "
		"[--pending | --done]",
		NULL,
	};
	const char *program = NULL, *staff = NULL;
	bool mine = false, pending = false, done = false;
	const struct opt opts[] = {
		OPT_STR(0, "program", &program, "<program>", "another programme than the active one"),
		OPT_FLAG(0, "mine", &mine, "the clients I survey"),
		OPT_STR(0, "staff", &staff, "<manager>", "the clients this manager surveys"),
		OPT_FLAG(0, "pending", &pending, "only clients still to survey"),
		OPT_FLAG(0, "done", &done, "only clients surveyed"),
		OPT_END,
	};
	struct crm_vip_item_filter f = { 0 };
	struct emitter *e;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	if (mine && staff) {
		return usage_error(usage, "--mine and --staff exclude each other");
	}
	if (pending && done) {
		return usage_error(usage, "--pending and --done exclude each other");
	}
	code = program ? ref_program(ctx, program, &f.program_id)
		       : active_program(ctx, &f.program_id);
	if (!code && staff) {
		code = ref_manager(ctx, staff, &f.surveyor_id);
	}
	if (!code && mine) {
		f.surveyor_id = crm_manager_self(ctx->db);
		if (!f.surveyor_id) {
			error("--mine: '%s' is not a manager", crm_db_actor(ctx->db));
			hint("act as a manager with --as <name> or CRM_USER");
			code = EXIT_NOTFOUND;
		}
	}
	if (code) {
		return code;
	}
	f.status = pending ? "pending" : done ? "done" : NULL;
	e = vip_emitter(ctx, item_cols, ARRAY_SIZE(item_cols), item_table_fields, 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = item_rows(ctx, &f, e);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- template --------------------------------------------------------------- */

int cmd_vip_template_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip template show [--version <n>]", NULL };
	int64_t version = 0, got = 0;
	const struct opt opts[] = {
		OPT_INT(0, "version", &version, "<n>", "an older version (1: the built-in one)"),
		OPT_END,
	};
	char *json = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	if (version < 0) {
		return usage_error(usage, "invalid value '%lld' for --version: expected 1 or more",
				   (long long)version);
	}
	st = crm_vip_template_get(ctx->db, version, &json, &got);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	printf("%s\n", json);
	free(json);
	return 0;
}

/*
 * The printable form. Its --format takes the form's own formats, text (the
 * default) and md, and crm's output formats as everywhere: json and the
 * others give the form as the "text" of one record.
 */
enum { FORM_TEXT = 100, FORM_MD };

int cmd_vip_template_print(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm vip template print [--format (text | md)] [--version <n>]", NULL,
	};
	static const struct kw formats[] = {
		{ "text", FORM_TEXT },        { "md", FORM_MD },         { "table", EMIT_FMT_TABLE },
		{ "json", EMIT_FMT_JSON },    { "ndjson", EMIT_FMT_NDJSON }, { "csv", EMIT_FMT_CSV },
		{ "tsv", EMIT_FMT_TSV },      { 0 },
	};
	static const struct emit_col cols[] = {
		{ "version", N_("VERSION"), EMIT_INT },
		{ "language", N_("LANGUAGE"), EMIT_STR },
		{ "format", N_("FORMAT"), EMIT_STR },
		{ "text", N_("TEXT"), EMIT_STR },
	};
	int64_t version = 0, got = 0;
	int format = -1;
	const struct opt opts[] = {
		OPT_KW(0, "format", &format, formats,
		       "text (the default, 80 columns) or md (Markdown for pandoc)"),
		OPT_INT(0, "version", &version, "<n>", "an older version (1: the built-in one)"),
		OPT_END,
	};
	enum crm_vip_form_format form = CRM_VIP_FORM_TEXT;
	const char *lang = NULL;
	struct emitter *e;
	char *text = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	if (version < 0) {
		return usage_error(usage, "invalid value '%lld' for --version: expected 1 or more",
				   (long long)version);
	}
	if (format == FORM_MD) {
		form = CRM_VIP_FORM_MD;
	} else if (format >= 0 && format != FORM_TEXT) {
		ctx->format = (enum emit_format)format;
		ctx->format_set = true;
	}
	st = crm_vip_template_form(ctx->db, version, form, &text, &got, &lang);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	e = ctx_text_emitter(ctx, text, cols, ARRAY_SIZE(cols), &code);
	if (!e) {
		free(text);
		return code;
	}
	emit_begin(e);
	emit_int(e, got);
	emit_str(e, lang);
	emit_str(e, form == CRM_VIP_FORM_MD ? "md" : "text");
	emit_str(e, text);
	emit_end(e);
	free(text);
	return ctx_emit_done(ctx, e);
}

int cmd_vip_template_set(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip template set (<file> | -)", NULL };
	int64_t version = 0;
	char *json;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 1, 1, &code)) {
		return code;
	}
	code = textin_read_file("<file>", argv[0], &json);
	if (code) {
		return code;
	}
	st = crm_vip_template_set(ctx->db, json, &version);
	free(json);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EDATA) {
			hint("'crm help vip' describes the template; 'crm vip template show' prints "
			     "the current one");
		}
		return code;
	}
	info(ctx, "stored questionnaire version %lld: new surveys use it", (long long)version);
	printf("%lld\n", (long long)version);
	return 0;
}

/* ---- report -------------------------------------------------------------- */

/*
 * Each record of the report is described once: its columns and a function
 * giving its values. The report is one JSON document (json, ndjson), a
 * table per section (the table), or one row per figure (the long form:
 * csv, tsv and any --fields), all from these.
 */

/* A value of a record, of the type of its column. */
struct rv {
	bool null;
	int64_t i;     /* INT, BOOL, DATE */
	const char *s; /* STR; LIST: a JSON array of strings */
};

#define RV_INT(x) ((struct rv){ .i = (x) })
#define RV_ID(x) ((struct rv){ .null = (x) == 0, .i = (x) }) /* 0: null */
#define RV_DATE(x) RV_ID(x)
#define RV_STR(x) ((struct rv){ .null = (x) == NULL, .s = (x) })

#define RV_MAX 16

struct rpart {
	const char *key;             /* JSON key; the long form's section */
	const char *title;           /* of its table */
	const struct emit_col *cols; /* a map's list is its last column */
	size_t nvals;                /* values of a record (the list column not counted) */
	void (*fill)(const struct crm_vip_report *r, size_t i, struct rv *v);
	size_t (*count)(const struct crm_vip_report *r); /* a list; NULL: one record */
	const struct rpart *list;    /* a map's list of records */
	int subject_id, subject;     /* columns naming a record in the long form, or -1 */
};

static const struct emit_col rprogram_cols[] = {
	{ "id", N_("ID"), EMIT_INT },           { "name", N_("NAME"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },   { "lead", N_("LEAD"), EMIT_STR },
	{ "started", N_("STARTED"), EMIT_DATE }, { "until", N_("UNTIL"), EMIT_DATE },
	{ "closed", N_("CLOSED"), EMIT_DATE },   { "clients", N_("CLIENTS"), EMIT_INT },
	{ "done", N_("DONE"), EMIT_INT },       { "left", N_("LEFT"), EMIT_INT },
	{ "overdue", N_("OVERDUE"), EMIT_INT },
};

static void rprogram_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	const struct crm_vip_program *p = &r->program;

	(void)i;
	*v++ = RV_INT(p->id);
	*v++ = RV_STR(p->name);
	*v++ = RV_STR(p->status);
	*v++ = RV_STR(p->lead);
	*v++ = RV_DATE(p->created);
	*v++ = RV_DATE(p->until);
	*v++ = RV_DATE(p->closed);
	*v++ = RV_INT(p->clients);
	*v++ = RV_INT(p->done);
	*v++ = RV_INT(p->clients - p->done);
	*v = RV_INT(p->overdue);
}

static const struct emit_col coverage_cols[] = {
	{ "manager_id", N_("MANAGER_ID"), EMIT_INT }, { "manager", N_("MANAGER"), EMIT_STR },
	{ "assigned", N_("ASSIGNED"), EMIT_INT },     { "done", N_("DONE"), EMIT_INT },
	{ "left", N_("LEFT"), EMIT_INT },             { "overdue", N_("OVERDUE"), EMIT_INT },
};

static void coverage_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	const struct crm_vip_coverage *c = &r->coverage[i];

	*v++ = RV_ID(c->manager_id);
	*v++ = RV_STR(c->manager);
	*v++ = RV_INT(c->assigned);
	*v++ = RV_INT(c->done);
	*v++ = RV_INT(c->left);
	*v = RV_INT(c->overdue);
}

static size_t coverage_count(const struct crm_vip_report *r)
{
	return r->ncoverage;
}

static const struct emit_col failure_cols[] = {
	{ "survey_id", N_("SURVEY_ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "date", N_("DATE"), EMIT_DATE },
	{ "failed", N_("FAILED"), EMIT_LIST },
	{ "incident_id", N_("INCIDENT_ID"), EMIT_INT },
	{ "remedy_id", N_("REMEDY_ID"), EMIT_INT },
	{ "remedy_assignee", N_("REMEDY_ASSIGNEE"), EMIT_STR },
	{ "remedy_due", N_("REMEDY_DUE"), EMIT_DATE },
	{ "remedy_status", N_("REMEDY_STATUS"), EMIT_STR },
	{ "remedied", N_("REMEDIED"), EMIT_BOOL },
	{ "remedied_on", N_("REMEDIED_ON"), EMIT_DATE },
};

static void failure_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	const struct crm_vip_failure *f = &r->quality.failures[i];

	*v++ = RV_INT(f->survey_id);
	*v++ = RV_INT(f->client_id);
	*v++ = RV_STR(f->client);
	*v++ = RV_DATE(f->date);
	*v++ = RV_STR(f->failed);
	*v++ = RV_ID(f->incident_id);
	*v++ = RV_ID(f->remedy_id);
	*v++ = RV_STR(f->remedy_assignee);
	*v++ = RV_DATE(f->remedy_due);
	*v++ = RV_STR(f->remedy_status);
	*v++ = RV_INT(f->remedied);
	*v = RV_DATE(f->remedied_on);
}

static size_t failure_count(const struct crm_vip_report *r)
{
	return r->quality.nfailures;
}

static const struct emit_col quality_cols[] = {
	{ "surveys", N_("SURVEYS"), EMIT_INT },     { "passed", N_("PASSED"), EMIT_INT },
	{ "failed", N_("FAILED"), EMIT_INT },       { "unchecked", N_("UNCHECKED"), EMIT_INT },
	{ "remedied", N_("REMEDIED"), EMIT_INT },   { "unremedied", N_("UNREMEDIED"), EMIT_INT },
	{ "failures", N_("FAILURES"), EMIT_ROWS },
};

static void quality_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	(void)i;
	*v++ = RV_INT(r->quality.surveys);
	*v++ = RV_INT(r->quality.passed);
	*v++ = RV_INT(r->quality.failed);
	*v++ = RV_INT(r->quality.unchecked);
	*v++ = RV_INT(r->quality.remedied);
	*v = RV_INT(r->quality.unremedied);
}

static const struct emit_col referral_cols[] = {
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "active", N_("ACTIVE"), EMIT_BOOL },
	{ "referred_by_id", N_("REFERRED_BY_ID"), EMIT_INT },
	{ "referred_by", N_("REFERRED_BY"), EMIT_STR },
	{ "date", N_("DATE"), EMIT_DATE },
};

static void referral_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	const struct crm_vip_referral *f = &r->referrals.clients[i];

	*v++ = RV_INT(f->client_id);
	*v++ = RV_STR(f->client);
	*v++ = RV_STR(f->status);
	*v++ = RV_INT(f->active);
	*v++ = RV_INT(f->referred_by_id);
	*v++ = RV_STR(f->referred_by);
	*v = RV_DATE(f->date);
}

static size_t referral_count(const struct crm_vip_report *r)
{
	return r->referrals.nclients;
}

static const struct emit_col referrals_cols[] = {
	{ "collected", N_("COLLECTED"), EMIT_INT },
	{ "active", N_("ACTIVE"), EMIT_INT },
	{ "clients", N_("CLIENTS"), EMIT_ROWS },
};

static void referrals_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	(void)i;
	*v++ = RV_INT((int64_t)r->referrals.nclients);
	*v = RV_INT(r->referrals.active);
}

static const struct emit_col action_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "text", N_("TEXT"), EMIT_STR },
	{ "assignee_id", N_("ASSIGNEE_ID"), EMIT_INT },
	{ "assignee", N_("ASSIGNEE"), EMIT_STR },
	{ "due", N_("DUE"), EMIT_DATE },
	{ "status", N_("STATUS"), EMIT_STR },
};

static void action_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	const struct crm_vip_opportunity *o = &r->opportunities.actions[i];

	*v++ = RV_INT(o->id);
	*v++ = RV_INT(o->client_id);
	*v++ = RV_STR(o->client);
	*v++ = RV_STR(o->text);
	*v++ = RV_ID(o->assignee_id);
	*v++ = RV_STR(o->assignee);
	*v++ = RV_DATE(o->due);
	*v = RV_STR(o->status);
}

static size_t action_count(const struct crm_vip_report *r)
{
	return r->opportunities.nactions;
}

static const struct emit_col opportunities_cols[] = {
	{ "created", N_("CREATED"), EMIT_INT },
	{ "done", N_("DONE"), EMIT_INT },
	{ "actions", N_("ACTIONS"), EMIT_ROWS },
};

static void opportunities_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	(void)i;
	*v++ = RV_INT((int64_t)r->opportunities.nactions);
	*v = RV_INT(r->opportunities.done);
}

static const struct emit_col rcontacts_cols[] = {
	{ "refreshed", N_("REFRESHED"), EMIT_INT }, { "added", N_("ADDED"), EMIT_INT },
	{ "updated", N_("UPDATED"), EMIT_INT },     { "confirmed", N_("CONFIRMED"), EMIT_INT },
	{ "clients", N_("CLIENTS"), EMIT_INT },
};

static void rcontacts_fill(const struct crm_vip_report *r, size_t i, struct rv *v)
{
	(void)i;
	*v++ = RV_INT(r->contacts.refreshed);
	*v++ = RV_INT(r->contacts.added);
	*v++ = RV_INT(r->contacts.updated);
	*v++ = RV_INT(r->contacts.confirmed);
	*v = RV_INT(r->contacts.clients);
}

/* A list of a section: its records are named by the columns client_id, client. */
#define RLIST(k, t, c, f, n, id) { k, t, c, ARRAY_SIZE(c), f, n, NULL, id, id + 1 }
static const struct rpart failures_part =
	RLIST("failures", N_("Quality failures"), failure_cols, failure_fill, failure_count, 1);
static const struct rpart referred_part =
	RLIST("clients", N_("Referred clients"), referral_cols, referral_fill, referral_count, 0);
static const struct rpart actions_part =
	RLIST("actions", N_("Opportunity actions"), action_cols, action_fill, action_count, 1);

/* The sections, in the order of every form. */
static const struct rpart report_parts[] = {
	{ "program", N_("Programme"), rprogram_cols, ARRAY_SIZE(rprogram_cols), rprogram_fill, NULL,
	  NULL, 0, 1 },
	{ "coverage", N_("Coverage"), coverage_cols, ARRAY_SIZE(coverage_cols), coverage_fill,
	  coverage_count, NULL, 0, 1 },
	{ "quality", N_("Quality"), quality_cols, ARRAY_SIZE(quality_cols) - 1, quality_fill, NULL,
	  &failures_part, -1, -1 },
	{ "referrals", N_("Referrals"), referrals_cols, ARRAY_SIZE(referrals_cols) - 1,
	  referrals_fill, NULL, &referred_part, -1, -1 },
	{ "opportunities", N_("Opportunities"), opportunities_cols,
	  ARRAY_SIZE(opportunities_cols) - 1, opportunities_fill, NULL, &actions_part, -1, -1 },
	{ "contacts", N_("Key contacts"), rcontacts_cols, ARRAY_SIZE(rcontacts_cols), rcontacts_fill,
	  NULL, NULL, -1, -1 },
};

static size_t rpart_count(const struct rpart *p, const struct crm_vip_report *r)
{
	return p->count ? p->count(r) : 1;
}

/* A value into a cell of its column. */
static void rv_put(struct emitter *e, enum emit_type t, const struct rv *v)
{
	if (v->null) {
		emit_null(e);
	} else if (t == EMIT_STR) {
		emit_str(e, v->s);
	} else if (t == EMIT_LIST) {
		emit_json(e, v->s);
	} else if (t == EMIT_BOOL) {
		emit_bool(e, v->i);
	} else if (t == EMIT_DATE) {
		emit_date(e, v->i);
	} else {
		emit_int(e, v->i);
	}
}

/* The values of record i of p into the row of e. */
static void rpart_values(struct emitter *e, const struct rpart *p,
			 const struct crm_vip_report *r, size_t i)
{
	struct rv v[RV_MAX];

	p->fill(r, i, v);
	for (size_t k = 0; k < p->nvals; k++) {
		rv_put(e, p->cols[k].type, &v[k]);
	}
}

/* Record i of p as a row of e (a map's list within it). */
static void rpart_row(struct emitter *e, const struct rpart *p, const struct crm_vip_report *r,
		      size_t i)
{
	struct emitter *l;

	emit_begin(e);
	rpart_values(e, p, r, i);
	if (p->list) {
		l = emit_begin_list(e, p->list->cols, p->list->nvals, NULL);
		for (size_t j = 0; l && j < rpart_count(p->list, r); j++) {
			rpart_row(l, p->list, r, j);
		}
		if (l) {
			emit_end_list(e);
		}
	}
	emit_end(e);
}

/* The report as one JSON object. */
static int report_doc(struct crm_ctx *ctx, const struct crm_vip_report *r)
{
	struct emit_col cols[ARRAY_SIZE(report_parts)];
	struct emitter *e, *sub;

	for (size_t i = 0; i < ARRAY_SIZE(report_parts); i++) {
		const struct rpart *p = &report_parts[i];

		cols[i] = (struct emit_col){ p->key, p->title, p->count ? EMIT_ROWS : EMIT_MAP };
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols),
			ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	if (!e) {
		return EXIT_USAGE;
	}
	emit_begin(e);
	for (size_t i = 0; i < ARRAY_SIZE(report_parts); i++) {
		const struct rpart *p = &report_parts[i];
		size_t ncols = p->nvals + (p->list != NULL);

		sub = p->count ? emit_begin_list(e, p->cols, ncols, NULL)
			       : emit_begin_map(e, p->cols, ncols, NULL);
		if (!sub) {
			break;
		}
		for (size_t k = 0; k < rpart_count(p, r); k++) {
			rpart_row(sub, p, r, k);
		}
		if (p->count) {
			emit_end_list(e);
		} else {
			emit_end_map(e);
		}
	}
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

/* The records of p as a table under its title ("none" when there are none). */
static int rpart_table(struct crm_ctx *ctx, const struct rpart *p, const struct crm_vip_report *r)
{
	size_t n = rpart_count(p, r);
	struct emitter *e;
	char err[512];

	printf("\n%s\n", _(p->title));
	if (n == 0) {
		printf("%s\n", _("none"));
		return 0;
	}
	e = emit_create(EMIT_FMT_TABLE, stdout, p->cols, p->nvals, NULL,
			ctx->color ? EMIT_COLOR : 0, err, sizeof(err));
	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		emit_begin(e);
		rpart_values(e, p, r, i);
		emit_end(e);
	}
	return ctx_emit_done(ctx, e);
}

/* The report as headed tables, as 'crm client show' shows a sheet. */
static int report_sections(struct crm_ctx *ctx, const struct crm_vip_report *r)
{
	int code = 0;

	for (size_t i = 0; i < ARRAY_SIZE(report_parts) && code == 0; i++) {
		code = rpart_table(ctx, &report_parts[i], r);
		if (code == 0 && report_parts[i].list) {
			code = rpart_table(ctx, report_parts[i].list, r);
		}
	}
	return code;
}

static const struct emit_col long_cols[] = {
	{ "section", N_("SECTION"), EMIT_STR },
	{ "subject_id", N_("SUBJECT_ID"), EMIT_INT },
	{ "subject", N_("SUBJECT"), EMIT_STR },
	{ "metric", N_("METRIC"), EMIT_STR },
	{ "value", N_("VALUE"), EMIT_STR },
};

/* A JSON array of texts as "a,b" (the way a table shows a list). */
static void list_text(struct emitter *e, const char *json)
{
	cJSON *arr = cJSON_Parse(json);
	const cJSON *m;
	size_t n = 1;
	char *buf, *p;

	cJSON_ArrayForEach(m, arr) {
		n += (cJSON_IsString(m) ? strlen(m->valuestring) : 0) + 1;
	}
	buf = arr ? malloc(n) : NULL;
	if (!buf) {
		cJSON_Delete(arr);
		emit_null(e);
		return;
	}
	p = buf;
	*p = '\0';
	cJSON_ArrayForEach(m, arr) {
		if (cJSON_IsString(m)) {
			p += snprintf(p, n - (size_t)(p - buf), "%s%s", p == buf ? "" : ",",
				      m->valuestring);
		}
	}
	cJSON_Delete(arr);
	emit_str(e, buf);
	free(buf);
}

/* One long-form row: the value v of a column of type t as text. */
static void long_row(struct emitter *e, const char *section, const struct rv *id,
		     const struct rv *subject, const char *metric, enum emit_type t,
		     const struct rv *v)
{
	char buf[32];

	emit_begin(e);
	emit_str(e, section);
	rv_put(e, EMIT_INT, id);
	rv_put(e, EMIT_STR, subject);
	emit_str(e, metric);
	if (v->null || t == EMIT_STR) {
		rv_put(e, EMIT_STR, v);
	} else if (t == EMIT_LIST) {
		list_text(e, v->s);
	} else if (t == EMIT_BOOL) {
		emit_str(e, v->i ? "true" : "false");
	} else if (t == EMIT_DATE) {
		emit_str(e, crm_date_format(v->i, buf, sizeof(buf)));
	} else {
		snprintf(buf, sizeof(buf), "%lld", (long long)v->i);
		emit_str(e, buf);
	}
	emit_end(e);
}

/*
 * Record i of p, one row per value, in section; a record of a list leaves
 * out the columns naming it, which are its subject.
 */
static void long_record(struct emitter *e, const char *section, const struct rpart *p,
			const struct crm_vip_report *r, size_t i, bool listed)
{
	static const struct rv none = { .null = true };
	struct rv v[RV_MAX];
	const struct rv *id = p->subject_id >= 0 ? &v[p->subject_id] : &none;
	const struct rv *subject = p->subject >= 0 ? &v[p->subject] : &none;

	p->fill(r, i, v);
	for (size_t k = 0; k < p->nvals; k++) {
		if (listed && ((int)k == p->subject_id || (int)k == p->subject)) {
			continue;
		}
		long_row(e, section, id, subject, p->cols[k].key, p->cols[k].type, &v[k]);
	}
}

/* Every section in the long form: section, subject, metric, value. */
static int report_long(struct crm_ctx *ctx, const struct crm_vip_report *r)
{
	static const struct rv none = { .null = true }, empty = { .s = "" };
	struct emitter *e = ctx_emitter(ctx, long_cols, ARRAY_SIZE(long_cols), 0);

	if (!e) {
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < ARRAY_SIZE(report_parts); i++) {
		const struct rpart *p = &report_parts[i], *l = p->list;

		for (size_t k = 0; k < rpart_count(p, r); k++) {
			long_record(e, p->key, p, r, k, p->count != NULL);
		}
		if (l && rpart_count(l, r) == 0) {
			/* an empty list has always shown as a figure with no text */
			long_row(e, p->key, &none, &none, l->key, EMIT_STR, &empty);
		}
		for (size_t k = 0; l && k < rpart_count(l, r); k++) {
			long_record(e, p->key, l, r, k, true);
		}
	}
	return ctx_emit_done(ctx, e);
}

int cmd_vip_report(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip report [<program>]", NULL };
	struct crm_vip_report *r = NULL;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 1, &code)) {
		return code;
	}
	code = ref_program(ctx, argc ? argv[0] : NULL, &id);
	if (code) {
		return code;
	}
	st = crm_vip_report(ctx->db, id, &r);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if ((ctx->format == EMIT_FMT_JSON || ctx->format == EMIT_FMT_NDJSON) && !ctx->fields) {
		code = report_doc(ctx, r);
	} else if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		code = report_sections(ctx, r);
	} else {
		code = report_long(ctx, r);
	}
	crm_vip_report_destroy(r);
	return code;
}
