/* interaction.c: not built yet (stub). */
#include "crm-private.h"

crm_status crm_note_add(struct crm_db *db, int64_t client_id, const struct crm_note_input *in,
			struct crm_note_result *res)
{
	(void)db;
	(void)client_id;
	(void)in;
	(void)res;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_interaction_query(struct crm_db *db, const struct crm_interaction_filter *f,
				 struct crm_interaction_iter **out)
{
	(void)db;
	(void)f;
	(void)out;
	return CRM_EINVAL; /* not built yet */
}

crm_status crm_interaction_iter_next(struct crm_interaction_iter *it,
				     const struct crm_interaction **row)
{
	(void)it;
	(void)row;
	return CRM_EINVAL; /* not built yet */
}

void crm_interaction_iter_destroy(struct crm_interaction_iter *it)
{
	(void)it;
}
