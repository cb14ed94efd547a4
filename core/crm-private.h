/*
 * crm-private.h: what core modules share and cmd/ never sees (crmi_*).
 */
#ifndef CRM_PRIVATE_H
#define CRM_PRIVATE_H

#include <sqlite3.h>

#include "crm/crm.h"
#include "crm/i18n.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct crmi_pg;

struct crm_db {
	sqlite3 *sql;        /* the SQLite base, or NULL on PostgreSQL */
	struct crmi_pg *pg;  /* the PostgreSQL connection (pg.c), or NULL */
	char *path;
	char *actor;
	int64_t now;         /* 0: use the system clock */
	bool readonly;
	bool foreign_schema; /* opened with CRM_OPEN_ANY_SCHEMA: the schema is not crm's */
	void *stmts;         /* statement cache (db.c) */
	int atomic_depth;    /* nesting of crmi_atomic_begin */
	int atomic_own;      /* the level that opened the transaction, or 0 */
	bool tx_open;        /* crm's BEGIN IMMEDIATE is in progress (db.c commit_hook) */
	bool committing;     /* crm_tx_commit is running its COMMIT */
	crm_status errcode;
	char errmsg[1024];
	/* base.language as crmi_base_text last read it: 0 not read, 1 en, 2 ru;
	 * forgotten by every config write and every rollback (config.c, db.c) */
	int base_lang;
	crm_notify_fn *notify;
	void *notify_data;
	/* the audit's rules run once for several readers (crmi_audit_stage) */
	bool audit_staged;
	uint64_t audit_stage_rules;  /* the rules staged: a bit per registry index */
	int64_t audit_stage_owner, audit_stage_as_of;
};

/*
 * Runs the audit's rules of o once into a temporary table, which the next
 * crm_audit_query (in any order) and crm_audit_clients read instead of
 * running the rules again, while their rules, owner and moment are o's and
 * they have no assignee: crm report's findings and clients at risk, from
 * one pass. crmi_audit_unstage drops it (NULL and no stage are fine).
 * EINVAL with o->assignee_id.
 */
crm_status crmi_audit_stage(struct crm_db *db, const struct crm_audit_options *o);
void crmi_audit_unstage(struct crm_db *db);

/* Records an error on db and returns st. printf-like message. */
crm_status crmi_fail(struct crm_db *db, crm_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records the SQLite error (rc) with context; maps BUSY, CORRUPT, ... */
crm_status crmi_sqlfail(struct crm_db *db, int rc, const char *what);
void crmi_clear_error(struct crm_db *db);

#include "stmt.h"

/*
 * Prepares sql (cached by its text pointer: pass string literals only),
 * resets it and clears its bindings. NULL on failure (error recorded).
 */
crmi_stmt *crmi_prepare(struct crm_db *db, const char *sql);

/*
 * A cached statement of sql (a string literal) for an iterator, which
 * holds it alone until it gives it back: a nested query of the same sql
 * gets another. Take returns SQLite's code (the caller reports it); give
 * resets the statement; a NULL st is a no-op.
 */
int crmi_stmt_take(struct crm_db *db, const char *sql, crmi_stmt **st);
void crmi_stmt_give(struct crm_db *db, const char *sql, crmi_stmt *st);

/* The SQL of a statement that differs per backend: both string literals. */
#define CRMI_SQL(db, sqlite_sql, pg_sql) ((db)->pg ? (pg_sql) : (sqlite_sql))

/* Runs sql without results (schema, pragmas). */
crm_status crmi_exec(struct crm_db *db, const char *sql);
/* Runs sql, whose failure the caller does not report (a rollback, a drop). */
void crmi_exec_quiet(struct crm_db *db, const char *sql);
/* True outside any transaction. */
bool crmi_autocommit(struct crm_db *db);
/* The backend's message of the last error. */
const char *crmi_errmsg(struct crm_db *db);
/* Fills err (may be NULL) and returns st; fmt is already translated. */
crm_status crmi_set_error(struct crm_error *err, crm_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- the PostgreSQL backend (pg.c) ---- */

/* True when the target of --db names a server (a URL or a connection string). */
bool crmi_pg_target(const char *path);
/* The target as crm shows it: a password in the URL masked (malloc'd). */
char *crmi_pg_shown(const char *path);
/* Connects db to target and checks its schema (creates it with CRM_OPEN_CREATE). */
crm_status crmi_pg_open(struct crm_db *db, const char *target, unsigned flags,
			struct crm_error *err);
void crmi_pg_close(struct crm_db *db);
int crmi_pg_prepare(struct crm_db *db, const char *sql, struct crmi_pg_stmt **out);
void crmi_pg_clear_bindings(struct crmi_pg_stmt *s);
int crmi_pg_exec(struct crm_db *db, const char *sql);
int64_t crmi_pg_last_id(struct crm_db *db);
int crmi_pg_changes(struct crm_db *db);
bool crmi_pg_autocommit(struct crm_db *db);
const char *crmi_pg_errmsg(struct crm_db *db);
void crmi_pg_set_busy_timeout(struct crm_db *db, int ms);
/* Writes sent without waiting for each (pg.c), plain INSERTs by COPY;
 * off sends and reads them all: the code of the first failure, or CRMI_OK. */
int crmi_pg_batch(struct crm_db *db, bool on);
/* True on a server inside crmi_pg_batch. */
bool crmi_pg_batching(struct crm_db *db);
/* The connection of a base on a server (libpq's PGconn), or NULL. */
struct pg_conn *crmi_pg_conn(struct crm_db *db);
/* True when the file at path is a custom archive of pg_dump (pg-backup.c). */
bool crmi_pg_dump_file(const char *path);
struct crm_backup_info;
/* crm_backup of a base on a server: pg_dump's custom archive (pg-backup.c). */
crm_status crmi_pg_backup(struct crm_db *db, const char *path, unsigned flags,
			  struct crm_backup_info *info);

/*
 * Atomic unit for one core call: a SAVEPOINT that nests inside the
 * command's transaction. end(db, st) releases on CRM_OK and rolls back to
 * the savepoint otherwise; it returns st (or the release error).
 */
crm_status crmi_atomic_begin(struct crm_db *db);
crm_status crmi_atomic_end(struct crm_db *db, crm_status st);

/* mkdir -p of the folders above path, each created 0700; -1 and errno. */
int crmi_make_parents(const char *path);

/* Migrations: brings db up to crm_schema_version(). */
crm_status crmi_schema_migrate(struct crm_db *db, int target);
int crmi_schema_user_version(struct crm_db *db);
bool crmi_schema_steps_ok(void);

/*
 * Compares the schema of db (its main file) with the one crm makes for
 * version: each object that is extra, missing or altered is told to fn
 * (may be NULL) as one line. Returns the number of differences, or -1 when
 * sqlite_master cannot be read (its SQLite code in *rc).
 */
typedef void crmi_schema_diff_fn(void *data, const char *difference);
int crmi_schema_diff(sqlite3 *db, int version, crmi_schema_diff_fn *fn, void *data, int *rc);
/* crmi_schema_diff keeping the first difference in buf (n bytes). */
int crmi_schema_first_diff(sqlite3 *db, int version, char *buf, size_t n, int *rc);

/*
 * The paths of the backups crm made of a base, oldest first: its
 * base.backup entries and those a restore carried over from the base it
 * replaced (privacy.c lists them in an erasure's act, backup.c carries
 * them through a restore).
 */
extern const char crmi_sql_backup_paths[];

/*
 * The validators of the owners, shared by the commands and the import, so
 * that a file is held to the rules of the command line: EINVAL with the
 * message. crmi_client_check checks the members of in that are set (as
 * add and edit do); crmi_note_check an interaction at time at.
 */
#define CRMI_CONTACT_EVERY_MAX 3650 /* days */
struct crm_client_input;
struct crm_note_input;
crm_status crmi_client_check(struct crm_db *db, const struct crm_client_input *in);
crm_status crmi_note_check(struct crm_db *db, const struct crm_note_input *in, int64_t at);

/*
 * The strict JSON reader (json-strict.c): one JSON text of n bytes, valid
 * UTF-8 without NUL bytes, one value and nothing after it but white space,
 * into a cJSON tree whose numbers are Raw items holding their exact text.
 * EDATA (with the byte position) or ENOMEM, the message in err.
 */
struct cJSON;
crm_status crmi_json_parse(const char *text, size_t n, struct cJSON **out, char *err,
			   size_t errlen);

/* Journal entry from a cJSON object, which it consumes (NULL: {}). */
struct cJSON;
crm_status crmi_journal(struct crm_db *db, const char *action, const char *entity,
			int64_t entity_id, struct cJSON *data);
/* Adds an int64 exactly (as a raw JSON number) to a cJSON object. */
void crmi_json_int(struct cJSON *obj, const char *key, int64_t v);
/* Adds a string or null. */
void crmi_json_str(struct cJSON *obj, const char *key, const char *s);
/* Adds a JSON array text as a parsed array (text that is none: as a string). */
void crmi_json_list(struct cJSON *obj, const char *key, const char *list);

/* ---- languages (config.c) ---- */

/*
 * The text crm writes into the base (a default first action, a remedy, a
 * status note) in the base's language (base.language): ru or en, both
 * literals given at the call, so that the locale of whoever runs the
 * command does not matter.
 */
const char *crmi_base_text(struct crm_db *db, const char *en, const char *ru)
	__attribute__((format_arg(2), format_arg(3))); /* a format in both: gcc checks them */
/* true when the letters to clients are in Russian (letters.language). */
bool crmi_letters_ru(struct crm_db *db);
/*
 * The team's zone as cmd/ makes it the process's (TZ): time.zone when this
 * machine knows that zone, UTC otherwise; malloc'd, NULL without memory.
 * SQL that shows local times on PostgreSQL names it (AT TIME ZONE).
 */
char *crmi_team_zone(struct crm_db *db);

/* ---- a growing text (common.c) ---- */

/* A text that grows as pieces are added, always NUL-terminated once
 * anything was added. After a failed allocation oom is set and the text
 * stops growing: the caller reports ENOMEM and frees p. */
struct crmi_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

/* Adds the n bytes at s. */
void crmi_buf_add(struct crmi_buf *b, const char *s, size_t n);
/* Adds the string s. */
void crmi_buf_adds(struct crmi_buf *b, const char *s);

/* Copies of texts a result keeps (a report of rows read from iterators
 * whose texts live until their next row), freed together. */
struct crmi_strings {
	char **items;
	size_t n, cap;
};

/* A copy of s kept in l; NULL for NULL, and NULL with *oom set when out
 * of memory. */
const char *crmi_strings_keep(struct crmi_strings *l, const char *s, bool *oom);
/* Frees every copy and the list. */
void crmi_strings_release(struct crmi_strings *l);

/* A set of nonzero 64-bit keys (open addressing), for what a long run
 * remembers: the ids a batch gave (pg.c), the uuids an import may meet
 * (import.c, by a hash of each). */
struct crmi_keyset {
	uint64_t *keys; /* 0: a free slot */
	size_t n, cap;
};

/* Adds key (not 0); false out of memory. */
bool crmi_keyset_add(struct crmi_keyset *s, uint64_t key);
bool crmi_keyset_has(const struct crmi_keyset *s, uint64_t key);
void crmi_keyset_release(struct crmi_keyset *s);

/* ---- shared by the client sheet modules (common.c) ---- */

/* EINVAL "invalid <what> 'x' (a, b, c)" unless value is one of words. */
crm_status crmi_enum_check(struct crm_db *db, const char *what, const char *value,
			   const char *const *words);
/* Applies ed to the JSON array of words json; *out is a malloc'd JSON array. */
crm_status crmi_list_apply(struct crm_db *db, const char *what, const char *json,
			   const struct crm_list_edit *ed, char **out);

/* The statements that resolve a reference; each selects (id, name). */
struct crmi_resolve_sql {
	const char *sql_id;      /* ?1 id */
	const char *sql_uuid;    /* ?1 uuid, or NULL */
	const char *sql_exact;   /* ?1 folded name; LIMIT 11 */
	const char *sql_prefix;  /* ?1 <= name_fold < ?2; LIMIT 11 */
	const char *sql_contains; /* a word of name_fold starts with ?1; LIMIT 11; or NULL */
};
crm_status crmi_resolve(struct crm_db *db, const char *what, const char *ref,
			const struct crmi_resolve_sql *q, int64_t *id);

/* The search index: rowid = ref id * 4 + source. */
enum { CRMI_SEARCH_CLIENT = 0, CRMI_SEARCH_CONTACT = 1, CRMI_SEARCH_INTERACTION = 2 };
#define CRMI_SEARCH_ROWID(id, src) ((id) * 4 + (src))
crm_status crmi_search_put(struct crm_db *db, int64_t rowid, int64_t client_id,
			   const char *const *parts, size_t nparts);
crm_status crmi_search_del(struct crm_db *db, int64_t rowid);

/* crmi_search_put for a new row: a plain INSERT (faster in FTS5). */
crm_status crmi_search_add(struct crm_db *db, int64_t rowid, int64_t client_id,
			   const char *const *parts, size_t nparts);

/*
 * ---- the owners' writers ----
 * Each table has one owner module, the only code that writes it; the
 * commands and the import both call these. An insert's id 0 asks for a
 * new id; another is kept unless taken (the import keeps a file's ids).
 * Each writer keeps its row's search entry.
 */

/* Steps an INSERT whose ?1 is the id to keep, or NULL: a taken id gets a new one. */
crm_status crmi_step_insert(struct crm_db *db, crmi_stmt *st, const char *what);

/* client.c: a row of client as written; lists are JSON array texts. */
struct crmi_client_row {
	int64_t id;
	const char *uuid, *name, *kind, *segment, *tier, *status, *stage;
	const char *traits, *interests, *tags, *note;
	const char *source;           /* NULL none */
	int64_t stage_since, owner_id, contact_every; /* owner, every: 0 none */
	bool has_value, has_last_contact;
	int64_t value, created, updated, last_contact, orders;
};
/* The members crmi_client_update writes even when NULL or 0. */
enum crmi_client_set {
	CRMI_CLIENT_SEGMENT = 1u << 0,
	CRMI_CLIENT_OWNER = 1u << 1,
	CRMI_CLIENT_CONTACT_EVERY = 1u << 2,
	CRMI_CLIENT_VALUE = 1u << 3,
	CRMI_CLIENT_NOTE = 1u << 4,
	CRMI_CLIENT_STAGE_SINCE = 1u << 5,
	CRMI_CLIENT_CREATED = 1u << 6,
	CRMI_CLIENT_SOURCE = 1u << 7,
	CRMI_CLIENT_ALL = (1u << 8) - 1,
};
crm_status crmi_client_insert(struct crm_db *db, const struct crmi_client_row *r, int64_t *id);
crm_status crmi_client_update(struct crm_db *db, int64_t id, const struct crmi_client_row *r,
			      unsigned set);
/* Orders and last contact counted from the interactions; the owner in *owner_id. */
crm_status crmi_client_recount(struct crm_db *db, int64_t id, int64_t *owner_id);
/* An interaction at at: last contact forward, +1 order, status (NULL: kept). */
crm_status crmi_client_noted(struct crm_db *db, int64_t id, int64_t at, bool order,
			     const char *status);
/* Changes of one field by a process that journals them itself. */
crm_status crmi_client_set_owner(struct crm_db *db, int64_t id, int64_t owner_id);
crm_status crmi_client_set_status(struct crm_db *db, int64_t id, const char *status);
crm_status crmi_client_set_referred_by(struct crm_db *db, int64_t id, int64_t by);
/* An erasure (privacy.c): the client, its sheet (ON DELETE CASCADE), its search entries
 * and the data of its journal entries. */
crm_status crmi_client_erase(struct crm_db *db, int64_t id);
crm_status crmi_search_erase_client(struct crm_db *db, int64_t client_id);
crm_status crmi_journal_redact(struct crm_db *db, int64_t erasure_id);

/* interaction.c */
/* author_id is looked up from author (a manager's name, folded) when
 * the row leaves it 0; -1 says the author is no manager. */
struct crmi_interaction_row {
	int64_t id, client_id, at, created;
	const char *kind, *author, *text, *outcome;
	bool has_amount;
	int64_t amount;
	bool has_late;
	int64_t late;
	int64_t author_id;
};
crm_status crmi_interaction_insert(struct crm_db *db, const struct crmi_interaction_row *r,
				   int64_t *id);

/* contact.c */
struct crmi_contact_row {
	int64_t id, client_id, verified, created;
	const char *uuid, *name, *role, *phone, *email, *address;
	/* the name in parts, for letters: written by the insert when any is
	 * set, by the update when set names CRMI_CONTACT_NAME_PARTS (all five,
	 * a NULL one cleared) */
	const char *first_name, *patronymic, *last_name, *gender, *address_as;
	/* the person: written by the insert when any is set, by the update
	 * when set names CRMI_CONTACT_PERSON (all of them, a NULL one cleared);
	 * birthday in the stored form, interests a JSON array (NULL: []) */
	const char *position, *birthday, *interests, *note, *preferred, *messenger;
	int64_t left;            /* the day they left; 0 still there */
	bool is_key, has_verified;
};
/* The members crmi_contact_update writes even when NULL. */
enum crmi_contact_set {
	CRMI_CONTACT_ROLE = 1u << 0,
	CRMI_CONTACT_PHONE = 1u << 1,
	CRMI_CONTACT_EMAIL = 1u << 2,
	CRMI_CONTACT_KEY = 1u << 3,
	CRMI_CONTACT_VERIFIED = 1u << 4,
	CRMI_CONTACT_CREATED = 1u << 5,
	CRMI_CONTACT_ADDRESS = 1u << 6,
	CRMI_CONTACT_ALL = (1u << 7) - 1,
	CRMI_CONTACT_NAME_PARTS = 1u << 7, /* not in ALL: the five go together */
	CRMI_CONTACT_PERSON = 1u << 8,     /* not in ALL: the person and the day left */
};
crm_status crmi_contact_insert(struct crm_db *db, const struct crmi_contact_row *r, int64_t *id);
crm_status crmi_contact_update(struct crm_db *db, int64_t id, const struct crmi_contact_row *r,
			       unsigned set);
/*
 * The contact of client_id other than except (0: none) who has the same
 * email (case-folded) or the same phone (its digits; a Russian 8 and +7
 * prefix are one) as the ones given (NULL or "": not compared). Contacts
 * who left the client are not compared: their address is no longer theirs.
 * *id gets 0 when there is none, *what (may be NULL) "email" or "phone".
 */
crm_status crmi_contact_find_same(struct crm_db *db, int64_t client_id, int64_t except,
				  const char *email, const char *phone, int64_t *id,
				  const char **what);
/* The id of the contact of uuid (0: none), by the uuid's index. */
crm_status crmi_contact_uuid_id(struct crm_db *db, const char *uuid, int64_t *id);
/* Links contact id to the contact who took over (0: none). */
crm_status crmi_contact_set_successor(struct crm_db *db, int64_t id, int64_t successor);

/* promise.c, incident.c, next.c: the items of a client's sheet share a shape. */
struct crmi_item_row {
	int64_t id, client_id;
	const char *kind;        /* promise, incident, next action (NULL: task) */
	const char *text;
	const char *status;      /* NULL: open */
	const char *reason;      /* why broken, how resolved */
	const char *author;
	int64_t due;             /* 0: none (a promise) */
	int64_t assignee_id;     /* a next action's; 0: none */
	int64_t created;
	bool has_closed;         /* closed, resolved, done */
	int64_t closed;
	bool timed;              /* a next action's due is a moment */
	bool has_at;             /* an incident's moment */
	int64_t at;
};
crm_status crmi_promise_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id);
crm_status crmi_incident_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id);
crm_status crmi_next_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id);
/* next.c: an open action closed as done now (farewell), without a journal entry. */
crm_status crmi_next_close(struct crm_db *db, int64_t id);
/* The open actions of from_id (0: none) or of nobody go to to_id; their ids into ids. */
crm_status crmi_next_reassign(struct crm_db *db, int64_t client_id, int64_t from_id,
			      int64_t to_id, struct cJSON *ids);

/*
 * The table of an item kind, and its statements (in its owner). sql_insert
 * takes ?1 id, ?2 client_id, ?3 kind, ?4 text, ?5 due, ?6 status, ?7 reason,
 * ?8 author, ?9 created, ?10 closed, ?11 assignee_id, ?12 timed, ?13 at
 * (each uses those it has); sql_get selects client_id, status[, due] of ?1.
 */
struct crmi_item_table {
	const char *what;        /* "next action": in messages */
	const char *entity;      /* "next": in the journal */
	const char *sql_get;
	const char *sql_insert;
};
crm_status crmi_item_insert(struct crm_db *db, const struct crmi_item_table *t,
			    const struct crmi_item_row *r, int64_t *id);

/*
 * A change of an open item (keep, break, resolve, done, move): sql takes
 * ?1 id, ?2 status, ?3 reason, ?4 t. then (may be NULL) adds to the
 * journal data, which holds client_id, and may write more.
 */
struct crmi_item_change {
	const char *sql;
	const char *status, *reason;
	int64_t t;
	const char *action;      /* "promise.keep" */
	crm_status (*then)(struct crm_db *db, int64_t client_id, int64_t due,
			   struct cJSON *data, void *arg);
	void *arg;
};
/* Reads item id, refuses unless open, changes it, touches the client, journals. */
crm_status crmi_item_change(struct crm_db *db, const struct crmi_item_table *t, int64_t id,
			    const struct crmi_item_change *c);

/* manager.c */
struct crmi_manager_row {
	const char *uuid, *name, *email, *phone, *role, *status; /* role, status NULL: defaults */
	const char *traits, *interests;                          /* NULL: [] */
	int64_t capacity, created;
	int64_t trainee, trainee_until, mentor_id;               /* 0: none */
};
crm_status crmi_manager_insert(struct crm_db *db, const struct crmi_manager_row *r, int64_t *id);
/* The manager whose folded name is name's, or 0 (none, NULL name, or out
 * of memory: an author that is no manager's). */
int64_t crmi_manager_by_name(struct crm_db *db, const char *name);

/* Bumps client.updated after a change to its sheet; ENOTFOUND without it. */
crm_status crmi_client_touch(struct crm_db *db, int64_t client_id);

/* Steps an iterator's statement: CRM_OK a row, CRM_DONE at (and after) the end. */
crm_status crmi_iter_step(struct crm_db *db, crmi_stmt *st, bool *done, const char *what);

/* Steps a statement that returns no rows and resets it. */
crm_status crmi_step_done(struct crm_db *db, crmi_stmt *st, const char *what);

/*
 * Not API: crm_ functions that cmd/ does not use, kept for core's own
 * modules and the unit tests (which link crm-internal). libcrm.map keeps
 * them out of libcrmcore's exports.
 */

/*
 * An RFC 4180 reader: fields separated by commas, records by LF or CRLF,
 * quoted fields with "" for a quote (they may hold commas and newlines), a
 * UTF-8 byte order mark skipped, no final newline needed, empty lines
 * skipped. crmi_csv_next gives the fields of the next record (borrowed until
 * the next call), CRM_DONE at the end, CRM_EDATA on a NUL byte, invalid
 * UTF-8, an unterminated quote, text after a closing quote, a quote inside
 * an unquoted field or a bare CR (message in crmi_csv_errmsg).
 */
struct crmi_csv;
crm_status crmi_csv_open(FILE *in, struct crmi_csv **out);
crm_status crmi_csv_next(struct crmi_csv *r, const char *const **fields, size_t *n);
/* The line on which the last record (or the error) started, from 1. */
int64_t crmi_csv_line(const struct crmi_csv *r);
const char *crmi_csv_errmsg(const struct crmi_csv *r);
void crmi_csv_close(struct crmi_csv *r);

/* The key the duplicate rule compares names by: folded, without
 * punctuation, quotes, spaces and legal forms (ООО, LLC, ...). malloc'd. */
char *crmi_audit_name_key(const char *name);

/* Handovers of the client with reason client-request, not cancelled. */
int64_t crmi_handover_client_requests(struct crm_db *db, int64_t client_id);

/* Checks a template: EDATA with the place of the first problem
 * ("sections[1].questions[0].type: ..."). */
crm_status crm_vip_template_check(struct crm_db *db, const char *json);

/*
 * Checks answers (a JSON object keyed by question id) against the current
 * template for the client: EDATA on an unknown id, a wrong type or value,
 * a missing required answer. null and "" are no answer.
 */
crm_status crm_vip_answers_check(struct crm_db *db, const char *answers);

#endif
