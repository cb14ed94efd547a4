/* next.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_next_add(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			int64_t assignee_id, int64_t *id)
{
	(void)db;
	(void)client_id;
	(void)text;
	(void)due;
	(void)assignee_id;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_next_done(struct crm_db *db, int64_t id, const char *note)
{
	(void)db;
	(void)id;
	(void)note;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_next_move(struct crm_db *db, int64_t id, int64_t due)
{
	(void)db;
	(void)id;
	(void)due;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_next_query(struct crm_db *db, const struct crm_next_filter *f,
			  struct crm_next_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_next_iter_next(struct crm_next_iter *it, const struct crm_next_action **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_next_iter_destroy(struct crm_next_iter *it)
{
	(void)it;
}
