/*
 * crm/incident.h: incidents with a client.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_INCIDENT_H
#define CRM_CRM_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

struct crm_incident {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *kind;
	const char *text;
	const char *status;      /* open, resolved */
	const char *how;         /* how resolved; NULL */
	const char *author;
	int64_t created;
	int64_t resolved;        /* 0 while open */
	int64_t at;              /* when it happened (created when not told) */
};

struct crm_incident_filter {
	int64_t client_id;
	bool open_only;
	int64_t id;              /* one incident only, other members ignored; 0: any */
};

struct crm_incident_iter;

/*
 * Atomic, journaled (incident.add, incident.resolve), bump client.updated.
 * add: kind NULL is "misunderstanding"; EINVAL bad kind or text; ENOTFOUND
 * no such client. resolve: open -> resolved, final; EINVAL without a valid
 * how; ENOTFOUND no such incident; ECONFLICT already resolved.
 */
crm_status crm_incident_add(struct crm_db *db, int64_t client_id, const char *kind,
			    const char *text, int64_t *id);
/* crm_incident_add with the moment it happened (0: now, unrecorded);
 * EINVAL when at is in the future. */
crm_status crm_incident_add_at(struct crm_db *db, int64_t client_id, const char *kind,
			       const char *text, int64_t at, int64_t *id);
crm_status crm_incident_resolve(struct crm_db *db, int64_t id, const char *how);
/* Oldest first (by id). */
crm_status crm_incident_query(struct crm_db *db, const struct crm_incident_filter *f,
			      struct crm_incident_iter **out);
crm_status crm_incident_iter_next(struct crm_incident_iter *it, const struct crm_incident **row);
void crm_incident_iter_destroy(struct crm_incident_iter *it);

#ifdef __cplusplus
}
#endif
#endif
