/*
 * complete.c: crm __complete <words...>, the one source of candidates for
 * the bash, zsh and fish scripts. Prints "word<TAB>description" lines for
 * the last word, which is the one being completed (possibly empty), given
 * unquoted as the command will see it.
 *
 * The candidates are already matched against that word as crm matches a
 * reference: case-folded (crm_text_fold), a name also by the start of any
 * of its words ("ром" offers ООО «Ромашка»). The scripts insert them as
 * they are and must not filter them again.
 */
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "opts.h"
#include "report.h"
#include "userconfig.h"
#include "banned.h"

#define MAX_NAMES 200 /* names offered at most */

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

/* The output options a command takes after its name too (opts.c). */
static const char *const output_opts[][2] = {
	{ "--excel", N_("CSV for a Russian Excel: a byte order mark, ';' and CRLF") },
	{ "--fields", N_("output fields, in order") },
	{ "--format", N_("output format: table, json, ndjson, csv, tsv") },
	{ "--json", N_("short for --format json") },
};

static const char *const colors[] = { "auto", "always", "never", NULL };

/* the word being completed, folded (NULL: offer everything) */
static char *cur_fold;
/* what goes before each name: the items before the last comma of a list */
static char list_prefix[1024];
/* the base --db names on the line ("": none) */
static char line_db[4096];

static bool global_takes_value(const char *w)
{
	return strcmp(w, "--db") == 0 || strcmp(w, "--as") == 0 || strcmp(w, "--format") == 0 ||
	       strcmp(w, "--fields") == 0 || strcmp(w, "--color") == 0;
}

void complete_offer(const char *word, const char *desc)
{
	char *fold;
	bool ok;

	if (cur_fold && *cur_fold) {
		fold = crm_text_fold(word);
		ok = fold && strncmp(fold, cur_fold, strlen(cur_fold)) == 0;
		free(fold);
		if (!ok) {
			return;
		}
	}
	if (desc && *desc) {
		printf("%s\t%s\n", word, desc);
	} else {
		printf("%s\n", word);
	}
}

/* " " and s folded, with the punctuation that starts a word turned into
 * spaces, as core's resolver sees names (WORD_SPACES in core/client.c). */
static char *word_spaced(const char *s)
{
	char *fold = crm_text_fold(s), *out, *w;

	if (!fold || !(out = malloc(strlen(fold) + 2))) {
		free(fold);
		return NULL;
	}
	w = out;
	*w++ = ' ';
	for (const char *r = fold; *r; r++) {
		if (strncmp(r, "\xc2\xab", 2) == 0) { /* « */
			*w++ = ' ';
			r++;
		} else if (*r == '"' || *r == '(' || *r == '-' || *r == '.') {
			*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	free(fold);
	return out;
}

/* name matches the word being completed: a folded prefix, or the start
 * of one of its words */
static bool name_matches(const char *name)
{
	char *fold, *a, *b;
	bool ok;

	if (!cur_fold || !*cur_fold) {
		return true;
	}
	fold = crm_text_fold(name);
	ok = fold && strncmp(fold, cur_fold, strlen(cur_fold)) == 0;
	free(fold);
	if (ok) {
		return true;
	}
	a = word_spaced(name);
	b = word_spaced(cur_fold);
	ok = a && b && strstr(a, b) != NULL;
	free(a);
	free(b);
	return ok;
}

static void offer_name(const char *name, const char *desc, int *n)
{
	if (*n < MAX_NAMES && name_matches(name)) {
		printf("%s%s\t%s\n", list_prefix, name, desc ? desc : "");
		(*n)++;
	}
}

/* The visible commands of table. */
static void print_table(const struct crm_cmd *table)
{
	for (const struct crm_cmd *c = table; c->name; c++) {
		if (!(c->flags & CMD_HIDDEN)) {
			complete_offer(c->name, _(c->summary));
		}
	}
}

static void offer_alias(const char *name, const char *value, void *data)
{
	char desc[300];

	(void)data;
	if (!cmd_find(top_cmds, name)) {
		snprintf(desc, sizeof(desc), _("alias for '%s'"), value);
		complete_offer(name, desc);
	}
}

/* The top commands, then the user's aliases that no command shadows
 * (each once, its last value, as crm help lists them). */
static void print_top(void)
{
	print_table(top_cmds);
	ucfg_aliases(offer_alias, NULL);
}

static void offer_words(const char *const *words)
{
	for (size_t i = 0; words[i]; i++) {
		complete_offer(words[i], NULL);
	}
}

static void offer_formats(const struct crm_cmd *c)
{
	static const char *const formats[] = { "table", "json", "ndjson", "csv", "tsv", NULL };

	offer_words(formats);
	if (c && (c->flags & CMD_FMT_VCARD)) {
		complete_offer("vcard", NULL);
	}
	if (c && (c->flags & CMD_FMT_ICS)) {
		complete_offer("ics", NULL);
	}
	if (c && (c->flags & CMD_FMT_HTML)) {
		complete_offer("html", NULL);
	}
}

/* Client, manager or contact names from the base the dispatcher opened
 * gently (CMD_DB_GENTLY), or the one --db names: no base, no names. */
static void complete_names(struct crm_ctx *ctx, enum cmd_complete kind)
{
	struct crm_db *db = ctx->db;
	int n = 0;

	if (!db) {
		return;
	}
	if (kind == COMPLETE_CONTACT) {
		struct crm_contact_filter f = { 0 };
		struct crm_contact_iter *it;
		const struct crm_contact *c;

		if (crm_contact_query(db, &f, &it) == CRM_OK) {
			while (n < MAX_NAMES && crm_contact_iter_next(it, &c) == CRM_OK) {
				offer_name(c->name, c->client, &n);
			}
			crm_contact_iter_destroy(it);
		}
	} else if (kind == COMPLETE_CLIENT) {
		struct crm_client_filter f = { .sort = CRM_SORT_NAME };
		struct crm_client_iter *it;
		const struct crm_client *c;

		if (crm_client_query(db, &f, &it) == CRM_OK) {
			while (n < MAX_NAMES && crm_client_iter_next(it, &c) == CRM_OK) {
				offer_name(c->name, c->tier, &n);
			}
			crm_client_iter_destroy(it);
		}
	} else if (kind == COMPLETE_MANAGER) {
		struct crm_manager_iter *it;
		const struct crm_manager *m;

		if (crm_manager_query(db, 0, &it) == CRM_OK) {
			while (n < MAX_NAMES && crm_manager_iter_next(it, &m) == CRM_OK) {
				offer_name(m->name, m->role, &n);
			}
			crm_manager_iter_destroy(it);
		}
	}
}

static void complete_positional(struct crm_ctx *ctx, const struct crm_cmd *c)
{
	size_t n;
	const struct crm_config_key *keys;

	switch (c->complete) {
	case COMPLETE_CONFIG_KEY:
		keys = crm_config_keys(&n);
		for (size_t i = 0; i < n; i++) {
			complete_offer(keys[i].key, _(keys[i].summary));
		}
		break;
	case COMPLETE_COMMAND:
		print_top();
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

/* item is one of the items of the comma list list ("a,b,") */
static bool in_list(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; *p; p += strcspn(p, ","), p += *p == ',') {
		if (strncmp(p, item, n) == 0 && (p[n] == ',' || p[n] == '\0')) {
			return true;
		}
	}
	return false;
}

/*
 * The fields of a command that only reads, for --fields: the command runs
 * in a child on the read-only base with "--fields" set to a name no column
 * has, and its emitter's refusal lists the valid ones: "unknown field 'x'
 * (valid: id, name, ...)". Only the commands that read and print run so.
 */
static void complete_fields(struct crm_ctx *ctx, const struct crm_cmd *c, int argc, char **argv)
{
	/* the commands that only read and print: no file written, no editor,
	 * no interview, no erasure (backup, erase, scrub, survey are not) */
	static const char *const readers[] = { "audit",   "check",   "clients", "digest",
						"export",  "find",    "get",     "history",
						"journal", "list",    "log",     "managers",
						"report",  "rules",   "show",    "sources",
						"suggest", NULL };
	bool reader = false;
	char buf[4096], prefix[1024], *valid, *end, *p;
	struct crm_error err;
	const char *comma;
	size_t len = 0;
	ssize_t r;
	int fd[2], devnull;
	pid_t pid;

	if (!ctx->db || !c->fn || !(c->flags & CMD_DB_RO)) {
		return;
	}
	for (size_t i = 0; readers[i]; i++) {
		reader = reader || strcmp(c->name, readers[i]) == 0;
	}
	if (!reader || pipe(fd) != 0) {
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(fd[1], 2);
		close(fd[0]);
		alarm(5);
		/* a connection of its own: SQLite's must not cross a fork (the
		 * parent's is left alone, neither used nor closed) */
		if (crm_db_open(*line_db ? line_db : ctx->db_path, CRM_OPEN_READONLY, &ctx->db,
				&err) != CRM_OK) {
			_exit(0);
		}
		setlocale(LC_MESSAGES, "C");
		ctx->completing = false;
		ctx->parse_only = false;
		ctx->quiet = true;
		ctx->fields = "\x01";
		if (ctx->format == EMIT_FMT_TABLE) {
			ctx->format = EMIT_FMT_TSV;
		}
		c->fn(ctx, argc, argv);
		_exit(0);
	}
	close(fd[1]);
	while (len < sizeof(buf) - 1 && (r = read(fd[0], buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)r;
	}
	close(fd[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	buf[len] = '\0';
	valid = strstr(buf, "(valid: ");
	if (!valid || !(end = strchr(valid, ')'))) {
		return;
	}
	*end = '\0';
	valid += strlen("(valid: ");
	/* "name,ow": the fields before the last comma stay */
	comma = strrchr(ctx->complete_cur, ',');
	snprintf(prefix, sizeof(prefix), "%.*s", comma ? (int)(comma - ctx->complete_cur + 1) : 0,
		 ctx->complete_cur);
	free(cur_fold);
	cur_fold = crm_text_fold(comma ? comma + 1 : ctx->complete_cur);
	for (p = strtok_r(valid, ", ", &end); p; p = strtok_r(NULL, ", ", &end)) {
		/* a field already in the list is not offered again */
		if (!in_list(prefix, p) && cur_fold && strncmp(p, cur_fold, strlen(cur_fold)) == 0) {
			printf("%s%s\n", prefix, p);
		}
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

/* --db PATH (or --db=PATH) anywhere on the line: names come from that
 * base. A leading ~/ is the home folder, as the shell would expand it. */
static void use_db_of_line(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *path = NULL, *home;
	struct crm_error err;
	char buf[4096];

	for (int k = 1; k < argc - 1; k++) {
		if (strcmp(argv[k], "--") == 0) {
			break;
		}
		if (strcmp(argv[k], "--db") == 0 && k + 1 < argc - 1) {
			path = argv[++k];
		} else if (strncmp(argv[k], "--db=", 5) == 0) {
			path = argv[k] + 5;
		}
	}
	if (!path || !*path) {
		return;
	}
	home = getenv("HOME");
	if (strncmp(path, "~/", 2) == 0 && home) {
		snprintf(buf, sizeof(buf), "%s/%s", home, path + 2);
		path = buf;
	}
	snprintf(line_db, sizeof(line_db), "%s", path);
	crm_db_close(ctx->db);
	if (crm_db_open(line_db, CRM_OPEN_READONLY, &ctx->db, &err) != CRM_OK) {
		ctx->db = NULL;
	}
}

static int complete_line(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_cmd *table = top_cmds, *c;
	const char *cur, *prev;
	int i = 1, leaf;

	cur = argv[argc - 1];
	prev = argc >= 3 ? argv[argc - 2] : NULL;
	/* global options before the command */
	while (i < argc - 1 && argv[i][0] == '-') {
		i += global_takes_value(argv[i]) ? 2 : 1;
	}
	if (i >= argc - 1) {
		if (prev && i == argc && global_takes_value(prev)) {
			if (strcmp(prev, "--format") == 0) {
				offer_formats(NULL);
			} else if (strcmp(prev, "--color") == 0) {
				offer_words(colors);
			} else if (strcmp(prev, "--as") == 0) {
				complete_names(ctx, COMPLETE_MANAGER);
			}
		} else if (cur[0] == '-') {
			for (size_t k = 0; k < ARRAY_SIZE(global_opts); k++) {
				complete_offer(global_opts[k][0], _(global_opts[k][1]));
			}
		} else {
			print_top();
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
				print_table(c->sub);
				return 0;
			}
			if (cur[0] != '-') {
				print_table(c->sub);
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
	ctx->complete_cur = cur;
	ctx->complete_prev = prev;
	if (prev && leaf < argc - 2) {
		/* the values of the options every command takes after its name */
		if (strcmp(prev, "--fields") == 0) {
			complete_fields(ctx, c, argc - 2 - leaf, argv + leaf);
			return 0;
		}
		if (strcmp(prev, "--format") == 0) {
			ctx->completing = true;
			c->fn(ctx, argc - leaf, argv + leaf);
			if (!ctx->complete_kws) {
				offer_formats(c); /* not the command's own --format */
			}
			return 0;
		}
		if (strcmp(prev, "--color") == 0) {
			offer_words(colors);
			return 0;
		}
		if (strcmp(prev, "--as") == 0) {
			complete_names(ctx, COMPLETE_MANAGER);
			return 0;
		}
		if (strcmp(prev, "--db") == 0) {
			return 0;
		}
	}
	ctx->completing = true;
	c->fn(ctx, argc - leaf, argv + leaf);
	if (ctx->complete_value != COMPLETE_NONE) {
		const char *comma = ctx->complete_list ? strrchr(cur, ',') : NULL;

		if (comma) {
			/* --staff "Вера Лебедева,ан": the next name of the list */
			snprintf(list_prefix, sizeof(list_prefix), "%.*s", (int)(comma - cur + 1), cur);
			free(cur_fold);
			cur_fold = crm_text_fold(comma + 1);
		}
		complete_names(ctx, ctx->complete_value);
		return 0;
	}
	if (ctx->complete_options) {
		for (size_t k = 0; k < ARRAY_SIZE(output_opts); k++) {
			if (!ctx->complete_has_format || strcmp(output_opts[k][0], "--format") != 0) {
				complete_offer(output_opts[k][0], _(output_opts[k][1]));
			}
		}
	}
	if (ctx->complete_positional) {
		complete_positional(ctx, c);
	}
	return 0;
}

int cmd_complete(struct crm_ctx *ctx, int argc, char **argv)
{
	int rc;

	if (argc == 2 && strcmp(argv[1], "--commands") == 0) {
		print_paths(top_cmds, "");
		return 0;
	}
	if (argc < 2) {
		print_top();
		return 0;
	}
	cur_fold = crm_text_fold(argv[argc - 1]);
	use_db_of_line(ctx, argc, argv);
	rc = complete_line(ctx, argc, argv);
	free(cur_fold);
	cur_fold = NULL;
	return rc;
}
