/* manager.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_manager_add(struct crm_db *db, const struct crm_manager_input *in, int64_t *id)
{
	(void)db;
	(void)in;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_manager_edit(struct crm_db *db, int64_t id, const struct crm_manager_input *in)
{
	(void)db;
	(void)id;
	(void)in;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_manager_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	(void)db;
	(void)ref;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

int64_t crm_manager_self(struct crm_db *db)
{
	(void)db;
	return 0;
}

crm_status crm_manager_query(struct crm_db *db, int64_t id, struct crm_manager_iter **out)
{
	(void)db;
	(void)id;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_manager_iter_next(struct crm_manager_iter *it, const struct crm_manager **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_manager_iter_destroy(struct crm_manager_iter *it)
{
	(void)it;
}
