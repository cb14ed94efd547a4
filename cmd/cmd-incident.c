/*
 * cmd-incident.c: crm incident add|list|resolve, and the row every command
 * shows an incident with.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

const struct emit_col incident_cols[] = {
	{ "id", "ID", EMIT_INT },
	{ "client_id", "CLIENT_ID", EMIT_INT },
	{ "client", "CLIENT", EMIT_STR },
	{ "kind", "KIND", EMIT_STR },
	{ "text", "TEXT", EMIT_STR },
	{ "status", "STATUS", EMIT_STR },
	{ "how", "HOW", EMIT_STR },
	{ "author", "AUTHOR", EMIT_STR },
	{ "created", "CREATED", EMIT_TIME },
	{ "resolved", "RESOLVED", EMIT_TIME },
};
const size_t incident_ncols = ARRAY_SIZE(incident_cols);

void emit_incident(struct emitter *e, const struct crm_incident *i)
{
	emit_begin(e);
	emit_int(e, i->id);
	emit_int(e, i->client_id);
	emit_str(e, i->client);
	emit_str(e, i->kind);
	emit_str(e, i->text);
	emit_str(e, i->status);
	emit_str(e, i->how);
	emit_str(e, i->author);
	emit_date(e, i->created);
	if (i->resolved) {
		emit_date(e, i->resolved);
	} else {
		emit_null(e);
	}
	emit_end(e);
}

/* An incident id typed by the user: digits only, else a usage error. */
static bool arg_id(const char *const *usage, const char *s, int64_t *id)
{
	char *end = NULL;
	long long v = 0;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		v = strtoll(s, &end, 10);
	}
	if (!end || errno || *end) {
		usage_error(usage, "invalid incident id '%s': expected a number, as 'crm incident "
				   "list' shows", s);
		return false;
	}
	*id = v;
	return true;
}

/* The record after a change: the id (add) or nothing in the table format,
 * the record as one object in the others. */
static int show(struct crm_ctx *ctx, int64_t id, bool print_id)
{
	struct crm_incident_filter f = { .id = id };
	const struct crm_incident *i;
	struct crm_incident_iter *it;
	struct emitter *e;
	crm_status st;

	if (ctx->format == EMIT_FMT_TABLE) {
		if (print_id) {
			printf("%lld\n", (long long)id);
		}
		return 0;
	}
	e = ctx_emitter(ctx, incident_cols, incident_ncols, EMIT_SINGLE);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_incident_query(ctx->db, &f, &it);
	if (st == CRM_OK && (st = crm_incident_iter_next(it, &i)) == CRM_OK) {
		emit_incident(e, i);
	}
	crm_incident_iter_destroy(it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	return ctx_emit_done(ctx, e);
}

int cmd_incident_add(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm incident add [--kind <kind>] <client> <text>",
		NULL,
	};
	const char *kind = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "kind", &kind, "<kind>",
			"misunderstanding (the default), mishap, conflict or quality"),
		OPT_END,
	};
	int64_t client, id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 2, 2, &code)) {
		return code;
	}
	if (kind && !arg_word(usage, "--kind", kind, crm_incident_kinds)) {
		return EXIT_USAGE;
	}
	code = ref_client(ctx, argv[0], &client);
	if (code) {
		return code;
	}
	st = crm_incident_add(ctx->db, client, kind, argv[1], &id);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	return show(ctx, id, true);
}

int cmd_incident_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm incident list [--open] [<client>]", NULL };
	struct crm_incident_filter f = { 0 };
	const struct opt opts[] = {
		OPT_FLAG(0, "open", &f.open_only, "only the unresolved ones"),
		OPT_END,
	};
	const struct crm_incident *i;
	struct crm_incident_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if (argc == 1 && (code = ref_client(ctx, argv[0], &f.client_id))) {
		return code;
	}
	e = ctx_emitter(ctx, incident_cols, incident_ncols, 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_incident_query(ctx->db, &f, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_incident_iter_next(it, &i)) == CRM_OK) {
		emit_incident(e, i);
	}
	crm_incident_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

int cmd_incident_resolve(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm incident resolve --how <text> <id>", NULL };
	const char *how = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "how", &how, "<text>", "how it was resolved (required)"),
		OPT_END,
	};
	int64_t id;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!how) {
		return usage_error(usage, "missing --how: say how the incident was resolved");
	}
	if (!arg_id(usage, argv[0], &id)) {
		return EXIT_USAGE;
	}
	st = crm_check_text(ctx->db, "--how", how);
	if (st == CRM_OK) {
		st = crm_incident_resolve(ctx->db, id, how);
	}
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	return show(ctx, id, false);
}
