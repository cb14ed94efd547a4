/*
 * crm/db.h: the base: open, close, actor, clock, transactions, progress.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_DB_H
#define CRM_CRM_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

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
/*
 * True when path names a base on a PostgreSQL server rather than a file: a
 * libpq URL (postgresql://host/db) or a connection string beginning with
 * service=, host= or dbname=. crm_db_open connects to it (passwords come
 * from ~/.pgpass or the service file) and CRM_OPEN_CREATE creates crm's
 * schema in an empty database.
 */
bool crm_db_on_server(const char *path);
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
/* Today in the team's zone (crm_local_today of crm_db_now), as a date. */
int64_t crm_db_today(const struct crm_db *db);

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

#ifdef __cplusplus
}
#endif
#endif
