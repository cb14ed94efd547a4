/* promise.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_promise_add(struct crm_db *db, int64_t client_id, const char *kind,
			   const char *text, int64_t due, int64_t *id)
{
	(void)db;
	(void)client_id;
	(void)kind;
	(void)text;
	(void)due;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_promise_keep(struct crm_db *db, int64_t id)
{
	(void)db;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_promise_break(struct crm_db *db, int64_t id, const char *why)
{
	(void)db;
	(void)id;
	(void)why;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_promise_query(struct crm_db *db, const struct crm_promise_filter *f,
			     struct crm_promise_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_promise_iter_next(struct crm_promise_iter *it, const struct crm_promise **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_promise_iter_destroy(struct crm_promise_iter *it)
{
	(void)it;
}
