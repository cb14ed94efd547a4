/*
 * cmd-config.c: crm config list|get|set|unset: the base's settings, the
 * team's; with --global the user's own config file (userconfig.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "userconfig.h"
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
	char canon[128];

	if (!k && ucfg_key_canonical(key, canon, sizeof(canon))) {
		usage_error(usage, "%s is not a setting of the base: it is yours, in your config file",
			    key);
		hint("use crm config --global (crm config --global set user.name 'Вера Лебедева')");
	} else if (!k) {
		usage_error(usage, "unknown config key '%s'", key);
		hint("'crm config list' shows every key");
	}
	return k;
}

static const struct emit_col global_cols[] = {
	{ "key", N_("KEY"), EMIT_STR },
	{ "value", N_("VALUE"), EMIT_STR },
	{ "line", N_("LINE"), EMIT_INT },
};

/*
 * The commands below are run twice by the dispatcher: first to parse the
 * options (ctx->parse_only), then with the base open. With --global the
 * base plays no part: the work is done in the first pass, whose exit
 * code the dispatcher returns when args_ok is false.
 */
static bool global_pass(struct crm_ctx *ctx, bool global)
{
	if (global && ctx->parse_only && ctx->args_ok) {
		ctx->args_ok = false;
		return true;
	}
	return false;
}

/* A key the user's file may hold, in its canonical spelling; else a usage error. */
static bool user_key(const char *key, char *canon, size_t n, const char *const *usage)
{
	if (ucfg_key_canonical(key, canon, n)) {
		return true;
	}
	if (crm_config_key_find(key)) {
		usage_error(usage, "%s is a setting of the base, the team's: it is not read from your "
			    "config file", key);
		hint("set it for the whole team with crm config set %s <value>", key);
	} else {
		usage_error(usage, "unknown key '%s' for your config file", key);
		hint("your config file holds user.name, core.db, core.pager, core.hooksPath, "
		     "hooks.timeout and alias.<name>");
	}
	return false;
}

static int global_list(struct crm_ctx *ctx)
{
	size_t n;
	const struct ucfg_entry *ent = ucfg_entries(&n);
	struct emitter *e = ctx_emitter(ctx, global_cols, ARRAY_SIZE(global_cols), 0);

	if (!e) {
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++) {
		emit_begin(e);
		emit_str(e, ent[i].key);
		emit_str(e, ent[i].value);
		emit_int(e, ent[i].line);
		emit_end(e);
	}
	return ctx_emit_done(ctx, e);
}

static int global_get(const char *key, const char *const *usage)
{
	char canon[128];
	size_t n;
	const struct ucfg_entry *ent = ucfg_entries(&n);
	const char *value = NULL;

	if (!user_key(key, canon, sizeof(canon), usage)) {
		return EXIT_USAGE;
	}
	/* the value as written: a path's ~/ stays */
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ent[i].key, canon) == 0) {
			value = ent[i].value;
		}
	}
	if (!value) {
		return EXIT_FAIL;
	}
	printf("%s\n", value);
	return 0;
}

/* What the file may hold for key; false with the usage error printed. */
static bool global_value_ok(const char *key, const char *value, const char *const *usage)
{
	const struct crm_config_key *k = crm_config_key_find(key);
	char msg[512];

	if (strcmp(key, "user.name") == 0) {
		if (!crm_text_line_check("user.name", value, CRM_NAME_MAX, msg, sizeof(msg))) {
			usage_error(usage, "invalid identity: %s", msg);
			return false;
		}
		return true;
	}
	if (!*value) {
		usage_error(usage, "empty value for '%s': use 'crm config --global unset %s'", key,
			    key);
		return false;
	}
	if (!crm_utf8_valid(value, strlen(value))) {
		usage_error(usage, "the value of '%s' is not valid UTF-8 text", key);
		return false;
	}
	if ((strcmp(key, "core.db") == 0 || strcmp(key, "core.hooksPath") == 0) &&
	    value[0] != '/' && strncmp(value, "~/", 2) != 0) {
		usage_error(usage, "'%s' for %s is not an absolute path: begin it with / or ~/",
			    value, key);
		return false;
	}
	if (k && crm_config_check(k, value, msg, sizeof(msg)) != CRM_OK) {
		usage_error(usage, "%s", msg);
		return false;
	}
	return true;
}

static int global_set(const char *key, const char *value, const char *const *usage)
{
	char canon[128];
	const char *name = canon + 6;

	if (!user_key(key, canon, sizeof(canon), usage) || !global_value_ok(canon, value, usage)) {
		return EXIT_USAGE;
	}
	if (strncmp(canon, "alias.", 6) == 0 && cmd_find(top_cmds, name)) {
		warning("the alias '%s' is never used: crm %s is a command, which runs instead",
			name, name);
	}
	return ucfg_write(canon, value);
}

static int global_unset(const char *key, const char *const *usage)
{
	char canon[128];

	if (!user_key(key, canon, sizeof(canon), usage)) {
		return EXIT_USAGE;
	}
	return ucfg_write(canon, NULL);
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
	static const char *const usage[] = { "crm config list [--global]", NULL };
	const struct crm_config_key *keys;
	struct emitter *e;
	bool global = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "global", &global, "list the keys of your own config file"),
		OPT_END,
	};
	size_t n;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return global_pass(ctx, global) ? global_list(ctx) : code;
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
	static const char *const usage[] = { "crm config get [--global] <key>", NULL };
	const struct crm_config_key *k;
	struct emitter *e;
	char *value = NULL;
	bool global = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "global", &global, "read your own config file"),
		OPT_END,
	};
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return global_pass(ctx, global) ? global_get(argv[0], usage) : code;
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
	static const char *const usage[] = { "crm config set [--global] <key> <value>", NULL };
	const struct crm_config_key *k;
	char msg[512];
	bool global = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "global", &global, "write your own config file"),
		OPT_END,
	};
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 2, 2, &code)) {
		return global_pass(ctx, global) ? global_set(argv[0], argv[1], usage) : code;
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
	static const char *const usage[] = { "crm config unset [--global] <key>", NULL };
	const struct crm_config_key *k;
	bool global = false;
	const struct opt opts[] = {
		OPT_FLAG(0, "global", &global, "remove the key from your own config file"),
		OPT_END,
	};
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return global_pass(ctx, global) ? global_unset(argv[0], usage) : code;
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
