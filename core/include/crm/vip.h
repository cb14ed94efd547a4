/*
 * crm/vip.h: the VIP programme: list, assignment, questionnaire, surveys.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_VIP_H
#define CRM_CRM_VIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

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
crm_status crm_vip_template_set(struct crm_db *db, const char *json, int64_t *version);

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

/* The client's latest survey (the latest meeting): *answers malloc'd, its
 * date, questionnaire version and id (id may be NULL); ENOTFOUND when none. */
crm_status crm_vip_survey_last(struct crm_db *db, int64_t client_id, char **answers,
			       int64_t *at, int64_t *version, int64_t *id);

/*
 * A completed survey read back: its record, and its answers section by
 * section in the order of the questionnaire version it was taken with.
 */
struct crm_vip_answer {
	int64_t number;          /* the question's number, counted from 1 through the questionnaire */
	const char *id;          /* the question's id */
	const char *question;
	const char *type;        /* crm_vip_question_types */
	const char *unit;        /* of a number question; NULL */
	bool required;
	const char *answer;      /* the answer as compact JSON (a text keeps its lines);
				  * NULL when not answered */
};

struct crm_vip_section {
	const char *id;
	const char *title;
	struct crm_vip_answer *questions;
	size_t nquestions;
};

struct crm_vip_survey_sheet {
	int64_t id;
	int64_t client_id;
	const char *client;
	int64_t program_id;      /* 0: taken outside a programme */
	const char *program;     /* NULL with program_id 0 */
	int64_t template_version;
	const char *language;    /* the questionnaire's (ru, en); NULL when it names none */
	int64_t surveyor_id;     /* 0: no manager */
	const char *surveyor;
	int64_t date;            /* of the meeting */
	const char *quality;     /* pass, fail; NULL: not checked */
	const char *failures;    /* JSON array of {"id", "text"}: the quality rules that failed */
	int64_t incident_id;     /* 0 none */
	int64_t remedy_id;       /* 0 none */
	int64_t interaction_id;  /* 0 none */
	const char *author;
	int64_t created;
	struct crm_vip_section *sections;
	size_t nsections;
};

/* ENOTFOUND: no survey with this id. *out: crm_vip_survey_sheet_destroy. */
crm_status crm_vip_survey_get(struct crm_db *db, int64_t id, struct crm_vip_survey_sheet **out);
void crm_vip_survey_sheet_destroy(struct crm_vip_survey_sheet *s);

/*
 * The questionnaire (version 0: the current one) as a form to print for
 * the meeting: a title, blanks for the client, the date and the
 * interviewer, the sections as headings, the questions numbered through
 * the form with room for the answers. CRM_VIP_FORM_TEXT fits 80 columns;
 * CRM_VIP_FORM_MD is Markdown for pandoc. The words of the form follow the
 * questionnaire's language, else vip.language. *text is malloc'd;
 * *language (may be NULL) gets "ru" or "en" (static).
 */
enum crm_vip_form_format { CRM_VIP_FORM_TEXT, CRM_VIP_FORM_MD };

crm_status crm_vip_template_form(struct crm_db *db, int64_t version,
				 enum crm_vip_form_format format, char **text,
				 int64_t *version_out, const char **language);

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
 * The programme's report (crm-vip(1) OUTPUT): the programme, its coverage
 * by surveyor, the quality of the surveys and what failed, the referrals,
 * the opportunities and the key contacts the surveys refreshed.
 */
struct crm_vip_coverage {
	int64_t manager_id;      /* 0: the items nobody surveys yet */
	const char *manager;     /* NULL with manager_id 0 */
	int64_t assigned, done, left, overdue;
};

struct crm_vip_failure {
	int64_t survey_id;
	int64_t client_id;
	const char *client;
	int64_t date;            /* of the survey */
	const char *failed;      /* JSON array of the ids of the questions that failed */
	int64_t incident_id;     /* 0 none */
	int64_t remedy_id;       /* the next action of technical work; 0 none */
	const char *remedy_assignee;
	int64_t remedy_due;      /* 0 none */
	const char *remedy_status;
	bool remedied;           /* the incident is resolved */
	int64_t remedied_on;     /* 0 unless remedied */
};

struct crm_vip_referral {
	int64_t client_id;       /* the new client */
	const char *client;
	const char *status;
	bool active;             /* status active or regular */
	int64_t referred_by_id;
	const char *referred_by;
	int64_t date;            /* of the survey */
};

struct crm_vip_opportunity {
	int64_t id;              /* the next action */
	int64_t client_id;
	const char *client;
	const char *text;
	int64_t assignee_id;     /* 0 none */
	const char *assignee;
	int64_t due;             /* 0 none */
	const char *status;
};

struct crm_vip_report {
	struct crm_vip_program program;
	struct crm_vip_coverage *coverage; /* by manager name; the unassigned last */
	size_t ncoverage;
	struct {
		int64_t surveys, passed, failed, unchecked, remedied, unremedied;
		struct crm_vip_failure *failures; /* oldest first */
		size_t nfailures;
	} quality;
	struct {
		int64_t active;
		struct crm_vip_referral *clients; /* as collected */
		size_t nclients;
	} referrals;
	struct {
		int64_t done;
		struct crm_vip_opportunity *actions; /* as created */
		size_t nactions;
	} opportunities;
	struct {
		int64_t refreshed, added, updated, confirmed, clients;
	} contacts;
};

/* *out: crm_vip_report_destroy. ENOTFOUND no such programme. */
crm_status crm_vip_report(struct crm_db *db, int64_t program_id, struct crm_vip_report **out);
void crm_vip_report_destroy(struct crm_vip_report *r);

#ifdef __cplusplus
}
#endif
#endif
