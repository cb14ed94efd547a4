/*
 * rows.c: helpers shared by the client sheet commands.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

static int ref_done(struct crm_ctx *ctx, crm_status st)
{
	if (st == CRM_OK) {
		return 0;
	}
	return report(ctx, st);
}

int ref_client(struct crm_ctx *ctx, const char *ref, int64_t *id)
{
	return ref_done(ctx, crm_client_resolve(ctx->db, ref, id));
}

int ref_manager(struct crm_ctx *ctx, const char *ref, int64_t *id)
{
	return ref_done(ctx, crm_manager_resolve(ctx->db, ref, id));
}

int ref_contact(struct crm_ctx *ctx, const char *ref, int64_t *id)
{
	return ref_done(ctx, crm_contact_resolve(ctx->db, ref, id));
}

bool arg_money(const char *const *usage, const char *opt, const char *s, int64_t *cents)
{
	if (crm_money_parse(s, cents) != CRM_OK) {
		usage_error(usage, "invalid amount '%s' for %s: use 1234.50 or 1 234,50, at most "
			    "999 999 999 999.99 either way", s, opt);
		return false;
	}
	return true;
}

bool arg_word(const char *const *usage, const char *opt, const char *s,
	      const char *const *words)
{
	char list[256];
	size_t len = 0;

	for (size_t i = 0; words[i]; i++) {
		if (strcmp(s, words[i]) == 0) {
			return true;
		}
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					words[i]);
		if (len >= sizeof(list)) {
			len = sizeof(list) - 1;
		}
	}
	usage_error(usage, "invalid value '%s' for %s (%s)", s, opt, list);
	return false;
}

struct crm_list_edit list_edit(const struct strlist *add, const struct strlist *remove)
{
	struct crm_list_edit ed = { 0 };

	if (add) {
		ed.add = add->items;
		ed.nadd = add->n;
	}
	if (remove) {
		ed.remove = remove->items;
		ed.nremove = remove->n;
	}
	return ed;
}

bool confirm(struct crm_ctx *ctx, bool assume_yes, const char *question)
{
	char line[64];

	if (assume_yes || !ctx->stdin_tty) {
		return true;
	}
	esc_fputs(question, 0, stderr);
	fputs(_(" [y/N] "), stderr);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin)) {
		return false;
	}
	/* y, or the Russian д (the translated prompt asks for it) */
	return line[0] == 'y' || line[0] == 'Y' || strncmp(line, "д", strlen("д")) == 0 ||
	       strncmp(line, "Д", strlen("Д")) == 0;
}
