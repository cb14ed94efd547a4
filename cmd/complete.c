/*
 * complete.c: crm __complete <words...>, the one source of candidates for
 * the bash, zsh and fish scripts. Prints "word<TAB>description" lines for
 * the last word, which is the one being completed (possibly empty).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

static const char *const global_opts[][2] = {
	{ "--as", N_("act as this person") },
	{ "--color", N_("colour the output: auto, always, never") },
	{ "--db", N_("the base to use") },
	{ "--excel", N_("CSV for a Russian Excel: a byte order mark, ';' and CRLF") },
	{ "--fields", N_("output fields, in order") },
	{ "--format", N_("output format: table, json, ndjson, csv, tsv") },
	{ "--json", N_("short for --format json") },
	{ "--no-pager", N_("never page the output") },
	{ "--no-verify", N_("skip the pre- hooks") },
	{ "--quiet", N_("no chatter on stderr") },
	{ "--version", N_("print the version") },
	{ "--wide", N_("on a terminal, never cut table columns to its width") },
};

static bool global_takes_value(const char *w)
{
	return strcmp(w, "--db") == 0 || strcmp(w, "--as") == 0 || strcmp(w, "--format") == 0 ||
	       strcmp(w, "--fields") == 0 || strcmp(w, "--color") == 0;
}

/* The visible commands of table that start with prefix. */
static void print_table(const struct crm_cmd *table, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const struct crm_cmd *c = table; c->name; c++) {
		if (!(c->flags & CMD_HIDDEN) && strncmp(c->name, prefix, n) == 0) {
			printf("%s\t%s\n", c->name, _(c->summary));
		}
	}
}

/* Client or manager names from the base the dispatcher opened gently
 * (CMD_DB_GENTLY): no base, no names. */
static void complete_names(struct crm_ctx *ctx, enum cmd_complete kind)
{
	struct crm_db *db = ctx->db;
	char *fold = crm_text_fold(ctx->complete_cur ? ctx->complete_cur : "");
	int n = 0;

	if (!fold || !db) {
		free(fold);
		return;
	}
	if (kind == COMPLETE_CONTACT) {
		struct crm_contact_filter f = { 0 };
		struct crm_contact_iter *it;
		const struct crm_contact *c;

		if (crm_contact_query(db, &f, &it) == CRM_OK) {
			while (n < 200 && crm_contact_iter_next(it, &c) == CRM_OK) {
				char *name = crm_text_fold(c->name);

				if (name && strncmp(name, fold, strlen(fold)) == 0) {
					printf("%s\t%s\n", c->name, c->client);
					n++;
				}
				free(name);
			}
			crm_contact_iter_destroy(it);
		}
	} else if (kind == COMPLETE_CLIENT) {
		struct crm_client_filter f = { .sort = CRM_SORT_NAME };
		struct crm_client_iter *it;
		const struct crm_client *c;

		if (crm_client_query(db, &f, &it) == CRM_OK) {
			while (n < 200 && crm_client_iter_next(it, &c) == CRM_OK) {
				char *name = crm_text_fold(c->name);

				if (name && strncmp(name, fold, strlen(fold)) == 0) {
					printf("%s\t%s\n", c->name, c->tier);
					n++;
				}
				free(name);
			}
			crm_client_iter_destroy(it);
		}
	} else {
		struct crm_manager_iter *it;
		const struct crm_manager *m;

		if (crm_manager_query(db, 0, &it) == CRM_OK) {
			while (crm_manager_iter_next(it, &m) == CRM_OK) {
				printf("%s\t%s\n", m->name, m->role);
			}
			crm_manager_iter_destroy(it);
		}
	}
	free(fold);
}

static void complete_positional(struct crm_ctx *ctx, const struct crm_cmd *c)
{
	size_t n;
	const struct crm_config_key *keys;

	(void)ctx;
	switch (c->complete) {
	case COMPLETE_CONFIG_KEY:
		keys = crm_config_keys(&n);
		for (size_t i = 0; i < n; i++) {
			printf("%s\t%s\n", keys[i].key, _(keys[i].summary));
		}
		break;
	case COMPLETE_COMMAND:
		print_table(top_cmds, "");
		break;
	case COMPLETE_CLIENT:
	case COMPLETE_MANAGER:
	case COMPLETE_CONTACT:
		complete_names(ctx, c->complete);
		break;
	case COMPLETE_FILE:
	case COMPLETE_NONE:
		break;
	}
}

/* Every visible command path that runs: "config get", "init", ... (a
 * group with its own handler, as "audit", and its verbs) */
static void print_paths(const struct crm_cmd *table, const char *prefix)
{
	char path[256]; /* a prefix of two command names and a name */

	for (const struct crm_cmd *c = table; c->name; c++) {
		if (c->flags & CMD_HIDDEN) {
			continue;
		}
		snprintf(path, sizeof(path), "%.120s%s%.120s", prefix, *prefix ? " " : "", c->name);
		if (c->fn) {
			printf("%s\t%s\n", path, _(c->summary));
		}
		if (c->sub) {
			print_paths(c->sub, path);
		}
	}
}

int cmd_complete(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_cmd *table = top_cmds, *c;
	const char *cur, *prev;
	int i = 1, leaf;

	if (argc < 2) {
		print_table(top_cmds, "");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--commands") == 0) {
		print_paths(top_cmds, "");
		return 0;
	}
	cur = argv[argc - 1];
	prev = argc >= 3 ? argv[argc - 2] : NULL;
	/* global options before the command */
	while (i < argc - 1 && argv[i][0] == '-') {
		i += global_takes_value(argv[i]) ? 2 : 1;
	}
	if (i >= argc - 1) {
		if (prev && strcmp(prev, "--format") == 0) {
			puts("table\njson\nndjson\ncsv\ntsv");
		} else if (prev && strcmp(prev, "--color") == 0) {
			puts("auto\nalways\nnever");
		} else if (prev && global_takes_value(prev)) {
			return 0;
		} else if (cur[0] == '-') {
			for (size_t k = 0; k < ARRAY_SIZE(global_opts); k++) {
				printf("%s\t%s\n", global_opts[k][0], _(global_opts[k][1]));
			}
		} else {
			print_table(top_cmds, "");
		}
		return 0;
	}
	for (;;) {
		c = cmd_find(table, argv[i]);
		if (!c || (c->flags & CMD_HIDDEN)) {
			return 0;
		}
		if (!c->sub) {
			break;
		}
		if (i + 1 == argc - 1) {
			/* the verb, and for a group with a handler that handler's
			 * candidates too: crm handover <verb or client> */
			if (!c->fn) {
				print_table(c->sub, "");
				return 0;
			}
			if (cur[0] != '-') {
				print_table(c->sub, cur);
			}
			break;
		}
		if (c->fn && !cmd_find(c->sub, argv[i + 1])) {
			break; /* crm handover Acme --to ..., crm audit --rule ... */
		}
		table = c->sub;
		i++;
	}
	leaf = i;
	ctx->cmd = c;
	ctx->completing = true;
	ctx->complete_cur = cur;
	ctx->complete_prev = prev;
	c->fn(ctx, argc - leaf, argv + leaf);
	if (ctx->complete_value == COMPLETE_MANAGER || ctx->complete_value == COMPLETE_CLIENT) {
		complete_names(ctx, ctx->complete_value);
		return 0;
	}
	if (ctx->complete_positional) {
		/* only the first positional has candidates */
		for (int k = leaf + 1; k < argc - 1; k++) {
			if (argv[k][0] != '-') {
				return 0;
			}
		}
		complete_positional(ctx, c);
	}
	return 0;
}
