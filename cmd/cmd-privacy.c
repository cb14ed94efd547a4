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

/* The act of destruction: what was erased, when, by whom, why. */
static int print_act(const struct crm_erasure *e, bool scrubbed)
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
			if (cJSON_AddBoolToObject(act, "files_scrubbed", scrubbed)) {
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
	st = crm_client_erase(ctx->db, id, reason, &e);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	/* committed now: the scrub (checkpoint, VACUUM) runs outside it */
	st = crm_tx_commit(ctx->db);
	ctx->in_tx = false;
	if (st != CRM_OK) {
		crm_erasure_release(&e);
		return report(ctx, st);
	}
	scrubbed = crm_db_scrub(ctx->db) == CRM_OK;
	code = print_act(&e, scrubbed);
	crm_erasure_release(&e);
	if (code == 0 && !scrubbed) {
		code = report(ctx, crm_db_errcode(ctx->db));
		hint("the erasure is committed, but old copies may remain in the files: "
		     "run 'sqlite3 BASE \"PRAGMA wal_checkpoint(TRUNCATE); VACUUM\"' when no "
		     "one else uses the base");
	}
	return code;
}
