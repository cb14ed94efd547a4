/* contact.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_contact_add(struct crm_db *db, int64_t client_id,
			   const struct crm_contact_input *in, int64_t *id)
{
	(void)db;
	(void)client_id;
	(void)in;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_contact_edit(struct crm_db *db, int64_t id, const struct crm_contact_input *in)
{
	(void)db;
	(void)id;
	(void)in;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_contact_verify(struct crm_db *db, int64_t id, int64_t when)
{
	(void)db;
	(void)id;
	(void)when;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_contact_remove(struct crm_db *db, int64_t id)
{
	(void)db;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_contact_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	(void)db;
	(void)ref;
	(void)id;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_contact_query(struct crm_db *db, const struct crm_contact_filter *f,
			     struct crm_contact_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_contact_iter_next(struct crm_contact_iter *it, const struct crm_contact **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_contact_iter_destroy(struct crm_contact_iter *it)
{
	(void)it;
}
