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
 * Amounts are integer cents. crm_money_parse accepts "1234", "1234.5",
 * "1234.56", "-3", "1 234,50" (spaces and a decimal comma); more than two
 * decimals or an overflow is EINVAL. crm_money_format writes "1234.50".
 */
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
	int64_t limit;       /* 0: no limit */
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

#ifdef __cplusplus
}
#endif
#endif
