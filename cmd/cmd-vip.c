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
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "vip.h"
#include "banned.h"

static const struct kw tiers[] = { { "vip", 0 }, { "key", 1 }, { "regular", 2 }, { 0 } };

/* ---- rows ------------------------------------------------------------- */

static const struct emit_col program_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "name", "NAME", EMIT_STR },
	{ "status", "STATUS", EMIT_STR },
	{ "lead_id", "LEAD_ID", EMIT_INT },
	{ "lead", "LEAD", EMIT_STR },
	{ "staff", "STAFF", EMIT_LIST },
	{ "tier", "TIER", EMIT_STR },
	{ "segment", "SEGMENT", EMIT_STR },
	{ "until", "UNTIL", EMIT_DATE },
	{ "clients", "CLIENTS", EMIT_INT },
	{ "assigned", "ASSIGNED", EMIT_INT },
	{ "done", "DONE", EMIT_INT },
	{ "left", "LEFT", EMIT_INT },
	{ "overdue", "OVERDUE", EMIT_INT },
	{ "author", "AUTHOR", EMIT_STR },
	{ "created", "CREATED", EMIT_TIME },
	{ "closed", "CLOSED", EMIT_TIME },
	{ "items", "ITEMS", EMIT_JSON },   /* program show only */
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
	{ "id", "ID", EMIT_INT },
	{ "program_id", "PROGRAM_ID", EMIT_INT },
	{ "client_id", "CLIENT_ID", EMIT_INT },
	{ "client", "CLIENT", EMIT_STR },
	{ "kind", "KIND", EMIT_STR },
	{ "tier", "TIER", EMIT_STR },
	{ "segment", "SEGMENT", EMIT_STR },
	{ "owner_id", "OWNER_ID", EMIT_INT },
	{ "owner", "OWNER", EMIT_STR },
	{ "monopolized", "MONOPOLIZED", EMIT_BOOL },
	{ "surveyor_id", "SURVEYOR_ID", EMIT_INT },
	{ "surveyor", "SURVEYOR", EMIT_STR },
	{ "status", "STATUS", EMIT_STR },
	{ "due", "DUE", EMIT_DATE },
	{ "done", "DONE", EMIT_TIME },
	{ "survey_id", "SURVEY_ID", EMIT_INT },
	{ "reason", "REASON", EMIT_STR },
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
	info(ctx, "started VIP programme %lld '%s' with %lld client%s on its list", (long long)id,
	     in.name, (long long)clients, clients == 1 ? "" : "s");
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
	struct emitter *n = nested_create(item_cols, ARRAY_SIZE(item_cols)), *e;
	crm_status st = n ? item_rows(ctx, &f, n) : CRM_ENOMEM;
	char *items = n ? nested_finish(n) : NULL;
	int code;

	if (st != CRM_DONE || !items) {
		free(items);
		if (st == CRM_DONE || st == CRM_ENOMEM) {
			error("out of memory");
			return EXIT_FAIL;
		}
		return report(ctx, st);
	}
	e = ctx_emitter(ctx, program_cols, ARRAY_SIZE(program_cols),
			ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	if (!e) {
		free(items);
		return EXIT_USAGE;
	}
	emit_begin(e);
	emit_program_values(e, p);
	emit_json(e, items);
	emit_end(e);
	free(items);
	code = ctx_emit_done(ctx, e);
	return code;
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
	printf("\nClients\n");
	st = item_rows(ctx, &f, e);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	if (emit_count(e) == 0) {
		printf("none\n");
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
		warning("%lld client%s of VIP programme %lld left without a survey",
			(long long)pending, pending == 1 ? "" : "s", (long long)id);
	}
	info(ctx, "closed VIP programme %lld", (long long)id);
	if (ctx->format == EMIT_FMT_TABLE) {
		return 0;
	}
	return emit_programs(ctx, id, EMIT_SINGLE);
}

/* ---- assign -------------------------------------------------------------- */

static const struct emit_col assign_cols[] = {
	{ "item_id", "ITEM_ID", EMIT_INT },
	{ "client_id", "CLIENT_ID", EMIT_INT },
	{ "client", "CLIENT", EMIT_STR },
	{ "owner_id", "OWNER_ID", EMIT_INT },
	{ "owner", "OWNER", EMIT_STR },
	{ "surveyor_id", "SURVEYOR_ID", EMIT_INT },
	{ "surveyor", "SURVEYOR", EMIT_STR },
	{ "kept", "KEPT", EMIT_BOOL },
	{ "changed", "CHANGED", EMIT_BOOL },
	{ "reason", "REASON", EMIT_STR },
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

		info(ctx, "%s: %lld client%s (%lld of their own, %lld done)", l->manager,
		     (long long)l->items, l->items == 1 ? "" : "s", (long long)l->kept,
		     (long long)l->done);
	}
	if (code == 0 && plan->n == 0) {
		info(ctx, "no client of VIP programme %lld is left to assign", (long long)id);
	} else if (code == 0 && apply) {
		info(ctx, "stored the lists of VIP programme %lld: %lld assignment%s changed",
		     (long long)id, (long long)changed, changed == 1 ? "" : "s");
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

/* Reads all of path ("-": stdin) into a malloc'd string; NULL with an error. */
char *vip_read_file(const char *path)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf = NULL, *grown;
	size_t len = 0, cap = 0, got;

	if (!in) {
		error("cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				buf = NULL;
				error("out of memory");
				break;
			}
			buf = grown;
		}
		got = fread(buf + len, 1, cap - len - 1, in);
		len += got;
	} while (got > 0);
	if (buf && ferror(in)) {
		error("cannot read '%s': %s", path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (buf) {
		buf[len] = '\0';
		if (strlen(buf) != len) {
			error("'%s' holds a NUL byte: expected JSON text", path);
			free(buf);
			buf = NULL;
		}
	}
	if (in != stdin) {
		fclose(in);
	}
	return buf;
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
	json = vip_read_file(argv[0]);
	if (!json) {
		return EXIT_FAIL;
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

static const struct emit_col long_cols[] = {
	{ "section", "SECTION", EMIT_STR },
	{ "subject_id", "SUBJECT_ID", EMIT_INT },
	{ "subject", "SUBJECT", EMIT_STR },
	{ "metric", "METRIC", EMIT_STR },
	{ "value", "VALUE", EMIT_STR },
};

/* An array of texts as "a,b" (the way a table shows a list). */
static void list_text(struct emitter *e, const cJSON *arr)
{
	const cJSON *m;
	size_t n = 1;
	char *buf, *p;

	cJSON_ArrayForEach(m, arr) {
		n += (cJSON_IsString(m) ? strlen(m->valuestring) : 0) + 1;
	}
	buf = malloc(n);
	if (!buf) {
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
	emit_str(e, buf);
	free(buf);
}

/* One long-form row; v is a JSON value shown as text (null stays null). */
static void long_row(struct emitter *e, const char *section, const cJSON *id, const cJSON *subject,
		     const char *metric, const cJSON *v)
{
	char buf[64];

	emit_begin(e);
	emit_str(e, section);
	if (cJSON_IsNumber(id)) {
		emit_int(e, (int64_t)id->valuedouble);
	} else {
		emit_null(e);
	}
	emit_str(e, cJSON_IsString(subject) ? subject->valuestring : NULL);
	emit_str(e, metric);
	if (cJSON_IsNumber(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)v->valuedouble);
		emit_str(e, buf);
	} else if (cJSON_IsBool(v)) {
		emit_str(e, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsString(v)) {
		emit_str(e, v->valuestring);
	} else if (cJSON_IsArray(v)) {
		list_text(e, v);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

/* The scalar members of obj, one row each. */
static void long_scalars(struct emitter *e, const char *section, const cJSON *id,
			 const cJSON *subject, const cJSON *obj, const char *const *skip)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, obj) {
		bool skipped = cJSON_IsObject(m) ||
			       (cJSON_IsArray(m) && m->child && !cJSON_IsString(m->child));

		for (size_t i = 0; skip && skip[i] && !skipped; i++) {
			skipped = strcmp(m->string, skip[i]) == 0;
		}
		if (!skipped) {
			long_row(e, section, id, subject, m->string, m);
		}
	}
}

/* Each object of the array under key: its scalars, subject (id, name). */
static void long_list(struct emitter *e, const char *section, const cJSON *arr,
		      const char *id_key, const char *name_key)
{
	static const char *const skip[] = { "client_id", "client", "manager_id", "manager", NULL };
	const cJSON *o;

	cJSON_ArrayForEach(o, arr) {
		long_scalars(e, section, cJSON_GetObjectItemCaseSensitive(o, id_key),
			     cJSON_GetObjectItemCaseSensitive(o, name_key), o, skip);
	}
}

/* Every section in the long form: section, subject, metric, value. */
static int report_long(struct crm_ctx *ctx, const cJSON *r)
{
	const cJSON *program = cJSON_GetObjectItemCaseSensitive(r, "program");
	const char *sections[] = { "quality", "referrals", "opportunities", "contacts" };
	const char *lists[] = { "failures", "clients", "actions", NULL };
	struct emitter *e = ctx_emitter(ctx, long_cols, ARRAY_SIZE(long_cols), 0);

	if (!e) {
		return EXIT_USAGE;
	}
	long_scalars(e, "program", cJSON_GetObjectItemCaseSensitive(program, "id"),
		     cJSON_GetObjectItemCaseSensitive(program, "name"), program, NULL);
	long_list(e, "coverage", cJSON_GetObjectItemCaseSensitive(r, "coverage"), "manager_id",
		  "manager");
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(r, sections[i]);

		long_scalars(e, sections[i], NULL, NULL, s, NULL);
		for (size_t k = 0; lists[k]; k++) {
			long_list(e, sections[i], cJSON_GetObjectItemCaseSensitive(s, lists[k]),
				  "client_id", "client");
		}
	}
	return ctx_emit_done(ctx, e);
}

/* A JSON value into an emitter cell by its type. */
static void cell(struct emitter *e, const cJSON *v)
{
	char *text;

	if (cJSON_IsNumber(v)) {
		emit_int(e, (int64_t)v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		emit_bool(e, cJSON_IsTrue(v));
	} else if (cJSON_IsString(v)) {
		emit_str(e, v->valuestring);
	} else if (cJSON_IsArray(v)) {
		text = cJSON_PrintUnformatted(v);
		emit_json(e, text);
		cJSON_free(text);
	} else {
		emit_null(e);
	}
}

/*
 * A table of objects (one object: one row) titled title, its columns the
 * members of the first, less arrays and objects unless lists.
 */
static int report_table(struct crm_ctx *ctx, const char *title, const cJSON *rows,
			const cJSON *first)
{
	struct emit_col cols[24];
	char heads[24][32], err[512];
	size_t n = 0;
	const cJSON *m, *o;
	struct emitter *e;

	printf("\n%s\n", title);
	if (!first) {
		printf("none\n");
		return 0;
	}
	cJSON_ArrayForEach(m, first) {
		if (n == ARRAY_SIZE(cols) || cJSON_IsObject(m) ||
		    (cJSON_IsArray(m) && (!m->child || !cJSON_IsString(m->child)))) {
			continue;
		}
		for (size_t i = 0; i < sizeof(heads[n]) - 1; i++) {
			char c = m->string[i];

			heads[n][i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
			if (!c) {
				break;
			}
		}
		heads[n][sizeof(heads[n]) - 1] = '\0';
		cols[n] = (struct emit_col){ m->string, heads[n],
					     cJSON_IsNumber(m) ? EMIT_INT :
					     cJSON_IsBool(m) ? EMIT_BOOL :
					     cJSON_IsArray(m) ? EMIT_LIST : EMIT_STR };
		n++;
	}
	e = emit_create(EMIT_FMT_TABLE, stdout, cols, n, NULL, ctx->color ? EMIT_COLOR : 0, err,
			sizeof(err));
	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	for (o = rows ? rows->child : first; o; o = rows ? o->next : NULL) {
		emit_begin(e);
		for (size_t i = 0; i < n; i++) {
			cell(e, cJSON_GetObjectItemCaseSensitive(o, cols[i].key));
		}
		emit_end(e);
	}
	return ctx_emit_done(ctx, e);
}

/* The report as headed tables, as 'crm client show' shows a sheet. */
static int report_sections(struct crm_ctx *ctx, const cJSON *r)
{
	static const struct {
		const char *key, *title, *list, *list_title;
	} parts[] = {
		{ "program", "Programme", NULL, NULL },
		{ "coverage", "Coverage", NULL, NULL },
		{ "quality", "Quality", "failures", "Quality failures" },
		{ "referrals", "Referrals", "clients", "Referred clients" },
		{ "opportunities", "Opportunities", "actions", "Opportunity actions" },
		{ "contacts", "Key contacts", NULL, NULL },
	};
	int code = 0;

	for (size_t i = 0; i < ARRAY_SIZE(parts) && code == 0; i++) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(r, parts[i].key), *l;

		if (cJSON_IsArray(s)) {
			code = report_table(ctx, parts[i].title, s, s->child);
			continue;
		}
		code = report_table(ctx, parts[i].title, NULL, s);
		if (code == 0 && parts[i].list) {
			l = cJSON_GetObjectItemCaseSensitive(s, parts[i].list);
			code = report_table(ctx, parts[i].list_title, l, l ? l->child : NULL);
		}
	}
	return code;
}

int cmd_vip_report(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm vip report [<program>]", NULL };
	char *json = NULL;
	cJSON *r;
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
	st = crm_vip_report(ctx->db, id, &json);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if ((ctx->format == EMIT_FMT_JSON || ctx->format == EMIT_FMT_NDJSON) && !ctx->fields) {
		printf("%s\n", json);
		free(json);
		return 0;
	}
	r = cJSON_Parse(json);
	free(json);
	if (!r) {
		error("out of memory");
		return EXIT_FAIL;
	}
	if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		code = report_sections(ctx, r);
	} else {
		code = report_long(ctx, r);
	}
	cJSON_Delete(r);
	return code;
}
