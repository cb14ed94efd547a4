/*
 * crm/privacy.h: access requests and erasure of personal data.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_PRIVACY_H
#define CRM_CRM_PRIVACY_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif
