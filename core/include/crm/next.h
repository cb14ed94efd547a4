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
	int64_t due;             /* a date (timed false) or a moment (timed true) */
	bool timed;
	const char *kind;        /* call, meeting, letter, task */
	int64_t assignee_id;     /* 0 when none */
	const char *assignee;
	const char *status;      /* open, done */
	const char *author;
	int64_t created;
	int64_t done;            /* 0 while open */
	bool overdue;            /* open and overdue now (crm_next_overdue) */
};

struct crm_next_filter {
	int64_t client_id;
	int64_t assignee_id;
	bool overdue;            /* open and overdue now (crm_next_overdue) */
	int64_t due_before;      /* 0: any; a date, or a moment when due_before_timed */
	bool due_before_timed;
	bool all;                /* include done actions */
	int64_t id;              /* one action only, other members ignored; 0: any */
};

struct crm_next_iter;

/* A new action: due is a date (timed false) or a moment; kind NULL: task. */
struct crm_next_input {
	int64_t client_id;
	const char *text;
	int64_t due;
	bool timed;
	const char *kind;
	int64_t assignee_id;     /* 0: the client's owner */
};

/* A move: the new due, who asked for it (client, manager; NULL: manager), why. */
struct crm_next_move_input {
	int64_t due;
	bool timed;
	const char *by;
	const char *reason;
};

/* One kept move of an action. */
struct crm_next_move {
	int64_t id;
	int64_t action_id;
	int64_t at;
	int64_t from_due, to_due;
	bool from_timed, to_timed;
	const char *by;          /* client, manager */
	const char *reason;
	const char *actor;
	int64_t actor_id;        /* 0: the actor is no manager */
};
struct crm_next_move_iter;

extern const char *const crm_next_kinds[];   /* NULL-terminated */

/*
 * Overdue at now: a timed action from its moment (now >= due), a dated one
 * once its day is over in the team's zone (due < today).
 */
bool crm_next_overdue(int64_t due, bool timed, int64_t now);

/*
 * Atomic, journaled (next.add, next.done, next.move with old_due, due, by
 * and reason), bump client.updated. Due dates are today or later (stored
 * as their day), due times now or later: EINVAL otherwise, also for due 0
 * on add, an unknown kind, or a bad text.
 * crm_next_add is crm_next_new for a dated task.
 * add: assignee_id 0: the client's owner, or none when the client has no
 * owner (allowed). ENOTFOUND no such client or manager.
 * done: open -> done, final. note (may be NULL) is recorded as an
 * interaction of kind note by the actor, with crm_note_add, in the same
 * transaction. move: a new due for an open action, kept as a next_move
 * row (by the actor, with the actor's manager id) with its reason, which
 * is required (EINVAL without); ECONFLICT when the due is the same.
 * done, move: ENOTFOUND no such action; ECONFLICT already done.
 */
crm_status crm_next_new(struct crm_db *db, const struct crm_next_input *in, int64_t *id);
crm_status crm_next_add(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			int64_t assignee_id, int64_t *id);
crm_status crm_next_done(struct crm_db *db, int64_t id, const char *note);
crm_status crm_next_move(struct crm_db *db, int64_t id, const struct crm_next_move_input *in);
/* The moves of an action, oldest first; ENOTFOUND no such action. */
crm_status crm_next_moves(struct crm_db *db, int64_t action_id, struct crm_next_move_iter **out);
crm_status crm_next_move_iter_next(struct crm_next_move_iter *it, const struct crm_next_move **row);
void crm_next_move_iter_destroy(struct crm_next_move_iter *it);
/* The earliest due first (then by id); open only unless all. */
crm_status crm_next_query(struct crm_db *db, const struct crm_next_filter *f,
			  struct crm_next_iter **out);
crm_status crm_next_iter_next(struct crm_next_iter *it, const struct crm_next_action **row);
void crm_next_iter_destroy(struct crm_next_iter *it);

#ifdef __cplusplus
}
#endif
#endif
