/*
 * crm/promise.h: promises made to a client.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_PROMISE_H
#define CRM_CRM_PROMISE_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

struct crm_promise {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *kind;
	const char *text;
	int64_t due;             /* 0 when none */
	const char *status;      /* open, kept, broken */
	const char *why;         /* why broken; NULL */
	const char *author;
	int64_t created;
	int64_t closed;          /* 0 while open */
};

struct crm_promise_filter {
	int64_t client_id;
	bool open_only;
	bool overdue;            /* open and due before today (crm_db_today) */
	int64_t id;              /* one promise only, other members ignored; 0: any */
};

struct crm_promise_iter;

/*
 * Every change below is atomic, journaled (promise.add, promise.keep,
 * promise.break) and bumps the client's updated time.
 * add: kind NULL is "promise"; due 0 is none, else a date today or later
 * (stored as its day). EINVAL bad kind, text or a due date before today;
 * ENOTFOUND no such client.
 * keep, break: open -> kept | broken, final (a doubt or risk is "kept" when
 * it is no longer a concern). ENOTFOUND no such promise; ECONFLICT not open
 * ("promise 12 is already kept"); break: EINVAL without a valid why.
 */
crm_status crm_promise_add(struct crm_db *db, int64_t client_id, const char *kind,
			   const char *text, int64_t due, int64_t *id);
crm_status crm_promise_keep(struct crm_db *db, int64_t id);
crm_status crm_promise_break(struct crm_db *db, int64_t id, const char *why);
/* Oldest first (by id). */
crm_status crm_promise_query(struct crm_db *db, const struct crm_promise_filter *f,
			     struct crm_promise_iter **out);
crm_status crm_promise_iter_next(struct crm_promise_iter *it, const struct crm_promise **row);
void crm_promise_iter_destroy(struct crm_promise_iter *it);

#ifdef __cplusplus
}
#endif
#endif
