/*
 * crm/manager.h: managers.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_MANAGER_H
#define CRM_CRM_MANAGER_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"
#include "crm/sheet.h"

#ifdef __cplusplus
extern "C" {
#endif

struct crm_manager {
	int64_t id;
	const char *uuid;
	const char *name;
	const char *email;      /* NULL when none */
	const char *phone;
	const char *gender;     /* crm_genders ("f", "m"); NULL unknown */
	const char *position;   /* for the signature of letters; NULL none */
	const char *role;       /* crm_manager_roles */
	const char *status;     /* crm_manager_statuses */
	/* in training now: marked a trainee and trainee_until, if any, not yet
	 * reached (a trainee past that day counts as trained) */
	bool trainee;
	int64_t trainee_until;  /* the day the training ends; 0 none */
	int64_t mentor_id;      /* the trainee's mentor; 0 none */
	const char *mentor;     /* the mentor's name; NULL none */
	int64_t capacity;       /* most clients the manager should hold */
	const char *traits;     /* JSON array text */
	const char *interests;  /* JSON array text */
	int64_t clients;        /* clients owned now */
	int64_t created;
};

enum crm_manager_trainee {
	CRM_TRAINEE_KEEP = 0,   /* add: a trained manager; edit: unchanged */
	CRM_TRAINEE_YES,        /* a trainee (edit: also one already) */
	CRM_TRAINEE_NO,         /* edit: the training ends (until and mentor go) */
};

/* NULL / -1 members mean "default" (add) or "unchanged" (edit); "" clears
 * an optional text (email, phone, gender, position).
 *
 * A trainee needs a mentor: another manager, not left, not a trainee
 * himself (CRM_ECONFLICT otherwise; CRM_EINVAL for a trainee without one).
 * trainee_until and mentor_id go with CRM_TRAINEE_YES only (CRM_EINVAL);
 * trainee_until is today or later.
 *
 * Edit to status "left" of a manager who owns live clients (any status but
 * lost and farewell) is CRM_ECONFLICT unless force: hand them over first
 * (crm_manager_live_clients counts them). A forced leave is journaled. */
struct crm_manager_input {
	const char *name;
	const char *email;
	const char *phone;
	const char *gender;     /* crm_genders; "" clears it */
	const char *position;   /* one line; "" clears it */
	const char *role;
	const char *status;
	int64_t capacity;       /* -1: default (config manager.capacity) / unchanged */
	struct crm_list_edit traits;
	struct crm_list_edit interests;
	enum crm_manager_trainee trainee;
	int64_t trainee_until;  /* 0: none (add) / unchanged (edit) */
	int64_t mentor_id;      /* 0: none (add) / unchanged (edit) */
	bool force;             /* edit: leave although live clients remain */
};

struct crm_manager_iter;

crm_status crm_manager_add(struct crm_db *db, const struct crm_manager_input *in, int64_t *id);
crm_status crm_manager_edit(struct crm_db *db, int64_t id, const struct crm_manager_input *in);
/* crm_manager_edit that tells in *changed (may be NULL) whether anything
 * changed; when nothing did, nothing is written, not even a journal entry. */
crm_status crm_manager_edit_changed(struct crm_db *db, int64_t id,
				    const struct crm_manager_input *in, bool *changed);
/* id or unique case-insensitive name or prefix; ENOTFOUND / EAMBIGUOUS. */
crm_status crm_manager_resolve(struct crm_db *db, const char *ref, int64_t *id);
/* The manager whose name is the current actor's, or 0 (not an error). */
int64_t crm_manager_self(struct crm_db *db);
/* How many live clients (status neither lost nor farewell) manager id owns. */
crm_status crm_manager_live_clients(struct crm_db *db, int64_t id, int64_t *n);
/* id 0: every manager, by name; else that one only. */
crm_status crm_manager_query(struct crm_db *db, int64_t id, struct crm_manager_iter **out);
crm_status crm_manager_iter_next(struct crm_manager_iter *it, const struct crm_manager **row);
void crm_manager_iter_destroy(struct crm_manager_iter *it);

#ifdef __cplusplus
}
#endif
#endif
