/*
 * cmd-manager.c: crm manager add|edit|list|show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "report.h"
#include "rows.h"
#include "banned.h"

const struct emit_col manager_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "name", N_("NAME"), EMIT_STR },
	{ "role", N_("ROLE"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "trainee", N_("TRAINEE"), EMIT_BOOL },
	{ "trainee_until", N_("UNTIL"), EMIT_DATE },
	{ "mentor", N_("MENTOR"), EMIT_STR },
	{ "mentor_id", N_("MENTOR_ID"), EMIT_INT },
	{ "clients", N_("CLIENTS"), EMIT_INT },
	{ "capacity", N_("CAPACITY"), EMIT_INT },
	{ "load", N_("LOAD%"), EMIT_INT },
	{ "traits", N_("TRAITS"), EMIT_LIST },
	{ "interests", N_("INTERESTS"), EMIT_LIST },
	{ "email", N_("EMAIL"), EMIT_STR },
	{ "phone", N_("PHONE"), EMIT_STR },
	{ "uuid", N_("UUID"), EMIT_STR },
	{ "created", N_("CREATED"), EMIT_TIME },
	{ "gender", N_("GENDER"), EMIT_STR },
	{ "position", N_("POSITION"), EMIT_STR },
};
const size_t manager_ncols = ARRAY_SIZE(manager_cols);

/* A table leaves the uuid, the date and the mentor's id out unless --fields
 * asks for them. */
static const char table_fields[] = "id,name,role,status,trainee,trainee_until,mentor,clients,"
				   "capacity,load,traits,interests,email,phone";

static const struct kw roles[] = { { "manager", 0 }, { "head", 1 }, { 0 } };
static const struct kw statuses[] = { { "active", 0 }, { "vacation", 1 }, { "left", 2 }, { 0 } };

void emit_manager(struct emitter *e, const struct crm_manager *m)
{
	emit_begin(e);
	emit_int(e, m->id);
	emit_str(e, m->name);
	emit_str(e, m->role);
	emit_str(e, m->status);
	emit_bool(e, m->trainee);
	emit_date_or_null(e, m->trainee_until);
	emit_str(e, m->mentor);
	emit_int_or_null(e, m->mentor_id);
	emit_int(e, m->clients);
	emit_int(e, m->capacity);
	if (m->capacity > 0) {
		/* the share of the capacity in use, rounded to the nearest percent */
		emit_int(e, (m->clients * 100 + m->capacity / 2) / m->capacity);
	} else {
		emit_null(e);
	}
	emit_json(e, m->traits);
	emit_json(e, m->interests);
	emit_str(e, m->email);
	emit_str(e, m->phone);
	emit_str(e, m->uuid);
	emit_date(e, m->created);
	emit_str(e, m->gender);
	emit_str(e, m->position);
	emit_end(e);
}

static struct emitter *manager_emitter(struct crm_ctx *ctx, unsigned flags)
{
	const char *fields = ctx->fields;
	struct emitter *e;

	if (!fields && ctx->format == EMIT_FMT_TABLE) {
		ctx->fields = table_fields;
	}
	e = ctx_emitter(ctx, manager_cols, manager_ncols, flags);
	ctx->fields = fields;
	return e;
}

/* Emits manager id (0: every manager); returns the exit code. */
static int emit_managers(struct crm_ctx *ctx, int64_t id, unsigned flags)
{
	const struct crm_manager *m;
	struct crm_manager_iter *it;
	struct emitter *e;
	crm_status st;

	e = manager_emitter(ctx, flags);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_manager_query(ctx->db, id, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_manager_iter_next(it, &m)) == CRM_OK) {
		emit_manager(e, m);
	}
	crm_manager_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- add and edit ---------------------------------------------------- */

/* s as one shell word: as it is when it holds only safe characters, else
 * in single quotes ('\'' for a quote). malloc'd; NULL when out of memory. */
static char *shell_quote(const char *s)
{
	size_t n = 3;
	bool plain = *s != '\0';
	char *out, *p;

	for (const char *c = s; *c; c++) {
		unsigned char u = (unsigned char)*c;

		n += u == '\'' ? 4 : 1;
		if (u < 0x80 && !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
				  (u >= '0' && u <= '9') || strchr("-_.,@+/:", u))) {
			plain = false;
		}
	}
	if (plain) {
		return strdup(s);
	}
	out = p = malloc(n);
	if (!out) {
		return NULL;
	}
	*p++ = '\'';
	for (const char *c = s; *c; c++) {
		if (*c == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = *c;
		}
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

struct manager_opts {
	struct crm_manager_input in;
	int role, status;
	bool capacity_seen;
	bool trainee, trainee_seen;
	const char *until, *mentor;
	struct strlist traits, interests, rm_traits, rm_interests;
};

static void manager_opts_release(struct manager_opts *o)
{
	strlist_release(&o->traits);
	strlist_release(&o->interests);
	strlist_release(&o->rm_traits);
	strlist_release(&o->rm_interests);
}

/* The training options into o->in; returns 0 or the exit code. */
static int training_input(struct crm_ctx *ctx, struct manager_opts *o, const char *const *usage)
{
	int code;

	if ((o->until || o->mentor) && !(o->trainee_seen && o->trainee)) {
		return usage_error(usage, "--until and --mentor go with --trainee");
	}
	if (o->trainee_seen) {
		o->in.trainee = o->trainee ? CRM_TRAINEE_YES : CRM_TRAINEE_NO;
	}
	if (o->until && !ctx_date(ctx, "--until", o->until, &o->in.trainee_until, usage)) {
		return EXIT_USAGE;
	}
	if (o->mentor) {
		code = ref_manager(ctx, o->mentor, &o->in.mentor_id);
		if (code) {
			return code;
		}
	}
	return 0;
}

/* The input of add and edit from the parsed options; false on a usage error. */
static bool manager_input(struct manager_opts *o, const char *const *usage)
{
	if (o->capacity_seen && (o->in.capacity < 0 || o->in.capacity > 100000)) {
		usage_error(usage, "invalid value '%lld' for --capacity: expected 0 to 100000",
			    (long long)o->in.capacity);
		return false;
	}
	if (!o->capacity_seen) {
		o->in.capacity = -1;
	}
	o->in.role = kw_name(roles, o->role);
	o->in.status = kw_name(statuses, o->status);
	o->in.traits = list_edit(&o->traits, &o->rm_traits);
	o->in.interests = list_edit(&o->interests, &o->rm_interests);
	return true;
}

int cmd_manager_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm manager add [--email <email>] [--phone <phone>] [--gender (f | m)] "
		"[--position <position>] [--role manager|head] "
		"[--capacity <n>] [--trait <trait>]... [--interest <interest>]... "
		"[--trainee [--until <date>] --mentor <manager>] <name>",
		NULL,
	};
	struct manager_opts o = { .role = -1, .status = -1 };
	const struct opt opts[] = {
		OPT_STR(0, "email", &o.in.email, "<email>", "email address"),
		OPT_STR(0, "phone", &o.in.phone, "<phone>", "phone number"),
		OPT_WORD(0, "gender", &o.in.gender, "<f|m>", crm_genders,
			 "gender, for the wording of letters (f or m)"),
		OPT_STR(0, "position", &o.in.position, "<position>",
			"the position, as letters are signed with it"),
		OPT_KW(0, "role", &o.role, roles, "manager (the default) or head of sales"),
		{ OPT_T_INT, 0, "capacity", &o.in.capacity, "<n>",
		  N_("the most clients to hold (default: config manager.capacity)"), NULL,
		  &o.capacity_seen, NULL },
		OPT_LIST(0, "trait", &o.traits, "<trait>", "a trait of character: calm, energetic"),
		OPT_LIST(0, "interest", &o.interests, "<interest>", "an interest: fishing, chess"),
		{ OPT_T_FLAG, 0, "trainee", &o.trainee, NULL,
		  N_("a new manager in training, under a mentor"), NULL, &o.trainee_seen, NULL },
		OPT_STR(0, "until", &o.until, "<date>", "(with --trainee) the day the training ends"),
		OPT_STR(0, "mentor", &o.mentor, "<manager>", "(with --trainee) the trainee's mentor"),
		OPT_END,
	};
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		manager_opts_release(&o);
		return code;
	}
	if (!manager_input(&o, usage)) {
		manager_opts_release(&o);
		return EXIT_USAGE;
	}
	if (o.trainee && !o.mentor) {
		manager_opts_release(&o);
		return usage_error(usage, "a trainee needs a mentor: --mentor <manager>");
	}
	code = training_input(ctx, &o, usage);
	if (code) {
		manager_opts_release(&o);
		return code;
	}
	o.in.name = argv[0];
	st = crm_manager_add(ctx->db, &o.in, &id);
	manager_opts_release(&o);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (ctx->format == EMIT_FMT_TABLE) {
		printf("%lld\n", (long long)id);
		return 0;
	}
	return emit_managers(ctx, id, EMIT_SINGLE);
}

int cmd_manager_edit(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm manager edit [--name <name>] [--email <email>] [--phone <phone>] "
		"[--gender (f | m)] [--position <position>] [--role manager|head] [--status active|vacation|left] [--capacity <n>] "
		"[--trait <trait>]... [--remove-trait <trait>]... [--interest <interest>]... "
		"[--remove-interest <interest>]... [--trainee [--until <date>] [--mentor <manager>] | "
		"--no-trainee] [--force] <manager>",
		NULL,
	};
	struct manager_opts o = { .role = -1, .status = -1 };
	const struct opt opts[] = {
		OPT_STR(0, "name", &o.in.name, "<name>", "a new name"),
		OPT_STR(0, "email", &o.in.email, "<email>", "email address ('' removes it)"),
		OPT_STR(0, "phone", &o.in.phone, "<phone>", "phone number ('' removes it)"),
		OPT_WORD(0, "gender", &o.in.gender, "<f|m>", crm_genders,
			 "gender, f or m ('' removes it)"),
		OPT_STR(0, "position", &o.in.position, "<position>",
			"the position letters are signed with ('' removes it)"),
		OPT_KW(0, "role", &o.role, roles, "manager or head of sales"),
		OPT_KW(0, "status", &o.status, statuses, "active, on vacation, or left the firm"),
		{ OPT_T_INT, 0, "capacity", &o.in.capacity, "<n>", N_("the most clients to hold"), NULL,
		  &o.capacity_seen, NULL },
		OPT_LIST(0, "trait", &o.traits, "<trait>", "add a trait"),
		OPT_LIST(0, "remove-trait", &o.rm_traits, "<trait>", "remove a trait"),
		OPT_LIST(0, "interest", &o.interests, "<interest>", "add an interest"),
		OPT_LIST(0, "remove-interest", &o.rm_interests, "<interest>", "remove an interest"),
		{ OPT_T_FLAG, 0, "trainee", &o.trainee, NULL,
		  N_("in training under a mentor (--no-trainee: the training ends)"), NULL,
		  &o.trainee_seen, NULL },
		OPT_STR(0, "until", &o.until, "<date>", "(with --trainee) the day the training ends"),
		OPT_STR(0, "mentor", &o.mentor, "<manager>", "(with --trainee) the trainee's mentor"),
		OPT_FLAG(0, "force", &o.in.force,
			 "(with --status left) leave although the manager still owns live clients"),
		OPT_END,
	};
	int64_t id, live = 0;
	bool changed = false;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		manager_opts_release(&o);
		return code;
	}
	if (!manager_input(&o, usage)) {
		manager_opts_release(&o);
		return EXIT_USAGE;
	}
	if (o.in.force && (!o.in.status || strcmp(o.in.status, "left") != 0)) {
		manager_opts_release(&o);
		return usage_error(usage, "--force goes with --status left");
	}
	code = training_input(ctx, &o, usage);
	if (!code) {
		code = ref_manager(ctx, argv[0], &id);
	}
	if (code) {
		manager_opts_release(&o);
		return code;
	}
	st = crm_manager_edit_changed(ctx->db, id, &o.in, &changed);
	if (st == CRM_ECONFLICT && o.in.status && strcmp(o.in.status, "left") == 0 &&
	    !o.in.force) {
		code = report(ctx, st);
		if (crm_manager_live_clients(ctx->db, id, &live) == CRM_OK && live > 0) {
			char *q = shell_quote(argv[0]);

			hint("hand the clients over first: crm handover plan --from %s --reason "
			     "leaving; or leave them with --force", q ? q : argv[0]);
			free(q);
		}
		manager_opts_release(&o);
		return code;
	}
	manager_opts_release(&o);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (!changed) {
		info(ctx, "nothing to change");
	}
	return 0;
}

/* ---- list and show --------------------------------------------------- */

int cmd_manager_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm manager list", NULL };
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 0, &code)) {
		return code;
	}
	return emit_managers(ctx, 0, 0);
}

/* A JSON array of words as "a, b", or NULL when empty (malloc'd). */
static char *list_text(const char *json)
{
	cJSON *arr = cJSON_Parse(json ? json : "[]"), *it;
	size_t len = 1, used = 0;
	char *out = NULL;

	cJSON_ArrayForEach(it, arr) {
		len += cJSON_IsString(it) ? strlen(it->valuestring) + 2 : 0;
	}
	if (len > 1 && (out = malloc(len))) {
		cJSON_ArrayForEach(it, arr) {
			if (cJSON_IsString(it)) {
				used += (size_t)snprintf(out + used, len - used, "%s%s",
							 used ? ", " : "", it->valuestring);
			}
		}
	}
	cJSON_Delete(arr);
	return out;
}

/* "2026-11-22 13:00" (the team's zone) into buf. */
static const char *time_text(int64_t t, char *buf, size_t n)
{
	return crm_local_format(t, buf, n);
}

/* One "field value" line; absent values show as "-". */
static void kv(struct emitter *e, const char *field, const char *value)
{
	emit_begin(e);
	emit_str(e, field);
	emit_str(e, value ? value : "-");
	emit_end(e);
}

/* The table of show: one "field value" line per field. */
static int show_table(struct crm_ctx *ctx, const struct crm_manager *m)
{
	static const struct emit_col cols[] = {
		{ "field", N_("FIELD"), EMIT_STR },
		{ "value", N_("VALUE"), EMIT_STR },
	};
	char err[256], num[64], date[32], day[16];
	char *traits = list_text(m->traits), *interests = list_text(m->interests);
	struct emitter *e = emit_create(EMIT_FMT_TABLE, stdout, cols, ARRAY_SIZE(cols), NULL,
					EMIT_NO_HEADER, err, sizeof(err));

	if (!e) {
		free(traits);
		free(interests);
		error("%s", err);
		return EXIT_FAIL;
	}
	snprintf(num, sizeof(num), "%lld", (long long)m->id);
	kv(e, "id", num);
	kv(e, "name", m->name);
	kv(e, "role", m->role);
	kv(e, "status", m->status);
	kv(e, "trainee", m->trainee ? _("yes") : _("no"));
	kv(e, "until", m->trainee_until ? crm_date_format(m->trainee_until, day, sizeof(day)) : NULL);
	kv(e, "mentor", m->mentor);
	snprintf(num, sizeof(num), _("%lld of %lld"), (long long)m->clients, (long long)m->capacity);
	kv(e, "clients", num);
	kv(e, "traits", traits);
	kv(e, "interests", interests);
	kv(e, "email", m->email);
	kv(e, "phone", m->phone);
	/* what letters are signed with, when known */
	if (m->gender) {
		kv(e, "gender", m->gender);
	}
	if (m->position) {
		kv(e, "position", m->position);
	}
	kv(e, "uuid", m->uuid);
	kv(e, "created", time_text(m->created, date, sizeof(date)));
	free(traits);
	free(interests);
	return ctx_emit_done(ctx, e);
}

int cmd_manager_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm manager show <manager>", NULL };
	const struct crm_manager *m;
	struct crm_manager_iter *it;
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 1, 1, &code)) {
		return code;
	}
	code = ref_manager(ctx, argv[0], &id);
	if (code) {
		return code;
	}
	if (ctx->format != EMIT_FMT_TABLE || ctx->fields) {
		return emit_managers(ctx, id, EMIT_SINGLE);
	}
	st = crm_manager_query(ctx->db, id, &it);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	st = crm_manager_iter_next(it, &m);
	code = st == CRM_OK ? show_table(ctx, m) : report(ctx, st);
	crm_manager_iter_destroy(it);
	return code;
}
