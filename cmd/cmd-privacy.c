/*
 * cmd-privacy.c: crm client erase, the erasure of a client's personal
 * data with its act of destruction (access requests: client export
 * --subject, in cmd-client-io.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

static void add_copy(void *data, const char *kind, const char *path, bool exists)
{
	cJSON *copies = data, *c = cJSON_CreateObject();

	if (c && cJSON_AddStringToObject(c, "kind", kind) && cJSON_AddStringToObject(c, "path", path) &&
	    cJSON_AddBoolToObject(c, "exists", exists) && cJSON_AddItemToArray(copies, c)) {
		return;
	}
	cJSON_Delete(c);
}

/* The act of destruction: what was erased, when, by whom, why, and where
 * copies the erasure cannot reach may remain. */
static int print_act(struct crm_ctx *ctx, const struct crm_erasure *e, bool scrubbed)
{
	char when[32];
	cJSON *act = cJSON_CreateObject();
	cJSON *counts = cJSON_Parse(e->counts);
	cJSON *journal = cJSON_Parse(e->journal);
	char *text = NULL;

	if (act && counts &&
	    cJSON_AddStringToObject(act, "act", "destruction of personal data") &&
	    cJSON_AddNumberToObject(act, "erasure_id", (double)e->id) &&
	    cJSON_AddStringToObject(act, "at", crm_time_format(e->at, when, sizeof(when))) &&
	    cJSON_AddStringToObject(act, "actor", e->actor) &&
	    cJSON_AddStringToObject(act, "reason", e->reason) &&
	    cJSON_AddNumberToObject(act, "client_id", (double)e->client_id) &&
	    cJSON_AddStringToObject(act, "client_uuid", e->uuid) &&
	    cJSON_AddItemToObject(act, "destroyed", counts)) {
		counts = NULL;
		/* the extract of the event log (152-FZ): the entries redacted */
		if (journal && cJSON_AddItemToObject(act, "journal", journal)) {
			journal = NULL;
			cJSON *copies = cJSON_AddArrayToObject(act, "copies");

			if (copies && cJSON_AddBoolToObject(act, "files_scrubbed", scrubbed) &&
			    crm_erasure_copies(ctx->db, add_copy, copies) == CRM_OK) {
				text = cJSON_PrintUnformatted(act);
			}
		}
	}
	cJSON_Delete(journal);
	cJSON_Delete(counts);
	cJSON_Delete(act);
	if (!text) {
		error("out of memory");
		return EXIT_FAIL;
	}
	puts(text);
	free(text);
	return 0;
}

int cmd_client_erase(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm client erase --reason <text> [--yes] <client>",
		NULL,
	};
	const char *reason = NULL;
	bool yes = false;
	const struct opt opts[] = {
		OPT_STR(0, "reason", &reason, "<text>",
			"why (a request under GDPR art. 17, 152-FZ ...): kept in the record"),
		OPT_FLAG('y', "yes", &yes, "do not ask: erase"),
		OPT_END,
	};
	struct crm_erasure e;
	int64_t id;
	crm_status st;
	int code;
	bool scrubbed;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (!reason) {
		return usage_error(usage, "--reason is required: an erasure records why");
	}
	code = ref_client(ctx, argv[0], &id);
	if (code != 0) {
		return code;
	}
	if (!yes && !isatty(STDIN_FILENO)) {
		error("erasing a client cannot be undone: add --yes to erase '%s'", argv[0]);
		return EXIT_CONFLICT;
	}
	if (!yes && !confirm(ctx, false, "erase this client's personal data for good?")) {
		error("nothing was erased");
		return EXIT_CONFLICT;
	}
	/* committed when it returns (the command holds no transaction): the
	 * scrub (checkpoint, VACUUM) runs outside it */
	st = crm_client_erase(ctx->db, id, reason, &e);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	st = crm_db_scrub(ctx->db);
	scrubbed = st == CRM_OK;
	code = print_act(ctx, &e, scrubbed);
	crm_erasure_release(&e);
	if (code == 0 && !scrubbed) {
		error("the erasure is committed, but the erased data is still in the files of "
		      "the base: %s", crm_db_errmsg(ctx->db));
		hint("run 'crm scrub' once no other program has the base open");
		code = EXIT_FAIL;
	}
	return code;
}

/* crm scrub: finishes an erasure whose data is still in the files. */
int cmd_scrub(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm scrub", NULL };
	const struct opt opts[] = { OPT_END };
	int64_t pending = 0;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	st = crm_scrub_pending(ctx->db, &pending);
	if (st == CRM_OK) {
		st = crm_db_scrub(ctx->db);
	}
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EBUSY) {
			hint("another program holds the base open: run 'crm scrub' again when it is done");
		}
		return code;
	}
	if (pending) {
		info(ctx, "no erased data is left in the files of '%s' (erasures up to %lld)",
		     ctx->db_path, (long long)pending);
	} else {
		info(ctx, "the files of '%s' hold no deleted data", ctx->db_path);
	}
	return 0;
}
