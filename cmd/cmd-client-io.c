/*
 * cmd-client-io.c: crm client import and crm client export.
 *
 * Export writes each client as one JSON object in the shape of
 * `crm client show --format json` (the shared row emitters of each entity)
 * with every interaction, or one CSV row of the flat fields and the first
 * key contact. Keys that name other rows by their local id (owner_id,
 * assignee_id, client_id) and the repeated client name are left out: ids
 * of managers differ from base to base, and import finds managers by uuid
 * or name. Client and nested ids stay: import keeps the ids a base never
 * gave, so export -> import into a fresh base -> export gives the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
#include "banned.h"

/* ---- import ------------------------------------------------------------ */

enum { FROM_AUTO = -1, FROM_NDJSON = CRM_IMPORT_NDJSON, FROM_CSV = CRM_IMPORT_CSV };

struct progress {
	bool shown;
};

static void show_progress(void *data, const char *what, int64_t done, int64_t total)
{
	struct progress *p = data;

	(void)what;
	(void)total;
	fputc('\r', stderr);
	fprintf(stderr, _("importing: %lld clients"), (long long)done);
	fflush(stderr);
	p->shown = true;
}

static bool ends_with_csv(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

static void import_summary(const struct crm_ctx *ctx, const struct crm_import_stats *s,
			   bool dry)
{
	char head[160];

	if (dry) {
		snprintf(head, sizeof(head), P_("dry run, nothing written: would import %lld client",
						"dry run, nothing written: would import %lld clients",
						s->records),
			 (long long)s->records);
	} else {
		snprintf(head, sizeof(head), P_("imported %lld client", "imported %lld clients",
						s->records),
			 (long long)s->records);
	}
	info(ctx,
	     "%s: %lld added, %lld updated (%lld contacts, %lld interactions, "
	     "%lld promises, %lld incidents, %lld next actions, %lld new managers)", head,
	     (long long)s->added, (long long)s->updated, (long long)s->contacts,
	     (long long)s->interactions, (long long)s->promises, (long long)s->incidents,
	     (long long)s->next_actions, (long long)s->managers);
}

int cmd_client_import(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client import [--from (ndjson | csv)] [--update] [--dry-run] [<file> | -]",
		NULL,
	};
	static const struct kw froms[] = { { "ndjson", FROM_NDJSON }, { "csv", FROM_CSV }, { 0 } };
	int from = FROM_AUTO, code;
	bool update = false, dry = false;
	const struct opt opts[] = {
		OPT_KW(0, "from", &from, froms,
		       "input format (default: csv for a .csv file, else ndjson)"),
		OPT_FLAG(0, "update", &update, "merge records into the clients of the same uuid"),
		OPT_FLAG('n', "dry-run", &dry, "check and count everything, write nothing"),
		OPT_END,
	};
	struct crm_import_stats stats;
	struct progress prog = { false };
	const char *path;
	FILE *in;
	crm_status st;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	path = argc > 0 && strcmp(argv[0], "-") != 0 ? argv[0] : NULL;
	if (from == FROM_AUTO) {
		from = path && ends_with_csv(path) ? FROM_CSV : FROM_NDJSON;
	}
	if (path) {
		code = textin_open(NULL, path, &in);
		if (code) {
			return code;
		}
	} else {
		in = stdin;
		if (ctx->stdin_tty) {
			info(ctx, "reading %s from the terminal; end with Ctrl-D",
			     from == FROM_CSV ? "CSV" : "NDJSON");
		}
	}
	if (ctx->stderr_tty && !ctx->quiet) {
		crm_db_set_notify(ctx->db, show_progress, &prog);
	}
	st = crm_import(ctx->db, in, (enum crm_import_format)from, update ? CRM_IMPORT_UPDATE : 0,
			&stats);
	crm_db_set_notify(ctx->db, NULL, NULL);
	if (prog.shown) {
		fputc('\n', stderr);
	}
	textin_close(in);
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EEXIST) {
			hint("--update merges a record into the client of the same uuid");
		}
		info(ctx, "nothing was imported");
		return code;
	}
	ctx->dry_run = dry;
	import_summary(ctx, &stats, dry);
	return 0;
}

/* ---- export: JSON -------------------------------------------------------- */

/* Keys left out of the export (see the top of this file). */
static bool dropped(const char *key)
{
	static const char *const keys[] = { "owner_id", "assignee_id", "client_id", "client" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (strcmp(key, keys[i]) == 0) {
			return true;
		}
	}
	return false;
}

static bool has_key(const struct emit_col *cols, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cols[i].key, key) == 0) {
			return true;
		}
	}
	return false;
}

/* The --fields list of cols minus the dropped keys (malloc'd), or NULL for all. */
static char *kept_fields(const struct emit_col *cols, size_t n, bool *oom)
{
	size_t len = 1, used = 0;
	bool drop = false;
	char *out;

	*oom = false;
	for (size_t i = 0; i < n; i++) {
		len += strlen(cols[i].key) + 1;
		drop = drop || dropped(cols[i].key);
	}
	if (!drop) {
		return NULL;
	}
	out = malloc(len);
	if (!out) {
		*oom = true;
		return NULL;
	}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!dropped(cols[i].key)) {
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "," : "",
						 cols[i].key);
		}
	}
	return out;
}

/* A manager's uuid by id, for owner_uuid. */
struct manager_uuid {
	int64_t id;
	char uuid[40];
};

/* The export's columns: each entity's, less the dropped keys. */
struct exporter {
	struct crm_ctx *ctx;
	char *client_fields;
	struct sheet_opts sheet;   /* every record of each list but handovers */
	bool owner_uuid;           /* client_cols lacks owner_uuid: add it */
	struct manager_uuid *managers; /* every manager, by id */
	size_t nmanagers;
};

static int by_id(const void *a, const void *b)
{
	const struct manager_uuid *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Reads every manager's uuid once: a base has few managers, and many
 * clients each. */
static crm_status load_managers(struct exporter *x)
{
	const struct crm_manager *m;
	struct crm_manager_iter *it;
	size_t cap = 0;
	crm_status st = crm_manager_query(x->ctx->db, 0, &it);

	while (st == CRM_OK && (st = crm_manager_iter_next(it, &m)) == CRM_OK) {
		if (x->nmanagers == cap) {
			struct manager_uuid *grown;

			cap = cap ? cap * 2 : 64;
			grown = realloc(x->managers, cap * sizeof(*grown));
			if (!grown) {
				st = CRM_ENOMEM;
				break;
			}
			x->managers = grown;
		}
		x->managers[x->nmanagers].id = m->id;
		snprintf(x->managers[x->nmanagers].uuid, sizeof(x->managers->uuid), "%s",
			 m->uuid ? m->uuid : "");
		x->nmanagers++;
	}
	crm_manager_iter_destroy(it);
	if (x->nmanagers > 0) {
		qsort(x->managers, x->nmanagers, sizeof(*x->managers), by_id);
	}
	return st == CRM_DONE ? CRM_OK : st;
}

static const char *owner_uuid(const struct exporter *x, int64_t owner_id)
{
	struct manager_uuid key = { .id = owner_id };
	const struct manager_uuid *m =
		x->nmanagers ? bsearch(&key, x->managers, x->nmanagers, sizeof(key), by_id) : NULL;

	return m && m->uuid[0] ? m->uuid : NULL;
}

/* One client's sheet as the current row of e, whose columns are client_cols. */
static crm_status put_client(struct exporter *x, struct emitter *e, const struct crm_client *c)
{
	crm_status st;

	emit_begin(e);
	client_values(e, c);
	if (x->owner_uuid) {
		emit_key(e, "owner_uuid", EMIT_STR);
		emit_str(e, c->owner_id ? owner_uuid(x, c->owner_id) : NULL);
	}
	st = sheet_lists(x->ctx->db, c->id, &x->sheet, e);
	if (st != CRM_DONE) {
		return st;
	}
	emit_end(e);
	return CRM_OK;
}

static crm_status exporter_init(struct exporter *x, struct crm_ctx *ctx)
{
	bool oom = false;

	memset(x, 0, sizeof(*x));
	x->ctx = ctx;
	x->owner_uuid = !has_key(client_cols, client_ncols, "owner_uuid");
	x->sheet.flags = SHEET_EVERY;
	x->sheet.keyed = true;
	x->sheet.nparts = SHEET_HANDOVERS; /* the lists before the handovers */
	x->client_fields = kept_fields(client_cols, client_ncols, &oom);
	for (size_t p = 0; p < x->sheet.nparts && !oom; p++) {
		x->sheet.fields[p] = kept_fields(sheet_parts[p].cols, *sheet_parts[p].ncols, &oom);
	}
	return oom ? CRM_ENOMEM : x->owner_uuid ? load_managers(x) : CRM_OK;
}

static void exporter_release(struct exporter *x)
{
	free(x->client_fields);
	free(x->managers);
	x->managers = NULL;
	x->nmanagers = 0;
	for (size_t p = 0; p < SHEET_NPARTS; p++) {
		free((char *)x->sheet.fields[p]);
		x->sheet.fields[p] = NULL;
	}
	x->client_fields = NULL;
}

/* ---- export: CSV ------------------------------------------------------------ */

static const struct emit_col csv_cols[] = {
	{ "uuid", N_("UUID"), EMIT_STR },
	{ "name", N_("NAME"), EMIT_STR },
	{ "kind", N_("KIND"), EMIT_STR },
	{ "segment", N_("SEGMENT"), EMIT_STR },
	{ "tier", N_("TIER"), EMIT_STR },
	{ "status", N_("STATUS"), EMIT_STR },
	{ "stage", N_("STAGE"), EMIT_STR },
	{ "owner", N_("OWNER"), EMIT_STR },
	{ "contact_every", N_("CONTACT_EVERY"), EMIT_INT },
	{ "value", N_("VALUE"), EMIT_MONEY },
	{ "tags", N_("TAGS"), EMIT_LIST },
	{ "note", N_("NOTE"), EMIT_STR },
	{ "contact_name", N_("CONTACT_NAME"), EMIT_STR },
	{ "contact_role", N_("CONTACT_ROLE"), EMIT_STR },
	{ "contact_phone", N_("CONTACT_PHONE"), EMIT_STR },
	{ "contact_email", N_("CONTACT_EMAIL"), EMIT_STR },
	{ "source", N_("SOURCE"), EMIT_STR },
};

static void emit_opt_str(struct emitter *e, const char *s)
{
	if (s) {
		emit_str(e, s);
	} else {
		emit_null(e);
	}
}

static crm_status put_csv_row(struct crm_ctx *ctx, struct emitter *e, const struct crm_client *c)
{
	struct crm_contact_filter f = { .client_id = c->id, .key_only = true };
	const struct crm_contact *k;
	struct crm_contact_iter *it;
	char *kname = NULL, *krole = NULL, *kphone = NULL, *kemail = NULL;
	int64_t kid = 0;
	crm_status st;

	st = crm_contact_query(ctx->db, &f, &it);
	while (st == CRM_OK && (st = crm_contact_iter_next(it, &k)) == CRM_OK) {
		if (kid == 0 || k->id < kid) {
			kid = k->id;
			free(kname);
			free(krole);
			free(kphone);
			free(kemail);
			kname = k->name ? strdup(k->name) : NULL;
			krole = k->role ? strdup(k->role) : NULL;
			kphone = k->phone ? strdup(k->phone) : NULL;
			kemail = k->email ? strdup(k->email) : NULL;
		}
	}
	crm_contact_iter_destroy(it);
	if (st == CRM_DONE) {
		st = CRM_OK;
		emit_begin(e);
		emit_str(e, c->uuid);
		emit_str(e, c->name);
		emit_str(e, c->kind);
		emit_opt_str(e, c->segment);
		emit_str(e, c->tier);
		emit_str(e, c->status);
		emit_str(e, c->stage);
		emit_opt_str(e, c->owner);
		if (c->contact_every > 0) {
			emit_int(e, c->contact_every);
		} else {
			emit_null(e);
		}
		if (c->has_value) {
			emit_money(e, c->value);
		} else {
			emit_null(e);
		}
		/* no tags: an empty field, as before lists were escaped */
		if (c->tags && strcmp(c->tags, "[]") != 0) {
			emit_json(e, c->tags);
		} else {
			emit_null(e);
		}
		emit_opt_str(e, c->note);
		emit_opt_str(e, kname);
		emit_opt_str(e, krole);
		emit_opt_str(e, kphone);
		emit_opt_str(e, kemail);
		emit_opt_str(e, c->source);
		emit_end(e);
	}
	free(kname);
	free(krole);
	free(kphone);
	free(kemail);
	return st;
}

/* ---- export ---------------------------------------------------------------- */

enum { OUT_NDJSON, OUT_JSON, OUT_CSV };

struct out {
	struct crm_ctx *ctx;
	int fmt;
	struct exporter x;
	struct emitter *e;  /* csv_cols, or client_cols with the sheet's lists */
};

static crm_status export_one(struct out *o, int64_t id)
{
	struct crm_client_filter f = { .id = id };
	const struct crm_client *c;
	struct crm_client_iter *it;
	crm_status st = crm_client_query(o->ctx->db, &f, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_client_iter_next(it, &c);
	if (st == CRM_OK) {
		st = o->fmt == OUT_CSV ? put_csv_row(o->ctx, o->e, c) : put_client(&o->x, o->e, c);
	} else if (st == CRM_DONE) {
		st = CRM_OK; /* removed meanwhile */
	}
	crm_client_iter_destroy(it);
	return st;
}

/*
 * --subject: everything held about one client, for an access or
 * portability request, as one JSON document: who and when, the sheet as
 * the export writes it (every contact, interaction, promise, incident and
 * next action) and every journal entry about the client.
 */
static const struct emit_col subject_cols[] = {
	{ "subject", N_("SUBJECT"), EMIT_MAP },
	{ "exported", N_("EXPORTED"), EMIT_TIME },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "sheet", N_("SHEET"), EMIT_MAP },
	{ "journal", N_("JOURNAL"), EMIT_JSON },
};

static const struct emit_col who_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "uuid", N_("UUID"), EMIT_STR },
	{ "name", N_("NAME"), EMIT_STR },
};

static crm_status export_subject(struct out *o, int64_t id)
{
	struct crm_db *db = o->ctx->db;
	struct crm_client_filter f = { .id = id };
	const struct crm_client *c;
	struct crm_client_iter *it;
	struct emitter *sub;
	char *journal = NULL;
	crm_status st = crm_client_query(db, &f, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_client_iter_next(it, &c);
	if (st == CRM_OK) {
		st = crm_subject_journal(db, id, &journal);
	}
	if (st == CRM_OK) {
		emit_begin(o->e);
		sub = emit_begin_map(o->e, who_cols, ARRAY_SIZE(who_cols), NULL);
		emit_begin(sub);
		emit_int(sub, c->id);
		emit_str(sub, c->uuid);
		emit_str(sub, c->name);
		emit_end(sub);
		emit_end_map(o->e);
		emit_date(o->e, crm_db_now(db));
		emit_str(o->e, crm_db_actor(db));
		sub = emit_begin_map(o->e, client_cols, client_ncols, o->x.client_fields);
		st = put_client(&o->x, sub, c);
		emit_end_map(o->e);
		emit_json(o->e, journal);
		emit_end(o->e);
	}
	free(journal);
	crm_client_iter_destroy(it);
	return st;
}

static int export_format(struct crm_ctx *ctx, int local, const char *const *usage)
{
	if (local >= 0) {
		return local;
	}
	if (!ctx->format_set) {
		return OUT_NDJSON;
	}
	switch (ctx->format) {
	case EMIT_FMT_NDJSON:
		return OUT_NDJSON;
	case EMIT_FMT_JSON:
		return OUT_JSON;
	case EMIT_FMT_CSV:
		return OUT_CSV;
	default:
		usage_error(usage, "an export is written as ndjson, json or csv");
		return -1;
	}
}

/* The ids to export: those named, in order; NULL with n 0 for every client. */
static int export_ids(struct crm_ctx *ctx, int argc, char **argv, int64_t **ids)
{
	int code;

	*ids = NULL;
	if (argc == 0) {
		return 0;
	}
	*ids = calloc((size_t)argc, sizeof(**ids));
	if (!*ids) {
		error("out of memory");
		return EXIT_FAIL;
	}
	for (int i = 0; i < argc; i++) {
		code = ref_client(ctx, argv[i], &(*ids)[i]);
		if (code != 0) {
			free(*ids);
			*ids = NULL;
			return code;
		}
	}
	return 0;
}

static crm_status export_all(struct out *o)
{
	struct crm_id_iter *it;
	int64_t id;
	crm_status st = crm_client_ids(o->ctx->db, &it);

	while (st == CRM_OK && (st = crm_id_iter_next(it, &id)) == CRM_OK) {
		st = export_one(o, id);
		if (st == CRM_OK && ferror(stdout)) {
			st = CRM_DONE; /* the reader went away: main reports it */
		}
	}
	crm_id_iter_destroy(it);
	return st == CRM_DONE ? CRM_OK : st;
}

/* The emitter of the export's format into o->e; returns the exit code. */
static int export_emitter(struct out *o, bool subject, const char *const *usage)
{
	static const enum emit_format fmts[] = {
		[OUT_NDJSON] = EMIT_FMT_NDJSON, [OUT_JSON] = EMIT_FMT_JSON, [OUT_CSV] = EMIT_FMT_CSV,
	};
	crm_status st = o->fmt != OUT_CSV ? exporter_init(&o->x, o->ctx) : CRM_OK;
	char err[512];

	if (st != CRM_OK) {
		return report(o->ctx, st);
	}
	if (subject) {
		o->e = emit_create(EMIT_FMT_JSON, stdout, subject_cols, ARRAY_SIZE(subject_cols),
				   NULL, EMIT_SINGLE, err, sizeof(err));
	} else if (o->fmt == OUT_CSV) {
		o->e = emit_create(EMIT_FMT_CSV, stdout, csv_cols, ARRAY_SIZE(csv_cols),
				   o->ctx->fields, 0, err, sizeof(err));
	} else {
		o->e = emit_create(fmts[o->fmt], stdout, client_cols, client_ncols,
				   o->x.client_fields, 0, err, sizeof(err));
	}
	return o->e ? 0 : usage_error(usage, "%s", err);
}

int cmd_client_export(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client export [--format (ndjson | json | csv)] [<client>...]",
		"crm client export --subject <client>",
		NULL,
	};
	static const struct kw formats[] = {
		{ "ndjson", OUT_NDJSON }, { "json", OUT_JSON }, { "csv", OUT_CSV }, { 0 },
	};
	int local = -1, code;
	bool subject = false;
	const struct opt opts[] = {
		OPT_KW(0, "format", &local, formats, "output format (default ndjson)"),
		OPT_FLAG(0, "subject", &subject,
			 "everything held about one client as one JSON document (an access "
			 "or portability request)"),
		OPT_END,
	};
	struct out o = { .ctx = ctx };
	int64_t *ids = NULL;
	crm_status st = CRM_OK;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, -1, &code)) {
		return code;
	}
	o.fmt = export_format(ctx, local, usage);
	if (o.fmt < 0) {
		return EXIT_USAGE;
	}
	if (ctx->fields && o.fmt != OUT_CSV) {
		return usage_error(usage, "--fields applies to a CSV export only: an NDJSON or JSON "
				   "export writes whole client sheets");
	}
	if (subject && (argc != 1 || o.fmt == OUT_CSV || ctx->fields)) {
		return usage_error(usage, "--subject exports one client, as JSON: give exactly one "
				   "client, and no --format csv or --fields");
	}
	code = export_ids(ctx, argc, argv, &ids);
	if (code != 0) {
		return code;
	}
	code = export_emitter(&o, subject, usage);
	if (code != 0) {
		exporter_release(&o.x);
		free(ids);
		return code;
	}
	if (subject) {
		st = export_subject(&o, ids[0]);
	} else if (ids) {
		for (int i = 0; i < argc && st == CRM_OK; i++) {
			st = export_one(&o, ids[i]);
		}
	} else {
		st = export_all(&o);
	}
	free(ids);
	exporter_release(&o.x);
	if (st != CRM_OK) {
		emit_destroy(o.e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, o.e);
}
