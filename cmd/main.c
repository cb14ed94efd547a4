/*
 * main.c: global options, the context, dispatch through the command
 * tables: the base opened as a command's flags ask, and the one
 * transaction of a writing command.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "hooks.h"
#include "opts.h"
#include "escape.h"
#include "pager.h"
#include "report.h"
#include "userconfig.h"
#include "banned.h"

#ifndef CRM_VERSION
#define CRM_VERSION "unknown"
#endif
#ifndef CRM_LOCALEDIR
#define CRM_LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * Money in tables as the user's locale writes numbers (LC_NUMERIC, else
 * LANG, read apart from the C numbers printf keeps): ru_RU gives
 * 1 200 000,00, en_US 1,200,000.00, C and C.UTF-8 the plain 1200000.00.
 * A separator that is a kind of space (ru_RU's no-break one) is written
 * as a plain space. JSON, CSV and TSV keep the plain form whatever the
 * locale.
 */
static void use_number_style(void)
{
	locale_t loc = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
	const char *radix, *sep;

	if (loc == (locale_t)0) {
		return;
	}
	radix = nl_langinfo_l(RADIXCHAR, loc);
	sep = nl_langinfo_l(THOUSEP, loc);
	if (radix && sep && *radix && (strcmp(radix, ".") != 0 || *sep)) {
		emit_number_style((unsigned char)sep[0] >= 0x80 ? " " : sep, radix);
	}
	freelocale(loc);
}

/*
 * Messages in the user's language: the locale's categories from the
 * environment, except numbers, which printf writes for machines too
 * (JSON, CSV) and keep the C form. $CRM_LOCALEDIR overrides where the
 * catalogues are (the tests run from the build tree).
 */
static void use_locale(void)
{
	const char *dir = getenv("CRM_LOCALEDIR");

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(CRM_TEXTDOMAIN, dir && *dir ? dir : CRM_LOCALEDIR);
	bind_textdomain_codeset(CRM_TEXTDOMAIN, "UTF-8");
	textdomain(CRM_TEXTDOMAIN);
	use_number_style();
}

static const char *const top_usage[] = {
	"crm [--db <path>] [--as <name>] [--format <fmt>] [--json] [--fields <list>] "
	"[--color <when>] [-q] [--wide] [--no-pager] <command> [<args>]",
	NULL,
};

static char *path_buf;

/*
 * --db, else $CRM_DB, else core.db of the user's config file, else
 * $XDG_DATA_HOME/crm/crm.db, else ~/.local/share/crm/crm.db
 */
static const char *resolve_db_path(const char *opt)
{
	const char *env = getenv("CRM_DB");
	const char *file = ucfg_get("core.db");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	size_t n;

	if (opt && *opt) {
		return opt;
	}
	if (env && *env) {
		return env;
	}
	if (file && *file) {
		return file;
	}
	n = 4096;
	path_buf = malloc(n);
	if (!path_buf) {
		return NULL;
	}
	if (xdg && xdg[0] == '/') {
		snprintf(path_buf, n, "%s/crm/crm.db", xdg);
	} else {
		if (!home || !*home) {
			struct passwd *pw = getpwuid(geteuid());

			home = pw ? pw->pw_dir : "/";
		}
		snprintf(path_buf, n, "%s/.local/share/crm/crm.db", home);
	}
	return path_buf;
}

/*
 * The identity as given: --as, else $CRM_USER, else user.name of the
 * user's config file, else the login name. Never the base's: one base
 * serves a team.
 */
static const char *identity_given(const struct crm_ctx *ctx)
{
	const char *env = getenv("CRM_USER");
	const char *file = ucfg_get("user.name");
	struct passwd *pw;

	if (ctx->as && *ctx->as) {
		return ctx->as;
	}
	if (env && *env) {
		return env;
	}
	if (file && *file) {
		return file;
	}
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name) {
		return pw->pw_name;
	}
	env = getenv("LOGNAME");
	return env && *env ? env : "unknown";
}

/* Where identity_given took the identity from, for messages. */
static const char *actor_source(const struct crm_ctx *ctx)
{
	const char *env = getenv("CRM_USER");
	const char *file = ucfg_get("user.name");

	if (ctx->as && *ctx->as) {
		return "--as";
	}
	if (env && *env) {
		return "CRM_USER";
	}
	if (file && *file) {
		return "user.name";
	}
	return _("the login name");
}

/*
 * The identity resolves as any manager reference does (id, uuid, exact
 * name, unique prefix, word start; folded): "Вера" acts as «Вера
 * Лебедева», whose full name goes into the journal. One that names no
 * manager stays as given; one that names several is an error (exit 3)
 * when strict, else stays as given too. Without a base, as given. *code
 * is 0, or the exit code after the error.
 */
static char *identity_resolve(struct crm_ctx *ctx, bool strict, int *code)
{
	const char *given = identity_given(ctx);
	const struct crm_manager *m;
	struct crm_manager_iter *it;
	char *name = NULL;
	int64_t id = 0;
	crm_status st;

	*code = 0;
	if (ctx->db) {
		st = crm_manager_resolve(ctx->db, given, &id);
		if (st == CRM_EAMBIGUOUS && strict) {
			error("%s", crm_db_errmsg(ctx->db));
			hint("give more of the name, or the manager's id, in %s",
			     actor_source(ctx));
			*code = exit_code_of(st);
			return NULL;
		}
		if (st == CRM_OK && crm_manager_query(ctx->db, id, &it) == CRM_OK) {
			if (crm_manager_iter_next(it, &m) == CRM_OK && m && m->name) {
				name = strdup(m->name);
			}
			crm_manager_iter_destroy(it);
		}
	}
	if (!name) {
		name = strdup(given);
	}
	if (!name) {
		error("out of memory");
		*code = EXIT_FAIL;
	}
	return name;
}

/* open_base checked the identity already: an ambiguous one stops there */
char *ctx_resolve_actor(struct crm_ctx *ctx)
{
	int code;

	return identity_resolve(ctx, false, &code);
}

/*
 * The identity goes into the journal and every message about who did
 * what: one line (crm_text_line_check) of at most CRM_NAME_MAX characters.
 * what names where it came from: --as, CRM_USER, user.name.
 */
static bool identity_ok(const char *what, const char *s)
{
	char msg[400];

	if (crm_text_line_check(what, s, CRM_NAME_MAX, msg, sizeof(msg))) {
		return true;
	}
	error("invalid identity: %s", msg);
	hint("say who you are with a manager's name (crm manager list), e.g. --as 'Иванов'");
	return false;
}

static void warn_mode(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && (sb.st_mode & 077)) {
		warning("the base '%s' can be read by other users (mode %04o): run chmod 600 '%s'",
			path, (unsigned)(sb.st_mode & 07777), path);
	}
}

/* The hint after a base that would not open. */
static void open_hint(crm_status st)
{
	if (st == CRM_ENOTFOUND) {
		hint("create one with 'crm init', or point --db or CRM_DB at an existing base");
	} else if (st == CRM_EEXIST) {
		hint("a base is kept there already; pick another path with --db to create a new one");
	}
}

/*
 * The team's zone: TZ becomes the base's time.zone, so that core reads and
 * shows times in it. A zone this machine does not know leaves UTC, and
 * says so.
 */
static void use_zone(struct crm_ctx *ctx)
{
	char *zone = NULL;

	if (crm_config_get(ctx->db, "time.zone", &zone, NULL) != CRM_OK || !zone) {
		zone = NULL;
	}
	if (zone && crm_zone_check(zone) != CRM_OK) {
		warning("the base's time zone '%s' is unknown on this machine: times are shown "
			"in UTC (install the tzdata package, or 'crm config set time.zone')",
			zone);
		free(zone);
		zone = NULL;
	}
	setenv("TZ", zone ? zone : "UTC", 1);
	tzset();
	free(zone);
}

/* csv.excel true: every csv is what Excel opens, as with --excel */
static void use_excel(struct crm_ctx *ctx)
{
	char *v = NULL;

	if (crm_config_get(ctx->db, "csv.excel", &v, NULL) == CRM_OK && v &&
	    strcmp(v, "true") == 0) {
		emit_default_flags(EMIT_EXCEL);
	}
	free(v);
}

/* Opens the base as flags ask (CMD_DB_*): the clock, the zone, the
 * identity, the test hooks; returns an exit code. */
static int open_base(struct crm_ctx *ctx, unsigned flags)
{
	struct crm_error err;
	crm_status st;
	const char *busy, *pages;
	int code;

	if (flags & CMD_DB_GENTLY) {
		if (crm_db_open(ctx->db_path, CRM_OPEN_READONLY, &ctx->db, &err) != CRM_OK) {
			ctx->db = NULL;
		}
		return 0;
	}
	st = crm_db_open(ctx->db_path,
			 (flags & CMD_DB_CREATE ? CRM_OPEN_CREATE : 0) |
				 (flags & CMD_DB_ANY_SCHEMA ? CRM_OPEN_ANY_SCHEMA : 0),
			 &ctx->db, &err);
	if (st != CRM_OK) {
		ctx->db = NULL;
		error("%s", err.msg);
		open_hint(st);
		return exit_code_of(st);
	}
	if (!(flags & CMD_DB_CREATE)) {
		warn_mode(ctx->db_path);
		busy = getenv("CRM_BUSY_TIMEOUT");
		if (busy && *busy) {
			crm_db_set_busy_timeout(ctx->db, atoi(busy));
		}
		/* hidden test hook: a base this many pages big is "full" (t7002) */
		pages = getenv("CRM_TEST_MAX_PAGES");
		if (pages && *pages) {
			crm_db_set_max_pages(ctx->db, atoll(pages));
		}
	}
	crm_db_set_now(ctx->db, ctx->now);
	if (!(flags & CMD_DB_CREATE)) {
		use_zone(ctx);
		use_excel(ctx);
	}
	if (!(flags & CMD_DB_CREATE) && !identity_ok(actor_source(ctx), identity_given(ctx))) {
		return EXIT_USAGE;
	}
	ctx->actor = identity_resolve(ctx, true, &code);
	if (!ctx->actor) {
		return code;
	}
	if (crm_db_set_actor(ctx->db, ctx->actor) != CRM_OK) {
		error("out of memory");
		return EXIT_FAIL;
	}
	return 0;
}

int ctx_tx_begin(struct crm_ctx *ctx)
{
	crm_status st = crm_tx_begin(ctx->db);

	if (st != CRM_OK) {
		return report(ctx, st);
	}
	ctx->in_tx = true;
	return 0;
}

/* Flushes stdout once: a failed write is an error (EPIPE stays quiet). */
static int flush_output(struct crm_ctx *ctx, int code)
{
	if (ctx->output_flushed) {
		return code;
	}
	ctx->output_flushed = true;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* once: the emitter may have told it already */
		if (errno != EPIPE && !ctx->output_failed) {
			error("cannot write the output: %s", strerror(errno));
			code = code ? code : EXIT_FAIL;
		}
	}
	return code;
}

/* The terminal's width: TIOCGWINSZ, else $COLUMNS, else 80. */
static size_t terminal_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long n;

	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		return ws.ws_col;
	}
	n = env ? strtol(env, NULL, 10) : 0;
	return n > 0 && n < 100000 ? (size_t)n : 80;
}

/*
 * On a terminal: tables fit its width (unless --wide), and the output of
 * a command that prints lists or long text (CMD_PAGER) goes through the
 * pager (unless --no-pager). Not a terminal: neither.
 */
static void use_terminal(struct crm_ctx *ctx, unsigned flags)
{
	if (!ctx->stdout_tty) {
		return;
	}
	emit_table_width(ctx->wide ? 0 : terminal_width());
	if (flags & CMD_PAGER) {
		pager_setup(ctx);
	}
}

/*
 * Runs a handler as git's run_builtin does, from the flags of its table
 * entry. With a base to open, the handler first runs with parse_only set:
 * opts_parse returns after the options, so that -h and a usage error win
 * over a base that is missing, and nothing opens the base for them. Then
 * the base opens, the write transaction begins, the handler runs, and its
 * exit code commits or rolls back, after the output went out: a command
 * whose output could not be written changes nothing.
 */
static int run_handler(struct crm_ctx *ctx, const struct crm_cmd *c, const char *path,
		       int argc, char **argv)
{
	unsigned flags = c->flags;
	crm_status st;
	int code;

	ctx->cmd = c;
	snprintf(ctx->cmd_path, sizeof(ctx->cmd_path), "%s", path);
	if (flags & (CMD_DB_RO | CMD_DB_RW | CMD_DB_CREATE)) {
		ctx->parse_only = true;
		ctx->args_ok = false;
		code = c->fn(ctx, argc, argv);
		ctx->parse_only = false;
		if (!ctx->args_ok) {
			return code;
		}
	}
	if ((ctx->format == EMIT_FMT_VCARD && !(flags & CMD_FMT_VCARD)) ||
	    (ctx->format == EMIT_FMT_ICS && !(flags & CMD_FMT_ICS)) ||
	    (ctx->format == EMIT_FMT_HTML && !(flags & CMD_FMT_HTML))) {
		error("crm %s does not write --format %s", path, emit_format_name(ctx->format));
		hint("use table, json, ndjson, csv or tsv; vcard is for crm contact export, ics for "
		     "crm next list and crm contact list --birthdays, html for crm report");
		return EXIT_USAGE;
	}
	if (flags & (CMD_DB_RO | CMD_DB_RW | CMD_DB_CREATE | CMD_DB_GENTLY)) {
		code = open_base(ctx, flags);
		if (code) {
			return code;
		}
	}
	if ((flags & CMD_DB_RW) && !(flags & CMD_TX_LATE)) {
		code = ctx_tx_begin(ctx);
		if (code) {
			return code;
		}
	}
	/* a pre- hook ran in the handler (hook_event), inside the transaction */
	use_terminal(ctx, flags);
	code = flush_output(ctx, c->fn(ctx, argc, argv));
	if (ctx->in_tx) {
		if (code == 0 && !ctx->dry_run) {
			st = crm_tx_commit(ctx->db);
			if (st != CRM_OK) {
				code = report(ctx, st);
			}
		} else {
			crm_tx_rollback(ctx->db);
		}
		ctx->in_tx = false;
	}
	if (code == 0 && !ctx->dry_run) {
		hooks_post(ctx);
	}
	hooks_reset();
	return code;
}

static void show_progress(void *data, const char *what, int64_t done, int64_t total)
{
	const struct crm_ctx *ctx = data;

	if (done >= total) {
		fputs("\r\033[K", stderr);
	} else {
		fputc('\r', stderr);
		fprintf(stderr, _("crm %s: %s (%lld of %lld)"), ctx->cmd_path, _(what),
			(long long)done + 1, (long long)total);
		fputs("\033[K", stderr);
	}
	fflush(stderr);
}

void ctx_progress_on(struct crm_ctx *ctx)
{
	if (ctx->db && ctx->stderr_tty && !ctx->quiet) {
		crm_db_set_notify(ctx->db, show_progress, ctx);
	}
}

struct emitter *ctx_emitter(struct crm_ctx *ctx, const struct emit_col *cols, size_t ncols,
			    unsigned flags)
{
	char err[512];
	struct emitter *e;

	if (ctx->color) {
		flags |= EMIT_COLOR;
	}
	e = emit_create(ctx->format, stdout, cols, ncols, ctx->fields, flags, err, sizeof(err));
	if (!e) {
		error("%s", err);
	}
	return e;
}

int ctx_emit_done(struct crm_ctx *ctx, struct emitter *e)
{
	int rc = emit_finish(e);

	emit_destroy(e);
	if (rc != 0 && errno != EPIPE) {
		error("cannot write the output: %s", strerror(errno));
		ctx->output_failed = true;
		return EXIT_FAIL;
	}
	return 0;
}

/*
 * A due date looks ahead: "25.11" given on 26.11 is next year's
 * (CRM_DATE_AHEAD). Every option named --due is one.
 */
static unsigned date_flags(const char *opt)
{
	return strcmp(opt, "--due") == 0 ? CRM_DATE_AHEAD : 0;
}

bool ctx_date(struct crm_ctx *ctx, const char *opt, const char *s, int64_t *out,
	      const char *const *usage)
{
	if (crm_date_parse_flags(s, ctx->now, date_flags(opt), out) != CRM_OK) {
		usage_error(usage,
			    "invalid date '%s' for %s: use YYYY-MM-DD, today, tomorrow, "
			    "yesterday or +3d, -2w, +1m, +1y", s, opt);
		return false;
	}
	return true;
}

struct emitter *ctx_text_emitter(struct crm_ctx *ctx, const char *text,
				 const struct emit_col *cols, size_t ncols, int *code)
{
	struct emitter *e;

	*code = 0;
	if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		/* for people: its lines stay, control characters do not */
		esc_fputs(text, ESC_LINES, stdout);
		return NULL;
	}
	e = ctx_emitter(ctx, cols, ncols, ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	if (!e) {
		*code = EXIT_USAGE;
	}
	return e;
}

bool ctx_when(struct crm_ctx *ctx, const char *opt, const char *s, int64_t *out, bool *timed,
	      const char *const *usage)
{
	if (crm_when_parse_flags(s, ctx->now, date_flags(opt), out, timed) != CRM_OK) {
		usage_error(usage,
			    "invalid date or time '%s' for %s: use YYYY-MM-DD or "
			    "YYYY-MM-DDTHH:MM (the base's time zone), today, tomorrow or +3d",
			    s, opt);
		return false;
	}
	return true;
}

/*
 * Aliases, from the user's config file: [alias] mine = client list --mine
 * makes "crm mine -q" run "crm client list --mine -q". The expansion is
 * split as a shell would (userconfig.c) and must begin with a command:
 * an alias never shadows a command (the command runs), never names
 * another alias (no chains, so no loops) and never runs a shell ('!').
 */

/* The expansion of alias name, or NULL when there is none. */
static const char *alias_value(const char *name)
{
	char key[128], canon[128];

	if (strlen(name) > 100) {
		return NULL;
	}
	snprintf(key, sizeof(key), "alias.%s", name);
	if (!ucfg_key_canonical(key, canon, sizeof(canon))) {
		return NULL;
	}
	return ucfg_get(canon);
}

/* One line of the "aliases" section of crm help, after its heading. */
static void alias_line(const char *name, const char *value, void *data)
{
	FILE *out = data;

	fprintf(out, "   %-22s ", name);
	esc_fputs(value, 0, out);
	if (cmd_find(top_cmds, name)) {
		fputs(_("   (not used: a command has this name)"), out);
	}
	fputc('\n', out);
}

static void alias_count(const char *name, const char *value, void *data)
{
	(void)name;
	(void)value;
	(*(size_t *)data)++;
}

/* The "aliases" section of crm help: each alias once, its last value. */
static void alias_list_print(FILE *out)
{
	size_t n = 0;

	ucfg_aliases(alias_count, &n);
	if (n) {
		fputs(_("\naliases (from your config file):\n"), out);
		ucfg_aliases(alias_line, out);
	}
}

/* Runs alias name with argv[1..] appended to its expansion. */
static int run_alias(struct crm_ctx *ctx, const char *name, const char *value, int argc,
		     char **argv)
{
	const struct crm_cmd *c;
	char **words, **args;
	int nw = 0, code;

	words = ucfg_alias_words(name, value, &nw);
	if (!words) {
		return EXIT_DATAERR;
	}
	if (nw == 0 || words[0][0] == '!') {
		if (nw == 0) {
			error("alias.%s in %s is empty", name, ucfg_path());
		} else {
			error("alias.%s in %s runs a shell command: crm runs no shell aliases ('!')",
			      name, ucfg_path());
		}
		hint("make it a crm command line: crm config --global set alias.%s 'client list "
		     "--mine'", name);
		ucfg_words_free(words);
		return EXIT_DATAERR;
	}
	c = cmd_find(top_cmds, words[0]);
	if (!c || (c->flags & CMD_HIDDEN)) {
		if (alias_value(words[0])) {
			error("alias.%s in %s names the alias '%s': aliases do not chain", name,
			      ucfg_path(), words[0]);
			hint("write the command itself: crm config --global set alias.%s '%s'", name,
			     alias_value(words[0]));
		} else {
			error("alias.%s in %s begins with '%s', which is not a crm command", name,
			      ucfg_path(), words[0]);
			cmd_suggest(top_cmds, words[0]);
		}
		ucfg_words_free(words);
		return EXIT_DATAERR;
	}
	args = calloc((size_t)nw + (size_t)argc + 1, sizeof(*args));
	if (!args) {
		ucfg_words_free(words);
		error("out of memory");
		return EXIT_FAIL;
	}
	memcpy(args, words, (size_t)nw * sizeof(*args));
	memcpy(args + nw, argv + 1, (size_t)(argc - 1) * sizeof(*args));
	code = cmd_run(ctx, top_cmds, "", nw + argc - 1, args);
	/* the handler is done: nothing keeps pointers into args */
	free(args);
	ucfg_words_free(words);
	return code;
}

static void top_help(FILE *out)
{
	fprintf(out, _("usage: %s\n\n"), top_usage[0]);
	fputs(_("crm keeps a sales department's clients in one local SQLite file.\n\n"), out);
	fputs(_("commands:\n"), out);
	cmd_list_print(out, top_cmds, "");
	fputs(_("\nglobal options:\n"
		"   --db <path>            the base (default $CRM_DB, then "
		"$XDG_DATA_HOME/crm/crm.db)\n"
		"   --as <name>            act as this person (default $CRM_USER, user.name, "
		"login)\n"
		"   --format <fmt>         table, json, ndjson, csv or tsv\n"
		"   --excel                with csv: what Excel opens (BOM, ';', CRLF)\n"
		"   --json                 short for --format json\n"
		"   --fields <list>        pick and order output fields: id,name\n"
		"   --color <when>         auto, always or never\n"
		"   -q, --quiet            no chatter on stderr\n"
		"   --no-verify            skip the pre- hooks (crm help hooks)\n"
		"   --wide                 on a terminal, never cut table columns to its width\n"
		"   --no-pager             never page the output (default $CRM_PAGER, core.pager,\n"
		"                          $PAGER, less -FRX)\n"
		"   --version              print the version\n"
		"\nThe global options may also come after the command's name.\n"
		"'crm help <command>' or 'crm <command> -h' tells more about a command.\n"),
	      out);
	alias_list_print(out);
}

static void group_help(FILE *out, const struct crm_cmd *group, const char *prefix)
{
	fprintf(out, _("usage: crm %s <command> [<args>]\n\n%s.\n\ncommands:\n"), prefix,
		_(group->summary));
	cmd_list_print(out, group->sub, prefix);
}

/*
 * Walks the tables along argv: a group's verb selects its subcommand, a
 * leaf runs. A group with its own handler runs it when no verb follows
 * (see struct crm_cmd). prefix is the path so far ("config").
 */
int cmd_run(struct crm_ctx *ctx, const struct crm_cmd *table, const char *prefix, int argc,
	    char **argv)
{
	const struct crm_cmd *c = cmd_find(table, argv[0]);
	const char *alias;
	char path[64];

	if (!c && table == top_cmds && (alias = alias_value(argv[0]))) {
		return run_alias(ctx, argv[0], alias, argc, argv);
	}
	if (!c || (c->flags & CMD_HIDDEN && table != top_cmds)) {
		if (*prefix) {
			error("unknown command 'crm %s %s'", prefix, argv[0]);
		} else {
			error("unknown command '%s'", argv[0]);
		}
		cmd_suggest(table, argv[0]);
		hint("'crm %s%s-h' lists the commands", prefix, *prefix ? " " : "");
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? " " : "", c->name);
	if (c->sub && c->fn && (argc < 2 || argv[1][0] == '-' ||
				((c->flags & CMD_SHORT_FORM) && !cmd_find(c->sub, argv[1])))) {
		if (argc >= 2 && strcmp(argv[1], "--") == 0) {
			/* "--" ends the verbs: crm handover -- list --to ... */
			argv[1] = argv[0];
			argc--;
			argv++;
		}
		return run_handler(ctx, c, path, argc, argv);
	}
	if (c->sub && argc >= 3 && strcmp(argv[1], "--global") == 0 && cmd_find(c->sub, argv[2])) {
		/* crm config --global set k v: the verb's option */
		argv[1] = argv[2];
		argv[2] = (char *)"--global";
	}
	if (c->sub) {
		if (argc < 2 || argv[1][0] == '-') {
			bool help = argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
						  strcmp(argv[1], "--help") == 0);

			if (argc >= 2 && !help) {
				error("unknown option '%s'", argv[1]);
			}
			group_help(help ? stdout : stderr, c, path);
			return help ? 0 : EXIT_USAGE;
		}
		return cmd_run(ctx, c->sub, path, argc - 1, argv + 1);
	}
	return run_handler(ctx, c, path, argc, argv);
}

int cmd_version(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm version", NULL };
	int code;

	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, 0, &code)) {
		return code;
	}
	printf("crm %s (schema %d, SQLite %s)\n", CRM_VERSION, crm_schema_version(),
	       crm_sqlite_version());
	return 0;
}

/* True when "man page" would find the page (man -w says where it is). */
static bool man_installed(const char *page)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		return false;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execlp("man", "man", "-w", page, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return false;
		}
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int cmd_help(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { "crm help [<command> [<subcommand>]]", NULL };
	const struct crm_cmd *table = top_cmds, *c = NULL;
	char page[80], path[64] = "";
	int code;

	/* as deep as the tables go: crm help vip program start */
	if (!opts_parse(ctx, &argc, &argv, NULL, usage, 0, -1, &code)) {
		return code;
	}
	if (argc == 0) {
		top_help(stdout);
		return 0;
	}
	for (int i = 0; i < argc; i++) {
		c = cmd_find(table, argv[i]);
		if (!c && i == 0 && argc == 1 && alias_value(argv[0])) {
			/* as git: 'mine' is an alias for 'client list --mine' */
			printf(_("'%s' is an alias for '%s'\n"), argv[0], alias_value(argv[0]));
			return 0;
		}
		if (!c || c->flags & CMD_HIDDEN) {
			error("unknown command '%s%s%s'", path, *path ? " " : "", argv[i]);
			cmd_suggest(table, argv[i]);
			return EXIT_USAGE;
		}
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "%s%s", *path ? " " : "",
			 c->name);
		if (!c->sub) {
			if (i + 1 < argc) {
				return usage_error(usage, "unexpected argument '%s'", argv[i + 1]);
			}
			break;
		}
		table = c->sub;
	}
	/* On a terminal the manual page when it is installed; elsewhere, or
	 * without it, the -h text. */
	snprintf(page, sizeof(page), "crm-%s", argv[0]);
	if (ctx->stdout_tty && !getenv("CRM_NO_MAN") && man_installed(page)) {
		fflush(stdout);
		execlp("man", "man", page, (char *)NULL);
	}
	if (!c->fn) {
		group_help(stdout, c, path);
		return 0;
	}
	{
		char *hargv[] = { (char *)c->name, (char *)"-h", NULL };

		ctx->cmd = c;
		return c->fn(ctx, 2, hargv);
	}
}

/*
 * crm -h and crm --help (among the global options, before any command)
 * list the commands, as crm help does.
 */
static bool asks_help(int argc, char **argv)
{
	static const char *const valued[] = { "--db", "--as", "--format", "--fields", "--color" };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || strcmp(a, "--") == 0) {
			return false;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			return true;
		}
		for (size_t k = 0; k < ARRAY_SIZE(valued); k++) {
			if (strcmp(a, valued[k]) == 0) {
				i++;
			}
		}
	}
	return false;
}

static bool valid_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!crm_utf8_valid(argv[i], strlen(argv[i]))) {
			error("argument %d is not valid UTF-8 text", i);
			hint("crm takes UTF-8 only: convert the text first (iconv -f cp1251 -t utf-8)");
			return false;
		}
	}
	return true;
}

static int finish(struct crm_ctx *ctx, int code)
{
	code = flush_output(ctx, code);
	crm_db_close(ctx->db);
	ctx->db = NULL;
	free(ctx->actor);
	free(path_buf);
	return code;
}

int main(int argc, char **argv)
{
	static const struct kw formats[] = {
		{ "table", EMIT_FMT_TABLE }, { "json", EMIT_FMT_JSON }, { "ndjson", EMIT_FMT_NDJSON },
		{ "csv", EMIT_FMT_CSV },     { "tsv", EMIT_FMT_TSV },   { "vcard", EMIT_FMT_VCARD },
		{ "ics", EMIT_FMT_ICS },     { "html", EMIT_FMT_HTML }, { 0 },
	};
	static const struct kw colors[] = { { "auto", 0 }, { "always", 1 }, { "never", 2 }, { 0 } };
	struct crm_ctx ctx = { 0 };
	const char *db = NULL, *now = getenv("CRM_NOW");
	const char *user = getenv("CRM_USER");
	int format = EMIT_FMT_TABLE, color = 0, code;
	bool json = false, version = false, excel = false;
	const struct opt opts[] = {
		OPT_STR(0, "db", &db, "<path>", "the base to use"),
		OPT_STR(0, "as", &ctx.as, "<name>", "act as this person"),
		{ OPT_T_KW, 0, "format", &format, NULL, N_("output format"), formats, &ctx.format_set, NULL },
		{ OPT_T_FLAG, 0, "excel", &excel, NULL,
		  N_("with csv: what Excel opens (a byte order mark, ';', CRLF)"), NULL, NULL, NULL },
		{ OPT_T_FLAG, 0, "json", &json, NULL, N_("short for --format json"), NULL, NULL, NULL },
		OPT_STR(0, "fields", &ctx.fields, "<list>", "output fields, in order"),
		OPT_KW(0, "color", &color, colors, "colour the output"),
		OPT_FLAG('q', "quiet", &ctx.quiet, "no chatter on stderr"),
		OPT_FLAG(0, "no-verify", &ctx.no_verify, "skip the pre- hooks"),
		OPT_FLAG(0, "wide", &ctx.wide, "on a terminal, never cut table columns to its width"),
		OPT_FLAG(0, "no-pager", &ctx.no_pager, "never page the output"),
		OPT_FLAG(0, "version", &version, "print the version"),
		OPT_END,
	};

	signal(SIGPIPE, SIG_IGN);
	use_locale();
	if (!valid_args(argc, argv)) {
		return EXIT_USAGE;
	}
	if (asks_help(argc, argv)) {
		ctx.stdout_tty = isatty(1);
		top_help(stdout);
		return finish(&ctx, 0);
	}
	if (!opts_parse(NULL, &argc, &argv, opts, top_usage, 0, -1, &code)) {
		return code;
	}
	/* argv now starts at the command */
	if (version) {
		printf("crm %s\n", CRM_VERSION);
		return 0;
	}
	if (excel) {
		emit_default_flags(EMIT_EXCEL);
	}
	if (json) {
		format = EMIT_FMT_JSON;
		ctx.format_set = true;
	}
	ctx.format = (enum emit_format)format;
	ctx.stdin_tty = isatty(0);
	ctx.stdout_tty = isatty(1);
	ctx.stderr_tty = isatty(2);
	ctx_color_apply(&ctx, color);
	if (ctx.fields && !*ctx.fields) {
		return usage_error(top_usage, "empty value for --fields");
	}
	ctx.now = (int64_t)time(NULL);
	if (now && *now && crm_time_parse(now, ctx.now, &ctx.now) != CRM_OK) {
		error("invalid CRM_NOW '%s': use 2026-11-22T10:00:00Z or 2026-11-22", now);
		return EXIT_USAGE;
	}
	/* the user's own config: a broken one stops every command, as in git */
	code = ucfg_load();
	if (code) {
		return code;
	}
	/* checked before any command runs, those that open no base too; a bad
	 * user.name of the file when a base opens, so that crm config --global
	 * can still mend it */
	if ((ctx.as && *ctx.as && !identity_ok("--as", ctx.as)) ||
	    (user && *user && !identity_ok("CRM_USER", user))) {
		return EXIT_USAGE;
	}
	if (argc == 0) {
		top_help(stderr);
		return EXIT_USAGE;
	}
	ctx.db_path = resolve_db_path(db);
	if (!ctx.db_path) {
		error("out of memory");
		return EXIT_FAIL;
	}
	code = cmd_run(&ctx, top_cmds, "", argc, argv);
	return finish(&ctx, code);
}
