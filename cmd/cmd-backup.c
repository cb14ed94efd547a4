/*
 * cmd-backup.c: crm backup, crm restore and crm check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

int cmd_backup(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm backup [--force] <file>", NULL };
	static const struct emit_col cols[] = {
		{ "path", N_("PATH"), EMIT_STR },
		{ "base", N_("BASE"), EMIT_STR },
		{ "bytes", N_("BYTES"), EMIT_INT },
		{ "pages", N_("PAGES"), EMIT_INT },
		{ "schema_version", N_("SCHEMA"), EMIT_INT },
	};
	bool force = false;
	const struct opt opts[] = {
		OPT_FLAG('f', "force", &force, "replace the file if it exists"),
		OPT_END,
	};
	struct crm_backup_info info;
	struct emitter *e;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!*argv[0]) {
		return usage_error(usage, "empty file name");
	}
	/* the emitter first: a bad --fields writes nothing */
	e = ctx->format == EMIT_FMT_TABLE ? NULL : ctx_emitter(ctx, cols, ARRAY_SIZE(cols), EMIT_SINGLE);
	if (ctx->format != EMIT_FMT_TABLE && !e) {
		return EXIT_USAGE;
	}
	st = crm_backup(ctx->db, argv[0], force ? CRM_BACKUP_FORCE : 0, &info);
	if (st != CRM_OK) {
		emit_destroy(e);
		code = report(ctx, st);
		if (st == CRM_EEXIST) {
			hint("pick another file name, or pass --force to replace it");
		}
		return code;
	}
	/* the journal names every copy, for an erasure to list later */
	if (crm_backup_record(ctx->db, argv[0], &info) != CRM_OK) {
		warning("the backup is written, but not recorded in the journal: %s",
			crm_db_errmsg(ctx->db));
	}
	if (!e) {
		printf(P_("backed up %s to %s (%lld byte)\n", "backed up %s to %s (%lld bytes)\n",
			  info.bytes),
		       ctx->db_path, argv[0], (long long)info.bytes);
		return 0;
	}
	emit_begin(e);
	emit_str(e, argv[0]);
	emit_str(e, ctx->db_path);
	emit_int(e, info.bytes);
	emit_int(e, info.pages);
	emit_int(e, info.schema_version);
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

/* ---- restore -------------------------------------------------------- */

static int restore_emit(struct crm_ctx *ctx, struct emitter *e, const char *from, int version,
			const char *kept, bool dry_run)
{
	if (!e) {
		if (dry_run) {
			printf(_("would restore %s from %s (schema %d)"), ctx->db_path, from, version);
			if (kept) {
				printf(_("; the current base would be kept as %s"), kept);
			}
		} else {
			printf(_("restored %s from %s (schema %d)"), ctx->db_path, from, version);
			if (kept) {
				printf(_("; the former base is kept as %s"), kept);
			}
		}
		putchar('\n');
		return 0;
	}
	emit_begin(e);
	emit_str(e, ctx->db_path);
	emit_str(e, from);
	emit_int(e, version);
	emit_int(e, crm_schema_version());
	emit_str(e, kept);
	emit_bool(e, dry_run);
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

/* Records the restore in the prepared copy's journal, before it replaces the base. */
static int restore_journal(struct crm_ctx *ctx, struct crm_restore *r, const char *from,
			   const char *kept)
{
	struct crm_db *db = crm_restore_db(r);
	crm_status st;
	char *actor;

	crm_db_set_now(db, ctx->now);
	/* the identity resolves against the restored base, which is the base now */
	ctx->db = db;
	actor = ctx_resolve_actor(ctx);
	ctx->db = NULL;
	if (!actor || crm_db_set_actor(db, actor) != CRM_OK) {
		free(actor);
		error("out of memory");
		return EXIT_FAIL;
	}
	free(actor);
	st = crm_restore_record(r, from, kept);
	if (st != CRM_OK) {
		error("%s", crm_db_errmsg(db));
		return exit_code_of(st);
	}
	return 0;
}

static int busy_ms(void)
{
	const char *busy = getenv("CRM_BUSY_TIMEOUT");

	return busy && *busy ? atoi(busy) : 0;
}

/* Reports a restore that failed: nothing was changed. Frees e and kept. */
static int restore_failed(struct emitter *e, char *kept, crm_status st,
			  const struct crm_error *err)
{
	emit_destroy(e);
	free(kept);
	error("%s", err->msg);
	if (st == CRM_EBUSY) {
		hint("another crm command holds the base; run the command again");
	}
	return exit_code_of(st);
}

/*
 * The restore of a base on a server: pg_restore of an archive of crm
 * backup, the former base kept as an archive beside the backup.
 */
static int restore_server(struct crm_ctx *ctx, struct emitter *e, const char *from, bool dry,
			  bool yes)
{
	struct crm_db *db = NULL;
	struct crm_error err;
	char *kept, *actor, question[1024];
	crm_status st;
	int version = 0, code;
	size_t n = strlen(from) + sizeof(CRM_BEFORE_RESTORE);

	kept = malloc(n);
	if (!kept) {
		emit_destroy(e);
		error("out of memory");
		return EXIT_FAIL;
	}
	snprintf(kept, n, "%s%s", from, CRM_BEFORE_RESTORE);
	st = crm_db_open(ctx->db_path, 0, &db, &err);
	if (st != CRM_OK) {
		goto open_failed;
	}
	st = crm_restore_server(db, from, kept, true, &version);
	snprintf(question, sizeof(question), _("replace the base '%s' with the backup '%s'?"),
		 ctx->db_path, from);
	if (st == CRM_OK && !dry && !confirm(ctx, yes, question)) {
		error("cancelled: nothing was restored");
		code = EXIT_FAIL;
		goto done;
	}
	if (st == CRM_OK && !dry) {
		st = crm_restore_server(db, from, kept, false, &version);
	}
	if (st != CRM_OK) {
		error("%s", crm_db_errmsg(db));
		if (st == CRM_EEXIST) {
			hint("move '%s' away, or keep it elsewhere, then restore again", kept);
		}
		code = exit_code_of(st);
		goto done;
	}
	crm_db_close(db);
	db = NULL;
	if (!dry) {
		/* the restored base, on a new connection, journals its restore */
		st = crm_db_open(ctx->db_path, 0, &db, &err);
		if (st != CRM_OK) {
			goto open_failed;
		}
		crm_db_set_now(db, ctx->now);
		ctx->db = db;
		actor = ctx_resolve_actor(ctx);
		ctx->db = NULL;
		st = actor ? crm_db_set_actor(db, actor) : CRM_ENOMEM;
		free(actor);
		if (st == CRM_OK) {
			st = crm_restore_server_record(db, from, kept, version);
		}
		if (st != CRM_OK) {
			warning("the base is restored, but the restore is not in its journal: %s",
				crm_db_errmsg(db));
		}
		crm_db_close(db);
	}
	code = restore_emit(ctx, e, from, version, kept, dry);
	free(kept);
	return code;
open_failed:
	error("%s", err.msg);
	code = exit_code_of(st);
done:
	crm_db_close(db);
	emit_destroy(e);
	free(kept);
	return code;
}

int cmd_restore(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm restore [--dry-run] [--yes] <file>", NULL };
	static const struct emit_col cols[] = {
		{ "path", N_("PATH"), EMIT_STR },
		{ "from", N_("FROM"), EMIT_STR },
		{ "schema_version", N_("SCHEMA"), EMIT_INT },
		{ "migrated_to", N_("MIGRATED_TO"), EMIT_INT },
		{ "kept", N_("KEPT"), EMIT_STR },
		{ "dry_run", N_("DRY_RUN"), EMIT_BOOL },
	};
	bool yes = false, dry = false;
	const struct opt opts[] = {
		OPT_FLAG('n', "dry-run", &dry, "check the backup and tell what would happen"),
		OPT_FLAG('y', "yes", &yes, "do not ask for confirmation"),
		OPT_END,
	};
	struct crm_restore_info info;
	struct crm_restore *r = NULL;
	struct crm_error err;
	struct emitter *e = NULL;
	char *kept = NULL, question[1024];
	const char *from;
	crm_status st;
	int version = 0, code;
	size_t n;
	bool exists;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	from = argv[0];
	if (!*from) {
		return usage_error(usage, "empty file name");
	}
	if (ctx->format != EMIT_FMT_TABLE) {
		e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), EMIT_SINGLE);
		if (!e) {
			return EXIT_USAGE;
		}
	}
	if (crm_db_on_server(ctx->db_path)) {
		code = restore_server(ctx, e, from, dry, yes);
		return code;
	}
	n = strlen(ctx->db_path) + sizeof(CRM_BEFORE_RESTORE);
	kept = malloc(n);
	if (!kept) {
		emit_destroy(e);
		error("out of memory");
		return EXIT_FAIL;
	}
	snprintf(kept, n, "%s%s", ctx->db_path, CRM_BEFORE_RESTORE);
	exists = access(ctx->db_path, F_OK) == 0;
	/* everything that can fail is done on a copy beside the base: a dry
	 * run does it too (the check, the copy, the migration), then drops it */
	st = crm_restore_prepare(ctx->db_path, from, busy_ms(), &r, &err);
	if (st != CRM_OK) {
		code = restore_failed(e, kept, st, &err);
		crm_restore_destroy(r);
		return code;
	}
	version = crm_restore_version(r);
	if (dry) {
		code = restore_emit(ctx, e, from, version, exists ? kept : NULL, true);
		crm_restore_destroy(r);
		free(kept);
		return code;
	}
	snprintf(question, sizeof(question), _("replace the base '%s' with the backup '%s'?"),
		 ctx->db_path, from);
	if (exists && !confirm(ctx, yes, question)) {
		emit_destroy(e);
		crm_restore_destroy(r);
		free(kept);
		error("cancelled: nothing was restored");
		return EXIT_FAIL;
	}
	code = restore_journal(ctx, r, from, exists ? kept : NULL);
	if (code != 0) {
		emit_destroy(e);
		crm_restore_destroy(r);
		free(kept);
		return code;
	}
	st = crm_restore_finish(r, busy_ms(), &info, &err);
	crm_restore_destroy(r);
	if (st != CRM_OK) {
		return restore_failed(e, kept, st, &err);
	}
	if (info.moved) {
		warning("the base '%s' could not be read: it was moved aside whole to '%s'",
			ctx->db_path, kept);
	}
	code = restore_emit(ctx, e, from, version, info.kept ? kept : NULL, false);
	free(kept);
	return code;
}

/* ---- check ---------------------------------------------------------- */

static void check_row(void *data, const struct crm_check_problem *p)
{
	struct emitter *e = data;

	emit_begin(e);
	emit_str(e, p->check);
	emit_str(e, p->entity);
	if (p->entity_id) {
		emit_int(e, p->entity_id);
	} else {
		emit_null(e);
	}
	emit_str(e, p->problem);
	emit_end(e);
}

int cmd_check(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm check [--full]", NULL };
	static const struct emit_col cols[] = {
		{ "check", N_("CHECK"), EMIT_STR },
		{ "entity", N_("ENTITY"), EMIT_STR },
		{ "entity_id", N_("ENTITY_ID"), EMIT_INT },
		{ "problem", N_("PROBLEM"), EMIT_STR },
	};
	bool full = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "full", &full, "also integrity_check, foreign keys and crm's own rules"),
		OPT_END,
	};
	struct emitter *e;
	int64_t problems = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_check(ctx->db, full ? CRM_CHECK_FULL : 0, check_row, e, &problems);
	code = ctx_emit_done(ctx, e);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (code) {
		return code;
	}
	if (problems) {
		char msg[600];

		snprintf(msg, sizeof(msg),
			 P_("the base '%s' has %lld problem", "the base '%s' has %lld problems",
			    problems),
			 ctx->db_path, (long long)problems);
		error("%s", msg);
		hint("restore a backup with 'crm restore', or keep a copy and repair it with sqlite3's .recover");
		return EXIT_FAIL;
	}
	info(ctx, "the base '%s' is sound (%s)", ctx->db_path,
	     full ? "full check" : "quick check; --full checks more");
	return 0;
}
