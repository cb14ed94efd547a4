/*
 * crm/sheet.h: what the client sheet shares: enumerations, limits, list edits.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_SHEET_H
#define CRM_CRM_SHEET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Enumerations are stored and shown as these words; core checks every
 * input against them (EINVAL with the list in the message).
 * NULL-terminated.
 */
extern const char *const crm_client_kinds[];     /* company, person */
extern const char *const crm_client_tiers[];     /* vip, key, regular */
extern const char *const crm_client_statuses[];  /* prospect, active, regular, lost, farewell */
extern const char *const crm_client_stages[];    /* courtship, sale, honeymoon, storm, normalization, support */
extern const char *const crm_manager_roles[];    /* manager, head */
extern const char *const crm_manager_statuses[]; /* active, vacation, left */
extern const char *const crm_interaction_kinds[];/* call, meeting, email, order, complaint, feedback, conflict, note */
extern const char *const crm_promise_kinds[];    /* promise, guarantee, discount, doubt, risk */
extern const char *const crm_incident_kinds[];   /* misunderstanding, mishap, conflict, quality */

/* Limits on text: names 1..200 characters, other text 1..10000. */
#define CRM_NAME_MAX 200
#define CRM_TEXT_MAX 10000

/* Adds to and removes from a list field (traits, interests, tags). */
struct crm_list_edit {
	const char *const *add;
	size_t nadd;
	const char *const *remove;
	size_t nremove;
};

#ifdef __cplusplus
}
#endif
#endif
