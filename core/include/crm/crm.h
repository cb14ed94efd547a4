/*
 * crm.h: the public interface of libcrmcore, the only header cmd/ includes.
 *
 * Ownership rules, followed by every function below:
 *  1. A const pointer that core returns is BORROWED. It stays valid until the
 *     next call on the same handle (for an iterator, the next _next call) or
 *     until that handle is destroyed. Copy it to keep it.
 *  2. Whatever comes back through an out-parameter (**out) or from a _create
 *     function belongs to the CALLER, who frees it with the matching
 *     _destroy, _close or free() as documented.
 *  3. Core never keeps a caller's pointer: it copies what it stores. When a
 *     call fails, its out-parameters are NULL or 0.
 *  4. Handles with behaviour (crm_db, iterators) are opaque. Rows are
 *     read-only view structs.
 *  Every _destroy, _close and _release accepts NULL.
 *
 * core never prints, never exits, never reads argv, the environment or
 * the terminal: cmd/ does that and passes the results in.
 */
#ifndef CRM_CRM_H
#define CRM_CRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status -------------------------------------------------------- */

typedef enum crm_status {
	CRM_OK = 0,
	CRM_DONE,       /* iterator exhausted: not an error */
	CRM_ENOMEM,     /* out of memory */
	CRM_EINVAL,     /* invalid argument value */
	CRM_ENOTFOUND,  /* no such record, or no base at the path */
	CRM_EAMBIGUOUS, /* a reference matches several records */
	CRM_EEXIST,     /* already exists */
	CRM_ECONFLICT,  /* refused by a rule of the data */
	CRM_EDB,        /* storage error: corrupt, read-only, not a crm base */
	CRM_ESCHEMA,    /* the base was written by a newer crm */
	CRM_EDATA,      /* bad record in an input file */
	CRM_EBUSY,      /* the base stayed locked past the timeout */
} crm_status;

/* A short lowercase name of the status ("not found"); static storage. */
const char *crm_status_str(crm_status st);

/* Error filled by calls that have no db handle yet (crm_db_open). */
struct crm_error {
	crm_status code;
	char msg[512];
};

/* ---- the base ------------------------------------------------------ */

struct crm_db;

enum crm_open_flags {
	CRM_OPEN_CREATE = 1u << 0,   /* create a new base; EEXIST if the file exists */
	CRM_OPEN_READONLY = 1u << 1, /* never write: no migration either */
	/* for crm check: open a base whose schema is not crm's (it is then
	 * neither migrated nor written), so that the check can name what differs */
	CRM_OPEN_ANY_SCHEMA = 1u << 2,
};

/* The application_id stored in every crm base ("CRM1"). */
#define CRM_APPLICATION_ID 0x43524d31

/* The newest schema version this library knows. */
int crm_schema_version(void);

/* The version of the SQLite library in use (static storage). */
const char *crm_sqlite_version(void);

/*
 * Opens (or with CRM_OPEN_CREATE creates) the base at path. Parent folders
 * of a new base are created 0700 and the file 0600 before SQLite opens it.
 * An existing base of an older schema is migrated in one transaction.
 * A base is opened only if its schema (every table, column, index, trigger
 * and view in sqlite_master) is exactly the one crm makes for its version:
 * anything extra, missing or altered is refused with EDB, naming it.
 * ":memory:" opens a fresh in-memory base (for tests).
 * Errors: ENOTFOUND no file at path; EEXIST (create) the file exists;
 * EDB not a crm base, corrupt or unreadable; ESCHEMA newer schema; EBUSY.
 */
crm_status crm_db_open(const char *path, unsigned flags, struct crm_db **out,
		       struct crm_error *err);
void crm_db_close(struct crm_db *db);

/* The message of the last failed call on db (borrowed); "" if none. */
const char *crm_db_errmsg(const struct crm_db *db);
/* The status of the last failed call on db. */
crm_status crm_db_errcode(const struct crm_db *db);

/* The path the base was opened from (borrowed). */
const char *crm_db_path(const struct crm_db *db);

/* Who acts: recorded in the journal on every change. Copied. */
crm_status crm_db_set_actor(struct crm_db *db, const char *actor);
const char *crm_db_actor(const struct crm_db *db);

/* Current time in UTC seconds; defaults to the system clock. */
void crm_db_set_now(struct crm_db *db, int64_t now);
int64_t crm_db_now(const struct crm_db *db);

/* Milliseconds a write waits for a lock held by another process. */
void crm_db_set_busy_timeout(struct crm_db *db, int ms);

/*
 * One transaction per command: crm_tx_begin starts BEGIN IMMEDIATE (EBUSY
 * when the lock is still held after the timeout), commit makes it durable,
 * rollback undoes everything since begin. Core functions that change data
 * are atomic on their own too, so they also work outside a transaction.
 */
crm_status crm_tx_begin(struct crm_db *db);
crm_status crm_tx_commit(struct crm_db *db);
void crm_tx_rollback(struct crm_db *db);

/* Progress of long work; cmd/ decides what to show. */
typedef void crm_notify_fn(void *data, const char *what, int64_t done, int64_t total);
void crm_db_set_notify(struct crm_db *db, crm_notify_fn *fn, void *data);

/* ---- text ---------------------------------------------------------- */

/* True when the n bytes at s are valid UTF-8 (no overlongs, surrogates). */
bool crm_utf8_valid(const char *s, size_t n);

/* Number of code points in a valid UTF-8 string. */
size_t crm_utf8_len(const char *s);

/* Terminal columns the UTF-8 string takes (Cyrillic letter: 1). */
size_t crm_text_width(const char *s);

/*
 * Folded copy for search: lower case for every script (towlower under an
 * explicit C.UTF-8 locale), ё -> е. Returns a malloc'd string the caller
 * frees, or NULL on ENOMEM or invalid UTF-8.
 */
char *crm_text_fold(const char *s);

/*
 * Decodes one code point from the n bytes at s into *cp; returns its
 * length in bytes, or 0 when they do not start with valid UTF-8.
 */
size_t crm_utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * What a code point does to a line of text. Everything but PLAIN is
 * refused in one-line text and shown escaped in human output:
 * CONTROL: C0 but CR and LF, DEL, C1 (U+0080..U+009F; U+009B is a CSI);
 * BREAK: CR, LF, U+2028 and U+2029;
 * BIDI: U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069.
 */
enum crm_char_class {
	CRM_CHAR_PLAIN = 0,
	CRM_CHAR_CONTROL,
	CRM_CHAR_BREAK,
	CRM_CHAR_BIDI,
};
enum crm_char_class crm_text_char_class(uint32_t cp);

/*
 * The one rule for one-line text (names, tags, the identity, the text of
 * next actions and promises): true when s holds no character of the
 * classes above; else false, with the first such code point in *cp and
 * its byte offset in *off (either may be NULL). Invalid UTF-8 is left to
 * crm_utf8_valid; NULL counts as fine.
 */
bool crm_text_oneline_check(const char *s, uint32_t *cp, size_t *off);

/*
 * The whole check of a one-line field named what: not empty, valid UTF-8,
 * one line (crm_text_oneline_check), at most max characters (0: no
 * limit). False with the message for the user in msg (n bytes).
 */
bool crm_text_line_check(const char *what, const char *s, size_t max, char *msg, size_t n);

/* ---- dates and times ------------------------------------------------ */

/*
 * Times are int64 UTC seconds. A date is the time of its 00:00 UTC.
 *
 * crm_date_parse accepts YYYY-MM-DD, today, tomorrow, yesterday and
 * relative forms +Nd, -Nd, +Nw, +Nm, +Ny (days, weeks, months, years;
 * "+1m" from Jan 31 is the last day of February) counted from now.
 * The result is a date (00:00 UTC). EINVAL on anything else.
 */
crm_status crm_date_parse(const char *s, int64_t now, int64_t *out);

/* Accepts what crm_date_parse does plus YYYY-MM-DDTHH:MM[:SS][Z]. */
crm_status crm_time_parse(const char *s, int64_t now, int64_t *out);

/* The date of t at 00:00 UTC. */
int64_t crm_day_start(int64_t t);

/* "2026-11-22" into buf (at least 11 bytes). Returns buf. */
char *crm_date_format(int64_t t, char *buf, size_t n);
/* "2026-11-22T10:00:00Z" into buf (at least 21 bytes). Returns buf. */
char *crm_time_format(int64_t t, char *buf, size_t n);

/* ---- money --------------------------------------------------------- */

/*
 * Amounts are integer cents, at most CRM_MONEY_MAX either way
 * (999 999 999 999.99): every input is held to it, so that no sum or
 * arithmetic on amounts, in C or in SQL, can leave 64 bits.
 * crm_money_parse accepts "1234", "1234.5", "1234.56", "-3", "1 234,50"
 * (spaces and a decimal comma); more than two decimals or an amount out
 * of range is EINVAL. crm_money_format writes "1234.50".
 */
#define CRM_MONEY_MAX INT64_C(99999999999999)
/* true when -CRM_MONEY_MAX <= cents <= CRM_MONEY_MAX */
bool crm_money_in_range(int64_t cents);
crm_status crm_money_parse(const char *s, int64_t *cents);
char *crm_money_format(int64_t cents, char *buf, size_t n);

/* ---- config -------------------------------------------------------- */

enum crm_config_type {
	CRM_CONFIG_STRING,
	CRM_CONFIG_INT,
	CRM_CONFIG_BOOL,
	CRM_CONFIG_ENUM,
};

struct crm_config_key {
	const char *key;
	enum crm_config_type type;
	const char *def;      /* default as text, or NULL for none */
	const char *choices;  /* ENUM: "ru,en"; NULL otherwise */
	int64_t min, max;     /* INT bounds */
	const char *summary;  /* one line */
};

/* The registry of known keys, sorted by key; *n gets the count. */
const struct crm_config_key *crm_config_keys(size_t *n);
/* The registry entry of key, or NULL when the key is unknown. */
const struct crm_config_key *crm_config_key_find(const char *key);

/*
 * Checks value against the key's type; normalises booleans to
 * "true"/"false" into buf. EINVAL with a message in errbuf on a bad value.
 */
crm_status crm_config_check(const struct crm_config_key *k, const char *value,
			    char *errbuf, size_t errlen);

/*
 * The value of key: the stored one, else the default. *value is a malloc'd
 * copy the caller frees (NULL when neither is set); *is_set tells whether a
 * value is stored. ENOTFOUND for an unknown key.
 */
crm_status crm_config_get(struct crm_db *db, const char *key, char **value,
			  bool *is_set);
/* Typed readers for core's own rules: the stored value or the default. */
int64_t crm_config_int(struct crm_db *db, const char *key);
bool crm_config_bool(struct crm_db *db, const char *key);

/* Stores a value (journaled). ENOTFOUND unknown key, EINVAL bad value. */
crm_status crm_config_set(struct crm_db *db, const char *key, const char *value);
/* Removes a stored value (journaled). ENOTFOUND unknown key or not set. */
crm_status crm_config_unset(struct crm_db *db, const char *key);

/* ---- journal ------------------------------------------------------- */

struct crm_journal_entry {
	int64_t id;
	int64_t at;
	const char *actor;
	const char *action;  /* "client.add", "config.set", ... */
	const char *entity;  /* "client", "config", ... */
	int64_t entity_id;   /* 0 when none */
	const char *data;    /* JSON object text */
};

struct crm_journal_filter {
	int64_t since;       /* 0: from the start */
	const char *actor;   /* NULL: anyone */
	const char *entity;  /* NULL: any */
	int64_t entity_id;   /* 0: any */
	int64_t limit;       /* 0: no limit; else the latest entries */
};

struct crm_journal_iter;

/* Appends an entry in the current transaction; data is a JSON object text
 * (NULL for {}). Core commands call it; exposed for tools and tests. */
crm_status crm_journal_append(struct crm_db *db, const char *action,
			      const char *entity, int64_t entity_id,
			      const char *data);

crm_status crm_journal_query(struct crm_db *db, const struct crm_journal_filter *f,
			     struct crm_journal_iter **out);
crm_status crm_journal_iter_next(struct crm_journal_iter *it,
				 const struct crm_journal_entry **row);
void crm_journal_iter_destroy(struct crm_journal_iter *it);

/* ---- the client sheet: common ----------------------------------------- */

/*
 * Enumerations are stored and shown as these words; core checks every
 * input against them (EINVAL with the list in the message).
 * NULL-terminated.
 */
extern const char *const crm_client_kinds[];     /* company, person */
extern const char *const crm_client_tiers[];     /* vip, key, regular */
extern const char *const crm_client_statuses[];  /* prospect, active, regular, lost, farewell */
extern const char *const crm_client_stages[];    /* courtship, sale, honeymoon, storm, normalization, support */
extern const char *const crm_manager_roles[];    /* manager, head */
extern const char *const crm_manager_statuses[]; /* active, vacation, left */
extern const char *const crm_interaction_kinds[];/* call, meeting, email, order, complaint, feedback, conflict, note */
extern const char *const crm_promise_kinds[];    /* promise, guarantee, discount, doubt, risk */
extern const char *const crm_incident_kinds[];   /* misunderstanding, mishap, conflict, quality */

/* Limits on text: names 1..200 characters, other text 1..10000. */
#define CRM_NAME_MAX 200
#define CRM_TEXT_MAX 10000

/* Adds to and removes from a list field (traits, interests, tags). */
struct crm_list_edit {
	const char *const *add;
	size_t nadd;
	const char *const *remove;
	size_t nremove;
};

/* ---- managers ------------------------------------------------------- */

struct crm_manager {
	int64_t id;
	const char *uuid;
	const char *name;
	const char *email;      /* NULL when none */
	const char *phone;
	const char *role;       /* crm_manager_roles */
	const char *status;     /* crm_manager_statuses */
	int64_t capacity;       /* most clients the manager should hold */
	const char *traits;     /* JSON array text */
	const char *interests;  /* JSON array text */
	int64_t clients;        /* clients owned now */
	int64_t created;
};

/* NULL / -1 members mean "default" (add) or "unchanged" (edit); "" clears
 * an optional text (email, phone). */
struct crm_manager_input {
	const char *name;
	const char *email;
	const char *phone;
	const char *role;
	const char *status;
	int64_t capacity;       /* -1: default (config manager.capacity) / unchanged */
	struct crm_list_edit traits;
	struct crm_list_edit interests;
};

struct crm_manager_iter;

crm_status crm_manager_add(struct crm_db *db, const struct crm_manager_input *in, int64_t *id);
crm_status crm_manager_edit(struct crm_db *db, int64_t id, const struct crm_manager_input *in);
/* crm_manager_edit that tells in *changed (may be NULL) whether anything
 * changed; when nothing did, nothing is written, not even a journal entry. */
crm_status crm_manager_edit_changed(struct crm_db *db, int64_t id,
				    const struct crm_manager_input *in, bool *changed);
/* id or unique case-insensitive name or prefix; ENOTFOUND / EAMBIGUOUS. */
crm_status crm_manager_resolve(struct crm_db *db, const char *ref, int64_t *id);
/* The manager whose name is the current actor's, or 0 (not an error). */
int64_t crm_manager_self(struct crm_db *db);
/* id 0: every manager, by name; else that one only. */
crm_status crm_manager_query(struct crm_db *db, int64_t id, struct crm_manager_iter **out);
crm_status crm_manager_iter_next(struct crm_manager_iter *it, const struct crm_manager **row);
void crm_manager_iter_destroy(struct crm_manager_iter *it);

/* ---- clients -------------------------------------------------------- */

struct crm_client {
	int64_t id;
	const char *uuid;
	const char *name;
	const char *kind;
	const char *segment;     /* NULL when none */
	const char *tier;
	const char *status;
	const char *stage;
	int64_t stage_since;
	int64_t owner_id;        /* 0 when none */
	const char *owner;       /* owner's name, NULL when none */
	int64_t contact_every;   /* days; 0 when not set */
	bool has_value;
	int64_t value;           /* cents */
	const char *traits;      /* JSON array text */
	const char *interests;
	const char *tags;
	const char *note;
	int64_t created;
	int64_t updated;
	int64_t last_contact;    /* latest interaction; 0 when none */
	int64_t next_due;        /* earliest open next action; 0 when none */
	int64_t orders;          /* interactions of kind order */
};

/* NULL / -1 members mean "default" (add) or "unchanged" (edit); "" clears
 * segment, note and owner on edit. */
struct crm_client_input {
	const char *name;
	const char *kind;
	const char *segment;
	const char *tier;
	const char *status;
	const char *stage;
	const char *owner;       /* manager reference; add default: the actor when a manager */
	int64_t contact_every;   /* -1 unchanged; 0 clears (edit) */
	bool has_value;
	int64_t value;
	const char *note;
	struct crm_list_edit traits;
	struct crm_list_edit interests;
	struct crm_list_edit tags;
	const char *uuid;        /* import only: keep this uuid */
};

enum crm_client_sort {
	CRM_SORT_NAME,
	CRM_SORT_LAST_CONTACT,   /* the longest without contact first */
	CRM_SORT_VALUE,          /* the highest first */
	CRM_SORT_CREATED,
};

struct crm_client_filter {
	int64_t id;              /* one client only */
	int64_t owner_id;
	const char *tier;
	const char *status;
	const char *stage;
	const char *segment;
	const char *tag;
	enum crm_client_sort sort;
	int64_t limit;           /* 0: all */
};

struct crm_client_iter;

crm_status crm_client_add(struct crm_db *db, const struct crm_client_input *in, int64_t *id);
crm_status crm_client_edit(struct crm_db *db, int64_t id, const struct crm_client_input *in);
/* crm_client_edit that tells in *changed (may be NULL) whether anything
 * changed; when nothing did, nothing is written, not even a journal entry. */
crm_status crm_client_edit_changed(struct crm_db *db, int64_t id,
				   const struct crm_client_input *in, bool *changed);
/* The lowest id of a client other than except whose name folds like name,
 * or 0: duplicate names are allowed, but worth a warning. */
int64_t crm_client_namesake(struct crm_db *db, const char *name, int64_t except);
/* id, uuid, or unique case-insensitive name or name prefix. */
crm_status crm_client_resolve(struct crm_db *db, const char *ref, int64_t *id);
crm_status crm_client_query(struct crm_db *db, const struct crm_client_filter *f,
			    struct crm_client_iter **out);
crm_status crm_client_iter_next(struct crm_client_iter *it, const struct crm_client **row);
void crm_client_iter_destroy(struct crm_client_iter *it);

/* Full-text search (case folded for every script). */
struct crm_find_hit {
	int64_t client_id;
	const char *client;
	const char *source;      /* name, note, contact, interaction */
	int64_t ref_id;          /* the contact or interaction id; the client's for name/note */
	const char *snippet;     /* the matched text around the hit, original case */
};
struct crm_find_iter;
crm_status crm_client_find(struct crm_db *db, const char *text, int64_t limit,
			   struct crm_find_iter **out);
crm_status crm_find_iter_next(struct crm_find_iter *it, const struct crm_find_hit **row);
void crm_find_iter_destroy(struct crm_find_iter *it);

/* ---- key contacts --------------------------------------------------- */

struct crm_contact {
	int64_t id;
	const char *uuid;
	int64_t client_id;
	const char *client;
	const char *name;
	const char *role;
	const char *phone;
	const char *email;
	bool key;
	int64_t verified;        /* last confirmed with the client; 0 never */
	int64_t created;
};

struct crm_contact_input {
	const char *name;
	const char *role;
	const char *phone;
	const char *email;
	int key;                 /* -1 unchanged, 0, 1 */
	const char *uuid;        /* import only */
	int64_t verified;        /* import only; 0 none */
};

struct crm_contact_filter {
	int64_t client_id;       /* 0: every client */
	bool key_only;
	int64_t stale_days;      /* > 0: not verified within that many days before today
				  * (never verified counts as stale) */
	int64_t id;              /* one contact only */
};

struct crm_contact_iter;

crm_status crm_contact_add(struct crm_db *db, int64_t client_id,
			   const struct crm_contact_input *in, int64_t *id);
crm_status crm_contact_edit(struct crm_db *db, int64_t id, const struct crm_contact_input *in);
crm_status crm_contact_verify(struct crm_db *db, int64_t id, int64_t when);
crm_status crm_contact_remove(struct crm_db *db, int64_t id);
crm_status crm_contact_resolve(struct crm_db *db, const char *ref, int64_t *id);
crm_status crm_contact_query(struct crm_db *db, const struct crm_contact_filter *f,
			     struct crm_contact_iter **out);
crm_status crm_contact_iter_next(struct crm_contact_iter *it, const struct crm_contact **row);
void crm_contact_iter_destroy(struct crm_contact_iter *it);

/* ---- interactions --------------------------------------------------- */

struct crm_interaction {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *kind;
	int64_t at;
	const char *author;
	const char *text;
	const char *outcome;     /* NULL when none */
	bool has_amount;
	int64_t amount;          /* cents */
};

struct crm_note_input {
	const char *kind;        /* NULL: note */
	int64_t at;              /* 0: now */
	const char *text;
	const char *outcome;
	bool has_amount;
	int64_t amount;
	const char *author;      /* import only; NULL: the actor */
};

struct crm_note_result {
	int64_t id;
	const char *status_before;  /* static strings; NULL when unchanged */
	const char *status_after;   /* "active" after a first order, "regular" after the second */
	const char *status;         /* the client's status after the note (static) */
	int64_t orders;             /* the client's orders after the note */
};

struct crm_interaction_filter {
	int64_t client_id;
	const char *kind;
	int64_t since;
	int64_t limit;           /* 0: all; newest first */
	int64_t id;              /* one interaction only */
};

struct crm_interaction_iter;

crm_status crm_note_add(struct crm_db *db, int64_t client_id, const struct crm_note_input *in,
			struct crm_note_result *res);
crm_status crm_interaction_query(struct crm_db *db, const struct crm_interaction_filter *f,
				 struct crm_interaction_iter **out);
crm_status crm_interaction_iter_next(struct crm_interaction_iter *it,
				     const struct crm_interaction **row);
void crm_interaction_iter_destroy(struct crm_interaction_iter *it);

/* ---- promises, incidents, next actions -------------------------------- */

struct crm_promise {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *kind;
	const char *text;
	int64_t due;             /* 0 when none */
	const char *status;      /* open, kept, broken */
	const char *why;         /* why broken; NULL */
	const char *author;
	int64_t created;
	int64_t closed;          /* 0 while open */
};

struct crm_promise_filter {
	int64_t client_id;
	bool open_only;
	bool overdue;            /* open and due before today (crm_day_start(now)) */
	int64_t id;              /* one promise only, other members ignored; 0: any */
};

struct crm_promise_iter;

/*
 * Every change below is atomic, journaled (promise.add, promise.keep,
 * promise.break) and bumps the client's updated time.
 * add: kind NULL is "promise"; due 0 is none, else a date today or later
 * (stored as its day). EINVAL bad kind, text or a due date before today;
 * ENOTFOUND no such client.
 * keep, break: open -> kept | broken, final (a doubt or risk is "kept" when
 * it is no longer a concern). ENOTFOUND no such promise; ECONFLICT not open
 * ("promise 12 is already kept"); break: EINVAL without a valid why.
 */
crm_status crm_promise_add(struct crm_db *db, int64_t client_id, const char *kind,
			   const char *text, int64_t due, int64_t *id);
crm_status crm_promise_keep(struct crm_db *db, int64_t id);
crm_status crm_promise_break(struct crm_db *db, int64_t id, const char *why);
/* Oldest first (by id). */
crm_status crm_promise_query(struct crm_db *db, const struct crm_promise_filter *f,
			     struct crm_promise_iter **out);
crm_status crm_promise_iter_next(struct crm_promise_iter *it, const struct crm_promise **row);
void crm_promise_iter_destroy(struct crm_promise_iter *it);

struct crm_incident {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *kind;
	const char *text;
	const char *status;      /* open, resolved */
	const char *how;         /* how resolved; NULL */
	const char *author;
	int64_t created;
	int64_t resolved;        /* 0 while open */
};

struct crm_incident_filter {
	int64_t client_id;
	bool open_only;
	int64_t id;              /* one incident only, other members ignored; 0: any */
};

struct crm_incident_iter;

/*
 * Atomic, journaled (incident.add, incident.resolve), bump client.updated.
 * add: kind NULL is "misunderstanding"; EINVAL bad kind or text; ENOTFOUND
 * no such client. resolve: open -> resolved, final; EINVAL without a valid
 * how; ENOTFOUND no such incident; ECONFLICT already resolved.
 */
crm_status crm_incident_add(struct crm_db *db, int64_t client_id, const char *kind,
			    const char *text, int64_t *id);
crm_status crm_incident_resolve(struct crm_db *db, int64_t id, const char *how);
/* Oldest first (by id). */
crm_status crm_incident_query(struct crm_db *db, const struct crm_incident_filter *f,
			      struct crm_incident_iter **out);
crm_status crm_incident_iter_next(struct crm_incident_iter *it, const struct crm_incident **row);
void crm_incident_iter_destroy(struct crm_incident_iter *it);

struct crm_next_action {
	int64_t id;
	int64_t client_id;
	const char *client;
	const char *text;
	int64_t due;
	int64_t assignee_id;     /* 0 when none */
	const char *assignee;
	const char *status;      /* open, done */
	const char *author;
	int64_t created;
	int64_t done;            /* 0 while open */
};

struct crm_next_filter {
	int64_t client_id;
	int64_t assignee_id;
	bool overdue;            /* due before today */
	int64_t due_before;      /* 0: any */
	bool all;                /* include done actions */
	int64_t id;              /* one action only, other members ignored; 0: any */
};

struct crm_next_iter;

/*
 * Atomic, journaled (next.add, next.done, next.move with old_due and due),
 * bump client.updated. Due dates are today or later (stored as their day):
 * EINVAL otherwise, also for due 0 on add.
 * add: assignee_id 0: the client's owner, or none when the client has no
 * owner (allowed). ENOTFOUND no such client or manager.
 * done: open -> done, final. note (may be NULL) is recorded as an
 * interaction of kind note by the actor, with crm_note_add, in the same
 * transaction. move: a new due date for an open action.
 * done, move: ENOTFOUND no such action; ECONFLICT already done.
 */
crm_status crm_next_add(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			int64_t assignee_id, int64_t *id);
crm_status crm_next_done(struct crm_db *db, int64_t id, const char *note);
crm_status crm_next_move(struct crm_db *db, int64_t id, int64_t due);
/* The earliest due first (then by id); open only unless all. */
crm_status crm_next_query(struct crm_db *db, const struct crm_next_filter *f,
			  struct crm_next_iter **out);
crm_status crm_next_iter_next(struct crm_next_iter *it, const struct crm_next_action **row);
void crm_next_iter_destroy(struct crm_next_iter *it);

/* ---- the timeline ---------------------------------------------------- */

struct crm_log_entry {
	int64_t at;
	const char *kind;        /* interaction, promise, incident, next, handover, status, owner */
	const char *event;       /* call, added, kept, broken, opened, resolved, done, changed, ... */
	const char *text;
	const char *actor;
	int64_t ref_id;
};

/* The words --kind accepts: the entry kinds, then the interaction kinds. */
extern const char *const crm_log_kinds[];

struct crm_log_filter {
	int64_t client_id;
	const char *kind;        /* one of the kinds above, or an interaction kind */
	int64_t since;
	int64_t limit;
};

struct crm_log_iter;

crm_status crm_log_query(struct crm_db *db, const struct crm_log_filter *f,
			 struct crm_log_iter **out);
crm_status crm_log_iter_next(struct crm_log_iter *it, const struct crm_log_entry **row);
void crm_log_iter_destroy(struct crm_log_iter *it);

/* ---- backup and check ------------------------------------------------ */

enum crm_backup_flags {
	CRM_BACKUP_FORCE = 1u << 0,  /* replace a file that exists at the path */
};

struct crm_backup_info {
	int64_t pages;           /* pages copied */
	int64_t bytes;           /* size of the file written */
	int schema_version;      /* schema of the copy */
};

/*
 * Writes a consistent copy of the base to path with SQLite's online backup
 * API, while other processes may go on writing. The copy goes to a
 * temporary file created 0600 (O_CREAT|O_EXCL|O_NOFOLLOW) in path's folder,
 * is fsynced, then renamed to path, and the folder is fsynced: path holds
 * either the old file or the whole copy. The copy is one standalone file
 * (rollback journal, no -wal). info may be NULL.
 * Errors: EEXIST a file exists at path (without CRM_BACKUP_FORCE); EINVAL
 * path is the base itself; EDB the copy could not be written (no space,
 * no such folder, permissions).
 */
crm_status crm_backup(struct crm_db *db, const char *path, unsigned flags,
		      struct crm_backup_info *info);

/* Journals the backup at path (base.backup with its absolute path), in
 * its own transaction: an erasure later names it among the copies. */
crm_status crm_backup_record(struct crm_db *db, const char *path,
			     const struct crm_backup_info *info);

/*
 * Checks that path holds a crm base this library can restore: an SQLite
 * file with crm's application_id, a schema no newer than
 * crm_schema_version(), passing PRAGMA quick_check. *version gets its
 * schema (may be NULL). Never writes to path.
 * Errors: ENOTFOUND no file at path; EDB not a crm base or corrupt;
 * ESCHEMA written by a newer crm.
 */
crm_status crm_backup_verify(const char *path, int *version, struct crm_error *err);

struct crm_restore_info {
	int from_version;        /* schema of the backup (older ones are migrated on open) */
	bool kept;               /* the base was kept as <base>.before-restore */
	bool created;            /* there was no base: a new one was made */
	bool moved;              /* the base could not be read: it was moved aside whole */
	int64_t pages;           /* pages copied */
};

/* The suffix of the copy restore keeps of the base it replaces. */
#define CRM_BEFORE_RESTORE ".before-restore"

/*
 * Replaces the base at base with the backup at from, all or nothing, in
 * two steps so that nothing is touched until everything that can fail
 * has passed.
 *
 * crm_restore_prepare checks the backup (as crm_backup_verify, and that
 * its schema is exactly crm's for its version), copies it into a temporary
 * file beside the base and opens that copy as a base, which migrates an
 * older schema: *out holds it, and crm_restore_db(*out) is the opened copy
 * (borrowed), for the caller to journal the restore into. Errors: those of
 * crm_backup_verify for from; EEXIST base.before-restore exists; EINVAL
 * from is the base itself; EDB the base is an SQLite file of another
 * program, the migration failed, or writing failed; EBUSY.
 *
 * crm_restore_finish installs the prepared copy. The current base is first
 * copied to base + CRM_BEFORE_RESTORE (0600); then the prepared copy is
 * written into the base through SQLite's backup API in one write
 * transaction, which waits for other writers (busy_ms) and is safe while
 * other processes have the base open (a rename would leave them writing to
 * the replaced file). If that fails (EBUSY: another process held the base)
 * the base is as it was and the before-restore copy is removed again, so
 * the same restore can simply be run again. (A write another process
 * commits between the two copies is in neither: restore while nobody
 * writes.) A base SQLite cannot read at all (a corrupt header) is moved
 * aside whole instead, with its -wal, and the copy renamed into place. A
 * missing base is created (folders 0700, file 0600). info may be NULL.
 *
 * crm_restore_destroy removes the temporary copy if it was not installed;
 * NULL is fine. crm_restore is prepare, finish and destroy in one call,
 * with no journal entry.
 */
struct crm_restore;
crm_status crm_restore_prepare(const char *base, const char *from, int busy_ms,
			       struct crm_restore **out, struct crm_error *err);
struct crm_db *crm_restore_db(struct crm_restore *r);
/* The schema version of the backup (before its migration). */
int crm_restore_version(const struct crm_restore *r);
/*
 * Journals base.restore into the prepared copy (set its actor and clock
 * first): from, the backup's schema, kept (the before-restore path or
 * NULL), and the backups the replaced base had made, so that an erasure
 * after the restore still names them. One transaction of its own.
 */
crm_status crm_restore_record(struct crm_restore *r, const char *from, const char *kept);
crm_status crm_restore_finish(struct crm_restore *r, int busy_ms, struct crm_restore_info *info,
			      struct crm_error *err);
void crm_restore_destroy(struct crm_restore *r);
crm_status crm_restore(const char *base, const char *from, int busy_ms,
		       struct crm_restore_info *info, struct crm_error *err);

enum crm_check_flags {
	CRM_CHECK_FULL = 1u << 0,  /* integrity_check, foreign keys, crm's invariants */
};

struct crm_check_problem {
	const char *check;       /* quick_check, integrity_check, foreign_key_check,
				    owner, journal, search */
	const char *entity;      /* the table concerned, or NULL */
	int64_t entity_id;       /* the row concerned, or 0 */
	const char *problem;     /* what is wrong, lowercase */
};

/* Called once per problem found; p is borrowed for the call. */
typedef void crm_check_fn(void *data, const struct crm_check_problem *p);

/*
 * Checks the base: PRAGMA quick_check; with CRM_CHECK_FULL, integrity_check
 * instead, foreign_key_check, the full-text index's own integrity-check,
 * and crm's invariants: every client's owner exists; the journal is intact
 * (its append-only triggers are in place, its ids run from 1 without gaps,
 * every entry's data is a JSON object); the search index holds one entry
 * per client, contact and interaction and nothing else. All reads see one
 * snapshot, while others may write. *problems gets the count (may be
 * NULL). Returns CRM_OK when the checks ran, whatever they found; an error
 * when they could not run.
 */
crm_status crm_check(struct crm_db *db, unsigned flags, crm_check_fn *fn, void *data,
		     int64_t *problems);

/*
 * A test hook for disk-full: caps the base at n pages (PRAGMA
 * max_page_count; never below its current size), so that a write that
 * needs more fails as with a full disk. EINVAL when n < 1.
 */
crm_status crm_db_set_max_pages(struct crm_db *db, int64_t n);

/* ---- checks shared by every module ------------------------------------ */

/* EINVAL with a message when s is empty, too long or not UTF-8. what
 * names the field in the message ("name", "--note"). */
crm_status crm_check_name(struct crm_db *db, const char *what, const char *s);
crm_status crm_check_text(struct crm_db *db, const char *what, const char *s);
/* Names (crm_check_name), emails and phones are one line: no control,
 * line-break or bidi character (crm_text_oneline_check). crm_check_line is
 * crm_check_text for one-line text: next actions, promises. */
crm_status crm_check_line(struct crm_db *db, const char *what, const char *s);
/* Plausible shapes: one @ with a dot in the domain; digits, spaces, +()-. */
crm_status crm_check_email(struct crm_db *db, const char *what, const char *s);
crm_status crm_check_phone(struct crm_db *db, const char *what, const char *s);
/* A new random (version 4) uuid into buf (at least 37 bytes). */
crm_status crm_uuid_new(char *buf, size_t n);
bool crm_uuid_valid(const char *s);

/* ---- import and export ------------------------------------------------ */

/*
 * crm_import reads clients from in and writes them in the current
 * transaction, all or nothing (one savepoint: a failure leaves the base as
 * it was). NDJSON: one object per line in the shape of `crm client show
 * --format json` (crm-client(1)); blank lines are skipped. CSV: RFC 4180
 * with a header row naming columns of crm_csv_columns, in any order; only
 * name is required.
 *
 * Records are written faithfully: uuids, ids (when free in the base),
 * creation times, authors, closed states and verification dates are kept;
 * status and stage are taken as given (no regular-client rule); orders and
 * last_contact are recomputed from the interactions. A manager named as an
 * owner or assignee and missing from the base is created (name and uuid)
 * and journaled as manager.import. Each client is journaled once as
 * client.import with its uuid, name and nested counts.
 *
 * Errors carry the line: "line 3: field 'contacts[1].email': ..." (array
 * indexes count from 0). EDATA bad data (syntax, unknown or duplicate key,
 * wrong type, failed check, unknown CSV column, ragged row); EEXIST a
 * client or contact uuid already in the base (without CRM_IMPORT_UPDATE),
 * or a contact uuid that belongs to another client. The progress callback
 * (crm_db_set_notify) gets ("import", records done, 0) every 1000 records.
 */
enum crm_import_format {
	CRM_IMPORT_NDJSON,
	CRM_IMPORT_CSV,
};

enum crm_import_flags {
	/* A client whose uuid is in the base is merged: the fields given
	 * replace the stored ones, contacts are upserted by uuid (else by
	 * name), other nested rows are added unless one of the same kind, time
	 * and text is there. */
	CRM_IMPORT_UPDATE = 1u << 0,
};

struct crm_import_stats {
	int64_t records;         /* client records read */
	int64_t added;           /* new clients */
	int64_t updated;         /* merged into existing clients */
	int64_t managers;        /* managers created for unknown owners and assignees */
	int64_t contacts;        /* nested rows written (added or updated) */
	int64_t interactions;
	int64_t promises;
	int64_t incidents;
	int64_t next_actions;
};

/* The CSV header crm writes and reads, in order (NULL-terminated). */
extern const char *const crm_csv_columns[];

crm_status crm_import(struct crm_db *db, FILE *in, enum crm_import_format fmt, unsigned flags,
		      struct crm_import_stats *stats);

/*
 * An RFC 4180 reader: fields separated by commas, records by LF or CRLF,
 * quoted fields with "" for a quote (they may hold commas and newlines), a
 * UTF-8 byte order mark skipped, no final newline needed, empty lines
 * skipped. crm_csv_next gives the fields of the next record (borrowed until
 * the next call), CRM_DONE at the end, CRM_EDATA on a NUL byte, invalid
 * UTF-8, an unterminated quote, text after a closing quote, a quote inside
 * an unquoted field or a bare CR (message in crm_csv_errmsg).
 */
struct crm_csv;
crm_status crm_csv_open(FILE *in, struct crm_csv **out);
crm_status crm_csv_next(struct crm_csv *r, const char *const **fields, size_t *n);
/* The line on which the last record (or the error) started, from 1. */
int64_t crm_csv_line(const struct crm_csv *r);
const char *crm_csv_errmsg(const struct crm_csv *r);
void crm_csv_close(struct crm_csv *r);

/* Every client id in ascending order, streamed (for export). */
struct crm_id_iter;
crm_status crm_client_ids(struct crm_db *db, struct crm_id_iter **out);
crm_status crm_id_iter_next(struct crm_id_iter *it, int64_t *id);
void crm_id_iter_destroy(struct crm_id_iter *it);

/* ---- privacy: access requests ------------------------------------------ */

/*
 * The journal entries about a client (its own, its rows', any naming it
 * by client_id in their data) as a JSON array text, oldest first, each
 * {id, at, actor, action, entity, entity_id, data}. *json is malloc'd.
 */
crm_status crm_subject_journal(struct crm_db *db, int64_t client_id, char **json);

/* An erasure: the act of destruction of a client's personal data. */
struct crm_erasure {
	int64_t id;          /* the erasure record */
	int64_t at;
	const char *actor;   /* borrowed from the db */
	const char *reason;  /* borrowed from the caller */
	int64_t client_id;
	char *uuid;          /* the client's uuid: kept */
	char *counts;        /* JSON object: rows removed per kind, journal
			      * entries redacted */
	char *journal;       /* JSON array: the redacted journal entries, each
			      * {id, at, actor, action, entity, entity_id} */
};

/*
 * Erases a client's personal data, atomic: its rows and every row that
 * hangs on it (contacts, interactions, promises, incidents, next actions,
 * handovers, VIP rows), its full-text entries, and the data of the journal
 * entries about it (crm_subject_journal), which become {"erased":<erasure
 * id>} while the entries stay; keeps an erasure record and journals
 * client.erase. EINVAL bad reason, ENOTFOUND no such client. Release out
 * with crm_erasure_release. Then, after the commit, crm_db_scrub.
 */
crm_status crm_client_erase(struct crm_db *db, int64_t id, const char *reason,
			    struct crm_erasure *out);
void crm_erasure_release(struct crm_erasure *e);

/*
 * Checkpoints (TRUNCATE) and VACUUMs the base so that no deleted byte
 * remains in its files, then journals base.scrub naming the last erasure
 * it covers. Outside any transaction. EBUSY: another process held a read
 * transaction, so the checkpoint could not finish and erased data is still
 * in the files (run it again once nobody holds the base).
 */
crm_status crm_db_scrub(struct crm_db *db);

/* The newest erasure whose data may still be in the files, 0 if none. */
crm_status crm_scrub_pending(struct crm_db *db, int64_t *erasure_id);

/*
 * Where copies of erased data may remain: the before-restore copy of the
 * base if there is one, and each backup crm made (from the journal's
 * base.backup entries); exists says whether the file is still there.
 */
typedef void crm_copy_fn(void *data, const char *kind, const char *path, bool exists);
crm_status crm_erasure_copies(struct crm_db *db, crm_copy_fn *fn, void *data);

/* ---- audit ------------------------------------------------------------ */

/*
 * The audit revises the base against a registry of rules, each with a
 * stable id, a severity and thresholds read from the config keys
 * audit.<rule>.<param>. Rules judge the base as it stood at as_of: only
 * clients created, interactions logged and actions, promises and
 * incidents opened by then count, and those done, closed or resolved
 * later count as still open. Fields that keep only their latest value
 * (tier, status, stage, owner, contact verification) are taken as now.
 */

enum crm_severity {
	CRM_SEVERITY_INFO,
	CRM_SEVERITY_WARN,
	CRM_SEVERITY_ERROR,
};

/* "info", "warn", "error", indexed by enum crm_severity; NULL-terminated. */
extern const char *const crm_severities[];

struct crm_audit_rule {
	const char *id;              /* stable: "forgotten", "no-next-action", ... */
	enum crm_severity severity;
	const char *why;             /* what it finds and why it matters, one line */
	const char *const *keys;     /* its config keys, NULL-terminated (may be empty) */
	const char *needs;           /* NULL, or the feature it waits for: until it
				      * exists the rule reports nothing */
};

/* Every rule, in a fixed order; static storage. */
const struct crm_audit_rule *crm_audit_rules(size_t *n);
/* The rule with this id, or NULL. */
const struct crm_audit_rule *crm_audit_rule_find(const char *id);

enum crm_audit_order {
	CRM_AUDIT_ORDER_RULE,        /* rule by rule as found: the cheapest */
	CRM_AUDIT_ORDER_SEVERITY,    /* most severe first, then by owner, client */
	CRM_AUDIT_ORDER_OWNER,       /* by owner (none last), then most severe and
				      * oldest first: a digest per manager */
};

enum crm_audit_sort {
	CRM_AUDIT_SORT_WORST,        /* the lowest health or score first */
	CRM_AUDIT_SORT_NAME,
};

struct crm_audit_options {
	const char *const *rules;    /* rule ids to run; NULL: every rule */
	size_t nrules;
	int64_t owner_id;            /* 0: every owner */
	int64_t as_of;               /* 0: now */
	enum crm_severity min_severity;
	enum crm_audit_order order;  /* findings */
	enum crm_audit_sort sort;    /* client health and scorecards */
	int64_t limit;               /* client health: 0 all */
};

struct crm_audit_finding {
	const char *rule;
	enum crm_severity severity;
	int64_t client_id;           /* 0 for a finding about a manager (over-capacity) */
	const char *client;          /* NULL then */
	int64_t owner_id;            /* the client's owner (or the manager); 0 none */
	const char *owner;           /* NULL when none */
	const char *owner_email;     /* NULL when none */
	int64_t since;               /* when the problem began; 0 unknown */
	const char *detail;          /* what is wrong and what to do about it */
};

struct crm_audit_count {
	const char *rule;
	enum crm_severity severity;
	int64_t count;
};

struct crm_audit_iter;

/*
 * Runs the rules of o (every rule when o->rules is NULL) whose severity is
 * at least o->min_severity, and streams the findings in o->order. Memory
 * does not grow with the number of findings. Outside a transaction the
 * whole run reads one snapshot without taking the write lock.
 * EINVAL on an unknown rule id.
 */
crm_status crm_audit_query(struct crm_db *db, const struct crm_audit_options *o,
			   struct crm_audit_iter **out);
crm_status crm_audit_iter_next(struct crm_audit_iter *it, const struct crm_audit_finding **row);
/* The moment the audit judges (o->as_of, or now). */
int64_t crm_audit_iter_as_of(const struct crm_audit_iter *it);
/* Findings per rule run, in registry order (borrowed); complete once
 * _next returned CRM_DONE. */
const struct crm_audit_count *crm_audit_iter_counts(const struct crm_audit_iter *it, size_t *n);
void crm_audit_iter_destroy(struct crm_audit_iter *it);

/*
 * Stores the counts of a finished audit (its _next returned CRM_DONE) as a
 * saved run for the trend, in its own short write transaction (journaled
 * as audit.save). EINVAL when the audit is not finished.
 */
crm_status crm_audit_save(struct crm_db *db, const struct crm_audit_iter *it, int64_t *run_id);

/* A manager's scorecard; see crm-audit(1) for the score. */
struct crm_audit_scorecard {
	int64_t manager_id;
	const char *manager;
	const char *status;
	int64_t clients;             /* live clients: not lost, not farewell */
	int64_t capacity;
	int64_t forgotten;           /* clients the forgotten rule finds */
	int64_t forgotten_pct;       /* of clients, rounded */
	int64_t overdue_actions;     /* next actions past due */
	int64_t broken_promises;     /* open past due, or broken in the last year */
	int64_t open_conflicts;      /* conflicts and mishaps not resolved */
	int64_t repeat_rate;         /* % of ordering clients with 2+ orders; -1 none ordered */
	int64_t median_days;         /* since the last contact; -1 no clients */
	int64_t handovers_in;        /* handovers accepted in the 90 days to as_of */
	int64_t handovers_out;
	int64_t score;               /* 0..100 */
};

struct crm_audit_scorecard_iter;

/* One scorecard per manager (o->owner_id: that one), o->sort order. */
crm_status crm_audit_managers(struct crm_db *db, const struct crm_audit_options *o,
			      struct crm_audit_scorecard_iter **out);
crm_status crm_audit_scorecard_iter_next(struct crm_audit_scorecard_iter *it,
					 const struct crm_audit_scorecard **row);
void crm_audit_scorecard_iter_destroy(struct crm_audit_scorecard_iter *it);

/* Weights of the health score: 100 less these per rule tripped. */
#define CRM_HEALTH_ERROR 30
#define CRM_HEALTH_WARN 15
#define CRM_HEALTH_INFO 5

struct crm_audit_health {
	int64_t client_id;
	const char *client;
	const char *tier;
	const char *status;
	int64_t owner_id;            /* 0 none */
	const char *owner;
	int64_t health;              /* 0..100 */
	int64_t rules;               /* rules tripped */
	const char *reasons;         /* JSON array of their ids, most severe first */
};

struct crm_audit_health_iter;

/* The health of every live client (o->owner_id: of that owner's), from
 * the rules of o, in o->sort order, at most o->limit. */
crm_status crm_audit_clients(struct crm_db *db, const struct crm_audit_options *o,
			     struct crm_audit_health_iter **out);
crm_status crm_audit_health_iter_next(struct crm_audit_health_iter *it,
				      const struct crm_audit_health **row);
void crm_audit_health_iter_destroy(struct crm_audit_health_iter *it);

/* Saved runs. */
struct crm_audit_run {
	int64_t id;
	int64_t at;                  /* when it ran */
	int64_t as_of;
	const char *actor;
	int64_t owner_id;            /* 0: the whole base */
	const char *owner;
	int64_t findings;
	const char *counts;          /* JSON object {rule: count} */
};

struct crm_audit_trend {
	const char *rule;
	enum crm_severity severity;
	int64_t runs;                /* runs that counted the rule */
	const char *counts;          /* JSON array of its counts, oldest first */
	int64_t first, last;         /* the count in the oldest and in the newest */
	int64_t change;              /* last less the run before; 0 with one run */
	const char *trend;           /* "better", "worse" or "same": last against first */
};

struct crm_audit_run_iter;
struct crm_audit_trend_iter;

/* The last `last` runs (0: 10) of owner_id (0: whole-base runs), newest first. */
crm_status crm_audit_runs(struct crm_db *db, int64_t owner_id, int64_t last,
			  struct crm_audit_run_iter **out);
crm_status crm_audit_run_iter_next(struct crm_audit_run_iter *it, const struct crm_audit_run **row);
void crm_audit_run_iter_destroy(struct crm_audit_run_iter *it);

/* The trend of every rule counted in those runs, in registry order. */
crm_status crm_audit_history(struct crm_db *db, int64_t owner_id, int64_t last,
			     struct crm_audit_trend_iter **out);
crm_status crm_audit_trend_iter_next(struct crm_audit_trend_iter *it,
				     const struct crm_audit_trend **row);
void crm_audit_trend_iter_destroy(struct crm_audit_trend_iter *it);

/*
 * The statements a run of o executes, as a script for the sqlite3 shell:
 * .parameter lines with the values the run binds, then its statements
 * (one per rule in CRM_AUDIT_ORDER_RULE). For reading what a rule checks,
 * and for benchmarks. *out is malloc'd; the caller frees it.
 */
crm_status crm_audit_sql(struct crm_db *db, const struct crm_audit_options *o, char **out);

/* The key the duplicate rule compares names by: folded, without
 * punctuation, quotes, spaces and legal forms (ООО, LLC, ...). malloc'd. */
char *crm_audit_name_key(const char *name);

/* ---- handover ------------------------------------------------------- */

/*
 * Passing a client to another manager, in two stages: a handover starts
 * pending with a briefing and a dossier (the sheet frozen at that moment);
 * the client still belongs to the sender. Accepting it (by the receiver or
 * a head) moves the ownership, gives the new owner the next action and
 * makes the client notice due; declining or cancelling closes it with
 * nothing moved. Every change is journaled (entity "handover", entity_id
 * the handover, data with client_id, from, to and text) with its actor.
 */

/* The words of the handover enumerations; NULL-terminated. */
extern const char *const crm_handover_reasons[];  /* cannot-cope, conflict, client-request,
						      refresh, vacation, overload, monopoly,
						      leaving, vip-program */
extern const char *const crm_handover_statuses[]; /* pending, accepted, declined, cancelled */
extern const char *const crm_notice_channels[];   /* email, phone, letter, meeting */

struct crm_handover {
	int64_t id;
	int64_t client_id;
	const char *client;
	int64_t from_id;         /* the owner when it was created; 0 none */
	const char *from;        /* NULL when none */
	int64_t to_id;
	const char *to;
	const char *reason;
	const char *status;      /* crm_handover_statuses */
	const char *brief;
	const char *dossier;     /* JSON object text, frozen at creation */
	const char *next_text;   /* the receiver's first action */
	int64_t next_due;        /* its date */
	int64_t next_action_id;  /* the action made at acceptance; 0 before */
	const char *notify_via;  /* the planned channel of the notice; NULL */
	int64_t notice_due;      /* since when the notice is due (acceptance); 0 */
	int64_t notice_sent;     /* when it was recorded as sent; 0 */
	const char *notice_via;  /* how it went out; NULL */
	int64_t until;           /* temporary cover until this date; 0 permanent */
	int64_t return_of;       /* the temporary handover this one gives back; 0 */
	bool escalated;          /* a head talked to the client first */
	bool over_capacity;      /* created past the receiver's capacity on purpose */
	const char *created_by;
	int64_t created;
	int64_t decided;         /* accepted, declined or cancelled; 0 while pending */
	const char *decided_by;  /* NULL while pending */
	const char *why;         /* why declined or cancelled; NULL */
};

enum crm_handover_flags {
	CRM_HANDOVER_OVER_CAPACITY = 1u << 0, /* the receiver may go past the capacity */
	CRM_HANDOVER_ESCALATED = 1u << 1,     /* by a head who talked to the client */
};

struct crm_handover_input {
	int64_t client_id;
	int64_t to_id;
	const char *reason;      /* crm_handover_reasons */
	const char *brief;       /* at least handover.min_brief_chars characters */
	const char *next_text;
	int64_t next_due;        /* today or later */
	const char *notify_via;  /* crm_notice_channels, or NULL */
	int64_t until;           /* 0, or the last day of a temporary cover */
	int64_t return_of;       /* 0, or the temporary handover this one gives back */
	unsigned flags;          /* enum crm_handover_flags */
};

/*
 * Creates a pending handover, with its dossier, atomically and journaled
 * (handover.add). Refused with ECONFLICT, nothing written, when the client
 * said farewell or already has a pending handover; the receiver is the
 * owner, is not an active manager, or holds as many clients as the
 * capacity (clients not lost or said farewell, plus pending handovers to
 * them) without CRM_HANDOVER_OVER_CAPACITY; the briefing is shorter than
 * handover.min_brief_chars; the next due date or until is before today;
 * the client asked for a new manager handover.client_request_escalation
 * times (this one included) unless the actor is a head and sets
 * CRM_HANDOVER_ESCALATED (which only a head may set); return_of is not an
 * accepted temporary handover of this client to its owner.
 * EINVAL: bad reason or channel, text empty, too long or not UTF-8.
 * ENOTFOUND: no such client or manager.
 */
crm_status crm_handover_create(struct crm_db *db, const struct crm_handover_input *in,
			       int64_t *id);

/*
 * The state machine: pending -> accepted | declined | cancelled, final;
 * ECONFLICT when the handover is not pending, ENOTFOUND when there is none.
 * accept: by the receiver or a head (ECONFLICT otherwise, or when the
 * receiver is no longer active, or the client's owner is no longer the
 * sender). Moves the ownership (journaled as client.edit with the owner's
 * change), reassigns the client's open next actions of the sender (or of
 * nobody) to the receiver, adds the next action for the receiver (due on
 * the agreed date, or today when that passed) and makes the notice due.
 * decline: by the receiver or a head; why is required (EINVAL).
 * cancel: by the sender, whoever created it, or a head; why may be NULL.
 */
crm_status crm_handover_accept(struct crm_db *db, int64_t id);
crm_status crm_handover_decline(struct crm_db *db, int64_t id, const char *why);
crm_status crm_handover_cancel(struct crm_db *db, int64_t id, const char *why);

/*
 * Records that the client notice went out, via a channel (NULL: the
 * handover's notify_via, else none). ECONFLICT unless the handover is
 * accepted and its notice not yet recorded.
 */
crm_status crm_handover_notice_sent(struct crm_db *db, int64_t id, const char *via);

/*
 * The client notice of a pending or accepted handover (ECONFLICT for a
 * declined or cancelled one) from tmpl, or from the built-in template in
 * the language of handover.notice_language when tmpl is NULL.
 * Placeholders: {client} {contact} {manager} {phone} {email} {old_manager}
 * {next_date} {date} {handover}, and {{ }} for braces; a line holding a
 * placeholder without a value (a manager without a phone) is left out.
 * EDATA "template line N: unknown placeholder '{x}'"; *text is malloc'd.
 */
crm_status crm_handover_notice(struct crm_db *db, int64_t id, const char *tmpl, char **text);

/*
 * The dossier a handover of the client would freeze now: a JSON object
 * {brief, client, contacts (key), promises, incidents, next_actions (open),
 * interactions (the latest 10)}; brief may be NULL (then null).
 * *json is malloc'd. ENOTFOUND no such client.
 */
crm_status crm_handover_dossier(struct crm_db *db, int64_t client_id, const char *brief,
				char **json);

/* Handovers of the client with reason client-request, not cancelled. */
int64_t crm_handover_client_requests(struct crm_db *db, int64_t client_id);

struct crm_handover_filter {
	int64_t id;              /* one handover only, other members ignored */
	int64_t client_id;
	int64_t from_id;
	int64_t to_id;
	const char *status;      /* NULL: any */
	int64_t limit;           /* 0: all */
};

struct crm_handover_iter;

/* Newest first (by id). */
crm_status crm_handover_query(struct crm_db *db, const struct crm_handover_filter *f,
			      struct crm_handover_iter **out);
crm_status crm_handover_iter_next(struct crm_handover_iter *it, const struct crm_handover **row);
void crm_handover_iter_destroy(struct crm_handover_iter *it);

/*
 * A bulk plan: the live clients (not lost, not farewell) of from_id, or
 * for overload the clients over its capacity that fit it least, spread
 * over the other active managers by fit without putting anyone past the
 * capacity, never to a manager who had a conflict with the client. With
 * return_to set instead: the clients of that manager's accepted temporary
 * handovers that the cover still holds, given back (reason of the
 * original, return_of set). A client that cannot be placed is a row with
 * to_id 0 and the reason in why. With apply, every placed row becomes a
 * pending handover in one atomic step (journaled each), with the brief
 * (required: ECONFLICT when short), the next action (next_text, default
 * "introduce yourself to the client", due next_due, default in 3 days)
 * and until. EINVAL bad reason (vacation, leaving, overload); ENOTFOUND no
 * such manager. The progress callback gets ("handover plan", done, total).
 */
struct crm_plan_options {
	int64_t from_id;
	const char *reason;      /* vacation, leaving, overload */
	int64_t return_to;       /* plan --return: from_id and reason unused */
	int64_t until;
	const char *brief;
	const char *next_text;
	int64_t next_due;
	bool apply;
};

struct crm_plan_row {
	int64_t client_id;
	const char *client;
	int64_t from_id;
	const char *from;
	int64_t to_id;           /* 0: not placed */
	const char *to;
	int score;
	const char *why;         /* the reasons of the fit, or why not placed */
	int64_t handover_id;     /* after apply; 0 otherwise */
	int64_t return_of;
	int64_t until;
};

struct crm_plan;

crm_status crm_handover_plan(struct crm_db *db, const struct crm_plan_options *o,
			     struct crm_plan **out);
/* Rows in the order of placement (the most valuable clients first). */
size_t crm_plan_size(const struct crm_plan *p);
const struct crm_plan_row *crm_plan_row(const struct crm_plan *p, size_t i);
size_t crm_plan_unplaced(const struct crm_plan *p);
void crm_plan_destroy(struct crm_plan *p);

/*
 * Farewell: ends a relationship no longer worth keeping. The status
 * becomes farewell (journaled as client.status with the reason), open next
 * actions are closed (next.done with the reason), pending handovers are
 * cancelled. ECONFLICT when the client already said farewell, or has open
 * promises or a pending handover without CRM_FAREWELL_FORCE (the message
 * counts them). EINVAL bad reason text. res may be NULL.
 */
enum crm_farewell_flags {
	CRM_FAREWELL_FORCE = 1u << 0,
};

struct crm_farewell_result {
	const char *status_before;  /* static string */
	int64_t closed_actions;
	int64_t open_promises;      /* left open (with force) */
	int64_t cancelled_handovers;
};

crm_status crm_client_farewell(struct crm_db *db, int64_t client_id, const char *reason,
			       unsigned flags, struct crm_farewell_result *res);

/* The polite closing message, as crm_handover_notice does it: {client}
 * {contact} {manager} {phone} {email} {date}. */
crm_status crm_farewell_notice(struct crm_db *db, int64_t client_id, const char *tmpl,
			       char **text);

/* ---- fit between a manager and a client (handover, vip) -------------- */

/*
 * How well an active manager suits a client: shared interests and similar
 * characters attract, an energetic manager does not suit a reserved
 * client, a client needing patience or support gets a patient manager,
 * free capacity counts, a manager who handled the client before gains,
 * one who had a conflict with it ranks last. The rules are in core/fit.c
 * and crm-handover(1).
 */
struct crm_fit {
	int64_t manager_id;
	const char *manager;     /* borrowed from the array's storage */
	int score;               /* higher is better */
	int64_t load;            /* clients held now */
	int64_t capacity;
	bool over_capacity;      /* load >= capacity */
	const char *why;         /* "shared interests: fishing; load 12/40; ..." */
};

struct crm_fit_list {
	struct crm_fit *items;   /* best first */
	size_t n;
};

/* Ranks the active managers other than exclude_id (usually the owner; 0:
 * none) for the client. *out is the caller's: crm_fit_list_destroy. */
crm_status crm_fit_rank(struct crm_db *db, int64_t client_id, int64_t exclude_id,
			struct crm_fit_list **out);
void crm_fit_list_destroy(struct crm_fit_list *l);

/* ---- the VIP programme --------------------------------------------------- */

/*
 * A campaign that walks through every corporate client, and the key
 * private ones, to renew relations (DOMAIN.md "The VIP programme",
 * crm-vip(1)). One programme is active at a time. Its list holds one item
 * per client: company clients with status active or regular, plus private
 * clients of tier vip or key with status active or regular, narrowed by
 * tier or segment. crm_vip_assign gives each item a surveyor; a survey
 * marks it done. Every change is atomic and journaled (vip.program.start,
 * vip.program.close, vip.assign, vip.template.set, vip.survey, vip.draft).
 */

/* The words of the VIP enumerations; NULL-terminated. */
extern const char *const crm_vip_question_types[]; /* text, number, yesno, choice,
						      contacts, referrals */

struct crm_vip_program {
	int64_t id;
	const char *name;
	int64_t lead_id;
	const char *lead;
	const char *staff;       /* JSON array of the staff members' names */
	const char *tier;        /* the list narrowed to this tier; NULL: not */
	const char *segment;     /* the list narrowed to this segment; NULL: not */
	int64_t until;           /* the items' due date; 0 none */
	const char *status;      /* active, closed */
	const char *author;
	int64_t created;
	int64_t closed;          /* 0 while active */
	int64_t clients;         /* items on the list */
	int64_t assigned;        /* items with a surveyor */
	int64_t done;            /* items surveyed */
	int64_t overdue;         /* pending items past their due date (before today) */
};

struct crm_vip_program_input {
	const char *name;
	int64_t lead_id;
	const int64_t *staff;    /* manager ids; nstaff 0: every active manager */
	size_t nstaff;
	const char *tier;        /* NULL: every tier of the list */
	const char *segment;     /* NULL: every segment */
	int64_t until;           /* 0: none; else today or later */
};

struct crm_vip_program_iter;

/*
 * Starts a programme and builds its list. ECONFLICT while another one is
 * active, or when a staff member or the lead has left; ENOTFOUND no such
 * manager; EINVAL bad name, tier or a date before today. *clients (may be
 * NULL) gets the length of the list.
 */
crm_status crm_vip_program_start(struct crm_db *db, const struct crm_vip_program_input *in,
				 int64_t *id, int64_t *clients);
/*
 * Closes the active programme. ECONFLICT while items are pending unless
 * force (they stay pending: the report shows them); ENOTFOUND when no
 * programme is active. *pending (may be NULL) gets the count.
 */
crm_status crm_vip_program_close(struct crm_db *db, bool force, int64_t *id, int64_t *pending);
/* The active programme; ENOTFOUND (with a hint to start one) when none. */
crm_status crm_vip_program_active(struct crm_db *db, int64_t *id);
/* ref NULL: the active programme, else the newest; else an id or a unique
 * name or name prefix. ENOTFOUND, EAMBIGUOUS. */
crm_status crm_vip_program_resolve(struct crm_db *db, const char *ref, int64_t *id);
/* id 0: every programme, newest first. */
crm_status crm_vip_program_query(struct crm_db *db, int64_t id, struct crm_vip_program_iter **out);
crm_status crm_vip_program_iter_next(struct crm_vip_program_iter *it,
				     const struct crm_vip_program **row);
void crm_vip_program_iter_destroy(struct crm_vip_program_iter *it);

struct crm_vip_item {
	int64_t id;
	int64_t program_id;
	int64_t client_id;
	const char *client;
	const char *kind;
	const char *tier;
	const char *segment;     /* NULL */
	int64_t owner_id;        /* 0 none */
	const char *owner;
	bool monopolized;
	int64_t surveyor_id;     /* 0 until assigned */
	const char *surveyor;
	const char *status;      /* pending, done */
	const char *reason;      /* why this surveyor; NULL until assigned */
	int64_t due;             /* 0 none */
	int64_t done;            /* when surveyed; 0 while pending */
	int64_t survey_id;       /* 0 none */
};

struct crm_vip_item_filter {
	int64_t program_id;      /* required */
	int64_t surveyor_id;     /* 0: any */
	const char *status;      /* pending, done; NULL: any */
	int64_t client_id;       /* 0: any */
};

struct crm_vip_item_iter;

/* By surveyor (unassigned last), pending first, then due date and client. */
crm_status crm_vip_item_query(struct crm_db *db, const struct crm_vip_item_filter *f,
			      struct crm_vip_item_iter **out);
crm_status crm_vip_item_iter_next(struct crm_vip_item_iter *it, const struct crm_vip_item **row);
void crm_vip_item_iter_destroy(struct crm_vip_item_iter *it);

struct crm_vip_assignment {
	int64_t item_id;
	int64_t client_id;
	const char *client;
	int64_t owner_id;        /* 0 none */
	const char *owner;
	int64_t surveyor_id;
	const char *surveyor;
	bool kept;               /* the owner keeps the client */
	bool changed;            /* differs from the stored surveyor */
	const char *reason;      /* why, in words */
};

struct crm_vip_load {
	int64_t manager_id;
	const char *manager;
	int64_t items;           /* on the list after the plan, done ones included */
	int64_t kept;            /* of which the member's own clients */
	int64_t done;            /* already surveyed */
};

struct crm_vip_plan {
	struct crm_vip_assignment *items; /* the pending items, by client name */
	size_t n;
	struct crm_vip_load *loads;       /* one per staff member, by name */
	size_t nloads;
};

/*
 * Splits the pending items of the programme among its staff, balanced by
 * count (items already done count toward their surveyor's share). The
 * owner keeps a client only when relations are good: an interaction
 * within the client's contact frequency (else its tier's
 * audit.forgotten.days.*), no open conflict, no promise broken in the last
 * year or open past due, a key contact verified within a year. A client
 * flagged monopolised always goes to someone else. Every other client
 * goes to the staff member who fits best (crm_fit_rank) among those with
 * room in their share. With apply the plan is stored (journaled as
 * vip.assign); otherwise nothing is written. ECONFLICT without staff.
 * *out: crm_vip_plan_destroy.
 */
crm_status crm_vip_assign(struct crm_db *db, int64_t program_id, bool apply,
			  struct crm_vip_plan **out);
void crm_vip_plan_destroy(struct crm_vip_plan *p);

/*
 * Marks a client monopolised by its owner (the owner keeps colleagues
 * away): the VIP programme then always gives it to someone else. Only a
 * manager of role head may change it: ECONFLICT otherwise. Journaled as
 * client.monopolized when it changes; *changed (may be NULL) tells.
 */
crm_status crm_client_set_monopolized(struct crm_db *db, int64_t client_id, bool on,
				      bool *changed);

/*
 * The questionnaire. A template is a JSON object (crm-vip(1) documents
 * it): sections of typed questions, some with a quality pass rule or
 * marked as an opportunity. Version 1 is the built-in one, in the
 * language of vip.language (ru, en); crm_vip_template_set stores 2, 3, ...
 * and surveys keep the version they were taken with.
 */
/* version 0: the current one. *json is malloc'd, pretty-printed. */
crm_status crm_vip_template_get(struct crm_db *db, int64_t version, char **json,
				int64_t *version_out);
/* EDATA with the place of the first problem ("sections[1].questions[0].type: ..."). */
crm_status crm_vip_template_check(struct crm_db *db, const char *json);
crm_status crm_vip_template_set(struct crm_db *db, const char *json, int64_t *version);

/*
 * Checks answers (a JSON object keyed by question id) against the current
 * template for the client: EDATA on an unknown id, a wrong type or value,
 * a missing required answer. null and "" are no answer.
 */
crm_status crm_vip_answers_check(struct crm_db *db, const char *answers);

struct crm_vip_survey_input {
	int64_t client_id;
	const char *answers;     /* JSON object keyed by question id */
	int64_t at;              /* the meeting's date; 0: today; not after today */
	int64_t surveyor_id;     /* 0: the actor when a manager, else the item's surveyor */
};

struct crm_vip_effect {
	const char *kind;        /* survey, contact.add, contact.update, contact.verify,
				  * quality, incident, remedy, opportunity, referral,
				  * first-contact, interaction, item */
	int64_t ref_id;          /* the record made or changed; 0 none */
	const char *text;
};

struct crm_vip_survey_result {
	int64_t survey_id;
	int64_t item_id;         /* the programme item marked done; 0 none */
	const char *quality;     /* pass, fail; NULL when no rule could be checked */
	struct crm_vip_effect *effects;
	size_t neffects;
};

/*
 * Takes a survey, all in one transaction: stores the answers with the
 * template version, the surveyor and the date (and an interaction of kind
 * survey); adds or updates the key contacts answered and marks them
 * verified on the date; evaluates the quality rules: any failure opens an
 * incident of kind quality and a next action "technical work" for the
 * owner, due in vip.remedy_days; each opportunity answered becomes a next
 * action for the surveyor (due in vip.followup_days); each referral a new
 * prospect client (referred_by the client, owned by the surveyor) with a
 * next action "first contact"; the client's pending item of the active
 * programme is marked done and a draft of the client dropped.
 * EDATA bad answers; EINVAL a date after today; ENOTFOUND no client;
 * ECONFLICT nobody to record as the surveyor. *out:
 * crm_vip_survey_result_destroy.
 */
crm_status crm_vip_survey(struct crm_db *db, const struct crm_vip_survey_input *in,
			  struct crm_vip_survey_result **out);
void crm_vip_survey_result_destroy(struct crm_vip_survey_result *r);

/* The client's latest survey: *answers malloc'd; ENOTFOUND when none. */
crm_status crm_vip_survey_last(struct crm_db *db, int64_t client_id, char **answers,
			       int64_t *at, int64_t *version);

/* A survey left half-way, to resume. */
struct crm_vip_draft {
	int64_t client_id;
	int64_t version;         /* of the template */
	int64_t surveyor_id;     /* 0 none */
	int64_t at;              /* the meeting's date */
	char *answers;           /* JSON object, malloc'd */
	int64_t position;        /* the next question, counted from 0 */
	int64_t updated;
};

/* Stores (replaces) the client's draft; journaled as vip.draft. */
crm_status crm_vip_draft_save(struct crm_db *db, const struct crm_vip_draft *d);
/* ENOTFOUND when the client has none; release with crm_vip_draft_release. */
crm_status crm_vip_draft_load(struct crm_db *db, int64_t client_id, struct crm_vip_draft *d);
void crm_vip_draft_release(struct crm_vip_draft *d);

/*
 * The programme's report as one JSON object (malloc'd) with the sections
 * program, coverage, quality, referrals, opportunities and contacts
 * (crm-vip(1) OUTPUT).
 */
crm_status crm_vip_report(struct crm_db *db, int64_t program_id, char **json);

#ifdef __cplusplus
}
#endif
#endif
