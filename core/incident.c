/* incident.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_incident_add(struct crm_db *db, int64_t client_id, const char *kind,
			    const char *text, int64_t *id)
{
	(void)db;
	(void)client_id;
	(void)kind;
	(void)text;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_incident_resolve(struct crm_db *db, int64_t id, const char *how)
{
	(void)db;
	(void)id;
	(void)how;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_incident_query(struct crm_db *db, const struct crm_incident_filter *f,
			      struct crm_incident_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_incident_iter_next(struct crm_incident_iter *it, const struct crm_incident **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_incident_iter_destroy(struct crm_incident_iter *it)
{
	(void)it;
}
