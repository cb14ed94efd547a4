/*
 * crm/client.h: clients and full-text search.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_CLIENT_H
#define CRM_CRM_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/db.h"
#include "crm/sheet.h"

#ifdef __cplusplus
extern "C" {
#endif

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
	const char *source;      /* the channel it came from; NULL when none */
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
	const char *source;      /* the channel it came from (one line); "" clears (edit) */
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
	const char *source;      /* clients of this source only */
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
/* Every client id in ascending order, streamed (export). */
struct crm_id_iter;
crm_status crm_client_ids(struct crm_db *db, struct crm_id_iter **out);
crm_status crm_id_iter_next(struct crm_id_iter *it, int64_t *id);
void crm_id_iter_destroy(struct crm_id_iter *it);

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

#ifdef __cplusplus
}
#endif
#endif
