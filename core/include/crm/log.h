/*
 * crm/log.h: the timeline of a client.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_LOG_H
#define CRM_CRM_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

struct crm_log_entry {
	int64_t at;
	const char *kind;        /* interaction, promise, incident, next, handover, status, owner */
	const char *event;       /* call, added, kept, broken, opened, resolved, done, changed, ... */
	const char *text;
	const char *actor;
	int64_t ref_id;
	int64_t survey_id;       /* of a survey interaction: the VIP survey (crm_vip_survey_get); 0 */
};

/* The words --kind accepts: the entry kinds, then the interaction kinds. */
extern const char *const crm_log_kinds[];

struct crm_log_filter {
	int64_t client_id;
	const char *kind;        /* one of the kinds above, or an interaction kind */
	int64_t since;
	int64_t limit;
	bool human;              /* the words around the data in the user's language
				    (a table); false: English, as JSON and CSV keep them */
};

struct crm_log_iter;

crm_status crm_log_query(struct crm_db *db, const struct crm_log_filter *f,
			 struct crm_log_iter **out);
crm_status crm_log_iter_next(struct crm_log_iter *it, const struct crm_log_entry **row);
void crm_log_iter_destroy(struct crm_log_iter *it);

#ifdef __cplusplus
}
#endif
#endif
