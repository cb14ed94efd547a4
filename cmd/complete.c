/*
 * complete.c: crm __complete <words...>, the one source of candidates for
 * the bash, zsh and fish scripts. Prints "word<TAB>description" lines for
 * the last word, which is the one being completed (possibly empty).
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "banned.h"

static const char *const global_opts[][2] = {
	{ "--as", "act as this person" },
	{ "--color", "colour the output: auto, always, never" },
	{ "--db", "the base to use" },
	{ "--fields", "output fields, in order" },
	{ "--format", "output format: table, json, ndjson, csv, tsv" },
	{ "--json", "short for --format json" },
	{ "--quiet", "no chatter on stderr" },
	{ "--version", "print the version" },
};

static bool global_takes_value(const char *w)
{
	return strcmp(w, "--db") == 0 || strcmp(w, "--as") == 0 || strcmp(w, "--format") == 0 ||
	       strcmp(w, "--fields") == 0 || strcmp(w, "--color") == 0;
}

static void print_table(const struct crm_cmd *table)
{
	for (const struct crm_cmd *c = table; c->name; c++) {
		if (!(c->flags & CMD_HIDDEN)) {
			printf("%s\t%s\n", c->name, c->summary);
		}
	}
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
			printf("%s\t%s\n", keys[i].key, keys[i].summary);
		}
		break;
	case COMPLETE_COMMAND:
		print_table(top_cmds);
		break;
	case COMPLETE_FILE:
	case COMPLETE_NONE:
		break;
	}
}

int cmd_complete(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_cmd *table = top_cmds, *c;
	const char *cur, *prev;
	int i = 1, leaf;

	if (argc < 2) {
		print_table(top_cmds);
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
				printf("%s\t%s\n", global_opts[k][0], global_opts[k][1]);
			}
		} else {
			print_table(top_cmds);
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
		table = c->sub;
		if (++i == argc - 1) {
			print_table(table);
			return 0;
		}
	}
	leaf = i;
	ctx->cmd = c;
	ctx->completing = true;
	ctx->complete_cur = cur;
	ctx->complete_prev = prev;
	c->fn(ctx, argc - leaf, argv + leaf);
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
