/*
 * crm/journal.h: the append-only journal of every change.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_JOURNAL_H
#define CRM_CRM_JOURNAL_H

#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif
