/*
 * cmd-init.c: crm init, creating a new base.
 */
#include <stdio.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

int cmd_init(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm [--db <path>] init", NULL };
	static const struct emit_col cols[] = {
		{ "path", "PATH", EMIT_STR },
		{ "schema_version", "SCHEMA", EMIT_INT },
	};
	struct emitter *e;
	crm_status st;
	int code;

	/* the dispatcher created the base (CMD_DB_CREATE) */
	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 0, &code)) {
		return code;
	}
	st = crm_journal_append(ctx->db, "base.init", "base", 0, NULL);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (ctx->format == EMIT_FMT_TABLE) {
		printf("created a crm base at %s\n", ctx->db_path);
		return 0;
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), EMIT_SINGLE);
	if (!e) {
		return EXIT_USAGE;
	}
	emit_begin(e);
	emit_str(e, ctx->db_path);
	emit_int(e, crm_schema_version());
	emit_end(e);
	return ctx_emit_done(ctx, e);
}
