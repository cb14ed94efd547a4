/*
 * crm/import.h: import and export of clients.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_IMPORT_H
#define CRM_CRM_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif
