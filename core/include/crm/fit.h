/*
 * crm/fit.h: the fit between a manager and a client (handover, vip).
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_FIT_H
#define CRM_CRM_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * How well an active manager suits a client: shared interests and similar
 * characters attract, an energetic manager does not suit a reserved
 * client, a client needing patience or support gets a patient manager,
 * free capacity counts, a manager who handled the client before gains
 * (unless that relation ended by a client-request or a conflict), one who
 * had a conflict with it ranks last, a trainee comes after the others for
 * a vip or key client. A manager whom the client asked within a year to be
 * rid of (a client-request handover from it) is left out. The rules are
 * in core/fit.c and crm-handover(1).
 */
struct crm_fit {
	int64_t manager_id;
	const char *manager;     /* borrowed from the array's storage */
	int score;               /* higher is better */
	int64_t load;            /* clients held now */
	int64_t capacity;
	bool over_capacity;      /* load >= capacity */
	const char *why;         /* "shared interests: fishing; load 12/40; ..." */
};

struct crm_fit_list {
	struct crm_fit *items;   /* best first */
	size_t n;
};

/* Ranks the active managers other than exclude_id (usually the owner; 0:
 * none) for the client. *out is the caller's: crm_fit_list_destroy. */
crm_status crm_fit_rank(struct crm_db *db, int64_t client_id, int64_t exclude_id,
			struct crm_fit_list **out);
void crm_fit_list_destroy(struct crm_fit_list *l);

#ifdef __cplusplus
}
#endif
#endif
