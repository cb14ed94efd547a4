/*
 * cmd-config.c: crm config list|get|set|unset.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

static const char *const type_names[] = {
	[CRM_CONFIG_STRING] = "string",
	[CRM_CONFIG_INT] = "int",
	[CRM_CONFIG_BOOL] = "bool",
	[CRM_CONFIG_ENUM] = "enum",
};

static const struct emit_col config_cols[] = {
	{ "key", N_("KEY"), EMIT_STR },
	{ "value", N_("VALUE"), EMIT_STR },
	{ "set", N_("SET"), EMIT_BOOL },
	{ "default", N_("DEFAULT"), EMIT_STR },
	{ "type", N_("TYPE"), EMIT_STR },
	{ "summary", N_("DESCRIPTION"), EMIT_STR },
};

/* Unknown keys are usage errors (exit 2), with the nearest known keys. */
static const struct crm_config_key *known_key(const char *key, const char *const *usage)
{
	const struct crm_config_key *k = crm_config_key_find(key);

	if (!k) {
		usage_error(usage, "unknown config key '%s'", key);
		hint("'crm config list' shows every key");
	}
	return k;
}

static int emit_config_key(struct crm_ctx *ctx, struct emitter *e, const struct crm_config_key *k)
{
	char *value = NULL;
	bool is_set = false;
	crm_status st = crm_config_get(ctx->db, k->key, &value, &is_set);

	if (st != CRM_OK) {
		return report(ctx, st);
	}
	emit_begin(e);
	emit_str(e, k->key);
	emit_str(e, value);
	emit_bool(e, is_set);
	emit_str(e, k->def);
	emit_str(e, type_names[k->type]);
	/* for people in a table; the English text in the machine formats */
	emit_str(e, ctx->format == EMIT_FMT_TABLE ? _(k->summary) : k->summary);
	emit_end(e);
	free(value);
	return 0;
}

int cmd_config_list(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm config list", NULL };
	const struct crm_config_key *keys;
	struct emitter *e;
	size_t n;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 0, &code)) {
		return code;
	}
	e = ctx_emitter(ctx, config_cols, ARRAY_SIZE(config_cols), 0);
	if (!e) {
		return EXIT_USAGE;
	}
	keys = crm_config_keys(&n);
	for (size_t i = 0; i < n; i++) {
		code = emit_config_key(ctx, e, &keys[i]);
		if (code) {
			emit_destroy(e);
			return code;
		}
	}
	return ctx_emit_done(ctx, e);
}

int cmd_config_get(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm config get <key>", NULL };
	const struct crm_config_key *k;
	struct emitter *e;
	char *value = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 1, 1, &code)) {
		return code;
	}
	k = known_key(argv[0], usage);
	if (!k) {
		return EXIT_USAGE;
	}
	if (ctx->format != EMIT_FMT_TABLE) {
		e = ctx_emitter(ctx, config_cols, ARRAY_SIZE(config_cols), EMIT_SINGLE);
		if (!e) {
			return EXIT_USAGE;
		}
		code = emit_config_key(ctx, e, k);
		if (code) {
			emit_destroy(e);
			return code;
		}
		return ctx_emit_done(ctx, e);
	}
	/* like git config: the bare value, exit 1 when there is none */
	st = crm_config_get(ctx->db, k->key, &value, NULL);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (!value) {
		return EXIT_FAIL;
	}
	printf("%s\n", value);
	free(value);
	return 0;
}

int cmd_config_set(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm config set <key> <value>", NULL };
	const struct crm_config_key *k;
	char msg[512];
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 2, 2, &code)) {
		return code;
	}
	k = known_key(argv[0], usage);
	if (!k) {
		return EXIT_USAGE;
	}
	if (crm_config_check(k, argv[1], msg, sizeof(msg)) != CRM_OK) {
		return usage_error(usage, "%s", msg);
	}
	st = crm_config_set(ctx->db, k->key, argv[1]);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	return 0;
}

int cmd_config_unset(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm config unset <key>", NULL };
	const struct crm_config_key *k;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 1, 1, &code)) {
		return code;
	}
	k = known_key(argv[0], usage);
	if (!k) {
		return EXIT_USAGE;
	}
	st = crm_config_unset(ctx->db, k->key);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	return 0;
}
