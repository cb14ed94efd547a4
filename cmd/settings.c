/*
 * settings.c: the value of a setting as a command sees it: the base's
 * stored value, else the user's own config file, else none.
 */
#include <stdlib.h>

#include "commands.h"
#include "banned.h"

char *ctx_setting(struct crm_ctx *ctx, const char *key)
{
	char *v = NULL;
	bool stored = false;

	if (ctx->db && crm_config_get(ctx->db, key, &v, &stored) == CRM_OK && v && stored) {
		return v;
	}
	free(v);
	/* the user's config file ($XDG_CONFIG_HOME/crm/config) comes here */
	return NULL;
}
