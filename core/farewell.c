/*
 * farewell.c: the farewell that ends a relationship: the client's status
 * becomes farewell and its open next actions are closed with the reason,
 * in one atomic step with its journal entries. Open promises or a pending
 * handover refuse it unless forced; forced, the handover is cancelled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "handover-private.h"

/* ---- farewell ------------------------------------------------------------------- */

static const char sql_open_promises[] =
	"SELECT count(*) FROM promise WHERE client_id = ?1 AND status = 'open'";
static const char sql_open_actions[] =
	"SELECT id FROM next_action WHERE client_id = ?1 AND status = 'open' ORDER BY due, id";

/* The open actions are closed with the reason of the farewell. */
static crm_status close_actions(struct crm_db *db, int64_t client_id, const char *reason,
				int64_t *n)
{
	crmi_stmt *q;
	int64_t *ids = NULL;
	size_t k = 0, cap = 0;
	crm_status s = CRM_OK;
	int rc;

	rc = crmi_stmt_new(db, sql_open_actions, &q);
	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, "cannot read the next actions");
	}
	crmi_bind_int64(q, 1, client_id);
	while ((rc = crmi_step(q)) == CRMI_ROW) {
		if (k == cap) {
			int64_t *ni = realloc(ids, (cap = cap ? 2 * cap : 8) * sizeof(*ni));

			if (!ni) {
				s = crmi_fail(db, CRM_ENOMEM, "out of memory");
				break;
			}
			ids = ni;
		}
		ids[k++] = crmi_col_int64(q, 0);
	}
	if (s == CRM_OK && rc != CRMI_DONE) {
		s = crmi_sqlfail(db, rc, "cannot read the next actions");
	}
	crmi_finalize(q);
	for (size_t i = 0; i < k && s == CRM_OK; i++) {
		cJSON *j;

		s = crmi_next_close(db, ids[i]);
		if (s != CRM_OK) {
			break;
		}
		j = cJSON_CreateObject();
		if (!j) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
			break;
		}
		crmi_json_int(j, "client_id", client_id);
		cJSON_AddNullToObject(j, "interaction_id");
		crmi_json_str(j, "reason", reason);
		s = crmi_journal(db, "next.done", "next", ids[i], j);
	}
	free(ids);
	*n = (int64_t)k;
	return s;
}

static crm_status farewell_locked(struct crm_db *db, int64_t client_id, const char *reason,
				  unsigned flags, struct crm_farewell_result *res)
{
	struct crmi_client_state c = { 0 };
	int64_t promises = 0, pending = 0;
	crm_status s = crmi_client_state_read(db, client_id, &c);
	cJSON *j;

	if (s == CRM_OK && strcmp(c.status, "farewell") == 0) {
		s = crmi_fail(db, CRM_ECONFLICT, "client '%s' already said farewell", c.name);
	}
	if (s == CRM_OK) {
		promises = crmi_handover_one_int(db, sql_open_promises, client_id, &s);
	}
	if (s == CRM_OK) {
		pending = crmi_handover_one_int(db, crmi_sql_handover_pending_of, client_id, &s);
	}
	if (s == CRM_OK && !(flags & CRM_FAREWELL_FORCE) && promises) {
		if (pending) {
			s = crmi_fail(db, CRM_ECONFLICT,
				      P_("client '%s' has %lld open promise and a pending handover: "
					 "none may be dropped silently; keep or break each, or say "
					 "farewell with --force",
					 "client '%s' has %lld open promises and a pending handover: "
					 "none may be dropped silently; keep or break each, or say "
					 "farewell with --force", promises),
				      c.name, (long long)promises);
		} else {
			s = crmi_fail(db, CRM_ECONFLICT,
				      P_("client '%s' has %lld open promise: none may be dropped "
					 "silently; keep or break each, or say farewell with --force",
					 "client '%s' has %lld open promises: none may be dropped "
					 "silently; keep or break each, or say farewell with --force",
					 promises),
				      c.name, (long long)promises);
		}
	} else if (s == CRM_OK && !(flags & CRM_FAREWELL_FORCE) && pending) {
		s = crmi_fail(db, CRM_ECONFLICT, "client '%s' has a pending handover (%lld): cancel "
			      "it, or say farewell with --force, which cancels it", c.name,
			      (long long)pending);
	}
	if (s == CRM_OK) {
		s = crmi_client_set_status(db, client_id, "farewell");
	}
	if (s == CRM_OK) {
		j = cJSON_CreateObject();
		if (!j) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		} else {
			crmi_json_int(j, "client_id", client_id);
			crmi_json_str(j, "old", c.status);
			crmi_json_str(j, "new", "farewell");
			crmi_json_str(j, "reason", reason);
			crmi_json_int(j, "open_promises", promises);
			s = crmi_journal(db, "client.status", "client", client_id, j);
		}
	}
	if (s == CRM_OK) {
		s = close_actions(db, client_id, reason, &res->closed_actions);
	}
	if (s == CRM_OK && pending) {
		size_t n = strlen(reason) + sizeof("farewell: ");
		char *why = malloc(n);

		if (!why) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		} else {
			snprintf(why, n, "farewell: %s", reason);
			s = crmi_handover_cancel_locked(db, pending, why, true);
			res->cancelled_handovers = 1;
			free(why);
		}
	}
	if (s == CRM_OK) {
		for (size_t i = 0; crm_client_statuses[i]; i++) {
			if (strcmp(crm_client_statuses[i], c.status) == 0) {
				res->status_before = crm_client_statuses[i];
			}
		}
		res->open_promises = promises;
	}
	crmi_client_state_release(&c);
	return s;
}

crm_status crm_client_farewell(struct crm_db *db, int64_t client_id, const char *reason,
			       unsigned flags, struct crm_farewell_result *res)
{
	struct crm_farewell_result dummy;
	crm_status s;

	if (!res) {
		res = &dummy;
	}
	*res = (struct crm_farewell_result){ 0 };
	crmi_clear_error(db);
	s = crm_check_text(db, "reason", reason);
	if (s == CRM_OK) {
		s = crmi_atomic_begin(db);
	}
	if (s != CRM_OK) {
		return s;
	}
	s = crmi_atomic_end(db, farewell_locked(db, client_id, reason, flags, res));
	if (s != CRM_OK) {
		*res = (struct crm_farewell_result){ 0 };
	}
	return s;
}
