/*
 * crm/handover.h: handover of clients between managers, plans and farewell.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_HANDOVER_H
#define CRM_CRM_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

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
	int64_t superseded_by;   /* an accepted handover whose notice was never sent
				    and that this later accepted one replaced; 0 */
};

/*
 * The sections of a briefing, in order, as crm handover template heads
 * them ("== title =="), in Russian and English; NULL-terminated. A
 * briefing that keeps one of these headings must have every section, each
 * filled.
 */
#define CRM_BRIEF_SECTIONS 5
extern const char *const crm_brief_sections_ru[];
extern const char *const crm_brief_sections_en[];
/* Whether brief keeps a heading of the template ("== title ==" of either
 * language, case folded). */
bool crm_brief_has_headings(const char *brief);

enum crm_handover_flags {
	CRM_HANDOVER_OVER_CAPACITY = 1u << 0, /* the receiver may go past the capacity */
	CRM_HANDOVER_ESCALATED = 1u << 1,     /* by a head who talked to the client */
};

struct crm_handover_input {
	int64_t client_id;
	int64_t to_id;
	const char *reason;      /* crm_handover_reasons */
	const char *brief;       /* handover.min_brief_chars characters, handover.min_brief_words
				    distinct words, every section filled (see above) */
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
 * handover.min_brief_chars, has fewer than handover.min_brief_words
 * distinct words, or keeps the template's headings with a section missing
 * or empty; the next due date or until is before today; no contact of the
 * client can be told by notify_via (an email for email, a phone for
 * phone, a postal address for letter; with no channel an email or a
 * phone), unless notify_via is meeting; the client asked for a new
 * manager handover.client_request_escalation times (this one included),
 * or asked within 365 days to be rid of the receiver (a client-request
 * handover from it, not cancelled or declined), or the client is vip or
 * key and the receiver a trainee, unless the actor is a head and sets
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
 * the agreed date, or today when that passed) and makes the notice due;
 * the earlier accepted handovers of the client whose notice was not sent
 * get superseded_by this one (journaled as handover.supersede).
 * decline: by the receiver or a head; why is required (EINVAL).
 * cancel: by the sender, whoever created it, or a head; why may be NULL.
 */
crm_status crm_handover_accept(struct crm_db *db, int64_t id);
crm_status crm_handover_decline(struct crm_db *db, int64_t id, const char *why);
crm_status crm_handover_cancel(struct crm_db *db, int64_t id, const char *why);

/*
 * Records that the client notice went out, via a channel (NULL: the
 * handover's notify_via, else none). ECONFLICT unless the handover is
 * accepted, not superseded and its notice not yet recorded.
 */
crm_status crm_handover_notice_sent(struct crm_db *db, int64_t id, const char *via);

/*
 * The client notice of a pending or accepted handover (ECONFLICT for a
 * declined, cancelled or superseded one: the message names the current
 * handover) from tmpl, or from the built-in template in the language of
 * letters.language when tmpl is NULL. The manager is the client's
 * owner now (the receiver while pending), the contact its key contact
 * reachable by the channel. Placeholders: {client} {contact} {manager}
 * {phone} {email} {old_manager} {next_date} {date} {handover}, {trainee}
 * (the manager, when a trainee), {mentor} {mentor_phone} {mentor_email}
 * (a trainee's mentor), and {{ }} for braces; a line holding a placeholder
 * without a value (a manager without a phone) is left out.
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
 * The briefing skeleton of crm handover template: the headed sections in
 * the language of the base (base.language), and with client_id (0: none)
 * the facts of the sheet under them as '#' lines (key contacts, traits
 * and interests, open promises, open incidents, open next actions), which
 * the editor and a --brief-file drop. *text is malloc'd. ENOTFOUND.
 */
crm_status crm_handover_template(struct crm_db *db, int64_t client_id, char **text);

/*
 * A bulk plan: the live clients (not lost, not farewell) of from_id, or
 * for overload the clients over its capacity that fit it least, spread
 * over the other active managers by fit without putting anyone past the
 * capacity, never to a manager who had a conflict with the client, whom
 * the client asked to be rid of, or a trainee for a vip or key client;
 * a client nobody can tell (no contact with an email or phone) is not
 * placed. With
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

#ifdef __cplusplus
}
#endif
#endif
