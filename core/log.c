/* log.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_log_query(struct crm_db *db, const struct crm_log_filter *f,
			 struct crm_log_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_log_iter_next(struct crm_log_iter *it, const struct crm_log_entry **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_log_iter_destroy(struct crm_log_iter *it)
{
	(void)it;
}
