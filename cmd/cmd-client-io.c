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
	fprintf(stderr, "\rimporting: %lld clients", (long long)done);
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
	info(ctx,
	     "%s%lld client%s: %lld added, %lld updated (%lld contacts, %lld interactions, "
	     "%lld promises, %lld incidents, %lld next actions, %lld new managers)",
	     dry ? "dry run, nothing written: would import " : "imported ", (long long)s->records,
	     s->records == 1 ? "" : "s",
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
		in = fopen(path, "r");
		if (!in) {
			error("cannot open '%s': %s", path, strerror(errno));
			return EXIT_FAIL;
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
	if (in != stdin) {
		fclose(in);
	}
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EEXIST) {
			hint("--update merges a record into the client of the same uuid");
		}
		info(ctx, "nothing was imported");
		return code;
	}
	if (dry) {
		crm_tx_rollback(ctx->db);
		ctx->in_tx = false;
	}
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

/* One entity: its columns, the fields kept, and its row function. */
struct part {
	const struct emit_col *cols;
	size_t ncols;
	char *fields;
};

struct exporter {
	struct crm_ctx *ctx;
	struct part client, contact, inter, promise, incident, next;
	bool owner_uuid;          /* client_cols lacks owner_uuid: add it */
	struct {
		int64_t id;
		char uuid[40];
	} managers[64];           /* owner id -> uuid, for the few managers */
	size_t nmanagers;
	FILE *mem;                /* one memstream per object part */
	char *buf;
	size_t len;
};

static bool part_init(struct part *p, const struct emit_col *cols, size_t ncols)
{
	bool oom;

	p->cols = cols;
	p->ncols = ncols;
	p->fields = kept_fields(cols, ncols, &oom);
	return !oom;
}

static void part_release(struct part *p)
{
	free(p->fields);
	p->fields = NULL;
}

/* An emitter of ndjson rows into a fresh memstream. */
static struct emitter *mem_emitter(struct exporter *x, const struct part *p)
{
	char err[512];
	struct emitter *e;

	x->buf = NULL;
	x->len = 0;
	x->mem = open_memstream(&x->buf, &x->len);
	if (!x->mem) {
		return NULL;
	}
	e = emit_create(EMIT_FMT_NDJSON, x->mem, p->cols, p->ncols, p->fields, 0, err,
			sizeof(err));
	if (!e) {
		error("%s", err);
		fclose(x->mem);
		free(x->buf);
		x->buf = NULL;
	}
	return e;
}

/* Ends the emitter; the memstream text stays in x->buf (malloc'd). */
static bool mem_finish(struct exporter *x, struct emitter *e)
{
	int rc = emit_finish(e);

	emit_destroy(e);
	if (fclose(x->mem) != 0 || rc != 0 || !x->buf) {
		free(x->buf);
		x->buf = NULL;
		return false;
	}
	return true;
}

/*
 * A row function may or may not open and close the row itself: a row it
 * left open is closed here.
 */
#define EMIT_ROW(e, fn, row) \
	do { \
		size_t before_ = emit_count(e); \
		emit_begin(e); \
		fn((e), (row)); \
		if (emit_count(e) == before_) { \
			emit_end(e); \
		} \
	} while (0)

/* Appends the ndjson lines in x->buf to out as a JSON array. */
static void put_array(FILE *out, const char *key, const char *lines)
{
	bool first = true;

	fprintf(out, ",\"%s\":[", key);
	while (*lines) {
		const char *nl = strchr(lines, '\n');
		size_t n = nl ? (size_t)(nl - lines) : strlen(lines);

		if (n > 0) {
			if (!first) {
				putc(',', out);
			}
			fwrite(lines, 1, n, out);
			first = false;
		}
		lines += n + (nl != NULL);
	}
	putc(']', out);
}

static const char *owner_uuid(struct exporter *x, int64_t owner_id)
{
	const struct crm_manager *m;
	struct crm_manager_iter *it;
	const char *uuid = NULL;

	for (size_t i = 0; i < x->nmanagers; i++) {
		if (x->managers[i].id == owner_id) {
			return x->managers[i].uuid;
		}
	}
	if (crm_manager_query(x->ctx->db, owner_id, &it) != CRM_OK) {
		return NULL;
	}
	if (crm_manager_iter_next(it, &m) == CRM_OK && m->uuid) {
		size_t i = x->nmanagers < ARRAY_SIZE(x->managers) ? x->nmanagers++ : 0;

		x->managers[i].id = owner_id;
		snprintf(x->managers[i].uuid, sizeof(x->managers[i].uuid), "%s", m->uuid);
		uuid = x->managers[i].uuid;
	}
	crm_manager_iter_destroy(it);
	return uuid;
}

/* Drops the memstream of a failed part. */
static void mem_abort(struct exporter *x, struct emitter *e)
{
	emit_destroy(e);
	fclose(x->mem);
	free(x->buf);
	x->buf = NULL;
}

/*
 * nested_<name>(x, client id): the rows of one kind of the client as ndjson
 * lines in x->buf (malloc'd), through that entity's query and row function.
 */
#define DEFINE_NESTED(name, part_, filter_t, extra, query, iter_t, row_t, next_fn, destroy_fn, \
		      emit_fn) \
	static crm_status nested_##name(struct exporter *x, int64_t id) \
	{ \
		struct filter_t f = { 0 }; \
		struct emitter *e = mem_emitter(x, &x->part_); \
		struct iter_t *it = NULL; \
		const struct row_t *r; \
		crm_status s; \
\
		f.client_id = id; \
		extra; \
		if (!e) { \
			return CRM_ENOMEM; \
		} \
		s = query(x->ctx->db, &f, &it); \
		while (s == CRM_OK && (s = next_fn(it, &r)) == CRM_OK) { \
			EMIT_ROW(e, emit_fn, r); \
		} \
		destroy_fn(it); \
		if (s != CRM_DONE) { \
			mem_abort(x, e); \
			return s; \
		} \
		return mem_finish(x, e) ? CRM_OK : CRM_ENOMEM; \
	}

DEFINE_NESTED(contacts, contact, crm_contact_filter, (void)0, crm_contact_query,
	      crm_contact_iter, crm_contact, crm_contact_iter_next, crm_contact_iter_destroy,
	      emit_contact)
DEFINE_NESTED(promises, promise, crm_promise_filter, (void)0, crm_promise_query,
	      crm_promise_iter, crm_promise, crm_promise_iter_next, crm_promise_iter_destroy,
	      emit_promise)
DEFINE_NESTED(incidents, incident, crm_incident_filter, (void)0,
	      crm_incident_query, crm_incident_iter, crm_incident, crm_incident_iter_next,
	      crm_incident_iter_destroy, emit_incident)
DEFINE_NESTED(next_actions, next, crm_next_filter, f.all = true,
	      crm_next_query, crm_next_iter, crm_next_action, crm_next_iter_next,
	      crm_next_iter_destroy, emit_next)
DEFINE_NESTED(interactions, inter, crm_interaction_filter, (void)0,
	      crm_interaction_query, crm_interaction_iter, crm_interaction,
	      crm_interaction_iter_next, crm_interaction_iter_destroy, emit_interaction)

/* Writes the nested arrays of client id to out, in the order of show. */
static crm_status put_nested(struct exporter *x, FILE *out, int64_t id)
{
	static const struct {
		const char *key;
		crm_status (*fn)(struct exporter *x, int64_t id);
	} parts[] = {
		{ "contacts", nested_contacts },   { "promises", nested_promises },
		{ "incidents", nested_incidents }, { "next_actions", nested_next_actions },
		{ "interactions", nested_interactions },
	};

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		crm_status st = parts[i].fn(x, id);

		if (st != CRM_OK) {
			return st;
		}
		put_array(out, parts[i].key, x->buf);
		free(x->buf);
		x->buf = NULL;
	}
	return CRM_OK;
}

/* One client as one JSON object (no newline) on out. */
static crm_status put_client(struct exporter *x, FILE *out, const struct crm_client *c)
{
	struct emitter *e = mem_emitter(x, &x->client);
	size_t n;

	if (!e) {
		return CRM_ENOMEM;
	}
	EMIT_ROW(e, emit_client, c);
	if (!mem_finish(x, e)) {
		return CRM_ENOMEM;
	}
	/* "{...}\n": reopen the object to add to it */
	n = x->len;
	if (n > 0 && x->buf[n - 1] == '\n') {
		n--;
	}
	if (n > 0 && x->buf[n - 1] == '}') {
		n--;
	}
	fwrite(x->buf, 1, n, out);
	free(x->buf);
	x->buf = NULL;
	if (x->owner_uuid) {
		const char *u = c->owner_id ? owner_uuid(x, c->owner_id) : NULL;

		if (u) {
			fprintf(out, ",\"owner_uuid\":\"%s\"", u);
		} else {
			fputs(",\"owner_uuid\":null", out);
		}
	}
	if (put_nested(x, out, c->id) != CRM_OK) {
		return crm_db_errcode(x->ctx->db) ? crm_db_errcode(x->ctx->db) : CRM_ENOMEM;
	}
	putc('}', out);
	return CRM_OK;
}

static bool exporter_init(struct exporter *x, struct crm_ctx *ctx)
{
	memset(x, 0, sizeof(*x));
	x->ctx = ctx;
	x->owner_uuid = !has_key(client_cols, client_ncols, "owner_uuid");
	return part_init(&x->client, client_cols, client_ncols) &&
	       part_init(&x->contact, contact_cols, contact_ncols) &&
	       part_init(&x->inter, interaction_cols, interaction_ncols) &&
	       part_init(&x->promise, promise_cols, promise_ncols) &&
	       part_init(&x->incident, incident_cols, incident_ncols) &&
	       part_init(&x->next, next_cols, next_ncols);
}

static void exporter_release(struct exporter *x)
{
	part_release(&x->client);
	part_release(&x->contact);
	part_release(&x->inter);
	part_release(&x->promise);
	part_release(&x->incident);
	part_release(&x->next);
}

/* ---- export: CSV ------------------------------------------------------------ */

static const struct emit_col csv_cols[] = {
	{ "uuid", "UUID", EMIT_STR },
	{ "name", "NAME", EMIT_STR },
	{ "kind", "KIND", EMIT_STR },
	{ "segment", "SEGMENT", EMIT_STR },
	{ "tier", "TIER", EMIT_STR },
	{ "status", "STATUS", EMIT_STR },
	{ "stage", "STAGE", EMIT_STR },
	{ "owner", "OWNER", EMIT_STR },
	{ "contact_every", "CONTACT_EVERY", EMIT_INT },
	{ "value", "VALUE", EMIT_MONEY },
	{ "tags", "TAGS", EMIT_STR },
	{ "note", "NOTE", EMIT_STR },
	{ "contact_name", "CONTACT_NAME", EMIT_STR },
	{ "contact_role", "CONTACT_ROLE", EMIT_STR },
	{ "contact_phone", "CONTACT_PHONE", EMIT_STR },
	{ "contact_email", "CONTACT_EMAIL", EMIT_STR },
};

/* ["a","b"] -> "a;b" (malloc'd); NULL when empty */
static char *tags_text(const char *json)
{
	cJSON *arr = cJSON_Parse(json ? json : "[]");
	const cJSON *t;
	size_t len = 1, used = 0;
	char *out = NULL;

	cJSON_ArrayForEach(t, arr) {
		len += cJSON_IsString(t) ? strlen(t->valuestring) + 1 : 0;
	}
	if (len > 1 && (out = malloc(len))) {
		out[0] = '\0';
		cJSON_ArrayForEach(t, arr) {
			if (cJSON_IsString(t)) {
				used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ";" : "",
							 t->valuestring);
			}
		}
	}
	cJSON_Delete(arr);
	return out;
}

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
	char *tags = tags_text(c->tags);
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
		emit_opt_str(e, tags);
		emit_opt_str(e, c->note);
		emit_opt_str(e, kname);
		emit_opt_str(e, krole);
		emit_opt_str(e, kphone);
		emit_opt_str(e, kemail);
		emit_end(e);
	}
	free(tags);
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
	struct emitter *csv;
	size_t count;
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
		if (o->fmt == OUT_CSV) {
			st = put_csv_row(o->ctx, o->csv, c);
		} else {
			if (o->fmt == OUT_JSON) {
				fputs(o->count == 0 ? "[\n" : ",\n", stdout);
			}
			st = put_client(&o->x, stdout, c);
			if (o->fmt == OUT_NDJSON) {
				putc('\n', stdout);
			}
		}
		o->count++;
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
static crm_status export_subject(struct out *o, int64_t id)
{
	struct crm_db *db = o->ctx->db;
	struct crm_client_filter f = { .id = id };
	const struct crm_client *c;
	struct crm_client_iter *it;
	char *journal = NULL, *head = NULL, when[32];
	cJSON *h = NULL, *who;
	crm_status st = crm_client_query(db, &f, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_client_iter_next(it, &c);
	if (st == CRM_OK) {
		st = crm_subject_journal(db, id, &journal);
	}
	if (st == CRM_OK) {
		h = cJSON_CreateObject();
		who = cJSON_AddObjectToObject(h, "subject");
		if (!who || !cJSON_AddNumberToObject(who, "id", (double)c->id) ||
		    !cJSON_AddStringToObject(who, "uuid", c->uuid) ||
		    !cJSON_AddStringToObject(who, "name", c->name) ||
		    !cJSON_AddStringToObject(h, "exported",
					     crm_time_format(crm_db_now(db), when, sizeof(when))) ||
		    !cJSON_AddStringToObject(h, "exported_by", crm_db_actor(db)) ||
		    !(head = cJSON_PrintUnformatted(h))) {
			st = CRM_ENOMEM;
		}
	}
	if (st == CRM_OK) {
		/* {"subject":...,"exported_by":"x"} -> reopened to add the rest */
		fwrite(head, 1, strlen(head) - 1, stdout);
		fputs(",\"sheet\":", stdout);
		st = put_client(&o->x, stdout, c);
	}
	if (st == CRM_OK) {
		printf(",\"journal\":%s}\n", journal);
	}
	cJSON_Delete(h);
	free(head);
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
	struct out o = { ctx, OUT_NDJSON, { 0 }, NULL, 0 };
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
	if (subject) {
		if (!exporter_init(&o.x, ctx)) {
			st = CRM_ENOMEM;
		} else {
			st = export_subject(&o, ids[0]);
		}
		exporter_release(&o.x);
		free(ids);
		if (st == CRM_ENOMEM) {
			error("out of memory");
			return EXIT_FAIL;
		}
		return st == CRM_OK ? 0 : report(ctx, st);
	}
	if (o.fmt == OUT_CSV) {
		char err[512];

		o.csv = emit_create(EMIT_FMT_CSV, stdout, csv_cols, ARRAY_SIZE(csv_cols), ctx->fields,
				    0, err, sizeof(err));
		if (!o.csv) {
			free(ids);
			return usage_error(usage, "%s", err);
		}
	} else if (!exporter_init(&o.x, ctx)) {
		exporter_release(&o.x);
		free(ids);
		error("out of memory");
		return EXIT_FAIL;
	}
	if (ids) {
		for (int i = 0; i < argc && st == CRM_OK; i++) {
			st = export_one(&o, ids[i]);
		}
	} else {
		st = export_all(&o);
	}
	free(ids);
	exporter_release(&o.x);
	if (o.fmt == OUT_JSON && st == CRM_OK) {
		fputs(o.count == 0 ? "[]\n" : "\n]\n", stdout);
	}
	if (o.csv) {
		if (st != CRM_OK) {
			emit_destroy(o.csv);
		} else {
			code = ctx_emit_done(ctx, o.csv);
			if (code != 0) {
				return code;
			}
		}
	}
	return st == CRM_OK ? 0 : report(ctx, st);
}
