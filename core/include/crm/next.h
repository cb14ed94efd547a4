/*
 * crm/next.h: next actions.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_NEXT_H
#define CRM_CRM_NEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

struct crm_next_action {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *text;
	int64_t due;
	int64_t assignee_id;     /* 0 when none */
	const char *assignee;
	const char *status;      /* open, done */
	const char *author;
	int64_t created;
	int64_t done;            /* 0 while open */
};

struct crm_next_filter {
	int64_t client_id;
	int64_t assignee_id;
	bool overdue;            /* due before today */
	int64_t due_before;      /* 0: any */
	bool all;                /* include done actions */
	int64_t id;              /* one action only, other members ignored; 0: any */
};

struct crm_next_iter;

/*
 * Atomic, journaled (next.add, next.done, next.move with old_due and due),
 * bump client.updated. Due dates are today or later (stored as their day):
 * EINVAL otherwise, also for due 0 on add.
 * add: assignee_id 0: the client's owner, or none when the client has no
 * owner (allowed). ENOTFOUND no such client or manager.
 * done: open -> done, final. note (may be NULL) is recorded as an
 * interaction of kind note by the actor, with crm_note_add, in the same
 * transaction. move: a new due date for an open action.
 * done, move: ENOTFOUND no such action; ECONFLICT already done.
 */
crm_status crm_next_add(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			int64_t assignee_id, int64_t *id);
crm_status crm_next_done(struct crm_db *db, int64_t id, const char *note);
crm_status crm_next_move(struct crm_db *db, int64_t id, int64_t due);
/* The earliest due first (then by id); open only unless all. */
crm_status crm_next_query(struct crm_db *db, const struct crm_next_filter *f,
			  struct crm_next_iter **out);
crm_status crm_next_iter_next(struct crm_next_iter *it, const struct crm_next_action **row);
void crm_next_iter_destroy(struct crm_next_iter *it);

#ifdef __cplusplus
}
#endif
#endif
