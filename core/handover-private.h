/*
 * handover-private.h: what the files of the handover share (handover.c,
 * handover-plan.c, handover-notice.c, farewell.c) and nothing else sees.
 */
#ifndef CRM_HANDOVER_PRIVATE_H
#define CRM_HANDOVER_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "crm-private.h"

static inline char *date_str(int64_t t, char *buf, size_t n)
{
	return crm_date_format(t, buf, n);
}

/* "SELECT id FROM handover ...": the pending handover of client ?1. */
extern const char crmi_sql_handover_pending_of[];

/* The first column of sql's first row with ?1 = arg; 0 when none. */
/* Whether the texts crm writes into the base are Russian (base.language):
 * the journal's summaries of handovers, which the timeline shows. */
static inline bool base_ru(struct crm_db *db)
{
	return strcmp(crmi_base_text(db, "en", "ru"), "ru") == 0;
}

int64_t crmi_handover_one_int(struct crm_db *db, const char *sql, int64_t arg, crm_status *s);

/* A client as a handover sees it. */
struct crmi_client_state {
	char *name;
	int64_t owner_id;
	char *owner;
	char status[16];
};
crm_status crmi_client_state_read(struct crm_db *db, int64_t id, struct crmi_client_state *c);
void crmi_client_state_release(struct crmi_client_state *c);

/* What a plan has checked already, so that creating its handovers one by
 * one does not count every receiver's clients again. */
struct crmi_handover_create_ctx {
	bool capacity_checked;
	int64_t min_brief;       /* 0: read the config */
	int64_t min_words;       /* 0: read the config */
};

/* The checks of create that a plan makes once for all its handovers. */
crm_status crmi_handover_check_brief(struct crm_db *db, const char *brief, int64_t min_chars,
				     int64_t min_words);
/* The distinct words of text, folded. */
size_t crmi_brief_distinct_words(const char *text);

/* Why nobody of the client can be told by channel (NULL: any but a
 * meeting), as the refusal's text into buf; "" when someone can. */
crm_status crmi_handover_reachable(struct crm_db *db, int64_t client_id, const char *channel,
				   char *buf, size_t n);

/* The refusal of a superseded handover's notice, naming the current one. */
crm_status crmi_handover_superseded(struct crm_db *db, int64_t id, int64_t client_id,
				    int64_t by);

crm_status crmi_handover_check_dates(struct crm_db *db, const struct crm_handover_input *in);

/* Create, cancel (any: whoever asks) inside the caller's atomic step. */
crm_status crmi_handover_create_locked(struct crm_db *db, const struct crm_handover_input *in,
				       const struct crmi_handover_create_ctx *cx, int64_t *id);
crm_status crmi_handover_cancel_locked(struct crm_db *db, int64_t id, const char *why,
				       bool any);

#endif
