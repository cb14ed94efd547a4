/* client.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_client_add(struct crm_db *db, const struct crm_client_input *in, int64_t *id)
{
	(void)db;
	(void)in;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_client_edit(struct crm_db *db, int64_t id, const struct crm_client_input *in)
{
	(void)db;
	(void)id;
	(void)in;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_client_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	(void)db;
	(void)ref;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_client_query(struct crm_db *db, const struct crm_client_filter *f,
			    struct crm_client_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_client_iter_next(struct crm_client_iter *it, const struct crm_client **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_client_iter_destroy(struct crm_client_iter *it)
{
	(void)it;
}

crm_status crm_client_find(struct crm_db *db, const char *text, int64_t limit,
			   struct crm_find_iter **out)
{
	(void)db;
	(void)text;
	(void)limit;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_find_iter_next(struct crm_find_iter *it, const struct crm_find_hit **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_find_iter_destroy(struct crm_find_iter *it)
{
	(void)it;
}
