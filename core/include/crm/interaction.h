/*
 * crm/interaction.h: interactions: notes, calls, orders, ....
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_INTERACTION_H
#define CRM_CRM_INTERACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most minutes late a meeting records: a day. */
#define CRM_LATE_MAX 1440

struct crm_interaction {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *kind;
	int64_t at;
	const char *author;
	const char *text;
	const char *outcome;     /* NULL when none */
	bool has_amount;
	int64_t amount;          /* cents */
	bool has_late;
	int64_t late;            /* minutes the manager came late to a meeting */
	int64_t author_id;       /* the author's manager id; 0: a name that is no manager's */
};

struct crm_note_input {
	const char *kind;        /* NULL: note */
	int64_t at;              /* 0: now; a date (00:00 UTC) or a moment */
	const char *text;
	const char *outcome;
	bool has_amount;
	int64_t amount;
	const char *author;      /* import only; NULL: the actor */
	bool has_late;           /* a meeting only: minutes late, 0..1440 */
	int64_t late;
};

struct crm_note_result {
	int64_t id;
	const char *status_before;  /* static strings; NULL when unchanged */
	const char *status_after;   /* "active" after an order of a prospect */
	const char *status;         /* the client's status after the note (static) */
	int64_t orders;             /* the client's orders after the note */
	/* the repeat order (the second): the first dangerous stage has passed,
	 * journaled as client.repeat_order; the status stays (not yet regular) */
	bool repeat_order;
};

struct crm_interaction_filter {
	int64_t client_id;
	const char *kind;
	int64_t since;
	int64_t limit;           /* 0: all; newest first */
	int64_t id;              /* one interaction only */
};

struct crm_interaction_iter;

crm_status crm_note_add(struct crm_db *db, int64_t client_id, const struct crm_note_input *in,
			struct crm_note_result *res);
crm_status crm_interaction_query(struct crm_db *db, const struct crm_interaction_filter *f,
				 struct crm_interaction_iter **out);
crm_status crm_interaction_iter_next(struct crm_interaction_iter *it,
				     const struct crm_interaction **row);
void crm_interaction_iter_destroy(struct crm_interaction_iter *it);

#ifdef __cplusplus
}
#endif
#endif
