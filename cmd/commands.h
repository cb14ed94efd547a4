/*
 * commands.h: the context every command gets, the command tables and the
 * entry points of every command.
 */
#ifndef CRM_COMMANDS_H
#define CRM_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/crm.h"
#include "crm/i18n.h"
#include "emit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * How the dispatcher (cmd_run) prepares the base for a command, before
 * its handler runs; handlers never open the base nor begin or end a
 * transaction.
 */
enum cmd_flags {
	CMD_DB_NONE = 0,          /* no base needed */
	CMD_DB_RO = 1u << 0,      /* opens the base, no transaction: a write is one atomic core call */
	CMD_DB_RW = 1u << 1,      /* opens the base in one BEGIN IMMEDIATE transaction, committed
				     when the handler returns 0, else rolled back */
	CMD_HIDDEN = 1u << 2,     /* not listed in help or completion */
	CMD_DB_ANY_SCHEMA = 1u << 3, /* opens a base whose schema is not crm's (check) */
	CMD_DB_CREATE = 1u << 4,  /* creates the base (init) */
	CMD_DB_GENTLY = 1u << 5,  /* opens the base read-only if it can, quietly; else ctx->db is NULL */
	CMD_TX_LATE = 1u << 6,    /* CMD_DB_RW whose handler talks to the user first (an editor):
				     the transaction begins at its ctx_tx_begin() */
	CMD_SHORT_FORM = 1u << 7, /* a group whose fn also takes a word that is no verb
				     (crm handover <client>); "--" after the group ends the verbs */
	CMD_FMT_VCARD = 1u << 8,  /* takes --format vcard (the handler writes it) */
	CMD_FMT_ICS = 1u << 9,    /* takes --format ics (the handler writes it) */
	CMD_PAGER = 1u << 10,     /* prints lists or long text: on a terminal, through the pager */
	CMD_FMT_HTML = 1u << 11,  /* takes --format html (the handler writes it) */
};

/* What a positional argument completes to. */
enum cmd_complete {
	COMPLETE_NONE = 0,
	COMPLETE_CONFIG_KEY,
	COMPLETE_COMMAND,
	COMPLETE_FILE,
	COMPLETE_CLIENT,
	COMPLETE_MANAGER,
	COMPLETE_CONTACT,
};

struct crm_ctx;

/*
 * A leaf has fn; a group has sub, the table of its verbs. A group with fn
 * too runs fn when no verb follows: for options (crm audit --save), and
 * with CMD_SHORT_FORM for any word that is no verb (crm handover Acme).
 */
struct crm_cmd {
	const char *name;
	int (*fn)(struct crm_ctx *ctx, int argc, char **argv); /* returns the exit code */
	const struct crm_cmd *sub;                              /* or NULL */
	unsigned flags;
	const char *summary;
	enum cmd_complete complete;
};

struct crm_ctx {
	struct crm_db *db;           /* opened by the dispatcher as the command's flags ask */
	const char *db_path;         /* resolved location of the base */
	const char *as;              /* --as */
	char *actor;                 /* resolved identity (owned) */
	int64_t now;                 /* CRM_NOW or the clock */
	enum emit_format format;
	bool format_set;             /* --format or --json given */
	const char *fields;          /* --fields */
	bool color;
	bool quiet;
	bool no_verify;              /* --no-verify: the pre- hooks do not run */
	bool wide;                   /* --wide: tables never cut to the terminal's width */
	bool no_pager;               /* --no-pager */
	bool stdin_tty, stdout_tty, stderr_tty;
	const struct crm_cmd *cmd;   /* the command being run */
	char cmd_path[64];           /* "config set", for messages */
	bool in_tx;                  /* the dispatcher's write transaction is open */
	bool dry_run;                /* set by the handler: roll the transaction back, exit 0 or not */
	bool output_failed;          /* a failed write to stdout was reported */
	bool output_flushed;         /* stdout was flushed and checked */
	/* the parsing pass: before the base opens, the dispatcher runs the
	 * handler with parse_only set; opts_parse then stops after the
	 * options (args_ok tells whether they were valid), so that -h and a
	 * usage error come before a missing base */
	bool parse_only;
	bool args_ok;
	/* completion mode (crm __complete): opts_parse prints candidates */
	bool completing;
	const char *complete_cur;    /* the word being completed */
	const char *complete_prev;   /* the word before it */
	bool complete_positional;    /* set by opts_parse: complete a positional */
	/* set by opts_parse: the value of an option, a <manager> or a <client> */
	enum cmd_complete complete_value;
	bool complete_kws;        /* set by opts_parse: it offered the option's values */
	bool complete_options;    /* set by opts_parse: it offered the command's options */
	bool complete_has_format; /* set by opts_parse: the command has its own --format */
	bool complete_list;       /* set by opts_parse: the value is a comma list (<managers>) */
};

/* Top-level table and lookup. */
extern const struct crm_cmd top_cmds[];
const struct crm_cmd *cmd_find(const struct crm_cmd *table, const char *name);
/* Prints the visible commands of table, "  name   summary" lines. */
void cmd_list_print(FILE *out, const struct crm_cmd *table, const char *prefix);
/* Suggests the nearest names to a mistyped word as hint lines; returns how many. */
int cmd_suggest(const struct crm_cmd *table, const char *word);

/*
 * Begins the write transaction of a CMD_TX_LATE command, once its talk with
 * the user is over; the dispatcher commits or rolls it back as for
 * CMD_DB_RW. Returns 0 or the exit code.
 */
int ctx_tx_begin(struct crm_ctx *ctx);

/*
 * The value of a setting (core.pager, core.hooksPath, hooks.timeout, ...):
 * the base's stored value, else the user's config file; NULL when neither
 * sets it (the caller applies the default). malloc'd.
 */
char *ctx_setting(struct crm_ctx *ctx, const char *key);

/* Who acts: --as, $CRM_USER, user.name of the user's config file, the
 * login name, resolved to a manager's full name when it names one
 * (malloc'd; an ambiguous one stays as given). */
char *ctx_resolve_actor(struct crm_ctx *ctx);

/* Progress of long work on stderr when it is a terminal (and not -q):
 * "crm audit: forgotten (3 of 19)". */
void ctx_progress_on(struct crm_ctx *ctx);

/* Creates an emitter for ctx's format and fields; on an unknown field
 * prints the error and returns NULL (exit code 2). */
struct emitter *ctx_emitter(struct crm_ctx *ctx, const struct emit_col *cols, size_t ncols,
			    unsigned flags);
/* Finishes and destroys e; returns 0 or the exit code of a write error. */
int ctx_emit_done(struct crm_ctx *ctx, struct emitter *e);

/* Parses a date option value (crm/time.h: English and Russian forms; an
 * option named --due looks ahead, CRM_DATE_AHEAD); prints a usage error
 * and returns false when bad. */
bool ctx_date(struct crm_ctx *ctx, const char *opt, const char *s, int64_t *out,
	      const char *const *usage);

/*
 * A text for people (a letter, a form): alone with its lines in a table
 * without --fields, where it returns NULL with *code 0; otherwise the
 * emitter of its one record (one object in JSON), or NULL with *code the
 * exit code.
 */
struct emitter *ctx_text_emitter(struct crm_ctx *ctx, const char *text,
				 const struct emit_col *cols, size_t ncols, int *code);

/* Parses a date or a time (YYYY-MM-DDTHH:MM, in the base's zone): *timed
 * says which; prints a usage error and returns false when bad. */
bool ctx_when(struct crm_ctx *ctx, const char *opt, const char *s, int64_t *out, bool *timed,
	      const char *const *usage);

/* Commands. */
int cmd_audit(struct crm_ctx *ctx, int argc, char **argv);
int cmd_audit_clients(struct crm_ctx *ctx, int argc, char **argv);
int cmd_audit_digest(struct crm_ctx *ctx, int argc, char **argv);
int cmd_audit_history(struct crm_ctx *ctx, int argc, char **argv);
int cmd_audit_managers(struct crm_ctx *ctx, int argc, char **argv);
int cmd_audit_rules(struct crm_ctx *ctx, int argc, char **argv);
int cmd_audit_sources(struct crm_ctx *ctx, int argc, char **argv);
int cmd_backup(struct crm_ctx *ctx, int argc, char **argv);
int cmd_check(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_add(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_edit(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_export(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_erase(struct crm_ctx *ctx, int argc, char **argv);
int cmd_scrub(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_farewell(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_find(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_import(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_client_show(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_add(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_edit(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_export(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_import(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_remove(struct crm_ctx *ctx, int argc, char **argv);
int cmd_contact_verify(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_accept(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_cancel(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_decline(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_notice(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_plan(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_show(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_suggest(struct crm_ctx *ctx, int argc, char **argv);
int cmd_handover_template(struct crm_ctx *ctx, int argc, char **argv);
int cmd_incident_add(struct crm_ctx *ctx, int argc, char **argv);
int cmd_incident_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_incident_resolve(struct crm_ctx *ctx, int argc, char **argv);
int cmd_log(struct crm_ctx *ctx, int argc, char **argv);
int cmd_manager_add(struct crm_ctx *ctx, int argc, char **argv);
int cmd_manager_edit(struct crm_ctx *ctx, int argc, char **argv);
int cmd_manager_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_manager_show(struct crm_ctx *ctx, int argc, char **argv);
int cmd_next_add(struct crm_ctx *ctx, int argc, char **argv);
int cmd_next_done(struct crm_ctx *ctx, int argc, char **argv);
int cmd_next_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_next_move(struct crm_ctx *ctx, int argc, char **argv);
int cmd_next_show(struct crm_ctx *ctx, int argc, char **argv);
int cmd_note(struct crm_ctx *ctx, int argc, char **argv);
int cmd_promise_add(struct crm_ctx *ctx, int argc, char **argv);
int cmd_promise_break(struct crm_ctx *ctx, int argc, char **argv);
int cmd_promise_keep(struct crm_ctx *ctx, int argc, char **argv);
int cmd_promise_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_report(struct crm_ctx *ctx, int argc, char **argv);
int cmd_restore(struct crm_ctx *ctx, int argc, char **argv);
int cmd_complete(struct crm_ctx *ctx, int argc, char **argv);
int cmd_config_get(struct crm_ctx *ctx, int argc, char **argv);
int cmd_config_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_config_set(struct crm_ctx *ctx, int argc, char **argv);
int cmd_config_unset(struct crm_ctx *ctx, int argc, char **argv);
int cmd_help(struct crm_ctx *ctx, int argc, char **argv);
int cmd_hooks_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_init(struct crm_ctx *ctx, int argc, char **argv);
int cmd_journal(struct crm_ctx *ctx, int argc, char **argv);
int cmd_version(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_assign(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_program_close(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_program_list(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_program_show(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_program_start(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_report(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_survey(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_survey_show(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_template_print(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_template_set(struct crm_ctx *ctx, int argc, char **argv);
int cmd_vip_template_show(struct crm_ctx *ctx, int argc, char **argv);

/*
 * Runs the command at argv (argv[0] is its name) from table: walks the
 * tables to a handler, opens the base as its flags ask, begins the write
 * transaction, runs it, and commits or rolls back from its exit code.
 */
int cmd_run(struct crm_ctx *ctx, const struct crm_cmd *table, const char *prefix, int argc,
	    char **argv);

#endif
