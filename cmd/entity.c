/*
 * entity.c: what list, show and the answer after a change do alike for
 * every entity, from its description (struct entity, rows.h): one list
 * loop, one record after a change, one reading of an id typed by the user.
 */
#include <errno.h>
#include <stdlib.h>

#include "report.h"
#include "rows.h"
#include "banned.h"

struct emitter *entity_emitter(struct crm_ctx *ctx, const struct entity *en, unsigned flags)
{
	const char *fields = ctx->fields;
	struct emitter *e;

	if (!fields && ctx->format == EMIT_FMT_TABLE) {
		ctx->fields = en->table_fields;
	}
	e = ctx_emitter(ctx, en->cols, *en->ncols, flags);
	ctx->fields = fields;
	return e;
}

/* The rows of filter (or of the one id) into e; CRM_DONE when all went. */
static crm_status rows(struct crm_ctx *ctx, const struct entity *en, const void *filter,
		       int64_t id, struct emitter *e, size_t *n)
{
	const void *row;
	void *it = NULL;
	crm_status st = en->query(ctx->db, filter, id, &it);

	*n = 0;
	while (st == CRM_OK && (st = en->next(it, &row)) == CRM_OK) {
		en->emit(e, row);
		(*n)++;
	}
	en->destroy(it);
	return st;
}

int entity_list(struct crm_ctx *ctx, const struct entity *en, const void *filter,
		unsigned flags)
{
	struct emitter *e = entity_emitter(ctx, en, flags);
	crm_status st;
	size_t n;

	if (!e) {
		return EXIT_USAGE;
	}
	st = rows(ctx, en, filter, 0, e, &n);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

int entity_after(struct crm_ctx *ctx, const struct entity *en, int64_t id, bool print_id,
		 void (*check)(struct crm_ctx *ctx, const void *row, void *data), void *data)
{
	struct emitter *e = NULL;
	const void *row;
	void *it = NULL;
	crm_status st;

	if (ctx->format != EMIT_FMT_TABLE) {
		e = ctx_emitter(ctx, en->cols, *en->ncols, EMIT_SINGLE);
		if (!e) {
			return EXIT_USAGE;
		}
	}
	st = en->query(ctx->db, NULL, id, &it);
	if (st == CRM_OK && (st = en->next(it, &row)) == CRM_OK) {
		if (check) {
			check(ctx, row, data);
		}
		if (e) {
			en->emit(e, row);
		} else if (print_id) {
			printf("%lld\n", (long long)id);
		}
	}
	en->destroy(it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	return e ? ctx_emit_done(ctx, e) : 0;
}

bool arg_id(const struct entity *en, const char *const *usage, const char *s, int64_t *id)
{
	char *end = NULL;
	long long v = 0;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		v = strtoll(s, &end, 10);
	}
	if (!end || errno || *end) {
		usage_error(usage, "invalid %s id '%s': expected a number, as '%s' shows",
			    _(en->noun), s, en->list_cmd);
		return false;
	}
	*id = v;
	return true;
}
