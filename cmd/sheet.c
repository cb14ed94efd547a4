/*
 * sheet.c: the records of a client sheet (contacts, promises, incidents,
 * next actions, interactions, handovers), each through its entity's query
 * and row function, for show and export alike.
 */
#include <string.h>

#include "rows.h"
#include "banned.h"

/* Interactions in show unless --all. */
#define SHOW_INTERACTIONS 20

const struct sheet_part sheet_parts[SHEET_NPARTS] = {
	/* a contact reads as a person: the job title, the birthday, what pleases
	 * them, the channel they prefer, and whether they have left */
	[SHEET_CONTACTS] = { "contacts", N_("Key contacts"), contact_cols, &contact_ncols,
			     "id,name,position,role,phone,email,preferred,birthday,interests,key,"
			     "left,verified" },
	[SHEET_PROMISES] = { "promises", N_("Open promises and discounts"), promise_cols,
			     &promise_ncols, "id,kind,text,due,author,created" },
	[SHEET_INCIDENTS] = { "incidents", N_("Open incidents"), incident_cols, &incident_ncols,
			      "id,kind,text,at,author" },
	[SHEET_NEXT] = { "next_actions", N_("Next actions"), next_cols, &next_ncols,
			 "id,kind,text,due,overdue,assignee,author" },
	[SHEET_INTERACTIONS] = { "interactions", N_("Recent interactions"), interaction_cols,
				 &interaction_ncols, "id,at,kind,author,text,outcome,amount,late" },
	[SHEET_HANDOVERS] = { "handovers", N_("Handovers"), handover_cols, &handover_ncols,
			      "id,from,to,reason,status,next_due,created" },
};

static crm_status rows_contacts(struct crm_db *db, int64_t id, struct emitter *e)
{
	struct crm_contact_filter f = { .client_id = id };
	const struct crm_contact *row;
	struct crm_contact_iter *it;
	crm_status st = crm_contact_query(db, &f, &it);

	while (st == CRM_OK && (st = crm_contact_iter_next(it, &row)) == CRM_OK) {
		emit_contact(e, row);
	}
	crm_contact_iter_destroy(it);
	return st;
}

/* With open_only: the open ones; with skip_open: the others. */
static crm_status rows_promises(struct crm_db *db, int64_t id, bool open_only, bool skip_open,
				struct emitter *e)
{
	struct crm_promise_filter f = { .client_id = id, .open_only = open_only };
	const struct crm_promise *row;
	struct crm_promise_iter *it;
	crm_status st = crm_promise_query(db, &f, &it);

	while (st == CRM_OK && (st = crm_promise_iter_next(it, &row)) == CRM_OK) {
		if (!skip_open || strcmp(row->status, "open") != 0) {
			emit_promise(e, row);
		}
	}
	crm_promise_iter_destroy(it);
	return st;
}

static crm_status rows_incidents(struct crm_db *db, int64_t id, bool open_only, bool skip_open,
				 struct emitter *e)
{
	struct crm_incident_filter f = { .client_id = id, .open_only = open_only };
	const struct crm_incident *row;
	struct crm_incident_iter *it;
	crm_status st = crm_incident_query(db, &f, &it);

	while (st == CRM_OK && (st = crm_incident_iter_next(it, &row)) == CRM_OK) {
		if (!skip_open || strcmp(row->status, "open") != 0) {
			emit_incident(e, row);
		}
	}
	crm_incident_iter_destroy(it);
	return st;
}

static crm_status rows_next(struct crm_db *db, int64_t id, bool done_too, struct emitter *e)
{
	struct crm_next_filter f = { .client_id = id, .all = done_too };
	const struct crm_next_action *row;
	struct crm_next_iter *it;
	crm_status st = crm_next_query(db, &f, &it);

	while (st == CRM_OK && (st = crm_next_iter_next(it, &row)) == CRM_OK) {
		emit_next(e, row);
	}
	crm_next_iter_destroy(it);
	return st;
}

static crm_status rows_interactions(struct crm_db *db, int64_t id, bool all, struct emitter *e)
{
	struct crm_interaction_filter f = {
		.client_id = id,
		.limit = all ? 0 : SHOW_INTERACTIONS,
	};
	const struct crm_interaction *row;
	struct crm_interaction_iter *it;
	crm_status st = crm_interaction_query(db, &f, &it);

	while (st == CRM_OK && (st = crm_interaction_iter_next(it, &row)) == CRM_OK) {
		emit_interaction(e, row);
	}
	crm_interaction_iter_destroy(it);
	return st;
}

static crm_status rows_handovers(struct crm_db *db, int64_t id, struct emitter *e)
{
	struct crm_handover_filter f = { .client_id = id };
	const struct crm_handover *row;
	struct crm_handover_iter *it;
	crm_status st = crm_handover_query(db, &f, &it);

	while (st == CRM_OK && (st = crm_handover_iter_next(it, &row)) == CRM_OK) {
		emit_handover(e, row);
	}
	crm_handover_iter_destroy(it);
	return st;
}

crm_status sheet_rows(struct crm_db *db, int64_t client_id, enum sheet_part_id p,
		      unsigned flags, struct emitter *e)
{
	bool every = flags & SHEET_EVERY;
	bool open = !every && !(flags & SHEET_CLOSED_AFTER);
	crm_status st;

	switch (p) {
	case SHEET_CONTACTS:
		return rows_contacts(db, client_id, e);
	case SHEET_PROMISES:
		st = rows_promises(db, client_id, !every, false, e);
		return st == CRM_DONE && !every && !open ?
			       rows_promises(db, client_id, false, true, e) : st;
	case SHEET_INCIDENTS:
		st = rows_incidents(db, client_id, !every, false, e);
		return st == CRM_DONE && !every && !open ?
			       rows_incidents(db, client_id, false, true, e) : st;
	case SHEET_NEXT:
		return rows_next(db, client_id, every, e);
	case SHEET_INTERACTIONS:
		return rows_interactions(db, client_id, every || (flags & SHEET_ALL_INTERACTIONS),
					 e);
	case SHEET_HANDOVERS:
		return rows_handovers(db, client_id, e);
	case SHEET_NPARTS:
		break;
	}
	return CRM_DONE;
}

crm_status sheet_lists(struct crm_db *db, int64_t client_id, const struct sheet_opts *o,
		       struct emitter *e)
{
	crm_status st = CRM_DONE;

	for (size_t p = 0; p < o->nparts && st == CRM_DONE; p++) {
		struct emitter *sub;

		if (o->keyed) {
			emit_key(e, sheet_parts[p].key, EMIT_ROWS);
		}
		sub = emit_begin_list(e, sheet_parts[p].cols, *sheet_parts[p].ncols, o->fields[p]);
		st = sub ? sheet_rows(db, client_id, (enum sheet_part_id)p, o->flags, sub) :
			   CRM_ENOMEM;
		emit_end_list(e);
	}
	return st;
}
