/*
 * crm/backup.h: backup, restore and check of the base.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_BACKUP_H
#define CRM_CRM_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 * Errors: ENOINPUT no file at path, or unreadable (a folder); EDB not a crm base or corrupt;
 * ESCHEMA written by a newer crm.
 */
crm_status crm_backup_verify(const char *path, int *version, struct crm_error *err);

/*
 * The restore of a base on a PostgreSQL server from an archive of crm
 * backup there (pg_dump's custom format): the archive is checked (crm's
 * schema, its version, *version), the base is first dumped to kept (which
 * must not exist), then pg_restore replaces the base's objects in one
 * transaction: all of it or nothing. dry_run stops after the checks.
 * Errors: ENOINPUT no file at from; EDB not such an archive, or a tool
 * failed (the message has its words); ESCHEMA another schema version;
 * EEXIST kept exists. The caller journals the restore with
 * crm_restore_server_record on a new connection to the restored base.
 */
crm_status crm_restore_server(struct crm_db *db, const char *from, const char *kept, bool dry_run,
			      int *version);
crm_status crm_restore_server_record(struct crm_db *db, const char *from, const char *kept,
				     int version);

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

#ifdef __cplusplus
}
#endif
#endif
