/*
 * cmd-client.c: crm client add|edit|list|show|find. Import and export
 * live in cmd-client-io.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "hooks.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

/* The fields of a client, in list, show (before its arrays) and export. */
#define CLIENT_COLUMNS                                                                    \
	{ "id", N_("ID"), EMIT_INT }, { "name", N_("NAME"), EMIT_STR }, { "kind", N_("KIND"), EMIT_STR }, \
	{ "tier", N_("TIER"), EMIT_STR }, { "status", N_("STATUS"), EMIT_STR },                     \
	{ "stage", N_("STAGE"), EMIT_STR }, { "owner", N_("OWNER"), EMIT_STR },                     \
	{ "last_contact", N_("LAST_CONTACT"), EMIT_TIME }, { "next_due", N_("NEXT_DUE"), EMIT_DATE }, \
	{ "value", N_("VALUE"), EMIT_MONEY }, { "segment", N_("SEGMENT"), EMIT_STR },               \
	{ "tags", N_("TAGS"), EMIT_LIST }, { "uuid", N_("UUID"), EMIT_STR },                        \
	{ "owner_id", N_("OWNER_ID"), EMIT_INT }, { "contact_every", N_("CONTACT_EVERY"), EMIT_INT }, \
	{ "traits", N_("TRAITS"), EMIT_LIST }, { "interests", N_("INTERESTS"), EMIT_LIST },         \
	{ "note", N_("NOTE"), EMIT_STR }, { "stage_since", N_("STAGE_SINCE"), EMIT_TIME },          \
	{ "orders", N_("ORDERS"), EMIT_INT }, { "created", N_("CREATED"), EMIT_TIME },              \
	{ "updated", N_("UPDATED"), EMIT_TIME }, { "source", N_("SOURCE"), EMIT_STR }

const struct emit_col client_cols[] = { CLIENT_COLUMNS };
const size_t client_ncols = ARRAY_SIZE(client_cols);

/* show in JSON: the client's fields, then the rest of the sheet */
static const struct emit_col show_cols[] = {
	CLIENT_COLUMNS,
	{ "repeat_order_at", N_("REPEAT_ORDER_AT"), EMIT_TIME },
	{ "repeat_order", N_("REPEAT_ORDER"), EMIT_STR },
	{ "contacts", N_("CONTACTS"), EMIT_ROWS },
	{ "promises", N_("PROMISES"), EMIT_ROWS },
	{ "incidents", N_("INCIDENTS"), EMIT_ROWS },
	{ "next_actions", N_("NEXT_ACTIONS"), EMIT_ROWS },
	{ "interactions", N_("INTERACTIONS"), EMIT_ROWS },
	{ "handovers", N_("HANDOVERS"), EMIT_ROWS },
};

/* A table shows the useful columns unless --fields asks for others. */
static const char table_fields[] =
	"id,name,kind,tier,status,stage,owner,last_contact,next_due,value,segment,tags";

static const struct kw kinds[] = { { "company", 0 }, { "person", 1 }, { 0 } };
static const struct kw tiers[] = { { "vip", 0 }, { "key", 1 }, { "regular", 2 }, { 0 } };
static const struct kw statuses[] = {
	{ "prospect", 0 }, { "active", 1 }, { "regular", 2 }, { "lost", 3 }, { "farewell", 4 }, { 0 },
};
static const struct kw stages[] = {
	{ "courtship", 0 }, { "sale", 1 },          { "honeymoon", 2 },
	{ "storm", 3 },     { "normalization", 4 }, { "support", 5 },   { 0 },
};
static const struct kw sorts[] = {
	{ "name", CRM_SORT_NAME },
	{ "last-contact", CRM_SORT_LAST_CONTACT },
	{ "value", CRM_SORT_VALUE },
	{ "created", CRM_SORT_CREATED },
	{ 0 },
};

/* The values of client_cols, without begin and end: show adds its lists. */
void client_values(struct emitter *e, const struct crm_client *c)
{
	emit_int(e, c->id);
	emit_str(e, c->name);
	emit_str(e, c->kind);
	emit_str(e, c->tier);
	emit_str(e, c->status);
	emit_str(e, c->stage);
	emit_str(e, c->owner);
	emit_date_or_null(e, c->last_contact);
	emit_date_or_null(e, c->next_due);
	if (c->has_value) {
		emit_money(e, c->value);
	} else {
		emit_null(e);
	}
	emit_str(e, c->segment);
	emit_json(e, c->tags);
	emit_str(e, c->uuid);
	emit_int_or_null(e, c->owner_id);
	emit_int_or_null(e, c->contact_every);
	emit_json(e, c->traits);
	emit_json(e, c->interests);
	emit_str(e, c->note);
	emit_date(e, c->stage_since);
	emit_int(e, c->orders);
	emit_date(e, c->created);
	emit_date(e, c->updated);
	emit_str(e, c->source);
}

void emit_client(struct emitter *e, const struct crm_client *c)
{
	emit_begin(e);
	client_values(e, c);
	emit_end(e);
}

ENTITY_FUNCTIONS(client, crm_client, emit_client)

const struct entity client_entity = {
	.noun = N_("client"), .list_cmd = "crm client list", .cols = client_cols,
	.ncols = &client_ncols,
	.table_fields = table_fields, ENTITY_INIT(client),
};

/* ---- add and edit ---------------------------------------------------- */

struct client_opts {
	struct crm_client_input in;
	int kind, tier, status, stage;
	const char *value;
	bool every_seen;
	struct strlist traits, interests, tags, rm_traits, rm_interests, rm_tags;
};

#define CLIENT_OPTS_INIT { .kind = -1, .tier = -1, .status = -1, .stage = -1 }

static void client_opts_release(struct client_opts *o)
{
	strlist_release(&o->traits);
	strlist_release(&o->interests);
	strlist_release(&o->tags);
	strlist_release(&o->rm_traits);
	strlist_release(&o->rm_interests);
	strlist_release(&o->rm_tags);
}

/*
 * The input of add and edit from the parsed options; false after a usage
 * error. min_every is the least --contact-every (edit: 0 removes it).
 */
static bool client_input(struct client_opts *o, const char *const *usage, int64_t min_every)
{
	if (o->every_seen && (o->in.contact_every < min_every || o->in.contact_every > 3650)) {
		usage_error(usage, "invalid value '%lld' for --contact-every: expected %lld to 3650 days",
			    (long long)o->in.contact_every, (long long)min_every);
		return false;
	}
	if (!o->every_seen) {
		o->in.contact_every = -1;
	}
	if (o->value) {
		if (!arg_money(usage, "--value", o->value, &o->in.value)) {
			return false;
		}
		o->in.has_value = true;
	}
	o->in.kind = kw_name(kinds, o->kind);
	o->in.tier = kw_name(tiers, o->tier);
	o->in.status = kw_name(statuses, o->status);
	o->in.stage = kw_name(stages, o->stage);
	o->in.traits = list_edit(&o->traits, &o->rm_traits);
	o->in.interests = list_edit(&o->interests, &o->rm_interests);
	o->in.tags = list_edit(&o->tags, &o->rm_tags);
	return true;
}

/* The options add and edit share; the list ends the table. */
#define CLIENT_OPTS(o)                                                                  \
	OPT_KW(0, "kind", &(o).kind, kinds, "a company or a private person (add: company)"), \
	OPT_STR(0, "segment", &(o).in.segment, "<segment>",                             \
		"the market segment (edit: '' removes it)"),                             \
	OPT_STR(0, "source", &(o).in.source, "<source>",                                \
		"the channel the client came from (edit: '' removes it)"),               \
	OPT_KW(0, "tier", &(o).tier, tiers, "service tier (add: regular)"),             \
	OPT_KW(0, "status", &(o).status, statuses, "status (add: prospect)"),           \
	OPT_KW(0, "stage", &(o).stage, stages, "lifecycle stage (add: courtship)"),     \
	OPT_STR(0, "owner", &(o).in.owner, "<manager>",                                 \
		"the owning manager ('' none; add: you, if a manager)"),                \
	{ OPT_T_INT, 0, "contact-every", &(o).in.contact_every, "<days>",               \
	  N_("how often the client wants to hear from us (edit: 0 removes it)"), NULL,       \
	  &(o).every_seen, NULL },                                                            \
	OPT_STR(0, "value", &(o).value, "<amount>", "the value of the relationship"),   \
	OPT_STR(0, "note", &(o).in.note, "<text>", "a free note (edit: '' removes it)")

/* Warns when another client has the same name: allowed, but worth knowing. */
static void warn_namesake(struct crm_ctx *ctx, const char *name, int64_t except)
{
	int64_t other = crm_client_namesake(ctx->db, name, except);

	if (other) {
		warning("another client is named '%s' (id %lld)", name, (long long)other);
	}
}

int cmd_client_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client add [--kind company|person] [--segment <segment>] [--source <source>] "
		"[--tier vip|key|regular] [--status prospect|active|regular|lost|farewell] "
		"[--stage courtship|sale|honeymoon|storm|normalization|support] "
		"[--owner <manager>] [--contact-every <days>] [--value <amount>] "
		"[--trait <trait>]... [--interest <interest>]... [--tag <tag>]... "
		"[--note <text>] <name>",
		NULL,
	};
	struct client_opts o = CLIENT_OPTS_INIT;
	const struct opt opts[] = {
		CLIENT_OPTS(o),
		OPT_LIST(0, "trait", &o.traits, "<trait>", "a trait of character: reserved"),
		OPT_LIST(0, "interest", &o.interests, "<interest>", "an interest: chess"),
		OPT_LIST(0, "tag", &o.tags, "<tag>", "a tag"),
		OPT_END,
	};
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		client_opts_release(&o);
		return code;
	}
	if (!client_input(&o, usage, 1)) {
		client_opts_release(&o);
		return EXIT_USAGE;
	}
	o.in.name = argv[0];
	st = crm_client_add(ctx->db, &o.in, &id);
	client_opts_release(&o);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	warn_namesake(ctx, argv[0], id);
	code = hook_entity(ctx, "client-add", &client_entity, id, NULL);
	if (code) {
		return code;
	}
	return entity_after(ctx, &client_entity, id, true, NULL, NULL);
}

int cmd_client_edit(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client edit [--name <name>] [--kind company|person] [--segment <segment>] "
		"[--source <source>] "
		"[--tier vip|key|regular] [--status prospect|active|regular|lost|farewell] "
		"[--stage courtship|sale|honeymoon|storm|normalization|support] "
		"[--owner <manager>] [--contact-every <days>] [--value <amount>] "
		"[--add-trait <trait>]... [--remove-trait <trait>]... "
		"[--add-interest <interest>]... [--remove-interest <interest>]... "
		"[--add-tag <tag>]... [--remove-tag <tag>]... [--note <text>] "
		"[--[no-]monopolized] <client>",
		NULL,
	};
	struct client_opts o = CLIENT_OPTS_INIT;
	bool mono = false, mono_seen = false, mono_changed = false;
	const struct opt opts[] = {
		OPT_STR(0, "name", &o.in.name, "<name>", "a new name"),
		CLIENT_OPTS(o),
		OPT_LIST(0, "add-trait", &o.traits, "<trait>", "add a trait (also --trait)"),
		OPT_LIST(0, "trait", &o.traits, "<trait>", "add a trait"),
		OPT_LIST(0, "remove-trait", &o.rm_traits, "<trait>", "remove a trait"),
		OPT_LIST(0, "add-interest", &o.interests, "<interest>",
			 "add an interest (also --interest)"),
		OPT_LIST(0, "interest", &o.interests, "<interest>", "add an interest"),
		OPT_LIST(0, "remove-interest", &o.rm_interests, "<interest>", "remove an interest"),
		OPT_LIST(0, "add-tag", &o.tags, "<tag>", "add a tag (also --tag)"),
		OPT_LIST(0, "tag", &o.tags, "<tag>", "add a tag"),
		OPT_LIST(0, "remove-tag", &o.rm_tags, "<tag>", "remove a tag"),
		/* the VIP programme gives a monopolised client to someone else */
		{ OPT_T_FLAG, 0, "monopolized", &mono, NULL,
		  N_("the owner keeps colleagues away from the client (a head only)"), NULL, &mono_seen, NULL },
		OPT_END,
	};
	int64_t id;
	bool changed = false;
	char *before;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		client_opts_release(&o);
		return code;
	}
	if (!client_input(&o, usage, 0)) {
		client_opts_release(&o);
		return EXIT_USAGE;
	}
	code = ref_client(ctx, argv[0], &id);
	if (code) {
		client_opts_release(&o);
		return code;
	}
	before = hook_entity_json(ctx, "client-edit", &client_entity, id);
	st = crm_client_edit_changed(ctx->db, id, &o.in, &changed);
	if (st == CRM_OK && mono_seen) {
		st = crm_client_set_monopolized(ctx->db, id, mono, &mono_changed);
	}
	if (st == CRM_OK && changed && o.in.name) {
		warn_namesake(ctx, o.in.name, id);
	}
	client_opts_release(&o);
	if (st != CRM_OK) {
		free(before);
		return report(ctx, st);
	}
	changed = changed || mono_changed;
	if (!changed) {
		info(ctx, "nothing to change");
	}
	code = changed ? hook_entity(ctx, "client-edit", &client_entity, id, before) : 0;
	free(before);
	if (code) {
		return code;
	}
	return entity_after(ctx, &client_entity, id, false, NULL, NULL);
}

/* ---- list ------------------------------------------------------------ */

/* --mine: the manager who runs the command; exit 3 when not a manager. */
static int me(struct crm_ctx *ctx, int64_t *id)
{
	*id = crm_manager_self(ctx->db);
	if (*id) {
		return 0;
	}
	error("--mine: '%s' is not a manager", crm_db_actor(ctx->db));
	hint("act as a manager with --as <name> or CRM_USER, or add yourself with "
	     "'crm manager add'");
	return EXIT_NOTFOUND;
}

int cmd_client_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client list [--owner <manager> | --mine] [--tier vip|key|regular] "
		"[--status prospect|active|regular|lost|farewell] "
		"[--stage courtship|sale|honeymoon|storm|normalization|support] "
		"[--segment <segment>] [--source <source>] [--tag <tag>] "
		"[--sort name|last-contact|value|created] "
		"[--limit <n>]",
		NULL,
	};
	struct crm_client_filter f = { 0 };
	const char *owner = NULL;
	bool mine = false;
	int tier = -1, status = -1, stage = -1, sort = CRM_SORT_NAME;
	const struct opt opts[] = {
		OPT_STR(0, "owner", &owner, "<manager>", "clients of this manager"),
		OPT_FLAG(0, "mine", &mine, "my clients"),
		OPT_KW(0, "tier", &tier, tiers, "clients of this tier"),
		OPT_KW(0, "status", &status, statuses, "clients with this status"),
		OPT_KW(0, "stage", &stage, stages, "clients at this stage"),
		OPT_STR(0, "segment", &f.segment, "<segment>", "clients of this segment"),
		OPT_STR(0, "source", &f.source, "<source>", "clients who came from this source"),
		OPT_STR(0, "tag", &f.tag, "<tag>", "clients with this tag"),
		OPT_KW(0, "sort", &sort, sorts, "order: name (the default), last-contact (the"
						" longest without contact first), value, created"),
		OPT_INT(0, "limit", &f.limit, "<n>", "at most n clients"),
		OPT_END,
	};
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	if (owner && mine) {
		return usage_error(usage, "--owner and --mine exclude each other");
	}
	if (f.limit < 0) {
		return usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)f.limit);
	}
	f.tier = kw_name(tiers, tier);
	f.status = kw_name(statuses, status);
	f.stage = kw_name(stages, stage);
	f.sort = (enum crm_client_sort)sort;
	if (owner) {
		code = ref_manager(ctx, owner, &f.owner_id);
	} else if (mine) {
		code = me(ctx, &f.owner_id);
	}
	if (code) {
		return code;
	}
	return entity_list(ctx, &client_entity, &f, 0);
}

/* ---- show ------------------------------------------------------------ */

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

/* "2026-11-22 10:00" (UTC) into buf, or NULL for 0. */
static const char *time_text(int64_t t, char *buf, size_t n)
{
	return t ? crm_local_format(t, buf, n) : NULL;
}

static const char *date_text(int64_t t, char *buf, size_t n)
{
	return t ? crm_date_format(t, buf, n) : NULL;
}

/* One "field value" line; absent values show as "-". */
static void kv(struct emitter *e, const char *field, const char *value)
{
	emit_begin(e);
	emit_str(e, field);
	emit_str(e, value ? value : "-");
	emit_end(e);
}

/* The identity section: one line per field. */
/* When the repeat order passed the first dangerous stage, and what the
 * timeline says of it (malloc'd); *at 0 and NULL when not yet. */
static crm_status repeat_order(struct crm_db *db, int64_t id, int64_t *at, char **text)
{
	struct crm_log_filter f = { .client_id = id, .kind = "milestone" };
	const struct crm_log_entry *row;
	struct crm_log_iter *it;
	crm_status st = crm_log_query(db, &f, &it);

	*at = 0;
	*text = NULL;
	while (st == CRM_OK && (st = crm_log_iter_next(it, &row)) == CRM_OK) {
		if (strcmp(row->event, "repeat-order") == 0 && row->text) {
			*at = row->at;
			*text = strdup(row->text);
			st = *text ? CRM_DONE : CRM_ENOMEM;
			break;
		}
	}
	crm_log_iter_destroy(it);
	return st == CRM_DONE ? CRM_OK : st;
}

/* s after prefix, or NULL when s does not start with it */
static const char *after_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

static int show_identity(struct crm_ctx *ctx, const struct crm_client *c)
{
	static const struct emit_col cols[] = {
		{ "field", N_("FIELD"), EMIT_STR },
		{ "value", N_("VALUE"), EMIT_STR },
	};
	char err[256], buf[64], d1[32], d2[32];
	char *tags = list_text(c->tags), *traits = list_text(c->traits);
	char *interests = list_text(c->interests), *repeat = NULL, *line = NULL;
	int64_t repeat_at = 0;
	crm_status st = repeat_order(ctx->db, c->id, &repeat_at, &repeat);
	struct emitter *e = st == CRM_OK ? emit_create(EMIT_FMT_TABLE, stdout, cols,
							ARRAY_SIZE(cols), NULL, EMIT_NO_HEADER,
							err, sizeof(err))
					 : NULL;
	int code = EXIT_FAIL;

	if (st != CRM_OK) {
		code = report(ctx, st);
	} else if (e) {
		printf("%s\n", _("Client"));
		snprintf(buf, sizeof(buf), "%lld", (long long)c->id);
		kv(e, _("id"), buf);
		kv(e, _("name"), c->name);
		kv(e, _("kind"), c->kind);
		kv(e, _("tier"), c->tier);
		kv(e, _("status"), c->status);
		/* TRANSLATORS: the stage of a client since a date: "storm since 2026-11-22" */
		snprintf(buf, sizeof(buf), _("%s since %s"), c->stage,
			 crm_date_format(c->stage_since, d1, sizeof(d1)));
		kv(e, _("stage"), buf);
		kv(e, _("owner"), c->owner);
		snprintf(buf, sizeof(buf), P_("%lld day", "%lld days", c->contact_every),
			 (long long)c->contact_every);
		kv(e, _("contact every"), c->contact_every ? buf : NULL);
		kv(e, _("value"), c->has_value ? crm_money_format(c->value, d1, sizeof(d1)) : NULL);
		kv(e, _("segment"), c->segment);
		kv(e, _("source"), c->source);
		kv(e, _("tags"), tags);
		kv(e, _("traits"), traits);
		kv(e, _("interests"), interests);
		kv(e, _("note"), c->note);
		kv(e, _("last contact"), time_text(c->last_contact, d1, sizeof(d1)));
		kv(e, _("next due"), date_text(c->next_due, d2, sizeof(d2)));
		if (repeat) {
			/* "2026-11-22: the first dangerous stage has passed (...)" */
			const char *says = after_prefix(repeat, "repeat order: ");

			says = says ? says : after_prefix(repeat, "повторный заказ: ");
			says = says ? says : repeat;
			size_t n = strlen(says) + 16;

			line = malloc(n);
			if (line) {
				snprintf(line, n, "%s: %s",
					 crm_date_format(repeat_at, d2, sizeof(d2)), says);
			}
		}
		kv(e, _("repeat order"), line);
		kv(e, _("created"), time_text(c->created, d1, sizeof(d1)));
		code = ctx_emit_done(ctx, e);
	} else {
		error("%s", err);
	}
	free(tags);
	free(traits);
	free(interests);
	free(repeat);
	free(line);
	return code;
}

/*
 * A section of the sheet: a heading, then the rows as a table of the
 * given fields (all of them if another engineer renamed one), or "none".
 */
struct section {
	struct emitter *e;
	const char *title;
};

static bool section_begin(struct crm_ctx *ctx, struct section *s, const char *title,
			  const struct emit_col *cols, size_t ncols, const char *fields)
{
	char err[512];

	s->title = title;
	s->e = emit_create(EMIT_FMT_TABLE, stdout, cols, ncols, fields,
			   ctx->color ? EMIT_COLOR : 0, err, sizeof(err));
	if (!s->e) {
		s->e = emit_create(EMIT_FMT_TABLE, stdout, cols, ncols, NULL,
				   ctx->color ? EMIT_COLOR : 0, err, sizeof(err));
	}
	if (!s->e) {
		error("%s", err);
		return false;
	}
	printf("\n%s\n", _(title));
	return true;
}

static int section_end(struct crm_ctx *ctx, struct section *s, crm_status st)
{
	if (st != CRM_DONE) {
		emit_destroy(s->e);
		return report(ctx, st);
	}
	if (emit_count(s->e) == 0) {
		printf("%s\n", _("none"));
	}
	return ctx_emit_done(ctx, s->e);
}

static int show_sections(struct crm_ctx *ctx, const struct crm_client *c, bool all)
{
	struct section s;
	int code = show_identity(ctx, c);

	for (size_t p = 0; p < SHEET_NPARTS && code == 0; p++) {
		const struct sheet_part *part = &sheet_parts[p];

		if (!section_begin(ctx, &s, part->title, part->cols, *part->ncols,
				   part->table_fields)) {
			return EXIT_FAIL;
		}
		code = section_end(ctx, &s, sheet_rows(ctx->db, c->id, (enum sheet_part_id)p,
							all ? SHEET_ALL_INTERACTIONS : 0, s.e));
	}
	return code;
}

/* The whole sheet as one JSON object (json, ndjson, or a table with --fields). */
static int show_json(struct crm_ctx *ctx, const struct crm_client *c, bool all)
{
	struct sheet_opts o = {
		.flags = SHEET_CLOSED_AFTER | (all ? SHEET_ALL_INTERACTIONS : 0),
		.nparts = SHEET_NPARTS,
	};
	struct emitter *e = ctx_emitter(ctx, show_cols, ARRAY_SIZE(show_cols),
					ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	char *repeat = NULL;
	int64_t repeat_at = 0;
	crm_status st;

	if (!e) {
		return EXIT_USAGE;
	}
	st = repeat_order(ctx->db, c->id, &repeat_at, &repeat);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	emit_begin(e);
	client_values(e, c);
	emit_date_or_null(e, repeat_at);
	emit_str(e, repeat);
	free(repeat);
	st = sheet_lists(ctx->db, c->id, &o, e);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

int cmd_client_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm client show [--all] <client>", NULL };
	bool all = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "all", &all, "every interaction, not only the latest 20"),
		OPT_END,
	};
	struct crm_client_filter f = { 0 };
	const struct crm_client *c;
	struct crm_client_iter *it;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	code = ref_client(ctx, argv[0], &f.id);
	if (code) {
		return code;
	}
	if (ctx->format == EMIT_FMT_CSV || ctx->format == EMIT_FMT_TSV) {
		/* flat formats: the client's own fields, one row */
		return entity_list(ctx, &client_entity, &f, 0);
	}
	st = crm_client_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	st = crm_client_iter_next(it, &c);
	if (st != CRM_OK) {
		code = report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	} else if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		code = show_sections(ctx, c, all);
	} else {
		code = show_json(ctx, c, all);
	}
	crm_client_iter_destroy(it);
	return code;
}

/* ---- find ------------------------------------------------------------ */

int cmd_client_find(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm client find [--limit <n>] <text>...", NULL };
	static const struct emit_col cols[] = {
		{ "client_id", N_("CLIENT_ID"), EMIT_INT }, { "client", N_("CLIENT"), EMIT_STR },
		{ "source", N_("SOURCE"), EMIT_STR },       { "ref_id", N_("REF_ID"), EMIT_INT },
		{ "snippet", N_("SNIPPET"), EMIT_STR },
	};
	int64_t limit = 50;
	const struct opt opts[] = {
		OPT_INT(0, "limit", &limit, "<n>", "at most n hits (default 50, 0: all)"),
		OPT_END,
	};
	const struct crm_find_hit *h;
	struct crm_find_iter *it;
	struct emitter *e;
	char *text;
	size_t len = 1;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, -1, &code)) {
		return code;
	}
	if (limit < 0) {
		return usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)limit);
	}
	/* the words may come as one argument or several */
	for (int i = 0; i < argc; i++) {
		len += strlen(argv[i]) + 1;
	}
	text = malloc(len);
	if (!text) {
		error("out of memory");
		return EXIT_FAIL;
	}
	for (int i = 0, used = 0; i < argc; i++) {
		used += snprintf(text + used, len - (size_t)used, "%s%s", i ? " " : "", argv[i]);
	}
	st = crm_client_find(ctx->db, text, limit, &it);
	free(text);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	if (!e) {
		crm_find_iter_destroy(it);
		return EXIT_USAGE;
	}
	while ((st = crm_find_iter_next(it, &h)) == CRM_OK) {
		emit_begin(e);
		emit_int(e, h->client_id);
		emit_str(e, h->client);
		emit_str(e, h->source);
		emit_int(e, h->ref_id);
		emit_str(e, h->snippet);
		emit_end(e);
	}
	crm_find_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}
