/*
 * settings.c: the value of a setting as a command sees it: the base's
 * stored value, else the user's own config file (for the keys it may
 * hold: core.pager, core.hooksPath, hooks.timeout), else none.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "userconfig.h"
#include "banned.h"

char *ctx_setting(struct crm_ctx *ctx, const char *key)
{
	char *v = NULL;
	const char *file;
	bool stored = false;

	if (ctx->db && crm_config_key_find(key) &&
	    crm_config_get(ctx->db, key, &v, &stored) == CRM_OK && v && stored) {
		return v;
	}
	free(v);
	for (size_t i = 0; ucfg_keys[i]; i++) {
		if (strcmp(key, ucfg_keys[i]) == 0) {
			/* main() loaded the file: a broken one stopped crm there */
			file = ucfg_load() == 0 ? ucfg_get(key) : NULL;
			return file ? strdup(file) : NULL;
		}
	}
	return NULL;
}
